"""Text normalization rules, each one recorded step.

>>> from pipeline.core.edits import TextHistory
>>> h = TextHistory("重庆(2024),3:30 ＧＤＰ\\r\\n")
>>> normalize_line_ends(h); fullwidth_punctuation(h); halfwidth_alphanumerics(h)
>>> h.text
'重庆（2024），3:30 GDP\\n'
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

from ..core.edits import TextHistory

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
FULLWIDTH_OF = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
# CJK punctuation and full-width forms (not the curly quotes, which English uses too).
CJK_TEXT = re.compile(rf"[{HAN}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
HAN_CHAR = re.compile(f"[{HAN}]")
ASCII_PARENS = re.compile(r"\(([^()\n]{0,80})\)")
ASCII_MARK = re.compile(r"[,:;!?]")
FULLWIDTH_ALNUM_RANGES = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
# Line ends other than \n: what str.splitlines() splits on.
LINE_END_CHARS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_END = re.compile(f"\r\n?|[{LINE_END_CHARS}]")
# Zero-width, bidi and control characters (tab and \n stay; a zero-width joiner inside an
# emoji sequence stays).
INVISIBLE_RANGES = (
    (0x00, 0x08), (0x0E, 0x1B), (0x1F, 0x1F), (0x7F, 0x84), (0x86, 0x9F), (0xAD, 0xAD),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0xFEFF, 0xFEFF),
)
INVISIBLE = re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in INVISIBLE_RANGES) + "]")
EMOJI = re.compile("[\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]")


HAS_INVISIBLE, HAS_FULLWIDTH_ALNUM, HAS_LINE_END = 1, 2, 4


@lru_cache(maxsize=1)
def _flag_of_code_point():
    import numpy as np

    table = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
    for flag, ranges in ((HAS_INVISIBLE, INVISIBLE_RANGES), (HAS_FULLWIDTH_ALNUM, FULLWIDTH_ALNUM_RANGES)):
        for low, high in ranges:
            table[low : high + 1] |= flag
    table[[ord(c) for c in LINE_END_CHARS]] |= HAS_LINE_END
    return table


def normalizable(text: str) -> int:
    """Which of the character classes that :func:`normalize_line_ends`, :func:`remove_invisible`
    and :func:`halfwidth_alphanumerics` act on occur in ``text`` (bit flags), in one NumPy
    pass: most text holds none, and scanning for each class with its regex costs 10x more.

    >>> normalizable("重庆"), normalizable("a\\u200bb") == HAS_INVISIBLE, normalizable("ＧＤＰ\\x07") == HAS_INVISIBLE | HAS_FULLWIDTH_ALNUM
    (0, True, True)
    >>> normalizable("a\\r\\n") == HAS_LINE_END
    True
    """
    if not text:
        return 0
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return int(np.bitwise_or.reduce(_flag_of_code_point()[codes]))


def normalize_line_ends(history: TextHistory, flags: int | None = None) -> None:
    """``\\r\\n``, ``\\r`` and the other line ends of ``str.splitlines`` become ``\\n`` (``flags``:
    :func:`normalizable` of the text, when known)."""
    if flags is not None and not flags & HAS_LINE_END:
        return
    if any(c in history.text for c in LINE_END_CHARS):
        history.sub(LINE_END, lambda m: "\n", op="line_end")


def remove_invisible(history: TextHistory, flags: int | None = None) -> None:
    """Zero-width, bidi and control characters are removed (``flags``: :func:`normalizable` of
    the text, when known).

    >>> h = TextHistory("a\u200bb\x07c 👨\u200d👩"); remove_invisible(h); h.text
    'abc 👨\u200d👩'
    """
    if flags is not None and not flags & HAS_INVISIBLE:
        return

    def keep_emoji_joiner(m: re.Match) -> str | None:
        if m.group() == "\u200d" and m.start() and EMOJI.match(m.string, m.start() - 1):
            return None
        return ""

    history.sub(INVISIBLE, keep_emoji_joiner, op="remove_invisible")


def nfc(history: TextHistory) -> None:
    """Unicode NFC (never NFKC, which folds the punctuation we keep)."""
    text = history.text
    if unicodedata.is_normalized("NFC", text):
        return
    # with the ASCII character before each run: a combining mark may compose with it
    history.sub(r"[\x00-\x7f]?[^\x00-\x7f]+", lambda m: unicodedata.normalize("NFC", m.group()), op="nfc")


def touches_cjk(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has Han text (or CJK punctuation) right before or after it.

    A curly quote counts when Han text is behind it (“三保”, but not the English “Hello”).

    >>> [touches_cjk(t, 1, 2) for t in ("年,3", "1,0", "”,底", "”,x")]
    [True, False, True, False]
    >>> touches_cjk("保”,x", 2, 3), touches_cjk("o”,x", 2, 3)
    (True, False)
    """
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before and before in "”’":
        before = text[start - 2] if start > 1 else ""
    if after and after in "“‘":
        after = text[end + 1] if end + 1 < len(text) else ""
    return bool(CJK_TEXT.match(before) or CJK_TEXT.match(after))


def fullwidth_punctuation(history: TextHistory) -> None:
    """ASCII ``, : ; ! ? ( )`` in Han text become full-width.

    Two steps. First bracket pairs that touch Han text or hold some: Chinese typography
    (GB/T 15834) sets brackets full-width whatever they hold, so ``协定(RCEP)`` becomes
    ``协定（RCEP）``, while ``Apple (AAPL) rose`` stays. Then marks touching Han text (or a
    bracket made full-width); between digits (``3:30``, ``1,000``) or inside ASCII text (URLs,
    e-mail, English sentences) they stay.

    >>> h = TextHistory("《 人民日報 》( 2023年 03 版)加入(RCEP),Apple (AAPL) rose, 3:30 and 1,000")
    >>> fullwidth_punctuation(h); h.text
    '《 人民日報 》（ 2023年 03 版）加入（RCEP），Apple (AAPL) rose, 3:30 and 1,000'
    """
    if "(" in history.text:
        history.sub(
            ASCII_PARENS,
            lambda m: f"（{m.group(1)}）"
            if touches_cjk(m.string, m.start(), m.end()) or HAN_CHAR.search(m.group(1))
            else None,
            op="fullwidth_punctuation",
        )
    if not any(mark in history.text for mark in FULLWIDTH_OF if mark not in "()"):
        return  # a str search per mark is 10x faster than the regex scan
    history.sub(
        ASCII_MARK,
        lambda m: FULLWIDTH_OF[m.group()] if touches_cjk(m.string, m.start(), m.end()) else None,
        op="fullwidth_punctuation",
    )


def halfwidth_alphanumerics(history: TextHistory, flags: int | None = None) -> None:
    """``１９７９`` -> ``1979``, ``ＧＤＰ`` -> ``GDP`` (``flags``: :func:`normalizable` of the text, when known)."""
    if flags is not None and not flags & HAS_FULLWIDTH_ALNUM:
        return
    history.sub(
        FULLWIDTH_ALNUM,
        lambda m: "".join(chr(ord(c) - 0xFEE0) for c in m.group()),
        op="halfwidth_alphanumerics",
    )
