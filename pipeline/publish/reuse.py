"""Per-document publish results, kept between runs (``interim/published/<shard>.arrow``:
Arrow IPC files, LZ4-compressed, read back only by publish).

Assembling a document (mapping spans and edits back to the decoded text), its MinHash
signature and its paragraphs' duplicate keys are pure functions of its four stage rows, so
they are cached like every other stage: one row per document with a ``cache_key`` built
from the four stage rows' keys, the publish params, the publish code and the contracts.
Only the corpus-wide columns (``duplicate_of``, ``near_duplicate_of``,
``near_duplicate_similarity``) are computed afresh on each run, from the light columns of
this table, in doc_id order (see :mod:`.run`).

Documents are assembled in batches, column by column (:mod:`.batch`): the runner sends a
worker where the batch's stage rows are (:func:`stage_refs`), the worker reads them and
hands back one Arrow table (through shared memory, see :mod:`pipeline.core.runner`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import partial
from pathlib import Path

import pyarrow as pa

from ..core import tables
from ..core.runner import Stats, cache_key, code_version
from ..core.shards import input_digests, run_sharded_stage
from ..core.schema import SCHEMA_DIR, contract
from .assemble import assemble
from .batch import assemble_batch
from .dedup import paragraph_key
from .dedup import signature
from .params import PublishParams

STAGE_TABLES = ("decoded", "repaired", "converted", "segmented")
CORPUS_WIDE = {
    "documents": ("near_duplicate_of", "near_duplicate_similarity"),
    "paragraphs": ("duplicate_of",),
    "edits": (),
}


def per_document_type(table: str) -> pa.StructType:
    """The struct of one row of a published table, without its corpus-wide columns."""
    return pa.struct([f for f in contract(table).schema if f.name not in CORPUS_WIDE[table]])


#: paragraph texts the cache stores as null where they equal ``text`` (most paragraphs:
#: nothing changed their source, nothing converted their script). Three copies of every
#: text were two thirds of the cache's bytes and of the LZ4 work of writing it.
SAME_AS_TEXT = ("source_text", "original_text")


def cached_paragraph_type() -> pa.StructType:
    """:func:`per_document_type` of paragraphs, with :data:`SAME_AS_TEXT` nullable."""
    fields = per_document_type("paragraphs")
    return pa.struct([f.with_nullable(True) if f.name in SAME_AS_TEXT else f for f in fields])


def cached_paragraph(paragraph: dict) -> dict:
    """A paragraph as the cache holds it: :data:`SAME_AS_TEXT` null where equal to its text.

    >>> cached_paragraph({"text": "甲", "source_text": "甲", "original_text": "乙"})
    {'text': '甲', 'source_text': None, 'original_text': '乙'}
    """
    return {k: None if k in SAME_AS_TEXT and v == paragraph["text"] else v for k, v in paragraph.items()}


def published_paragraphs(paragraphs: pa.Table) -> pa.Table:
    """Cached paragraph rows (flattened) with :data:`SAME_AS_TEXT` filled back in from ``text``.

    >>> t = pa.table({"text": ["甲", "乙"], "source_text": [None, "丙"], "original_text": pa.array([None, None], pa.string())})
    >>> published_paragraphs(t).to_pydict()
    {'text': ['甲', '乙'], 'source_text': ['甲', '丙'], 'original_text': ['甲', '乙']}
    """
    import pyarrow.compute as pc  # publish's second pass only

    for name in SAME_AS_TEXT:
        i = paragraphs.schema.get_field_index(name)
        paragraphs = paragraphs.set_column(i, name, pc.coalesce(paragraphs.column(name), paragraphs.column("text")))
    return paragraphs


def cache_schema() -> pa.Schema:
    return pa.schema(
        [
            ("doc_id", pa.string()),
            ("cache_key", pa.string()),
            ("status", pa.string()),
            ("document", per_document_type("documents")),
            ("paragraphs", pa.list_(cached_paragraph_type())),
            ("edits", pa.list_(per_document_type("edits"))),
            ("signature", pa.list_(pa.uint64())),
            ("edit_counts", pa.list_(pa.struct([("stage", pa.string()), ("op", pa.string()), ("count", pa.int64())]))),
            ("paragraph_hashes", pa.list_(pa.uint64())),  # duplicate key of each paragraph (see batch.paragraph_key)
            ("paragraph_chars", pa.list_(pa.int64())),  # its length without whitespace
            ("paragraph_kinds", pa.list_(pa.string())),  # its kind (for the report, without reading texts)
        ]
    )


def _strip(row: dict, table: str) -> dict:
    return {k: v for k, v in row.items() if k not in CORPUS_WIDE[table]}


def assemble_row(row: dict, context: dict, params: PublishParams) -> dict:
    """One document's cached publish row, one document at a time: the reference that
    :func:`assemble_table` (what runs) must agree with."""
    out = assemble(*(row[name] for name in STAGE_TABLES), context)
    text = "\n".join(p["text"] for p in out.paragraphs)
    sig = signature(text, params.shingle_chars, params.minhash_permutations) if out.paragraphs else None
    sig = None if sig is None else sig.tolist()
    keys = [paragraph_key(p["text"]) for p in out.paragraphs]
    return {
        "doc_id": out.document["doc_id"],
        "status": out.document["status"],
        "document": _strip(out.document, "documents"),
        "paragraphs": [cached_paragraph(_strip(p, "paragraphs")) for p in out.paragraphs],
        "edits": out.edits,
        "signature": sig,
        "edit_counts": [
            {"stage": stage, "op": op, "count": n}
            for (stage, op), n in sorted(Counter((e["stage"], e["op"]) for e in out.edits).items())
        ],
        "paragraph_hashes": [key for key, _ in keys],
        "paragraph_chars": [chars for _, chars in keys],
        "paragraph_kinds": [p["kind"] for p in out.paragraphs],
    }


def assemble_table(refs: dict[str, list], context: dict, params: PublishParams) -> pa.Table:
    """The cache rows (without ``cache_key``) of a batch of documents, from references to
    their stage rows (see :func:`stage_refs`; the process that assembles reads them)."""
    columns = assemble_batch(
        {name: tables.read_refs(refs[name]) for name in STAGE_TABLES}, context, params,
        cached_paragraph_type(), per_document_type("edits"), per_document_type("documents"),
    )
    return pa.table(columns)


def _load(rows: tuple[dict, ...]) -> dict:
    return {name: tables.full_row(row) for name, row in zip(STAGE_TABLES, rows)}


STAGE_ROWS = "_stage_rows"


def _stage_rows(interim: dict[str, Path], shards: set[str] | None = None):
    """One lazy row per document: the keys of its four stage rows; the rows when needed
    (of the ``shards`` named only, if given)."""
    streams = [tables.iter_lazy_rows(interim[name], shards=shards) for name in STAGE_TABLES]
    for rows in zip(*streams, strict=True):
        doc_id = rows[0]["doc_id"]
        if any(r["doc_id"] != doc_id for r in rows):
            raise ValueError(f"stage tables are out of step: {doc_id} beside {[r['doc_id'] for r in rows]}")
        key = cache_key(*(r["cache_key"] for r in rows))
        yield {"doc_id": doc_id, "cache_key": key, tables.LAZY: partial(_load, rows), STAGE_ROWS: rows}


def stage_refs(batch: list[dict]) -> dict[str, list]:
    """Where the stage rows of a batch of lazy rows are: sent to a worker, which reads
    them itself (sending the rows would copy them through a pipe twice)."""
    return {name: tables.row_refs([row[STAGE_ROWS][k] for row in batch]) for k, name in enumerate(STAGE_TABLES)}


def contracts_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(SCHEMA_DIR.glob("*.yaml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def update(interim: dict[str, Path], cache: Path, context: dict, params: PublishParams, workers: int) -> Stats:
    """Bring the folder ``cache`` up to date with the stage tables, reusing unchanged documents."""
    return run_sharded_stage(
        stage="publish",
        rows=partial(_stage_rows, interim),
        inputs=input_digests(*(interim[name] for name in STAGE_TABLES)),
        process_batch=partial(assemble_table, context=context, params=params),
        prepare=stage_refs,
        schema=cache_schema(),
        output=cache,
        suffix=tables.STAGE_SUFFIX,  # read back only by publish: Arrow IPC, LZ4 (see core.tables)
        key_parts=(
            f"signature {params.shingle_chars} {params.minhash_permutations}",  # the params assembly reads
            code_version("publish"),
            contracts_version(),
            *(f"{k}={v}" for k, v in sorted(context.items())),
        ),
        workers=workers,
    )
