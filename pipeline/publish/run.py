"""Runner of ``publish``: bring the per-document cache up to date, then write the corpus.

Pass 1 (:mod:`.reuse`) assembles only the documents whose stage rows changed. Pass 2
walks the cache shard by shard in doc_id order, fills the corpus-wide duplicate columns
from its light columns (signatures, paragraphs' duplicate keys),
counts the report's numbers, and (:mod:`.parts`) rewrites a shard's published files only
when what they hold changed, validating them against schemas/ first. ``processed/`` is
therefore kept between runs (``persist: true`` in dvc.yaml).
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import __version__
from ..core import params as params_mod
from ..core import tables
from ..core.runner import Stats, code_version
from ..core.schema import TABLES, contract
from ..core.shards import shard_files
from ..core.summary import DOCUMENT_COLUMNS, Summary
from . import parts, reuse
from .batch import list_items
from .dedup import NearDuplicates, ParagraphIndex
from .params import PublishParams

DUPLICATE_OF = contract("paragraphs").column("duplicate_of").type
LIGHT_COLUMNS = [
    "doc_id", "cache_key", "document", "signature", "edit_counts",
    "paragraph_hashes", "paragraph_chars", "paragraph_kinds",
]


def _flat(column: pa.ChunkedArray) -> pa.Table:
    """A list<struct> column's items as a table (one row per item)."""
    return pa.Table.from_struct_array(column.combine_chunks().flatten())


def _signatures(column: pa.ChunkedArray) -> list[np.ndarray | None]:
    """Each row's MinHash signature as a numpy row (None where it has none), without a
    Python list per signature."""
    column = column.combine_chunks()
    values, row = list_items(column)
    values, bounds = values.to_numpy(), np.searchsorted(row, np.arange(len(column) + 1))
    valid = column.is_valid().to_numpy(zero_copy_only=False).tolist()
    return [values[bounds[i] : bounds[i + 1]] if ok else None for i, ok in enumerate(valid)]


class _CorpusPass:
    """Fills the corpus-wide columns shard by shard, in doc_id order, and counts.

    It reads only the light columns of the cache (ids, documents, signatures, duplicate
    keys): paragraph and edit texts are read only for a shard whose files are rewritten.
    """

    def __init__(self, params: PublishParams):
        self.paragraphs = ParagraphIndex(params.duplicate_min_chars)
        self.near = NearDuplicates(params.near_duplicate_threshold, params.minhash_permutations)
        self.summary = Summary()

    def documents(self, shard: pa.Table) -> tuple[pa.Table, list]:
        docs = pa.Table.from_struct_array(shard.column("document").combine_chunks())
        found = [self.near.first(d, s) for d, s in zip(shard.column("doc_id").to_pylist(), _signatures(shard.column("signature")))]
        docs = docs.append_column("near_duplicate_of", pa.array([f[0] for f in found], pa.string()))
        docs = docs.append_column("near_duplicate_similarity", pa.array([f[1] for f in found], pa.float64()))
        for doc in docs.select(DOCUMENT_COLUMNS).to_pylist():
            self.summary.document(doc)
        return docs, found

    def duplicate_of(self, shard: pa.Table) -> tuple[pa.Array, bytes]:
        """``duplicate_of`` of the shard's paragraphs: the first paragraph, in doc_id and
        index order, with the same duplicate key (see :func:`.dedup.paragraph_key`); and a
        digest of the column, for the shard's fingerprint."""
        keys, doc_of = list_items(shard.column("paragraph_hashes"))
        chars, _ = list_items(shard.column("paragraph_chars"))
        index_of = np.arange(len(doc_of)) - np.searchsorted(doc_of, doc_of)  # place in its document
        names, doc, index = self.paragraphs.first_occurrences(
            shard.column("doc_id").to_pylist(), keys.to_numpy(), chars.to_numpy(), doc_of, index_of,
        )
        none = doc < 0
        kinds = pc.value_counts(pc.list_flatten(shard.column("paragraph_kinds"))).to_pylist()
        self.summary.paragraphs({k["values"]: k["counts"] for k in kinds}, int((~none).sum()))
        mask = pa.array(none)
        docs = pa.array(names, pa.string()).take(pa.array(np.where(none, 0, doc), mask=none)) if names else pa.nulls(len(doc), pa.string())
        column = pa.StructArray.from_arrays([docs, pa.array(index, mask=none)], fields=list(DUPLICATE_OF), mask=mask)
        digest = hashlib.sha256("\x1f".join(names).encode())
        for part in (doc, np.where(none, 0, index)):
            digest.update(part.astype("<i8").tobytes())
        return column, digest.digest()

    def edit_counts(self, shard: pa.Table) -> None:
        counts = _flat(shard.column("edit_counts"))
        for stage, op, n in zip(*(counts.column(c).to_pylist() for c in ("stage", "op", "count"))):
            self.summary.edit(stage, op, n)


PIECE_GROUPS = 16  # cache row groups (of 16 documents) flattened at a time when a shard is written


def _pieces(path: Path, column: str) -> Iterator[pa.Table]:
    """The items of a list column of a cache shard, a few row groups at a time (memory
    stays bounded however large the shard)."""
    cache = tables.open_file(path)
    for first in range(0, cache.num_row_groups, PIECE_GROUPS):
        groups = range(first, min(first + PIECE_GROUPS, cache.num_row_groups))
        yield _flat(pa.concat_tables([cache.read_row_group(i, columns=[column]) for i in groups]).column(column))


def _paragraphs(path: Path, duplicate_of: pa.Array) -> Iterator[pa.Table]:
    done = 0
    for piece in _pieces(path, "paragraphs"):
        piece = reuse.published_paragraphs(piece)
        yield piece.append_column("duplicate_of", duplicate_of.slice(done, piece.num_rows))
        done += piece.num_rows


def _edits(path: Path) -> Iterator[pa.Table]:
    return _pieces(path, "edits")


def _write_published(
    output: Path, path: Path, docs: pa.Table, duplicate_of: pa.Array, keys: tuple, corpus_values: dict, version: tuple, rows_per_file: int
) -> int:
    """Write the three published tables of the cache shard ``path`` where they changed;
    returns how many were written."""
    builds = {
        "documents": lambda: [docs],
        "paragraphs": partial(_paragraphs, path, duplicate_of),
        "edits": partial(_edits, path),
    }
    written = 0
    for table, build in builds.items():
        print_ = parts.fingerprint(table, version, keys, corpus_values[table])
        written += parts.write_shard(output / table, table, path.stem, build, rows_per_file, print_)
    return written


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
    corpus = _CorpusPass(params)
    version = (code_version("publish"), reuse.contracts_version(), params_mod.fingerprint(params))
    shards = set()
    written = 0
    # The corpus pass runs here, shard by shard in doc_id order; writing a shard's files
    # (read, validate, compress) runs in threads beside it: Arrow and Parquet release the GIL.
    with ThreadPoolExecutor(max(1, workers)) as threads:
        pending: deque[Future] = deque()
        for path in shard_files(cache):
            shards.add(path.stem)
            light = tables.read_table(path, LIGHT_COLUMNS)
            keys = (light.column("doc_id").to_pylist(), light.column("cache_key").to_pylist())
            docs, near = corpus.documents(light)
            duplicate_of, duplicate_values = corpus.duplicate_of(light)
            corpus.edit_counts(light)
            corpus_values = {"documents": near, "paragraphs": duplicate_values, "edits": None}
            pending.append(threads.submit(_write_published, output, path, docs, duplicate_of, keys, corpus_values, version, params.rows_per_file))
            while len(pending) > 2 * max(1, workers):  # bounded memory
                written += pending.popleft().result()
        while pending:
            written += pending.popleft().result()
    for table in TABLES:
        (output / table).mkdir(parents=True, exist_ok=True)
        parts.remove_other_shards(output / table, shards)
        if not shards:  # an empty corpus still has one (empty) file per table
            parts.write_shard(output / table, table, "0", lambda t=table: [contract(t).schema.empty_table()], params.rows_per_file, "empty")
    stats.extra["shard files written"] = written
    summary = corpus.summary.as_dict()
    metrics.parent.mkdir(parents=True, exist_ok=True)
    metrics.write_text(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return summary, stats
