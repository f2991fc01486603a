"""Incremental rebuild: full ``dvc repro`` of N documents vs. ``wenku add`` one more + ``dvc repro``.

Documents are cut from the odd-numbered records (0-based numbers 1, 3, 5, ...) of
``clean_text/*/*.jsonl`` — the half the character model was not counted on — into pieces
of realistic sizes (300 to 6,000 characters, whole paragraphs, fixed seed), 1 in 8 saved
as GB18030. When the text runs out, later passes cut it at other places and number the
pieces, so every file is distinct (and some paragraphs recur, as in real archives).

The run, in a temporary copy of the project (workers from params.yaml):
1. full build: ``dvc repro`` on N documents (plus the 5 samples);
2. incremental: ``wenku add`` one new document, ``dvc repro`` (``--repeats`` times, one
   document each; the median is reported), wall and CPU time (all processes);
3. the fixed cost (``--repeats`` times, median): ``dvc repro`` with nothing changed (DVC's
   checks alone), and ``dvc repro --force`` (every stage's process runs and reuses every
   document: what an addition costs even when no document needs work);
4. check: delete interim/ and processed/, ``dvc repro --force`` from scratch, compare every
   published file and reports/corpus.json byte for byte with step 2's.

    python benchmarks/incremental.py --docs 1500 [--repeats 3] [--external PATH] [--keep]

Six jobs share two cores on the machine these numbers were measured on, so wall times are
pessimistic and noisy; CPU time is steadier, and ratios within one run are fair.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import statistics
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import copy_project, run  # noqa: E402  (the tests' project copy)
from common import default_external  # noqa: E402



def held_out_texts(external: Path) -> list[str]:
    texts = []
    for path in sorted((external / "clean_text").rglob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if number % 2 == 1:
                    record = json.loads(line)
                    texts.append(f"{record.get('title') or ''}\n\n{record['content']}")
    return texts


def documents(external: Path, count: int, seed: int = 7):
    """Yield ``count`` (name, bytes) documents."""
    rng = random.Random(seed)
    paragraphs = [p for text in held_out_texts(external) for p in text.split("\n") if p.strip()]
    made, rounds = 0, 0
    while made < count:
        start = rng.randrange(len(paragraphs)) if rounds else 0
        i = start
        while made < count and i < len(paragraphs):
            size = int(min(6000, max(300, rng.lognormvariate(7.3, 0.7))))
            piece, length = [], 0
            while i < len(paragraphs) and length < size:
                piece.append(paragraphs[i])
                length += len(paragraphs[i])
                i += 1
            header = f"（第{rounds + 1}辑 第{made + 1}篇）\n\n" if rounds else ""
            text = header + "\n\n".join(piece) + "\n"
            codec = "gb18030" if rng.random() < 0.125 else "utf-8"
            yield f"doc_{made:06d}.txt", text.encode(codec, errors="replace")
            made += 1
        rounds += 1


def digests(project: Path) -> dict[str, str]:
    files = sorted((project / "processed").rglob("*.parquet")) + [project / "reports" / "corpus.json"]
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the command and its children, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = run(cmd, cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout


def stage_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "documents (" in line or line.startswith("publish:")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1500)
    parser.add_argument("--external", type=Path, default=default_external())
    parser.add_argument("--repeats", type=int, default=3, help="documents to add one at a time")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="wenku-incremental-"))
    project = copy_project(work / "project")
    generated = documents(args.external, args.docs + args.repeats)
    bench = project / "raw" / "bench"
    bench.mkdir()
    for _ in range(args.docs):
        name, data = next(generated)
        (bench / name).write_bytes(data)

    full = timed(["dvc", "repro", "-q"], project)
    steps = []  # (wall, cpu) of wenku add + dvc repro, one new document each
    for n in range(args.repeats):
        name, data = next(generated)
        extra = work / name
        extra.write_bytes(data)
        add = timed(["wenku", "add", str(extra), "--title", f"benchmark addition {n + 1}"], project)
        repro = timed(["dvc", "repro"], project)
        steps.append((add[0] + repro[0], add[1] + repro[1]))
        output = repro[2]
    after_add = digests(project)
    floors = {  # (wall, cpu) medians: DVC's checks alone; every stage run with nothing to do
        "`dvc repro`, nothing changed": [timed(["dvc", "repro", "-q"], project)[:2] for _ in range(args.repeats)],
        "`dvc repro --force`, nothing to process": [timed(["dvc", "repro", "--force", "-q"], project)[:2] for _ in range(args.repeats)],
    }
    if digests(project) != after_add:
        sys.exit("a run with nothing to process changed the outputs")
    shutil.rmtree(project / "interim")
    shutil.rmtree(project / "processed")
    scratch = timed(["dvc", "repro", "--force", "-q"], project)
    identical = digests(project) == after_add

    wall = statistics.median(w for w, _ in steps)
    cpu = statistics.median(c for _, c in steps)
    total = args.docs + 5
    print(f"\n{total:,} documents (+{args.repeats} added one at a time); median of the {args.repeats} additions")
    print("\n| | full build | wenku add + dvc repro | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| wall | {full[0]:.1f} s | {wall:.1f} s | {wall / full[0]:.1%} |")
    print(f"| CPU (all processes) | {full[1]:.1f} s | {cpu:.1f} s | {cpu / full[1]:.1%} |")
    print("\nfixed cost, without wenku add (median of the same number of runs):")
    print("\n| | wall | of the full build | CPU | of the full build |")
    print("|---|---:|---:|---:|---:|")
    for label, runs in floors.items():
        w, c = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        print(f"| {label} | {w:.1f} s | {w / full[0]:.1%} | {c:.1f} s | {c / full[1]:.1%} |")
    print(f"\nfrom-scratch rebuild: {scratch[0]:.1f} s wall; byte-identical to the incremental result: {'yes' if identical else 'NO'}")
    print("\nlast incremental dvc repro, per stage:")
    for line in stage_lines(output):
        print("  " + line)
    if args.keep:
        print(f"\nproject kept at {project}")
    else:
        shutil.rmtree(work)
    if not identical:
        sys.exit("outputs differ from a from-scratch rebuild")


if __name__ == "__main__":
    main()
