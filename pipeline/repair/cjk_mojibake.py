"""Re-encoding mojibake: text decoded with the wrong codec, undone span by span.

Three families, each a *plan* ``encode X | decode Y`` tried only on suspect spans:

- UTF-8 read as GBK/GB18030 (``鍥藉姟闄㈠姙`` -> ``国务院办``): a run of rare characters is
  re-encoded and read as UTF-8 (:mod:`.utf8_reading`); each U+FFFD the GBK decoder left
  stands for one lost byte, so the one character it hit comes back as U+FFFD (flagged as
  damage). Inside clean text the span is found on the bytes (UTF-8 regions, joined across
  lost bytes) and trimmed so that clean neighbours stay out.
- Latin-1/cp1252 layers (``æ–‡``, ``ÖÐÎÄ``, ``¹úÎñÔº``): see :mod:`.latin_mojibake`.
- Big5 read as GBK and GBK read as Big5: both are double-byte, so each character maps to
  one character; the best contiguous stretch (a maximum-gain subarray) is kept
  (:mod:`.double_byte`). A line with lost bytes (U+FFFD) is left to :mod:`.misalignment`,
  which re-reads its bytes as a whole.

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
from functools import lru_cache
from bisect import bisect_left
from collections import Counter

from ..core.edits import TextHistory
from .double_byte import best_stretch
from .gate import LATIN_GATE, UNCOMMON_PAIR, UNCOMMON_RUN, Scan, mostly_lost, suspect_lines
from .latin_mojibake import LATIN_CHAR, LOST, _first_readings, latin_spans
from .misalignment import best_rereading, span_gain
from .utf8_reading import RunReadings, best_trim, incomplete_tail, leading_continuations, utf8_regions

NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s]+")
#: CJK plans look only around runs of at least this many rare characters
MIN_HIT = 3
PLAN_UTF8 = "encode gb18030 | decode utf-8"
#: the Latin-1 letters, one of which every :data:`~.gate.LATIN_GATE` match holds
LATIN_LETTER = re.compile("[\xc0-\xff]")


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
        runs = RunReadings(text)
        # a run that reads as UTF-8 from end to end is mojibake through and through: no
        # trims and no regions to weigh (the common case, and the costly one, in a
        # document of mojibake)
        whole = best_trim(text, 0, len(text), runs=runs, trim=0) if len(text) > 2 else None
        if whole:
            pieces = [whole]
        else:
            pieces, last = [], 0
            for start, end in utf8_regions(text):
                found = best_trim(text, max(last, start), end, runs=runs)
                if found:
                    pieces.append(found)
                    last = found[2]
            whole = best_trim(text, 0, len(text), runs=runs) if len(text) > 2 else None
            if whole and whole[0] > sum(p[0] for p in pieces):
                pieces = [whole]
        for _, start, end, after in pieces:
            lossy = " | U+FFFD = 1 lost byte" if LOST in text[start:end] else ""
            after, merged = _one_per_character(text[start:end], after)
            lossy += " | two in a row = 1 character" if merged else ""
            spans.append((run.start() + start, run.start() + end, after, PLAN_UTF8 + lossy))
    return spans


def _one_per_character(before: str, after: str) -> tuple[str, int]:
    """``after`` with one U+FFFD, not two, where two lost bytes in a row in ``before`` were
    one character's; returns the text and how many pairs were merged.

    The reading writes one U+FFFD per lost byte, in order. Two in a row are one character if
    the character before them lacked two bytes, or if it was complete and exactly one
    continuation byte follows them (lead and second byte of a three-byte character lost).

    >>> _one_per_character("鍥藉\ufffd\ufffd闄㈠姙", "国\ufffd\ufffd院办")  # 务 lost two bytes
    ('国\ufffd院办', 1)
    """
    if LOST * 2 not in before:
        return after, 0
    marks = [i for i, ch in enumerate(before) if ch == LOST]
    outs = [i for i, ch in enumerate(after) if ch == LOST]
    if len(marks) != len(outs):
        return after, 0
    drop = set()
    for j in range(len(marks) - 1):
        if marks[j + 1] != marks[j] + 1 or outs[j + 1] != outs[j] + 1 or outs[j] in drop:
            continue
        left = before[(marks[j - 1] + 1 if j else 0):marks[j]]
        right_end = marks[j + 2] if j + 2 < len(marks) else len(before)
        try:
            need = incomplete_tail(left.encode("gb18030"))[1]
            follow = leading_continuations(before[marks[j + 1] + 1:right_end].encode("gb18030"))
        except UnicodeEncodeError:
            continue
        if need == 2 or (need == 0 and follow == 1):
            drop.add(outs[j + 1])
    if not drop:
        return after, 0
    return "".join(ch for i, ch in enumerate(after) if i not in drop), len(drop)


def _double_byte_spans(line: str, windows: list[tuple[int, int]], memo: dict | None = None) -> list[tuple]:
    """Big5 <-> GBK stretches: found in the windows first, then grown over their whole run.

    ``memo`` (one per document) keeps each text's best stretch: a window is often its whole run.
    """
    memo = {} if memo is None else memo

    def best_of(text: str) -> tuple | None:
        key = ("stretch", text)
        if key not in memo:
            memo[key] = best_stretch(text)
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


#: how far a window grows toward the edges of its non-ASCII run (a long line of clean
#: text with a few rare characters must not be read whole)
MAX_GROW = 32


def _whole_runs(line: str, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``windows`` grown to the edges of the non-ASCII runs they cut, by up to
    :data:`MAX_GROW` characters (merged when they meet): a UTF-8 reading starting mid-run
    would leave the run's first characters garbled.

    >>> _whole_runs("ab 一二三四五 cd", [(5, 7)])
    [(3, 8)]
    """
    out: list[list[int]] = []
    for ws, we in windows:
        low, high = max(0, ws - MAX_GROW), min(len(line), we + MAX_GROW)
        while ws > low and not line[ws - 1].isascii() and not line[ws - 1].isspace():
            ws -= 1
        while we < high and not line[we].isascii() and not line[we].isspace():
            we += 1
        if out and ws <= out[-1][1]:
            out[-1][1] = max(out[-1][1], we)
        else:
            out.append([ws, we])
    return [(s, e) for s, e in out]


def _cjk_spans(line: str, memo: dict | None = None) -> list[tuple]:
    """UTF-8-as-GBK and Big5 <-> GBK candidates around the rare-character runs of ``line``."""
    found = []
    windows = _windows(line)
    for ws, we in _whole_runs(line, windows):
        part = line[ws:we]
        found += [(ws + s, ws + e, after, plan) for s, e, after, plan in _utf8_spans(part)]
    if windows and LOST not in line:  # one character per character: the whole run decides
        # a line with lost bytes is re-read as bytes by .misalignment instead: a lost lead
        # byte shifts what follows, so span-by-span readings would leave its neighbours garbled
        found += _double_byte_spans(line, windows, memo)
    return found


def _covers_non_ascii(line: str, spans: list[tuple]) -> bool:
    """True if every non-ASCII character of ``line`` lies in one of ``spans``.

    >>> _covers_non_ascii("ab ÖÐ cd ÎÄ", [(3, 5, "中", ""), (9, 11, "文", "")])
    True
    """
    bounds = sorted((s, e) for s, e, *_ in spans)
    for run in NON_ASCII_RUN.finditer(line):
        i = bisect_left(bounds, (run.start() + 1,)) - 1
        if i < 0 or bounds[i][1] < run.end():
            return False
    return True


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
    if not (found and _covers_non_ascii(line, found)):  # else no CJK reading can win a place
        cjk = memo.get(("cjk", line))
        if cjk is None:
            cjk = memo[("cjk", line)] = _cjk_spans(line, memo)
        found = found + cjk
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    spans, last = [], 0
    for span in found:
        if span[0] >= last:
            spans.append(span)
            last = span[1]
    return spans


def _without_rereading(line: str, spans: list[tuple]) -> list[tuple]:
    """``spans``, or none if ``line`` holds lost bytes that a byte-level re-reading explains
    better (:mod:`.misalignment`, a later step): a UTF-8 reading of a few characters between
    lost bytes must not cut up a lossy Big5 <-> GBK line."""
    if not spans or LOST not in line:
        return spans
    covered = sum(e - s for s, e, *_ in spans)
    if 2 * covered >= sum(map(len, NON_ASCII_RUN.findall(line))):
        return spans  # the readings explain most of the line: no byte search needed
    if span_gain(line, best_rereading(line)) > span_gain(line, spans):
        return []
    return spans


@lru_cache(maxsize=1)
def _cut_character() -> re.Pattern:
    """A UTF-8 character's first two bytes read as one GBK character, then its lost third
    byte (built on first use: most documents never need it)."""
    heads = []
    for lead in range(0xE0, 0xF0):
        for trail in range(0x80, 0xC0):
            try:
                heads.append(bytes((lead, trail)).decode("gbk"))
            except UnicodeDecodeError:
                pass
    return re.compile(f"[{''.join(heads)}]{LOST}")
PLAN_CUT = PLAN_UTF8 + " | U+FFFD = its lost last byte"


def _with_cut_characters(text: str, spans: list[tuple]) -> list[tuple]:
    """``spans`` (sorted), and in a document with UTF-8-as-GBK repairs, the characters whose
    last byte was lost that no span took (too short to read, next to ASCII:
    ``寰�2016骞�8月``): each becomes one U+FFFD; one just before a span that starts with
    that lost byte joins the span (``鏈�寰岋紝`` -> ``�後，``).

    >>> spans = [(9, 11, "月，", PLAN_UTF8), (13, 16, "�後", PLAN_UTF8)]
    >>> [s[:3] for s in _with_cut_characters("寰�2016骞�8鏈堬 鏈�寰岋", spans)]
    [(0, 2, '�'), (6, 8, '�'), (9, 11, '月，'), (12, 16, '�後')]
    """
    if LOST not in text or not any(plan.startswith(PLAN_UTF8) for *_, plan in spans):
        return spans
    out = list(spans)
    starts = {s: k for k, (s, *_) in enumerate(spans)}
    taken = [(s, e) for s, e, *_ in spans]
    for m in _cut_character().finditer(text):
        k = starts.get(m.start() + 1)
        if k is not None and spans[k][2].startswith(LOST):
            out[k] = (m.start(), *spans[k][1:])
            continue
        i = bisect_left(taken, (m.end(), -1))
        if not (i and taken[i - 1][1] > m.start()):
            out.append((m.start(), m.end(), LOST, PLAN_CUT))
    return sorted(out)


def _holds(points: list[int], start: int, end: int) -> bool:
    """True if a sorted ``points`` has one in ``[start, end)``."""
    i = bisect_left(points, start)
    return i < len(points) and points[i] < end


def fix_reencoding(history: TextHistory, scan: Scan | None = None) -> None:
    """One step: repair re-encoding mojibake in every line the cheap gate picks.

    If the document's Latin mojibake reads with one codec, every line holding Latin-1
    characters is read again with that codec known, to catch the short runs.
    """
    text, memo = history.text, {}
    if scan is not None and scan.fresh(text):
        # a line without three rare characters in a row has no CJK window: only a Latin
        # reading could repair it
        triples, latin = scan.triples(), scan.positions(LATIN_LETTER)  # LATIN_GATE needs a letter
        lines = [(offset, line) for offset, line in scan.pair_lines()
                 if _holds(triples, offset, offset + len(line))
                 or (_holds(latin, offset, offset + len(line)) and LATIN_GATE.search(line))]
    else:
        lines = suspect_lines(text, UNCOMMON_PAIR)
    found = {offset: _without_rereading(line, repair_spans(line, None, memo)) for offset, line in lines if not mostly_lost(line)}
    plans = Counter(plan.rsplit(" ", 1)[1] for spans in found.values() for *_, plan in spans
                    if plan.startswith(("encode latin-1", "encode cp1252")))
    if plans:
        known = plans.most_common(1)[0][0]
        found.update({offset: repair_spans(line, known, memo) for offset, line in suspect_lines(text, LATIN_CHAR) if not mostly_lost(line)})
    spans = [(offset + s, offset + e, after, plan) for offset in sorted(found) for s, e, after, plan in found[offset]]
    history.replace(_with_cut_characters(text, spans), op="mojibake")
