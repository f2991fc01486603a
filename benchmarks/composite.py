"""The off-the-shelf composite wenku is measured against.

What a user would assemble from the field's libraries, one document at a time:
charset-normalizer's best guess -> ftfy ``fix_text`` with a Chinese-safe config (no width
fix, no quote uncurling: both would rewrite Chinese punctuation) -> OpenCC ``t2s`` ->
split on blank lines. It runs in ``workers`` processes over the same files, like wenku,
and writes nothing (wenku also writes Parquet, so this favours the composite).

``python benchmarks/composite.py RAW_DIR --workers 2`` prints one JSON line: documents,
paragraphs, seconds and the CPU seconds each step took, summed over workers.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from pathlib import Path

STEPS = ("read", "charset_normalizer", "ftfy", "opencc", "split")
_STATE: dict = {}


def _init() -> None:
    import ftfy
    import opencc

    _STATE["config"] = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False, explain=False)
    _STATE["opencc"] = opencc.OpenCC("t2s")


def process(path: Path) -> tuple[int, list[float]]:
    """One document through the composite; returns its paragraph count and step times.

    >>> _init(); import tempfile; p = Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes("漢字&amp;\\n\\n第二段".encode("big5"))
    >>> process(p)[0]
    2
    """
    import ftfy
    from charset_normalizer import from_bytes

    clock = [time.perf_counter()]
    raw = path.read_bytes()
    clock.append(time.perf_counter())
    best = from_bytes(raw).best()
    text = str(best) if best is not None else raw.decode("utf-8", errors="replace")
    clock.append(time.perf_counter())
    text = ftfy.fix_text(text, _STATE["config"])
    clock.append(time.perf_counter())
    text = _STATE["opencc"].convert(text)
    clock.append(time.perf_counter())
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    clock.append(time.perf_counter())
    return len(paragraphs), [b - a for a, b in zip(clock, clock[1:])]


def run(raw: Path, workers: int) -> dict:
    """Run the composite over every file under ``raw``."""
    paths = sorted(p for p in raw.rglob("*") if p.is_file())
    start = time.perf_counter()
    totals = [0.0] * len(STEPS)
    paragraphs = 0
    with multiprocessing.get_context("fork").Pool(workers, initializer=_init) as pool:
        for count, times in pool.imap_unordered(process, paths, chunksize=8):
            paragraphs += count
            totals = [a + b for a, b in zip(totals, times)]
    return {
        "documents": len(paths),
        "paragraphs": paragraphs,
        "seconds": time.perf_counter() - start,
        "step_cpu_seconds": dict(zip(STEPS, totals)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args()
    print(json.dumps(run(args.raw, args.workers)))


if __name__ == "__main__":
    main()
