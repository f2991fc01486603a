"""Small pure repairs, each one step of a :class:`TextHistory`.

>>> from pipeline.core.edits import TextHistory
>>> h = TextHistory("現(xiàn)在(2024)&nbsp;")
>>> fix_pinyin_leaks(h); fix_html_entities(h)
>>> h.text
'現在(2024)\\xa0'
"""

from __future__ import annotations

import html
import re

from ..core.edits import TextHistory

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_LEAK = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-zü{TONED}]*[{TONED}])[a-zü{TONED}]{{1,7}}\)")
HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
DAMAGE = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fix_pinyin_leaks(history: TextHistory) -> None:
    """``現(xiàn)在`` -> ``現在``; ``(RCEP)``, ``(2024)``, ``(街道)`` stay."""
    if "(" in history.text:
        history.sub(PINYIN_LEAK, lambda m: "", op="pinyin_leak", detail="tone-marked pinyin after a Han character")


def fix_html_entities(history: TextHistory) -> None:
    """``&nbsp;`` -> U+00A0, ``&amp;`` -> ``&``; unknown names stay."""
    if "&" in history.text:
        def unescape(m: re.Match) -> str | None:
            out = html.unescape(m.group())
            return out if out != m.group() else None
        history.sub(HTML_ENTITY, unescape, op="html_entity")


def flag_damage(history: TextHistory) -> None:
    """Count U+FFFD, private-use and control characters as damage (text unchanged)."""
    spans = [(m.start(), m.end(), m.group(), "unrepairable character", 1) for m in DAMAGE.finditer(history.text)]
    history.replace(spans, op="damage")
