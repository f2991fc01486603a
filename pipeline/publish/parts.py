"""The published tables as part files per doc_id shard, rewritten only when they change.

``processed/<table>/part-<shard>-<n>.parquet``: ``<shard>`` is the first hex digit of the
doc_id (the shards of ``interim/published/``), ``<n>`` counts files of at most
``publish.rows_per_file`` rows. Every file carries a fingerprint of what it holds (the
shard's documents and cache keys, the corpus-wide column values, the publish params and
code) in its metadata; a shard's table whose fingerprint is unchanged is left as it is, so
adding one document rewrites one shard. Content and fingerprint are pure functions of the
inputs, so the files are byte-identical to a from-scratch build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.parquet as pq

from ..core import tables
from ..core.schema import contract
from ..core.validate import TableChecker

FINGERPRINT_KEY = "wenku.shard_fingerprint"
ROW_GROUP_ROWS = 16_384  # published files are read whole or by column, not row by row


def fingerprint(*parts: object) -> str:
    """A hash of the reprs of ``parts``.

    >>> fingerprint("a", [1, 2]) == fingerprint("a", [1, 2]) != fingerprint("a", [2, 1])
    True
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()[:24]


def part_files(folder: Path, shard: str) -> list[Path]:
    return sorted(folder.glob(f"part-{shard}-*.parquet"))


def up_to_date(folder: Path, shard: str, print_: str) -> bool:
    """True when the shard's files exist and all carry this fingerprint."""
    files = part_files(folder, shard)
    try:
        return bool(files) and all(
            (pq.read_schema(f).metadata or {}).get(FINGERPRINT_KEY.encode()) == print_.encode() for f in files
        )
    except Exception:  # unreadable: rewrite
        return False


def write_shard(folder: Path, table: str, shard: str, build: Callable[[], pa.Table], rows_per_file: int, print_: str) -> bool:
    """Write one shard of ``table`` unless it is up to date; returns whether it wrote.

    The rows are validated against the contract before anything is replaced.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if up_to_date(folder, shard, print_):
        return False
    spec = contract(table)
    schema = spec.schema.with_metadata({**spec.schema.metadata, FINGERPRINT_KEY: print_})
    rows = build().select(schema.names).cast(schema)
    checker = TableChecker(spec)
    checker.check(rows)
    checker.raise_if_bad()
    stale = set(part_files(folder, shard))
    starts = range(0, max(rows.num_rows, 1), rows_per_file)
    for n, start in enumerate(starts):
        path = folder / f"part-{shard}-{n:05d}.parquet"
        tmp = path.with_name(path.name + ".tmp")
        with pq.ParquetWriter(tmp, schema, **tables.WRITE_OPTIONS) as writer:
            writer.write_table(rows.slice(start, rows_per_file), row_group_size=ROW_GROUP_ROWS)
        tmp.replace(path)
        stale.discard(path)
    for path in stale:
        path.unlink()
    return True


def remove_other_shards(folder: Path, shards: set[str]) -> None:
    """Delete files of shards that no longer hold documents (and leftovers of other layouts)."""
    for path in folder.glob("*.parquet*"):
        parts = path.name.split("-")
        if len(parts) != 3 or parts[1] not in shards or not path.name.endswith(".parquet"):
            path.unlink()
