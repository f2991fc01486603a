"""Runner of ``decode``: list raw/, group identical files, decode each document once."""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path

import pyarrow as pa

from ..core import params as params_mod
from ..core import sidecar, tables
from ..core.rawdir import Sha256Cache, is_document, raw_files
from ..core.edits import EDITS_TYPE, Edit
from ..core.runner import Stats, cache_key, code_version, table_of_rows
from ..core.shards import run_sharded_stage
from ..core.schema import contract
from .detect import decode_bytes
from .params import DecodeParams

DOC_COLUMNS = (
    "doc_id source_path duplicate_paths source_sha256 source_bytes status error encoding "
    "encoding_confidence encoding_method encoding_runner_up encoding_runner_up_score encoding_parts"
).split() + list(sidecar.FIELDS)


def output_schema() -> pa.Schema:
    documents = contract("documents")
    return pa.schema(
        [pa.field(c, documents.column(c).type, documents.column(c).nullable) for c in DOC_COLUMNS]
        + [("cache_key", pa.string()), ("text", pa.string()), ("edits", EDITS_TYPE)]
    )


def read_metadata(raw_root: Path, paths: list[str], sidecars: set[str]) -> tuple[dict, str | None, str]:
    """The sidecar metadata of a document (of its first path that has a sidecar).

    Returns (metadata, error, digest of the sidecar text for the cache key).
    """
    for relative in paths:
        name = relative + sidecar.SUFFIX
        if name in sidecars:
            text = (raw_root / name).read_bytes()
            digest = hashlib.sha256(text).hexdigest()
            try:
                return sidecar.parse(text.decode("utf-8")), None, digest
            except (sidecar.SidecarError, UnicodeDecodeError) as exc:
                return {}, f"metadata file raw/{name} is invalid: {exc}; fix or delete it", digest
    return {}, None, ""


HASH_CACHE = ".raw-sha256.json"  # beside the stage outputs: interim/.raw-sha256.json (not an output)


def list_documents(raw_root: Path, hash_cache: Path | None = None) -> list[dict]:
    """One row per distinct content under ``raw_root``, sorted by doc_id (files hashed
    again only when changed, if ``hash_cache`` names a :class:`Sha256Cache` file)."""
    hashes = Sha256Cache(hash_cache, raw_root)
    groups: dict[str, list[str]] = {}
    sizes: dict[str, int] = {}
    sidecars: set[str] = set()
    for relative, st in raw_files(raw_root):
        if relative.endswith(sidecar.SUFFIX):
            sidecars.add(relative)
        if not is_document(relative):
            continue
        sha = hashes.sha256(relative, st)
        groups.setdefault(sha, []).append(relative)
        sizes[sha] = st.st_size
    hashes.save()
    rows = []
    for sha, paths in groups.items():
        paths.sort()
        meta, meta_error, meta_digest = read_metadata(raw_root, paths, sidecars)
        rows.append(
            {
                "doc_id": sha[:16],
                "source_sha256": sha,
                "source_path": paths[0],
                "duplicate_paths": paths[1:],
                "source_bytes": sizes[sha],
                "cache_key": cache_key(sha, *paths, meta_digest),
                "meta": meta,
                "meta_error": meta_error,
            }
        )
    rows.sort(key=lambda r: r["doc_id"])
    return rows


def decode_row(row: dict, raw_root: Path, params: DecodeParams) -> dict:
    """Decode one document row (reads its bytes from ``raw_root``)."""
    out = {k: row[k] for k in ("doc_id", "source_path", "duplicate_paths", "source_sha256", "source_bytes")}
    out.update(sidecar.columns(row.get("meta")))
    if row.get("meta_error"):
        return {**out, "status": "rejected", "error": row["meta_error"], "encoding_parts": [], "edits": []}
    raw = (raw_root / row["source_path"]).read_bytes()
    result = decode_bytes(raw, params)
    edits = [
        Edit(0, "undecodable_bytes", pos, pos + 1, "\ufffd", "\ufffd", f"bytes {bad.hex(' ')} at byte {byte_pos}", 1).as_row()
        for pos, byte_pos, bad in result.undecodable
    ]
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
    rows = list_documents(raw_root, output.parent / HASH_CACHE)
    schema = output_schema()
    return run_sharded_stage(
        stage="decode",
        rows=lambda: rows,
        process_batch=partial(table_of_rows, fn=partial(decode_row, raw_root=raw_root, params=params), schema=schema),
        schema=schema,
        output=output,
        suffix=tables.STAGE_SUFFIX,
        key_parts=(params_mod.fingerprint(params), code_version("decode")),
        workers=workers,
    )
