"""Parquet in and out, the same bytes every time.

Every table wenku writes uses these fixed writer options: fixed compression (zstd level 1:
half the CPU of level 3, files about 40 % larger), fixed row group size, no timestamps,
rows in the order given. Dictionary encoding is off (texts and
ids are unique, so it only costs time) and min/max statistics are kept only for the key
columns readers filter on (those of long texts would cost time and footer space for every
row group). Readers stream in batches so memory does not grow with the corpus.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_ROWS = 256
STATISTICS = ["doc_id", "cache_key", "status", "index", "stage", "step", "start", "end", "paragraph"]
WRITE_OPTIONS = dict(
    compression="zstd",
    compression_level=1,
    use_dictionary=False,
    write_statistics=STATISTICS,
    version="2.6",
    data_page_version="1.0",
)


def write_batches(
    path: Path,
    schema: pa.Schema,
    batches: Iterable[list[dict] | pa.Table],
    metadata: dict[str, str] | None = None,
) -> int:
    """Write lists of row dicts (or Arrow tables) to one Parquet file; returns the number of rows.

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
            table = batch if isinstance(batch, pa.Table) else pa.Table.from_pylist(batch, schema=schema)
            if not table.num_rows:
                continue
            writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
            rows += table.num_rows
        if rows == 0:
            writer.write_table(schema.empty_table())
    return rows


SHARD_SUFFIXES = (".parquet", ".arrow")


def table_files(path: Path) -> list[Path]:
    """The files that make up the table at ``path``: the file itself, or the shards of a
    folder (``*.parquet`` or ``*.arrow``) in name order, which is doc_id order for
    :mod:`pipeline.core.shards`, without leftovers of an interrupted write.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("b.parquet", "a.parquet", "_pending.parquet", "_c.parquet.tmp"):
    ...     _ = (folder / name).write_bytes(b"")
    >>> [p.name for p in table_files(folder)], table_files(folder / "a.parquet")[0].name
    (['a.parquet', 'b.parquet'], 'a.parquet')
    """
    if not path.is_dir():
        if not path.exists():
            raise FileNotFoundError(errno.ENOENT, "no such table", str(path))
        return [path]
    return sorted(p for p in path.iterdir() if p.suffix in SHARD_SUFFIXES and not p.name.startswith("_"))


def read_batches(
    path: Path, columns: list[str] | None = None, batch_rows: int = 64
) -> Iterator[list[dict]]:
    """Stream a Parquet or Arrow IPC file (or a folder of shards, see :func:`table_files`)
    as lists of row dicts, in file order."""
    for file in table_files(path):
        if is_ipc(file):
            opened = open_file(file)
            for group in range(opened.num_row_groups):
                yield opened.read_row_group(group, columns=columns).to_pylist()
            continue
        parquet = pq.ParquetFile(file)
        for record_batch in parquet.iter_batches(batch_size=batch_rows, columns=columns):
            yield record_batch.to_pylist()


def iter_rows(path: Path, columns: list[str] | None = None) -> Iterator[dict]:
    """Stream a Parquet or Arrow IPC file (or a folder of shards) row by row."""
    for batch in read_batches(path, columns):
        yield from batch


def file_metadata(path: Path) -> dict[str, str]:
    """The key/value metadata of a Parquet file (or of a folder of shards, which all carry
    the same), decoded to text; empty for a folder without shards."""
    files = table_files(path)
    if not files:
        return {}
    raw = read_schema(files[0]).metadata or {}
    return {k.decode(): v.decode() for k, v in raw.items() if not k.startswith(b"ARROW")}


# Files only wenku reads back can be Arrow IPC files (``.arrow``) instead of Parquet:
# written and read at memory speed (no Parquet encoding of nested lists), LZ4-compressed,
# just as deterministic. Record batches play the part of Parquet's row groups. Every stage
# output in interim/, publish's cache too, is such files (STAGE_SUFFIX). A text stage's
# table is written once and read twice, by the next stage and by publish; at 50 MB it took
# 0.28 CPU-s to write and 0.15-0.20 to read as Parquet, 0.22 and 0.03-0.04 as IPC (files
# 1.5x larger).
# pandas reads them too: ``pandas.read_feather`` (an Arrow IPC file is Feather v2).
STAGE_SUFFIX = ".arrow"
# Record batches are of 16 rows: compressing their buffers in Arrow's thread pool cost more
# than it saved (a 50 MB stage table: 0.186 CPU-s, 0.144 without; the same bytes).
IPC_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4", use_threads=False)
# Reads are of a few columns or a few record batches at a time: decompressing them in
# Arrow's thread pool cost more than it saved (keys of a 10,000-document cache: 2-3x slower).
# Files are read, not memory-mapped: the mapped pages of every cache shard being read
# stayed resident, 150 MB more peak RSS in publish at 500 MB.
IPC_READ = dict(use_threads=False)


def is_ipc(path: Path | str) -> bool:
    return str(path).endswith(".arrow")


class _IpcFile:
    """An Arrow IPC file read like a ``pyarrow.parquet.ParquetFile`` (what this module uses of it).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "t.arrow"
    >>> with ipc_writer(p, pa.schema([("a", pa.int64()), ("b", pa.string())])) as w:
    ...     w.write_table(pa.table({"a": [1, 2], "b": ["x", "y"]}))
    >>> f = open_file(p)
    >>> f.num_row_groups, f.read_row_group(0, columns=["a"]).to_pydict(), read_table(p, ["b"]).num_rows
    (1, {'a': [1, 2]}, 2)
    """

    def __init__(self, path: Path | str):
        self.path = str(path)
        self.reader = pa.ipc.open_file(pa.OSFile(self.path), options=pa.ipc.IpcReadOptions(**IPC_READ))
        self.schema_arrow = self.reader.schema
        self.num_row_groups = self.reader.num_record_batches
        self._partial: dict[tuple, pa.ipc.RecordBatchFileReader] = {}

    def _reader(self, columns) -> pa.ipc.RecordBatchFileReader:
        if columns is None:
            return self.reader
        key = tuple(columns)
        if key not in self._partial:  # decompress only the columns asked for
            fields = [self.schema_arrow.get_field_index(c) for c in columns]
            options = pa.ipc.IpcReadOptions(included_fields=fields, **IPC_READ)
            self._partial[key] = pa.ipc.open_file(pa.OSFile(self.path), options=options)
        return self._partial[key]

    def read_row_group(self, index: int, columns: list[str] | None = None) -> pa.Table:
        table = pa.Table.from_batches([self._reader(columns).get_batch(index)])
        return table if columns is None else table.select(columns)

    def read(self, columns: list[str] | None = None) -> pa.Table:
        table = self._reader(columns).read_all()
        return table if columns is None else table.select(columns)


def ipc_writer(path: Path, schema: pa.Schema) -> pa.ipc.RecordBatchFileWriter:
    return pa.ipc.new_file(str(path), schema, options=IPC_OPTIONS)


def open_file(path: Path | str, **parquet_options):
    """A Parquet or (``.arrow``) Arrow IPC file, for reading by row group.

    Parquet files are opened without pre-buffering unless asked: wenku reads a few
    columns or one row group at a time, and coalescing those reads cost more than it saved
    (the keys of 16 shards: 2x slower).
    """
    if is_ipc(path):
        return _IpcFile(path)
    return pq.ParquetFile(path, **{"pre_buffer": False, **parquet_options})


def read_schema(path: Path | str) -> pa.Schema:
    return open_file(path).schema_arrow if is_ipc(path) else pq.read_schema(path)


def read_table(path: Path | str, columns: list[str] | None = None) -> pa.Table:
    return open_file(path).read(columns)


LAZY = "_lazy"
KEY_GROUPS = 64  # row groups whose keys iter_lazy_rows reads at once


class _RowGroup:
    """One row group of a Parquet file, read in full on first use only."""

    def __init__(self, parquet: pq.ParquetFile, index: int, path: Path | None = None):
        self.parquet, self.index, self._table, self.path = parquet, index, None, path

    def table(self) -> pa.Table:
        if self._table is None:
            self._table = self.parquet.read_row_group(self.index)
        return self._table


def iter_lazy_rows(
    path: Path, keys: tuple[str, ...] = ("doc_id", "cache_key"), shards: set[str] | None = None
) -> Iterator[dict]:
    """Stream a Parquet (or IPC) file, or a folder of shards (only the ``shards`` named, by
    file stem, if given), as rows holding only ``keys`` plus a reference to the full row.

    Only the key columns are read up front; the rest of a row group is read when
    :func:`full_row` or :func:`arrow_rows` first asks for one of its rows, so a runner
    that reuses most rows never decodes their text.
    """
    for file in table_files(Path(path)):
        if shards is None or file.stem in shards:
            yield from _iter_lazy_file(file, keys)


def _iter_lazy_file(path: Path, keys: tuple[str, ...]) -> Iterator[dict]:
    parquet = open_file(path)
    step = 1 if is_ipc(path) else KEY_GROUPS
    for first in range(0, parquet.num_row_groups, step):
        indices = list(range(first, min(first + step, parquet.num_row_groups)))
        if is_ipc(path):
            key_table = parquet.read_row_group(first, columns=list(keys))
            sizes = [key_table.num_rows]
        else:  # the keys of several row groups in one read (one read per group costs more)
            key_table = parquet.read_row_groups(indices, columns=list(keys))
            sizes = [parquet.metadata.row_group(i).num_rows for i in indices]
        columns = [key_table.column(k).to_pylist() for k in keys]
        row = 0
        for index, size in zip(indices, sizes):
            group = _RowGroup(parquet, index, Path(path))
            for i in range(size):
                yield {**{k: c[row] for k, c in zip(keys, columns)}, LAZY: (group, i)}
                row += 1


def full_row(row: dict) -> dict:
    """The complete row of a lazy row (a plain row is returned as it is).

    A lazy reference is ``(batch, index)`` or a function that builds the row.
    """
    if LAZY not in row:
        return row
    ref = row[LAZY]
    if callable(ref):
        return ref()
    group, i = ref
    return group.table().slice(i, 1).to_pylist()[0]


def arrow_rows(rows: list[dict]) -> pa.Table:
    """Lazy rows (of ``iter_lazy_rows``) as an Arrow table; consecutive rows of a row group
    are taken as one slice."""
    pieces: list[tuple] = []  # (group, start, stop)
    for row in rows:
        group, i = row[LAZY]
        if pieces and pieces[-1][0] is group and pieces[-1][2] == i:
            pieces[-1] = (group, pieces[-1][1], i + 1)
        else:
            pieces.append((group, i, i + 1))
    return pa.concat_tables([group.table().slice(start, stop - start) for group, start, stop in pieces])


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table.cast(schema)``, without the cast when the types already agree (a cast loads
    ``pyarrow.compute``, 50 ms at a stage's start, only to copy nothing).

    >>> t = pa.table({"a": pa.array([1], pa.int32())})
    >>> conform(t, pa.schema([("a", pa.int64())])).schema.types, conform(t, t.schema) is t
    ([DataType(int64)], True)
    """
    if not table.schema.equals(schema):
        if not table.schema.equals(schema, check_metadata=False):
            return table.cast(schema)
        return table.replace_schema_metadata(schema.metadata)
    return table


def row_refs(rows: list[dict]) -> list[tuple[str, int, int]]:
    """``(path, row group, row)`` of lazy rows: what another process needs to read them
    (with :func:`read_refs`) instead of being sent their content."""
    return [(str(row[LAZY][0].path), row[LAZY][0].index, row[LAZY][1]) for row in rows]


#: per process: the files last read from and each one's last row group read, the most
#: recent last (a batch reads four stage files of one shard; batches go shard by shard)
_OPEN: dict[tuple[str, tuple[str, ...] | None], tuple[pq.ParquetFile, int, pa.Table | None]] = {}
#: how many files :data:`_OPEN` keeps (each holds a row group of documents in memory)
OPEN_FILES = 8


def read_refs(refs: list[tuple[str, int, int]], columns: list[str] | None = None) -> pa.Table:
    """The rows named by :func:`row_refs` (of one file or several with the same schema,
    such as the shards of one table), as one table of slices of what was read, not a copy:
    of ``columns`` only, if given (the others are not even decompressed).

    Each file's last row group read is kept, so consecutive batches of one row group read it once.
    """
    pieces = []
    wanted = tuple(columns) if columns is not None else None
    for path, group, row in refs:
        parquet, cached, table = _OPEN.pop((path, wanted), (None, -1, None))
        if parquet is None:
            parquet = open_file(path)
        if cached != group:
            table, cached = parquet.read_row_group(group, columns=columns), group
        _OPEN[path, wanted] = (parquet, cached, table)  # now the most recent
        if len(_OPEN) > OPEN_FILES:
            del _OPEN[next(iter(_OPEN))]
        if pieces and pieces[-1][0] is table and pieces[-1][2] == row:
            pieces[-1] = (table, pieces[-1][1], row + 1)
        else:
            pieces.append((table, row, row + 1))
    return pa.concat_tables([t.slice(a, b - a) for t, a, b in pieces])
