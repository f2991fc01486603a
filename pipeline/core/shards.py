"""A stage output kept as shards by doc_id prefix, so that a small change rewrites a shard.

:func:`pipeline.core.runner.run_stage` alone would rewrite a stage's whole output file on
every run, reusing unchanged rows; for a large corpus that rewrite (and DVC hashing it)
would dominate an incremental run. Every stage therefore writes through
:func:`run_sharded_stage`: its output is a folder of ``<prefix>.parquet`` files (the first ``prefix_chars`` hex
digits of doc_id; rows sorted by doc_id inside). A first pass reads only the key columns
to find the shards whose rows (doc_id and cache key) changed; only those go through
``run_stage`` and are rewritten, the others are left untouched. A shard's content depends
only on its documents, so it is byte-identical whichever way it was built.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from . import tables
from .runner import Stats, _previous_rows, cache_key, run_stage

def _shard_of(row: dict, prefix_chars: int) -> str:
    return row["doc_id"][:prefix_chars]


def _previous_keys(path: Path, schema: pa.Schema) -> tuple[list[tuple], int]:
    """(doc_id, cache_key) of each row of a shard, and how many are rejected."""
    if not path.exists():
        return [], 0
    try:
        parquet = pq.ParquetFile(path)
        if not parquet.schema_arrow.equals(schema, check_metadata=False):
            return [], 0
        columns = ["doc_id", "cache_key"] + (["status"] if "status" in schema.names else [])
        keys = parquet.read(columns=columns)
        rejected = keys.column("status").to_pylist().count("rejected") if "status" in columns else 0
        return list(zip(keys.column("doc_id").to_pylist(), keys.column("cache_key").to_pylist())), rejected
    except Exception:  # a damaged leftover is rebuilt
        return [], 0


def shard_files(folder: Path) -> list[Path]:
    """The shard files of a sharded output, in doc_id order (none if it does not exist)."""
    return tables.table_files(folder) if folder.is_dir() else []


SERIAL_BELOW = 32  # documents to compute: fewer run in the stage process, no worker pool


def run_sharded_stage(
    *,
    rows: Callable[[], Iterable[dict]],
    output: Path,
    schema: pa.Schema,
    key_parts: tuple[str, ...],
    workers: int,
    prefix_chars: int = 1,
    metadata: dict[str, str] | None = None,
    **run_kwargs,
) -> Stats:
    """Like ``run_stage`` into the folder ``output``; ``rows()`` streams the (lazy) input rows.

    A first pass over the keys finds the shards to rewrite and how many documents they
    have to compute; when that is a handful (an added document), they are computed here
    instead of in a pool of ``workers`` processes, which would cost more to start.
    """
    output.mkdir(parents=True, exist_ok=True)
    stats, dirty, present, to_compute = Stats(), [], set(), 0
    for shard, group in itertools.groupby(rows(), key=lambda r: _shard_of(r, prefix_chars)):
        path = output / f"{shard}.parquet"
        present.add(path.name)
        planned = [(r["doc_id"], cache_key(r["cache_key"], *key_parts)) for r in group]
        previous_keys, rejected = _previous_keys(path, schema)
        if previous_keys == planned:
            stats.documents += len(planned)
            stats.reused += len(planned)
            stats.rejected += rejected
        else:
            dirty.append(shard)
            to_compute += len(set(planned) - set(previous_keys))
    for stale in {p.name for p in output.iterdir() if p.is_file()} - present:  # gone shards, interrupted writes
        (output / stale).unlink()
    if not dirty:
        return stats
    wanted = set(dirty)

    def previous() -> Iterator[dict]:
        for shard in dirty:
            yield from _previous_rows(output / f"{shard}.parquet", schema)

    if metadata:
        schema = schema.with_metadata({**(schema.metadata or {}), **metadata})
    writer = _ShardWriter(output, schema, prefix_chars)
    computed = run_stage(
        rows=(r for r in rows() if _shard_of(r, prefix_chars) in wanted),
        output=output,
        schema=schema,
        key_parts=key_parts,
        previous=previous(),
        workers=workers if to_compute >= SERIAL_BELOW else 1,
        write=writer.write_all,
        **run_kwargs,
    )
    stats.documents += computed.documents
    stats.reused += computed.reused
    stats.computed += computed.computed
    stats.rejected += computed.rejected
    return stats


class _ShardWriter:
    """Writes tables sorted by doc_id into their shards, in row groups of ``ROWS`` rows
    counted from each shard's start (so a shard's bytes do not depend on how its rows
    arrived). Files are written beside the shards and replace them only at the end, after
    every previous row has been read."""

    ROWS = 16

    def __init__(self, output: Path, schema: pa.Schema, prefix_chars: int):
        self.output, self.schema, self.prefix_chars = output, schema, prefix_chars
        self.prefix: str | None = None
        self.writer: pq.ParquetWriter | None = None
        self.buffer: list[pa.Table] = []
        self.written: list[str] = []

    def write_all(self, batches: Iterable[pa.Table]) -> None:
        for table in batches:
            start = 0
            doc_ids = table.column("doc_id").to_pylist()
            for prefix, group in itertools.groupby(d[: self.prefix_chars] for d in doc_ids):
                count = sum(1 for _ in group)
                self.add(prefix, table.slice(start, count))
                start += count
        self.close()
        for prefix in self.written:
            self._tmp(prefix).replace(self.output / f"{prefix}.parquet")

    def add(self, prefix: str, rows: pa.Table) -> None:
        if prefix != self.prefix:
            self.close()
            self.prefix = prefix
            self.writer = pq.ParquetWriter(self._tmp(prefix), self.schema, **tables.WRITE_OPTIONS)
        self.buffer.append(rows)
        buffered = pa.concat_tables(self.buffer)
        full = buffered.num_rows - buffered.num_rows % self.ROWS
        for i in range(0, full, self.ROWS):
            self.writer.write_table(buffered.slice(i, self.ROWS).combine_chunks())
        self.buffer = [buffered.slice(full)] if full < buffered.num_rows else []

    def _tmp(self, prefix: str) -> Path:
        return self.output / f"_{prefix}.parquet.tmp"

    def close(self) -> None:
        if self.writer is None:
            return
        if self.buffer:
            self.writer.write_table(pa.concat_tables(self.buffer).combine_chunks())
        self.writer.close()
        self.written.append(self.prefix)
        self.writer, self.buffer = None, []
