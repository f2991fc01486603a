"""Decide a file's encoding and decode it, with the evidence.

Cheap exact checks first (empty, BOM, strict UTF-8), then legacy Chinese candidates
decoded strictly and compared by charset-normalizer restricted to the encodings a
Chinese archive holds.

>>> decode_bytes("你好，世界".encode("gb18030")).encoding
'gb18030'
>>> decode_bytes("\\ufeff中文".encode("utf-8")).method
'bom'
>>> decode_bytes(b"").error
'empty file: it holds no bytes; remove it or replace it with the intended document'
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from .params import DecodeParams

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
LEGACY_CANDIDATES = ("gb18030", "big5hkscs")
CN_ISOLATION = ["gb18030", "big5hkscs", "big5", "utf_16", "utf_16_le", "utf_16_be", "hz"]


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


def _whole(raw: bytes, text: str, encoding: str, skip: int = 0) -> list[Part]:
    return [Part(skip, len(raw), 0, len(text), encoding)]


def _reject(reason: str) -> Decoded:
    return Decoded(text=None, error=reason)


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(2, len(sample) // 50)


def decode_bytes(raw: bytes, params: DecodeParams = DecodeParams()) -> Decoded:
    """Decode one file's bytes, or say in words why it cannot be."""
    if not raw:
        return _reject("empty file: it holds no bytes; remove it or replace it with the intended document")
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                return _reject(f"starts with a {encoding} byte-order mark but is not valid {encoding} at byte {exc.start + len(bom)}")
            return Decoded(text, encoding, 1.0, "bom", parts=_whole(raw, text, encoding, len(bom)))
    try:
        text = raw.decode("utf-8")
        if "\x00" not in text:
            return Decoded(text, "utf-8", 1.0, "strict-utf8", parts=_whole(raw, text, "utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw or _looks_binary(raw):
        return _reject(
            "binary file: it contains NUL or control bytes and is not UTF-16/32 text; "
            "wenku archives text documents, so convert it to text first"
        )
    return _score_legacy(raw, params)


def _score_legacy(raw: bytes, params: DecodeParams) -> Decoded:
    from charset_normalizer import from_bytes

    scored = []
    for encoding in LEGACY_CANDIDATES:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((encoding, text))
    if not scored:
        return _reject(
            "undecodable: the bytes are not valid UTF-8, UTF-16/32, GB18030 or Big5; "
            "find out the file's encoding and convert it to UTF-8"
        )
    if len(scored) == 1:
        encoding, text = scored[0]
        return Decoded(text, encoding, 0.9, "only-strict-candidate", parts=_whole(raw, text, encoding))
    best = from_bytes(raw, cp_isolation=CN_ISOLATION).best()
    choice = "big5hkscs" if best is not None and "big5" in best.encoding else "gb18030"
    text = dict(scored)[choice]
    runner_up = next(e for e, _ in scored if e != choice)
    return Decoded(text, choice, 0.6, "charset-normalizer", runner_up, 0.4, parts=_whole(raw, text, choice))
