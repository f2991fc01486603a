"""Runner of ``publish``: stream the four stage tables side by side into the corpus."""

from __future__ import annotations

import json
import shutil
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from ..core import params as params_mod
from ..core import tables
from ..core.runner import ordered_parallel
from ..core.schema import TABLES, contract
from ..core.summary import Summary
from ..core.validate import TableChecker
from .assemble import assemble
from .dedup import NearDuplicates, ParagraphIndex, signature
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


def _assemble_row(row: dict, context: dict, params: PublishParams) -> dict:
    out = assemble(row["decoded"], row["repaired"], row["converted"], row["segmented"], context)
    text = "\n".join(p["text"] for p in out.paragraphs)
    sig = signature(text, params.shingle_chars, params.minhash_permutations) if out.paragraphs else None
    return {"document": out.document, "paragraphs": out.paragraphs, "edits": out.edits, "signature": sig}


class _Duplicates:
    """Fills the corpus-wide columns, document by document in doc_id order."""

    def __init__(self, params: PublishParams):
        self.paragraphs = ParagraphIndex(params.duplicate_min_chars)
        self.documents = NearDuplicates(params.near_duplicate_threshold, params.minhash_permutations)

    def fill(self, result: dict) -> None:
        doc = result["document"]
        doc["near_duplicate_of"], doc["near_duplicate_similarity"] = self.documents.first(doc["doc_id"], result["signature"])
        for p in result["paragraphs"]:
            p["duplicate_of"] = self.paragraphs.first(p["doc_id"], p["index"], p["text"])


def _zipped(interim: dict[str, Path], batch_rows: int = 16):
    streams = [tables.iter_rows(interim[name]) for name in ("decoded", "repaired", "converted", "segmented")]
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
    summary, duplicates = Summary(), _Duplicates(params)
    try:
        assembled = partial(_assemble_row, context=context, params=params)
        for results in ordered_parallel(assembled, _zipped(interim), workers):
            for r in results:
                duplicates.fill(r)
                summary.document(r["document"])
                for p in r["paragraphs"]:
                    summary.paragraph(p)
                for e in r["edits"]:
                    summary.edit(e)
            writers["documents"].write([r["document"] for r in results])
            writers["paragraphs"].write([p for r in results for p in r["paragraphs"]])
            writers["edits"].write([e for r in results for e in r["edits"]])
        for w in writers.values():
            w.close()
    except Exception:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)
    summary = summary.as_dict()
    metrics.parent.mkdir(parents=True, exist_ok=True)
    metrics.write_text(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return summary
