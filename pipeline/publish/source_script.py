"""``original_text`` of a converted document's blocks, from its script edits as columns.

The same texts as :func:`.assemble._original_script` (the reference, which the tests
compare with), built for a batch: the script conversion is undone with one slice per edit
instead of a pass over :class:`~pipeline.core.edits.Edit` objects, and every span of the
document is mapped back at once (:class:`.positions.PositionMap`). A document of
Traditional text carries an edit for nearly every converted run of characters (about 350
in a 27 KB news page), so this is most of what publish spends on such documents.

>>> doc = SourceScript("头发很长。", [0, 0], [0, 3], [2, 4], ["頭髮", "長"], ["头发", "长"], [])
>>> doc.text, doc.texts([0, 2], [2, 5], [0, 1, 2])
('頭髮很長。', ['頭髮', '很長。'])
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np

from ..core.edits import Edit, render_spans
from .positions import PositionMap


def undo_step(text: str, out_start: list[int], out_end: list[int], before: list[str], after: list[str]) -> str:
    """``text`` with one step's edits undone, each edit's ``after`` standing at
    ``text[out_start[i]:out_end[i]]`` (sorted, not overlapping): one slice per edit and one join.

    >>> undo_step("头发很长。", [0, 3], [2, 4], ["頭髮", "長"], ["头发", "长"])
    '頭髮很長。'
    """
    if "".join([text[a:b] for a, b in zip(out_start, out_end)]) != "".join(after):
        raise ValueError("the script edits do not match the converted text")
    parts: list[str] = [""] * (2 * len(before) + 1)
    parts[0::2] = [text[a:b] for a, b in zip([0, *out_end], [*out_start, len(text)])]
    parts[1::2] = before
    return "".join(parts)


class SourceScript:
    """A converted document's text before script conversion, and its blocks in it.

    ``step``, ``start``, ``end``, ``before`` and ``after`` are the document's script edits
    (those whose op is an OpenCC configuration), sorted by step, then start;
    ``segment_edits`` are its segment edits as the segment table holds them.
    """

    def __init__(self, converted: str, step, start, end, before: list[str], after: list[str], segment_edits: list[Edit]):
        step = np.asarray(step, dtype=np.int64)
        start, end = np.asarray(start, dtype=np.int64), np.asarray(end, dtype=np.int64)
        after_len = np.fromiter(map(len, after), dtype=np.int64, count=len(after))
        self.back = PositionMap(step, start, end, after_len)
        text, hi = converted, len(before)
        for _, starts, _, out_starts, out_ends, _ in self.back.steps:  # the last step first, as undone
            lo = hi - len(starts)
            text = undo_step(text, out_starts.tolist(), out_ends.tolist(), before[lo:hi], after[lo:hi])
            hi = lo
        self.text = text
        moved = [
            Edit(e.step, e.op, s, t, e.before, e.after)
            for e, s, t in zip(
                segment_edits,
                self.back.map([e.start for e in segment_edits]).tolist(),
                self.back.map([e.end for e in segment_edits], end=True).tolist(),
            )
        ]
        self.segment_edits = sorted(moved, key=lambda e: e.start)  # stable, as the reference
        self.segment_starts = [e.start for e in self.segment_edits]

    def texts(self, span_starts, span_ends, bounds: list[int]) -> list[str]:
        """The text of each block in the source's script; block ``i`` has the spans
        ``bounds[i]:bounds[i + 1]`` of ``span_starts``/``span_ends`` (offsets in the converted text)."""
        starts = self.back.map(span_starts).tolist()
        ends = self.back.map(span_ends, end=True).tolist()
        seg, seg_starts = self.segment_edits, self.segment_starts
        out = []
        for a, z in zip(bounds, bounds[1:]):
            spans = list(zip(starts[a:z], ends[a:z]))
            near = [e for s, t in spans for e in seg[bisect_left(seg_starts, s) : bisect_right(seg_starts, t)]] if seg else ()
            out.append(render_spans(self.text, spans, near))
        return out
