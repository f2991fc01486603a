"""Offsets in a stage's output mapped back to its input, many at once (numpy).

The same mapping as :class:`pipeline.core.edits.BackMapper` (an offset inside replaced
text maps to the start of what it replaced, or its end for the end of a span; a
``below`` step limit maps only through the steps before it), vectorised over arrays of
offsets, so publish maps every span and edit of a document in a few numpy calls.

>>> m = PositionMap(np.array([0]), np.array([2]), np.array([4]), np.array([1]))  # "..ab.." -> "..Z.."
>>> m.map(np.array([0, 2, 3, 4])).tolist(), m.map(np.array([3, 2]), end=True).tolist()
([0, 2, 4, 5], [4, 2])
"""

from __future__ import annotations

import numpy as np

NO_LIMIT = np.iinfo(np.int64).max


class PositionMap:
    """Built from a stage's edits: ``step``, ``start``, ``end`` and ``len(after)`` arrays,
    sorted by step, then start (within a step, edits do not overlap)."""

    def __init__(self, step: np.ndarray, start: np.ndarray, end: np.ndarray, after_len: np.ndarray):
        self.steps = []  # last step first, as they are undone
        if not len(step):
            return
        bounds = np.flatnonzero(np.diff(step)) + 1
        for lo, hi in reversed(list(zip(np.r_[0, bounds], np.r_[bounds, len(step)]))):
            starts, ends, after = start[lo:hi], end[lo:hi], after_len[lo:hi]
            shifts_after = np.cumsum(after - (ends - starts))
            out_starts = starts + shifts_after - (after - (ends - starts))
            self.steps.append((int(step[lo]), starts, ends, out_starts, out_starts + after, shifts_after))

    def map(self, pos: np.ndarray, *, end: bool = False, below: np.ndarray | None = None) -> np.ndarray:
        """``pos`` (int64) mapped to the stage's input; ``below[i]`` limits the steps of ``pos[i]``."""
        pos = np.array(pos, dtype=np.int64)
        for step, starts, ends, out_starts, out_ends, shifts_after in self.steps:
            i = np.searchsorted(out_starts, pos, side="right") - 1
            hit = i >= 0
            if below is not None:
                hit &= step < below
            if not hit.any():
                continue
            i = np.maximum(i, 0)
            o_start, o_end = out_starts[i], out_ends[i]
            inside = pos < o_end
            if end:
                at_start = hit & (pos == o_start) & (o_start < o_end)
                inside = hit & ~at_start & (inside | ((pos == o_end) & (o_end > o_start)))
                pos = np.where(at_start, starts[i], np.where(inside, ends[i], pos))
            else:
                inside &= hit
                pos = np.where(inside, starts[i], pos)
            pos = np.where(hit & ~inside & ~(at_start if end else False), pos - shifts_after[i], pos)
        return pos
