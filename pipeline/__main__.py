"""``python -m pipeline`` is the ``wenku`` command."""

from pipeline.cli import main

main()
