"""Byte-order marks: the one exact signal of a Unicode encoding.

UTF-32-LE's mark starts with UTF-16-LE's (``FF FE 00 00`` vs ``FF FE``), so the longer
marks are tried first.

>>> sniff_bom("\\ufeff中".encode("utf-16-le"))
('utf-16-le', 2)
>>> sniff_bom("\\ufeff中".encode("utf-32-le"))
('utf-32-le', 4)
>>> sniff_bom("中".encode("utf-8")) is None
True
"""

from __future__ import annotations

import codecs

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniff_bom(raw: bytes) -> tuple[str, int] | None:
    """The encoding a leading byte-order mark names, and the mark's length; None if none."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return encoding, len(bom)
    return None
