"""How plausible a text is as Chinese, from character frequencies of real text.

The model (``data/charfreq.tsv``, built by ``benchmarks/build_charfreq.py`` from public-domain
Chinese text, Simplified and Traditional) gives each character a log-probability. Mojibake
is made of rare characters (``鍥藉姟闄``), Latin-1 letters (``æ–‡``), bopomofo or private-use
code points, so its mean log-probability is far below that of real text. Detection (which
decode is right?) and repair (is the fix better than the damage?) both compare candidates
with :func:`plausibility`.

>>> plausibility("国务院办公厅") > plausibility("鍥藉姟闄㈠姙") + 2
True
>>> plausibility("國務院辦公廳") > plausibility("ÖÐÎÄ¹úÎñÔº") + 2
True
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "charfreq.tsv"
ASCII_LOGP = -3.0
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2EBEF))


def is_han(ch: str) -> bool:
    """True for a CJK unified or compatibility ideograph."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in HAN_RANGES)


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], float, float]:
    counts: dict[str, int] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cp, n = line.split("\t")
            counts[chr(int(cp, 16))] = int(n)
    total = sum(counts.values())
    logp = {ch: math.log10(n / total) for ch, n in counts.items()}
    # Unseen characters: a real but rare Han character is far likelier than anything else.
    unseen_han = math.log10(0.5 / total)
    unseen_other = math.log10(0.05 / total)
    return logp, unseen_han, unseen_other


def char_logprob(ch: str) -> float:
    """log10 probability of one character (ASCII letters/digits/space count as common)."""
    logp, unseen_han, unseen_other = _model()
    if ch in logp:
        return logp[ch]
    if ch.isascii() and (ch.isalnum() or ch.isspace()):
        return -3.0
    return unseen_han if is_han(ch) else unseen_other


def common_chars(min_logprob: float = -5.5) -> str:
    """The characters real text uses often (log10 p above ``min_logprob``), in code point order.

    Cheap gates build a regex class from them: text made only of these is not mojibake.

    >>> "的" in common_chars() and "鍥" not in common_chars()
    True
    """
    logp, _, _ = _model()
    return "".join(sorted(ch for ch, lp in logp.items() if lp > min_logprob))


def plausibility(text: str) -> float:
    """Mean log10 probability per non-space character; higher is more Chinese-like.

    Real Chinese prose scores about -3; mojibake -5 or lower. Empty text scores 0.
    """
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 0.0
    return sum(char_logprob(ch) for ch in chars) / len(chars)


def log_likelihood(text: str) -> float:
    """Total log10 probability of the non-space characters of ``text`` under the model.

    Comparing two decodes of the same bytes by this total is a likelihood-ratio test: each
    decode is a bijection of the bytes, so the higher total is the likelier encoding.
    Unlike :func:`char_logprob`, every printable ASCII character counts as common (markup
    and code around Chinese text are not evidence against it).

    >>> log_likelihood("中文") > log_likelihood("涓枃")
    True
    >>> log_likelihood(" ")
    0.0
    """
    return likelihood_stats(text)[0]


def likelihood_stats(text: str) -> tuple[float, float, int]:
    """(:func:`log_likelihood`, its part from non-ASCII characters, their count), in one pass.

    The mean over non-ASCII characters says whether the non-ASCII text reads as Chinese
    (about -3.5) or as mojibake and random characters (below -4.5), whatever markup is around.

    >>> total, wide, n = likelihood_stats("<p>中华人民共和国</p>")
    >>> n, round(wide / n, 1) > -4.5, total < wide
    (7, True, True)
    """
    memo = _LOGP_MEMO
    total = wide = 0.0
    count = 0
    for ch, n in Counter(text).items():
        logp = memo.get(ch)
        if logp is None:
            logp = memo[ch] = 0.0 if ch.isspace() else ASCII_LOGP if " " < ch < "\x7f" else char_logprob(ch)
        total += n * logp
        if ch > "\x7f":
            wide += n * logp
            count += n
    return total, wide, count


_LOGP_MEMO: dict[str, float] = {}
