"""Files whose lines are in two encodings: UTF-8 with a legacy (GB or Big5) part pasted in.

Lines (split at ``\\n``, which is never part of a GB or Big5 character) are grouped into runs
that are valid UTF-8 or not; each run is scored in both encodings and a two-state Viterbi
pass picks each run's encoding, paying :data:`SWITCH` for each change of encoding. A stray legacy byte pair inside UTF-8 costs less as two undecodable
bytes than as two switches, so damage stays damage and only a real paragraph makes a file
``mixed``.

>>> gbk = "这是从旧文件里粘贴进来的一整段国标码文字。".encode("gb18030")
>>> raw = "第一段是统一码文字。\\n".encode() + gbk + "\\n第三段又是统一码。\\n".encode()
>>> [(p.byte_start, p.byte_end, p.encoding) for p in split_mixed(raw)]
[(0, 31, 'utf-8'), (31, 74, 'gb18030'), (74, 102, 'utf-8')]
>>> split_mixed("统一码里有一个坏字".encode() + "坏".encode("gbk")) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

from .candidates import Decoding, decode_family
from .scoring import BAD_BYTE, score

# Four UTF-8 CJK characters in a row (lead E3-E9, two continuation bytes each), found by
# mapping bytes to classes and searching a plain substring: C-speed on megabytes.
UTF8_CJK_CLASSES = bytes(76 if 0xE3 <= b <= 0xE9 else 67 if 0x80 <= b <= 0xBF else 46 for b in range(256))
UTF8_CJK_RUN = b"LCC" * 4
SWITCH = 30.0  # log10 cost of changing encoding between lines


@dataclass
class Span:
    """Bytes ``byte_start:byte_end`` of the file decoded as ``decoding``."""

    byte_start: int
    byte_end: int
    encoding: str
    decoding: Decoding | None


def _lines(raw: bytes) -> list[tuple[int, int]]:
    bounds, start = [], 0
    while start < len(raw):
        end = raw.find(b"\n", start)
        end = len(raw) if end < 0 else end + 1
        bounds.append((start, end))
        start = end
    return bounds


def _utf8_ok(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def blocks(raw: bytes) -> list[tuple[int, int, bool]]:
    """Runs of lines that are all valid UTF-8 (True) or contain invalid UTF-8 (False).

    ASCII lines join the run they are in; a file with one kind of run is not mixed.

    >>> blocks(b"ascii\\n" + "中文\\n".encode() + b"ascii\\n" + "中文\\n".encode("gbk"))
    [(0, 19, True), (19, 24, False)]
    """
    runs: list[list] = []
    for start, end in _lines(raw):
        line = raw[start:end]
        valid = None if line.isascii() else _utf8_ok(line)
        if runs and runs[-1][2] is None:  # leading ASCII lines take the kind of what follows
            runs[-1][1:] = [end, valid]
        elif runs and (valid is None or runs[-1][2] == valid):
            runs[-1][1] = end
        else:
            runs.append([start, end, valid])
    return [tuple(r) for r in runs]


def _emit(block: bytes, family: str) -> float:
    """Score of a block in one encoding; a block mostly undecodable stops early at a bound."""
    limit = len(block) // 2 + 4
    decoding = decode_family(block, family, max_bad=limit)
    return BAD_BYTE * limit if decoding is None else score(decoding, family)


def split_mixed(raw: bytes, legacies: tuple[str, ...] = ("gb18030", "big5")) -> list[Span] | None:
    """Spans of a file that is UTF-8 in places and one legacy family in others (the one that
    reads best on the runs that are not UTF-8); None if the file is not mixed."""
    if UTF8_CJK_RUN not in raw.translate(UTF8_CJK_CLASSES):
        return None  # not even four Chinese characters in a row of valid UTF-8 (cheap exit)
    runs = blocks(raw)
    if len(runs) < 2:
        return None
    invalid = [raw[a:b] for a, b, ok in runs if ok is False]
    legacy = max(legacies, key=lambda family: sum(_emit(block, family) for block in invalid))
    states = ("utf-8", legacy)
    utf8 = {i: (_emit(raw[a:b], "utf-8"), _emit(raw[a:b], legacy)) for i, (a, b, ok) in enumerate(runs) if ok}
    if all(u - g <= SWITCH for u, g in utf8.values()):
        return None  # no valid-UTF-8 run gains enough as UTF-8 to pay one switch: not mixed
    emissions = [utf8.get(i) or (_emit(raw[a:b], "utf-8"), _emit(raw[a:b], legacy)) for i, (a, b, _) in enumerate(runs)]
    # Viterbi over two states, paying SWITCH for each change.
    best = [0.0, 0.0]
    back: list[tuple[int, int]] = []
    for emit in emissions:
        stay = [best[0], best[1]]
        move = [best[1] - SWITCH, best[0] - SWITCH]
        back.append(tuple(0 if stay[s] >= move[s] else 1 for s in range(2)))
        best = [max(stay[s], move[s]) + emit[s] for s in range(2)]
    state = 0 if best[0] >= best[1] else 1
    path = []
    for choice in reversed(back):
        path.append(state)
        state = state if choice[state] == 0 else 1 - state
    path.reverse()
    if len(set(path)) < 2:
        return None
    spans: list[Span] = []
    for (start, end, _), s in zip(runs, path):
        if spans and spans[-1].encoding == states[s]:
            spans[-1].byte_end = end
        else:
            spans.append(Span(start, end, states[s], None))
    for span in spans:
        span.decoding = decode_family(raw[span.byte_start : span.byte_end], span.encoding)
        span.encoding = span.decoding.encoding
    return spans
