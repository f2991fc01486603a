"""Why a file is rejected, in sentences a person can act on, naming the likely encoding.

Some files are text in an encoding wenku cannot or should not decode. They decode *without
error* as GB18030 or Big5 all the same, into plausible-looking garbage, so they are
recognised by their byte structure and by what the best Chinese decode looks like:

- EUC-TW (CNS 11643; Python has no codec): ``8E A2``–``8E A7`` plane prefixes followed by two
  ``A1``–``FE`` bytes, and a GB/Big5 decode that reads as random characters.
- Japanese (EUC-JP, Shift_JIS) and Korean (EUC-KR): kana or hangul dominate a decode.

>>> looks_euc_tw(b"EUC-TW\\x8e\\xa2\\xa1\\xa1\\xc4\\xa1", -6.0)
True
>>> looks_euc_tw("中文".encode("gb18030"), -3.0)
False
"""

from __future__ import annotations

import re

EUC_TW_PLANE = re.compile(rb"\x8e[\xa1-\xb0][\xa1-\xfe][\xa1-\xfe]")
EUC_STRUCTURE = re.compile(rb"(?:[\x00-\x7f]|[\xa1-\xfe][\xa1-\xfe]|\x8e[\xa1-\xb0][\xa1-\xfe][\xa1-\xfe])*")
IMPLAUSIBLE = -4.6  # mean log10 per character below which a "Chinese" decode is garbage

EMPTY = "empty file: it holds no bytes; remove it or replace it with the intended document"
BINARY = (
    "binary file: it contains NUL or control bytes and is not UTF-16/32 text; "
    "wenku archives text documents, so convert it to text first"
)


def looks_euc_tw(raw: bytes, mean_score: float) -> bool:
    """EUC-TW structure (with at least one 4-byte plane code) and an implausible decode."""
    return (
        mean_score < IMPLAUSIBLE
        and EUC_TW_PLANE.search(raw) is not None
        and EUC_STRUCTURE.fullmatch(raw[: len(raw) - len(raw) % 2 or None]) is not None
    )


KANA = re.compile("[\u3040-\u30ff]")
HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
NON_ASCII = re.compile("[^\x00-\x7f]")


def script_share(text: str, script: re.Pattern) -> float:
    """Share of the non-ASCII characters of ``text`` that ``script`` matches.

    >>> script_share("ひらがな漢字", KANA)
    0.6666666666666666
    """
    wide = len(NON_ASCII.findall(text))
    return len(script.findall(text)) / wide if wide else 0.0


def foreign_language(text: str) -> str | None:
    """'Japanese' or 'Korean' when kana or hangul make up a large share of the text."""
    if script_share(text, KANA) > 0.15:
        return "Japanese (EUC-JP or Shift_JIS)"
    if script_share(text, HANGUL) > 0.3:
        return "Korean (EUC-KR)"
    return None


def euc_tw() -> str:
    return (
        "unsupported encoding: the bytes look like EUC-TW (CNS 11643, Traditional Chinese), "
        "which Python cannot decode; convert the file to UTF-8 (e.g. iconv -f EUC-TW -t UTF-8) "
        "and add it again"
    )


def foreign(language: str) -> str:
    return (
        f"not Chinese: the bytes look like {language} text; wenku archives Chinese documents, "
        "so remove the file, or convert it to UTF-8 if it is meant to be here"
    )


def undecodable(encoding: str, bad: int, total: int, first: int, limit: float) -> str:
    return (
        f"undecodable: {bad} of {total} bytes ({bad / total:.1%}, first at byte {first}) are not "
        f"valid in the likeliest encoding, {encoding}, more than the {limit:.1%} allowed "
        "(decode.max_undecodable_ratio); check that the file is a whole text document and "
        "convert it to UTF-8 from its real encoding"
    )


def bad_bom(encoding: str, bad: int, first: int) -> str:
    return (
        f"starts with a {encoding} byte-order mark but {bad} bytes are not valid {encoding} "
        f"(first at byte {first}); the file is damaged or mislabelled: re-export it as UTF-8"
    )
