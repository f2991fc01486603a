"""``wenku add`` and sidecar metadata: layout, refusals (nothing written), zip member names."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.archive.zipnames import member_name
from pipeline.cli import app
from pipeline.core import sidecar

TEXT = "重庆市人民政府工作报告，二〇二五年一月十九日。\n".encode("utf-8")


def wenku(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def archive(tmp_path) -> Path:
    raw = tmp_path / "raw"
    (raw / "2024").mkdir(parents=True)
    (raw / "2024" / "old.txt").write_bytes(TEXT)
    return raw


def gbk_zip(path: Path, members: dict[str, bytes]) -> Path:
    """A zip as Chinese Windows makes it: GBK names, no UTF-8 flag."""
    placeholders = {}
    with zipfile.ZipFile(path, "w") as zf:
        for i, (name, data) in enumerate(members.items()):
            stored = name.encode("gbk")
            placeholder = bytes([ord("A") + i]) * len(stored)  # ASCII of the same length
            placeholders[placeholder] = stored
            zf.writestr(placeholder.decode(), data)
    blob = path.read_bytes()
    for placeholder, stored in placeholders.items():
        blob = blob.replace(placeholder, stored)  # local header and central directory
    path.write_bytes(blob)
    return path


# --- refusals first: nothing may be written -------------------------------------------------

def test_adding_bytes_already_in_the_archive_is_refused_naming_the_existing_file(archive, tmp_path):
    before = snapshot(archive)
    (tmp_path / "same.txt").write_bytes(TEXT)
    code, out = wenku("add", str(tmp_path / "same.txt"), "--raw", str(archive))
    assert code == 1
    assert "duplicate" in out and "raw/2024/old.txt" in out and "nothing was added" in out
    assert snapshot(archive) == before


def test_adding_the_same_file_twice_is_refused_the_second_time(archive, tmp_path):
    (tmp_path / "new.txt").write_bytes(b"another document\n")
    assert wenku("add", str(tmp_path / "new.txt"), "--raw", str(archive))[0] == 0
    before = snapshot(archive)
    code, out = wenku("add", str(tmp_path / "new.txt"), "--raw", str(archive), "--to", "elsewhere")
    assert code == 1 and "duplicate of raw/added/new.txt" in out
    assert snapshot(archive) == before


@pytest.mark.parametrize("to", ["../outside", "/abs", "a/../../b", ".hidden"])
def test_targets_outside_raw_are_refused(archive, tmp_path, to):
    (tmp_path / "a.txt").write_bytes(b"text\n")
    before = snapshot(archive)
    code, out = wenku("add", str(tmp_path / "a.txt"), "--raw", str(archive), "--to", to)
    assert code == 1 and ("escapes raw/" in out or "hidden" in out)
    assert snapshot(archive) == before


def test_symlinks_and_non_regular_files_are_refused_and_nothing_is_written(archive, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_bytes(b"fine\n")
    (src / "link.txt").symlink_to(src / "good.txt")
    os.mkfifo(src / "pipe")
    before = snapshot(archive)
    code, out = wenku("add", str(src), "--raw", str(archive))
    assert code == 1
    assert "link.txt: is a symlink" in out and "pipe: is not a regular file" in out
    assert snapshot(archive) == before


def test_a_name_clash_with_different_bytes_is_refused_never_overwritten(archive, tmp_path):
    (tmp_path / "old.txt").write_bytes(b"different bytes\n")
    code, out = wenku("add", str(tmp_path / "old.txt"), "--raw", str(archive), "--to", "2024")
    assert code == 1 and "already exists" in out and "--to" in out
    assert (archive / "2024" / "old.txt").read_bytes() == TEXT


def test_bad_metadata_is_refused(archive, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"text\n")
    code, out = wenku("add", str(tmp_path / "a.txt"), "--raw", str(archive), "--published", "March 2024")
    assert code == 1 and "YYYY-MM-DD" in out
    assert not (archive / "added").exists()


# --- what is written ----------------------------------------------------------------------

def test_add_copies_a_file_with_its_sidecar_and_says_what_next(archive, tmp_path):
    (tmp_path / "report.txt").write_bytes(b"new document\n")
    code, out = wenku("add", str(tmp_path / "report.txt"), "--raw", str(archive), "--title", "报告",
                      "--url", "https://example.org/r", "--published", "2024-03")
    assert code == 0, out
    assert "added raw/added/report.txt" in out and "dvc repro" in out
    assert (archive / "added" / "report.txt").read_bytes() == b"new document\n"
    meta = json.loads((archive / "added" / "report.txt.meta.json").read_text(encoding="utf-8"))
    assert meta == {"title": "报告", "url": "https://example.org/r", "published": "2024-03"}


def test_add_copies_a_directory_recursively_keeping_its_layout(archive, tmp_path):
    src = tmp_path / "batch"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_bytes(b"a\n")
    (src / "sub" / "b.txt").write_bytes(b"b\n")
    (src / ".DS_Store").write_bytes(b"junk")
    code, out = wenku("add", str(src), "--raw", str(archive), "--to", "2025")
    assert code == 0, out
    assert (archive / "2025" / "batch" / "a.txt").exists() and (archive / "2025" / "batch" / "sub" / "b.txt").exists()
    assert "skipped" in out and ".DS_Store" in out
    assert not (archive / "2025" / "batch" / ".DS_Store").exists()


def test_a_gbk_zip_is_added_with_decoded_names_and_the_stored_name_recorded(archive, tmp_path):
    z = gbk_zip(tmp_path / "新闻.zip", {"中文.txt": "中文内容\n".encode("gbk"), "报告/二月.txt": b"feb\n"})
    assert zipfile.ZipFile(z).namelist()[0] == "╓╨╬─.txt"  # what unzip shows
    code, out = wenku("add", str(z), "--raw", str(archive))
    assert code == 0, out
    target = archive / "added" / "新闻" / "中文.txt"
    assert target.read_bytes() == "中文内容\n".encode("gbk")
    meta = sidecar.parse(sidecar.path_for(target).read_text(encoding="utf-8"))
    assert meta["original_name"] == "╓╨╬─.txt"
    assert meta["original_name"].encode("cp437") == "中文.txt".encode("gbk")
    assert (archive / "added" / "新闻" / "报告" / "二月.txt").exists()


@pytest.mark.parametrize(
    "stored, expected",
    [
        (b"plain/ascii.txt", "plain/ascii.txt"),
        ("中文.txt".encode("utf-8"), "中文.txt"),  # UTF-8 without the flag
        ("新闻稿\\第一篇.txt".encode("gbk"), "新闻稿/第一篇.txt"),  # backslash separators
        ("總統府新聞稿.txt".encode("big5"), "總統府新聞稿.txt"),
    ],
)
def test_zip_member_names_decode(stored, expected):
    assert member_name(zipfile.ZipInfo(stored.decode("cp437")))[0] == expected


def test_zip_slip_members_are_refused(archive, tmp_path):
    z = tmp_path / "evil.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("../../escape.txt", b"x")
    code, out = wenku("add", str(z), "--raw", str(archive))
    assert code == 1 and "escapes raw/" in out
    assert not (tmp_path / "escape.txt").exists()


# --- decode reads sidecars ------------------------------------------------------------------

def test_decode_reads_sidecars_into_the_cache_key_and_rejects_a_broken_one(tmp_path):
    from pipeline.decode.run import list_documents

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(b"first\n")
    (raw / "b.txt").write_bytes(b"second\n")
    (raw / "b.txt.meta.json").write_text('{"title": "乙", "published": "2024"}', encoding="utf-8")
    rows = {r["source_path"]: r for r in list_documents(raw)}
    assert rows["a.txt"]["meta"] == {} and rows["a.txt"]["meta_error"] is None
    assert rows["b.txt"]["meta"] == {"title": "乙", "published": "2024"}
    key = rows["b.txt"]["cache_key"]
    (raw / "b.txt.meta.json").write_text('{"title": "乙", "published": "2024-05"}', encoding="utf-8")
    assert {r["source_path"]: r for r in list_documents(raw)}["b.txt"]["cache_key"] != key  # metadata change: decode again
    (raw / "b.txt.meta.json").write_text('{"titel": "乙"}', encoding="utf-8")
    broken = {r["source_path"]: r for r in list_documents(raw)}["b.txt"]
    assert "raw/b.txt.meta.json is invalid: unknown key 'titel'" in broken["meta_error"]


def test_raw_files_lists_what_rglob_and_is_file_list(tmp_path):
    """decode walks raw/ with os.walk; it must see the files Path.rglob + is_file saw:
    symlinked files count, symlinked folders, broken links and folders do not."""
    from pipeline.core.rawdir import raw_files

    raw = tmp_path / "raw"
    (raw / "a" / "b").mkdir(parents=True)
    (raw / ".git").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.txt").write_text("o")
    for name in ("x.txt", "a/y.txt", "a/b/z.txt", "a/y.txt.meta.json", ".git/HEAD", "a/.hidden"):
        (raw / name).write_text(name)
    (raw / "linked.txt").symlink_to(outside / "o.txt")
    (raw / "linked_dir").symlink_to(outside)
    (raw / "broken.txt").symlink_to(tmp_path / "missing")
    expected = sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file())
    found = dict(raw_files(raw))
    assert sorted(found) == expected
    assert "linked.txt" in found and "linked_dir/o.txt" not in found and "broken.txt" not in found
    assert found["a/b/z.txt"].st_size == len("a/b/z.txt")


def test_decode_hashes_a_raw_file_again_only_when_it_changed(tmp_path, monkeypatch):
    import os

    from pipeline.core import rawdir
    from pipeline.decode.run import list_documents

    monkeypatch.setattr(rawdir.Sha256Cache, "RACY_NS", -10**15)  # every file counts as settled
    raw, cache = tmp_path / "raw", tmp_path / "interim" / ".raw-sha256.json"
    raw.mkdir()
    (raw / "a.txt").write_bytes(b"first\n")
    (raw / "b.txt").write_bytes(b"second\n")
    reference = {r["source_path"]: r["source_sha256"] for r in list_documents(raw)}
    assert {r["source_path"]: r["source_sha256"] for r in list_documents(raw, cache)} == reference
    assert rawdir.Sha256Cache(cache, raw).known == 2
    read: list[str] = []
    real = rawdir.sha256_file
    monkeypatch.setattr(rawdir, "sha256_file", lambda p: read.append(Path(p).name) or real(p))
    assert {r["source_path"]: r["source_sha256"] for r in list_documents(raw, cache)} == reference
    assert read == []  # nothing changed: nothing read
    saved = os.stat(cache).st_mtime_ns
    list_documents(raw, cache)
    assert os.stat(cache).st_mtime_ns == saved  # nor written
    st = os.stat(raw / "b.txt")
    (raw / "b.txt").write_bytes(b"SECOND\n")  # same size, and the old mtime put back
    os.utime(raw / "b.txt", ns=(st.st_atime_ns, st.st_mtime_ns))
    rows = {r["source_path"]: r["source_sha256"] for r in list_documents(raw, cache)}
    assert read == ["b.txt"] and rows["b.txt"] != reference["b.txt"] and rows["a.txt"] == reference["a.txt"]
    cache.write_text("{not json", encoding="utf-8")  # a damaged cache is an empty one
    assert {r["source_path"] for r in list_documents(raw, cache)} == {"a.txt", "b.txt"}
