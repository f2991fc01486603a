"""Runner of ``publish``: stream the four stage tables side by side into the corpus."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from functools import partial
from operator import itemgetter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from ..core import params as params_mod
from ..core import tables
from ..core.runner import ordered_parallel
from ..core.schema import TABLES, contract
from ..core.validate import TableChecker
from .assemble import assemble
from .params import PublishParams


class _PartWriter:
    """Writes one table as part-NNNNN.parquet files, validating every batch first.

    The per-row checks ran in the worker that built the batch; here run the checks across
    batches (uniqueness, order), and the per-row ones again only when the worker found a
    problem, so that the message counts rows from the start of the table.
    """

    def __init__(self, folder: Path, table: str, rows_per_file: int):
        self.folder, self.rows_per_file = folder, rows_per_file
        self.contract = contract(table)
        self.schema = self.contract.schema
        self.checker = TableChecker(self.contract)
        self.part, self.rows_in_part, self.writer = 0, 0, None
        self.pending: list[pa.Table] = []
        self.pending_rows = 0
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, batch: pa.Table, rows_checked: bool) -> None:
        if not batch.num_rows:
            return
        self.checker.check(batch, rows=not rows_checked)
        self.checker.raise_if_bad()
        self.pending.append(batch)
        self.pending_rows += batch.num_rows
        if self.pending_rows >= GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        """Write what is pending as one row group (a worker's batch is too small for one)."""
        table = pa.concat_tables(self.pending) if self.pending else None
        self.pending, self.pending_rows = [], 0
        while table is not None and table.num_rows:
            if self.writer is None or self.rows_in_part >= self.rows_per_file:
                self._open_next()
            head = table.slice(0, self.rows_per_file - self.rows_in_part)
            self.writer.write_table(head, row_group_size=head.num_rows)
            self.rows_in_part += head.num_rows
            table = table.slice(head.num_rows)

    def _open_next(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.part += 1
        path = self.folder / f"part-{self.part:05d}.parquet"
        self.writer = pq.ParquetWriter(path, self.schema, **tables.write_options(self.schema))
        self.rows_in_part = 0

    def close(self) -> None:
        self._flush()
        if self.writer is None:
            self._open_next()
            self.writer.write_table(self.schema.empty_table())
        self.writer.close()


GROUP_ROWS = 16_384  # rows per row group of a published table (at least; whole batches)
STAGE_TABLES = ("decoded", "repaired", "converted", "segmented")
# Columns publish never reads: converting them to Python would cost as much as the text itself.
UNREAD = {"decoded": {"cache_key"}, "repaired": {"cache_key"}, "converted": {"cache_key"}, "segmented": {"cache_key"}}
COUNTED = ("status", "encoding", "script", "kind", "op")


def _assemble_batch(ipc: tuple[bytes, ...], context: dict) -> dict:
    """In a worker: one batch of documents from the four stage tables (Arrow IPC bytes) to
    the three published tables (Arrow IPC bytes, per-row checked) and their counts."""
    columns = [tables.from_ipc(data).to_pylist() for data in ipc]
    out: dict[str, list[dict]] = {t: [] for t in TABLES}
    counts: dict[str, Counter] = {k: Counter() for k in COUNTED}
    totals: Counter = Counter()
    for decoded, repaired, converted, segmented in zip(*columns, strict=True):
        result = assemble(decoded, repaired, converted, segmented, context)
        doc = result.document
        out["documents"].append(doc)
        out["paragraphs"].extend(result.paragraphs)
        out["edits"].extend(result.edits)
        counts["status"][doc["status"]] += 1
        counts["encoding"][doc["encoding"] or "none"] += 1
        counts["script"][doc["script"] or "none"] += 1
        totals.update(documents=1, paragraphs=doc["paragraph_count"], characters=doc["char_count"], damage=doc["damage"], edits=doc["edit_count"])
    counts["kind"].update(map(itemgetter("kind"), out["paragraphs"]))
    ops = Counter(map(itemgetter("stage", "op"), out["edits"]))
    counts["op"].update({f"{stage}.{op}": n for (stage, op), n in ops.items()})
    built = {}
    for name, rows in out.items():
        table = pa.Table.from_pylist(rows, schema=contract(name).schema)
        checker = TableChecker(contract(name))
        checker.check(table, keys=False)
        built[name] = (tables.to_ipc(table), not checker.problems)
    return {"tables": built, "counts": counts, "totals": totals}


def _stage_batches(interim: dict[str, Path], batch_rows: int = 16):
    sources = []
    for name in STAGE_TABLES:
        columns = [c for c in pq.read_schema(interim[name]).names if c not in UNREAD[name]]
        sources.append((interim[name], columns))
    for batch in tables.aligned_batches(sources, batch_rows):
        yield [tuple(tables.to_ipc(t) for t in batch)]  # one work item per batch


def run(interim: dict[str, Path], output: Path, metrics: Path, params_path: Path, workers: int) -> dict:
    """Publish the corpus to ``output`` and its summary numbers to ``metrics``."""
    params = params_mod.load(PublishParams, "publish", params_path)
    convert_meta = tables.file_metadata(interim["converted"])
    context = {
        "pipeline_version": __version__,
        "target_script": convert_meta.get("wenku.target_script"),
        "opencc_version": convert_meta.get("wenku.opencc_version"),
    }
    staging = output.with_name(output.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    writers = {t: _PartWriter(staging / t, t, params.rows_per_file) for t in TABLES}
    counts: dict[str, Counter] = {k: Counter() for k in COUNTED}
    totals = Counter()
    try:
        for (result,) in ordered_parallel(partial(_assemble_batch, context=context), _stage_batches(interim), workers):
            for name, (data, rows_checked) in result["tables"].items():
                writers[name].write(tables.from_ipc(data), rows_checked)
            for name, counter in result["counts"].items():
                counts[name].update(counter)
            totals.update(result["totals"])
        for w in writers.values():
            w.close()
    except Exception:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)
    summary = {
        **dict(sorted(totals.items())),
        **{f"{name}": dict(sorted(c.items())) for name, c in counts.items()},
    }
    metrics.parent.mkdir(parents=True, exist_ok=True)
    metrics.write_text(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return summary
