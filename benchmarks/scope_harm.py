"""What script conversion does to clean text that is already in the target script.

For each case, the clean text is converted with ``convert.scope: all`` (every run through
OpenCC, as OpenCC does) and with the default ``scope: needed``; the table counts the
characters each changes (script conversion only, normalization off). Any change here is
harm: the text was already in the target script.

    python benchmarks/scope_harm.py [--external PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.convert import ConvertParams, convert_text  # noqa: E402
from pipeline.core.script import CONVERSION_OPS  # noqa: E402
from common import default_external  # noqa: E402

SCRIPT_ONLY = dict(fullwidth_punctuation=False, halfwidth_alphanumerics=False)



def records(path: Path, keep) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [r["content"] for r in map(json.loads, lines) if keep(r)]


def changed(texts: list[str], params: ConvertParams) -> tuple[int, Counter]:
    chars, pairs = 0, Counter()
    for text in texts:
        for e in convert_text(text, params).edits:
            if e.op not in CONVERSION_OPS:
                continue  # normalization (e.g. U+200B removed), not script conversion
            chars += len(e.before)
            if len(e.before) == len(e.after):
                pairs.update(f"{a}→{b}" for a, b in zip(e.before, e.after) if a != b)
    return chars, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=default_external())
    args = parser.parse_args()
    clean = args.external / "clean_text"
    cases = [
        ("Taiwan news (Traditional)", "s2t", records(clean / "taiwan_president_office_news_2023/president_news_2023.jsonl", lambda r: True)),
        ("Taiwan news (Traditional)", "s2tw", records(clean / "taiwan_president_office_news_2023/president_news_2023.jsonl", lambda r: True)),
        ("work reports 1978+ (Simplified)", "t2s", records(clean / "prc_government_work_reports/government_work_reports.jsonl", lambda r: int(r.get("year") or 0) >= 1978)),
    ]
    print(f"{'text':<32} {'target':<6} {'chars':>9} {'changed, scope all':>19} {'changed, scope needed':>22}  most changed under all")
    for name, target, texts in cases:
        size = sum(map(len, texts))
        all_chars, pairs = changed(texts, ConvertParams(target=target, scope="all", **SCRIPT_ONLY))
        needed_chars, _ = changed(texts, ConvertParams(target=target, **SCRIPT_ONLY))
        top = ", ".join(f"{p} {n}" for p, n in pairs.most_common(4))
        print(f"{name:<32} {target:<6} {size:>9} {all_chars:>19} {needed_chars:>22}  {top}")


if __name__ == "__main__":
    main()
