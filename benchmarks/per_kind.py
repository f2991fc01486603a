"""Speed of each stage's pure function on each kind of document of the benchmark corpus.

``python benchmarks/per_kind.py --mb 20`` builds (or reuses) the corpus of
``benchmarks/corpus.py`` and times decode, repair, convert and segment, one core, no I/O,
on up to ``--docs`` documents of each kind, after a warm-up on a few of each (tables and
models load once). It prints MB (raw bytes) per CPU second: whether clean text passes the
cheap gates, and which kind of damage costs what.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from corpus import KINDS, build  # noqa: E402
from pipeline.convert import convert_text  # noqa: E402
from pipeline.decode.detect import decode_bytes  # noqa: E402
from pipeline.repair import repair_text  # noqa: E402
from pipeline.segment import segment_text  # noqa: E402

STEPS = (
    ("decode", decode_bytes, lambda r: r.text),
    ("repair", repair_text, lambda r: r[0]),
    ("convert", convert_text, lambda r: r.text),
    ("segment", segment_text, lambda r: None),
)


def measure(raws: list[bytes]) -> dict[str, float]:
    """CPU seconds of each step over ``raws``, each step fed the previous one's output."""
    seconds, values = {}, raws
    for name, fn, output in STEPS:
        start = time.process_time()
        results = [fn(v) for v in values]
        seconds[name] = time.process_time() - start
        values = [output(r) for r in results]
        values = [v for v in values if v is not None]
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--docs", type=int, default=60, help="documents per kind")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wenku-bench")
    parser.add_argument("--external", type=Path, default=None)
    args = parser.parse_args()
    folder = args.work / f"corpus-{args.mb:g}mb-seed{args.seed}"
    if not (folder / "DONE").exists():
        build(args.mb, folder, args.seed, args.external)
        (folder / "DONE").write_text("ok\n")
    files = {kind: sorted((folder / "raw" / kind).rglob("*.txt")) for kind in KINDS}
    measure([p.read_bytes() for paths in files.values() for p in paths[:3]])  # warm-up
    print(f"| {'kind':12s} | {'MB':>5s} | " + " | ".join(f"{name:>8s}" for name, _, _ in STEPS) + " |  (MB per CPU second)")
    print(f"|{'-' * 14}|{'-' * 6}:|" + "|".join("-" * 9 + ":" for _ in STEPS) + "|")
    for kind, paths in files.items():
        raws = [p.read_bytes() for p in paths[: args.docs]]
        if not raws:
            continue
        mb = sum(map(len, raws)) / 1e6
        seconds = measure(raws)
        print(f"| {kind:12s} | {mb:5.2f} | " + " | ".join(f"{mb / max(s, 1e-9):8.1f}" for s in seconds.values()) + " |")


if __name__ == "__main__":
    main()
