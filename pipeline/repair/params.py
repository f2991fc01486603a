"""The ``repair`` section of params.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RepairParams:
    """Which repairs run.

    html_entities: decode HTML entities left by scrapers (``&nbsp;`` -> U+00A0, ``&amp;`` -> ``&``).
    mojibake: undo text decoded with the wrong codec (UTF-8 read as GBK, GBK/Big5/UTF-8 read as
        Latin-1/cp1252, Big5 read as GBK and back), in whole documents and in spans.
    misalignment: re-align GBK runs shifted by a lost byte (``?。ㄒ唬┮哉`` -> ``\\ufffd（一）以政``);
        characters that lost a byte become U+FFFD and are flagged as damage.
    pinyin_leaks: remove tone-marked pinyin in parentheses after a Han character (``現(xiàn)在``).
    """

    html_entities: bool = True
    mojibake: bool = True
    misalignment: bool = True
    pinyin_leaks: bool = True
