"""Runner of ``convert``."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pyarrow as pa

from ..core import params as params_mod
from ..core.edits import EDITS_TYPE
from ..core.runner import Stats, run_text_stage
from . import ConvertParams, convert_text, opencc_version


def convert_columns(text: str, params: ConvertParams) -> dict:
    result = convert_text(text, params)
    return {"text": result.text, "edits": [e.as_row() for e in result.edits], "script": result.script}


def run(input: Path, output: Path, params_path: Path, workers: int) -> Stats:
    params = params_mod.load(ConvertParams, "convert", params_path)
    return run_text_stage(
        stage="convert",
        packages=("convert",),
        input=input,
        output=output,
        fn=partial(convert_columns, params=params),
        columns=[("text", pa.string()), ("edits", EDITS_TYPE), ("script", pa.string())],
        params_fingerprint=params_mod.fingerprint(params),
        workers=workers,
        metadata={"wenku.target_script": params.target, "wenku.opencc_version": opencc_version()},
    )
