"""Runner of ``publish``: stream the four stage tables side by side into the corpus."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from functools import partial
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
    """Writes one table as part-NNNNN.parquet files, validating every batch first."""

    def __init__(self, folder: Path, table: str, rows_per_file: int):
        self.folder, self.rows_per_file = folder, rows_per_file
        self.contract = contract(table)
        self.schema = self.contract.schema
        self.checker = TableChecker(self.contract)
        self.part, self.rows_in_part, self.writer = 0, 0, None
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        batch = pa.Table.from_pylist(rows, schema=self.schema)
        self.checker.check(batch)
        self.checker.raise_if_bad()
        if self.writer is None or self.rows_in_part >= self.rows_per_file:
            self._open_next()
        self.writer.write_table(batch, row_group_size=tables.ROW_GROUP_ROWS)
        self.rows_in_part += len(rows)

    def _open_next(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.part += 1
        path = self.folder / f"part-{self.part:05d}.parquet"
        self.writer = pq.ParquetWriter(path, self.schema, **tables.WRITE_OPTIONS)
        self.rows_in_part = 0

    def close(self) -> None:
        if self.writer is None:
            self._open_next()
            self.writer.write_table(self.schema.empty_table())
        self.writer.close()


def _assemble_row(row: dict, context: dict) -> dict:
    out = assemble(row["decoded"], row["repaired"], row["converted"], row["segmented"], context)
    return {"document": out.document, "paragraphs": out.paragraphs, "edits": out.edits}


# Columns publish never reads: converting them to Python would cost as much as the text itself.
UNREAD = {"decoded": {"cache_key"}, "repaired": {"cache_key"}, "converted": {"cache_key", "text"}, "segmented": {"cache_key"}}


def _zipped(interim: dict[str, Path], batch_rows: int = 16):
    streams = []
    for name in ("decoded", "repaired", "converted", "segmented"):
        columns = [c for c in pq.read_schema(interim[name]).names if c not in UNREAD[name]]
        streams.append(tables.iter_rows(interim[name], columns=columns))
    batch = []
    for decoded, repaired, converted, segmented in zip(*streams, strict=True):
        batch.append({"decoded": decoded, "repaired": repaired, "converted": converted, "segmented": segmented})
        if len(batch) >= batch_rows:
            yield batch
            batch = []
    if batch:
        yield batch


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
    counts: dict[str, Counter] = {k: Counter() for k in ("status", "encoding", "script", "kind", "op")}
    totals = Counter()
    try:
        for results in ordered_parallel(partial(_assemble_row, context=context), _zipped(interim), workers):
            writers["documents"].write([r["document"] for r in results])
            writers["paragraphs"].write([p for r in results for p in r["paragraphs"]])
            writers["edits"].write([e for r in results for e in r["edits"]])
            for r in results:
                doc = r["document"]
                counts["status"][doc["status"]] += 1
                counts["encoding"][doc["encoding"] or "none"] += 1
                counts["script"][doc["script"] or "none"] += 1
                totals.update(documents=1, paragraphs=doc["paragraph_count"], characters=doc["char_count"], damage=doc["damage"], edits=doc["edit_count"])
                counts["kind"].update(p["kind"] for p in r["paragraphs"])
                counts["op"].update(f"{e['stage']}.{e['op']}" for e in r["edits"])
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
