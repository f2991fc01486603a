"""What a block's text looks like at its edges: does it end a sentence, start one, or
look like a heading? Pure string tests, shared by re-joining and kind classification.

>>> ends_sentence("他说道。"), ends_sentence("重要基石，具"), ends_sentence("“六个显著提升”")
(True, False, False)
>>> heading_like("加强区域合作，推进川渝高质量发展"), heading_like("他说，从报告中不难读出，从发展战略上")
(True, False)
"""

from __future__ import annotations

import re
from operator import le

from .rules import CLAUSE_MARKS, CLOSERS, NO_START_CHARS, NON_FINAL_END, PARAGRAPH_OPENER, QUOTE_CLOSE, QUOTE_OPEN, SENTENCE_FINAL

CLAUSE_STOP = set(CLAUSE_MARKS + "、：:" + SENTENCE_FINAL)
# The same tests as regexes and bound methods: one C call per text, not a Python step per character.
_CLAUSE_STOP_RE = re.compile("[" + re.escape("".join(sorted(CLAUSE_STOP))) + "]")
_SENTENCE_FINAL_RE = re.compile("[" + re.escape(SENTENCE_FINAL) + "]")


def ends_sentence(text: str) -> bool:
    """Ends with sentence-final punctuation (an ASCII full stop too, for English passages),
    a closing bracket, or a quote closing a sentence.

    A closing quote right after a word (``“六个显著提升”``) closes a term, not a sentence.
    """
    text = text.rstrip()
    if not text:
        return True
    last = text[-1]
    if last in SENTENCE_FINAL or last in CLOSERS or last == ".":
        return True
    if last in QUOTE_CLOSE:
        return len(text) < 2 or text[-2] in SENTENCE_FINAL or text[-2] in QUOTE_CLOSE
    return False


def ends_clause(text: str) -> bool:
    """Ends inside a sentence: comma, enumeration comma, semicolon or dash (a colon
    introduces what follows, which may well be a paragraph of its own).

    >>> ends_clause("呈两位数高速增长，"), ends_clause("各位代表：")
    (True, False)
    """
    return bool(text) and text[-1] in NON_FINAL_END and text[-1] not in "：:"


def clause_marks(text: str) -> int:
    """How many commas and semicolons ``text`` holds.

    >>> clause_marks("一，二,三；四")
    3
    """
    return sum(map(text.count, CLAUSE_MARKS))


def heading_like(text: str, max_chars: int = 32) -> bool:
    """Short, one phrase (no full stop inside, at most one comma or enumeration comma, no
    bracket or quote left open), unpunctuated at the end: could be a heading.

    >>> heading_like("截至本月，政府启动的「投资台湾三大方"), heading_like("药局、医疗机构和药厂，一起")
    (False, False)
    """
    return (
        0 < len(text) <= max_chars
        and not _SENTENCE_FINAL_RE.search(text)
        and clause_marks(text) + text.count("、") <= 1
        and balanced(text)
        and not ends_sentence(text)
        and text[-1] not in NON_FINAL_END
    )


PAIRS = {"（": "）", "(": ")", "「": "」", "『": "』", "“": "”", "《": "》", "【": "】", "[": "]"}
_OPENERS, _CLOSERS = tuple(PAIRS), tuple(PAIRS.values())


def balanced(text: str) -> bool:
    """Every bracket or quote opened in ``text`` is closed in it.

    >>> balanced("（一）“好”"), balanced("《人民日报")
    (True, False)
    """
    count = text.count
    return all(map(le, map(count, _OPENERS), map(count, _CLOSERS)))


def title_like(text: str, max_chars: int = 96) -> bool:
    """A document's first line can be a long title: no full stop anywhere, not cut off
    after a comma; enumerations and brackets are fine.

    >>> title_like("1964年中华人民共和国国务院政府工作报告（摘要）"), title_like("各位代表：")
    (True, False)
    """
    return 0 < len(text) <= max_chars and not _SENTENCE_FINAL_RE.search(text) and text[-1] not in NON_FINAL_END


def first_clause_len(text: str) -> int:
    """Characters before the first punctuation mark (leading quotes skipped).

    >>> first_clause_len("看，新时代西部大开发"), first_clause_len("“当前，国际")
    (1, 2)
    """
    text = text.lstrip(QUOTE_OPEN)
    m = _CLAUSE_STOP_RE.search(text)
    return m.start() if m else len(text)


def starts_midsentence(text: str) -> bool:
    """Begins like the second half of a sentence: a one-character clause (``看，…``), a
    character that never begins a sentence, or punctuation."""
    if not text:
        return False
    return first_clause_len(text) <= 1 or text[0] in NO_START_CHARS or text[0] in CLAUSE_STOP


def opens_paragraph(text: str) -> bool:
    """Begins the way new paragraphs do (``一是``, ``（三）``, ``——``, ``此外``)."""
    return PARAGRAPH_OPENER.matches(text)
