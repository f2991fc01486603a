"""``params.yaml``: the single source of configuration, one section per stage.

A stage declares its section as a frozen dataclass whose field defaults are the
documented defaults. Loading fails at start, with the key named, on an unknown key or a
value of the wrong type, so a typo never silently falls back to a default.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Demo:
...     workers: int = 0
>>> from_mapping(Demo, "run", {"workers": 2})
Demo(workers=2)
>>> from_mapping(Demo, "run", {"wrokers": 2})
Traceback (most recent call last):
...
pipeline.core.params.ParamsError: params.yaml: unknown key 'run.wrokers' (known: workers)
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

import yaml

T = TypeVar("T")
PARAMS_FILE = Path("params.yaml")


class ParamsError(ValueError):
    """params.yaml does not fit what a stage expects."""


def from_mapping(cls: type[T], section: str, values: dict[str, Any] | None) -> T:
    """Build the dataclass ``cls`` from one section of params.yaml, checking every key."""
    values = dict(values or {})
    hints = get_type_hints(cls)
    known = [f.name for f in dataclasses.fields(cls)]
    for key, value in values.items():
        if key not in known:
            raise ParamsError(f"params.yaml: unknown key '{section}.{key}' (known: {', '.join(known)})")
        expected = hints[key]
        origin = getattr(expected, "__origin__", expected)
        if origin is float and isinstance(value, int) and not isinstance(value, bool):
            values[key] = float(value)
        elif origin in (list, tuple) and isinstance(value, list):
            values[key] = tuple(value) if origin is tuple else value
        elif isinstance(origin, type) and not isinstance(value, origin):
            raise ParamsError(
                f"params.yaml: '{section}.{key}' must be {origin.__name__}, got {value!r}"
            )
    return cls(**values)


#: libyaml's loader where PyYAML has it (ten times faster; every stage process reads YAML)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The YAML file at ``path``, loaded safely.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "p.yaml").write_text("a: 1\\n")
    ...     read_yaml(Path(d) / "p.yaml")
    {'a': 1}
    """
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        _READ[key] = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return copy.deepcopy(_READ[key])  # a stage reads params.yaml twice: parse it once


_READ: dict[tuple, Any] = {}


def load(cls: type[T], section: str, path: Path = PARAMS_FILE) -> T:
    """Load ``section`` of the params file at ``path`` into ``cls``."""
    if not path.exists():
        raise ParamsError(f"{path}: not found; run from the project root, where params.yaml is")
    data = read_yaml(path) or {}
    return from_mapping(cls, section, data.get(section))


def fingerprint(params: Any) -> str:
    """A short stable hash of a params dataclass, for cache keys.

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class P:
    ...     a: int = 1
    >>> fingerprint(P()) == fingerprint(P()) != fingerprint(P(a=2))
    True
    """
    blob = json.dumps(dataclasses.asdict(params), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def worker_count(requested: int) -> int:
    """``0`` means one worker per core."""
    return requested if requested > 0 else (os.cpu_count() or 1)
