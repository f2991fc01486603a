"""Cheap checks that decide whether a fixer looks at a text at all (most text is clean).

Each gate is one precompiled regular expression; on the clean corpus they run at
hundreds of MB/s, and only the lines they pick go to the (slow) fixers.

>>> bool(UNCOMMON_PAIR.search("鍥藉姟闄㈠姙")), bool(UNCOMMON_PAIR.search("国务院办公厅"))
(True, False)
>>> bool(LATIN_GATE.search("Ã¤Â¸Â­")), bool(LATIN_GATE.search("“引号”——破折号…"))
(True, False)
>>> bool(LOST_BYTE_GATE.search("?。ㄒ唬")), bool(LOST_BYTE_GATE.search("what? 什么"))
(True, False)
"""

from __future__ import annotations

import re

from ..core.hanzi import common_chars

#: cp1252's printable characters in 0x80-0x9F (``€``, ``–``, ``“`` ...)
CP1252_EXTRA = "".join(
    ch for ch in bytes(range(0x80, 0xA0)).decode("cp1252", errors="replace") if ch != "\ufffd"
)
LATIN = re.escape("".join(chr(c) for c in range(0x80, 0x100)) + CP1252_EXTRA)
#: two Latin-1/cp1252 characters in a row, one of them a letter-like 0xC0-0xFF
LATIN_GATE = re.compile(f"[\\xc0-\\xff][{LATIN}]|[{LATIN}][\\xc0-\\xff]")


def _common_class() -> str:
    """Characters real Chinese text uses often (log10 p > -5.5): never a gate hit."""
    return re.escape("".join(ch for ch in common_chars(-5.5) if ord(ch) > 0x24F))


_RARE = f"[^\\x00-\\x7f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000{_common_class()}\ufffd]"
#: two rare characters in a row (rare Han, Latin-1 letters, bopomofo, private use): the mark
#: of every mojibake family, and the one gate that scans all text (a fixed pair, not ``{2,}``:
#: the regex engine searches for it about twice as fast)
UNCOMMON_PAIR = re.compile(_RARE * 2)
#: the whole run of rare characters, looked for only in the lines the pair picked
UNCOMMON_RUN = re.compile(f"{_RARE}{{2,}}")
#: a ``?`` touching non-ASCII text: a byte lost inside a GBK run (sample 002)
#: (written to start with the literal ``?``, which the regex engine finds fast)
LOST_BYTE_GATE = re.compile(r"\?(?:(?<=[^\x00-\x7f\s]\?)|(?=[^\x00-\x7f\s]))")


def suspect_lines(text: str, *gates: re.Pattern) -> list[tuple[int, str]]:
    """``(offset, line)`` for each line of ``text`` that any of ``gates`` matches.

    >>> suspect_lines("好\\nÖÐÎÄ\\n好", LATIN_GATE)
    [(2, 'ÖÐÎÄ')]
    """
    out, seen = [], set()
    for gate in gates:
        pos = 0
        while (m := gate.search(text, pos)) is not None:
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end())
            end = end if end >= 0 else len(text)
            if start not in seen:
                seen.add(start)
                out.append((start, text[start:end]))
            pos = end  # one hit per line is enough
    return sorted(out)


def mostly_lost(line: str) -> bool:
    """More than half U+FFFD: too few bytes left to re-read (``锟斤拷`` text); only flag it.

    >>> mostly_lost("\ufffd\ufffd꣬"), mostly_lost("鍥藉姟\ufffd")
    (True, False)
    """
    return line.count("\ufffd") * 2 > len(line)
