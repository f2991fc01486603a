"""``python -m pipeline`` is the ``wenku`` command; ``python -m pipeline stage ...`` (what
dvc.yaml runs) goes straight to :mod:`pipeline.stage_cli`, without typer's start-up."""

import sys

if sys.argv[1:2] == ["stage"]:
    from pipeline.stage_cli import main as stage_main

    sys.exit(stage_main(sys.argv[2:]))

from pipeline.cli import main

main()
