"""Assemble one document's published rows from the four stage outputs.

Pure: takes the document's row of each stage table, returns its ``documents`` row, its
``paragraphs`` rows and its ``edits`` rows. Spans and edit places are mapped back through
the convert and repair edits to offsets in the decoded text, so every paragraph and every
change points at the text decoded from the raw bytes.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..core import sidecar
from ..core.edits import BackMapper, Edit, edits_from_rows
from ..core.script import detect_script

STAGES = ("decode", "repair", "convert", "segment")


@dataclass
class Assembled:
    document: dict
    paragraphs: list[dict]
    edits: list[dict]


class _Paragraphs:
    """Finds which paragraph a decoded-text offset belongs to."""

    def __init__(self, spans_by_paragraph: list[list[tuple[int, int]]]):
        intervals = sorted((s, e, i) for i, spans in enumerate(spans_by_paragraph) for s, e in spans)
        self.starts = [s for s, _, _ in intervals]
        self.intervals = intervals

    def find(self, pos: int) -> int | None:
        i = bisect_right(self.starts, pos) - 1  # spans of blocks do not overlap
        if i >= 0 and pos < self.intervals[i][1]:
            return self.intervals[i][2]
        return None


def assemble(decoded: dict, repaired: dict, converted: dict, segmented: dict, context: dict) -> Assembled:
    """One document's published rows. ``context`` holds run-wide values (target script, versions)."""
    doc_id = decoded["doc_id"]
    for other in (repaired, converted, segmented):
        if other["doc_id"] != doc_id:
            raise ValueError(f"stage tables are out of step: {doc_id} beside {other['doc_id']}")
    document = {
        key: decoded[key]
        for key in (
            "doc_id source_path duplicate_paths source_sha256 source_bytes encoding encoding_confidence "
            "encoding_method encoding_runner_up encoding_runner_up_score encoding_parts"
        ).split()
    }
    document.update(sidecar.columns(decoded))
    status = segmented["status"]
    document.update(
        status=status,
        error=segmented["error"],
        pipeline_version=context["pipeline_version"],
        script=None,
        target_script=None,
        opencc_version=None,
        char_count=0,
        paragraph_count=0,
        damage=0,
        edit_count=0,
        near_duplicate_of=None,  # corpus-wide: filled by the runner
        near_duplicate_similarity=None,
    )
    if status != "ok":
        return Assembled(document, [], [])

    stage_edits = {
        "decode": edits_from_rows(decoded["edits"]),
        "repair": edits_from_rows(repaired["edits"]),
        "convert": edits_from_rows(converted["edits"]),
        "segment": edits_from_rows(segmented["edits"]),
    }
    repair_map = BackMapper(stage_edits["repair"])
    convert_map = BackMapper(stage_edits["convert"])

    def to_decoded(pos: int, stage: str, step: int | None = None, end: bool = False) -> int:
        if stage in ("segment", "convert"):
            pos = convert_map.map(pos, end=end, below_step=step if stage == "convert" else None)
        if stage != "decode":
            pos = repair_map.map(pos, end=end, below_step=step if stage == "repair" else None)
        return pos

    source = decoded["text"]
    repaired_text = repaired["text"]
    paragraphs = []
    decoded_spans = []
    for index, block in enumerate(segmented["blocks"]):
        spans = [(s["start"], s["end"]) for s in block["spans"]]
        dec = [(to_decoded(s, "segment"), to_decoded(e, "segment", end=True)) for s, e in spans]
        rep = [(convert_map.map(s), convert_map.map(e, end=True)) for s, e in spans]
        decoded_spans.append(dec)
        paragraphs.append(
            {
                "doc_id": doc_id,
                "index": index,
                "text": block["text"],
                "kind": block["kind"],
                "damage": 0,
                "spans": [{"start": s, "end": e} for s, e in dec],
                "source_text": "".join(source[s:e] for s, e in dec),
                "script": detect_script("".join(repaired_text[s:e] for s, e in rep)),
                "article": block["article"],
                "duplicate_of": None,  # corpus-wide: filled by the runner
            }
        )
    finder = _Paragraphs(decoded_spans)
    edit_rows = []
    damage = 0
    for stage in STAGES:
        for e in sorted(stage_edits[stage], key=lambda e: (e.step, e.start)):
            paragraph = finder.find(to_decoded(e.start, stage, e.step))
            if paragraph is not None:
                paragraphs[paragraph]["damage"] += e.damage
            damage += e.damage
            edit_rows.append({"doc_id": doc_id, "stage": stage, **_edit_columns(e), "paragraph": paragraph})
    document.update(
        script=converted["script"],
        target_script=context["target_script"],
        opencc_version=context["opencc_version"],
        char_count=sum(len(p["text"]) for p in paragraphs),
        paragraph_count=len(paragraphs),
        damage=damage,
        edit_count=len(edit_rows),
    )
    return Assembled(document, paragraphs, edit_rows)


def _edit_columns(e: Edit) -> dict:
    return {
        "step": e.step,
        "op": e.op,
        "start": e.start,
        "end": e.end,
        "before": e.before,
        "after": e.after,
        "detail": e.detail,
        "damage": e.damage,
    }
