"""Assemble one document's published rows from the four stage outputs.

Pure: takes the document's row of each stage table, returns its ``documents`` row, its
``paragraphs`` rows and its ``edits`` rows. Spans and edit places are mapped back through
the convert and repair edits to offsets in the decoded text, so every paragraph and every
change points at the text decoded from the raw bytes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import itemgetter

from ..core import sidecar
from ..core.edits import BackMapper, Edit, edits_from_rows, render_spans, undo
from ..core.script import CONVERSION_OPS, detect_script

STAGES = ("decode", "repair", "convert", "segment")
_STEP_START = itemgetter("step", "start")


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

    stage_rows = {
        "decode": decoded["edits"] or [],
        "repair": repaired["edits"] or [],
        "convert": converted["edits"] or [],
        "segment": segmented["edits"] or [],
    }
    repair_map = BackMapper.from_rows(stage_rows["repair"])
    convert_map = BackMapper.from_rows(stage_rows["convert"])

    def to_decoded(pos: int, stage: str, step: int | None = None, end: bool = False) -> int:
        if stage in ("segment", "convert"):
            pos = convert_map.map(pos, end=end, below_step=step if stage == "convert" else None)
        if stage != "decode":
            pos = repair_map.map(pos, end=end, below_step=step if stage == "repair" else None)
        return pos

    source = decoded["text"]
    repaired_text = repaired["text"]
    original_text = _original_script(converted["text"], edits_from_rows(stage_rows["convert"]), edits_from_rows(stage_rows["segment"]))
    paragraphs = []
    decoded_spans = []
    for index, block in enumerate(segmented["blocks"]):
        spans = [(s["start"], s["end"]) for s in block["spans"]]
        # segment spans -> repaired text (through convert) -> decoded text (through repair)
        rep = [(convert_map.map(s), convert_map.map(e, end=True)) for s, e in spans]
        dec = [(repair_map.map(s), repair_map.map(e, end=True)) for s, e in rep]
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
                "original_text": original_text(spans) if original_text else block["text"],
                "article": block["article"],
                "duplicate_of": None,  # corpus-wide: filled by the runner
            }
        )
    finder = _Paragraphs(decoded_spans)
    edit_rows = []
    damage = 0
    for stage in STAGES:  # edit rows pass through as they are, with their place added
        for e in sorted(stage_rows[stage], key=_STEP_START):
            paragraph = finder.find(to_decoded(e["start"], stage, e["step"]))
            if paragraph is not None:
                paragraphs[paragraph]["damage"] += e["damage"]
            damage += e["damage"]
            edit_rows.append({"doc_id": doc_id, "stage": stage, **e, "paragraph": paragraph})
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


def _original_script(converted_text: str, convert_edits: list[Edit], segment_edits: list[Edit]):
    """A function from a block's spans to its text in the source's script, or None when the
    convert stage changed no script. Script conversion is the last step of convert, so
    undoing its edits alone gives the normalized text before it."""
    script_edits = [e for e in convert_edits if e.op in CONVERSION_OPS]
    if not script_edits:
        return None
    before = undo(converted_text, script_edits)
    back = BackMapper(script_edits)
    seg = sorted(
        (Edit(e.step, e.op, back.map(e.start), back.map(e.end, end=True), e.before, e.after) for e in segment_edits),
        key=lambda e: e.start,
    )
    seg_starts = [e.start for e in seg]

    def text_of(spans: list[tuple[int, int]]) -> str:
        spans = [(back.map(s), back.map(e, end=True)) for s, e in spans]
        near = [e for s, end in spans for e in seg[bisect_left(seg_starts, s) : bisect_right(seg_starts, end)]]
        return render_spans(before, spans, near)

    return text_of

