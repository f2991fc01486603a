"""Cut a document into blocks: one per non-blank line, indentation and markdown stripped.

>>> blocks, edits = segment_text("  標題\\n\\n**3万亿元**新台阶\\n")
>>> [(b.text, b.kind, b.spans) for b in blocks]
[('標題', 'body', [(0, 4)]), ('3万亿元新台阶', 'body', [(6, 17)])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.edits import Edit, render_spans
from .params import SegmentParams

INDENT = re.compile(r"^[ \t\u3000\u00a0]+")
TRAILING = re.compile(r"[ \t\u3000\u00a0]+$")
BOLD = re.compile(r"\*\*")
LIST_DASH = re.compile(r"- ")  # used with .match at the line start


@dataclass
class Block:
    text: str
    kind: str
    spans: list[tuple[int, int]]
    article: int = 0
    edits: list[Edit] = field(default_factory=list)


def _line_edits(text: str, start: int, end: int, params: SegmentParams) -> tuple[list[Edit], str]:
    line = text[start:end]
    edits: list[Edit] = []
    kind = "body"
    m = INDENT.match(line)
    body_start = start + (m.end() if m else 0)
    if m:
        edits.append(Edit(0, "strip_indent", start, body_start, m.group(), ""))
    t = TRAILING.search(line)
    body_end = start + t.start() if t and start + t.start() >= body_start else end
    if t and body_end < end:
        edits.append(Edit(0, "strip_trailing_space", body_end, end, text[body_end:end], ""))
    if params.remove_markdown:
        d = LIST_DASH.match(text, body_start, body_end)
        if d:
            edits.append(Edit(0, "remove_list_dash", body_start, d.end(), "- ", ""))
            kind = "list_item"
        for b in BOLD.finditer(text, body_start, body_end):
            edits.append(Edit(0, "remove_bold", b.start(), b.end(), "**", ""))
    return sorted(edits, key=lambda e: e.start), kind


def segment_text(text: str, params: SegmentParams = SegmentParams()) -> tuple[list[Block], list[Edit]]:
    """Blocks in reading order and the segment edits (offsets into ``text``)."""
    blocks: list[Block] = []
    all_edits: list[Edit] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip(" \t\u3000\u00a0"):
            continue
        edits, kind = _line_edits(text, start, end, params)
        rendered = render_spans(text, [(start, end)], edits)
        blocks.append(Block(rendered, kind, [(start, end)], 0, edits))
        all_edits.extend(edits)
    return blocks, all_edits
