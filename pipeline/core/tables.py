"""Parquet in and out, the same bytes every time.

Every table wenku writes goes through :func:`write_tables` (or :func:`write_batches`): fixed compression, fixed row
group size, no timestamps, rows in the order given. Readers stream in batches so memory
does not grow with the corpus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_ROWS = 256
WRITE_OPTIONS = dict(
    compression="zstd",
    compression_level=3,
    use_dictionary=False,  # texts and ids are unique: dictionaries cost time and bytes
    version="2.6",
    data_page_version="1.0",
)


# Min/max statistics of long texts would be kept for every row group in the footer, in
# memory until the file closes, and no reader prunes on them: keys and numbers only.
NO_STATISTICS = {"text", "source_text", "before", "after", "detail", "error"}


def open_parquet(path: Path) -> pq.ParquetFile:
    """A Parquet file to stream from. Without ``pre_buffer=False`` the reader keeps every
    row group it has read in its range cache until the file is done, so reading a stage
    table batch by batch held memory in proportion to the table (measured: +100 MB per
    800 batches of 16 documents)."""
    return pq.ParquetFile(path, pre_buffer=False)


def write_options(schema: pa.Schema) -> dict:
    """The Parquet writer options for ``schema``: :data:`WRITE_OPTIONS` plus statistics on
    the flat columns that are not long text.

    >>> write_options(pa.schema([("doc_id", pa.string()), ("text", pa.string())]))["write_statistics"]
    ['doc_id']
    """
    flat = [f.name for f in schema if not pa.types.is_nested(f.type) and f.name not in NO_STATISTICS]
    return {**WRITE_OPTIONS, "write_statistics": flat}


def write_batches(
    path: Path,
    schema: pa.Schema,
    batches: Iterable[list[dict]],
    metadata: dict[str, str] | None = None,
) -> int:
    """Write lists of row dicts to one Parquet file; returns the number of rows.

    >>> import tempfile, pyarrow as pa
    >>> p = Path(tempfile.mkdtemp()) / "t.parquet"
    >>> write_batches(p, pa.schema([("a", pa.int64())]), [[{"a": 1}], [{"a": 2}]])
    2
    >>> [r["a"] for batch in read_batches(p) for r in batch]
    [1, 2]
    """
    tables = (pa.Table.from_pylist(batch, schema=schema) for batch in batches if batch)
    return write_tables(path, schema, tables, metadata)


def write_tables(path: Path, schema: pa.Schema, batches: Iterable[pa.Table], metadata: dict[str, str] | None = None) -> int:
    """Like :func:`write_batches`, for Arrow tables of ``schema``; returns the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if metadata:
        schema = schema.with_metadata({**(schema.metadata or {}), **metadata})
    rows = 0
    with pq.ParquetWriter(path, schema, **write_options(schema)) as writer:
        for table in batches:
            if table.num_rows:
                writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
                rows += table.num_rows
        if rows == 0:
            writer.write_table(schema.empty_table())
    return rows


def read_tables(path: Path, columns: list[str] | None = None, batch_rows: int = 64) -> Iterator[pa.Table]:
    """Stream a Parquet file as Arrow tables of ``batch_rows`` rows (no Python objects)."""
    for record_batch in open_parquet(path).iter_batches(batch_size=batch_rows, columns=columns):
        yield pa.Table.from_batches([record_batch])


def read_batches(
    path: Path, columns: list[str] | None = None, batch_rows: int = 64
) -> Iterator[list[dict]]:
    """Stream a Parquet file as lists of row dicts, in file order."""
    parquet = open_parquet(path)
    for record_batch in parquet.iter_batches(batch_size=batch_rows, columns=columns):
        yield record_batch.to_pylist()


def iter_rows(path: Path, columns: list[str] | None = None) -> Iterator[dict]:
    """Stream a Parquet file row by row."""
    for batch in read_batches(path, columns):
        yield from batch


def to_ipc(table: pa.Table) -> bytes:
    """A table as Arrow IPC bytes, to hand to another process: unlike pickle, only the
    rows of a slice are copied, not the whole buffers it views.

    >>> t = pa.table({"a": [1, 2, 3]}).slice(1)
    >>> from_ipc(to_ipc(t)).to_pylist()
    [{'a': 2}, {'a': 3}]
    """
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def from_ipc(data: bytes) -> pa.Table:
    """The table of :func:`to_ipc` bytes."""
    return pa.ipc.open_stream(data).read_all()


def aligned_batches(
    sources: list[tuple[Path, list[str] | None]], batch_rows: int = 16
) -> Iterator[tuple[pa.Table, ...]]:
    """Stream several Parquet files of the same rows side by side, ``batch_rows`` at a time.

    Yields one table per file, all with the same number of rows; raises ``ValueError`` when
    the files hold different numbers of rows.
    """
    readers = [open_parquet(path).iter_batches(batch_size=batch_rows, columns=columns) for path, columns in sources]
    pending: list[list[pa.RecordBatch]] = [[] for _ in readers]
    counts = [0] * len(readers)
    while True:
        for i, reader in enumerate(readers):
            while counts[i] < batch_rows:
                batch = next(reader, None)
                if batch is None:
                    break
                pending[i].append(batch)
                counts[i] += batch.num_rows
        n = min(min(counts), batch_rows)
        if n == 0:
            if any(counts):
                names = ", ".join(str(path) for path, _ in sources)
                raise ValueError(f"{names}: the tables hold different numbers of rows; re-run the stages in order")
            return
        out = []
        for i in range(len(readers)):
            table = pa.Table.from_batches(pending[i])
            out.append(table.slice(0, n))
            pending[i] = table.slice(n).to_batches()
            counts[i] -= n
        yield tuple(out)


def file_metadata(path: Path) -> dict[str, str]:
    """The key/value metadata of a Parquet file, decoded to text."""
    raw = pq.read_schema(path).metadata or {}
    return {k.decode(): v.decode() for k, v in raw.items() if not k.startswith(b"ARROW")}
