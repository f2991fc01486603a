"""The thin part of every stage: stream documents through a pure function, in parallel,
reusing earlier results for documents whose inputs have not changed.

Each stage output row carries a ``cache_key``: a hash of the input row's own key, the
stage's params and the stage's code. Rows arrive sorted by ``doc_id``; the previous output
(kept by DVC's ``persist: true``) is sorted the same way, so a streaming merge finds what
can be reused without loading either table. Adding one document to N therefore costs one
document of work per stage, and the output is byte-identical to a full rebuild because
every row, computed or reused, is the same pure function of the same inputs.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import tempfile
from collections import deque
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyarrow as pa

from . import tables

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class _NoPandas:
    """An import hook under which ``import pandas`` fails as if it were not installed."""

    def find_spec(self, name: str, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("pandas is not used by wenku stages", name=name)
        return None


def hide_pandas() -> None:
    """Keep pyarrow from importing pandas in a stage process.

    pyarrow imports pandas (about 0.3 s) the first time it converts Python objects, only to
    check whether they are pandas objects; stages never use pandas, and on an incremental
    run that import is a large share of a stage's time. Call only in a stage process.
    """
    if "pandas" not in sys.modules and not any(isinstance(f, _NoPandas) for f in sys.meta_path):
        sys.meta_path.insert(0, _NoPandas())


def code_version(*packages: str) -> str:
    """Hash of the source files of the named subpackages of ``pipeline`` (and ``core``).

    >>> len(code_version("decode")) == 16
    True
    """
    digest = hashlib.sha256()
    for name in sorted({*packages, "core"}):
        for path in sorted((PACKAGE_ROOT / name).rglob("*.py")):
            digest.update(path.relative_to(PACKAGE_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(*parts: str) -> str:
    """Combine key parts into one short hash."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


@dataclass
class Stats:
    """What a run did, for the stage's one-line report."""

    documents: int = 0
    computed: int = 0
    reused: int = 0
    rejected: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def line(self, stage: str) -> str:
        more = "".join(f", {k} {v}" for k, v in sorted(self.extra.items()))
        return (
            f"{stage}: {self.documents} documents ({self.computed} processed, "
            f"{self.reused} reused), {self.rejected} rejected{more}"
        )


_WORKER_FN: Callable[[Any], Any] | None = None


def _run_batch(batch: Any) -> Any:
    assert _WORKER_FN is not None
    return _WORKER_FN(batch)


SHARED_MEMORY = Path("/dev/shm")


class _TableFile:
    """A worker's Arrow table result, handed over as an uncompressed IPC file in shared
    memory: the parent maps it instead of unpickling a copy sent through a pipe."""

    def __init__(self, path: str):
        self.path = path

    def get(self) -> pa.Table:
        with pa.memory_map(self.path) as source:
            table = pa.ipc.open_file(source).read_all()
        os.unlink(self.path)  # the mapping stays valid while the table lives
        return table


def _run_batch_in_worker(batch: Any) -> Any:
    result = _run_batch(batch)
    if isinstance(result, pa.Table) and SHARED_MEMORY.is_dir():
        fd, path = tempfile.mkstemp(prefix="wenku-", suffix=".arrow", dir=SHARED_MEMORY)
        os.close(fd)
        with pa.ipc.new_file(path, result.schema) as writer:
            writer.write_table(result)
        return _TableFile(path)
    return result


def _received(result: Any) -> Any:
    return result.get() if isinstance(result, _TableFile) else result


def _map_rows(fn: Callable[[dict], dict], rows: list[dict]) -> list[dict]:
    return [fn(row) for row in rows]


class _Ready:
    """A result already at hand, in the queue of pending ones."""

    def __init__(self, value: Any):
        self.value = value

    def get(self) -> Any:
        return self.value


def ordered_parallel(fn: Callable[[Any], Any], batches: Iterable[Any], workers: int) -> Iterator[Any]:
    """Map ``fn`` over batches in ``workers`` processes, yielding results in order.

    A ``None`` batch (nothing to compute) yields ``None``. The first real batch runs in
    this process before any worker starts, so tables, models and lazy imports it loads are
    shared by the forked workers, and a run with one batch to compute (the common
    incremental case) starts no worker at all. At most ``2 * workers`` batches are in
    flight, so memory stays bounded.

    >>> list(ordered_parallel(len, [[1], None, [1, 2], [1, 2, 3]], workers=2))
    [1, None, 2, 3]
    """
    global _WORKER_FN
    _WORKER_FN = fn
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    pool = None
    started = False
    pending: deque = deque()
    try:
        for batch in batches:
            if batch is None:
                pending.append(_Ready(None))
            elif not started or workers <= 1:
                started = True
                pending.append(_Ready(_run_batch(batch)))
            else:
                if pool is None:
                    pool = multiprocessing.get_context(method).Pool(workers)
                pending.append(pool.apply_async(_run_batch_in_worker, (batch,)))
            while pending and (isinstance(pending[0], _Ready) or len(pending) >= 2 * workers):
                yield _received(pending.popleft().get())
        while pending:
            yield _received(pending.popleft().get())
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        for result in pending:  # not consumed (an error): leave no file in shared memory
            try:
                value = result.get(timeout=0) if not isinstance(result, _Ready) else None
            except Exception:
                continue
            if isinstance(value, _TableFile):
                Path(value.path).unlink(missing_ok=True)


def _previous_rows(path: Path, schema: pa.Schema) -> Iterator[dict]:
    """Lazy rows of the previous output, or nothing if it is missing or of another shape."""
    if not path.exists():
        return iter(())
    try:
        if not tables.read_schema(path).equals(schema, check_metadata=False):
            return iter(())
        keys = ("doc_id", "cache_key", "status") if "status" in schema.names else ("doc_id", "cache_key")
        return tables.iter_lazy_rows(path, keys)
    except Exception:  # a damaged leftover is simply not reused
        return iter(())


def _full_rows(rows: list[dict]) -> list[dict]:
    return [tables.full_row(row) for row in rows]


def run_stage(
    *,
    stage: str,
    rows: Iterable[dict],
    process: Callable[[dict], dict] | None = None,
    schema: pa.Schema,
    output: Path,
    key_parts: tuple[str, ...],
    workers: int,
    batch_rows: int = 16,
    metadata: dict[str, str] | None = None,
    count: Callable[[dict, Stats], None] | None = None,
    previous: Iterable[dict] | None = None,
    process_batch: Callable[[Any], pa.Table] | None = None,
    prepare: Callable[[list[dict]], Any] = _full_rows,
    write: Callable[[Iterator[pa.Table]], None] | None = None,
) -> Stats:
    """Run ``process`` over ``rows`` (sorted by doc_id, each with a ``cache_key``) into ``output``.

    ``key_parts`` are this stage's params fingerprint and code version; a row is reused from
    the previous output when its doc_id and combined key match. Rows may be lazy
    (:func:`tables.iter_lazy_rows`): only those to compute are converted to Python, and
    reused rows are copied as Arrow, so an unchanged document costs almost nothing.
    ``previous`` (lazy rows) replaces the previous content of ``output`` as the source of reuse.

    Columnar stages pass ``process_batch`` instead of ``process``: it gets
    ``prepare(rows to compute)`` (by default the full rows; ``prepare`` runs in this process,
    its result is what is sent to a worker) and returns their output rows as one Arrow table
    (without ``cache_key``). ``write``, when given, receives the output tables instead of
    the file ``output`` being written.
    """
    if (process is None) == (process_batch is None):
        raise ValueError("give exactly one of process and process_batch")
    stats = Stats()
    previous = iter(previous) if previous is not None else _previous_rows(output, schema)
    prev_row: dict | None = next(previous, None)
    plans: deque[list[tuple[dict | None, str]]] = deque()

    def planned_batches() -> Iterator[Any]:
        nonlocal prev_row
        batch: list[dict] = []
        plan: list[tuple[dict | None, str]] = []
        for row in rows:
            key = cache_key(row["cache_key"], *key_parts)
            while prev_row is not None and prev_row["doc_id"] < row["doc_id"]:
                prev_row = next(previous, None)
            if prev_row is not None and prev_row["doc_id"] == row["doc_id"] and prev_row["cache_key"] == key:
                plan.append((prev_row, key))
            else:
                plan.append((None, key))
                batch.append(row)
            if len(plan) >= batch_rows:
                plans.append(plan)
                yield prepare(batch) if batch else None
                batch, plan = [], []
        if plan:
            plans.append(plan)
            yield prepare(batch) if batch else None

    def fresh_table(computed: Any, keys: list[str]) -> tuple[pa.Table, list[dict] | None]:
        if process_batch is not None:
            table = computed.append_column("cache_key", pa.array(keys, pa.string()))
            return tables.conform(table.select(schema.names), schema), None
        return pa.Table.from_pylist([{**row, "cache_key": key} for row, key in zip(computed, keys)], schema=schema), computed

    def merged() -> Iterator[pa.Table]:
        fn = process_batch if process_batch is not None else partial(_map_rows, process)
        for result in ordered_parallel(fn, planned_batches(), workers):
            plan = plans.popleft()
            keys = [key for reused, key in plan if reused is None]
            fresh, computed = fresh_table(result, keys) if keys else (None, None)
            statuses = fresh.column("status").to_pylist() if fresh is not None and "status" in schema.names else None
            pieces: list[pa.Table | list[dict]] = []  # fresh slices, and runs of reused rows
            done = 0
            for reused, _ in plan:
                stats.documents += 1
                if reused is not None:
                    stats.reused += 1
                    row = tables.full_row(reused) if count else reused
                    if pieces and isinstance(pieces[-1], list):
                        pieces[-1].append(reused)
                    else:
                        pieces.append([reused])
                else:
                    stats.computed += 1
                    if computed is not None:
                        row = computed[done]
                    elif count:
                        row = fresh.slice(done, 1).to_pylist()[0]
                    else:
                        row = {"status": statuses[done] if statuses else None}
                    if pieces and isinstance(pieces[-1], tuple):
                        pieces[-1] = (pieces[-1][0], done + 1)
                    else:
                        pieces.append((done, done + 1))
                    done += 1
                stats.rejected += row.get("status") == "rejected"
                if count:
                    count(row, stats)
            tables_ = [
                fresh.slice(p[0], p[1] - p[0]) if isinstance(p, tuple) else tables.conform(tables.arrow_rows(p), schema)
                for p in pieces
            ]
            yield pa.concat_tables(tables_).combine_chunks()

    if write is not None:
        write(merged())
        return stats
    tmp = output.with_name(output.name + ".tmp")
    tables.write_batches(tmp, schema, merged(), metadata)
    os.replace(tmp, output)
    return stats


PASS_THROUGH = ("doc_id", "status", "error")


def _text_row(row: dict, fn: Callable[[str], dict], empty: dict) -> dict:
    out = {k: row[k] for k in PASS_THROUGH}
    if row["status"] != "ok":
        return {**out, **empty}
    return {**out, **fn(row["text"])}


def table_of_rows(
    batch: list, fn: Callable[[dict], dict], schema: pa.Schema, refs: bool = False, columns: list[str] | None = None
) -> pa.Table:
    """``fn`` over a batch of rows, as one Arrow table of the stage's output ``schema``
    without ``cache_key`` (which :func:`run_stage` adds): the ``process_batch`` of a
    row-at-a-time stage. With ``refs`` the batch holds :func:`tables.row_refs`, and the
    rows are read here: in a worker, reading, converting and building the table run in
    parallel, and only references and one shared-memory table cross between processes;
    ``columns`` are the ones read (default: all).

    >>> schema = pa.schema([("doc_id", pa.string()), ("cache_key", pa.string()), ("n", pa.int64())])
    >>> table_of_rows([{"doc_id": "a", "n": 1}], lambda r: {**r, "n": r["n"] + 1}, schema).to_pylist()
    [{'doc_id': 'a', 'n': 2}]
    """
    rows = tables.read_refs(batch, columns).to_pylist() if refs else batch
    computed = schema.remove(schema.get_field_index("cache_key"))
    return pa.Table.from_pylist([fn(row) for row in rows], schema=computed)


def run_text_stage(
    *,
    stage: str,
    packages: tuple[str, ...],
    input: Path,
    output: Path,
    fn: Callable[[str], dict],
    columns: list[tuple[str, pa.DataType]],
    params_fingerprint: str,
    workers: int,
    metadata: dict[str, str] | None = None,
) -> Stats:
    """Run a stage whose pure function maps one document's text to its output ``columns``,
    from the sharded folder ``input`` into the sharded folder ``output``
    (:mod:`pipeline.core.shards`).

    Rejected documents pass through with those columns null (lists empty). ``metadata``
    (e.g. the OpenCC version) is part of every row's key: when it changes, all rows do.
    """
    from .shards import input_digests, run_sharded_stage  # shards builds on this module

    schema = pa.schema(
        [("doc_id", pa.string()), ("cache_key", pa.string()), ("status", pa.string()), ("error", pa.string())]
        + columns
    )
    if metadata:
        schema = schema.with_metadata(metadata)
    empty = {name: [] if pa.types.is_list(typ) else None for name, typ in columns}
    return run_sharded_stage(
        stage=stage,
        rows=partial(tables.iter_lazy_rows, input),
        inputs=input_digests(input),
        process_batch=partial(
            table_of_rows, fn=partial(_text_row, fn=fn, empty=empty), schema=schema, refs=True, columns=[*PASS_THROUGH, "text"]
        ),
        prepare=tables.row_refs,
        schema=schema,
        output=output,
        suffix=tables.STAGE_SUFFIX,
        key_parts=(params_fingerprint, code_version(*packages), *(f"{k}={v}" for k, v in sorted((metadata or {}).items()))),
        workers=workers,
    )
