"""Candidate encodings and decoding that keeps count of what it could not decode.

Python codec names throughout. The GB family (GB2312 ⊂ GBK ⊂ GB18030) is decoded as
``gb18030``. The Big5 family is decoded as ``cp950`` when that decodes strictly: it is what
Windows wrote most Big5 files with, and its punctuation (``A145`` ‧, ``A1E3`` ～, ``A244`` ￥)
is what Taiwanese text means and what the WHATWG decoder gives, where Python's ``big5`` and
``big5hkscs`` give •, ∼, ¥. It also decodes the ETEN extensions ``F9D6``–``F9FE`` that
``big5`` lacks. Files with HKSCS characters (outside cp950) are decoded as ``big5hkscs``.

>>> lenient_decode(b"ab\\xffcd", "utf-8")
Decoding(encoding='utf-8', text='ab\\ufffdcd', bad=[(2, 2, b'\\xff')])
>>> decode_family("約翰‧甘迺迪".encode("cp950"), "big5").text
'約翰‧甘迺迪'
>>> decode_family("香港𨋢".encode("big5hkscs"), "big5").encoding
'big5hkscs'
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass, field

FAMILIES: dict[str, tuple[str, ...]] = {
    "gb18030": ("gb18030",),
    "big5": ("cp950", "big5hkscs"),
    "utf-8": ("utf-8",),
    "utf-16-le": ("utf-16-le",),
    "utf-16-be": ("utf-16-be",),
    "utf-32-le": ("utf-32-le",),
    "utf-32-be": ("utf-32-be",),
    "hz": ("hz",),
}
LEGACY = ("gb18030", "big5")
WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


@dataclass
class Decoding:
    """``raw`` decoded with ``encoding``; each undecodable byte run became one U+FFFD.

    ``bad`` holds (char position in text, byte position in raw, the bytes) per U+FFFD.
    """

    encoding: str
    text: str
    bad: list[tuple[int, int, bytes]] = field(default_factory=list)

    @property
    def bad_bytes(self) -> int:
        return sum(len(b) for _, _, b in self.bad)


class _TooDamaged(Exception):
    pass


_local = threading.local()


def _record(exc: UnicodeError) -> tuple[str, int]:
    runs, limit = _local.runs, _local.limit
    end = max(exc.end, exc.start + 1)
    runs.append((exc.start, end))
    _local.count += end - exc.start
    if limit is not None and _local.count > limit:
        raise _TooDamaged
    return "\ufffd", end


codecs.register_error("wenku-record", _record)


def lenient_decode(raw: bytes, encoding: str, max_bad: int | None = None) -> Decoding | None:
    """Decode in one pass, replacing each undecodable run with U+FFFD and recording it.

    Returns None once more than ``max_bad`` bytes are undecodable (no point going on).
    """
    _local.runs, _local.limit, _local.count = [], max_bad, 0
    try:
        text = raw.decode(encoding, errors="wenku-record")
    except _TooDamaged:
        return None
    bad: list[tuple[int, int, bytes]] = []
    chars = pos = 0
    for start, end in _local.runs:  # character positions: decode the good stretches between
        chars += len(raw[pos:start].decode(encoding, errors="replace"))
        bad.append((chars, start, raw[start:end]))
        chars += 1
        pos = end
    return Decoding(encoding, text, bad)


def decode_family(raw: bytes, family: str, max_bad: int | None = None) -> Decoding | None:
    """Decode with the first codec of ``family`` that decodes strictly, else the least bad."""
    best: Decoding | None = None
    for codec in FAMILIES[family]:
        result = lenient_decode(raw, codec, max_bad)
        if result is not None and not result.bad:
            return result
        if result is not None and (best is None or result.bad_bytes < best.bad_bytes):
            best = result
    return best


def plausible_families(raw: bytes) -> list[str]:
    """The encodings worth scoring for bytes that are not strict UTF-8 and have no BOM.

    Cheap byte statistics (C-speed) drop the hopeless ones before anything is decoded:
    GB, Big5 and UTF-8 when NULs are more than 1% of the bytes; UTF-8 unless most high bytes
    form valid UTF-8 sequences; UTF-16 for UTF-32-shaped bytes or unless the high byte of most
    code units is one Chinese text uses; UTF-32 without many NULs; HZ without ``~{``.

    >>> plausible_families("中文".encode("gb18030"))
    ['gb18030', 'big5']
    >>> plausible_families("中文，".encode("utf-16-le"))
    ['gb18030', 'big5', 'utf-16-le']
    """
    head = raw[:SCREEN]
    nuls = head.count(0)
    families = [*LEGACY] if nuls * 100 <= len(head) else []  # NULs: wide text or binary
    high = len(head) - len(head.translate(None, HIGH))
    valid = sum(len(m) for m in UTF8_MULTIBYTE.findall(head))
    if families and high and valid >= high // 2:
        families.append("utf-8")
    if len(raw) % 2 == 0 and head.count(b"\x00\x00\x00") * 40 <= len(head):  # not UTF-32
        families += [f for f, units in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])) if _chinese_units(units)]
    if len(raw) % 4 == 0 and raw.count(0) * 4 >= len(raw):
        families += ["utf-32-le", "utf-32-be"]
    if b"~{" in raw and raw.isascii():
        families.append("hz")
    return families


SCREEN = 4096
# Big5's byte structure (lead 81-FE, trail 40-7E or A1-FE) is GBK's without the trails 80-A0
# and GB18030's four-byte codes: text that never uses those is likelier Big5 than GB when
# its GB decode reads as random characters.
BIG5_STRUCTURE = re.compile(rb"(?:[\x00-\x7f]|[\x81-\xfe][\x40-\x7e\xa1-\xfe])*[\x81-\xfe]?")
HIGH = bytes(range(0x80, 0x100))
UTF8_MULTIBYTE = re.compile(rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+")
# High bytes of UTF-16 code units in Chinese text: ASCII/Latin, general punctuation, CJK
# symbols and kana, CJK ideographs, fullwidth forms.
CHINESE_UNIT_HIGH = bytes([0x00, 0x20, 0x25, 0x30, *range(0x34, 0xA0), 0xFE, 0xFF])


def _chinese_units(high_bytes: bytes) -> bool:
    others = len(high_bytes.translate(None, CHINESE_UNIT_HIGH))
    return others * 10 <= len(high_bytes)
