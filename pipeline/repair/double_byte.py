"""Big5 read as GBK and GBK read as Big5: both are double-byte, so each character maps to
one character, and the best contiguous stretch (a maximum-gain subarray) is kept.

>>> best_stretch("國務院辦公廳")
>>> best_stretch("瓣叭皘快そ芔")[1:]
(0, 6, '國務院辦公廳', 'encode gbk | decode cp950')
"""

from __future__ import annotations

from itertools import accumulate

from ..core.hanzi import is_han
from .badness import char_cost, clearly_better

#: GBK <-> Big5 maps character to character: only long, clearly better stretches count
MIN_DOUBLE_BYTE_RUN = 4


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


def best_stretch(text: str) -> tuple | None:
    """The best ``(gain, start, end, after, plan)`` Big5 <-> GBK stretch of ``text``, if any."""
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
