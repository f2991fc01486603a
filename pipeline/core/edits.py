"""Provenance of every change a stage makes to a document's text.

A stage rewrites text in *steps* (one pass of one fixer). Within a step, edits are
sorted, do not overlap, and their ``start``/``end`` are character offsets into the
text as it was *before that step*. Applying the steps in order turns the stage's
input into its output; undoing them in reverse order gives the input back. This is
what lets a user trace any published paragraph to the decoded bytes, change by change.

An edit whose ``before`` equals ``after`` changes nothing: it is a *flag* (damage we
could not repair, a guess we did not make). ``damage`` counts the characters at that
place known to be lost or unrepaired.

>>> h = TextHistory("a&amp;b")
>>> h.sub(r"&amp;", lambda m: "&", op="html_entity")
>>> h.text
'a&b'
>>> h.edits[0]
Edit(step=0, op='html_entity', start=1, end=6, before='&amp;', after='&', detail='', damage=0)
>>> replay("a&amp;b", h.edits) == h.text and undo(h.text, h.edits) == "a&amp;b"
True
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Callable, Iterable, Iterator

import pyarrow as pa

EDIT_TYPE = pa.struct(
    [
        ("step", pa.int32()),
        ("op", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("before", pa.string()),
        ("after", pa.string()),
        ("detail", pa.string()),
        ("damage", pa.int32()),
    ]
)
EDITS_TYPE = pa.list_(EDIT_TYPE)

_STEP_START = itemgetter(0, 1)  # stable: edits at one place keep their order
_START = attrgetter("start")


@dataclass(frozen=True)
class Edit:
    """One change: ``text[start:end] == before`` became ``after`` in step ``step``."""

    step: int
    op: str
    start: int
    end: int
    before: str
    after: str
    detail: str = ""
    damage: int = 0

    def as_row(self) -> dict:
        """The Parquet row of this edit (a plain dict; ``dataclasses.asdict`` deep-copies, 30x slower).

        >>> Edit(0, "x", 2, 4, "ab", "Z").as_row()["after"]
        'Z'
        """
        return self.__dict__.copy()  # exactly the fields, in order (built by __init__ or _edit)


def _edit(step: int, op: str, start: int, end: int, before: str, after: str, detail: str, damage: int) -> Edit:
    """``Edit(...)`` for the hot loops: skips the frozen dataclass's per-field ``__setattr__``
    (3x faster); the result is equal to, and hashes like, one built by ``Edit(...)``.

    >>> _edit(0, "x", 2, 4, "ab", "Z", "", 0) == Edit(0, "x", 2, 4, "ab", "Z")
    True
    """
    e = _new(Edit)
    d = e.__dict__
    d["step"], d["op"], d["start"], d["end"] = step, op, start, end
    d["before"], d["after"], d["detail"], d["damage"] = before, after, detail, damage
    return e


_new = object.__new__


def edits_from_rows(rows: Iterable[dict] | None) -> list[Edit]:
    """Rebuild edits from their Parquet rows (``None`` means no edits).

    Rows come from our own tables (exactly the fields of :class:`Edit`), so the frozen
    dataclass's per-field ``__setattr__`` guard is skipped: this runs once per edit in publish.

    >>> edits_from_rows([Edit(1, "x", 0, 1, "a", "b").as_row()]) == [Edit(1, "x", 0, 1, "a", "b")]
    True
    """
    out = []
    for row in rows or ():
        edit = object.__new__(Edit)
        edit.__dict__.update(row)
        out.append(edit)
    return out


def _by_step(edits: Iterable[Edit]) -> Iterator[tuple[int, list[Edit]]]:
    ordered = sorted(edits, key=lambda e: (e.step, e.start))
    for step, group in groupby(ordered, key=lambda e: e.step):
        yield step, list(group)


def _apply_step(text: str, edits: list[Edit], forward: bool) -> str:
    parts, pos = [], 0
    if forward:
        for e in edits:
            if text[e.start : e.end] != e.before:
                raise ValueError(f"edit {e} does not match the text {text[e.start:e.end]!r}")
            parts.append(text[pos : e.start])
            parts.append(e.after)
            pos = e.end
        parts.append(text[pos:])
        return "".join(parts)
    shift = 0  # output offset minus input offset so far
    for e in edits:
        out_start = e.start + shift
        out_end = out_start + len(e.after)
        if text[out_start:out_end] != e.after:
            raise ValueError(f"edit {e} does not match the text {text[out_start:out_end]!r}")
        parts.append(text[pos:out_start])
        parts.append(e.before)
        pos = out_end
        shift += len(e.after) - (e.end - e.start)
    parts.append(text[pos:])
    return "".join(parts)


def replay(text: str, edits: Iterable[Edit]) -> str:
    """Apply a stage's edits to its input text, step by step; returns its output."""
    for _, group in _by_step(edits):
        text = _apply_step(text, group, forward=True)
    return text


def undo(text: str, edits: Iterable[Edit]) -> str:
    """Undo a stage's edits on its output text; returns its input."""
    for _, group in reversed(list(_by_step(edits))):
        text = _apply_step(text, group, forward=False)
    return text


class BackMapper:
    """Maps offsets in a stage's output back to its input, in O(log n) per step.

    An offset inside replaced text maps to the start of what it replaced (or its end
    when ``end`` is true, for the end of a half-open span). ``below_step`` maps only
    through the steps before it: where an edit of that step stood in the stage's input.

    >>> m = BackMapper([Edit(0, "x", 2, 4, "ab", "Z")])   # "..ab.." -> "..Z.."
    >>> [m.map(p) for p in (0, 2, 3, 4)], m.map(3, end=True), m.map(2, end=True)
    ([0, 2, 4, 5], 4, 2)
    """

    def __init__(self, edits: Iterable[Edit]):
        self._build(sorted(((e.step, e.start, e.end, len(e.after)) for e in edits), key=_STEP_START))

    @classmethod
    def from_rows(cls, rows: Iterable[dict] | None) -> "BackMapper":
        """The same from edits' Parquet rows, without building :class:`Edit` objects.

        >>> BackMapper.from_rows([Edit(0, "x", 2, 4, "ab", "Z").as_row()]).map(3)
        4
        """
        mapper = cls.__new__(cls)
        mapper._build(sorted(((r["step"], r["start"], r["end"], len(r["after"])) for r in rows or ()), key=_STEP_START))
        return mapper

    def _build(self, edits: list[tuple[int, int, int, int]]) -> None:
        """``edits``: (step, start, end, length of after), sorted by step and start."""
        self._steps = []
        for step, group in reversed([(s, list(g)) for s, g in groupby(edits, key=lambda e: e[0])]):
            out_starts, out_ends, shifts_after, starts, ends = [], [], [], [], []
            shift = 0
            for _, start, end, after in group:
                out_start = start + shift
                out_starts.append(out_start)
                out_ends.append(out_start + after)
                shift += after - (end - start)
                shifts_after.append(shift)
                starts.append(start)
                ends.append(end)
            self._steps.append((step, starts, ends, out_starts, out_ends, shifts_after))

    def map(self, pos: int, *, end: bool = False, below_step: int | None = None) -> int:
        if not self._steps:  # most documents: the stage changed nothing
            return pos
        for step, starts, ends, out_starts, out_ends, shifts_after in self._steps:
            if below_step is not None and step >= below_step:
                continue
            i = bisect_right(out_starts, pos) - 1
            if i < 0:
                continue
            if end and pos == out_starts[i] < out_ends[i]:
                pos = starts[i]  # a span ending where replaced text begins excludes it
            elif pos < out_ends[i] or (end and pos == out_ends[i] and out_ends[i] > out_starts[i]):
                pos = ends[i] if end else starts[i]
            else:
                pos -= shifts_after[i]
        return pos


def map_back(pos: int, edits: Iterable[Edit], *, end: bool = False) -> int:
    """Map one offset in a stage's output to its input (see :class:`BackMapper`).

    >>> map_back(3, [Edit(0, "x", 2, 4, "ab", "Z")])
    4
    """
    return BackMapper(edits).map(pos, end=end)


class TextHistory:
    """A text and the edits that made it, one step per pass.

    >>> h = TextHistory("x  y")
    >>> h.replace([(1, 3, " ")], op="collapse_space")
    >>> h.flag(0, 1, op="suspicious", damage=1)
    >>> h.text, [(e.step, e.op) for e in h.edits]
    ('x y', [(0, 'collapse_space'), (1, 'suspicious')])
    """

    def __init__(self, text: str, first_step: int = 0):
        self.text = text
        self.edits: list[Edit] = []
        self._step = first_step

    def replace(self, spans: Iterable[tuple], op: str, detail: str = "") -> None:
        """One step: replace ``(start, end, after[, detail[, damage]])`` spans of the text.

        Spans must be sorted and must not overlap. Spans that change nothing and
        carry no damage are dropped, so a step records only real changes.
        """
        step_edits = []
        parts = []  # the new text, built in the same pass
        text, step, last_end, pos = self.text, self._step, 0, 0
        for span in spans:
            start, end, after = span[0], span[1], span[2]
            if len(span) > 3:
                span_detail = span[3] or detail
                damage = span[4] if len(span) > 4 else 0
            else:
                span_detail, damage = detail, 0
            if start < last_end:
                raise ValueError(f"overlapping edits at {start} in step {op}")
            before = text[start:end]
            last_end = end
            if before == after and not damage:
                continue
            parts.append(text[pos:start])
            parts.append(after)
            pos = end
            step_edits.append(_edit(step, op, start, end, before, after, span_detail, damage))
        if not step_edits:
            return
        parts.append(text[pos:])
        self.text = "".join(parts)
        self.edits.extend(step_edits)
        self._step += 1

    def substitute(self, spans: list[tuple[int, int, str]], op: str, detail: str = "") -> None:
        """One step like :meth:`replace`, for ``(start, end, after)`` spans already known to be
        sorted, not overlapping and each a real change (a diff's output): no check per span.

        >>> h = TextHistory("國家發展"); h.substitute([(0, 1, "国"), (2, 3, "发")], op="t2s"); h.text
        '国家发展'
        >>> h.edits[1]
        Edit(step=0, op='t2s', start=2, end=3, before='發', after='发', detail='', damage=0)
        """
        if not spans:
            return
        text, step = self.text, self._step
        parts, edits, pos = [], [], 0
        for start, end, after in spans:
            parts.append(text[pos:start])
            parts.append(after)
            pos = end
            edits.append(_edit(step, op, start, end, text[start:end], after, detail, 0))
        parts.append(text[pos:])
        self.text = "".join(parts)
        self.edits.extend(edits)
        self._step += 1

    def sub(
        self,
        pattern: str | re.Pattern,
        repl: Callable[[re.Match], str | None],
        op: str,
        detail: str = "",
    ) -> None:
        """One step: replace each match of ``pattern`` by ``repl(match)`` (``None`` keeps it)."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        spans = []
        for m in regex.finditer(self.text):
            after = repl(m)
            if after is not None:
                spans.append((m.start(), m.end(), after))
        self.replace(spans, op=op, detail=detail)

    def flag(self, start: int, end: int, op: str, detail: str = "", damage: int = 0) -> None:
        """One step that changes nothing but records a place (damage, a doubt)."""
        self.replace([(start, end, self.text[start:end], detail, damage)], op=op)



def render_spans(text: str, spans: Iterable[tuple[int, int]], edits: Iterable[Edit]) -> str:
    """The text of ``spans`` of ``text`` with the (single-step) ``edits`` inside them applied.

    This is how a segmented block's text follows from its source spans.

    >>> render_spans("  **a** b", [(2, 9)], [Edit(0, "bold", 2, 4, "**", ""), Edit(0, "bold", 5, 7, "**", "")])
    'a b'
    """
    if not edits:  # most blocks: the spans as they are
        return "".join(text[start:end] for start, end in spans)
    edits = sorted(edits, key=_START)
    out = []
    for start, end in spans:
        pos = start
        for e in edits:
            if start <= e.start and e.end <= end:
                if text[e.start : e.end] != e.before:
                    raise ValueError(f"edit {e} does not match the text {text[e.start:e.end]!r}")
                out.append(text[pos : e.start])
                out.append(e.after)
                pos = e.end
        out.append(text[pos:end])
    return "".join(out)
