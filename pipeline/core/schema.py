"""The published tables' contracts, read from ``schemas/*.yaml``.

A contract lists each column's name, Arrow type, nullability and meaning, plus
constraints (allowed values, pattern, uniqueness, minimum/maximum). The code builds its
pyarrow schemas from the contracts, never the other way round.

>>> parse_type("list<struct<start: int64, end: int64>>")
ListType(list<item: struct<start: int64, end: int64>>)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa

from .params import read_yaml

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
TABLES = ("documents", "paragraphs", "edits")
SCHEMA_VERSION_KEY = "wenku.schema_version"
TABLE_KEY = "wenku.table"

_SIMPLE = {
    "string": pa.string(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
}


def parse_type(text: str) -> pa.DataType:
    """Parse ``string``, ``int64``, ``list<T>``, ``struct<name: T, ...>`` into Arrow."""
    text = text.strip()
    if text in _SIMPLE:
        return _SIMPLE[text]
    m = re.fullmatch(r"(list|struct)<(.*)>", text)
    if not m:
        raise ValueError(f"unknown type {text!r}")
    kind, inner = m.groups()
    if kind == "list":
        return pa.list_(parse_type(inner))
    fields, depth, start = [], 0, 0
    for i, ch in enumerate(inner + ","):
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif ch == "," and depth == 0:
            name, _, typ = inner[start:i].partition(":")
            fields.append((name.strip(), parse_type(typ)))
            start = i + 1
    return pa.struct(fields)


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    nullable: bool
    description: str
    allowed: tuple | None = None
    pattern: str | None = None
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Contract:
    table: str
    version: int
    description: str
    columns: tuple[Column, ...]
    unique_together: tuple[tuple[str, ...], ...] = ()

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns],
            metadata={SCHEMA_VERSION_KEY: str(self.version), TABLE_KEY: self.table},
        )

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _column(spec: dict[str, Any]) -> Column:
    return Column(
        name=spec["name"],
        type=parse_type(spec["type"]),
        nullable=bool(spec.get("nullable", False)),
        description=spec["description"],
        allowed=tuple(spec["allowed"]) if "allowed" in spec else None,
        pattern=spec.get("pattern"),
        unique=bool(spec.get("unique", False)),
        minimum=spec.get("minimum"),
        maximum=spec.get("maximum"),
    )


@lru_cache(maxsize=None)
def contract(table: str, schema_dir: Path = SCHEMA_DIR) -> Contract:
    """The contract of a published table, e.g. ``contract("documents")``."""
    spec = read_yaml(schema_dir / f"{table}.yaml")
    return Contract(
        table=spec["table"],
        version=int(spec["version"]),
        description=spec["description"],
        columns=tuple(_column(c) for c in spec["columns"]),
        unique_together=tuple(tuple(u) for u in spec.get("unique_together", ())),
    )
