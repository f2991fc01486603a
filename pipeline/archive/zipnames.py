"""Names of zip members, decoded the way their author wrote them.

The zip format stores member names as bytes. Only names flagged as UTF-8 (general purpose
bit 11) say their encoding; the rest are, by the standard, cp437 — and that is how
``unzip`` and Python show them. Zips made on Chinese Windows store GBK bytes instead, so
``中文.txt`` comes out as ``╓╨╬─.txt``. Since cp437 maps every byte to one character, the
stored bytes are recovered exactly with ``name.encode("cp437")`` and decoded again:

1. the Info-ZIP Unicode Path extra field (0x7075), when present and its CRC matches;
2. pure ASCII and strict UTF-8 as they are (many tools write UTF-8 without the flag);
3. otherwise the candidate of GB18030 (a superset of GBK) and Big5 that decodes strictly
   and reads most like Chinese (``pipeline.core.hanzi``), GB18030 on a tie;
4. cp437 when nothing fits.

>>> decode_stored("╓╨╬─.txt".encode("cp437"))
'中文.txt'
>>> decode_stored("報告.txt".encode("big5"))
'報告.txt'
>>> decode_stored(b"report.txt")
'report.txt'
"""

from __future__ import annotations

import struct
import zipfile
import zlib

from ..core.hanzi import plausibility

UTF8_FLAG = 0x800
UNICODE_PATH_FIELD = 0x7075
CANDIDATES = ("gb18030", "big5")


def decode_stored(raw: bytes) -> str:
    """Decode the stored bytes of a name that carries no encoding flag."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best, best_score = None, float("-inf")
    for codec in CANDIDATES:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if score > best_score:
            best, best_score = text, score
    return best if best is not None else raw.decode("cp437")


def _unicode_path(info: zipfile.ZipInfo, raw: bytes) -> str | None:
    extra = info.extra
    while len(extra) >= 4:
        kind, size = struct.unpack("<HH", extra[:4])
        data, extra = extra[4 : 4 + size], extra[4 + size :]
        if kind == UNICODE_PATH_FIELD and len(data) > 5 and data[0] == 1:
            (crc,) = struct.unpack("<L", data[1:5])
            if crc == zlib.crc32(raw):
                try:
                    return data[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
    return None


def member_name(info: zipfile.ZipInfo) -> tuple[str, str | None]:
    """(decoded name with / separators, the name as stored when it differs, else None).

    >>> info = zipfile.ZipInfo("╓╨╬─\\\\▒¿╕µ.txt")
    >>> member_name(info)
    ('中文/报告.txt', '╓╨╬─\\\\▒¿╕µ.txt')
    >>> member_name(zipfile.ZipInfo("a/b.txt"))
    ('a/b.txt', None)
    """
    stored = info.filename
    if info.flag_bits & UTF8_FLAG:
        name = stored
    else:
        raw = stored.encode("cp437")
        name = _unicode_path(info, raw) or decode_stored(raw)
    name = name.replace("\\", "/")  # Windows tools write backslashes; decoded first, as GBK trail bytes can be 0x5C
    return name, (stored if name != stored else None)
