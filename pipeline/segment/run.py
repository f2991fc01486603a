"""Runner of ``segment``."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pyarrow as pa

from ..core import params as params_mod
from ..core.edits import EDITS_TYPE
from ..core.runner import Stats, run_text_stage
from . import SegmentParams, segment_text

BLOCK_TYPE = pa.struct(
    [
        ("text", pa.string()),
        ("kind", pa.string()),
        ("spans", pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64())]))),
        ("article", pa.int64()),
    ]
)


def segment_columns(text: str, params: SegmentParams) -> dict:
    blocks, edits = segment_text(text, params)
    return {
        "blocks": [
            {"text": b.text, "kind": b.kind, "spans": [{"start": s, "end": e} for s, e in b.spans], "article": b.article}
            for b in blocks
        ],
        "edits": [e.as_row() for e in edits],
    }


def run(input: Path, output: Path, params_path: Path, workers: int) -> Stats:
    params = params_mod.load(SegmentParams, "segment", params_path)
    return run_text_stage(
        stage="segment",
        packages=("segment",),
        input=input,
        output=output,
        fn=partial(segment_columns, params=params),
        columns=[("blocks", pa.list_(BLOCK_TYPE)), ("edits", EDITS_TYPE)],
        params_fingerprint=params_mod.fingerprint(params),
        workers=workers,
    )
