"""Byte-level re-reading of double-byte text: GBK misalignment, lossy Big5 <-> GBK.

**GBK misalignment** (sample 002): a byte inside a GBK double-byte run was lost and
replaced by ``?`` (0x3F), and the decoder read the rest of the run one byte off, pairing
each trail byte with the next lead byte, until an ASCII byte put it back in step. Later,
full-width punctuation was folded to ASCII (``！`` -> ``!``) and cp936 read 0x80 as ``€``.
**Lossy Big5 <-> GBK**: a decoder that meets an invalid pair writes U+FFFD for its lead
byte and reads on from the trail byte, which shifts the rest of the run the same way.

The repair turns the line back into bytes and finds their most plausible reading with a
small Viterbi search over the reader's state (in step, or holding a lead byte): each
character is either kept as it is or turned back into its bytes (``!`` may be the folded
``！``, ``€`` the byte 0x80), and a lost-byte marker (``?`` or U+FFFD) may be a lost lead
or trail byte; two U+FFFD in a row may be one character's two bytes. A character that
lost a byte is written U+FFFD (:mod:`.damage` flags it); it is never guessed. Only
regions that become clearly more plausible are kept.

>>> fix_line("?。ㄒ唬┮哉\\ue49d舞T魂淬煉忠誠")[0]
'\\ufffd（一）以政治鑄魂淬煉忠誠'
>>> fix_line("讓幸?!俺鋈Α?。")[0]
'讓幸\\ufffd“出圈\\ufffd。'
>>> fix_line("兜住基層“三?!钡拙€。")[0]
'兜住基層“三\\ufffd”底線。'
>>> fix_line("你好?世界")[0]
'你好?世界'
>>> fix_line("�]17�^ら�Wと钡ǎ", src="gbk", dst="cp950", marker="\\ufffd")[0]
'\\ufffd17\\ufffd日\\ufffd午接見'
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.edits import TextHistory
from .badness import LOST_COST, char_cost, excess, gains_enough
from .gate import LOST_BYTE_GATE, UNCOMMON_PAIR, mostly_lost, suspect_lines

LOST = "\ufffd"
#: changed regions closer than this are judged together (a digit between two repairs)
JOIN_GAP = 4
#: price of starting out of step after ASCII without a marker there
RESTART_COST = -3.0
#: price of switching between keeping characters and re-reading bytes (across codecs)
SWITCH_COST = -6.0
#: ``?`` runs touching Chinese text, flagged once a document is known to have lost bytes
LEFT_MARKS = re.compile(r"(?<=[^\x00-\x7f\s])\?+|\?+(?=[^\x00-\x7f\s])")
#: (source codec the garbage is re-encoded with, codec that reads the bytes, lost-byte marker)
PLANS = (("gbk", "gbk", "?"), ("gbk", "cp950", LOST), ("cp950", "gbk", LOST))


def _byte_options(ch: str, src: str) -> tuple[bytes, ...]:
    """The byte strings a garbled character may stand for (cached: a line asks again and again;
    the caches hold tuples of plain values, which the garbage collector stops tracking)."""
    key = (ch, src)
    options = _OPTIONS.get(key)
    if options is None:
        if len(_OPTIONS) > 100_000:
            _OPTIONS.clear()  # a cache, not a record of every document
        options = _OPTIONS[key] = tuple(_byte_options_of(ch, src))
    return options


_OPTIONS: dict[tuple[str, str], tuple[bytes, ...]] = {}


def _byte_options_of(ch: str, src: str) -> list[bytes]:
    if src == "gbk":
        if ch == "€":
            return [b"\x80"]
        if "!" <= ch <= "~":
            return [ch.encode(), chr(ord(ch) + 0xFEE0).encode("gbk")]
        if ch == " ":
            return [b" ", "\u3000".encode("gbk")]
    if ch.isascii():
        return [ch.encode()]
    try:
        raw = ch.encode("gb18030" if src == "gbk" else src)
    except UnicodeEncodeError:
        return []
    return [raw] if len(raw) == 2 else []


def _feed(state, byte: int, dst: str):
    """Transitions of the double-byte reader on one byte: (new_state, emitted, cost) (cached)."""
    key = (state, byte, dst)
    moves = _MOVES.get(key)
    if moves is None:
        moves = _MOVES[key] = tuple(_feed_of(state, byte, dst))
    return moves


_MOVES: dict[tuple, tuple[tuple, ...]] = {}


def _feed_of(state, byte: int, dst: str):
    if state is None:
        if byte < 0x80:
            ch = chr(byte)
            return [(None, ch, char_cost(ch))]
        return [(byte, "", 0.0)] if 0x81 <= byte <= 0xFE else []
    if 0x40 <= byte <= 0xFE and byte != 0x7F:
        if state == "lost":
            return [(None, LOST, LOST_COST)]
        try:
            ch = bytes((state, byte)).decode(dst)
        except UnicodeDecodeError:
            return []
        return [(None, ch, char_cost(ch))]
    return []


def _read_moves(state, ch: str, src: str, dst: str) -> tuple[tuple, ...]:
    """``(new_state, cost, emitted)`` for re-reading ``ch``'s bytes from reader ``state``, in the
    order the search offers them (cached: only the state and the character matter).

    Costs are exact sums (:mod:`.badness`), so adding a move's cost at once is adding its
    bytes' costs one by one.
    """
    key = (state, ch, src, dst)
    moves = _READ_MOVES.get(key)
    if moves is None:
        moves = []
        for raw in _byte_options(ch, src):
            paths = [(state, 0.0, "")]
            for byte in raw:
                paths = [(s2, t + c, e + out) for s, t, e in paths for s2, out, c in _feed(s, byte, dst)]
            for s2, t, emitted in paths:
                if src == dst and state is None and s2 is None and len(emitted) == 1:
                    continue  # an in-step character reads as itself: that is the pass-through
                moves.append((s2, t, emitted))
        if len(_READ_MOVES) > 50_000:
            _READ_MOVES.clear()  # a cache, not a record of every document
        moves = _READ_MOVES[key] = tuple(moves)
    return moves


_READ_MOVES: dict[tuple, tuple[tuple, ...]] = {}


def _search(line: str, src: str, dst: str, marker: str) -> list[str]:
    """Best reading of ``line``: for each input character, the text it becomes.

    The search state is (reader state, mode): ``keep`` passes characters through, ``read``
    re-reads their bytes. Across codecs, switching mode costs :data:`SWITCH_COST`, so a run
    is re-read as a whole and a common-looking character inside it (``域`` for ``办``) is
    not kept by chance.
    """
    switch = SWITCH_COST if src != dst else 0.0
    same = src == dst
    both_lost = marker == LOST
    # state -> (score, linked list of outputs); a line may start in either mode for free
    beams: dict = {(None, "keep"): (0.0, None), (None, "read"): (0.0, None)}
    keep_state, lost_state, read_state = (None, "keep"), ("lost", "read"), (None, "read")
    prev = ""
    for ch in line:
        nxt: dict = {}
        ascii_ch = ch.isascii()
        if same and not ascii_ch and prev.isascii() and keep_state in beams:
            # the marker may have swallowed an ASCII byte too (``?`` for a lead byte and ``(``):
            # a run may start out of step right after ASCII text
            total, outs = beams[keep_state]
            if lost_state not in beams or beams[lost_state][0] < total + RESTART_COST:
                beams[lost_state] = (total + RESTART_COST, outs)
        prev = ch
        ch_cost = char_cost(ch)
        is_marker = ch == marker
        for (state, mode), (total, outs) in beams.items():
            if state is None:
                t = total + ch_cost + (0.0 if mode == "keep" or ascii_ch else switch)
                if keep_state not in nxt or t > nxt[keep_state][0]:
                    nxt[keep_state] = (t, (outs, ch))
            if is_marker:
                if state is None:
                    # a lost lead byte starts a re-reading: from kept text that is a switch
                    t = total + (switch if mode == "keep" else 0.0)
                    if lost_state not in nxt or t > nxt[lost_state][0]:
                        nxt[lost_state] = (t, (outs, ""))
                elif state != "lost" or both_lost:
                    # a lost trail byte; after a lost lead the character lost both its bytes
                    # and is one U+FFFD. Only for U+FFFD, which a decoder writes per byte:
                    # ``??`` is as likely a real double question mark (你说什么??我没听清)
                    t = total + LOST_COST
                    if read_state not in nxt or t > nxt[read_state][0]:
                        nxt[read_state] = (t, (outs, LOST))
                continue
            base = total + (0.0 if mode == "read" or state is not None else switch)
            for s2, cost, emitted in _read_moves(state, ch, src, dst):
                key, t = (s2, "read"), base + cost
                if key not in nxt or t > nxt[key][0]:
                    nxt[key] = (t, (outs, emitted))
        beams = nxt
    ends = [v for (state, _), v in beams.items() if state is None]
    if not ends:
        return list(line)
    node, out = max(ends, key=lambda v: v[0])[1], []
    while node is not None:
        node, emitted = node
        out.append(emitted)
    return out[::-1]


def _give_back(ch: str, reading: str, src: str, dst: str) -> bool:
    """True if ``reading`` is ``ch`` read in step on its own and is no more plausible."""
    try:
        alone = ch.encode(src).decode(dst)
    except UnicodeError:
        return False
    return src != dst and alone == reading and char_cost(ch) >= char_cost(reading)


def fix_line(line: str, src: str = "gbk", dst: str = "gbk", marker: str = "?") -> tuple[str, list[tuple]]:
    """Repair one line; returns the text and its ``(start, end, after, plan)`` spans."""
    outs = _search(line, src, dst, marker)
    plan = f"encode {src} | re-read at lost byte {marker!r} | decode {dst}"
    if src == dst == "gbk":
        plan = "unfold full-width | " + plan
    changed = [k for k in range(len(line)) if outs[k] != line[k]]
    regions = []
    for k in changed:
        # across codecs ASCII reads the same either way: a run of it does not end a region
        if regions and (k - regions[-1][1] <= JOIN_GAP or (src != dst and line[regions[-1][1]:k].isascii())):
            regions[-1][1] = k + 1
        else:
            regions.append([k, k + 1])
    spans = []
    for i, j in regions:
        # an edge character read in step on its own goes back to the clean neighbours
        # if it was at least as plausible as its reading
        while i < j and _give_back(line[i], outs[i], src, dst):
            i += 1
        while j > i and _give_back(line[j - 1], outs[j - 1], src, dst):
            j -= 1
        if i == j:
            continue
        before, after = line[i:j], "".join(outs[i:j])
        if gains_enough(before, after):
            spans.append((i, j, after, f"{plan} | lost {after.count(LOST)}"))
    parts, pos = [], 0
    for start, end, after, _ in spans:
        parts += [line[pos:start], after]
        pos = end
    parts.append(line[pos:])
    return "".join(parts), spans


def span_gain(line: str, spans: list[tuple]) -> float:
    """How much more plausible ``spans`` (``(start, end, after, ...)``) make ``line``."""
    return sum(excess(after) - excess(line[s:e]) for s, e, after, *_ in spans)


@lru_cache(maxsize=256)
def best_rereading(line: str) -> tuple[tuple, ...]:
    """The ``(start, end, after, plan)`` spans of the plan that re-reads ``line`` best
    (cached: :mod:`.cjk_mojibake` asks first, for a lossy line, and this step asks again).
    """
    best, best_gain = (), 0.0
    for src, dst, marker in PLANS:
        if marker not in line or (marker == "?" and not LOST_BYTE_GATE.search(line)):
            continue
        if marker == LOST and not UNCOMMON_PAIR.search(line):
            continue
        spans = fix_line(line, src, dst, marker)[1]
        gain = span_gain(line, spans)
        if spans and gain > best_gain:
            best, best_gain = tuple(spans), gain
    return best


def fix_misalignment(history: TextHistory) -> bool:
    """One step: re-read every line where a lost-byte marker sits in double-byte text.

    Returns whether anything was re-read; then a ``?`` still touching Chinese text in the
    document is a probable lost byte: it becomes U+FFFD, as every lost byte does (so no
    later step takes it for a question mark), and the damage step flags it.
    """
    text = history.text
    gates = ([LOST_BYTE_GATE] if "?" in text else []) + ([UNCOMMON_PAIR] if LOST in text else [])
    spans = []
    for offset, line in suspect_lines(text, *gates) if gates else ():
        if mostly_lost(line):
            continue
        spans += [(offset + s, offset + e, after, plan) for s, e, after, plan in best_rereading(line)]
    history.replace(spans, op="byte_realign")
    if spans:
        left = LEFT_MARKS.finditer(history.text)
        history.replace([(m.start(), m.end(), "\ufffd" * len(m.group())) for m in left],
                        op="lost_byte", detail="probable lost byte, not re-read")
    return bool(spans)
