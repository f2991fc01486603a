"""The ``decode`` section of params.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DecodeParams:
    """How files are decoded.

    max_undecodable_ratio: reject a file when more than this share of its bytes cannot be
      decoded in any candidate encoding (they are never dropped silently: each becomes
      U+FFFD with a flagged edit).
    """

    max_undecodable_ratio: float = 0.01
