"""Block kinds: first by pattern (rules.py), then by structure (title, heading, body).

``classify_patterns`` runs before re-joining (captions and markers must be known to join
across them); ``classify_structure`` runs after, on what no pattern claimed. Structure is
conservative: a short unpunctuated block is a heading only when content follows it
(running text, a list, a numbered heading), a title only at the start of a document or
right before an opening byline; anything else is ``body``.

>>> from .lines import build_pieces
>>> pieces = build_pieces("重庆新闻\\n\\n小字号\\n\\n未来五年\\n\\n未来五年\\n\\n正文。\\n")
>>> classify_patterns(pieces); classify_structure(pieces)
>>> [(p.text, p.kind) for p in pieces]
[('重庆新闻', 'title'), ('小字号', 'boilerplate'), ('未来五年', 'heading'), ('未来五年', 'boilerplate'), ('正文。', 'body')]
"""

from __future__ import annotations

from ..core.edits import Edit
from .lines import Piece
from .params import SegmentParams
from .rules import FIGURE_LINE, NUMBERED_ITEM, TEASER_TEXT, classify_block
from .shape import heading_like, title_like


def classify_patterns(pieces: list[Piece], params: SegmentParams = SegmentParams()) -> None:
    """Give pattern kinds (markers, captions, bylines, boilerplate, labels) in place."""
    teaser = False
    for piece in pieces:
        if piece.list_item:
            teaser = False
            continue
        rule = classify_block(piece.text)  # a line rule, else HEADLINE
        if rule is not None:
            piece.kind, piece.rule = rule.kind, rule.name
            teaser = rule.name == "teaser_header" or (teaser and rule.kind == "boilerplate")
        elif teaser and (TEASER_TEXT.matches(piece.text) or heading_like(piece.text, 2 * params.heading_max_chars)):
            piece.kind, piece.rule = "boilerplate", "teaser_text"
        else:
            teaser = False
    _mark_repeated_headings(pieces, params)


def _mark_repeated_headings(pieces: list[Piece], params: SegmentParams) -> None:
    """A heading printed twice in a row: keep the first, mark the repeat as boilerplate
    with a ``repeated_heading`` flag edit (nothing is deleted, filtering on body drops it)."""
    for prev, piece in zip(pieces, pieces[1:]):
        if (
            piece.text == prev.text
            and prev.kind in (None, "heading")
            and piece.kind in (None, "heading")
            and heading_like(piece.text, 2 * params.heading_max_chars)
        ):
            prev.kind, prev.rule = "heading", prev.rule or "repeated_heading"
            piece.kind, piece.rule, piece.repeated = "boilerplate", "repeated_heading", True
            pos = piece.spans[0][0]
            pos = next((e.end for e in piece.edits if e.op == "strip_indent" and e.start == pos), pos)
            detail = f"repeats the heading at offset {prev.spans[0][0]}"
            piece.edits.append(Edit(0, "repeated_heading", pos, pos, "", "", detail))
            piece.edits.sort(key=lambda e: (e.start, e.end))


def _shape(piece: Piece, params: SegmentParams) -> str:
    """'content', 'short' (could be a heading), 'numbered', or the piece's kind."""
    if piece.kind is not None:
        return piece.kind
    if piece.list_item:
        return "list_item"
    if NUMBERED_ITEM.matches(piece.text):
        return "numbered"
    if piece.md_heading:
        return "heading"
    if heading_like(piece.text, 2 * params.heading_max_chars) and not FIGURE_LINE.matches(piece.text):
        return "short"
    return "content"


def classify_structure(pieces: list[Piece], params: SegmentParams = SegmentParams()) -> None:
    """Give every piece without a kind one of title, heading, list_item, body (in place)."""
    shapes = [_shape(p, params) for p in pieces]
    following = _next_kept(pieces)
    title_seen = content_seen = False
    guessed: list[tuple[Piece, bool]] = []  # headings guessed from shape; are they subtitles?
    for i, piece in enumerate(pieces):
        shape = shapes[i]
        content_seen_before = content_seen
        content_seen = content_seen or shape in ("content", "list_item")
        if piece.kind is not None:
            title_seen = title_seen or piece.kind == "title"
            continue
        nxt = following[i]
        after = shapes[nxt] if nxt is not None else None
        if shape == "numbered":
            piece.kind = "heading" if after == "list_item" else "list_item"
        elif shape in ("list_item", "heading"):
            piece.kind = shape
        elif not title_seen and not content_seen_before and title_like(piece.text, 3 * params.heading_max_chars):
            piece.kind = "title"  # the first unpunctuated block of a document, even a long one
        elif shape == "content" or not heading_like(piece.text, 2 * params.heading_max_chars):
            piece.kind = "body"
        elif after == "byline" and _opening_byline(pieces, nxt, shapes):
            piece.kind = "title"
        elif len(piece.text) <= params.heading_max_chars and after in ("content", "list_item", "numbered"):
            piece.kind = "heading"
            guessed.append((piece, _after_title(pieces, i)))
        else:
            piece.kind = "body"
        title_seen = title_seen or piece.kind == "title"
    _demote_lone_heading(guessed)


def _next_kept(pieces: list[Piece]) -> list[int | None]:
    """For each piece, the index of the next one that is not a repeated heading (or None).

    >>> from .lines import Piece
    >>> pieces = [Piece([(i, i + 1)], [], "x", repeated=r) for i, r in enumerate([False, True, True, False])]
    >>> _next_kept(pieces)
    [3, 3, 3, None]
    """
    out: list[int | None] = [None] * len(pieces)
    nxt = None
    for k in range(len(pieces) - 1, -1, -1):
        out[k] = nxt
        if not pieces[k].repeated:
            nxt = k
    return out


def _after_title(pieces: list[Piece], i: int) -> bool:
    """Whether piece ``i`` reads as a subtitle: one phrase (no commas) and the nearest block
    before it that is not noise is the title."""
    if any(c in pieces[i].text for c in "，,；;、"):
        return False
    for k in range(i - 1, -1, -1):
        if pieces[k].kind in ("title", "heading"):
            return True
        if pieces[k].kind not in ("byline", "boilerplate", "caption", "marker"):
            return False
    return False


def _demote_lone_heading(guessed: list[tuple[Piece, bool]]) -> None:
    """Sections come in numbers: a single short line inside running text, with no other
    heading guessed in the document, is more likely a paragraph's cut-off first half than
    a section heading, so it stays ``body`` (a subtitle right under the title is kept)."""
    if len(guessed) == 1 and not guessed[0][1]:
        guessed[0][0].kind = "body"


def _opening_byline(pieces: list[Piece], k: int | None, shapes: list[str]) -> bool:
    """A byline that opens an article: marked with □/■, or followed by running text."""
    if k is None or pieces[k].kind != "byline":
        return False
    if pieces[k].text[:1] in "□■◇◆":
        return True
    return k + 1 < len(pieces) and shapes[k + 1] == "content"
