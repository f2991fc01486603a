"""Build ``pipeline/core/data/charfreq.tsv``, the character-frequency model of Chinese text.

Counted on the *training half* of the clean public-domain text in ``../shared/external/
clean_text`` (even-numbered records of each JSONL file, plus the CC0 moztw sentences);
benchmarks that generate test data draw from the odd-numbered records only, so detection
and repair are never evaluated on the text their model was counted on.

    python benchmarks/build_charfreq.py [--external PATH]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from common import default_external  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "pipeline" / "core" / "data" / "charfreq.tsv"
MIN_COUNT = 1



def training_texts(external: Path):
    clean = external / "clean_text"
    for path in sorted(clean.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if number % 2 == 0:
                    record = json.loads(line)
                    yield record.get("title") or ""
                    yield record["content"]
    for path in sorted((clean / "moztw_cc0_sentences_zh-TW").glob("*.txt")):
        yield path.read_text(encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=default_external())
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    for text in training_texts(args.external):
        counts.update(ch for ch in text if not ch.isspace())
    kept = sorted(((c, n) for c, n in counts.items() if n >= MIN_COUNT), key=lambda cn: (-cn[1], ord(cn[0])))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        out.write("# codepoint\tcount (built by benchmarks/build_charfreq.py; see its docstring)\n")
        for ch, n in kept:
            out.write(f"{ord(ch):X}\t{n}\n")
    print(f"{OUT.relative_to(ROOT)}: {len(kept)} characters from {sum(counts.values())} counted")


if __name__ == "__main__":
    main()
