"""Article numbers: where a file holding several articles starts a new one.

A new article starts, once the current one has running text, at a title, at an opening
byline (``□…记者 NAME`` or a byline followed by running text; column labels just before
it come along), at a continued-from marker ``（上接1版）``, and after a continued-to
marker ``（下转2版）``. Blocks that fell inside a broken paragraph (interrupters) never
start one: they belong to the article around them.

>>> from .lines import Piece
>>> kinds = ["title", "body", "marker", "body", "title", "byline", "body"]
>>> pieces = [Piece([(i, i + 1)], [], "x", kind=k) for i, k in enumerate(kinds)]
>>> pieces[2].rule = "continued_from"
>>> number_articles(pieces)
[0, 0, 1, 1, 2, 2, 2]
"""

from __future__ import annotations

from .lines import Piece

CONTENT = ("body", "list_item")
OPENING_MARKS = "□■◇◆"


def _opens(pieces: list[Piece], i: int) -> bool:
    piece = pieces[i]
    if piece.kind == "title" or piece.rule == "continued_from":
        return True
    if i > 0 and pieces[i - 1].rule == "continued_to":
        return True
    if piece.kind == "byline" and piece.rule == "reporter_byline":
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        return piece.text[:1] in OPENING_MARKS or (nxt is not None and nxt.kind == "body")
    return False


def number_articles(pieces: list[Piece]) -> list[int]:
    """Article number of each piece (pieces in reading order), 0-based."""
    numbers: list[int] = []
    article, has_content = 0, False
    for i, piece in enumerate(pieces):
        if not piece.interrupter and has_content and _opens(pieces, i):
            article, has_content = article + 1, False
            k = i - 1
            while k >= 0 and pieces[k].rule == "column_label" and numbers[k] == article - 1:
                numbers[k] = article
                k -= 1
        numbers.append(article)
        has_content = has_content or (piece.kind in CONTENT and not piece.interrupter)
    return numbers
