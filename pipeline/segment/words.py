"""Is a word cut in two at a break? The lexical evidence for re-joining a paragraph.

A page layout breaks lines anywhere, also inside a word (``…具`` / ``有很强的…``,
``…衛生福利部次`` / ``長周志浩…``); a heading never ends in the middle of a word. So when
the last character of one block and the first of the next form a common word, and the
last two characters of the first block do not, the first block was cut off. Words come
from jieba's dictionary (loaded lazily, once per process, only when a case needs it);
Traditional text is looked up through OpenCC's t2s.

>>> splits_word("大力推进高质量发展取", "得了新进展新突破。")
True
>>> splits_word("加快构建一体两核多点新格局", "面向未来，重庆将…")
False
>>> splits_word("推进川渝高质量发展", "政府工作报告提出")
False
"""

from __future__ import annotations

import logging
from functools import lru_cache

MIN_FREQ = 50  # jieba counts; rarer dictionary entries are not evidence


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt.FREQ


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def is_word(s: str) -> bool:
    return _words().get(s, 0) >= MIN_FREQ


def splits_word(a: str, c: str) -> bool:
    """Whether ``a`` + ``c`` cuts a two-character word in half at their junction."""
    if len(a) < 2 or not c or not ("\u4e00" <= a[-1] <= "\u9fff" and "\u4e00" <= c[0] <= "\u9fff"):
        return False
    window = _t2s().convert(a[-2:] + c[0])
    if len(window) != 3:
        return False
    return is_word(window[1:]) and not is_word(window[:2])
