"""From text to raw blocks: lines, hard-wrap re-joining, indentation and markdown residue.

Paragraph boundaries come from the text's own structure. A blank line always ends a
block. Two adjacent lines are one paragraph only when the file is hard-wrapped (most
lines stop at the same display width) and the first line reaches that width and the
second is not indented; otherwise every line is its own block, which is what
one-paragraph-per-line files and web pages need. Every change is an :class:`Edit` inside
the block's span, so ``render_spans(text, piece.spans, piece.edits) == piece.text``.

>>> pieces = build_pieces("  **重庆**发展\\n- 要点\\n")
>>> [(p.text, p.list_item, [e.op for e in p.edits]) for p in pieces]
[('重庆发展', False, ['strip_indent', 'remove_bold', 'remove_bold']), ('要点', True, ['remove_list_dash'])]
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from ..core.edits import Edit, _edit, render_spans
from .params import SegmentParams
from .rules import classify_line

SPACE = " \t\u3000\u00a0"
BOLD = re.compile(r"\*\*")
LIST_MARK = re.compile(r"[-*•]\s+(?=\S)")
MD_HEADING = re.compile(r"#{1,6}\s+(?=\S)")
_START_END = attrgetter("start", "end")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass
class Line:
    start: int  # line start (before indentation)
    end: int  # line end (before "\n", after trailing space)
    body_start: int  # after indentation
    body_end: int  # before trailing space
    width: int  # display width of text[start:body_end]
    chars: int  # characters in text[start:body_end]


@dataclass
class Piece:
    """A block under construction: spans, edits inside them, rendered text, kind so far."""

    spans: list[tuple[int, int]]
    edits: list[Edit]
    text: str
    kind: str | None = None
    rule: str = ""
    list_item: bool = False
    md_heading: bool = False
    indented: bool = False
    interrupter: bool = False
    repeated: bool = False


def wide_ranges_of_unicodedata() -> list[tuple[int, int]]:
    """The (first, last) code points of the runs of wide characters (East Asian Width ``W``
    or ``F``) by this Python's ``unicodedata``: a pass over every code point, 0.1 s."""
    # one letter per code point (``Na`` is the only two-letter class), then runs of W/F
    classes = "".join(map(unicodedata.east_asian_width, map(chr, range(sys.maxunicode + 1)))).replace("Na", "N")
    return [(m.start(), m.end() - 1) for m in re.finditer("[WF]+", classes)]


@lru_cache(maxsize=1)
def wide_runs() -> tuple[re.Pattern, re.Pattern]:
    """Regexes matching runs of wide characters (East Asian Width ``W`` or ``F``): of the Basic
    Multilingual Plane only, and of all planes. They count a line's width at C speed; the
    first is 5x faster (the regex engine tests a class of BMP characters with a bitmap, a
    class with astral ones range by range). The ranges are :data:`.wide_ranges.RANGES`
    where ``unicodedata`` is of that version (what it computes, written out: computing
    them cost every segmenting process 0.1 s), else computed.

    >>> bmp, every = wide_runs()
    >>> [m.group() for m in bmp.finditer("重庆ab，（1）𠀀")], [m.group() for m in every.finditer("ab𠀀重")]
    (['重庆', '，（', '）'], ['𠀀重'])
    """
    from . import wide_ranges

    if unicodedata.unidata_version == wide_ranges.UNICODE_VERSION:
        ranges = list(wide_ranges.RANGES)
    else:
        ranges = wide_ranges_of_unicodedata()

    def runs(pairs: list[tuple[int, int]]) -> re.Pattern:
        return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in pairs) + "]+")

    return runs([(a, min(b, 0xFFFF)) for a, b in ranges if a <= 0xFFFF]), runs(ranges)


def without_wide(text: str) -> str:
    """``text`` without its wide characters.

    >>> without_wide("重庆 ab，𠀀\\u3000c")
    ' abc'
    """
    if text.isascii():
        return text
    bmp, every = wide_runs()
    rest = bmp.sub("", text)  # what is left is short in Chinese text: scan it for astral ones
    return every.sub("", rest) if ASTRAL.search(rest) else rest


def display_width(s: str) -> int:
    """Columns taken by ``s`` in a fixed-width layout (CJK wide characters count 2).

    >>> display_width("重庆ab"), display_width("ＧＤＰ 3"), display_width(""), display_width("𠀀a")
    (6, 8, 0, 3)
    """
    return 2 * len(s) - len(without_wide(s))


def split_lines(text: str) -> list[Line | None]:
    """Every line of ``text``; ``None`` for a blank one.

    Widths are counted for all lines at once: the text without its wide characters, split
    into lines, gives each line's narrow characters (``\\n`` is narrow), and a line's width
    is twice its length minus those (the ideographic space ``\\u3000`` is the one wide
    character ``SPACE`` strips).

    >>> [ln and (ln.width, ln.chars) for ln in split_lines("重庆 ab\\u3000\\n\\n\\u3000\\u3000x")]
    [(7, 5), None, (5, 3)]
    >>> [ln if ln is None else ln.width == display_width("重庆 ab\\u3000\\n\\n\\u3000\\u3000x"[ln.start : ln.body_end])
    ...  for ln in split_lines("重庆 ab\\u3000\\n\\n\\u3000\\u3000x")]
    [True, None, True]
    """
    lines: list[Line | None] = []
    append = lines.append
    raws = text.split("\n")
    narrows = without_wide(text).split("\n")
    pos = 0
    for raw, narrow in zip(raws, narrows):
        start = pos
        pos += len(raw) + 1
        body = raw.rstrip(SPACE)
        if not body:
            append(None)
            continue
        chars = len(body)
        tail = len(raw) - chars
        narrow_chars = len(narrow) - (tail - raw.count("\u3000", chars) if tail else 0)
        indent = chars - len(body.lstrip(SPACE))
        append(Line(start, start + len(raw), start + indent, start + chars, 2 * chars - narrow_chars, chars))
    return lines


def wrap_width(lines: list[Line | None], params: SegmentParams) -> tuple[str, int] | None:
    """How a hard-wrapped file was wrapped (``("width"|"chars", limit)``), or ``None``.

    Wrapped when at least ``wrap_min_share`` of the non-blank lines (and at least 3) end
    within ``wrap_slack`` of the most common length, that length is at least
    ``wrap_min_width`` columns, and hardly any line is longer. Wrappers count either display
    columns or characters, so both measures are tried and the better kept.
    """
    best = None
    for measure, scale in (("width", 1), ("chars", 2)):
        sizes = [getattr(ln, measure) for ln in lines if ln is not None]
        wide = [w for w in sizes if w * scale >= params.wrap_min_width]
        if len(wide) < 3:
            continue
        top = max(Counter(wide).items(), key=lambda kv: (kv[1], kv[0]))[0]
        slack = params.wrap_slack // scale
        full = sum(1 for w in sizes if top - slack <= w <= top)
        over = sum(1 for w in sizes if w > top)
        if full >= 3 and full >= params.wrap_min_share * len(sizes) and over <= 0.05 * len(sizes):
            if best is None or full > best[0]:
                best = (full, measure, top - slack)
    return (best[1], best[2]) if best else None


def group_lines(text: str, lines: list[Line | None], params: SegmentParams) -> list[list[Line]]:
    """Lines grouped into paragraphs (see the module docstring)."""
    width = wrap_width(lines, params)
    groups: list[list[Line]] = []
    prev: Line | None = None
    for line in lines:
        if line is None:
            prev = None
            continue
        continues = (
            width is not None
            and prev is not None
            and getattr(prev, width[0]) >= width[1]
            and line.body_start == line.start
            and not LIST_MARK.match(text, line.body_start)
            and not (len(groups[-1]) == 1 and _stands_alone(text[prev.body_start : prev.body_end]))
        )
        if continues:
            groups[-1].append(line)
        else:
            groups.append([line])
        prev = line
    return groups


def _stands_alone(line: str) -> bool:
    """A line that is a block of its own even when full: a marker, a byline, boilerplate."""
    rule = classify_line(line)
    return rule is not None and rule.kind in ("marker", "byline", "boilerplate")


def _piece(text: str, group: list[Line], params: SegmentParams) -> Piece:
    if len(group) == 1:  # most blocks: one line, often with nothing to strip
        line = group[0]
        if line.body_start == line.start and line.end == line.body_end and not (
            params.remove_markdown and _may_hold_markdown(text, line)
        ):
            return Piece([(line.start, line.end)], [], text[line.start : line.end])
    edits: list[Edit] = []
    for i, line in enumerate(group):
        if line.body_start > line.start:
            edits.append(_edit(0, "strip_indent", line.start, line.body_start, text[line.start : line.body_start], "", "", 0))
        if line.end > line.body_end:
            edits.append(_edit(0, "strip_trailing_space", line.body_end, line.end, text[line.body_end : line.end], "", "", 0))
        if i + 1 < len(group):
            left, right = text[line.body_end - 1], text[group[i + 1].body_start]
            after = " " if left.isascii() and left.isalnum() and right.isascii() and right.isalnum() else ""
            edits.append(_edit(0, "join_lines", line.end, line.end + 1, "\n", after, "hard-wrapped line", 0))
    piece = Piece([(group[0].start, group[-1].end)], edits, "", indented=group[0].body_start > group[0].start)
    if params.remove_markdown and _markdown(text, group, piece):
        piece.edits.sort(key=_START_END)  # the line edits above come in order already
    piece.text = render_spans(text, piece.spans, piece.edits)
    return piece


def _may_hold_markdown(text: str, line: Line) -> bool:
    """Whether the markdown rules of :func:`_markdown` could match ``line``: it starts with a
    list or heading mark, or holds ``**``."""
    return text[line.body_start] in "-*•#" or text.find("**", line.body_start, line.body_end) >= 0


def _markdown(text: str, group: list[Line], piece: Piece) -> bool:
    """Add the edits removing markdown marks to ``piece``; whether there were any."""
    count = len(piece.edits)
    first = group[0]
    if text[first.body_start] in "-*•#":  # what a list or heading mark starts with
        for regex, op in ((LIST_MARK, "remove_list_dash"), (MD_HEADING, "remove_heading_mark")):
            m = regex.match(text, first.body_start, first.body_end)
            if m:
                piece.edits.append(_edit(0, op, m.start(), m.end(), m.group(), "", "", 0))
                piece.list_item = op == "remove_list_dash"
                piece.md_heading = op == "remove_heading_mark"
                break
    if text.find("**", first.body_start, group[-1].body_end) >= 0:
        for line in group:
            for b in BOLD.finditer(text, line.body_start, line.body_end):
                piece.edits.append(_edit(0, "remove_bold", b.start(), b.end(), "**", "", "", 0))
    return len(piece.edits) > count


def build_pieces(text: str, params: SegmentParams = SegmentParams()) -> list[Piece]:
    """Raw blocks of ``text`` in order, with their spans, edits and rendered text."""
    lines = split_lines(text)
    return [_piece(text, group, params) for group in group_lines(text, lines, params)]
