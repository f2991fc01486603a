"""The ``segment`` section of params.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentParams:
    """How text is cut into blocks, joined back and given kinds.

    remove_markdown: strip ``**bold**`` markers, ``- `` list dashes and ``#`` heading marks
        left by converters (each removal is an edit).
    heading_max_chars: a block without sentence-final punctuation and at most this many
        characters (and at most one comma) may be a heading; longer ones are sentences.
    max_interrupters: how many captions, headlines or continuation markers may sit between
        the two halves of a broken paragraph for them to be joined.
    wrap_min_width: narrowest display width (CJK = 2 columns) taken for a hard-wrapped file.
    wrap_slack: columns short of the wrap width that still count as a full (wrapped) line.
    wrap_min_share: share of non-blank lines that must be full for a file to be hard-wrapped.
    """

    remove_markdown: bool = True
    heading_max_chars: int = 32
    max_interrupters: int = 3
    word_check: bool = True
    wrap_min_width: int = 24
    wrap_slack: int = 4
    wrap_min_share: float = 0.3
