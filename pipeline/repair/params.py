"""The ``repair`` section of params.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RepairParams:
    """Which repairs run.

    html_entities: decode HTML entities left by scrapers (``&nbsp;`` -> space, ``&amp;`` -> ``&``).
    pinyin_leaks: remove tone-marked pinyin in parentheses after a Han character (``現(xiàn)在``).
    """

    html_entities: bool = True
    pinyin_leaks: bool = True
