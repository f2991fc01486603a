"""Character error rate of mojibake repair, per kind, wenku vs ftfy, plus the real cases.

    python benchmarks/repair_quality.py --external /work/shared/external [--docs 20]

Prints one table: kind x scope -> CER before, after wenku, after ftfy (default
``fix_text``), n; then the in-the-wild CPython files (exact match with ground truth), the
ftfy CJK cases, and zero-edit/throughput on all clean text (every record, 6 MB).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ftfy  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from benchmarks.mojibake_corpus import KINDS, cases, external_dir  # noqa: E402
from pipeline.repair import repair_text  # noqa: E402


def cer(ref: str, hyp: str) -> float:
    """Character error rate: edit distance over the reference length."""
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))


def generated_table(external: Path, n_docs: int) -> None:
    rows: dict = {}
    for kind, scope, clean, bad in cases(external, n_docs=n_docs):
        row = rows.setdefault((kind, scope), [0.0, 0.0, 0.0, 0, 0])
        row[0] += cer(clean, bad)
        row[1] += cer(clean, repair_text(bad)[0])
        row[2] += cer(clean, ftfy.fix_text(bad))
        row[3] += 1
        row[4] += len(clean)
    print(f"{'kind':16} {'scope':9} {'lossless':8} {'CER before':>10} {'wenku':>8} {'ftfy':>8} {'n':>4}")
    for (kind, scope), (before, after, ff, n, _) in rows.items():
        print(f"{kind:16} {scope:9} {str(KINDS[kind][1]):8} {before / n:10.4f} {after / n:8.4f} {ff / n:8.4f} {n:4}")


def in_the_wild(external: Path) -> None:
    base = external / "inthewild_cpython_cjkencodings"
    print("\nin-the-wild CPython cjkencodings (wenku == ground truth; CER before -> after; damage flags)")
    for folder in ("cherthon_latin1_mojibake", "bot-wraith_utf8_replacement_lossy"):
        for bad in sorted((base / folder).glob("*.txt")):
            if bad.name.endswith("-utf8.txt"):
                continue
            truth = (base / folder / bad.name.replace(".txt", "-utf8.txt")).read_bytes().decode("utf-8")
            text = bad.read_bytes().decode("utf-8", errors="replace")
            if folder.startswith("bot"):
                truth, text = truth.replace("\r\n", "\n"), text.replace("\r\n", "\n")
            fixed, edits = repair_text(text)
            damage = sum(e.damage for e in edits)
            print(f"  {folder[:9]:9} {bad.name:14} identical={fixed == truth!s:5} CER {cer(truth, text):.3f} -> {cer(truth, fixed):.3f}"
                  f"  ftfy {cer(truth, ftfy.fix_text(text)):.3f}  damage={damage}")


def ftfy_cases(external: Path) -> None:
    cases_ = json.loads((external / "ftfy" / "ftfy_cjk_cases.json").read_text(encoding="utf-8"))
    ok = sum(repair_text(c["original"])[0] == c["fixed"] for c in cases_)
    print(f"\nftfy CJK cases: wenku fixes {ok}/{len(cases_)} exactly")


def clean_run(external: Path) -> None:
    texts = []
    for path in sorted((external / "clean_text").rglob("*")):
        if path.suffix == ".jsonl":
            texts += [json.loads(line)["content"] for line in path.open(encoding="utf-8")]
        elif path.suffix == ".txt":
            texts.append(path.read_text(encoding="utf-8"))
    size = sum(len(t.encode()) for t in texts)
    start = time.perf_counter()
    edits = [e for t in texts for e in repair_text(t)[1]]
    elapsed = time.perf_counter() - start
    print(f"\nclean text: {len(texts)} records, {size / 1e6:.1f} MB, edits={len(edits)}, "
          f"{size / 1e6 / elapsed:.0f} MB/s (one core, shared machine)")
    for e in edits[:10]:
        print("   ", e)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--external", default=None)
    ap.add_argument("--docs", type=int, default=20, help="documents per kind")
    args = ap.parse_args()
    ext = external_dir(args.external)
    clean_run(ext)
    in_the_wild(ext)
    ftfy_cases(ext)
    generated_table(ext, args.docs)
