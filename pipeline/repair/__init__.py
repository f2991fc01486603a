"""Stage ``repair``: mojibake and scraper residue, every change recorded.

Fixers run in this order, each one :class:`~pipeline.core.edits.TextHistory` step whose
``detail`` is the replayable plan; a cheap gate decides whether a fixer looks at a line at
all (on clean text, one :class:`~.gate.Scan` pass serves every gate), and a repair is kept only if it makes the span clearly more plausible as Chinese
(:mod:`.badness`). Characters that could not be recovered are flagged (``damage``).

1. :mod:`.entities`: HTML entities (``&nbsp;``, ``&#65292;``).
2. :mod:`.cjk_mojibake`: re-encoding mojibake (UTF-8 as GBK, Big5 <-> GBK, and through
   :mod:`.latin_mojibake` the Latin-1/cp1252 layers).
3. :mod:`.pinyin`: tone-marked pinyin leaked in parentheses after a Han character.
4. :mod:`.misalignment`: GBK byte misalignment after a lost byte (sample 002), and lossy
   Big5 <-> GBK; then :mod:`.pinyin` once more, for leaks whose ``(`` a lost byte swallowed.
5. :mod:`.damage`: U+FFFD, private-use and control characters left, flagged.
"""

from __future__ import annotations

from ..core.edits import Edit, TextHistory
from .cjk_mojibake import fix_reencoding
from .damage import flag_damage
from .entities import fix_html_entities
from .gate import Scan
from .misalignment import fix_misalignment
from .params import RepairParams
from .pinyin import fix_pinyin_leaks


def repair_text(text: str, params: RepairParams = RepairParams()) -> tuple[str, list[Edit]]:
    """Repair one document's text; returns the text and the edits that made it.

    >>> repair_text("發(fā)展(RCEP)")[0]
    '發展(RCEP)'
    >>> repair_text("干净的中文。") == ("干净的中文。", [])
    True
    >>> repair_text("通知：" + "国务院办".encode().decode("gbk"))[0]
    '通知：国务院办'
    """
    history = TextHistory(text)
    if params.html_entities:
        fix_html_entities(history)
    scan = Scan(history.text)  # one pass; the fixers use it while the text is unchanged
    if params.mojibake:
        fix_reencoding(history, scan)
    if params.pinyin_leaks:
        fix_pinyin_leaks(history, scan)
    if params.misalignment and fix_misalignment(history) and params.pinyin_leaks:
        fix_pinyin_leaks(history)  # a lost byte may have swallowed the ``(`` of a leak
    flag_damage(history, scan)
    return history.text, history.edits


__all__ = ["RepairParams", "repair_text"]
