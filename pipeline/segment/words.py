"""Is a word cut in two at a break? The lexical evidence for re-joining a paragraph.

A page layout breaks lines anywhere, also inside a word (``…具`` / ``有很强的…``,
``…衛生福利部次`` / ``長周志浩…``); a heading never ends in the middle of a word. So when
the last character of one block and the first of the next form a common word, and the
last two characters of the first block do not, the first block was cut off. Words come
from jieba's dictionary (a shipped list of its two-character words, loaded once per
process when a case needs it);
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
from pathlib import Path

MIN_FREQ = 50  # jieba counts; rarer dictionary entries are not evidence
WORD_LIST = Path(__file__).resolve().parent / "data" / "two_char_words.txt"


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    """The two-character words of jieba's dictionary with frequency ≥ MIN_FREQ (shipped as
    a list built by ``benchmarks/build_wordlist.py``: milliseconds instead of jieba's 1.7 s)."""
    with WORD_LIST.open(encoding="utf-8") as lines:
        return frozenset(line.rstrip("\n") for line in lines if not line.startswith("#"))


def jieba_two_char_words() -> set[str]:
    """The same words, from the installed jieba (to build and check the shipped list)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return {w for w, n in jieba.dt.FREQ.items() if len(w) == 2 and n >= MIN_FREQ}


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def is_word(s: str) -> bool:
    """Whether the two characters ``s`` are a common word.

    >>> is_word("发展"), is_word("展取")
    (True, False)
    """
    return s in _words()


def splits_word(a: str, c: str) -> bool:
    """Whether ``a`` + ``c`` cuts a two-character word in half at their junction."""
    if len(a) < 2 or not c or not ("\u4e00" <= a[-1] <= "\u9fff" and "\u4e00" <= c[0] <= "\u9fff"):
        return False
    window = _t2s().convert(a[-2:] + c[0])
    if len(window) != 3:
        return False
    return is_word(window[1:]) and not is_word(window[:2])
