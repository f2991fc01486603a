"""What the benchmark scripts share: where the repository and the larger test data are.

Benchmarks read data that is not in the repository (``../shared/external``: encoding
corpora, OpenCC cases, clean text). Each script takes ``--external PATH`` and defaults to
:func:`default_external`.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FALLBACK_EXTERNAL = Path("/work/shared/external")


def default_external() -> Path:
    """``../shared/external`` beside the repository, else ``/work/shared/external``."""
    beside = ROOT.parent / "shared" / "external"
    return beside if beside.exists() else FALLBACK_EXTERNAL
