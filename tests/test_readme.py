"""The README's loading examples run against a built corpus, as a user would paste them."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_blocks(section: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    part = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", part, flags=re.S)


def test_readme_loading_examples_run(built_project, capsys):
    blocks = python_blocks("Load the corpus")
    assert len(blocks) >= 3
    cwd = os.getcwd()
    os.chdir(built_project)
    try:
        for code in blocks:
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "body paragraphs" in out and "documents" in out and "000_78c09d9087ea6b97.txt" in out


def test_readme_names_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'pip install -e ".[dev]" && dvc repro' in text
    assert "python -m pytest" in text
