"""The ``decode`` section of params.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DecodeParams:
    """How files are decoded.

    max_undecodable_ratio: reject a file when more than this share of its bytes cannot be
      decoded in the chosen encoding(s) (they are never dropped silently: each run becomes
      U+FFFD with a flagged edit ``undecodable_bytes``).
    sample_bytes: how much of a file that is not UTF-8 is scored to choose its encoding
      (the winner then decodes the whole file; a larger sample is slower, rarely better).
    tie_margin: when the two best encodings score within this many log10 units of each
      other, charset-normalizer (restricted to those two) decides.
    """

    max_undecodable_ratio: float = 0.01
    sample_bytes: int = 4096
    tie_margin: float = 1.0
