"""Parquet in and out, the same bytes every time.

Every table wenku writes goes through :func:`write_batches`: fixed compression, fixed row
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
    use_dictionary=True,
    write_statistics=True,
    version="2.6",
    data_page_version="1.0",
)


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
    path.parent.mkdir(parents=True, exist_ok=True)
    if metadata:
        schema = schema.with_metadata({**(schema.metadata or {}), **metadata})
    rows = 0
    with pq.ParquetWriter(path, schema, **WRITE_OPTIONS) as writer:
        for batch in batches:
            if not batch:
                continue
            writer.write_table(pa.Table.from_pylist(batch, schema=schema), row_group_size=ROW_GROUP_ROWS)
            rows += len(batch)
        if rows == 0:
            writer.write_table(schema.empty_table())
    return rows


def read_batches(
    path: Path, columns: list[str] | None = None, batch_rows: int = 64
) -> Iterator[list[dict]]:
    """Stream a Parquet file as lists of row dicts, in file order."""
    parquet = pq.ParquetFile(path)
    for record_batch in parquet.iter_batches(batch_size=batch_rows, columns=columns):
        yield record_batch.to_pylist()


def iter_rows(path: Path, columns: list[str] | None = None) -> Iterator[dict]:
    """Stream a Parquet file row by row."""
    for batch in read_batches(path, columns):
        yield from batch


def file_metadata(path: Path) -> dict[str, str]:
    """The key/value metadata of a Parquet file, decoded to text."""
    raw = pq.read_schema(path).metadata or {}
    return {k.decode(): v.decode() for k, v in raw.items() if not k.startswith(b"ARROW")}
