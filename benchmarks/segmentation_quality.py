"""Segmentation quality: boundary and kind precision/recall on the five samples (against
the hand-written expectations in tests/fixtures/segmentation/) and on a generated check.

The generated check takes the ODD-numbered records of every
``<external>/clean_text/*/*.jsonl``, keeps their running-text paragraphs, lays them out
(blank-line separated, one per line, indented, or hard-wrapped), breaks some mid-sentence
with captions/markers/headlines between the halves and drops noise between paragraphs
(fixed seed), segments the result and compares. "Body lost" counts characters of the
clean paragraphs missing from the concatenated body text segment returns.

    python benchmarks/segmentation_quality.py [--external /work/shared/external] [--docs 300]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.convert import convert_text  # noqa: E402
from pipeline.decode import decode_bytes  # noqa: E402
from pipeline.repair import repair_text  # noqa: E402
from pipeline.segment import segment_text  # noqa: E402
from pipeline.segment.evaluate import Expected, Scores, as_expected, body_loss, clean_paragraphs, score, synthetic_document  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "segmentation"


def sample_text(name: str) -> str:
    """A sample as segment sees it in the pipeline: decoded, repaired, converted (t2s)."""
    decoded = decode_bytes((ROOT / "raw" / name).read_bytes())
    return convert_text(repair_text(decoded.text)[0]).text


def load_expected(path: Path) -> tuple[str, list[Expected]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["sample"], [Expected(tuple(b["lines"]), b["kind"], b["article"]) for b in data["blocks"]]


def samples() -> dict[str, Scores]:
    results = {}
    for path in sorted(FIXTURES.glob("*.yaml")):
        name, expected = load_expected(path)
        text = sample_text(name)
        blocks, _ = segment_text(text)
        results[name[:3]] = score(expected, as_expected(text, blocks))
    return results


def records(external: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted((external / "clean_text").glob("*/*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % 2 == 1:
                    row = json.loads(line)
                    out.append((row.get("title", ""), row.get("content", "")))
    return out


def generated(external: Path, docs: int, seed: int = 6) -> Scores:
    rng = random.Random(seed)
    pool = [(t, clean_paragraphs(c)) for t, c in records(external)]
    pool = [(t, ps) for t, ps in pool if t and ps]
    total = Scores()
    for _ in range(docs):
        title, paras = rng.choice(pool)
        start = rng.randrange(len(paras))
        text, expected, body = synthetic_document(title, paras[start : start + rng.randint(3, 12)], rng)
        blocks, _ = segment_text(text)
        s = score(expected, as_expected(text, blocks))
        s.article_tp = -1  # articles are not scored on generated documents
        s.body_chars = len(body)
        s.body_chars_lost = body_loss(body, "".join(b.text for b in blocks if b.kind == "body"))
        total.add(s)
    return total


def clean_as_is(external: Path) -> str:
    """Segment every clean document unchanged: joins and non-body kinds there are what the
    segmenter does to text that needs nothing (Wikisource's reports do carry line breaks
    left by links, ``政府工作报`` / ``告``, which are real breaks)."""
    lines = ["| source | docs | blocks | joined blocks | non-body blocks |", "|---|---|---|---|---|"]
    for path in sorted((external / "clean_text").glob("*/*.jsonl")):
        docs = blocks = joined = other = 0
        with path.open(encoding="utf-8") as f:
            for line in f:
                result = segment_text(json.loads(line).get("content", ""))[0]
                docs, blocks = docs + 1, blocks + len(result)
                joined += sum(len(b.spans) > 1 for b in result)
                other += sum(b.kind != "body" for b in result)
        lines.append(f"| {path.parent.name} | {docs} | {blocks} | {joined} | {other} |")
    return "\n".join(lines)


def table(rows: dict[str, Scores]) -> str:
    lines = ["| set | blocks (exp/pred) | boundary P | boundary R | kind P | kind R | article acc | body lost |", "|---|---|---|---|---|---|---|---|"]
    for name, s in rows.items():
        r = s.row()
        lost = f"{s.body_chars_lost}/{s.body_chars}" if s.body_chars else "–"
        article = f"{r['article_acc']:.3f}" if s.article_tp >= 0 else "–"
        lines.append(
            f"| {name} | {s.expected}/{s.predicted} | {r['boundary_p']:.3f} | {r['boundary_r']:.3f} | "
            f"{r['kind_p']:.3f} | {r['kind_r']:.3f} | {article} | {lost} |"
        )
    return "\n".join(lines)


def kind_table(s: Scores) -> str:
    kinds = sorted({k for k, _ in s.by_kind})
    lines = ["| kind | expected | predicted | P | R |", "|---|---|---|---|---|"]
    for k in kinds:
        tp, e, p = s.by_kind[(k, "tp")], s.by_kind[(k, "exp")], s.by_kind[(k, "pred")]
        lines.append(f"| {k} | {e} | {p} | {Scores.ratio(tp, p):.3f} | {Scores.ratio(tp, e):.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=ROOT.parent / "shared" / "external")
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    external = args.external if args.external.exists() else Path("/work/shared/external")
    rows = samples()
    all_samples = Scores()
    for s in rows.values():
        all_samples.add(s)
    rows["samples (all)"] = all_samples
    rows[f"generated ({args.docs} docs)"] = gen = generated(external, args.docs)
    print(table(rows))
    print()
    print("Kinds on the samples:")
    print(kind_table(all_samples))
    print()
    print("Kinds on the generated check:")
    print(kind_table(gen))
    print()
    print("Clean documents segmented as they are:")
    print(clean_as_is(external))


if __name__ == "__main__":
    main()
