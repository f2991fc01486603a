"""Pinyin leaks: tone-marked pinyin in parentheses after a Han character (``現(xiàn)在``).

Web pages that annotate readings lose their ``<ruby>`` markup in scraping and leave the
pinyin in the text. Only tone-marked syllables after a Han character are removed, so real
parentheses stay. After a character lost to misalignment (U+FFFD, or a ``?`` left by the
lost byte) the ``(`` may be gone too: the lost byte swallowed it.

>>> from pipeline.core.edits import TextHistory
>>> h = TextHistory("現(xiàn)在(RCEP)(街道)(四)(2024)(de)\\ufffdyōu)服務")
>>> fix_pinyin_leaks(h)
>>> h.text
'現在(RCEP)(街道)(四)(2024)(de)\\ufffd服務'
"""

from __future__ import annotations

import re

from ..core.edits import TextHistory

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = rf"(?=[a-zü{TONED}]*[{TONED}])[a-zü{TONED}]{{1,7}}\)"
TONED_GATE = re.compile(f"[{TONED}]")
PINYIN_LEAK = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\({_SYLLABLE}|(?<=[\ufffd?])\(?{_SYLLABLE}")


def fix_pinyin_leaks(history: TextHistory) -> None:
    """Remove the leaked pinyin; ``(RCEP)``, ``(2024)``, ``(街道)`` stay."""
    if TONED_GATE.search(history.text):
        history.sub(PINYIN_LEAK, lambda m: "", op="pinyin_leak", detail="tone-marked pinyin after a Han character")
