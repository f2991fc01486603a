"""Speed of the ``convert`` stage against the raw OpenCC binding, and what it changes.

On the clean public-domain text in ``../shared/external/clean_text``: PRC government work
reports (Simplified; the 1954-1957 reports, which are partly Traditional, are left out) and
the 2023 Taiwan presidential office news (Traditional). For each text and target it prints
MB/s (UTF-8 bytes) of

- ``binding``: ``opencc.OpenCC(config).convert`` on each whole document (one converter),
- ``stage``: ``convert_text`` (detection, conversion of what needs it, normalization, edits),

and how many documents the stage changed, by edit op. Clean Simplified text must get no
``t2s`` edit at all.

    python benchmarks/convert_speed.py [--external PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.convert import ConvertParams, convert_text  # noqa: E402
from pipeline.convert.script_convert import converter  # noqa: E402
from pipeline.core.script import script_tables  # noqa: E402
from common import default_external  # noqa: E402



def load(external: Path) -> dict[str, list[str]]:
    clean = external / "clean_text"
    reports = clean / "prc_government_work_reports" / "government_work_reports.jsonl"
    news = clean / "taiwan_president_office_news_2023" / "president_news_2023.jsonl"
    simplified = [
        r["content"] for r in map(json.loads, reports.read_text(encoding="utf-8").splitlines())
        if r.get("year") is None or int(r["year"]) >= 1958
    ]
    traditional = [r["content"] for r in map(json.loads, news.read_text(encoding="utf-8").splitlines())]
    return {"simplified": simplified, "traditional": traditional}


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=default_external())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = load(args.external)
    script_tables()  # built once per process, at import in real runs
    print(f"{'text':<12} {'target':<7} {'MB':>6} {'binding MB/s':>13} {'stage MB/s':>11} {'ratio':>6}  changed docs / ops")
    for name, target in (("simplified", "t2s"), ("traditional", "t2s"), ("simplified", "s2t"), ("traditional", "s2t")):
        docs = texts[name]
        megabytes = sum(len(t.encode("utf-8")) for t in docs) / 1e6
        params = ConvertParams(target=target)
        conv = converter(target)
        binding = best_of(args.repeat, lambda: [conv.convert(t) for t in docs])
        stage = best_of(args.repeat, lambda: [convert_text(t, params) for t in docs])
        ops: Counter = Counter()
        changed = 0
        for t in docs:
            edits = convert_text(t, params).edits
            changed += bool(edits)
            ops.update({e.op for e in edits})
        print(
            f"{name:<12} {target:<7} {megabytes:6.2f} {megabytes / binding:13.1f} {megabytes / stage:11.1f} "
            f"{binding / stage:6.2f}  {changed}/{len(docs)} {dict(sorted(ops.items()))}"
        )


if __name__ == "__main__":
    main()
