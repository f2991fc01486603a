"""charset-normalizer as a second opinion on a near-tie between two encodings.

Restricted (``cp_isolation``) to the two candidates, it is good at telling GB from Big5 on
longer text; unrestricted, it calls short Chinese text Korean or UTF-16.

>>> charset_normalizer_prefers("中华人民共和国国务院办公厅".encode("gb18030"), "gb18030", "big5")
True
"""

from __future__ import annotations

CODECS = {"gb18030": "gb18030", "big5": "big5hkscs", "utf-8": "utf_8", "hz": "hz",
          "utf-16-le": "utf_16_le", "utf-16-be": "utf_16_be", "utf-32-le": "utf_32_le", "utf-32-be": "utf_32_be"}


def charset_normalizer_prefers(sample: bytes, challenger: str, holder: str) -> bool:
    """True if charset-normalizer, choosing between the two families only, picks ``challenger``."""
    from charset_normalizer import from_bytes

    isolation = [CODECS[challenger], CODECS[holder]]
    if challenger == "big5" or holder == "big5":
        isolation.append("cp950")
    best = from_bytes(sample, cp_isolation=isolation).best()
    if best is None:
        return False
    name = best.encoding.replace("_", "-")
    return name == challenger or (challenger == "big5" and name in ("big5hkscs", "cp950", "big5"))
