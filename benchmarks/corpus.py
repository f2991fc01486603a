"""A realistic benchmark corpus of N MB, the same bytes for the same seed.

Text comes from the clean corpora in ``<external>/clean_text/``: Simplified from the
ODD-numbered records of the PRC government work reports (the even ones trained the
char-frequency model in ``pipeline/core/data``), Traditional from the odd-numbered Taiwan
presidential news releases. Each document takes a run of paragraphs from a random place,
is cut to a size drawn log-uniformly from 200 B to 200 KB of raw bytes, then gets one
*kind* of treatment, drawn with these weights:

=================  ======  ================================================================
kind               weight  what the file holds
=================  ======  ================================================================
clean               62 %   Simplified text, UTF-8
traditional          8 %   Traditional text, UTF-8
gbk                  7 %   Simplified text, GBK (GB18030) bytes
big5                 4 %   Traditional text, Big5 bytes
utf16_bom            2 %   Simplified text, UTF-16-LE with a byte-order mark
utf16_nobom          1 %   Simplified text, UTF-16-LE without one
moji_gbk             3 %   UTF-8 bytes read as GBK and saved again as UTF-8 (``鍙戝睍``)
moji_latin1          2 %   UTF-8 bytes read as Latin-1 and saved again as UTF-8 (``å\x8f\x91``)
pinyin               3 %   tone-marked pinyin leaked after Han characters (``發(fā)展``)
entities             3 %   HTML entities for spaces and punctuation (``&nbsp;``, ``&#12290;``)
layout               5 %   captions inside sentences, hard-wrapped lines, boilerplate lines
=================  ======  ================================================================

Run ``python benchmarks/corpus.py --mb 50 --seed 1 --out /tmp/corpus`` to write
``/tmp/corpus/raw/<kind>/<n>.txt``; :func:`build` is the same as a function.

>>> import random
>>> pinyin_leaks("发展经济", random.Random(1), rate=1.0).count("(")
4
>>> moji_latin1("中").encode("latin-1")
b'\\xe4\\xb8\\xad'
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path
from common import default_external  # noqa: E402

KINDS = {
    "clean": 62, "traditional": 8, "gbk": 7, "big5": 4, "utf16_bom": 2, "utf16_nobom": 1,
    "moji_gbk": 3, "moji_latin1": 2, "pinyin": 3, "entities": 3, "layout": 5,
}
TRADITIONAL_KINDS = {"traditional", "big5"}
MIN_BYTES, MAX_BYTES = 200, 200_000
PINYIN = ["fā", "zhǎn", "jīng", "jì", "guó", "mín", "shè", "huì", "xiàn", "zài", "gǎi", "gé", "kāi", "fàng"]
ENTITIES = {" ": "&nbsp;", "，": "&#65292;", "。": "&#12290;", "“": "&ldquo;", "”": "&rdquo;", "&": "&amp;"}
BOILERPLATE = ["版权所有 © 新华网 转载请注明出处", "责任编辑：王小明", "【打印本页】【关闭窗口】", "分享到：微信 微博 QQ空间"]
CAPTIONS = ["（图为会议现场。新华社记者 摄）", "图片来源：视觉中国", "（资料图）"]



def _paragraphs(path: Path, skip_years: tuple[str, ...] = ()) -> list[str]:
    """Non-empty paragraphs of the odd-numbered records (1, 3, 5, ...) of a JSONL file."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            record = json.loads(line)
            if number % 2 == 1 and record.get("year") not in skip_years:
                out.extend(p.strip() for p in record["content"].split("\n\n") if p.strip())
    return out


@dataclass
class Sources:
    simplified: list[str]
    traditional: list[str]

    @classmethod
    def load(cls, external: Path) -> "Sources":
        root = external / "clean_text"
        if not root.is_dir():
            raise SystemExit(f"{root}: not found; pass --external PATH, the folder holding clean_text/")
        return cls(
            # 1954 and 1957 are (partly) Traditional: not Simplified source text.
            _paragraphs(root / "prc_government_work_reports" / "government_work_reports.jsonl", ("1954", "1957")),
            _paragraphs(root / "taiwan_president_office_news_2023" / "president_news_2023.jsonl"),
        )


def _take(paragraphs: list[str], rng: random.Random, chars: int) -> str:
    """Consecutive paragraphs from a random start, cut to about ``chars`` characters."""
    out, total, i = [], 0, rng.randrange(len(paragraphs))
    while total < chars:
        out.append(paragraphs[i % len(paragraphs)])
        total += len(out[-1]) + 2
        i += 1
    return "\n\n".join(out)[:chars]


def pinyin_leaks(text: str, rng: random.Random, rate: float = 0.02) -> str:
    """Tone-marked pinyin after some Han characters."""
    return re.sub(r"[\u4e00-\u9fff]", lambda m: m.group() + (f"({rng.choice(PINYIN)})" if rng.random() < rate else ""), text)


def entities(text: str, rng: random.Random, rate: float = 0.3) -> str:
    """Some spaces and punctuation written as HTML entities."""
    return "".join(ENTITIES[c] if c in ENTITIES and rng.random() < rate else c for c in text)


def moji_gbk(text: str) -> str:
    """UTF-8 bytes misread as GBK (undecodable pairs become U+FFFD, as editors do)."""
    return text.encode("utf-8").decode("gbk", errors="replace")


def moji_latin1(text: str) -> str:
    """UTF-8 bytes misread as Latin-1."""
    return text.encode("utf-8").decode("latin-1")


def layout(text: str, rng: random.Random) -> str:
    """Boilerplate lines, a caption inside a sentence, lines hard-wrapped at 30-40 characters."""
    width = rng.randint(30, 40)
    paragraphs = []
    for p in text.split("\n\n"):
        if len(p) > 60 and rng.random() < 0.3:
            cut = rng.randrange(20, len(p) - 20)
            p = p[:cut] + "\n" + rng.choice(CAPTIONS) + "\n" + p[cut:]
        paragraphs.append("\n".join(p[i : i + width] for i in range(0, len(p), width)))
    return "\n".join([rng.choice(BOILERPLATE), "", "\n\n".join(paragraphs), "", rng.choice(BOILERPLATE)])


def make_document(kind: str, sources: Sources, rng: random.Random) -> bytes:
    """One document of ``kind``, of a log-uniform size between 200 B and 200 KB."""
    size = int(math.exp(rng.uniform(math.log(MIN_BYTES), math.log(MAX_BYTES))))
    pool = sources.traditional if kind in TRADITIONAL_KINDS else sources.simplified
    text = _take(pool, rng, max(1, size // 3))  # about 3 UTF-8 bytes per character
    if kind == "gbk":
        return text.encode("gb18030")
    if kind == "big5":
        return text.encode("big5", errors="replace")
    if kind == "utf16_bom":
        return text.encode("utf-16")  # with BOM, native order (LE here)
    if kind == "utf16_nobom":
        return text.encode("utf-16-le")
    transform = {
        "moji_gbk": moji_gbk,
        "moji_latin1": moji_latin1,
        "pinyin": lambda t: pinyin_leaks(t, rng),
        "entities": lambda t: entities(t, rng),
        "layout": lambda t: layout(t, rng),
    }.get(kind, lambda t: t)
    return transform(text).encode("utf-8")


def build(mb: float, out: Path, seed: int = 1, external: Path | None = None) -> dict[str, int]:
    """Write about ``mb`` MB (10^6 bytes) of documents under ``out/raw``; returns bytes per kind.

    Files are distinct (a repeat is drawn again), so no work is saved by deduplication.
    """
    sources = Sources.load(external or default_external())
    rng = random.Random(seed)
    names, weights = list(KINDS), list(KINDS.values())
    total, n, seen = 0, 0, set()
    per_kind = dict.fromkeys(KINDS, 0)
    while total < mb * 1_000_000:
        kind = rng.choices(names, weights)[0]
        raw = make_document(kind, sources, rng)
        digest = hashlib.sha256(raw).digest()
        if digest in seen:
            continue
        seen.add(digest)
        path = out / "raw" / kind / f"{n // 1000:03d}" / f"{n:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        total += len(raw)
        per_kind[kind] += len(raw)
        n += 1
    return per_kind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, required=True, help="size of the corpus in MB (10^6 bytes)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder to write raw/ into")
    parser.add_argument("--external", type=Path, default=None, help="folder holding clean_text/")
    args = parser.parse_args()
    per_kind = build(args.mb, args.out, args.seed, args.external)
    for kind, size in per_kind.items():
        print(f"{kind:12s} {size / 1e6:8.2f} MB")
    print(f"{'total':12s} {sum(per_kind.values()) / 1e6:8.2f} MB -> {args.out / 'raw'}")


if __name__ == "__main__":
    main()
