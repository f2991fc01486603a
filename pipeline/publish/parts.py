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
from typing import Callable, Iterable

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


def write_shard(
    folder: Path, table: str, shard: str, build: Callable[[], Iterable[pa.Table]], rows_per_file: int, print_: str
) -> bool:
    """Write one shard of ``table`` unless it is up to date; returns whether it wrote.

    ``build()`` yields the shard's rows in pieces, so memory stays bounded however large a
    shard grows. Every piece is validated against the contract as it comes; the new files
    replace the old ones only after all of them passed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if up_to_date(folder, shard, print_):
        return False
    spec = contract(table)
    schema = spec.schema.with_metadata({**spec.schema.metadata, FINGERPRINT_KEY: print_})
    checker = TableChecker(spec)
    writer = _PartWriter(folder, shard, schema, rows_per_file)
    try:
        for piece in build():
            rows = piece.select(schema.names).cast(schema)
            checker.check(rows)
            checker.raise_if_bad()
            writer.add(rows)
        written = writer.close()
    except BaseException:
        writer.discard()
        raise
    stale = set(part_files(folder, shard))
    for tmp, path in written:
        tmp.replace(path)
        stale.discard(path)
    for path in stale:
        path.unlink()
    return True


class _PartWriter:
    """Rows into ``part-<shard>-<n>.parquet.tmp`` files of at most ``rows_per_file`` rows, in
    row groups of :data:`ROW_GROUP_ROWS` counted from each file's start (so the bytes do not
    depend on how the rows arrived)."""

    def __init__(self, folder: Path, shard: str, schema: pa.Schema, rows_per_file: int):
        self.folder, self.shard, self.schema, self.rows_per_file = folder, shard, schema, rows_per_file
        self.files: list[tuple[Path, Path]] = []
        self.writer: pq.ParquetWriter | None = None
        self.in_file = 0  # rows written to the current file
        self.buffer: list[pa.Table] = []
        self.buffered = 0

    def add(self, rows: pa.Table) -> None:
        self.buffer.append(rows)
        self.buffered += rows.num_rows
        while self.buffered >= self._next_group():
            self._write_group(self._next_group())

    def _next_group(self) -> int:
        return min(ROW_GROUP_ROWS, self.rows_per_file - self.in_file)

    def _write_group(self, size: int) -> None:
        rows = pa.concat_tables(self.buffer)
        group, rest = rows.slice(0, size), rows.slice(size)
        self.buffer, self.buffered = ([rest] if rest.num_rows else []), rest.num_rows
        if self.writer is None:
            path = self.folder / f"part-{self.shard}-{len(self.files):05d}.parquet"
            tmp = path.with_name(path.name + ".tmp")
            self.files.append((tmp, path))
            self.writer = pq.ParquetWriter(tmp, self.schema, **tables.WRITE_OPTIONS)
        self.writer.write_table(group.combine_chunks(), row_group_size=ROW_GROUP_ROWS)
        self.in_file += size
        if self.in_file >= self.rows_per_file:
            self.writer.close()
            self.writer, self.in_file = None, 0

    def close(self) -> list[tuple[Path, Path]]:
        """Flush and close; the (tmp, final) paths written (one empty file for no rows)."""
        if self.buffered:
            self._write_group(self.buffered)
        if self.writer is None and not self.files:
            self._empty_file()
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        return self.files

    def _empty_file(self) -> None:
        path = self.folder / f"part-{self.shard}-00000.parquet"
        tmp = path.with_name(path.name + ".tmp")
        self.files.append((tmp, path))
        with pq.ParquetWriter(tmp, self.schema, **tables.WRITE_OPTIONS) as writer:
            writer.write_table(self.schema.empty_table())

    def discard(self) -> None:
        if self.writer is not None:
            self.writer.close()
        for tmp, _ in self.files:
            tmp.unlink(missing_ok=True)


def remove_other_shards(folder: Path, shards: set[str]) -> None:
    """Delete files of shards that no longer hold documents (and leftovers of other layouts)."""
    for path in folder.glob("*.parquet*"):
        parts = path.name.split("-")
        if len(parts) != 3 or parts[1] not in shards or not path.name.endswith(".parquet"):
            path.unlink()
