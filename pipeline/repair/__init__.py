"""Stage ``repair``: mojibake and scraper residue, every change recorded."""

from __future__ import annotations

from ..core.edits import Edit, TextHistory
from .fixes import fix_html_entities, fix_pinyin_leaks, flag_damage
from .params import RepairParams


def repair_text(text: str, params: RepairParams = RepairParams()) -> tuple[str, list[Edit]]:
    """Repair one document's text; returns the text and the edits that made it.

    >>> repair_text("發(fā)展(RCEP)")[0]
    '發展(RCEP)'
    >>> repair_text("干净的中文。") == ("干净的中文。", [])
    True
    """
    history = TextHistory(text)
    if params.html_entities:
        fix_html_entities(history)
    if params.pinyin_leaks:
        fix_pinyin_leaks(history)
    flag_damage(history)
    return history.text, history.edits


__all__ = ["RepairParams", "repair_text"]
