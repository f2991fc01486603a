"""Assemble a batch of documents' publish rows column by column (Arrow and numpy).

The same result as :func:`.assemble.assemble` applied to each document (the reference,
one document at a time in plain Python; the tests check they agree), built without a
Python object per edit: edits pass through as Arrow columns, sorted and given their
paragraph with numpy; spans are mapped back with :class:`.positions.PositionMap`. Python
loops run once per paragraph only, for the text slices (``source_text``) and the duplicate
keys; a paragraph's ``script`` comes from the character classes of all its document's spans
at once (:func:`~pipeline.core.script.present_in_spans`), and only a paragraph with kana or
with characters of both scripts is read again. A converted document's ``original_text`` is
rebuilt with one slice per script edit (:mod:`.source_script`).

Input: the batch's rows of the four stage tables (Arrow, the same documents in the same
order). Output: one row per document with the per-document columns of the publish cache
(:func:`.reuse.cache_schema`, without ``cache_key``).
"""

from __future__ import annotations

from hashlib import blake2b
from functools import lru_cache, reduce
from operator import or_

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..core import sidecar
from ..core.edits import edits_from_rows
from ..core.script import CONVERSION_OPS, detect_script, present_in_spans, script_of_classes
from .assemble import STAGES
from .minhash import signature
from .positions import NO_LIMIT, PositionMap
from .source_script import SourceScript

DOCUMENT_PASS_THROUGH = (
    "doc_id source_path duplicate_paths source_sha256 source_bytes encoding encoding_confidence "
    "encoding_method encoding_runner_up encoding_runner_up_score encoding_parts"
).split() + list(sidecar.FIELDS)
_SHIFT = np.int64(1 << 40)  # doc number * _SHIFT + offset: one sorted key over a batch


@lru_cache(maxsize=1 << 16)
def _script(text: str) -> str:
    """detect_script, remembered: repeated paragraphs (boilerplate, reprints) are common."""
    return detect_script(text)


def list_items(column) -> tuple[pa.Array, np.ndarray]:
    """A list column's items and, for each, the number of its row."""
    lists = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return lists.flatten(), pc.list_parent_indices(lists).to_numpy(zero_copy_only=False).astype(np.int64)


def _np(array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False).astype(np.int64)


def _stable_order(*keys: np.ndarray) -> np.ndarray:
    """Indices sorting by ``keys`` (first key first), stable."""
    order = np.arange(len(keys[0]))
    for key in reversed(keys):
        order = order[np.argsort(key[order], kind="stable")]
    return order


def _lists(offsets_of_rows: np.ndarray, rows: int, values: pa.Array) -> pa.ListArray:
    """A list per row from the row number of each value (values grouped by row, in order)."""
    counts = np.bincount(offsets_of_rows, minlength=rows)
    offsets = np.zeros(rows + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _struct(struct_type: pa.StructType, columns: dict[str, pa.Array]) -> pa.StructArray:
    return pa.StructArray.from_arrays(
        [columns[f.name].cast(f.type) for f in struct_type], fields=list(struct_type)
    )


class _Edits:
    """The batch's edits of all four stages, in published order (per document: by stage,
    then step, then start, stably), with their columns as numpy."""

    def __init__(self, tables: dict[str, pa.Table], ok: np.ndarray):
        pieces, docs, stages = [], [], []
        for number, (stage, table) in enumerate(zip(STAGES, tables.values())):
            values, parent = list_items(table.column("edits"))
            keep = ok[parent]
            pieces.append(values.filter(pa.array(keep)) if not keep.all() else values)
            docs.append(parent[keep])
            stages.append(np.full(keep.sum(), number, dtype=np.int64))
        values = pa.concat_arrays(pieces) if pieces else pa.array([])
        doc, stage = np.concatenate(docs), np.concatenate(stages)
        step, start = _np(values.field("step")), _np(values.field("start"))
        order = _stable_order(doc, stage, step, start)
        self.stored, self.stored_key = values, stage * _SHIFT + doc  # as the stage tables hold them
        self.values = values.take(pa.array(order))
        self.doc, self.stage = doc[order], stage[order]
        self.step, self.start = step[order], start[order]
        self.end = _np(self.values.field("end"))
        self.after_len = _np(pc.utf8_length(self.values.field("after")))
        self.damage = _np(self.values.field("damage"))
        ops = pc.dictionary_encode(self.values.field("op"))
        self.op_names = ops.dictionary.to_pylist()
        self.op = _np(ops.indices) if len(ops) else np.zeros(0, dtype=np.int64)  # index into op_names
        #: which edits are script conversions (an OpenCC op, in convert)
        self.conversion = np.isin(self.op, [i for i, name in enumerate(self.op_names) if name in CONVERSION_OPS]) & (self.stage == 2)
        bounds = np.searchsorted(self.doc, np.arange(len(ok) + 1))
        self.of_doc = [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])]

    def converted_docs(self) -> np.ndarray:
        """Per document: whether a convert edit changed its script (an OpenCC op)."""
        return np.bincount(self.doc[self.conversion], minlength=len(self.of_doc)) > 0

    def source_script(self, doc: int, converted: str) -> SourceScript:
        """The :class:`.source_script.SourceScript` of a document with script edits."""
        lo, hi = self.stage_range(doc, 2)
        mine = np.flatnonzero(self.conversion[lo:hi]) + lo  # in order of step, then start
        take = pa.array(mine)
        before, after = (self.values.field(name).take(take).to_pylist() for name in ("before", "after"))
        segment = edits_from_rows(self.stored_rows(doc, 3))
        return SourceScript(converted, self.step[mine], self.start[mine], self.end[mine], before, after, segment)

    def counts(self, rows: int) -> pa.ListArray:
        """Per document: how many edits of each (stage, op), sorted by stage and op name."""
        ops = len(self.op_names) or 1
        stage_rank = np.argsort(np.argsort(STAGES))  # stage number -> place of its name in sorted order
        op_rank = np.argsort(np.argsort(self.op_names)) if self.op_names else np.zeros(0, dtype=np.int64)
        key = (self.doc * len(STAGES) + stage_rank[self.stage]) * ops + op_rank[self.op]
        keys, counts = np.unique(key, return_counts=True)
        stage_names, op_names = sorted(STAGES), sorted(self.op_names)
        items = pa.StructArray.from_arrays(
            [
                pa.array(stage_names, pa.string()).take(pa.array((keys // ops) % len(STAGES))),
                pa.array(op_names, pa.string()).take(pa.array(keys % ops)),
                pa.array(counts.astype(np.int64)),
            ],
            names=["stage", "op", "count"],
        )
        return _lists(keys // (ops * len(STAGES)), rows, items)

    def stage_range(self, doc: int, stage: int) -> tuple[int, int]:
        lo, hi = self.of_doc[doc]
        s = self.stage[lo:hi]
        return lo + int(np.searchsorted(s, stage)), lo + int(np.searchsorted(s, stage, side="right"))

    def stored_rows(self, doc: int, stage: int) -> list[dict]:
        """A document's edit rows of one stage, in the order the stage table holds them."""
        key = stage * _SHIFT + doc
        lo, hi = np.searchsorted(self.stored_key, [key, key + 1])
        return self.stored.slice(int(lo), int(hi - lo)).to_pylist()

    def position_map(self, doc: int, stage: int) -> PositionMap | None:
        lo, hi = self.stage_range(doc, stage)
        if lo == hi:
            return None
        return PositionMap(self.step[lo:hi], self.start[lo:hi], self.end[lo:hi], self.after_len[lo:hi])


def _through(mapper: PositionMap | None, pos: np.ndarray, end: bool = False, below: np.ndarray | None = None) -> np.ndarray:
    return pos if mapper is None else mapper.map(pos, end=end, below=below)


def _original_texts(edits: _Edits, doc: int, converted: str, ss: list[int], se: list[int], bounds: list[int]) -> list[str]:
    """``original_text`` of each block of a converted document; its blocks' spans are
    ``ss``/``se`` ``[bounds[i]:bounds[i + 1]]``."""
    a, z = bounds[0], bounds[-1]
    return edits.source_script(doc, converted).texts(ss[a:z], se[a:z], [k - a for k in bounds])


def assemble_batch(stage_tables: dict[str, pa.Table], context: dict, params, paragraph_type, edit_type, document_type) -> dict[str, pa.Array]:
    """The cache columns of a batch of documents (see the module docstring)."""
    decoded, repaired, converted, segmented = stage_tables.values()
    rows = decoded.num_rows
    doc_ids = decoded.column("doc_id").combine_chunks()
    for other in (repaired, converted, segmented):
        if not other.column("doc_id").combine_chunks().equals(doc_ids):
            raise ValueError("stage tables are out of step: " + str(doc_ids.to_pylist()) + " beside " + str(other.column("doc_id").to_pylist()))
    status = segmented.column("status").combine_chunks()
    ok = np.asarray(status.to_pylist()) == "ok" if rows else np.zeros(0, dtype=bool)

    edits = _Edits({s: t for s, t in zip(STAGES, (decoded, repaired, converted, segmented))}, ok)

    blocks, block_doc = list_items(segmented.column("blocks"))
    keep = ok[block_doc]
    if not keep.all():
        blocks, block_doc = blocks.filter(pa.array(keep)), block_doc[keep]
    span_values, span_block = list_items(blocks.field("spans"))
    span_start, span_end = _np(span_values.field("start")), _np(span_values.field("end"))
    span_doc = block_doc[span_block]
    rep_start, rep_end = span_start.copy(), span_end.copy()
    dec_start, dec_end = span_start.copy(), span_end.copy()
    edit_pos = edits.start.copy()  # becomes the place of each edit in the decoded text
    span_bounds = np.searchsorted(span_doc, np.arange(rows + 1))
    for doc in np.flatnonzero(ok):
        repair_map, convert_map = edits.position_map(doc, 1), edits.position_map(doc, 2)
        if repair_map is None and convert_map is None:
            continue
        s = slice(span_bounds[doc], span_bounds[doc + 1])
        rep_start[s] = _through(convert_map, span_start[s])
        rep_end[s] = _through(convert_map, span_end[s], end=True)
        dec_start[s] = _through(repair_map, rep_start[s])
        dec_end[s] = _through(repair_map, rep_end[s], end=True)
        lo, hi = edits.of_doc[doc]
        pos, stage, step = edit_pos[lo:hi], edits.stage[lo:hi], edits.step[lo:hi]
        later = stage >= 2  # convert and segment edits go through the convert edits first
        pos = np.where(later, _through(convert_map, pos, below=np.where(stage == 2, step, NO_LIMIT)), pos)
        pos = np.where(stage >= 1, _through(repair_map, pos, below=np.where(stage == 1, step, NO_LIMIT)), pos)
        edit_pos[lo:hi] = pos

    # which paragraph each edit falls in: the last span starting at or before it, if it covers it
    span_order = _stable_order(span_doc, dec_start, dec_end, span_block)
    keys = span_doc[span_order] * _SHIFT + dec_start[span_order]
    i = np.searchsorted(keys, edits.doc * _SHIFT + edit_pos, side="right") - 1
    found = i >= 0
    i = np.maximum(i, 0)
    found &= (span_doc[span_order][i] == edits.doc) & (edit_pos < dec_end[span_order][i])
    edit_paragraph = span_block[span_order][i]  # the block number within the batch

    blocks_count = len(block_doc)
    block_damage = np.bincount(edit_paragraph[found], weights=edits.damage[found], minlength=blocks_count).astype(np.int64)
    block_first = np.searchsorted(block_doc, np.arange(rows + 1))
    block_index = np.arange(blocks_count) - block_first[block_doc]
    texts = blocks.field("text")

    # per paragraph in Python: text slices, script, duplicate key; original text where converted
    source_texts, scripts, originals, hashes, chars = [], [], [], [], []
    decoded_texts = decoded.column("text").to_pylist()
    repaired_texts = repaired.column("text").to_pylist()
    block_texts = texts.to_pylist()
    span_of_block = np.searchsorted(span_block, np.arange(blocks_count + 1)).tolist()
    ds, de, rs, re_ = dec_start.tolist(), dec_end.tolist(), rep_start.tolist(), rep_end.tolist()
    ss, se = span_start.tolist(), span_end.tolist()
    norms_of_doc: list[list[str]] = [[] for _ in range(rows)]
    converted_texts = None
    converted_docs = edits.converted_docs().tolist()
    for doc in np.flatnonzero(ok).tolist():
        source, rep = decoded_texts[doc], repaired_texts[doc]
        original = None
        first, last = block_first[doc], block_first[doc + 1]
        if converted_docs[doc]:
            if converted_texts is None:
                converted_texts = converted.column("text").to_pylist()
            original = _original_texts(edits, doc, converted_texts[doc], ss, se, span_of_block[first : last + 1])
        norms = norms_of_doc[doc]
        first_span = span_of_block[first]
        classes = present_in_spans(rep, rs[first_span : span_of_block[last]], re_[first_span : span_of_block[last]])
        for b in range(first, last):
            a, z = span_of_block[b], span_of_block[b + 1]
            text = block_texts[b]
            if z == a + 1:  # most blocks: one span
                source_text = source[ds[a] : de[a]]
                script = script_of_classes(classes[a - first_span])
                scripts.append(script if script is not None else _script(rep[rs[a] : re_[a]]))
            else:
                source_text = "".join([source[ds[k] : de[k]] for k in range(a, z)])
                script = script_of_classes(reduce(or_, classes[a - first_span : z - first_span]))
                scripts.append(script if script is not None else _script("".join([rep[rs[k] : re_[k]] for k in range(a, z)])))
            # null where equal to the text: the cache stores it so (reuse.SAME_AS_TEXT)
            source_texts.append(None if source_text == text else source_text)
            original_text = original[b - first] if original else None
            originals.append(None if original_text == text else original_text)
            norm = "".join(text.split())
            norms.append(norm)
            # dedup.paragraph_key, inline: the normalized text also makes the signature's text
            hashes.append(int.from_bytes(blake2b(norm.encode(), digest_size=8).digest(), "little"))
            chars.append(len(norm))

    spans = pa.ListArray.from_arrays(
        pa.array(np.r_[0, np.cumsum(np.bincount(span_block, minlength=blocks_count))].astype(np.int32)),
        pa.StructArray.from_arrays([pa.array(dec_start), pa.array(dec_end)], names=["start", "end"]),
    )
    block_doc_ids = doc_ids.take(pa.array(block_doc))
    paragraphs = _struct(
        paragraph_type,
        {
            "doc_id": block_doc_ids,
            "index": pa.array(block_index),
            "text": texts,
            "kind": blocks.field("kind"),
            "damage": pa.array(block_damage),
            "spans": spans,
            "source_text": pa.array(source_texts, pa.string()),
            "script": pa.array(scripts, pa.string()),
            "article": blocks.field("article"),
            "original_text": pa.array(originals, pa.string()),
        },
    )
    values = edits.values
    edit_structs = _struct(
        edit_type,
        {
            "doc_id": doc_ids.take(pa.array(edits.doc)),
            "stage": pa.array(STAGES).take(pa.array(edits.stage)),
            **{name: values.field(name) for name in ("step", "op", "start", "end", "before", "after", "detail", "damage")},
            "paragraph": pa.array(block_index[edit_paragraph], mask=~found),
        },
    )

    para_counts = np.bincount(block_doc, minlength=rows)
    char_counts = np.bincount(block_doc, weights=_np(pc.utf8_length(texts)), minlength=rows).astype(np.int64)
    edit_counts_of_doc = np.bincount(edits.doc, minlength=rows)
    damage = np.bincount(edits.doc, weights=edits.damage, minlength=rows).astype(np.int64)
    ok_mask = pa.array(~ok)
    null = pa.nulls(rows, pa.string())
    document_columns = {name: decoded.column(name).combine_chunks() for name in DOCUMENT_PASS_THROUGH}
    document_columns.update(
        status=status,
        error=segmented.column("error").combine_chunks(),
        pipeline_version=pa.array([context["pipeline_version"]] * rows, pa.string()),
        script=pc.if_else(ok_mask, null, converted.column("script").combine_chunks()),
        target_script=pc.if_else(ok_mask, null, pa.array([context["target_script"]] * rows, pa.string())),
        opencc_version=pc.if_else(ok_mask, null, pa.array([context["opencc_version"]] * rows, pa.string())),
        char_count=pa.array(char_counts),
        paragraph_count=pa.array(para_counts),
        damage=pa.array(damage),
        edit_count=pa.array(edit_counts_of_doc),
    )

    signatures = []
    for doc in range(rows):
        text = "".join(norms_of_doc[doc])
        sig = signature(text, params.shingle_chars, params.minhash_permutations) if para_counts[doc] else None
        signatures.append(None if sig is None else sig.astype(np.uint64))
    para_doc_lists = _lists(block_doc, rows, paragraphs)
    return {
        "doc_id": doc_ids,
        "status": status,
        "document": _struct(document_type, document_columns),
        "paragraphs": para_doc_lists,
        "edits": _lists(edits.doc, rows, edit_structs),
        "signature": pa.array(signatures, pa.list_(pa.uint64())),
        "edit_counts": edits.counts(rows),
        "paragraph_hashes": _lists(block_doc, rows, pa.array(hashes, pa.uint64())),
        "paragraph_chars": _lists(block_doc, rows, pa.array(chars, pa.int64())),
        "paragraph_kinds": _lists(block_doc, rows, blocks.field("kind")),
    }

