"""The columnar publish code agrees with its references: the per-document ``assemble``,
``BackMapper`` and datasketch (MinHash values and LSH band choice)."""

from __future__ import annotations

import random
import re

import numpy as np
import pyarrow as pa
import pytest

from pipeline.core import tables
from pipeline.core.edits import BackMapper, Edit
from pipeline.publish import minhash, reuse
from pipeline.publish.lsh import bands
from pipeline.publish.params import PublishParams
from pipeline.publish.positions import PositionMap


def test_signature_is_datasketchs_affine32_minhash_of_the_shingle_hashes():
    datasketch = pytest.importorskip("datasketch")
    for text in ["国务院关于印发政府工作报告的通知" * 3 + "其他文字内容" * 5000, "短文字内容", "一二三四五六七八九十"]:
        hashes = minhash.shingle_hashes(text, 5)
        reference = datasketch.MinHash(num_perm=128, seed=minhash.SEED, scheme=minhash.SCHEME, hashfunc=lambda x: x)
        reference.update_batch(hashes.tolist())
        assert np.array_equal(reference.hashvalues, minhash.signature(text, 5, 128))


@pytest.mark.parametrize("extra", [-1, 0, 1, 3, 4, 5, minhash.PIECE + 4])
@pytest.mark.parametrize("shingle_chars", [1, 5])
def test_a_long_text_is_signed_in_pieces_that_hold_each_shingle_once(extra, shingle_chars):
    rng = random.Random(extra)
    text = "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(minhash.PIECE + extra))
    pieces = list(minhash.piece_hashes(minhash._code_points(text), shingle_chars))
    assert len(pieces) == -(-(len(text) - shingle_chars + 1) // minhash.PIECE)
    assert np.array_equal(np.concatenate(pieces), minhash.shingle_hashes(text, shingle_chars))
    whole = minhash.minhash(minhash.shingle_hashes(text, shingle_chars), 32)
    assert np.array_equal(minhash.signature(text, shingle_chars, 32), whole)


def test_lsh_bands_are_the_ones_datasketch_chooses():
    datasketch = pytest.importorskip("datasketch")
    for threshold in (0.5, 0.7, 0.8, 0.9):
        for permutations in (64, 128, 256):
            lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=permutations)
            assert bands(threshold, permutations) == (lsh.b, lsh.r)


def test_first_occurrences_of_a_shard_are_first_of_key_paragraph_by_paragraph():
    from pipeline.publish.dedup import ParagraphIndex

    rng = random.Random(3)
    one_by_one, at_once = ParagraphIndex(min_chars=4), ParagraphIndex(min_chars=4)
    for shard in range(5):  # keys repeat within a shard and across shards
        doc_ids = [f"{shard}{d:03d}" for d in range(rng.randint(0, 30))]
        doc_of = np.array(sorted(rng.randrange(len(doc_ids)) for _ in range(200 if doc_ids else 0)), np.int64)
        index_of = np.array([list(doc_of[: i + 1]).count(d) - 1 for i, d in enumerate(doc_of)], np.int64)
        keys = np.array([rng.choice([1, 2, 3, 2**63 + 5, rng.randrange(2**64)]) for _ in doc_of], np.uint64)
        chars = np.array([rng.choice([1, 3, 4, 40]) for _ in doc_of], np.int64)
        expected = [one_by_one.first_of_key(doc_ids[d], int(i), int(k), int(c)) for d, i, k, c in zip(doc_of, index_of, keys, chars)]
        names, doc, index = at_once.first_occurrences(doc_ids, keys, chars, doc_of, index_of)
        assert [(names[d], int(i)) if d >= 0 else None for d, i in zip(doc, index)] == expected
    assert one_by_one.seen == at_once.seen


def test_position_map_maps_like_back_mapper():
    rng = random.Random(0)
    for _ in range(500):
        edits = []
        for step in range(rng.randint(0, 4)):
            pos = 0
            for _ in range(rng.randint(0, 5)):
                start = pos + rng.randint(0, 4)
                end = start + rng.randint(0, 3)
                edits.append(Edit(step, "x", start, end, "?" * (end - start), "y" * rng.randint(0, 3)))
                pos = end
        ordered = sorted(edits, key=lambda e: (e.step, e.start))
        columns = [np.array(c, dtype=np.int64) for c in zip(*[(e.step, e.start, e.end, len(e.after)) for e in ordered])]
        mapper = PositionMap(*(columns or [np.empty(0, dtype=np.int64)] * 4))
        positions = np.arange(30)
        for end in (False, True):
            for below in (None, 1, 3):
                want = [BackMapper(edits).map(int(p), end=end, below_step=below) for p in positions]
                limit = None if below is None else np.full(len(positions), below)
                assert mapper.map(positions, end=end, below=limit).tolist() == want


def test_source_script_gives_the_texts_the_reference_gives():
    """Random script edits (of any length, in one step or two) and segment edits, against
    assemble._original_script."""
    from pipeline.core.edits import TextHistory
    from pipeline.publish.assemble import _original_script
    from pipeline.publish.source_script import SourceScript

    rng = random.Random(5)
    for _ in range(300):
        source = "".join(rng.choice("頭髮發現臺灣 \n*文字") for _ in range(rng.randint(0, 40)))
        history = TextHistory(source)
        for _ in range(rng.choice([1, 1, 2])):  # script conversion in one step, or (the reference allows it) two
            spans = []
            for run in re.finditer(r"[^ \n*]+", history.text):  # OpenCC rewrites runs of Han, of any length
                start = rng.randint(run.start(), run.end() - 1)
                end = rng.randint(start + 1, run.end())
                if rng.random() < 0.7:
                    spans.append((start, end, "".join(rng.choice("头发现台湾") for _ in range(rng.randint(1, 3)))))
            history.replace(spans, op="t2s")
        script = history.edits
        converted = history.text
        out = [i for i, ch in enumerate(converted) if ch in " \n*"]
        segment = [Edit(0, "strip", i, i + 1, converted[i], "") for i in sorted(rng.sample(out, min(len(out), 3)))]
        cuts = sorted(rng.sample(range(len(converted) + 1), min(len(converted) + 1, 4)))
        blocks = [[(a, b)] for a, b in zip(cuts, cuts[1:])] + [[(0, len(converted) // 2), (len(converted) // 2, len(converted))]]
        reference = _original_script(converted, script, segment)
        if reference is None:
            assert not script
            continue
        columns = [[getattr(e, name) for e in script] for name in ("step", "start", "end", "before", "after")]
        got = SourceScript(converted, *columns, segment)
        starts, ends = [s for spans in blocks for s, _ in spans], [e for spans in blocks for _, e in spans]
        bounds = np.cumsum([0] + [len(spans) for spans in blocks]).tolist()
        assert got.texts(starts, ends, bounds) == [reference(spans) for spans in blocks]


def test_batches_assemble_what_assemble_does_one_document_at_a_time(built_project):
    params = PublishParams()
    context = {"pipeline_version": "test", "target_script": "t2s", "opencc_version": "x"}
    paths = {name: built_project / f"interim/{name}" for name in reuse.STAGE_TABLES}
    rows = {name: list(tables.iter_rows(path)) for name, path in paths.items()}
    lazy = {name: list(tables.iter_lazy_rows(path)) for name, path in paths.items()}
    count = len(rows["decoded"])
    reference = [reuse.assemble_row({name: rows[name][i] for name in rows}, context, params) for i in range(count)]
    schema = reuse.cache_schema()
    schema = schema.remove(schema.get_field_index("cache_key"))
    for size in (1, 3, count):  # any batching gives the same rows
        for start in range(0, count, size):
            refs = {name: tables.row_refs(lazy[name][start : start + size]) for name in reuse.STAGE_TABLES}
            got = reuse.assemble_table(refs, context, params)
            want = pa.Table.from_pylist(reference[start : start + size], schema=schema)
            assert got.select(want.column_names).cast(want.schema).equals(want)
