"""Incremental rebuild: full ``dvc repro`` of N documents vs. ``wenku add`` one more + ``dvc repro``.

Documents are cut from the odd-numbered records (0-based numbers 1, 3, 5, ...) of
``clean_text/*/*.jsonl`` — the half the character model was not counted on — into pieces
of realistic sizes (300 to 6,000 characters, whole paragraphs, fixed seed), 1 in 8 saved
as GB18030. When the text runs out, later passes cut it at other places and number the
pieces, so every file is distinct (and some paragraphs recur, as in real archives).

The run, in a temporary copy of the project (workers from params.yaml):
1. full build: ``dvc repro`` on N documents (plus the 5 samples);
2. incremental: ``wenku add`` one new document, ``dvc repro``;
3. check: delete interim/ and processed/, ``dvc repro --force`` from scratch, compare every
   published file and reports/corpus.json byte for byte with step 2's.

    python benchmarks/incremental.py --docs 1500 [--external PATH] [--keep]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import copy_project, run  # noqa: E402  (the tests' project copy)


def default_external() -> Path:
    candidate = ROOT.parent / "shared" / "external"
    return candidate if candidate.exists() else Path("/work/shared/external")


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


def timed(cmd: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = run(cmd, cwd)
    return time.perf_counter() - start, result.stdout


def stage_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "documents (" in line or line.startswith("publish:")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1500)
    parser.add_argument("--external", type=Path, default=default_external())
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="wenku-incremental-"))
    project = copy_project(work / "project")
    generated = documents(args.external, args.docs + 1)
    bench = project / "raw" / "bench"
    bench.mkdir()
    for _ in range(args.docs):
        name, data = next(generated)
        (bench / name).write_bytes(data)
    extra_name, extra = next(generated)
    extra_file = work / extra_name
    extra_file.write_bytes(extra)

    full, _ = timed(["dvc", "repro", "-q"], project)
    add, _ = timed(["wenku", "add", str(extra_file), "--title", "benchmark addition"], project)
    incremental, output = timed(["dvc", "repro"], project)
    after_add = digests(project)
    shutil.rmtree(project / "interim")
    shutil.rmtree(project / "processed")
    scratch, _ = timed(["dvc", "repro", "--force", "-q"], project)
    identical = digests(project) == after_add

    total = args.docs + 5
    print(f"\n| corpus | full build | wenku add | add + dvc repro | ratio | from-scratch rebuild | byte-identical |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {total:,} → {total + 1:,} documents | {full:.1f} s | {add:.2f} s | {incremental:.1f} s "
        f"| {(add + incremental) / full:.1%} | {scratch:.1f} s | {'yes' if identical else 'NO'} |"
    )
    print("\nincremental dvc repro, per stage:")
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
