"""The corpus report: counts by status, encoding, script, source, kind and repair.

One accumulator, fed row by row, serves both ``publish`` (which writes the numbers to
``reports/corpus.json`` for ``dvc metrics show``) and ``wenku stats`` (which reads them
back from a published corpus), so the two always agree.

>>> s = Summary()
>>> s.document({"status": "ok", "encoding": "utf-8", "script": "simplified", "source_path": "added/a.txt",
...             "publisher": None, "paragraph_count": 2, "char_count": 10, "damage": 1, "edit_count": 3,
...             "duplicate_paths": [], "near_duplicate_of": None})
>>> s.paragraph("body", None)
>>> s.edit("repair", "pinyin_leak")
>>> d = s.as_dict()
>>> d["documents"], d["source"], d["op"], d["kind"]
(1, {'added': 1}, {'repair.pinyin_leak': 1}, {'body': 1})
"""

from __future__ import annotations

from collections import Counter

GROUPS = ("status", "encoding", "script", "source", "publisher", "kind", "op")
DOCUMENT_COLUMNS = [
    "status", "encoding", "script", "source_path", "publisher", "paragraph_count", "char_count",
    "damage", "edit_count", "duplicate_paths", "near_duplicate_of",
]
TOTALS = (
    "documents", "paragraphs", "characters", "damage", "edits",
    "duplicate_files", "duplicate_paragraphs", "near_duplicate_documents",
)


def source_of(source_path: str) -> str:
    """The top folder of a path under raw/ (``.`` for files at the top).

    >>> source_of("added/report.txt"), source_of("a.txt")
    ('added', '.')
    """
    head, sep, _ = source_path.partition("/")
    return head if sep else "."


class Summary:
    """Accumulates the report's numbers from document, paragraph and edit rows."""

    def __init__(self) -> None:
        self.totals: Counter = Counter({k: 0 for k in TOTALS})
        self.groups: dict[str, Counter] = {k: Counter() for k in GROUPS}

    def document(self, doc: dict) -> None:
        g = self.groups
        g["status"][doc["status"]] += 1
        g["encoding"][doc["encoding"] or "none"] += 1
        g["script"][doc["script"] or "none"] += 1
        g["source"][source_of(doc["source_path"])] += 1
        g["publisher"][doc.get("publisher") or "unknown"] += 1
        self.totals.update(
            documents=1,
            paragraphs=doc["paragraph_count"],
            characters=doc["char_count"],
            damage=doc["damage"],
            edits=doc["edit_count"],
            duplicate_files=len(doc["duplicate_paths"]),
            near_duplicate_documents=doc.get("near_duplicate_of") is not None,
        )

    def paragraph(self, kind: str, duplicate_of: dict | None) -> None:
        self.paragraphs({kind: 1}, duplicate_of is not None)

    def paragraphs(self, kinds: dict[str, int], duplicates: int) -> None:
        """Paragraphs counted in bulk: how many of each kind, and how many are duplicates."""
        self.groups["kind"].update(kinds)
        self.totals["duplicate_paragraphs"] += duplicates

    def edit(self, stage: str, op: str, count: int = 1) -> None:
        self.groups["op"][f"{stage}.{op}"] += count

    def as_dict(self) -> dict:
        """Plain, sorted numbers (the metrics file's content)."""
        return {
            **{k: int(v) for k, v in sorted(self.totals.items())},
            **{name: dict(sorted(c.items())) for name, c in self.groups.items()},
        }
