"""Runner of ``publish``: bring the per-document cache up to date, then write the corpus.

Pass 1 (:mod:`.reuse`) assembles only the documents whose stage rows changed. Pass 2
streams the cache in doc_id order, fills the corpus-wide duplicate columns, validates
every batch against schemas/ and writes the three tables, working on Arrow columns so a
large unchanged corpus is rewritten quickly.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from ..core import params as params_mod
from ..core import tables
from ..core.runner import Stats
from ..core.shards import shard_files
from ..core.schema import TABLES, contract
from ..core.summary import DOCUMENT_COLUMNS, Summary
from ..core.validate import TableChecker
from . import reuse
from .dedup import NearDuplicates, ParagraphIndex
from .params import PublishParams

DUPLICATE_OF = contract("paragraphs").column("duplicate_of").type
CACHE_BATCH_DOCS = 64


class _PartWriter:
    """Writes one table as part-NNNNN.parquet files, validating every batch first."""

    def __init__(self, folder: Path, table: str, rows_per_file: int):
        self.folder, self.rows_per_file = folder, rows_per_file
        self.contract = contract(table)
        self.schema = self.contract.schema
        self.checker = TableChecker(self.contract)
        self.part, self.rows_in_part, self.writer = 0, 0, None
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, batch: pa.Table) -> None:
        if not batch.num_rows:
            return
        batch = batch.select(self.schema.names).cast(self.schema)
        self.checker.check(batch)
        self.checker.raise_if_bad()
        if self.writer is None or self.rows_in_part >= self.rows_per_file:
            self._open_next()
        self.writer.write_table(batch, row_group_size=tables.ROW_GROUP_ROWS)
        self.rows_in_part += batch.num_rows

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


def _flat(column: pa.ChunkedArray | pa.Array) -> pa.Table:
    """A list<struct> column's items as a table (one row per item)."""
    items = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return pa.Table.from_struct_array(items.flatten())


class _CorpusPass:
    """Fills the corpus-wide columns batch by batch, in doc_id order, and counts."""

    def __init__(self, params: PublishParams):
        self.paragraph_index = ParagraphIndex(params.duplicate_min_chars)
        self.near = NearDuplicates(params.near_duplicate_threshold, params.minhash_permutations)
        self.summary = Summary()

    def documents(self, batch: pa.Table) -> pa.Table:
        docs = pa.Table.from_struct_array(batch.column("document"))
        found = [self.near.first(d, s) for d, s in zip(batch.column("doc_id").to_pylist(), batch.column("signature").to_pylist())]
        docs = docs.append_column("near_duplicate_of", pa.array([f[0] for f in found], pa.string()))
        docs = docs.append_column("near_duplicate_similarity", pa.array([f[1] for f in found], pa.float64()))
        for doc in docs.select(DOCUMENT_COLUMNS).to_pylist():
            self.summary.document(doc)
        return docs

    def paragraphs(self, batch: pa.Table) -> pa.Table:
        paragraphs = _flat(batch.column("paragraphs"))
        columns = [paragraphs.column(c).to_pylist() for c in ("doc_id", "index", "text", "kind")]
        duplicate_of = []
        for doc_id, index, text, kind in zip(*columns):
            first = self.paragraph_index.first(doc_id, index, text)
            self.summary.paragraph(kind, first)
            duplicate_of.append(first)
        return paragraphs.append_column("duplicate_of", pa.array(duplicate_of, DUPLICATE_OF))

    def edits(self, batch: pa.Table) -> pa.Table:
        edits = _flat(batch.column("edits"))
        if edits.num_rows:
            counts = edits.group_by(["stage", "op"]).aggregate([([], "count_all")])
            for stage, op, count in zip(*(counts.column(c).to_pylist() for c in ("stage", "op", "count_all"))):
                self.summary.edit(stage, op, count)
        return edits


def _cached_batches(cache: Path):
    """The cached rows in doc_id order, in batches of CACHE_BATCH_DOCS counted from the first
    document, so they are cut the same way however the shards were built."""
    pending: list[pa.Table] = []
    held = 0
    for path in shard_files(cache):
        pending.append(pq.read_table(path))
        held += pending[-1].num_rows
        if held >= CACHE_BATCH_DOCS:
            rows = pa.concat_tables(pending)
            full = held - held % CACHE_BATCH_DOCS
            for start in range(0, full, CACHE_BATCH_DOCS):
                yield rows.slice(start, CACHE_BATCH_DOCS).combine_chunks()
            pending, held = [rows.slice(full)], held - full
    if held:
        yield pa.concat_tables(pending).combine_chunks()


def run(interim: dict[str, Path], output: Path, metrics: Path, params_path: Path, workers: int, cache: Path | None = None) -> tuple[dict, Stats]:
    """Publish the corpus to ``output`` and its summary numbers to ``metrics``.

    ``cache`` (default: the folder ``published`` beside the stage tables) keeps
    per-document results between runs.
    """
    params = params_mod.load(PublishParams, "publish", params_path)
    cache = cache or interim["decoded"].with_name("published")
    convert_meta = tables.file_metadata(interim["converted"])
    context = {
        "pipeline_version": __version__,
        "target_script": convert_meta.get("wenku.target_script"),
        "opencc_version": convert_meta.get("wenku.opencc_version"),
    }
    stats = reuse.update(interim, cache, context, params, workers)
    staging = output.with_name(output.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    writers = {t: _PartWriter(staging / t, t, params.rows_per_file) for t in TABLES}
    corpus = _CorpusPass(params)
    try:
        for batch in _cached_batches(cache):
            writers["documents"].write(corpus.documents(batch))
            writers["paragraphs"].write(corpus.paragraphs(batch))
            writers["edits"].write(corpus.edits(batch))
        for w in writers.values():
            w.close()
    except Exception:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)
    summary = corpus.summary.as_dict()
    metrics.parent.mkdir(parents=True, exist_ok=True)
    metrics.write_text(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return summary, stats
