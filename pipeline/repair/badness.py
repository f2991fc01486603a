"""How bad a piece of text looks as Chinese: the score every repair must improve.

Built on :mod:`pipeline.core.hanzi` (character log-probabilities from real Chinese text).
A repair is kept only if the repaired span is *clearly* more plausible than the damaged one,
in the spirit of ftfy's ``badness``, but measured for CJK: mojibake is made of characters
that real Chinese text almost never uses (rare Han, bopomofo, box drawing, private use,
Latin-1 letters), so its mean log-probability is far below that of real text.

>>> clearly_better("鍥藉姟闄㈠姙", "国务院办")
True
>>> clearly_better("国务院办", "鍥藉姟闄㈠姙")
False

Costs are rounded to multiples of 2**-30 (a change below 1e-9 per character), so every
sum of them is exact: a span's score does not depend on the order it is added in, and a
fixer may take it from prefix sums (:func:`prefix_scores`) instead of adding it up again
for every candidate span.

>>> text = "通知：鍥藉姟闄㈠姙"
>>> sums = prefix_scores(text)
>>> sums[9] - sums[3] == score(text[3:9])
True
"""

from __future__ import annotations

from itertools import accumulate

from ..core.hanzi import char_logprob

#: the mean log10 probability per character must rise by at least this much
MIN_GAIN = 1.0
#: U+FFFD, a character known to be lost: better than garbage, worse than any real text
LOST_COST = -6.0
#: cost of a character that is neither good nor bad, for :func:`excess`
BASELINE = 4.0
#: costs are multiples of 2**-QUANTUM_BITS: sums below 2**(53 - QUANTUM_BITS) are exact
QUANTUM_BITS = 30


class _Costs(dict):
    """``char -> cost``, filled on first use (a dict, so ``map(COSTS.__getitem__, text)`` runs in C)."""

    def __missing__(self, ch: str) -> float:
        cost = LOST_COST if ch == "\ufffd" else -3.0 if ch.isspace() else char_logprob(ch)
        cost = self[ch] = round(cost * (1 << QUANTUM_BITS)) / (1 << QUANTUM_BITS)
        return cost


COSTS = _Costs()
_cost = COSTS.__getitem__


def char_cost(ch: str) -> float:
    """log10 probability of one character; whitespace counts as ordinary text.

    >>> char_cost(" ") == char_cost("\\u3000")
    True
    """
    return _cost(ch)


def score(text: str) -> float:
    """Sum of :func:`char_cost` over ``text`` (higher is better)."""
    return sum(map(_cost, text))


def prefix_scores(text: str) -> list[float]:
    """``sums[i]`` is ``score(text[:i])`` (exact, so ``sums[j] - sums[i] == score(text[i:j])``)."""
    return list(accumulate(map(_cost, text), initial=0.0))


def mean_score(text: str) -> float:
    """Mean :func:`char_cost` per character (0 for empty text)."""
    return sum(map(_cost, text)) / len(text) if text else 0.0


def excess(text: str) -> float:
    """Sum of ``char_cost + 4`` (an average character scores about +1, garbage about -3).

    Unlike the mean, it rewards length read right, so repairs of different length compare.
    """
    return sum(map(_cost, text)) + BASELINE * len(text)


def gains_enough(before: str, after: str, min_excess: float = 4.0, min_mean: float = 0.5) -> bool:
    """For re-read regions holding lost characters: a clear total gain, no worse on average.

    >>> gains_enough("锍掏黄?", "\ufffd程突\ufffd"), gains_enough("?", "\ufffd")
    (True, False)
    """
    return excess(after) - excess(before) >= min_excess and mean_score(after) >= mean_score(before) + min_mean


def clearly_better(before: str, after: str, margin: float = MIN_GAIN) -> bool:
    """True if ``after`` reads as Chinese clearly better than ``before``."""
    if not after or after == before:
        return False
    return mean_score(after) >= mean_score(before) + margin
