"""Why a file is rejected, in sentences a person can act on, naming the likely encoding.

Some files are text in an encoding wenku cannot or should not decode. They decode *without
error* as GB18030 or Big5 all the same, into plausible-looking garbage, so they are
recognised by their byte structure and by what the best Chinese decode looks like:

- Japanese (EUC-JP, Shift_JIS) and Korean (EUC-KR): they decode (nearly) cleanly with their
  own codec, and kana or hangul dominate that decode.
- EUC-TW (CNS 11643; Python has no codec): every high byte is in an ``A1``–``FE`` pair or an
  ``8E A1``–``8E B0`` four-byte plane code, yet the GB/Big5 decode reads as random characters.

Both checks run only when the best Chinese decode is implausible (mean log10 probability per
non-ASCII character below :data:`IMPLAUSIBLE`; real Chinese text scores above -4).

>>> diagnose("中华人民共和国".encode("gb18030"), -3.4, 7) is None
True
>>> raw = "ひらがなとカタカナのテキストです".encode("shift_jis")
>>> diagnose(raw, mean_wide_logprob(raw.decode("gb18030")), 16)[:50]
'not Chinese: the bytes look like Japanese (Shift_J'

"""

from __future__ import annotations

import re

from ..core.hanzi import likelihood_stats

EUC_STRUCTURE = re.compile(rb"(?:[\x00-\x7f]|[\xa1-\xfe][\xa1-\xfe]|\x8e[\xa1-\xb0][\xa1-\xfe][\xa1-\xfe])*")
KANA = re.compile("[\u3040-\u30ff]")
HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
NON_ASCII = re.compile("[^\x00-\x7f]")
IMPLAUSIBLE = -4.6  # mean log10 per character below which a "Chinese" decode is garbage

EMPTY = "empty file: it holds no bytes; remove it or replace it with the intended document"
BINARY = (
    "binary file: it contains NUL or control bytes and is not UTF-16/32 text; "
    "wenku archives text documents, so convert it to text first"
)


def mean_wide_logprob(text: str) -> float:
    """Mean log10 probability of the non-ASCII characters (0 if none): about -3.5 for Chinese.

    >>> mean_wide_logprob("abc中华人民共和国") > IMPLAUSIBLE > mean_wide_logprob("abc鍥藉姟闄㈠姙")
    True
    """
    _, wide, count = likelihood_stats(text)
    return wide / count if count else 0.0


def diagnose(raw: bytes, wide_mean: float, wide_count: int) -> str | None:
    """The rejection reason when the best Chinese decode is implausible (its non-ASCII
    characters average ``wide_mean``) and the bytes fit another language's or an unsupported
    encoding's structure; None for Chinese text."""
    if wide_count < 4 or wide_mean >= IMPLAUSIBLE:
        return None
    for codec, script, share, language in LANGUAGES:
        decoded = raw.decode(codec, errors="replace")
        if decoded.count("\ufffd") <= 2 + len(raw) // 200 and script_share(decoded, script) > share:
            return foreign(language)
    if EUC_STRUCTURE.fullmatch(raw):
        return euc_tw()
    return None


LANGUAGES = (  # codec, script, share of non-ASCII characters, what to call it
    ("euc_jp", KANA, 0.15, "Japanese (EUC-JP)"),
    ("shift_jis", KANA, 0.15, "Japanese (Shift_JIS)"),
    ("euc_kr", HANGUL, 0.5, "Korean (EUC-KR)"),
)
ISO_2022 = {b"\x1b$B": "Japanese (ISO-2022-JP)", b"\x1b$@": "Japanese (ISO-2022-JP)",
            b"\x1b$)C": "Korean (ISO-2022-KR)"}


def iso_2022(raw: bytes) -> str | None:
    """The rejection reason for 7-bit ISO-2022 text (which passes strict UTF-8 as ASCII)."""
    if b"\x1b$" not in raw:
        return None
    if b"\x1b$)A" in raw or b"\x1b$)G" in raw or b"\x1b$*H" in raw:
        return (
            "unsupported encoding: the bytes look like ISO-2022-CN, which Python cannot decode; "
            "convert the file to UTF-8 (e.g. iconv -f ISO-2022-CN -t UTF-8) and add it again"
        )
    return next((foreign(lang) for esc, lang in ISO_2022.items() if esc in raw), None)




def script_share(text: str, script: re.Pattern) -> float:
    """Share of the non-ASCII characters of ``text`` that ``script`` matches.

    >>> script_share("ひらがな漢字", KANA)
    0.6666666666666666
    """
    wide = len(NON_ASCII.findall(text))
    return len(script.findall(text)) / wide if wide else 0.0


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
