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
from collections import deque
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import tables

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


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


_WORKER_FN: Callable[[dict], dict] | None = None


def _run_batch(rows: list[dict]) -> list[dict]:
    assert _WORKER_FN is not None
    return [_WORKER_FN(row) for row in rows]


def ordered_parallel(
    fn: Callable[[dict], dict], batches: Iterable[list[dict]], workers: int
) -> Iterator[list[dict]]:
    """Map ``fn`` over batches of rows in ``workers`` processes, yielding results in order.

    At most ``2 * workers`` batches are in flight, so memory stays bounded. The first
    batch runs here, before the workers fork: whatever ``fn`` loads once (code tables,
    models, lazily imported libraries) is then loaded once and shared, not once per worker.
    """
    global _WORKER_FN
    _WORKER_FN = fn
    batches = iter(batches)
    if workers <= 1:
        for batch in batches:
            yield _run_batch(batch)
        return
    first = next(batches, None)
    if first is None:
        return
    yield _run_batch(first)
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    with multiprocessing.get_context(method).Pool(workers) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(_run_batch, (batch,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _previous_rows(path: Path, schema: pa.Schema) -> Iterator[tuple[str, str, pa.RecordBatch, int]]:
    """(doc_id, cache_key, batch, row) of the previous output, or nothing if it is missing or
    of another shape. Only the keys become Python objects; a reused row is sliced from its batch."""
    if not path.exists():
        return iter(())
    try:
        if not pq.read_schema(path).equals(schema, check_metadata=False):
            return iter(())
        return _keyed_rows(tables.open_parquet(path).iter_batches(batch_size=64))
    except Exception:  # a damaged leftover is simply not reused
        return iter(())


def _keyed_rows(batches: Iterable[pa.RecordBatch]) -> Iterator[tuple[str, str, pa.RecordBatch, int]]:
    for batch in batches:
        keys = zip(batch.column("doc_id").to_pylist(), batch.column("cache_key").to_pylist())
        for i, (doc_id, key) in enumerate(keys):
            yield doc_id, key, batch, i


def _compute_batch(item: tuple[bytes, list[str]] | None, process: Callable[[dict], dict], schema: pa.Schema) -> bytes | None:
    """In a worker: the input rows (Arrow IPC) through ``process``, out as Arrow IPC.

    Text becomes Python objects here, in the workers, not in the process that writes.
    """
    if item is None:  # every row of the batch is reused
        return None
    data, keys = item
    rows = tables.from_ipc(data).to_pylist()
    out = [{**process(row), "cache_key": key} for row, key in zip(rows, keys)]
    return tables.to_ipc(pa.Table.from_pylist(out, schema=schema))


def _row_batches(rows: Iterable[dict], batch_rows: int) -> Iterator[pa.Table]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= batch_rows:
            yield pa.Table.from_pylist(batch)
            batch = []
    if batch:
        yield pa.Table.from_pylist(batch)


def run_stage(
    *,
    stage: str,
    rows: Iterable[dict] | None = None,
    process: Callable[[dict], dict],
    schema: pa.Schema,
    output: Path,
    key_parts: tuple[str, ...],
    workers: int,
    batch_rows: int = 16,
    metadata: dict[str, str] | None = None,
    count: Callable[[dict, Stats], None] | None = None,
    batches: Iterable[pa.Table] | None = None,
) -> Stats:
    """Run ``process`` over the input (sorted by doc_id, each row with a ``cache_key``) into ``output``.

    The input is ``rows`` (dicts) or ``batches`` (Arrow tables, of ``batch_rows`` rows, as
    read from the previous stage's Parquet). ``key_parts`` are this stage's params
    fingerprint and code version; a row is reused from the previous output when its doc_id
    and combined key match. The workers turn Arrow into Python rows and back, so the main
    process only plans, reads and writes.
    """
    if batches is None:
        batches = _row_batches(rows or (), batch_rows)
    stats = Stats()
    previous = _previous_rows(output, schema)
    prev = next(previous, None)
    plans: deque[list[pa.RecordBatch | None]] = deque()  # one per batch in flight

    def planned() -> Iterator[list[tuple[bytes, list[str]] | None]]:
        nonlocal prev
        for batch in batches:
            plan: list[pa.RecordBatch | None] = []  # per row: the reused previous row, or None
            todo, keys = [], []
            for i, (doc_id, row_key) in enumerate(zip(batch.column("doc_id").to_pylist(), batch.column("cache_key").to_pylist())):
                key = cache_key(row_key, *key_parts)
                while prev is not None and prev[0] < doc_id:
                    prev = next(previous, None)
                if prev is not None and prev[0] == doc_id and prev[1] == key:
                    plan.append(prev[2].slice(prev[3], 1))
                else:
                    plan.append(None)
                    todo.append(i)
                    keys.append(key)
            if not plan:
                continue
            plans.append(plan)
            if not todo:
                yield [None]  # one work item per batch, even when every row is reused
                continue
            part = batch if len(todo) == batch.num_rows else batch.take(pa.array(todo, pa.int64()))
            yield [(tables.to_ipc(part), keys)]

    def merged() -> Iterator[pa.Table]:
        results = ordered_parallel(partial(_compute_batch, process=process, schema=schema), planned(), workers)
        for (data,) in results:
            plan = plans.popleft()
            computed = tables.from_ipc(data) if data is not None else None
            reused = [r for r in plan if r is not None]
            if not reused:
                table = computed
            else:
                parts = ([computed] if computed is not None else []) + [
                    pa.Table.from_batches([r]).replace_schema_metadata(schema.metadata) for r in reused
                ]
                order, n_computed, n_reused = [], 0, 0
                n_all_computed = computed.num_rows if computed is not None else 0
                for r in plan:
                    if r is None:
                        order.append(n_computed)
                        n_computed += 1
                    else:
                        order.append(n_all_computed + n_reused)
                        n_reused += 1
                table = pa.concat_tables([p.cast(schema) for p in parts]).take(order)
            stats.documents += table.num_rows
            stats.reused += len(reused)
            stats.computed += table.num_rows - len(reused)
            stats.rejected += pc.sum(pc.equal(table.column("status"), "rejected")).as_py() or 0
            if count:
                for row in table.to_pylist():
                    count(row, stats)
            yield table

    tmp = output.with_name(output.name + ".tmp")
    tables.write_tables(tmp, schema, merged(), metadata)
    os.replace(tmp, output)
    return stats


PASS_THROUGH = ("doc_id", "status", "error")


def _text_row(row: dict, fn: Callable[[str], dict], empty: dict) -> dict:
    out = {k: row[k] for k in PASS_THROUGH}
    if row["status"] != "ok":
        return {**out, **empty}
    return {**out, **fn(row["text"])}


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
    """Run a stage whose pure function maps one document's text to its output ``columns``.

    Rejected documents pass through with those columns null (lists empty).
    """
    schema = pa.schema(
        [("doc_id", pa.string()), ("cache_key", pa.string()), ("status", pa.string()), ("error", pa.string())]
        + columns
    )
    empty = {name: [] if pa.types.is_list(typ) else None for name, typ in columns}
    batches = tables.read_tables(input, columns=["doc_id", "cache_key", "status", "error", "text"], batch_rows=16)
    return run_stage(
        stage=stage,
        batches=batches,
        process=partial(_text_row, fn=fn, empty=empty),
        schema=schema,
        output=output,
        key_parts=(params_fingerprint, code_version(*packages)),
        workers=workers,
        metadata=metadata,
    )
