"""End to end: dvc repro on the samples plus awkward files, in a temporary copy."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.core.edits import Edit, replay
from pipeline.core.schema import SCHEMA_VERSION_KEY
from pipeline.core.validate import validate_corpus

from .conftest import run


def table(project: Path, name: str) -> list[dict]:
    return ds.dataset(project / "processed" / name, format="parquet").to_table().to_pylist()


def test_corpus_conforms_to_its_contracts(built_project):
    assert validate_corpus(built_project / "processed") == []
    result = run(["wenku", "validate", "processed"], built_project)
    assert "conforms" in result.stdout
    meta = pq.read_schema(next((built_project / "processed" / "documents").glob("*.parquet"))).metadata
    assert meta[SCHEMA_VERSION_KEY.encode()] == b"1"


def test_every_raw_file_is_accounted_for(built_project):
    documents = table(built_project, "documents")
    listed = {d["source_path"] for d in documents} | {p for d in documents for p in d["duplicate_paths"]}
    raw = built_project / "raw"
    expected = {
        p.relative_to(raw).as_posix()
        for p in raw.rglob("*")
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".meta.json")
    }
    assert listed == expected
    by_path = {d["source_path"]: d for d in documents}
    assert by_path["000_78c09d9087ea6b97.txt"]["duplicate_paths"] == ["odd/copy_of_000.txt"]
    for name, words in [("odd/empty.txt", "empty"), ("odd/binary.bin", "binary"), ("odd/nul.txt", "binary")]:
        assert by_path[name]["status"] == "rejected" and words in by_path[name]["error"]
    assert by_path["odd/gbk.txt"]["status"] == "ok" and by_path["odd/gbk.txt"]["encoding"] == "gb18030"


def test_samples_are_published_ok_with_ids_from_their_bytes(built_project):
    documents = {d["source_path"]: d for d in table(built_project, "documents")}
    for path in sorted((built_project / "raw").glob("00*.txt")):
        doc = documents[path.name]
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        assert doc["status"] == "ok" and doc["error"] is None
        assert doc["doc_id"] == sha[:16] and doc["source_sha256"] == sha
        assert doc["paragraph_count"] > 0 and doc["char_count"] > 0


def test_every_paragraph_traces_back_to_decoded_text(built_project):
    """source_text is the decoded text under the spans; edits replay to the published text."""
    from pipeline.core import tables

    decoded = {r["doc_id"]: r["text"] for r in tables.iter_rows(built_project / "interim/decoded", ["doc_id", "text"])}
    paragraphs = table(built_project, "paragraphs")
    edits = table(built_project, "edits")
    for p in paragraphs:
        source = decoded[p["doc_id"]]
        assert p["source_text"] == "".join(source[s["start"] : s["end"]] for s in p["spans"])
    # replaying repair then convert edits on the decoded text gives the converted text
    converted = {r["doc_id"]: r["text"] for r in tables.iter_rows(built_project / "interim/converted", ["doc_id", "text"])}
    for doc_id, text in decoded.items():
        if text is None:
            continue
        steps = {stage: [Edit(**{k: e[k] for k in ("step", "op", "start", "end", "before", "after", "detail", "damage")})
                         for e in edits if e["doc_id"] == doc_id and e["stage"] == stage]
                 for stage in ("repair", "convert")}
        assert replay(replay(text, steps["repair"]), steps["convert"]) == converted[doc_id]


def test_forced_rebuild_is_byte_identical(built_project, tmp_path):
    def digests() -> dict[str, str]:
        return {
            p.relative_to(built_project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((built_project / "processed").rglob("*.parquet"))
        }

    first = digests()
    shutil.rmtree(built_project / "interim")  # no reuse: a full rebuild
    shutil.rmtree(built_project / "processed")  # kept between runs (persist), so remove it too
    run(["dvc", "repro", "--force", "-q"], built_project)
    assert digests() == first
    run(["dvc", "repro", "--force", "-q"], built_project)  # reusing every document
    assert digests() == first


def test_validate_reports_a_broken_corpus(built_project, tmp_path):
    broken = tmp_path / "processed"
    shutil.copytree(built_project / "processed", broken)
    part = sorted((broken / "paragraphs").glob("*.parquet"))[0]
    t = pq.read_table(part)
    kinds = t.column("kind").to_pylist()
    kinds[0] = "advert"
    import pyarrow as pa

    t = t.set_column(t.column_names.index("kind"), "kind", pa.array(kinds))
    pq.write_table(t, part)
    result = run(["wenku", "validate", str(broken)], built_project, check=False)
    assert result.returncode == 1
    assert "paragraphs: column 'kind', row 0: value 'advert' is not one of" in result.stderr
