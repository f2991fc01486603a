"""OpenCC's own test cases through wenku's converter, per exposed config.

Reads ``tests/fixtures/opencc/testcases.tsv`` (OpenCC's 543 cases, Apache-2.0) and prints,
for each config wenku exposes as ``convert.target``, how many cases the raw binding and
wenku's ``convert_text`` (normalization off) get right, and the cases wenku converts
differently (by design: it leaves runs already in the target script alone).

    python benchmarks/opencc_cases.py
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.convert import ConvertParams, convert_text  # noqa: E402
from pipeline.convert.script_convert import converter  # noqa: E402

EXPOSED = ("t2s", "s2t", "s2tw", "s2twp", "s2hk")


SCRIPT_ONLY = dict(fullwidth_punctuation=False, halfwidth_alphanumerics=False)


def main() -> None:
    with (ROOT / "tests" / "fixtures" / "opencc" / "testcases.tsv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r["config"] in EXPOSED]
    total, binding, ours, ours_all, differ = Counter(), Counter(), Counter(), Counter(), []
    for r in rows:
        config = r["config"]
        total[config] += 1
        binding[config] += converter(config).convert(r["input"]) == r["expected"]
        out = convert_text(r["input"], ConvertParams(target=config, **SCRIPT_ONLY)).text
        ours[config] += out == r["expected"]
        everything = ConvertParams(target=config, scope="all", **SCRIPT_ONLY)
        ours_all[config] += convert_text(r["input"], everything).text == r["expected"]
        if out != r["expected"]:
            differ.append(f"  {config:<6} {r['id']}: {r['input'][:30]!r} -> {out[:30]!r}, expected {r['expected'][:30]!r}")
    print(f"{'config':<7} {'cases':>5} {'binding':>8} {'wenku (scope needed)':>21} {'wenku (scope all)':>18}")
    for config in EXPOSED:
        print(f"{config:<7} {total[config]:>5} {binding[config]:>8} {ours[config]:>21} {ours_all[config]:>18}")
    print(f"{'all':<7} {sum(total.values()):>5} {sum(binding.values()):>8} {sum(ours.values()):>21} {sum(ours_all.values()):>18}")
    print("differing by design under scope needed:", *differ, sep="\n")


if __name__ == "__main__":
    main()
