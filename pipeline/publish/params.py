"""The ``publish`` section of params.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublishParams:
    """How the corpus is written and how duplicates are found.

    rows_per_file: paragraphs and edits are split into Parquet files of at most this many
      rows (part-00000.parquet, part-00001.parquet, ...), so readers can parallelise.
    duplicate_min_chars: a paragraph whose text without whitespace has at least this many
      characters and already appeared earlier gets ``duplicate_of``. Shorter blocks are
      never flagged: headings (``一、总体要求``), datelines and sign-offs recur in every
      article without being copied text; 16 characters is about half a Chinese sentence.
    near_duplicate_threshold: estimated Jaccard similarity of two documents' character
      shingles from which the later one is a near-duplicate (``near_duplicate_of``).
    shingle_chars: characters per shingle (5 suits Chinese, where a character is a word part).
    minhash_permutations: MinHash signature length; more is more precise and slower.
    """

    rows_per_file: int = 1_000_000
    duplicate_min_chars: int = 16
    near_duplicate_threshold: float = 0.8
    shingle_chars: int = 5
    minhash_permutations: int = 128
