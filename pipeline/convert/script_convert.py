"""Script conversion with the official OpenCC binding: only the runs that need it.

Each run of text in one source script (see :func:`pipeline.core.script.script_runs`) goes
through the OpenCC configuration :data:`CONFIG_FOR` names for its script and the target, or
through nothing when it already is in the target script. All runs of one configuration are
converted in one call (joined by line ends, which no OpenCC phrase crosses), with one
converter object per configuration for the life of the process.

Every changed span is one edit: ``op`` is the OpenCC configuration, ``before`` the
original-script text, ``after`` the converted text. Conversion is lossy (``頭髮`` and
``發現`` both give ``发``), so these edits are what keeps the source script reachable:
``undo(converted, edits)`` gives the original text back.

>>> from pipeline.core.edits import TextHistory, undo
>>> h = TextHistory("重慶市人民政府\\n重庆日报")
>>> convert_script(h, "t2s")
>>> h.text, [(e.op, e.before, e.after) for e in h.edits]
('重庆市人民政府\\n重庆日报', [('t2s', '慶', '庆')])
>>> undo(h.text, h.edits)
'重慶市人民政府\\n重庆日报'
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.edits import TextHistory
from ..core.script import SIMP_ONLY, TRAD_ONLY, present, script_runs

# Per target: the OpenCC configuration for a run in each source script (absent: left as is).
# Traditional input to the Taiwan and Hong Kong targets is already Traditional but may follow
# another region's character standard (OpenCC's 裏 羣 着, Taiwan's 裡 群 著, Hong Kong's 裏 羣
# 着), so it gets the variant pass only (t2tw, t2hk), never s2t again.
CONFIG_FOR: dict[str, dict[str, str]] = {
    "t2s": {"traditional": "t2s", "mixed": "t2s"},
    "s2t": {"simplified": "s2t", "mixed": "s2t"},
    "s2tw": {"simplified": "s2tw", "mixed": "s2tw", "traditional": "t2tw"},
    "s2twp": {"simplified": "s2twp", "mixed": "s2twp", "traditional": "t2tw"},
    "s2hk": {"simplified": "s2hk", "mixed": "s2hk", "traditional": "t2hk"},
    "keep": {},
}


@lru_cache(maxsize=None)
def converter(config: str):
    """One OpenCC converter per configuration, reused (building one reads its dictionaries)."""
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def opencc_version() -> str:
    """Version of the installed OpenCC binding (recorded with the converted text)."""
    import importlib.metadata

    for name in ("opencc", "OpenCC"):
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    import opencc

    return getattr(opencc, "__version__", "unknown")


# Changed characters with at most this many unchanged characters between them are one edit
# (頭髮 not 頭, 髮; fewer, more readable edits), but never across ASCII or Latin-1 text
# (spaces, markup), so an edit never swallows what other stages edit.
MERGE_GAP = 6
# Per character: 1 changed, 2 unchanged and mergeable, 0 unchanged ASCII / Latin-1.
CHANGED_RUN = re.compile(rb"[\x01\x03]+(?:\x02{1,%d}[\x01\x03]+)*" % MERGE_GAP)


def changed_runs(before: str, after: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the runs where two texts of equal length differ.

    At C speed: NumPy compares the UTF-32 code units and marks each character (the kinds
    above), and one regex over those marks finds the runs; no Python loop runs per character.

    >>> changed_runs("頭髮是黑色的，沒有", "头发是黑色的，没有"), changed_runs("國長 發", "国长 发")
    ([(0, 8)], [(0, 2), (3, 4)])
    >>> changed_runs("國家在很大很大的地方有鳥", "国家在很大很大的地方有鸟"), changed_runs("", "")
    ([(0, 1), (11, 12)], [])
    """
    import numpy as np

    codes_before = np.frombuffer(before.encode("utf-32-le"), dtype="<u4")
    codes_after = np.frombuffer(after.encode("utf-32-le"), dtype="<u4")
    kinds = (codes_before != codes_after).view(np.uint8) | ((codes_before > 0xFF).view(np.uint8) << 1)
    return [m.span() for m in CHANGED_RUN.finditer(kinds.tobytes())]


def diff_spans(before: str, after: str, offset: int) -> list[tuple[int, int, str]]:
    """Spans of ``before`` (shifted by ``offset``) that became something else in ``after``.

    Run by run when the lengths match (OpenCC keeps them for most text), otherwise line by
    line when both have as many lines, otherwise one span between the common prefix and suffix.

    >>> diff_spans("頭髮和發現", "头发和发现", 10)
    [(10, 15, '头发和发现')]
    >>> diff_spans("隨身碟好", "U盘好", 0), diff_spans("國\\n隨身碟好", "国\\nU盘好", 0)
    ([(0, 3, 'U盘')], [(0, 1, '国'), (2, 5, 'U盘')])
    """
    if len(before) == len(after):
        return [(offset + s, offset + e, after[s:e]) for s, e in changed_runs(before, after)]
    if "\n" in before and before.count("\n") == after.count("\n"):  # line by line
        pairs, start = [], offset
        for b, a in zip(before.split("\n"), after.split("\n")):
            pairs.append((b, a, start))
            start += len(b) + 1
        return diff_many(pairs)
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return [(offset + head, offset + len(before) - tail, after[head : len(after) - tail])]


def diff_many(pairs: list[tuple[str, str, int]]) -> list[tuple[int, int, str]]:
    """:func:`diff_spans` of each ``(before, after, offset)``, concatenated.

    Consecutive pairs of equal length (most: lines or runs that OpenCC kept 1:1) are diffed
    in one :func:`changed_runs` call over them joined by ``\\n``, which no changed run crosses
    (a line end is unchanged ASCII), so the result is the same as pair by pair.

    >>> diff_many([("國家", "国家", 0), ("隨身碟", "U盘", 3), ("發", "发", 7), ("好", "好", 9)])
    [(0, 1, '国'), (3, 6, 'U盘'), (7, 8, '发')]
    """
    spans: list[tuple[int, int, str]] = []
    group: list[tuple[str, str, int]] = []
    for pair in pairs:
        if len(pair[0]) == len(pair[1]):
            group.append(pair)
            continue
        _diff_equal_lengths(group, spans)
        group = []
        spans.extend(diff_spans(*pair))
    _diff_equal_lengths(group, spans)
    return spans


def _diff_equal_lengths(group: list[tuple[str, str, int]], spans: list[tuple[int, int, str]]) -> None:
    """Append the changed runs of pairs whose two texts have equal lengths, found in one call."""
    if len(group) <= 1:
        for before, after, offset in group:
            spans.extend((offset + s, offset + e, after[s:e]) for s, e in changed_runs(before, after))
        return
    joined_after = "\n".join(after for _, after, _ in group)
    starts, pos = [], 0  # where each pair starts in the joined texts
    for before, _, _ in group:
        starts.append(pos)
        pos += len(before) + 1
    k = 0
    for s, e in changed_runs("\n".join(before for before, _, _ in group), joined_after):
        while k + 1 < len(starts) and starts[k + 1] <= s:
            k += 1
        shift = group[k][2] - starts[k]
        spans.append((s + shift, e + shift, joined_after[s:e]))


def convert_many(texts: list[str], config: str) -> list[str]:
    """Convert several texts with one call to OpenCC (joined by line ends)."""
    if len(texts) <= 1:
        return [converter(config).convert(t) for t in texts]
    out = converter(config).convert("\n".join(texts)).split("\n")
    if len(out) != len(texts):  # not expected: OpenCC keeps line ends; be safe anyway
        out = [converter(config).convert(t) for t in texts]
    return out


def convert_script(history: TextHistory, target: str, scope: str = "needed") -> None:
    """Convert the runs of ``history.text`` that are not in ``target``: one step per config.

    With two configurations (the Taiwan and Hong Kong targets) the runs are found again
    after the first step, so the variant pass sees the text the first step made. With
    ``scope="all"`` the whole text goes through ``target`` as OpenCC itself would convert it.
    """
    if scope == "all":
        if target != "keep":
            text = history.text
            history.substitute(diff_spans(text, convert_many([text], target)[0], 0), op=target, detail=f"opencc {opencc_version()}")
        return
    plan = CONFIG_FOR[target]
    classes = present(history.text)
    if target == "t2s" and not classes & TRAD_ONLY:
        return  # no Traditional-only character: nothing to convert (most text; cheap)
    if target == "s2t" and not classes & SIMP_ONLY and classes & TRAD_ONLY:
        return  # Traditional text with no Simplified-only character
    detail = f"opencc {opencc_version()}"
    for config in dict.fromkeys(plan.values()):
        text = history.text
        runs = [(s, e) for s, e, script in script_runs(text) if plan.get(script) == config]
        befores = [text[s:e] for s, e in runs]
        pairs = [(b, a, s) for b, a, (s, _) in zip(befores, convert_many(befores, config), runs)]
        history.substitute(diff_many(pairs), op=config, detail=detail)  # every span a real change
