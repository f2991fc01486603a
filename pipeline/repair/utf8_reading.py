"""UTF-8 read as GBK/GB18030 (``鍥藉姟闄㈠姙`` -> ``国务院办``): the readings of a run and of its trims.

A run of rare characters is re-encoded as GB18030 and read as UTF-8; each U+FFFD the GBK
decoder left stands for one lost byte, so the one character it hit comes back as U+FFFD.
The reading is built from the parts between lost bytes, each read once and cached, and
scored from exact sums (:mod:`.badness`), so the up to 25 trims of a run
(:func:`best_trim`) cost little more than the run itself.

>>> utf8_reading("鍥藉姟闄㈠姙")
'国务院办'
>>> best_trim("通知：鍥藉姟闄㈠姙", 0, 9)[1:]
(3, 9, '国务院办')
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, repeat

from .badness import BASELINE, LOST_COST, MIN_GAIN, prefix_scores, score

LOST = "\ufffd"
LOST_CHAR = re.compile(LOST)
UTF8_RUN = re.compile(rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+")
#: how many characters a UTF-8 span may give back to its clean neighbours at each end
TRIM = 4


def leading_continuations(raw: bytes, limit: int = 3) -> int:
    """How many UTF-8 continuation bytes ``raw`` starts with, up to ``limit`` (the most a
    character has).

    >>> leading_continuations(b"\\x8a\\xa1\\xe9"), leading_continuations(b"a\\x8a")
    (2, 0)
    """
    n = 0
    while n < len(raw) and n < limit and 0x80 <= raw[n] < 0xC0:
        n += 1
    return n


def incomplete_tail(raw: bytes) -> tuple[int, int]:
    """``(bytes present, bytes missing)`` of an incomplete UTF-8 character at the end of
    ``raw``, or ``(0, 0)`` if its last character is complete.

    >>> incomplete_tail("国".encode()[:2]), incomplete_tail("国".encode()), incomplete_tail(b"ab")
    ((2, 1), (0, 0), (0, 0))
    """
    for back in range(1, min(4, len(raw)) + 1):
        b = raw[-back]
        if b < 0x80:
            break
        if b >= 0xC0:
            need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            return (back, need - back) if need > back else (0, 0)
    return 0, 0


def utf8_piece(seg: bytes, cut: bool, drop: bool) -> str:
    """One part of :func:`utf8_lossy`: ``cut`` the rest of a character that lost its first
    byte(s), ``drop`` an incomplete last sequence (its lost byte comes next), decode."""
    if cut:
        seg = seg[leading_continuations(seg):]  # the rest of the character that lost a byte
    if drop:
        present = incomplete_tail(seg)[0]
        if present:
            seg = seg[:-present]
    return seg.decode("utf-8", errors="replace")


def utf8_lossy(parts: list[bytes]) -> str:
    """Decode UTF-8 split at lost bytes: one U+FFFD per lost byte, for the character it hit.

    >>> utf8_lossy([b"\\xe5\\x9b\\xbd\\xe5", b"\\x8a\\xa1\\xe9\\x99\\xa2"])  # 国务院, 务 lost a byte
    '国\ufffd院'
    """
    last = len(parts) - 1
    return LOST.join([utf8_piece(seg, k > 0, k < last) for k, seg in enumerate(parts)])


class _Pieces(dict):
    """``part -> utf8_piece(part in GB18030, cut, drop)`` for one ``(cut, drop)``, filled on first use."""

    def __init__(self, cut: bool, drop: bool):
        super().__init__()
        self.cut, self.drop = cut, drop

    def __missing__(self, part: str) -> str:
        if len(self) > 50_000:
            self.clear()  # a cache, not a record of every document
        piece = self[part] = utf8_piece(part.encode("gb18030"), self.cut, self.drop)
        return piece


_PIECES = {(cut, drop): _Pieces(cut, drop) for cut in (False, True) for drop in (False, True)}
_MIDDLE = _PIECES[True, True].__getitem__


def utf8_reading(text: str) -> str | None:
    """``text`` re-encoded as GB18030 and read as UTF-8 (each U+FFFD one lost byte).

    Each part between lost bytes is read once (:data:`_PIECES`): the trims of a run
    share all but their first and last parts.
    """
    parts = text.split(LOST)
    last = len(parts) - 1
    try:
        if last == 0:
            out = _PIECES[False, False][text]
        else:
            out = LOST.join([_PIECES[False, True][parts[0]], *map(_MIDDLE, parts[1:last]), _PIECES[True, False][parts[last]]])
    except UnicodeEncodeError:
        return None
    # exactly one U+FFFD per lost byte: any other is a byte that is not UTF-8, a wrong reading
    lost = out.count(LOST)
    return out if lost == last and lost * 2 <= len(out) else None


class _GbBytes(dict):
    """``ch -> ch in GB18030``, filled on first use (the fixers ask for the same characters
    again and again); U+FFFD is 0xFF, never in UTF-8, a lost byte."""

    def __missing__(self, ch: str) -> bytes:
        raw = self[ch] = ch.encode("gb18030")
        return raw


_GB_BYTES = _GbBytes({LOST: b"\xff"})
gb_bytes = _GB_BYTES.__getitem__


def fails_at_start(text: str, s: int) -> bool:
    """True if every reading of ``text[s:...]`` has a stray U+FFFD: it starts inside a UTF-8
    character (its first byte is a continuation byte, which the first part never cuts)."""
    return 0x80 <= gb_bytes(text[s])[0] <= 0xBF


def fails_at_end(text: str, s: int, e: int) -> bool:
    """True if the reading of ``text[s:e]`` surely has a stray U+FFFD: its last part (never
    trimmed at the end, and at least 7 bytes long so that cutting its start leaves its
    last 4 bytes) ends inside or after a broken UTF-8 character.

    >>> text = "鍗庝汉姘戝叡鍜屽浗"  # 华人民共和国
    >>> fails_at_end(text, 0, 9), fails_at_end(text, 0, 8)
    (False, True)
    """
    chars = text[max(s, e - 4) : e]
    if LOST in chars:
        return False
    raw = b"".join(map(gb_bytes, chars))
    if e - s > 4 and len(raw) < 7:
        return False  # a lost byte may come before: the start of a short last part may be cut
    tail = raw[-4:]
    for back in range(1, len(tail) + 1):
        b = tail[-back]
        if b < 0x80:
            return back != 1
        if b >= 0xC0:
            if b < 0xC2 or b > 0xF4:
                return False  # an invalid lead: leave it to the full reading
            return (2 if b < 0xE0 else 3 if b < 0xF0 else 4) != back
    return len(tail) == 4  # four continuation bytes in a row


class RunReadings:
    """The UTF-8 readings (:func:`utf8_reading`) of the trims ``text[s:e]`` of one run.

    A trim that holds lost bytes reads as its first part (up to its first lost byte), the
    run's whole parts between its lost bytes, and its last part. The whole parts are read
    and scored once per run; since scores are exact sums, a trim's score is the sum of its
    parts' scores, and a trim costs the reading of two short end parts.

    >>> runs = RunReadings("鍥藉姟\ufffd闄㈠姙")
    >>> runs.after(0, 7), runs.stats(0, 7)[1:], runs.stats(0, 7)[0] == score(runs.after(0, 7))
    ('国务\ufffd院办', (5, 1), True)
    """

    def __init__(self, text: str, sums: list[float] | None = None):
        self.text = text
        self._sums = sums
        self.lost: list[int] | None = None  # read on first use: most runs fail the edge checks

    @property
    def sums(self) -> list[float]:
        """:func:`~.badness.prefix_scores` of the run."""
        if self._sums is None:
            self._sums = prefix_scores(self.text)
        return self._sums

    def _prepare(self) -> None:
        text = self.text
        self.lost = lost = list(map(re.Match.start, LOST_CHAR.finditer(text)))
        pieces = list(map(_MIDDLE, [text[a + 1 : b] for a, b in zip(lost, lost[1:])]))
        self.pieces = pieces
        self.score_sums = list(accumulate(map(score, pieces), initial=0.0))
        self.len_sums = list(accumulate(map(len, pieces), initial=0))
        self.lost_sums = list(accumulate(map(str.count, pieces, repeat(LOST)), initial=0))
        self._ends: dict = {}

    def _end(self, key: tuple, part: str) -> tuple[str, float, int]:
        found = self._ends.get(key)
        if found is None:
            piece = _PIECES[key[0]][part]
            found = self._ends[key] = (piece, score(piece), piece.count(LOST))
        return found

    def _parts(self, s: int, e: int) -> tuple:
        """``(a, b, first, last)``: the lost bytes ``lost[a:b + 1]`` inside, and the end parts."""
        if self.lost is None:
            self._prepare()
        lost = self.lost
        a, b = bisect_left(lost, s), bisect_left(lost, e) - 1
        if a > b:
            return a, b, self._end(((False, False), s, e), self.text[s:e]), None
        first = self._end(((False, True), s, lost[a]), self.text[s : lost[a]])
        last = self._end(((True, False), lost[b], e), self.text[lost[b] + 1 : e])
        return a, b, first, last

    def stats(self, s: int, e: int) -> tuple[float, int, int]:
        """``(score, length, U+FFFD count)`` of the reading of ``text[s:e]``."""
        a, b, first, last = self._parts(s, e)
        if last is None:
            return first[1], len(first[0]), first[2]
        n = b - a + 1
        total = first[1] + (self.score_sums[b] - self.score_sums[a]) + last[1] + n * LOST_COST
        length = len(first[0]) + (self.len_sums[b] - self.len_sums[a]) + len(last[0]) + n
        return total, length, n + first[2] + (self.lost_sums[b] - self.lost_sums[a]) + last[2]

    def lost_inside(self, s: int, e: int) -> int:
        """How many lost bytes ``text[s:e]`` holds."""
        if self.lost is None:
            self._prepare()
        return bisect_left(self.lost, e) - bisect_left(self.lost, s)

    def after(self, s: int, e: int) -> str:
        """The reading of ``text[s:e]`` itself."""
        a, b, first, last = self._parts(s, e)
        if last is None:
            return first[0]
        return LOST.join([first[0], *self.pieces[a:b], last[0]])


def broken_inside(raw: bytes) -> bool:
    """True if ``raw`` holds a UTF-8 error that no bytes around it can mend: one after its
    leading continuation bytes and before an incomplete last sequence (every part of a
    reading that holds ``raw`` then has a stray U+FFFD).

    >>> broken_inside("华人民".encode()[1:-1]), broken_inside("国务院".encode("gbk"))
    (False, True)
    """
    i, j = 0, len(raw)
    while i < j and 0x80 <= raw[i] < 0xC0:
        i += 1  # may end a character that starts before
    for back in range(1, min(4, j - i) + 1):  # may start a character that ends after
        b = raw[j - back]
        if b >= 0xC0:
            if (2 if b < 0xE0 else 3 if b < 0xF0 else 4) > back:
                j -= back
            break
        if b < 0x80:
            break
    try:
        raw[i:j].decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def best_trim(text: str, start: int, end: int, sums: list[float] | None = None,
             runs: RunReadings | None = None, trim: int = TRIM) -> tuple | None:
    """Best ``(gain, start, end, after)`` reading of ``text[start:end]``, give or take up to
    ``trim`` characters at each end, so that clean neighbours stay out of the span.

    ``sums`` are :func:`~.badness.prefix_scores` of ``text`` and ``runs`` its
    :class:`RunReadings`, if already known; a trim whose reading surely holds a stray
    U+FFFD is skipped without reading it, and if a part of the middle that every trim
    holds is :func:`broken_inside`, none is read.

    >>> best_trim("通知：鍥藉姟闄㈠姙", 0, 9)[1:]
    (3, 9, '国务院办')
    >>> best_trim("这是一段干净的中文，没有乱码。", 0, 15) is None
    True
    """
    middle = text[start + trim : end - trim]  # each of its parts lies in a part of every trim
    if middle and any(broken_inside(b"".join(map(gb_bytes, part))) for part in middle.split(LOST)):
        return None
    runs = RunReadings(text, sums) if runs is None else runs
    best = None
    ends_fail: dict[int, bool] = {}  # beyond 4 characters, the end check depends on e alone
    for s in range(start, min(start + trim, end) + 1):
        if s < end and fails_at_start(text, s):
            continue
        for e in range(end, max(end - trim, s) - 1, -1):
            if e - s < 3:
                continue
            if e - s > 4:
                if e not in ends_fail:
                    ends_fail[e] = fails_at_end(text, s, e)
                if ends_fail[e]:
                    continue
            elif fails_at_end(text, s, e):
                continue
            n = runs.lost_inside(s, e)
            score_after, length, lost = runs.stats(s, e)
            # exactly one U+FFFD per lost byte: any other is a byte that is not UTF-8, a wrong reading
            if lost != n or lost * 2 > length or not length:
                continue
            if length == e - s and runs.after(s, e) == text[s:e]:
                continue
            sums = runs.sums
            score_before = sums[e] - sums[s]
            if score_after / length >= score_before / (e - s) + MIN_GAIN:  # clearly_better
                gain = (score_after + BASELINE * length) - (score_before + BASELINE * (e - s))  # excess
                if best is None or gain > best[0]:
                    best = (gain, s, e)
    return None if best is None else (*best, runs.after(best[1], best[2]))


def utf8_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` whose bytes read as UTF-8, joined across lost bytes."""
    chunks = list(map(gb_bytes, text))  # U+FFFD -> 0xFF
    bounds = list(accumulate(map(len, chunks), initial=0))
    regions: list[list[int]] = []
    for m in UTF8_RUN.finditer(b"".join(chunks)):
        if m.end() - m.start() < 3:
            continue
        start = bisect_left(bounds, m.start())
        if bounds[start] != m.start():
            continue
        end = bisect_left(bounds, m.end())  # may hold the next byte
        if regions and start - regions[-1][1] <= 2 and LOST in text[regions[-1][1] - 1 : start + 1]:
            regions[-1][1] = end
        else:
            regions.append([start, end])
    return [(s, e) for s, e in regions]
