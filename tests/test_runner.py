"""The runner streams in batches, in parallel, and reuses rows; outputs never depend on how."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.core.runner import run_stage

SCHEMA = pa.schema([("doc_id", pa.string()), ("cache_key", pa.string()), ("status", pa.string()), ("n", pa.int64())])


def _upper_len(row: dict) -> dict:
    return {"doc_id": row["doc_id"], "status": "rejected" if row["n"] % 7 == 0 else "ok", "n": row["n"] * 2}


def _run(output: Path, workers: int, batch_rows: int = 5):
    rows = [{"doc_id": f"{i:04d}", "cache_key": f"k{i}", "n": i} for i in range(53)]
    return run_stage(
        stage="t", rows=rows, process=_upper_len, schema=SCHEMA, output=output,
        key_parts=("p", "c"), workers=workers, batch_rows=batch_rows,
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_output_is_the_same_for_any_worker_count_and_reuse(tmp_path, workers):
    reference = tmp_path / "ref.parquet"
    stats = _run(reference, 1)
    assert (stats.documents, stats.computed, stats.reused, stats.rejected) == (53, 53, 0, 8)
    out = tmp_path / "out.parquet"
    _run(out, workers)
    assert out.read_bytes() == reference.read_bytes()
    # Drop every third row of the previous output: those are computed, the rest reused.
    table = pq.read_table(out)
    pq.write_table(table.take([i for i in range(table.num_rows) if i % 3]), out)
    stats = _run(out, workers)
    assert (stats.computed, stats.reused) == (18, 35)
    assert out.read_bytes() == reference.read_bytes()
    stats = _run(out, workers)  # everything reused, batches with nothing to compute
    assert (stats.computed, stats.reused) == (0, 53)
    assert out.read_bytes() == reference.read_bytes()


def _run_sharded(output: Path, rows: list[dict], workers: int = 2):
    from pipeline.core.shards import run_sharded_stage

    return run_sharded_stage(
        stage="t", rows=lambda: rows, process=_upper_len, schema=SCHEMA, output=output,
        key_parts=("p", "c"), workers=workers, batch_rows=5,
    )


def _hex_rows(count: int) -> list[dict]:
    return sorted(({"doc_id": f"{i * 2654435761 % 2**32:08x}", "cache_key": f"k{i}", "n": i} for i in range(count)), key=lambda r: r["doc_id"])


def test_sharded_output_rewrites_only_the_shard_an_added_document_falls_in(tmp_path):
    out = tmp_path / "out"
    rows = _hex_rows(60)
    stats = _run_sharded(out, rows)
    assert (stats.documents, stats.computed, stats.reused) == (60, 60, 0)
    before = _shard_files(out)
    assert len(before) == len({r["doc_id"][0] for r in rows}) > 8
    (out / "_9.parquet.tmp").write_bytes(b"left over by an interrupted run")
    added = {"doc_id": "9" + "0" * 7, "cache_key": "new", "n": 1000}
    stats = _run_sharded(out, sorted([*rows, added], key=lambda r: r["doc_id"]))
    assert (stats.documents, stats.computed, stats.reused) == (61, 1, 60)
    after = _shard_files(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"9.parquet"}
    assert not (out / "_9.parquet.tmp").exists()
    fresh = tmp_path / "fresh"
    _run_sharded(fresh, sorted([*rows, added], key=lambda r: r["doc_id"]), workers=1)
    assert {n: data for n, (_, data) in _shard_files(fresh).items()} == {n: data for n, (_, data) in after.items()}
    assert (fresh / "_shards.json").read_bytes() == (out / "_shards.json").read_bytes()  # the index too
    stats = _run_sharded(out, rows)  # removing it again rewrites that shard back
    assert (stats.computed, stats.reused) == (0, 60)
    assert {n: data for n, (_, data) in _shard_files(out).items()} == {n: data for n, (_, data) in before.items()}


def _shard_files(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir() if p.name != "_shards.json"}


def test_a_stage_whose_input_shards_are_unchanged_reads_none_of_their_rows(tmp_path):
    """With the input's shard index, an unchanged input shard is reused whole: its rows are
    not streamed, and the output (shards and index) is what a full run writes."""
    from pipeline.core.shards import input_digests, read_index, run_sharded_stage

    upstream, out = tmp_path / "upstream", tmp_path / "out"
    rows = _hex_rows(60)
    _run_sharded(upstream, rows)
    asked: list = []

    def stage(source_rows):
        def rows_of(shards=None):
            asked.append(shards)
            return [r for r in source_rows if shards is None or r["doc_id"][0] in shards]

        return run_sharded_stage(
            stage="t", rows=rows_of, inputs=input_digests(upstream), process=_upper_len, schema=SCHEMA,
            output=out, key_parts=("p2",), workers=1, batch_rows=5,
        )

    full = stage(rows)
    assert (full.documents, full.computed) == (60, 60) and len(asked[0]) == len(read_index(upstream))
    first = _shard_files(out)
    asked.clear()
    again = stage(rows)
    assert (again.documents, again.computed, again.reused, again.rejected) == (60, 0, 60, full.rejected)
    assert asked and all(shards == set() for shards in asked)  # not one row streamed
    assert _shard_files(out) == first
    added = {"doc_id": "9" + "0" * 7, "cache_key": "new", "n": 1000}
    grown = sorted([*rows, added], key=lambda r: r["doc_id"])
    _run_sharded(upstream, grown)
    asked.clear()
    stats = stage(grown)
    assert (stats.documents, stats.computed, stats.reused) == (61, 1, 60)
    assert all(shards == {"9"} for shards in asked)
    assert {n for n, v in _shard_files(out).items() if v != first.get(n)} == {"9.parquet"}
    after_growth = (out / "9.parquet").read_bytes()
    nine, in_nine = out / "9.parquet", read_index(out)["9"]["rows"]
    nine.write_bytes(nine.read_bytes()[:-10])  # a shard damaged since: not reused on the index's word
    asked.clear()
    stats = stage(grown)
    assert (stats.computed, stats.reused) == (in_nine, 61 - in_nine) and all(shards == {"9"} for shards in asked)
    assert _shard_files(out)["9.parquet"][1] == after_growth
    (out / "_shards.json").unlink()  # no index (an interrupted run): every shard's keys are read
    asked.clear()
    stats = stage(grown)
    assert (stats.computed, stats.reused) == (0, 61) and (out / "_shards.json").exists()


def test_stage_command_speaks_to_a_person_and_starts_without_typer(tmp_path):
    import subprocess
    import sys

    missing = tmp_path / "interim" / "decoded"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pipeline", "stage", "repair", str(missing), str(tmp_path / "out")],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 1
    assert f"wenku: {missing}: not found; run the stages in order (dvc repro does)" in result.stderr
    assert "Traceback" not in result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "pipeline.stage_cli" in imported and not {"typer", "pydantic"} & imported  # 0.4 s per stage process


def test_stage_process_gives_arrow_the_system_allocator_unless_told_otherwise(monkeypatch):
    import os

    import pyarrow as pa

    from pipeline.stage_cli import prefer_system_allocator

    before = pa.default_memory_pool()
    try:
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
        prefer_system_allocator()
        assert pa.default_memory_pool().backend_name == before.backend_name  # the user's choice stands
        monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
        prefer_system_allocator()
        assert pa.default_memory_pool().backend_name == "system"  # mimalloc keeps freed memory
        assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"  # for spawned workers
    finally:
        pa.set_memory_pool(before)


def test_wenku_stage_forwards_to_the_same_commands(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["stage", "--help"])
    assert result.exit_code == 0 and "decode" in result.output and "publish" in result.output
    result = CliRunner().invoke(app, ["stage", "segment", str(tmp_path / "missing"), str(tmp_path / "out")])
    assert result.exit_code == 1
