"""Build ``pipeline/core/data/script_tables.txt``: the Traditional-only and Simplified-only
characters of ``pipeline.core.script``, for the installed OpenCC version.

Computing them loads and frees four OpenCC configurations (about 0.7 CPU-seconds in every
process that detects a script); the shipped file is read in milliseconds when its OpenCC
version is the installed one, and ``tests/test_convert.py`` checks that it equals what the
installed OpenCC gives. Rebuild after upgrading OpenCC:

    python benchmarks/build_script_tables.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.core.script import compute_script_tables, write_script_tables  # noqa: E402

if __name__ == "__main__":
    path = write_script_tables()
    trad, simp = compute_script_tables()
    print(f"{path.relative_to(ROOT)}: {len(trad)} Traditional-only, {len(simp)} Simplified-only characters")
