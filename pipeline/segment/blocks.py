"""Cut a document into blocks: paragraphs with their kind, source spans and article.

The steps, each in its own module: ``lines`` (lines → raw blocks, hard wraps re-joined,
indentation and markdown stripped with edits), ``kinds.classify_patterns`` (captions,
markers, bylines, boilerplate by the rules in ``rules``), ``rejoin`` (paragraphs broken
by the layout), ``kinds.classify_structure`` (title, heading, body) and ``articles``.

>>> blocks, edits = segment_text("  标题\\n\\n**3万亿元**新台阶，增长6.1%，\\n\\n记者 苏思 摄\\n\\n有很强的属性。\\n")
>>> [(b.text, b.kind, b.spans) for b in blocks]
[('标题', 'title', [(0, 4)]), ('3万亿元新台阶，增长6.1%，有很强的属性。', 'body', [(6, 25), (36, 43)]), ('记者 苏思 摄', 'caption', [(27, 34)])]
>>> [e.op for e in edits]
['strip_indent', 'remove_bold', 'remove_bold']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from ..core.edits import Edit
from .articles import number_articles
from .kinds import classify_patterns, classify_structure
from .lines import build_pieces
from .params import SegmentParams
from .rejoin import rejoin

_START_END = attrgetter("start", "end")


@dataclass
class Block:
    text: str
    kind: str
    spans: list[tuple[int, int]]
    article: int = 0
    edits: list[Edit] = field(default_factory=list)


def segment_text(text: str, params: SegmentParams = SegmentParams()) -> tuple[list[Block], list[Edit]]:
    """Blocks in reading order (by their first span) and all segment edits (offsets into ``text``)."""
    pieces = build_pieces(text, params)
    classify_patterns(pieces, params)
    pieces = rejoin(pieces, params)
    classify_structure(pieces, params)
    pieces.sort(key=lambda p: p.spans[0][0])
    articles = number_articles(pieces)
    blocks = [Block(p.text, p.kind or "body", list(p.spans), a, p.edits) for p, a in zip(pieces, articles)]
    edits = sorted((e for b in blocks for e in b.edits), key=_START_END)
    return blocks, edits
