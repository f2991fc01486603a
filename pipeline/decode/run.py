"""Runner of ``decode``: list raw/, group identical files, decode each document once."""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path

import pyarrow as pa

from ..core import params as params_mod
from ..core.edits import EDITS_TYPE, Edit
from ..core.runner import Stats, cache_key, code_version, run_stage
from ..core.schema import contract
from .detect import decode_bytes
from .params import DecodeParams

SIDECAR_SUFFIX = ".meta.json"
DOC_COLUMNS = (
    "doc_id source_path duplicate_paths source_sha256 source_bytes status error encoding "
    "encoding_confidence encoding_method encoding_runner_up encoding_runner_up_score encoding_parts"
).split()


def output_schema() -> pa.Schema:
    documents = contract("documents")
    return pa.schema(
        [pa.field(c, documents.column(c).type, documents.column(c).nullable) for c in DOC_COLUMNS]
        + [("cache_key", pa.string()), ("text", pa.string()), ("edits", EDITS_TYPE)]
    )


def is_document(relative: Path) -> bool:
    """Hidden files and sidecar metadata files are not documents.

    >>> [is_document(Path(p)) for p in ("a/b.txt", ".git/x", "a/.DS_Store", "b.txt.meta.json")]
    [True, False, False, False]
    """
    return not any(part.startswith(".") for part in relative.parts) and not relative.name.endswith(SIDECAR_SUFFIX)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def list_documents(raw_root: Path) -> list[dict]:
    """One row per distinct content under ``raw_root``, sorted by doc_id."""
    groups: dict[str, list[str]] = {}
    sizes: dict[str, int] = {}
    for path in sorted(raw_root.rglob("*")):
        relative = path.relative_to(raw_root)
        if not is_document(relative) or not path.is_file():
            continue
        sha = sha256_file(path)
        groups.setdefault(sha, []).append(relative.as_posix())
        sizes[sha] = path.stat().st_size
    rows = []
    for sha, paths in groups.items():
        paths.sort()
        rows.append(
            {
                "doc_id": sha[:16],
                "source_sha256": sha,
                "source_path": paths[0],
                "duplicate_paths": paths[1:],
                "source_bytes": sizes[sha],
                "cache_key": cache_key(sha, *paths),
            }
        )
    rows.sort(key=lambda r: r["doc_id"])
    return rows


def decode_row(row: dict, raw_root: Path, params: DecodeParams) -> dict:
    """Decode one document row (reads its bytes from ``raw_root``)."""
    raw = (raw_root / row["source_path"]).read_bytes()
    result = decode_bytes(raw, params)
    edits = [
        Edit(0, "undecodable_bytes", pos, pos + 1, "\ufffd", "\ufffd", f"bytes {bad.hex(' ')} at byte {byte_pos}", 1).as_row()
        for pos, byte_pos, bad in result.undecodable
    ]
    out = {k: row[k] for k in ("doc_id", "source_path", "duplicate_paths", "source_sha256", "source_bytes")}
    out.update(
        status="rejected" if result.error else "ok",
        error=result.error,
        encoding=result.encoding,
        encoding_confidence=result.confidence,
        encoding_method=result.method,
        encoding_runner_up=result.runner_up,
        encoding_runner_up_score=result.runner_up_score,
        encoding_parts=[vars(p) for p in result.parts],
        text=result.text if not result.error else None,
        edits=edits,
    )
    return out


def run(raw_root: Path, output: Path, params_path: Path, workers: int) -> Stats:
    params = params_mod.load(DecodeParams, "decode", params_path)
    rows = list_documents(raw_root)
    return run_stage(
        stage="decode",
        rows=rows,
        process=partial(decode_row, raw_root=raw_root, params=params),
        schema=output_schema(),
        output=output,
        key_parts=(params_mod.fingerprint(params), code_version("decode")),
        workers=workers,
    )
