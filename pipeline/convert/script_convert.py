"""Script conversion with the official OpenCC binding, one edit per converted run.

>>> from pipeline.core.edits import TextHistory
>>> h = TextHistory("重慶市人民政府\\n")
>>> convert_script(h, "t2s")
>>> h.text, [(e.before, e.after) for e in h.edits]
('重庆市人民政府\\n', [('慶', '庆')])
"""

from __future__ import annotations

from functools import lru_cache

from ..core.edits import TextHistory


@lru_cache(maxsize=None)
def converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def opencc_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("opencc")


def _diff_spans(before: str, after: str, offset: int) -> list[tuple[int, int, str]]:
    """Spans where two texts differ; character by character when lengths match."""
    if len(before) != len(after):
        return [(offset, offset + len(before), after)]
    spans, i, n = [], 0, len(before)
    while i < n:
        if before[i] == after[i]:
            i += 1
            continue
        j = i
        while j < n and before[j] != after[j]:
            j += 1
        spans.append((offset + i, offset + j, after[i:j]))
        i = j
    return spans


def convert_script(history: TextHistory, config: str) -> None:
    """Convert each line with OpenCC ``config``; record one edit per changed run."""
    conv = converter(config)
    spans, offset = [], 0
    for line in history.text.split("\n"):
        out = conv.convert(line)
        if out != line:
            spans.extend(_diff_spans(line, out, offset))
        offset += len(line) + 1
    history.replace(spans, op=config, detail=f"opencc {config}")
