"""A stage output kept as shards by doc_id prefix, so that a small change rewrites a shard.

:func:`pipeline.core.runner.run_stage` rewrites its whole output file on every run, reusing
unchanged rows; for a large per-document table that rewrite dominates an incremental run.
Here the output is a folder of ``<prefix>.parquet`` or Arrow IPC ``<prefix>.arrow`` files
(the stages' own outputs, which only wenku reads, are IPC: see ``tables.STAGE_SUFFIX``), by
the first ``prefix_chars`` hex digits of doc_id, rows sorted by doc_id inside. A first
pass reads only the key columns to find the shards whose rows (doc_id and cache key)
changed; only those go through ``run_stage``, whose output is split into shard files as it
streams, and are rewritten; the others are left untouched. A shard's content depends only
on its documents (row groups of ``_ShardWriter.ROWS`` rows from the shard's start), so it
is byte-identical whichever way it was built.

Beside the shards, ``_shards.json`` (:data:`INDEX`) records per shard a digest of its keys,
the digest of the input it was built from, its row and rejected counts and its size in
bytes. It is deleted when a run starts and written when the run has finished, so it is
there only when it describes the shard files. A later stage whose input shard is described by the same
digest as last time reuses the whole shard without reading one key of it: an addition to a
large archive then reads the keys of the one shard it changed, not of every document.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from . import tables
from .runner import Stats, _previous_rows, cache_key, run_stage

INDEX = "_shards.json"


def read_index(folder: Path) -> dict[str, dict]:
    """The shard index of a sharded output (empty when it has none)."""
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def input_digests(*folders: Path) -> dict[str, str] | None:
    """Per shard, one digest of its keys in every one of ``folders`` (sharded stage outputs,
    the inputs of a stage); None when one of them has no index or they hold other shards.

    >>> import tempfile; a, b = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> for folder, keys in ((a, "k1"), (b, "k2")):
    ...     _ = (folder / INDEX).write_text(json.dumps({"0": {"keys": keys}}))
    >>> list(input_digests(a, b)), input_digests(a, Path(tempfile.mkdtemp()))
    (['0'], None)
    """
    indexes = [read_index(folder) for folder in folders]
    if not all(indexes) or any(set(index) != set(indexes[0]) for index in indexes):
        return None
    return {shard: cache_key(*(index[shard]["keys"] for index in indexes)) for shard in sorted(indexes[0])}


def keys_digest(keys: list[tuple[str, str]]) -> str:
    """A digest of a shard's (doc_id, cache_key) pairs, in order."""
    return hashlib.sha256("\x1f".join(f"{doc}\x1e{key}" for doc, key in keys).encode()).hexdigest()[:24]


def _size(path: Path) -> int | None:
    """The size of a shard file (None if it is missing): a shard replaced or cut short since
    the index was written is not reused on the index's word."""
    try:
        return path.stat().st_size
    except OSError:
        return None


def _write_index(output: Path, index: dict[str, dict]) -> None:
    tmp = output / (INDEX + ".tmp")
    tmp.write_text(json.dumps(index, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(output / INDEX)


def _shard_of(row: dict, prefix_chars: int) -> str:
    return row["doc_id"][:prefix_chars]


def _previous_keys(path: Path, schema: pa.Schema) -> tuple[list[tuple], int]:
    """(doc_id, cache_key) of each row of a shard, and how many are rejected."""
    if not path.exists():
        return [], 0
    try:
        parquet = tables.open_file(path)
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


def run_sharded_stage(
    *,
    rows: Callable[[], Iterable[dict]],
    output: Path,
    schema: pa.Schema,
    key_parts: tuple[str, ...],
    prefix_chars: int = 1,
    write_options: dict | None = None,
    suffix: str = ".parquet",
    inputs: dict[str, str] | None = None,
    **run_kwargs,
) -> Stats:
    """Like ``run_stage`` into the folder ``output``; ``rows()`` streams the (lazy) input rows.

    Shards are Parquet files, or Arrow IPC files with ``suffix=".arrow"``; ``write_options``
    (Parquet writer options) default to :data:`tables.WRITE_OPTIONS`.

    ``inputs`` (see :func:`input_digests`), when given, says per shard what its input is;
    ``rows`` then takes ``shards=``, the shards whose rows to stream. A shard whose input
    and ``key_parts`` are those recorded in the index is reused without reading its rows.
    """
    output.mkdir(parents=True, exist_ok=True)
    recorded = read_index(output)
    (output / INDEX).unlink(missing_ok=True)  # written again when this run has finished
    stats, dirty, present, index = Stats(), [], set(), {}
    slow: set[str] | None = None
    if inputs is not None:
        slow = set()
        for shard, digest in inputs.items():
            entry, built_from = recorded.get(shard), cache_key(digest, *key_parts)
            if entry and entry.get("input") == built_from and _size(output / f"{shard}{suffix}") == entry.get("bytes"):
                index[shard] = entry
                present.add(f"{shard}{suffix}")
                stats.documents += entry["rows"]
                stats.reused += entry["rows"]
                stats.rejected += entry["rejected"]
            else:
                slow.add(shard)

    def source() -> Iterable[dict]:
        return rows() if slow is None else rows(shards=slow)

    for shard, group in itertools.groupby(source(), key=lambda r: _shard_of(r, prefix_chars)):
        path = output / f"{shard}{suffix}"
        present.add(path.name)
        planned = [(r["doc_id"], cache_key(r["cache_key"], *key_parts)) for r in group]
        index[shard] = {
            "keys": keys_digest(planned),
            "input": cache_key(inputs[shard], *key_parts) if inputs is not None else None,
            "rows": len(planned),
        }
        previous_keys, rejected = _previous_keys(path, schema)
        if previous_keys == planned:
            stats.documents += len(planned)
            stats.reused += len(planned)
            stats.rejected += rejected
            index[shard].update(rejected=rejected, bytes=_size(path))
        else:
            dirty.append(shard)
    for stale in {p.name for p in output.iterdir() if p.is_file()} - present:  # gone shards, interrupted writes
        (output / stale).unlink()
    if dirty:
        wanted = set(dirty)

        def previous() -> Iterator[dict]:
            for shard in dirty:
                yield from _previous_rows(output / f"{shard}{suffix}", schema)

        computed = run_stage(
            rows=(r for r in source() if _shard_of(r, prefix_chars) in wanted),
            output=output,  # not written as one file: ``write`` splits the output into shards
            schema=schema,
            key_parts=key_parts,
            previous=previous(),
            write=partial(_split, output=output, schema=schema, prefix_chars=prefix_chars, options=write_options, suffix=suffix),
            **run_kwargs,
        )
        stats.documents += computed.documents
        stats.reused += computed.reused
        stats.computed += computed.computed
        stats.rejected += computed.rejected
        for shard in dirty:
            keys, index[shard]["rejected"] = _previous_keys(output / f"{shard}{suffix}", schema)
            index[shard]["bytes"] = _size(output / f"{shard}{suffix}")
            if keys_digest(keys) != index[shard]["keys"]:
                raise RuntimeError(f"{output}: shard {shard} does not hold the rows it was built from")
    _write_index(output, index)
    return stats


class _ShardWriter:
    """Writes consecutive shards, in row groups of ``ROWS`` rows counted from each shard's start."""

    ROWS = 16

    def __init__(self, output: Path, schema: pa.Schema, options: dict | None = None, suffix: str = ".parquet"):
        self.output, self.schema, self.suffix = output, schema, suffix
        self.options = tables.WRITE_OPTIONS if options is None else options
        self.prefix: str | None = None
        self.writer: pq.ParquetWriter | None = None
        self.buffer: list[pa.Table] = []

    def add(self, prefix: str, rows: pa.Table) -> None:
        if prefix != self.prefix:
            self.close()
            self.prefix = prefix
            if tables.is_ipc(self.suffix):
                self.writer = tables.ipc_writer(self._tmp(), self.schema)
            else:
                self.writer = pq.ParquetWriter(self._tmp(), self.schema, **self.options)
        self.buffer.append(rows)
        buffered = pa.concat_tables(self.buffer)
        full = buffered.num_rows - buffered.num_rows % self.ROWS
        for i in range(0, full, self.ROWS):
            self.writer.write_table(self._compact(buffered.slice(i, self.ROWS)))
        self.buffer = [buffered.slice(full)] if full < buffered.num_rows else []

    def _compact(self, rows: pa.Table) -> pa.Table:
        """The rows in fresh buffers: an IPC file stores buffers as they are, so a slice's
        layout (where its batch began) would otherwise show in the bytes."""
        if not tables.is_ipc(self.suffix):
            return rows.combine_chunks()
        return pa.concat_tables([rows, rows.slice(0, 0)]).combine_chunks()  # two chunks: always copied

    def _tmp(self) -> Path:
        return self.output / f"{self.prefix}{self.suffix}.tmp"

    def close(self) -> None:
        if self.writer is None:
            return
        if self.buffer:
            self.writer.write_table(self._compact(pa.concat_tables(self.buffer)))
        self.writer.close()
        self._tmp().replace(self.output / f"{self.prefix}{self.suffix}")
        self.writer, self.buffer = None, []


def _split(batches: Iterable[pa.Table], output: Path, schema: pa.Schema, prefix_chars: int, options: dict | None, suffix: str) -> None:
    """Write output tables (rows sorted by doc_id) into their shard files, streaming."""
    writer = _ShardWriter(output, schema, options, suffix)
    for table in batches:
        start = 0
        for prefix, group in itertools.groupby(d[:prefix_chars] for d in table.column("doc_id").to_pylist()):
            count = sum(1 for _ in group)
            writer.add(prefix, table.slice(start, count))
            start += count
    writer.close()
