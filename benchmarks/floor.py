"""The fastest any runner could make wenku: the stages' pure functions alone, in parallel.

``python benchmarks/floor.py --mb 50`` takes the corpus of ``benchmarks/corpus.py`` (the
one ``throughput.py`` uses) and runs, per document, in ``--workers`` processes, decode ->
repair -> convert -> segment exactly as the stages call them, with their default params
(those of ``params.yaml``): the raw bytes in, the blocks and edits out as Python objects. Nothing is read back, converted to Arrow, handed between
stages, cached, published or written. It then runs the composite (``composite.py``) on
the same files, alternating ``--repeats`` times, and ends with one line::

    floor: pure functions X MB/s (C CPU-s), composite Y MB/s, best possible ratio Z

``Z`` bounds what any change to the runners, the file formats or DVC could reach: the
pipeline does all of this and publishes too. Only faster stage functions raise it; the
line before it says which function takes how much (CPU seconds, summed over workers).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import composite  # noqa: E402
from per_kind import STEPS  # noqa: E402
from throughput import corpus, measure  # noqa: E402


STAGES = tuple(name for name, _, _ in STEPS)


def _document(path: Path) -> list[float]:
    """One file through the four pure functions (each fed the previous one's output, as in
    ``per_kind.py``); returns the CPU seconds of each."""
    value, times = path.read_bytes(), []
    for _, fn, output in STEPS:
        start = time.process_time()
        if value is not None:  # a rejected file stops after decode
            value = output(fn(value))
        times.append(time.process_time() - start)
    return times


def _warm(paths: list[Path]) -> None:
    """Load the stages' tables and models once, before the workers fork (as the runner
    does): one document of each kind folder, in this process."""
    for folder in sorted({p.parent for p in paths}):
        _document(next(p for p in paths if p.parent == folder))


def run_floor(raw: Path, workers: int) -> tuple[float, float, list[float]]:
    """(wall seconds, CPU seconds, CPU seconds of each stage's function) of the pure
    functions over every file under ``raw``."""
    paths = sorted(p for p in raw.rglob("*") if p.is_file())
    cpu = time.process_time()
    children = os.times()
    start = time.perf_counter()
    _warm(paths)
    per_stage = [0.0] * len(STAGES)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for times in pool.imap_unordered(_document, paths, chunksize=4):
            per_stage = [a + b for a, b in zip(per_stage, times)]
    seconds = time.perf_counter() - start
    after = os.times()
    worker_cpu = (after.children_user + after.children_system) - (children.children_user + children.children_system)
    return seconds, time.process_time() - cpu + worker_cpu, per_stage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wenku-bench")
    parser.add_argument("--external", type=Path, default=None, help="folder holding clean_text/ (default ../shared/external)")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each side, alternating; medians reported")
    args = parser.parse_args()
    raw = corpus(args.work, args.mb, args.seed, args.external)
    mb = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) / 1e6
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    floors, composites = [], []
    for _ in range(max(1, args.repeats)):
        floors.append(run_floor(raw, args.workers))
        cmd = [sys.executable, str(Path(composite.__file__)), str(raw), "--workers", str(args.workers)]
        composites.append(measure(cmd, ROOT, env)[0])
    seconds = statistics.median(s for s, _, _ in floors)
    cpu = statistics.median(c for _, c, _ in floors)
    comp = statistics.median(composites)
    print(f"corpus: {mb:.1f} MB, {args.workers} workers; runs (seconds): pure functions "
          + ", ".join(f"{s:.2f}" for s, _, _ in floors) + "; composite " + ", ".join(f"{s:.2f}" for s in composites))
    stage_cpu = [statistics.median(f[2][k] for f in floors) for k in range(len(STAGES))]
    print("CPU-s of each function (median): " + ", ".join(f"{name} {c:.2f}" for name, c in zip(STAGES, stage_cpu)))
    print(f"floor: pure functions {mb / seconds:.2f} MB/s ({cpu:.1f} CPU-s), composite {mb / comp:.2f} MB/s, "
          f"best possible ratio {comp / seconds:.2f}")


if __name__ == "__main__":
    main()
