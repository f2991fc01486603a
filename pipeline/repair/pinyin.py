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
from .gate import Scan

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = rf"(?=[a-zü{TONED}]*[{TONED}])[a-zü{TONED}]{{1,7}}\)"
TONED_GATE = re.compile(f"[{TONED}]")
PINYIN_LEAK = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\({_SYLLABLE}|(?<=[\ufffd?])\(?{_SYLLABLE}")


def leak_spans(text: str, toned: list[int] | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, "")`` for each match of :data:`PINYIN_LEAK`, as ``finditer`` finds them,
    but the regex looks only around the tone marks (a leak is at most 9 characters long
    and holds one within its first 8), not at every character of the text. ``toned`` are
    the positions of the tone marks, if known.

    >>> leak_spans("現(xiàn)在，發(fā)展，é")
    [(1, 7, ''), (10, 14, '')]
    """
    spans, pos = [], 0
    marks = iter(toned) if toned is not None else (m.start() for m in TONED_GATE.finditer(text))
    for t in marks:
        if t < pos:
            continue  # inside the leak just found
        m = PINYIN_LEAK.search(text, max(pos, t - 8), t + 10)
        if m is not None and m.start() <= t:
            spans.append((m.start(), m.end(), ""))
            pos = m.end()
    return spans


def fix_pinyin_leaks(history: TextHistory, scan: Scan | None = None) -> None:
    """Remove the leaked pinyin; ``(RCEP)``, ``(2024)``, ``(街道)`` stay."""
    text = history.text
    if scan is not None and scan.fresh(text):
        toned = scan.positions(TONED_GATE)
        if toned:
            history.replace(leak_spans(text, toned), op="pinyin_leak", detail="tone-marked pinyin after a Han character")
    elif TONED_GATE.search(text):
        history.replace(leak_spans(text), op="pinyin_leak", detail="tone-marked pinyin after a Han character")
