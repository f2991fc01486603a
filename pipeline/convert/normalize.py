"""Text normalization rules, each one recorded step.

>>> from pipeline.core.edits import TextHistory
>>> h = TextHistory("重庆(2024),3:30 ＧＤＰ\\r\\n")
>>> normalize_line_ends(h); fullwidth_punctuation(h); halfwidth_alphanumerics(h)
>>> h.text
'重庆（2024），3:30 GDP\\n'
"""

from __future__ import annotations

import re
import unicodedata

from ..core.edits import TextHistory

HAN = r"\u3400-\u9fff\uf900-\ufaff"
FULLWIDTH_OF = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
CJK_CONTEXT = HAN + "\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\u201c\u201d\u2018\u2019"
# A bracket opened or closed against Han text; its partner within the line goes with it.
ASCII_PARENS_BY_HAN = re.compile(rf"(?<=[{HAN}])\(([^()\n]{{0,60}})\)|\(([^()\n]{{0,60}})\)(?=[{HAN}])")
# A mark touching Han text or CJK punctuation; between two digits (3:30, 1,000) it never matches.
ASCII_MARK_BY_HAN = re.compile(rf"(?<=[{CJK_CONTEXT}])[,:;!?]|[,:;!?](?=[{CJK_CONTEXT}])")
FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_line_ends(history: TextHistory) -> None:
    """``\\r\\n`` and ``\\r`` become ``\\n``."""
    if "\r" in history.text:
        history.sub(r"\r\n?", lambda m: "\n", op="line_end")


def remove_invisible(history: TextHistory) -> None:
    """Zero-width and control characters are removed."""
    history.sub(INVISIBLE, lambda m: "", op="remove_invisible")


def nfc(history: TextHistory) -> None:
    """Unicode NFC (never NFKC, which folds the punctuation we keep)."""
    text = history.text
    if unicodedata.is_normalized("NFC", text):
        return
    history.sub(r"[^\x00-\x7f]+", lambda m: unicodedata.normalize("NFC", m.group()), op="nfc")


def fullwidth_punctuation(history: TextHistory) -> None:
    """ASCII ``, : ; ! ? ( )`` touching a Han character become full-width (two steps:
    brackets first, so a mark after a converted bracket sees CJK context)."""
    history.sub(
        ASCII_PARENS_BY_HAN,
        lambda m: "（" + (m.group(1) if m.group(1) is not None else m.group(2)) + "）",
        op="fullwidth_punctuation",
    )
    history.sub(ASCII_MARK_BY_HAN, lambda m: FULLWIDTH_OF[m.group()], op="fullwidth_punctuation")


def halfwidth_alphanumerics(history: TextHistory) -> None:
    """``１９７９`` -> ``1979``, ``ＧＤＰ`` -> ``GDP``."""
    history.sub(
        FULLWIDTH_ALNUM,
        lambda m: "".join(chr(ord(c) - 0xFEE0) for c in m.group()),
        op="halfwidth_alphanumerics",
    )
