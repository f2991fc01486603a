"""Shared fixtures: a temporary copy of the project with the pipeline run on it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("raw", "pipeline", "schemas", "params.yaml", "dvc.yaml")


def copy_project(dest: Path, scm: bool = False) -> Path:
    """Copy what the pipeline needs into ``dest`` and make it a DVC project (in git if ``scm``)."""
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    if scm:
        run(["git", "init", "-q"], dest)
        run(["git", "config", "user.name", "wenku tests"], dest)
        run(["git", "config", "user.email", "tests@wenku.invalid"], dest)
        shutil.copy2(ROOT / ".gitignore", dest / ".gitignore")
    run(["dvc", "init", "-q"] if scm else ["dvc", "init", "--no-scm", "-q"], dest)
    run(["dvc", "config", "core.analytics", "false"], dest)
    return dest


def run(cmd: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run a command (dvc or wenku from this interpreter's environment) in ``cwd``."""
    bindir = Path(sys.executable).parent
    exe = str(bindir / cmd[0]) if (bindir / cmd[0]).exists() else cmd[0]
    result = subprocess.run([exe, *cmd[1:]], cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The sample corpus plus awkward files, built once with ``dvc repro``."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    raw = project / "raw"
    (raw / "odd").mkdir()
    (raw / "odd" / "empty.txt").write_bytes(b"")
    (raw / "odd" / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (raw / "odd" / "nul.txt").write_bytes(b"abc\x00\x00\x00def\x00")
    (raw / "odd" / "copy_of_000.txt").write_bytes((raw / "000_78c09d9087ea6b97.txt").read_bytes())
    (raw / "odd" / "gbk.txt").write_bytes("重庆市人民政府工作报告，二〇二五年。".encode("gbk"))
    (raw / ".hidden.txt").write_text("not a document")
    (raw / "odd" / "gbk.txt.meta.json").write_text('{"title": "sidecar"}')
    run(["dvc", "repro", "-q"], project)
    return project
