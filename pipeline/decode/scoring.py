"""Score candidate decodes as Chinese text and turn the scores into confidences.

A candidate's score is the log10 likelihood of its text under the character-frequency model
of :mod:`pipeline.core.hanzi`, plus a penalty per byte it could not decode and a small prior
per encoding (UTF-16/32 without a byte-order mark are rarer than GB or Big5). Every decode
is a bijection of the same bytes, so the scores compare like log-likelihoods and their
softmax is a posterior probability: that is ``encoding_confidence``.

>>> ranked = rank([Decoding("gb18030", "中华人民共和国"), Decoding("big5", "笢貌�鏽僕睿弊")])
>>> ranked[0].family, ranked[0].confidence > 0.999
('gb18030', True)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..core.hanzi import likelihood_stats
from .candidates import Decoding

BAD_BYTE = -8.0  # log10 cost of one undecodable byte: rarer than the rarest character
PRIOR = {"gb18030": 0.0, "big5": -0.5, "utf-8": 0.0, "hz": 0.0}
UNMARKED_WIDE = -2.0  # UTF-16/32 without a byte-order mark
CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
CONTROL = -6.0  # extra cost per C0 control character (NUL from a wrong wide decode)


@dataclass
class Scored:
    """A decode with its score and, after :func:`rank`, its posterior confidence."""

    family: str
    decoding: Decoding
    score: float
    wide_mean: float = 0.0  # mean log10 probability of the non-ASCII characters
    wide_count: int = 0
    confidence: float = 0.0


def family_of(encoding: str) -> str:
    """The family name a codec belongs to (``cp950`` -> ``big5``)."""
    return "big5" if encoding in ("big5hkscs", "cp950", "big5") else encoding


def score(decoding: Decoding, family: str | None = None) -> float:
    """log10 likelihood of the decode as Chinese text, with penalties and prior."""
    return _scored(decoding, family).score


def _scored(decoding: Decoding, family: str | None = None) -> Scored:
    family = family or family_of(decoding.encoding)
    text = decoding.text
    total, wide, count = likelihood_stats(text)
    penalties = BAD_BYTE * decoding.bad_bytes + CONTROL * len(CONTROLS.findall(text)) + PRIOR.get(family, UNMARKED_WIDE)
    return Scored(family, decoding, total + penalties, wide / count if count else 0.0, count)


def rank(decodings: list[Decoding]) -> list[Scored]:
    """Score and sort best first; confidences are the softmax of the scores (sum to 1)."""
    scored = [_scored(d) for d in decodings]
    scored.sort(key=lambda s: (-s.score, s.family))
    if scored:
        top = scored[0].score
        weights = [10 ** max(s.score - top, -300) for s in scored]
        total = math.fsum(weights)
        for s, w in zip(scored, weights):
            s.confidence = w / total
    return scored
