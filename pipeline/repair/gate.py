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
from itertools import islice

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
#: a rare character or an ASCII control character (flagged as damage): what :class:`Scan` looks for
NOTABLE = re.compile(_RARE.replace("[^\\x00-\\x7f", "[^\\x09\\x0a\\x0d\\x20-\\x7e", 1))
#: a character :mod:`.damage` flags: U+FFFD, private use, control
DAMAGE_CHAR = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: the whole run of rare characters, looked for only in the lines the pair picked
UNCOMMON_RUN = re.compile(f"{_RARE}{{2,}}")
#: a ``?`` touching non-ASCII text: a byte lost inside a GBK run (sample 002)
#: (written to start with the literal ``?``, which the regex engine finds fast)
LOST_BYTE_GATE = re.compile(r"\?(?:(?<=[^\x00-\x7f\s]\?)|(?=[^\x00-\x7f\s]))")


class Scan:
    """One pass over a text for its rare and control characters, which tells each fixer
    whether (and on which lines) to look; most text is clean, and this is its only pass.

    A text with many hits is *dense* (mojibake, or a script the model does not know); then
    the fixers run their own gates. A fixer uses the scan only while the text is unchanged.

    >>> scan = Scan("好\\n鍥藉姟闄㈠姙\\nxiàn\\x07")
    >>> scan.pair_lines(), scan.has_any(re.compile("[àá]")), scan.has_damage()
    ([(2, '鍥藉姟闄㈠姙')], True, True)
    >>> Scan("干净的中文。").pair_lines(), Scan("鍥藉" * 100).dense
    ([], True)
    """

    def __init__(self, text: str):
        self.text = text
        limit = 64 + len(text) // 16
        #: positions of the rare and control characters (the first ``limit + 1`` of them)
        self.hits = list(map(re.Match.start, islice(NOTABLE.finditer(text), limit + 1)))
        self.dense = len(self.hits) > limit
        #: the characters at :attr:`hits`, as one string
        self.chars = "".join(map(text.__getitem__, self.hits))

    def fresh(self, text: str) -> bool:
        """True if this scan may stand in for the gates on ``text``."""
        return not self.dense and text is self.text

    def pair_lines(self) -> list[tuple[int, str]]:
        """:func:`suspect_lines` of the text for :data:`UNCOMMON_PAIR`, from the hits."""
        text, hits = self.text, self.hits
        follows = set(hits).intersection(map((1).__add__, hits))  # q such that q - 1 is a hit too
        out, last_end = [], -1
        for q in sorted(follows):
            p = q - 1
            if p < last_end or text[p] < "\x80" or text[q] < "\x80":
                continue  # a control character is no rare pair; one hit per line is enough
            start = text.rfind("\n", 0, p) + 1
            end = text.find("\n", p)
            last_end = end = end if end >= 0 else len(text)
            out.append((start, text[start:end]))
        return out

    def triples(self) -> list[int]:
        """Sorted starts of three rare characters in a row (where :data:`UNCOMMON_RUN` finds
        a run of at least 3).

        >>> Scan("好鍥藉姟闄㈠姙，好").triples()  # 藉 is common
        [3, 4]
        """
        text, hits = self.text, set(self.hits)
        two = hits.intersection(map((-1).__add__, hits))  # p with p + 1 a hit too
        three = two.intersection(map((-1).__add__, two))  # p with p + 1 and p + 2 hits too
        return sorted(p for p in three if min(text[p : p + 3]) > "\x7f")

    def has_any(self, chars: re.Pattern) -> bool:
        """True if the text holds a character ``chars`` matches (rare characters only)."""
        return chars.search(self.chars) is not None

    def positions(self, chars: re.Pattern) -> list[int]:
        """Where the text holds a character ``chars`` matches (rare characters only), in order."""
        hits = self.hits
        return [hits[i] for i in map(re.Match.start, chars.finditer(self.chars))]

    def has_damage(self) -> bool:
        """True if the text holds U+FFFD, a private-use or a control character."""
        return "\ufffd" in self.text or DAMAGE_CHAR.search(self.chars) is not None

    def no_damage_after(self, edits: list) -> bool:
        """True if the text, scanned before ``edits`` were made, still holds no damage after them.

        Every character of the edited text was in the scanned text or is in an edit's ``after``.
        """
        return not self.dense and not self.has_damage() and not DAMAGE_CHAR.search("".join([e.after for e in edits]))


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
