"""Flag what is left broken: U+FFFD, private-use and control characters (text unchanged).

Each flag is an edit with ``before == after`` and ``damage`` 1 per character; publish sums
them into ``paragraphs.damage``.

>>> from pipeline.core.edits import TextHistory
>>> h = TextHistory("a\\ufffdb\\ue000")
>>> flag_damage(h)
>>> [(e.start, e.damage, e.detail) for e in h.edits]
[(1, 1, 'lost character (U+FFFD)'), (3, 1, 'private-use character')]
"""

from __future__ import annotations


from ..core.edits import TextHistory
from .gate import DAMAGE_CHAR, Scan

DAMAGE = DAMAGE_CHAR
REASON = {"\ufffd": "lost character (U+FFFD)"}


def _reason(ch: str) -> str:
    if ch in REASON:
        return REASON[ch]
    return "private-use character" if "\ue000" <= ch <= "\uf8ff" else "control character"


def flag_damage(history: TextHistory, scan: Scan | None = None) -> None:
    """One step of flags, one per damaged character.

    ``scan`` is a :class:`~.gate.Scan` of the history's text before some of its edits: if
    that text held no damage and no edit brought any, there is nothing to flag.
    """
    if scan is not None and scan.no_damage_after(history.edits):
        return
    spans = [(m.start(), m.end(), m.group(), _reason(m.group()), 1) for m in DAMAGE.finditer(history.text)]
    history.replace(spans, op="damage")
