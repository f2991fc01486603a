"""Decide a file's encoding and decode it, with the evidence.

Cheap exact checks first: an empty file, a byte-order mark, strict UTF-8 (ASCII with HZ
escapes is HZ). Only bytes that fail those are scored: every plausible encoding decodes a
sample, each decode is scored as Chinese text (:mod:`.scoring`), charset-normalizer
(restricted to the two best) breaks near-ties, and the winner decodes the whole file. A
file with valid UTF-8 lines next to lines that are not is checked for mixed parts
(:mod:`.mixed`). Bytes no encoding explains are replaced by U+FFFD and recorded, never
dropped; past ``max_undecodable_ratio`` the file is rejected.

>>> decode_bytes("你好".encode("gb18030")).encoding
'gb18030'
>>> decode_bytes("\\ufeff中文".encode("utf-8")).method
'bom'
>>> decode_bytes("~{<:Ky2;S{#,NpJ)SZHK!#~}".encode("ascii")).text
'己所不欲，勿施于人。'
>>> decode_bytes(b"").error
'empty file: it holds no bytes; remove it or replace it with the intended document'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import reasons
from .bom import sniff_bom
from .candidates import (
    BIG5_STRUCTURE,
    LEGACY,
    WIDE,
    Decoding,
    decode_family,
    lenient_decode,
    plausible_families,
)
from .mixed import split_mixed
from .params import DecodeParams
from .scoring import CONTROLS, Scored, rank
from .tiebreak import charset_normalizer_prefers


@dataclass
class Part:
    """A byte range of the file decoded with one encoding."""

    byte_start: int
    byte_end: int
    char_start: int
    char_end: int
    encoding: str


@dataclass
class Decoded:
    """The outcome of decoding one file: text with evidence, or an error."""

    text: str | None
    encoding: str | None = None
    confidence: float | None = None
    method: str | None = None
    runner_up: str | None = None
    runner_up_score: float | None = None
    parts: list[Part] = field(default_factory=list)
    undecodable: list[tuple[int, int, bytes]] = field(default_factory=list)  # char pos, byte pos, bytes
    error: str | None = None


CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
SCREEN_BYTES = 4096  # candidates hopeless in this head are not decoded further
HOPELESS = 0.25  # share of undecodable bytes past which a candidate is dropped, not scored


def _reject(reason: str) -> Decoded:
    return Decoded(text=None, error=reason)


def _whole(raw: bytes, d: Decoding, method: str, confidence: float = 1.0, skip: int = 0, **kw) -> Decoded:
    bad = [(c, b + skip, run) for c, b, run in d.bad]
    part = Part(skip, len(raw), 0, len(d.text), d.encoding)
    return Decoded(d.text, d.encoding, confidence, method, parts=[part], undecodable=bad, **kw)


def decode_bytes(raw: bytes, params: DecodeParams = DecodeParams()) -> Decoded:
    """Decode one file's bytes, or say in words why it cannot be."""
    if not raw:
        return _reject(reasons.EMPTY)
    found = sniff_bom(raw)
    if found:
        return _with_bom(raw, *found, params)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\x00" not in text:
        if reasons.iso_2022(raw):
            return _reject(reasons.iso_2022(raw))
        if b"~{" in raw and raw.isascii():
            return _hz_or_ascii(raw, text)
        return _whole(raw, Decoding("utf-8", text), "strict-utf8")
    return _scored(raw, params)


def _with_bom(raw: bytes, encoding: str, skip: int, params: DecodeParams) -> Decoded:
    body = raw[skip:]
    d = lenient_decode(body, encoding)
    if d.bad and encoding == "utf-32-le":  # FF FE 00 00 may be UTF-16-LE's mark and a NUL
        alt = lenient_decode(raw[2:], "utf-16-le")
        if not alt.bad:
            return _whole(raw, alt, "bom", skip=2)
    if d.bad_bytes > params.max_undecodable_ratio * len(raw):
        return _reject(reasons.bad_bom(encoding, d.bad_bytes, d.bad[0][1] + skip))
    return _whole(raw, d, "bom", skip=skip)


def _hz_or_ascii(raw: bytes, text: str) -> Decoded:
    ranked = rank([Decoding("utf-8", text), *(d for d in [decode_family(raw, "hz", 0)] if d)])
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    method = "hz-escapes" if best.family == "hz" else "strict-utf8"
    return _evidence(raw, best, runner, method)


def _evidence(raw: bytes, best: Scored, runner: Scored | None, method: str) -> Decoded:
    return _whole(
        raw,
        best.decoding,
        method,
        None if method == "big5-structure" else round(best.confidence, 6),  # a rule, not the scores
        runner_up=runner.decoding.encoding if runner else None,
        runner_up_score=round(runner.confidence, 6) if runner else None,
    )


def _sample(raw: bytes, family: str, size: int) -> bytes:
    """The head of ``raw`` that is scored: cut after a newline, the same bytes for every
    family (rounded down to whole code units for UTF-16/32), so scores compare."""
    if len(raw) <= size:
        return raw
    cut = raw.rfind(b"\n", size // 2, size)
    cut = cut + 1 if cut >= 0 else size
    return raw[: cut - cut % 4] if family in WIDE else raw[:cut]


def _scored(raw: bytes, params: DecodeParams) -> Decoded:
    limit = params.max_undecodable_ratio
    decodings = []
    for family in plausible_families(raw):
        sample = _sample(raw, family, params.sample_bytes)
        head = _sample(sample, family, SCREEN_BYTES)
        if len(head) < len(sample) and decode_family(head, family, max_bad=int(HOPELESS * len(head))) is None:
            continue  # hopeless from the start: do not decode the whole sample
        d = decode_family(sample, family, max_bad=int(HOPELESS * len(sample)) + 4)
        if d is not None:
            decodings.append(d)
    if not decodings:
        if 0 in raw[: params.sample_bytes]:
            return _reject(reasons.BINARY)
        return _reject(reasons.undecodable("any Chinese encoding", len(raw), len(raw), 0, limit))
    ranked = rank(decodings)
    best, runner = ranked[0], (ranked[1] if len(ranked) > 1 else None)
    method = "scored"
    if runner and best.score - runner.score < params.tie_margin:
        if charset_normalizer_prefers(_sample(raw, best.family, params.sample_bytes), runner.family, best.family):
            best, runner = runner, best
            method = "charset-normalizer"
        else:
            method = "scored+charset-normalizer"  # consulted on a near-tie, and agreed
    reason = reasons.diagnose(raw[: params.sample_bytes], best.wide_mean, best.wide_count)
    if reason:
        return _reject(reason)
    if best.family == "gb18030" and best.wide_mean < reasons.IMPLAUSIBLE:
        sample = _sample(raw, "big5", params.sample_bytes)
        if BIG5_STRUCTURE.fullmatch(sample):  # Big5, even if Python's tables lack its characters
            big5 = next((s for s in ranked if s.family == "big5"), None)
            big5 = big5 or Scored("big5", decode_family(sample, "big5"), float("-inf"))
            best, runner, method = big5, best, "big5-structure"
    if best.family not in WIDE:
        spans = split_mixed(raw, LEGACY)
        if spans:
            return _finish(raw, _mixed(spans, best), limit)
    if best.decoding.bad or len(raw) > params.sample_bytes:
        best.decoding = decode_family(raw, best.family)
    return _finish(raw, _evidence(raw, best, runner, method), limit)


def _mixed(spans, single: Scored) -> Decoded:
    """One text from the parts; the runner-up is the best single encoding (no comparable score)."""
    text, parts, bad, chars = [], [], [], 0
    for span in spans:
        d = span.decoding
        bad += [(chars + c, span.byte_start + b, run) for c, b, run in d.bad]
        parts.append(Part(span.byte_start, span.byte_end, chars, chars + len(d.text), d.encoding))
        text.append(d.text)
        chars += len(d.text)
    joined = "".join(text)
    return Decoded(joined, "mixed", None, "mixed-lines", single.decoding.encoding, None, parts, bad)


def _finish(raw: bytes, result: Decoded, limit: float) -> Decoded:
    if _looks_binary(raw, result.text):
        return _reject(reasons.BINARY)
    bad = sum(len(run) for _, _, run in result.undecodable)
    if bad > limit * len(raw):
        first = result.undecodable[0][1]
        return _reject(reasons.undecodable(result.encoding, bad, len(raw), first, limit))
    return result


def _looks_binary(raw: bytes, text: str) -> bool:
    """NUL in the text, or control characters or bytes under an implausible decode.

    Web text often carries a few stray control characters; plausible Chinese around them
    keeps such a file (the characters stay, for later stages to see).
    """
    head = text[:4096]
    if "\x00" in head:
        return True
    many = max(2, len(head) // 50)
    if len(CONTROLS.findall(head)) <= many and len(CONTROL_BYTES.findall(raw[:4096])) <= many:
        return False
    return reasons.mean_wide_logprob(head) < reasons.IMPLAUSIBLE
