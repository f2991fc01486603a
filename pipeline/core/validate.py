"""Check tables against their contracts in ``schemas/``.

Checks stream batch by batch, so a corpus of any size is validated in bounded memory
(uniqueness keeps one set of keys per unique column). Every problem names the table,
the column and the row.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .schema import SCHEMA_VERSION_KEY, TABLES, Contract, contract

MAX_REPORTED = 20


class ContractViolation(ValueError):
    """A table does not conform to its contract."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_REPORTED]
        more = f"\n... and {len(problems) - MAX_REPORTED} more" if len(problems) > MAX_REPORTED else ""
        super().__init__("\n".join(shown) + more)


class TableChecker:
    """Validates consecutive batches of one table against its contract."""

    def __init__(self, contract: Contract):
        self.contract = contract
        self.rows = 0
        self.seen: dict[str, set] = defaultdict(set)
        self.problems: list[str] = []

    def _problem(self, column: str, row: int, what: str) -> None:
        if len(self.problems) < 10 * MAX_REPORTED:
            self.problems.append(f"{self.contract.table}: column {column!r}, row {row}: {what}")

    def check(self, batch: pa.Table) -> None:
        name = self.contract.table
        expected = self.contract.schema
        for field in expected:
            if field.name not in batch.column_names:
                self.problems.append(f"{name}: column {field.name!r} is missing")
            elif not batch.schema.field(field.name).type.equals(field.type):
                self.problems.append(
                    f"{name}: column {field.name!r} has type {batch.schema.field(field.name).type}, "
                    f"the contract says {field.type}"
                )
        if self.problems:
            return
        for col in self.contract.columns:
            values = batch.column(col.name)
            self._check_column(col, values)
        for columns in self.contract.unique_together:
            keys = zip(*(batch.column(c).to_pylist() for c in columns))
            for i, key in enumerate(keys):
                if key in self.seen[columns]:
                    self._problem("+".join(columns), self.rows + i, f"duplicate value {key!r}")
                self.seen[columns].add(key)
        self.rows += batch.num_rows

    def _check_column(self, col, values: pa.ChunkedArray) -> None:
        def rows_where(mask) -> list[int]:
            if not pc.any(mask).as_py():  # the common case: nothing wrong, no Python loop
                return []
            return [i for i, bad in enumerate(mask.to_pylist()) if bad]

        if not col.nullable and values.null_count:
            for i in rows_where(pc.is_null(values)):
                self._problem(col.name, self.rows + i, "is null, the contract says it may not be")
        if col.allowed is not None:
            bad = pc.and_(pc.invert(pc.is_in(values, value_set=pa.array(col.allowed))), pc.is_valid(values))
            for i in rows_where(bad):
                self._problem(col.name, self.rows + i, f"value {values[i].as_py()!r} is not one of {list(col.allowed)}")
        if col.pattern is not None:
            bad = pc.invert(pc.fill_null(pc.match_substring_regex(values, col.pattern), True))
            for i in rows_where(bad):
                self._problem(col.name, self.rows + i, f"value {values[i].as_py()!r} does not match {col.pattern}")
        if col.minimum is not None:
            for i in rows_where(pc.fill_null(pc.less(values, col.minimum), False)):
                self._problem(col.name, self.rows + i, f"value {values[i].as_py()!r} is below {col.minimum}")
        if col.maximum is not None:
            for i in rows_where(pc.fill_null(pc.greater(values, col.maximum), False)):
                self._problem(col.name, self.rows + i, f"value {values[i].as_py()!r} is above {col.maximum}")
        if col.unique:
            for i, v in enumerate(values.to_pylist()):
                if v in self.seen[col.name]:
                    self._problem(col.name, self.rows + i, f"duplicate value {v!r}, the contract says unique")
                self.seen[col.name].add(v)

    def raise_if_bad(self) -> None:
        if self.problems:
            raise ContractViolation(self.problems)


def validate_corpus(root: Path) -> list[str]:
    """Problems of a published corpus at ``root`` (empty when it conforms)."""
    problems: list[str] = []
    if not root.is_dir():
        return [f"{root}: not a directory; give the folder holding documents/, paragraphs/ and edits/"]
    paragraph_counts: dict[str, int] = {}
    ok_docs: dict[str, int] = {}
    all_docs: set[str] = set()
    for table in TABLES:
        folder = root / table
        files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
        if not files:
            problems.append(f"{table}: no Parquet files in {folder}")
            continue
        checker = TableChecker(contract(table))
        want = str(contract(table).version)
        for path in files:
            import pyarrow.parquet as pq

            meta = pq.read_schema(path).metadata or {}
            got = meta.get(SCHEMA_VERSION_KEY.encode(), b"").decode()
            if got != want:
                problems.append(f"{table}: {path.name} has schema version {got or 'none'}, expected {want}")
        import pyarrow.dataset as ds  # slow to import (pulls in pandas); only whole-corpus checks need it

        dataset = ds.dataset(files, format="parquet")
        expected_index: dict[str, int] = {}
        for batch in dataset.to_batches(batch_size=8192):
            table_batch = pa.Table.from_batches([batch])
            start = checker.rows
            checker.check(table_batch)
            if checker.problems:
                break
            if table == "documents":
                for d, s, n in zip(*(table_batch.column(c).to_pylist() for c in ("doc_id", "status", "paragraph_count"))):
                    all_docs.add(d)
                    if s == "ok":
                        ok_docs[d] = n
            elif table == "paragraphs":
                for i, (d, idx) in enumerate(zip(*(table_batch.column(c).to_pylist() for c in ("doc_id", "index")))):
                    if d not in ok_docs:
                        problems.append(f"paragraphs: row {start + i}: doc_id {d} is not a document with status ok")
                    elif idx != expected_index.get(d, 0):
                        problems.append(f"paragraphs: row {start + i}: index {idx} of {d}, expected {expected_index.get(d, 0)} (indices are contiguous, in order)")
                    expected_index[d] = idx + 1
                    paragraph_counts[d] = paragraph_counts.get(d, 0) + 1
            elif table == "edits":
                for i, d in enumerate(table_batch.column("doc_id").to_pylist()):
                    if d not in all_docs:
                        problems.append(f"edits: row {start + i}: doc_id {d} is not in documents")
        problems.extend(checker.problems)
    for d, n in ok_docs.items():
        if paragraph_counts.get(d, 0) != n:
            problems.append(f"documents: {d} says paragraph_count {n}, paragraphs holds {paragraph_counts.get(d, 0)}")
    return problems[: 10 * MAX_REPORTED]
