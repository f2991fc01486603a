"""Re-encoding mojibake: text decoded with the wrong codec, undone span by span.

Three families, each a *plan* ``encode X | decode Y`` tried only on suspect spans:

- UTF-8 read as GBK/GB18030 (``鍥藉姟闄㈠姙`` -> ``国务院办``): a run of rare characters is
  re-encoded and read as UTF-8; each U+FFFD the GBK decoder left stands for one lost byte,
  so the one character it hit comes back as U+FFFD (flagged as damage). Inside clean text
  the span is found on the bytes (UTF-8 regions, joined across lost bytes) and trimmed so
  that clean neighbours stay out.
- Latin-1/cp1252 layers (``æ–‡``, ``ÖÐÎÄ``, ``¹úÎñÔº``): see :mod:`.latin_mojibake`.
- Big5 read as GBK and GBK read as Big5: both are double-byte, so each character maps to
  one character; the best contiguous stretch (a maximum-gain subarray) is kept.

Every candidate must be :func:`~.badness.clearly_better` than the span it replaces.

>>> repair_spans("通知：鍥藉姟闄㈠姙，谢谢")
[(3, 9, '国务院办', 'encode gb18030 | decode utf-8')]
>>> repair_spans("ÖÐÎÄ")[0][2:]
('中文', 'encode latin-1 | decode gbk')
>>> repair_spans("干净的中文，没有问题。")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import accumulate, repeat

from ..core.edits import TextHistory
from ..core.hanzi import is_han
from .badness import BASELINE, LOST_COST, MIN_GAIN, char_cost, clearly_better, prefix_scores, score
from .gate import LATIN_GATE, UNCOMMON_PAIR, UNCOMMON_RUN, Scan, mostly_lost, suspect_lines
from .latin_mojibake import LATIN_CHAR, LOST, _first_readings, latin_spans

LOST_CHAR = re.compile("\ufffd")
UTF8_RUN = re.compile(rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+")
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s]+")
#: GBK <-> Big5 maps character to character: only long, clearly better stretches count
MIN_DOUBLE_BYTE_RUN = 4
#: CJK plans look only around runs of at least this many rare characters
MIN_HIT = 3
#: how many characters a UTF-8 span may give back to its clean neighbours at each end
TRIM = 4
PLAN_UTF8 = "encode gb18030 | decode utf-8"


def _utf8_piece(seg: bytes, cut: bool, drop: bool) -> str:
    """One part of :func:`_utf8_lossy`: ``cut`` the rest of a character that lost its first
    byte(s), ``drop`` an incomplete last sequence (its lost byte comes next), decode."""
    if cut:
        n = 0
        while n < len(seg) and 0x80 <= seg[n] < 0xC0 and n < 3:
            n += 1  # the rest of the character that lost a byte
        seg = seg[n:]
    if drop:
        for back in range(1, min(4, len(seg)) + 1):  # drop an incomplete last sequence
            b = seg[-back]
            if b >= 0xC0:
                need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
                if need > back:
                    seg = seg[:-back]
                break
            if b < 0x80:
                break
    return seg.decode("utf-8", errors="replace")


def _utf8_lossy(parts: list[bytes]) -> str:
    """Decode UTF-8 split at lost bytes: one U+FFFD per lost byte, for the character it hit.

    >>> _utf8_lossy([b"\\xe5\\x9b\\xbd\\xe5", b"\\x8a\\xa1\\xe9\\x99\\xa2"])  # 国务院, 务 lost a byte
    '国\ufffd院'
    """
    last = len(parts) - 1
    return LOST.join([_utf8_piece(seg, k > 0, k < last) for k, seg in enumerate(parts)])


class _Pieces(dict):
    """``part -> _utf8_piece(part in GB18030, cut, drop)`` for one ``(cut, drop)``, filled on first use."""

    def __init__(self, cut: bool, drop: bool):
        super().__init__()
        self.cut, self.drop = cut, drop

    def __missing__(self, part: str) -> str:
        if len(self) > 50_000:
            self.clear()  # a cache, not a record of every document
        piece = self[part] = _utf8_piece(part.encode("gb18030"), self.cut, self.drop)
        return piece


_PIECES = {(cut, drop): _Pieces(cut, drop) for cut in (False, True) for drop in (False, True)}
_MIDDLE = _PIECES[True, True].__getitem__


def _utf8_reading(text: str) -> str | None:
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
_gb_bytes = _GB_BYTES.__getitem__


def _fails_at_start(text: str, s: int) -> bool:
    """True if every reading of ``text[s:...]`` has a stray U+FFFD: it starts inside a UTF-8
    character (its first byte is a continuation byte, which the first part never cuts)."""
    return 0x80 <= _gb_bytes(text[s])[0] <= 0xBF


def _fails_at_end(text: str, s: int, e: int) -> bool:
    """True if the reading of ``text[s:e]`` surely has a stray U+FFFD: its last part (never
    trimmed at the end, and at least 7 bytes long so that cutting its start leaves its
    last 4 bytes) ends inside or after a broken UTF-8 character.

    >>> text = "鍗庝汉姘戝叡鍜屽浗"  # 华人民共和国
    >>> _fails_at_end(text, 0, 9), _fails_at_end(text, 0, 8)
    (False, True)
    """
    chars = text[max(s, e - 4) : e]
    if LOST in chars:
        return False
    raw = b"".join(map(_gb_bytes, chars))
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


class _RunReadings:
    """The UTF-8 readings (:func:`_utf8_reading`) of the trims ``text[s:e]`` of one run.

    A trim that holds lost bytes reads as its first part (up to its first lost byte), the
    run's whole parts between its lost bytes, and its last part. The whole parts are read
    and scored once per run; since scores are exact sums, a trim's score is the sum of its
    parts' scores, and a trim costs the reading of two short end parts.

    >>> runs = _RunReadings("鍥藉姟\ufffd闄㈠姙")
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


def _trimmed(text: str, start: int, end: int, sums: list[float] | None = None,
             runs: _RunReadings | None = None) -> tuple | None:
    """Best ``(gain, start, end, after)`` reading of ``text[start:end]``, give or take up to
    :data:`TRIM` characters at each end, so that clean neighbours stay out of the span.

    ``sums`` are :func:`~.badness.prefix_scores` of ``text`` and ``runs`` its
    :class:`_RunReadings`, if already known; a trim whose reading surely holds a stray
    U+FFFD is skipped without reading it.

    >>> _trimmed("通知：鍥藉姟闄㈠姙", 0, 9)[1:]
    (3, 9, '国务院办')
    """
    runs = _RunReadings(text, sums) if runs is None else runs
    best = None
    for s in range(start, min(start + TRIM, end) + 1):
        if s < end and _fails_at_start(text, s):
            continue
        for e in range(end, max(end - TRIM, s) - 1, -1):
            if e - s < 3 or _fails_at_end(text, s, e):
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


def _utf8_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` whose bytes read as UTF-8, joined across lost bytes."""
    chunks = list(map(_gb_bytes, text))  # U+FFFD -> 0xFF
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


def _utf8_spans(line: str) -> list[tuple]:
    """UTF-8-as-GBK repairs: the whole run read at once, or its UTF-8 regions one by one,
    whichever gains more (a whole line of mojibake, or a span between clean neighbours)."""
    spans = []
    for run in NON_ASCII_RUN.finditer(line):
        text = run.group()
        try:
            text.encode("gb18030")
        except UnicodeEncodeError:
            continue
        runs = _RunReadings(text)
        pieces, last = [], 0
        for start, end in _utf8_regions(text):
            found = _trimmed(text, max(last, start), end, runs=runs)
            if found:
                pieces.append(found)
                last = found[2]
        whole = _trimmed(text, 0, len(text), runs=runs) if len(text) > 2 else None
        if whole and whole[0] > sum(p[0] for p in pieces):
            pieces = [whole]
        for _, start, end, after in pieces:
            lossy = " | U+FFFD = 1 lost byte" if LOST in text[start:end] else ""
            spans.append((run.start() + start, run.start() + end, after, PLAN_UTF8 + lossy))
    return spans


def _remap(ch: str, src: str, dst: str) -> tuple[str | None, float]:
    """``ch`` encoded as ``src`` and read as ``dst`` (one character, or ``None``), and the gain."""
    try:
        out = ch.encode(src).decode(dst)
    except (UnicodeEncodeError, UnicodeDecodeError):
        out = None
    if not out or len(out) != 1:
        return None, float("-inf")
    return out, char_cost(out) - char_cost(ch)


class _Remaps(dict):
    """``ch -> gain`` of its reading for one ``(src, dst)`` pair, filled on first use;
    :attr:`mapped` holds the reading itself."""

    def __init__(self, src: str, dst: str):
        super().__init__()
        self.src, self.dst = src, dst
        self.mapped: dict[str, str | None] = {}

    def __missing__(self, ch: str) -> float:
        self.mapped[ch], gain = _remap(ch, self.src, self.dst)
        self[ch] = gain
        return gain


_REMAPS = {pair: _Remaps(*pair) for pair in (("gbk", "cp950"), ("cp950", "gbk"))}
_POSITIVE = (0.0).__lt__


def _kadane_step(cur: float, gain: float) -> float:
    return gain if cur <= 0 else cur + gain


def _best_stretch(text: str) -> tuple | None:
    """The best ``(gain, start, end, after, plan)`` Big5 <-> GBK stretch of ``text``, if any.

    >>> _best_stretch("國務院辦公廳")
    >>> _best_stretch("瓣叭皘快そ芔")[1:]
    (0, 6, '國務院辦公廳', 'encode gbk | decode cp950')
    """
    best_span = None
    for (src, dst), remaps in _REMAPS.items():
        gains = list(map(remaps.__getitem__, text))
        # a stretch must gain 2 per character over at least 4: some character gains 2, all gain 8
        if not gains or max(gains) < 2.0 or sum(filter(_POSITIVE, gains)) < 2.0 * MIN_DOUBLE_BYTE_RUN:
            continue
        # maximum-gain subarray (Kadane): the first best end, and the last restart before it
        running = list(accumulate(gains, _kadane_step))
        total = max(running)
        if total <= 0:
            continue
        j = running.index(total) + 1
        i = j - 1
        while i > 0 and running[i - 1] > 0:
            i -= 1
        if j - i >= MIN_DOUBLE_BYTE_RUN and total >= 2.0 * (j - i):
            before, after = text[i:j], "".join(map(remaps.mapped.__getitem__, text[i:j]))
            mostly_han = 2 * sum(map(is_han, before)) >= len(before)  # a kana quote is Japanese, not mojibake
            if mostly_han and clearly_better(before, after) and (best_span is None or total > best_span[0]):
                best_span = (total, i, j, after, f"encode {src} | decode {dst}")
    return best_span


def _double_byte_spans(line: str, windows: list[tuple[int, int]], memo: dict | None = None) -> list[tuple]:
    """Big5 <-> GBK stretches: found in the windows first, then grown over their whole run.

    ``memo`` (one per document) keeps each text's best stretch: a window is often its whole run.
    """
    memo = {} if memo is None else memo

    def best_of(text: str) -> tuple | None:
        key = ("stretch", text)
        if key not in memo:
            memo[key] = _best_stretch(text)
        return memo[key]

    spans = []
    for run in NON_ASCII_RUN.finditer(line):
        inside = [(max(ws, run.start()), min(we, run.end())) for ws, we in windows if ws < run.end() and run.start() < we]
        if not any(best_of(line[ws:we]) for ws, we in inside):
            continue
        best = best_of(run.group())
        if best:
            spans.append((run.start() + best[1], run.start() + best[2], best[3], best[4]))
    return spans


def _windows(line: str, pad: int = 12) -> list[tuple[int, int]]:
    """Stretches of ``line`` around its rare-character runs (merged when close)."""
    out: list[list[int]] = []
    for m in UNCOMMON_RUN.finditer(line):
        if m.end() - m.start() < MIN_HIT:
            continue
        start, end = max(0, m.start() - pad), min(len(line), m.end() + pad)
        if out and start <= out[-1][1]:
            out[-1][1] = end
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def _cjk_spans(line: str, memo: dict | None = None) -> list[tuple]:
    """UTF-8-as-GBK and Big5 <-> GBK candidates around the rare-character runs of ``line``."""
    found = []
    windows = _windows(line)
    for ws, we in windows:
        part = line[ws:we]
        found += [(ws + s, ws + e, after, plan) for s, e, after, plan in _utf8_spans(part)]
    if windows:  # one character per character: the whole run decides, not a window of it
        found += _double_byte_spans(line, windows, memo)
    return found


def repair_spans(line: str, latin_plan: str | None = None, memo: dict | None = None) -> list[tuple[int, int, str, str]]:
    """Sorted, non-overlapping ``(start, end, after, plan)`` repairs for one line.

    ``latin_plan`` is the codec the document's Latin mojibake decodes with, once known:
    then short runs (``ªº`` -> ``的``) are read with it too. ``memo`` (one per document)
    keeps what does not depend on ``latin_plan``, for the second reading of a line.
    """
    memo = {} if memo is None else memo
    if latin_plan or LATIN_GATE.search(line):
        firsts = memo.get(("latin", line))
        if firsts is None:
            firsts = memo[("latin", line)] = _first_readings(line)
        found = latin_spans(line, latin_plan, firsts)
    else:
        found = []
    cjk = memo.get(("cjk", line))
    if cjk is None:
        cjk = memo[("cjk", line)] = _cjk_spans(line, memo)
    found += cjk
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    spans, last = [], 0
    for span in found:
        if span[0] >= last:
            spans.append(span)
            last = span[1]
    return spans


def fix_reencoding(history: TextHistory, scan: Scan | None = None) -> None:
    """One step: repair re-encoding mojibake in every line the cheap gate picks.

    If the document's Latin mojibake reads with one codec, every line holding Latin-1
    characters is read again with that codec known, to catch the short runs.
    """
    text, memo = history.text, {}
    lines = scan.pair_lines() if scan is not None and scan.fresh(text) else suspect_lines(text, UNCOMMON_PAIR)
    found = {offset: repair_spans(line, None, memo) for offset, line in lines if not mostly_lost(line)}
    plans = Counter(plan.rsplit(" ", 1)[1] for spans in found.values() for *_, plan in spans
                    if plan.startswith(("encode latin-1", "encode cp1252")))
    if plans:
        known = plans.most_common(1)[0][0]
        found.update({offset: repair_spans(line, known, memo) for offset, line in suspect_lines(text, LATIN_CHAR) if not mostly_lost(line)})
    spans = [(offset + s, offset + e, after, plan) for offset in sorted(found) for s, e, after, plan in found[offset]]
    history.replace(spans, op="mojibake")
