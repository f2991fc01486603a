"""Runner of ``repair``."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from ..core import params as params_mod
from ..core.edits import EDITS_TYPE
from ..core.runner import Stats, run_text_stage
from . import RepairParams, repair_text


def repair_columns(text: str, params: RepairParams) -> dict:
    repaired, edits = repair_text(text, params)
    return {"text": repaired, "edits": [e.as_row() for e in edits]}


def run(input: Path, output: Path, params_path: Path, workers: int) -> Stats:
    from functools import partial

    params = params_mod.load(RepairParams, "repair", params_path)
    return run_text_stage(
        stage="repair",
        packages=("repair",),
        input=input,
        output=output,
        fn=partial(repair_columns, params=params),
        columns=[("text", pa.string()), ("edits", EDITS_TYPE)],
        params_fingerprint=params_mod.fingerprint(params),
        workers=workers,
    )
