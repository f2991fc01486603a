"""``wenku stats``: the corpus report, read from a published corpus.

The numbers are those ``publish`` writes to ``reports/corpus.json`` (``dvc metrics show``),
computed by the same :class:`pipeline.core.summary.Summary` from the published tables, so
they work on any copy of a corpus (a ``dvc import``, a tagged version).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds

from ..core.summary import DOCUMENT_COLUMNS, GROUPS, Summary

COLUMNS = {"documents": DOCUMENT_COLUMNS, "paragraphs": ["kind", "duplicate_of"], "edits": ["stage", "op"]}
TITLES = {
    "status": "documents by status", "encoding": "documents by encoding", "script": "documents by script",
    "source": "documents by source (folder under raw/)", "publisher": "documents by publisher",
    "kind": "paragraphs by kind", "op": "edits by stage.kind (repairs and flags)",
}


def corpus_stats(root: Path) -> dict:
    """The report's numbers for the corpus at ``root`` (documents/, paragraphs/, edits/)."""
    summary = Summary()
    feed = {
        "documents": summary.document,
        "paragraphs": lambda row: summary.paragraph(row["kind"], row["duplicate_of"]),
        "edits": lambda row: summary.edit(row["stage"], row["op"]),
    }
    for table, columns in COLUMNS.items():
        folder = root / table
        if not folder.is_dir():
            raise FileNotFoundError(2, "no published table here", str(folder))
        for batch in ds.dataset(folder, format="parquet").to_batches(columns=columns, batch_size=8192):
            for row in batch.to_pylist():
                feed[table](row)
    return summary.as_dict()


def render(summary: dict) -> str:
    """The report as text: totals, then one small table per grouping.

    >>> print(render({"documents": 2, "status": {"ok": 2}}))
    documents  2
    <BLANKLINE>
    documents by status
      ok  2
    """
    totals = {k: v for k, v in summary.items() if not isinstance(v, dict)}
    width = max(map(len, totals), default=0)
    lines = [f"{k:<{width}}  {v:,}" for k, v in totals.items()]
    for group in GROUPS:
        counts = summary.get(group)
        if counts is None:
            continue
        lines += ["", TITLES[group]]
        if counts:
            w = max(map(len, counts))
            lines += [f"  {k:<{w}}  {v:,}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        else:
            lines.append("  (none)")
    return "\n".join(lines)
