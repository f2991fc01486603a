"""Growing the archive, end to end in real git + DVC repositories (offline: a local remote).

Marked ``dvc_repo``: these build a tagged corpus repository once (``v1``) and use it as an
archive grows (incremental rebuild, duplicates, metadata, DVC-tracked raw/) and as another
project consumes it (``dvc import``, ``dvc.api``). About half a minute in all.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest

from .conftest import copy_project, run
from .test_readme import python_blocks

pytestmark = pytest.mark.dvc_repo

SAMPLE = "000_78c09d9087ea6b97.txt"


def table(project: Path, name: str) -> pd.DataFrame:
    return ds.dataset(project / "processed" / name, format="parquet").to_table().to_pandas()


def digests(project: Path) -> dict[str, str]:
    files = sorted((project / "processed").rglob("*.parquet")) + [project / "reports" / "corpus.json"]
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="module")
def corpus_repo(tmp_path_factory) -> Path:
    """The samples plus a near-duplicate of one added with metadata; built, pushed, tagged v1."""
    base = tmp_path_factory.mktemp("growing")
    repo = copy_project(base / "corpus", scm=True)
    run(["dvc", "remote", "add", "-d", "local", str(base / "remote")], repo)
    text = (repo / "raw" / SAMPLE).read_text(encoding="utf-8")
    reprint = base / "incoming" / "reprint.txt"
    reprint.parent.mkdir()
    reprint.write_text("转载说明：本文转自政府网站。\n\n" + text, encoding="utf-8")
    result = run(["wenku", "add", str(reprint), "--to", "reprints", "--title", "转载", "--publisher", "某报"], repo)
    assert "added raw/reprints/reprint.txt" in result.stdout and "dvc repro" in result.stdout
    run(["dvc", "repro", "-q"], repo)
    run(["git", "add", "-A"], repo)
    run(["git", "commit", "-q", "-m", "corpus v1"], repo)
    run(["dvc", "push", "-q"], repo)
    run(["git", "tag", "v1"], repo)
    return repo


def test_metadata_columns_come_from_sidecars_and_are_null_when_absent(corpus_repo):
    docs = table(corpus_repo, "documents").set_index("source_path")
    assert docs.loc["reprints/reprint.txt", "title"] == "转载"
    assert docs.loc["reprints/reprint.txt", "publisher"] == "某报"
    assert docs.loc["reprints/reprint.txt", ["url", "published", "license", "note", "original_name"]].isna().all()
    assert docs.loc[SAMPLE, ["title", "url", "publisher"]].isna().all()


def test_duplicate_paragraphs_point_at_the_first_occurrence_and_near_duplicates_are_reported(corpus_repo):
    docs = table(corpus_repo, "documents").set_index("source_path")
    original, reprint = docs.loc[SAMPLE, "doc_id"], docs.loc["reprints/reprint.txt", "doc_id"]
    first, later = sorted([original, reprint])  # "earlier" is earlier in doc_id order
    assert docs.set_index("doc_id").loc[later, "near_duplicate_of"] == first
    assert docs.set_index("doc_id").loc[later, "near_duplicate_similarity"] >= 0.8
    assert docs.near_duplicate_of.notna().sum() == 1
    paragraphs = table(corpus_repo, "paragraphs")
    flagged = paragraphs[paragraphs.duplicate_of.notna()]
    from_reprint = flagged[flagged.doc_id == later]
    assert (from_reprint.duplicate_of.map(lambda t: t["doc_id"]) == first).sum() > 10
    texts = {(d, i): "".join(t.split()) for d, i, t in zip(paragraphs.doc_id, paragraphs["index"], paragraphs.text)}
    for doc_id, index, text, target in zip(flagged.doc_id, flagged["index"], flagged.text, flagged.duplicate_of):
        earlier = (target["doc_id"], int(target["index"]))
        assert earlier < (doc_id, index) and texts[earlier] == "".join(text.split())
        assert len(texts[earlier]) >= 16
    assert not flagged.text.str.startswith("转载说明").any()  # the reprint's own note is new text


def test_stats_and_dvc_metrics_show_the_same_numbers(corpus_repo):
    metrics = json.loads((corpus_repo / "reports" / "corpus.json").read_text(encoding="utf-8"))
    out = run(["wenku", "stats"], corpus_repo).stdout
    assert re.search(rf"^documents +{metrics['documents']}$", out, re.M)
    assert re.search(rf"^paragraphs +{metrics['paragraphs']:,}$", out, re.M)
    for heading in ("documents by status", "documents by encoding", "documents by script",
                    "documents by source", "paragraphs by kind", "edits by stage.kind"):
        assert heading in out
    assert re.search(rf"^duplicate_paragraphs +{metrics['duplicate_paragraphs']}$", out, re.M)
    assert metrics["duplicate_paragraphs"] > 10
    assert metrics["source"] == {".": 5, "reprints": 1} and metrics["near_duplicate_documents"] == 1
    shown = json.loads(run(["dvc", "metrics", "show", "--json"], corpus_repo).stdout)
    assert shown[""]["data"]["reports/corpus.json"]["data"] == metrics


def test_adding_one_document_reprocesses_one_and_equals_a_full_rebuild(corpus_repo, tmp_path):
    repo = Path(shutil.copytree(corpus_repo, tmp_path / "copy", symlinks=True))
    new = tmp_path / "new.txt"
    new.write_text("新增文件：关于推进城市更新行动的通知。\n\n各区人民政府，市政府各部门。\n", encoding="utf-8")
    run(["wenku", "add", str(new)], repo)
    output = run(["dvc", "repro"], repo).stdout
    for stage in ("decode", "repair", "convert", "segment", "publish"):
        assert f"{stage}: 7 documents (1 processed, 6 reused)" in output
    incremental = digests(repo)
    shutil.rmtree(repo / "interim")
    shutil.rmtree(repo / "processed")
    run(["dvc", "repro", "--force", "-q"], repo)
    assert digests(repo) == incremental
    again = tmp_path / "again.txt"
    again.write_bytes(new.read_bytes())
    result = run(["wenku", "add", str(again)], repo, check=False)
    assert result.returncode == 1 and "duplicate of raw/added/new.txt" in result.stderr


def test_raw_tracked_by_dvc_round_trips_through_a_remote_and_wenku_add_works(corpus_repo, tmp_path):
    repo = Path(shutil.copytree(corpus_repo, tmp_path / "copy", symlinks=True))
    run(["git", "rm", "-r", "-q", "--cached", "raw"], repo)
    run(["dvc", "add", "-q", "raw"], repo)
    run(["git", "add", "raw.dvc", ".gitignore"], repo)
    run(["git", "commit", "-q", "-m", "track raw/ with DVC"], repo)
    new = tmp_path / "more.txt"
    new.write_text("又一份文件，由 DVC 跟踪的 raw/ 收入。\n", encoding="utf-8")
    result = run(["wenku", "add", str(new)], repo)
    assert "dvc add raw" in result.stdout
    run(["dvc", "add", "-q", "raw"], repo)
    run(["dvc", "repro", "-q"], repo)
    run(["dvc", "push", "-q"], repo)
    shutil.rmtree(repo / "raw")
    shutil.rmtree(repo / ".dvc" / "cache")
    run(["dvc", "pull", "-q"], repo)
    assert (repo / "raw" / "added" / "more.txt").read_text(encoding="utf-8").startswith("又一份文件")
    assert "up to date" in run(["dvc", "status"], repo).stdout
    assert "more.txt" in set(table(repo, "documents").source_path.str.split("/").str[-1])


def test_another_project_imports_the_tagged_corpus(corpus_repo, tmp_path):
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    run(["git", "init", "-q"], consumer)
    run(["dvc", "init", "-q"], consumer)
    run(["dvc", "import", str(corpus_repo), "processed", "--rev", "v1"], consumer)
    imported = pd.read_parquet(consumer / "processed" / "paragraphs")
    assert len(imported) == len(table(corpus_repo, "paragraphs"))
    assert (consumer / "processed.dvc").exists()


def test_readme_dvc_api_example_reads_the_tagged_version(corpus_repo, tmp_path, monkeypatch, capsys):
    blocks = [b for b in python_blocks("Growing the archive") if "dvc.api" in b]
    assert blocks, "the README shows dvc.api"
    monkeypatch.chdir(tmp_path)
    for code in blocks:
        exec(compile(code.replace("https://github.com/you/wenku", str(corpus_repo)), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "documents" in out and "v1" in out
