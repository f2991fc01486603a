"""Measure a segmentation against an expected one, and build synthetic test documents.

A block is identified by the source lines its spans touch, so an expected segmentation
can be written by hand from line numbers. Boundary precision/recall count blocks whose
lines match exactly; kind precision/recall count blocks whose lines *and* kind match.

>>> exp = [Expected((1,), "title"), Expected((3, 7), "body"), Expected((5,), "caption")]
>>> got = [Expected((1,), "title"), Expected((3,), "body"), Expected((5,), "caption"), Expected((7,), "body")]
>>> s = score(exp, got)
>>> (s.boundary_tp, s.expected, s.predicted, s.kind_tp)
(2, 3, 4, 2)
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .blocks import Block
from .rules import SENTENCE_FINAL, classify_line


@dataclass(frozen=True)
class Expected:
    lines: tuple[int, ...]
    kind: str
    article: int = 0


@dataclass
class Scores:
    expected: int = 0
    predicted: int = 0
    boundary_tp: int = 0
    kind_tp: int = 0
    article_tp: int = 0
    by_kind: Counter = field(default_factory=Counter)  # (kind, "tp"|"exp"|"pred") -> count
    body_chars: int = 0
    body_chars_lost: int = 0

    def add(self, other: "Scores") -> None:
        for name in ("expected", "predicted", "boundary_tp", "kind_tp", "article_tp", "body_chars", "body_chars_lost"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.by_kind.update(other.by_kind)

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    def row(self) -> dict[str, float]:
        r = self.ratio
        return {
            "boundary_p": r(self.boundary_tp, self.predicted), "boundary_r": r(self.boundary_tp, self.expected),
            "kind_p": r(self.kind_tp, self.predicted), "kind_r": r(self.kind_tp, self.expected),
            "article_acc": r(self.article_tp, self.boundary_tp),
        }


def block_lines(text: str, block: Block) -> tuple[int, ...]:
    """1-based numbers of the lines of ``text`` that ``block``'s spans touch."""
    lines: list[int] = []
    for start, end in block.spans:
        first = text.count("\n", 0, start) + 1
        lines.extend(range(first, first + text.count("\n", start, max(start, end - 1)) + 1))
    return tuple(lines)


def as_expected(text: str, blocks: list[Block]) -> list[Expected]:
    return [Expected(block_lines(text, b), b.kind, b.article) for b in blocks]


def score(expected: list[Expected], predicted: list[Expected]) -> Scores:
    s = Scores(expected=len(expected), predicted=len(predicted))
    by_lines = {e.lines: e for e in expected}
    for p in predicted:
        s.by_kind[(p.kind, "pred")] += 1
        e = by_lines.get(p.lines)
        if e is None:
            continue
        s.boundary_tp += 1
        s.article_tp += e.article == p.article
        if e.kind == p.kind:
            s.kind_tp += 1
            s.by_kind[(p.kind, "tp")] += 1
    for e in expected:
        s.by_kind[(e.kind, "exp")] += 1
    return s


def body_loss(expected_body: str, predicted_body: str) -> int:
    """Characters of the expected body text missing from the predicted body text.

    Whitespace is not counted: a space that a hard wrap left at a line end is layout.
    """
    expected_body, predicted_body = ("".join(t.split()) for t in (expected_body, predicted_body))
    matcher = SequenceMatcher(None, expected_body, predicted_body, autojunk=False)
    return len(expected_body) - sum(m.size for m in matcher.get_matching_blocks())


NAMES = ("苏思", "齐岚森", "何春阳", "黄光红", "王斌来", "杨帆", "李明", "张亦筑")
NOISE = {
    "caption": ("{m}月{d}日，代表们在会场认真聆听报告。记者 {n} 摄", "{m}月{d}日上午，会议隆重开幕。记者 {n} 摄 视觉重庆",
                "会场一角。 新重庆-重庆日报记者 {n} 摄"),
    "marker": ("（上接{p}版）", "(下转{p}版)", "（上接第{p}版）"),
    "boilerplate": ("责任编辑：{n}", "（责编：{n}、{n2}）", "返回顶部", "分享让更多人看到", "2023年{m:02d}月{d:02d}日09:20 | 来源：人民网",
                    "人民网>>重庆频道>>要闻", "小字号"),
    "title": ("一份亮眼的“年终总结” ——{n}解读政府工作报告", "拼搏奋进 让蓝图变为实景图 ——社会各界热议报告"),
}


def _noise(rng: random.Random, kind: str) -> str:
    names = rng.sample(NAMES, 2)
    return rng.choice(NOISE[kind]).format(m=rng.randint(1, 12), d=rng.randint(1, 28), n=names[0], n2=names[1], p=rng.randint(1, 8))


def clean_paragraphs(content: str) -> list[str]:
    """Paragraphs of a clean document that are running text (end a sentence, 20+ chars, no
    rule of ``rules`` claims them: numbered headings like ``（二）…。`` are not running text)."""
    paras = [p.strip() for p in content.split("\n") if p.strip()]
    return [p for p in paras if len(p) >= 20 and p[-1] in SENTENCE_FINAL + "”」" and classify_line(p) is None]


def _wrap(text: str, width: int, indent: str) -> list[str]:
    lines, line = [], indent
    for ch in text:
        if len(line) >= width and not ch.isspace():  # a wrapper never starts a line with a space
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line else lines


def synthetic_document(title: str, paragraphs: list[str], rng: random.Random) -> tuple[str, list[Expected], str]:
    """A document built from clean paragraphs: laid out one of four ways, some paragraphs
    broken mid-sentence with captions/markers/headlines between the halves, noise between
    paragraphs. Returns the text, its expected segmentation and the expected body text."""
    layout = rng.choice(("blank", "lines", "indent", "wrapped"))
    width = rng.randint(18, 36)
    out: list[str] = []
    expected: list[Expected] = []

    def emit(text: str, kind: str, blank: bool = True) -> tuple[int, ...]:
        if out and (layout in ("blank", "indent") or (layout == "wrapped" and (blank or kind != "body"))):
            out.append("")
        indent = "\u3000\u3000" if layout in ("indent", "wrapped") and kind == "body" and blank else ""
        first = len(out) + 1
        out.extend(_wrap(text, width, indent) if layout == "wrapped" else [indent + text])
        return tuple(range(first, len(out) + 1))

    expected.append(Expected(emit(title, "title"), "title"))
    if rng.random() < 0.5:
        expected.append(Expected(emit(f"本报记者 {rng.choice(NAMES)}", "byline"), "byline"))
    for para in paragraphs:
        if rng.random() < 0.3:
            kind = rng.choice(("caption", "marker", "boilerplate"))
            expected.append(Expected(emit(_noise(rng, kind), kind), kind))
        cut = _cut(para, rng) if len(para) >= 40 and rng.random() < 0.4 else None
        if cut is None:
            expected.append(Expected(emit(para, "body"), "body"))
            continue
        first = emit(para[:cut], "body")
        between = [(k, emit(_noise(rng, k), k)) for k in rng.sample(("caption", "marker", "title"), rng.randint(0, 2))]
        second = emit(para[cut:], "body", blank=False)
        expected.append(Expected(first + second, "body"))
        expected.extend(Expected(lines, k) for k, lines in between)
    body = "".join(p for p in paragraphs)
    return "\n".join(out) + "\n", expected, body


def _cut(para: str, rng: random.Random) -> int | None:
    """A break point in the middle 40% of ``para``, between two non-punctuation characters."""
    lo, hi = int(len(para) * 0.3), int(len(para) * 0.7)
    points = [i for i in range(lo, hi) if para[i - 1].isalnum() and para[i].isalnum()]
    return rng.choice(points) if points else None
