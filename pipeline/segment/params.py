"""The ``segment`` section of params.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentParams:
    """How text is cut into blocks.

    remove_markdown: strip ``**bold**`` markers and ``- `` list dashes left by converters.
    """

    remove_markdown: bool = True
