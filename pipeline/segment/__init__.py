"""Stage ``segment``: paragraphs, their kinds, and their source spans."""

from __future__ import annotations

from .blocks import Block, segment_text
from .params import SegmentParams

__all__ = ["Block", "SegmentParams", "segment_text"]
