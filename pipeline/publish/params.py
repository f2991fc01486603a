"""The ``publish`` section of params.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublishParams:
    """How the corpus is written.

    rows_per_file: paragraphs and edits are split into Parquet files of at most this many
      rows (part-00000.parquet, part-00001.parquet, ...), so readers can parallelise.
    """

    rows_per_file: int = 1_000_000
