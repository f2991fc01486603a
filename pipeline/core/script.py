"""Which script a text is in, from the characters that exist in only one script.

The tables come from OpenCC and the two national character sets (computed once per OpenCC
version and shipped, see :func:`script_tables`):

- *Traditional-only*: OpenCC ``t2s`` changes the character on its own, and it is not in
  GB 2312 (the Simplified standard). ``拚``, ``後``, ``於``, ``乾``, ``徵`` are converted by
  ``t2s`` but are valid Simplified characters (拚命, 皇后 vs 後, 於 as a surname, 乾坤), so
  they count for neither script.
- *Simplified-only*: OpenCC ``s2t``, ``s2tw`` and ``s2hk`` all change it, and it is not in
  Big5 (the Traditional standard). ``后 干 面 台 里 范 游 群 峰 准 余 于 云`` are converted by
  ``s2t`` but are valid Traditional characters too (皇后, 干戈, 台, 里程, 姓范, 游泳, 群 in
  Taiwan), and ``户 温 税 脱`` are Hong Kong's standard forms, so they count for neither.

A text's script is decided line by line (a line is a paragraph of the source): a line
whose script-specific characters are at least 80% of one script is in that script, a
minority under 20% is noise (a quoted name, a variant). A text is ``mixed`` only when it
holds lines of both scripts with real evidence (:data:`MIN_EVIDENCE` characters each), such
as a Traditional paragraph in a Simplified document; Han text with no script-specific
character at all is valid Simplified, so it is ``simplified``.

>>> detect_script("重庆市人民政府"), detect_script("重慶市人民政府"), detect_script("2024 AI")
('simplified', 'traditional', 'none')
>>> detect_script("皇后拚命干活，面条在里面"), detect_script("重庆市经济发展报告\\n臺灣聯合報記者報導")
('simplified', 'mixed')
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
HAN = re.compile(f"[{HAN_CLASS}]")
# Japanese kana: a clause with kana in at least a tenth of its characters is Japanese,
# neither evidence nor converted (a lone kana in Chinese text is mojibake, not Japanese).
KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
KANA_SHARE = 0.1
MIXED_MINORITY = 0.2
MIN_EVIDENCE = 4
SCRIPTS = ("simplified", "traditional", "mixed", "none")
# Edit ops of script conversion (the OpenCC configurations ``convert`` may apply).
CONVERSION_OPS = frozenset({"t2s", "s2t", "s2tw", "s2twp", "s2hk", "t2tw", "t2hk"})
# Where a line may be cut without cutting an OpenCC phrase (its keys hold only Han
# characters, Latin letters, ``-`` and ``·``).
CLAUSE_END = re.compile(r"[\s，。！？；：、,.!?;:（）()《》〈〉「」『』“”‘’【】\[\]]+")


def _in_charset(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


TABLES_FILE = Path(__file__).resolve().parent / "data" / "script_tables.txt"


@lru_cache(maxsize=1)
def script_tables() -> tuple[frozenset[str], frozenset[str]]:
    """(traditional-only, simplified-only) characters, per the installed OpenCC.

    Read from ``data/script_tables.txt`` when that was built with the installed OpenCC
    version (milliseconds), else computed (about 0.7 s: four OpenCC configurations
    are loaded and freed).

    >>> trad, simp = script_tables()
    >>> [c in trad for c in "慶發拚後乾"], [c in simp for c in "庆发后干面台里群户"]
    ([True, True, False, False, False], [True, True, False, False, False, False, False, False, False])
    """
    return shipped_script_tables() or compute_script_tables()


def shipped_script_tables() -> tuple[frozenset[str], frozenset[str]] | None:
    """The tables of ``data/script_tables.txt``, or None if it is for another OpenCC."""
    try:
        header, trad, simp = TABLES_FILE.read_text(encoding="utf-8").split("\n")[:3]
    except (OSError, ValueError):
        return None
    if header != f"# opencc {_opencc_version()}":
        return None
    return frozenset(trad.removeprefix("traditional\t")), frozenset(simp.removeprefix("simplified\t"))


def write_script_tables() -> Path:
    """Compute the tables with the installed OpenCC and write ``data/script_tables.txt``."""
    trad, simp = compute_script_tables()
    lines = [f"# opencc {_opencc_version()}", "traditional\t" + "".join(sorted(trad)), "simplified\t" + "".join(sorted(simp))]
    TABLES_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return TABLES_FILE


def _opencc_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("opencc")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def compute_script_tables() -> tuple[frozenset[str], frozenset[str]]:
    """The tables, from the installed OpenCC and Python's GB 2312 and Big5 codecs."""
    import opencc

    chars = [chr(c) for c in range(0x4E00, 0xA000)] + [chr(c) for c in range(0x3400, 0x4DC0)]
    joined = "\n".join(chars)
    t2s = opencc.OpenCC("t2s").convert(joined).split("\n")
    trad = {c for c, s in zip(chars, t2s) if s != c and not _in_charset(c, "gb2312")}
    kept = [opencc.OpenCC(config).convert(joined).split("\n") for config in ("s2t", "s2tw", "s2hk")]
    simp = {c for c, *ts in zip(chars, *kept) if c not in ts and not _in_charset(c, "big5")}
    return frozenset(trad - simp), frozenset(simp - trad)


@lru_cache(maxsize=1)
def script_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Regexes matching one Traditional-only / Simplified-only character (fast to count)."""
    trad, simp = script_tables()
    return (re.compile("[" + "".join(sorted(trad)) + "]"), re.compile("[" + "".join(sorted(simp)) + "]"))


def script_counts(text: str) -> tuple[int, int, int]:
    """(Han characters, Traditional-only, Simplified-only) in ``text`` (the first is cheaper
    to test with ``HAN.search``).

    >>> script_counts("頭髮和头发 ok")
    (5, 2, 2)
    """
    trad, simp = script_patterns()
    return len(HAN.findall(text)), len(trad.findall(text)), len(simp.findall(text))


def dominant(trad: int, simp: int) -> str | None:
    """The script of one line from its evidence: None when it has none.

    >>> dominant(0, 0), dominant(5, 0), dominant(30, 1), dominant(10, 10), dominant(1, 20)
    (None, 'traditional', 'traditional', 'mixed', 'simplified')
    """
    total = trad + simp
    if total == 0:
        return None
    if trad >= (1 - MIXED_MINORITY) * total:
        return "traditional"
    if simp >= (1 - MIXED_MINORITY) * total:
        return "simplified"
    return "mixed"


def classify(han: int, trad: int, simp: int) -> str:
    """Script of a text from its counts alone (no line structure).

    >>> classify(0, 0, 0), classify(10, 0, 0), classify(10, 5, 0), classify(100, 30, 1), classify(100, 10, 10)
    ('none', 'simplified', 'traditional', 'traditional', 'mixed')
    """
    if han == 0:
        return "none"
    return dominant(trad, simp) or "simplified"


def is_japanese(clause: str) -> bool:
    """Whether a clause is Japanese (kana in at least :data:`KANA_SHARE` of it).

    >>> is_japanese("東京都の天気は晴れです。"), is_japanese("？。ň牛┳ッ裆k實事暖民心，")
    (True, False)
    """
    kana = len(KANA.findall(clause))
    return kana > 0 and kana >= KANA_SHARE * len(clause)


def _clauses(line: str, offset: int) -> list[tuple[int, int, str]]:
    """Clauses of a line: ``(start, end, text)``, each with the delimiters after it."""
    out, start = [], 0
    for m in CLAUSE_END.finditer(line):
        if m.end() > start:
            out.append((offset + start, offset + m.end(), line[start : m.end()]))
            start = m.end()
    if start < len(line):
        out.append((offset + start, offset + len(line), line[start:]))
    return out


TRAD_ONLY, SIMP_ONLY, KANA_CHAR, HAN_CHAR = 1, 2, 4, 8  # bits of :func:`present`


@lru_cache(maxsize=1)
def _class_of_code_point():
    """A NumPy table of the bits above for every code point."""
    import numpy as np

    trad, simp = script_tables()
    table = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
    for bit, pattern in ((HAN_CHAR, HAN), (KANA_CHAR, KANA)):
        for low, high in re.findall(r"(.)-(.)", pattern.pattern):
            table[ord(low) : ord(high) + 1] |= bit
    table[[ord(c) for c in trad]] |= TRAD_ONLY
    table[[ord(c) for c in simp]] |= SIMP_ONLY
    return table


def _codes(text: str):
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


@lru_cache(maxsize=1)  # convert asks three times about the same text
def present(text: str) -> int:
    """Which of Traditional-only, Simplified-only, kana and Han characters occur in ``text``
    (the bits ``TRAD_ONLY | SIMP_ONLY | KANA_CHAR | HAN_CHAR``), in one NumPy pass instead of
    a regex scan per class.

    >>> present("重庆") == HAN_CHAR | SIMP_ONLY, present("東京の") == HAN_CHAR | TRAD_ONLY | KANA_CHAR, present("")
    (True, True, 0)
    """
    import numpy as np

    return int(np.bitwise_or.reduce(_class_of_code_point()[_codes(text)])) if text else 0


def present_in_spans(text: str, starts: list[int], ends: list[int]) -> list[int]:
    """:func:`present` of each ``text[starts[i]:ends[i]]``, for all the spans at once (one
    ``bitwise_or.reduceat`` over the text's character classes, not a pass per span).

    >>> present_in_spans("重庆東京の", [0, 2, 4, 1, 5], [2, 4, 5, 1, 5]) == [
    ...     present("重庆"), present("東京"), present("の"), present(""), present("")]
    True
    """
    import numpy as np

    classes = np.append(_class_of_code_point()[_codes(text)], np.uint8(0))  # reduceat reads index len(text)
    starts, ends = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
    order = np.argsort(starts, kind="stable")  # in text order, the stretches between spans add up to one pass
    bounds = np.empty(2 * len(starts), dtype=np.int64)
    bounds[0::2], bounds[1::2] = starts[order], ends[order]
    found = np.bitwise_or.reduceat(classes, bounds)[0::2] if len(bounds) else np.zeros(0, dtype=np.uint8)
    out = np.empty_like(found)
    out[order] = np.where(ends[order] > starts[order], found, 0)  # reduceat gives classes[start] for an empty span
    return out.tolist()


def script_of_classes(classes: int) -> str | None:
    """What :func:`detect_script` answers for a text of these :func:`present` bits without
    reading the text again, or None when it must (kana, or characters of both scripts).

    >>> script_of_classes(present("重庆")), script_of_classes(present("abc")), script_of_classes(present("重慶"))
    ('simplified', 'none', 'traditional')
    >>> script_of_classes(present("重庆《聯合報》")) is None, script_of_classes(present("東京の")) is None
    (True, True)
    """
    return None if classes & KANA_CHAR else _script_without_kana(classes)


def _script_without_kana(classes: int) -> str | None:
    if not classes & HAN_CHAR:
        return "none"
    if not classes & TRAD_ONLY:  # the cheap, common cases first
        return "simplified"
    if not classes & SIMP_ONLY:
        return "traditional"
    return None


@lru_cache(maxsize=1)  # detect_script and then script_runs ask for the same text in convert
def line_evidence(text: str) -> list[tuple[int, int, int, int]]:
    """``(start, end, traditional-only, simplified-only)`` of each line of ``text``.

    Without kana, counted for all lines at once with NumPy (a table lookup per code point and
    running sums cut at the line ends). A line with kana leaves its Japanese clauses out.

    >>> line_evidence("頭髮和头发\\n\\n東京の髮は黒い。头发")
    [(0, 5, 2, 2), (6, 6, 0, 0), (7, 17, 0, 2)]
    >>> line_evidence("頭髮和头发\\n\\n臺灣"), line_evidence("")
    ([(0, 5, 2, 2), (6, 6, 0, 0), (7, 9, 2, 0)], [(0, 0, 0, 0)])
    """
    import numpy as np

    codes = _codes(text)
    scripts = _class_of_code_point()[codes] & (TRAD_ONLY | SIMP_ONLY)
    ends = np.flatnonzero(codes == 10)
    starts = np.concatenate(([0], ends + 1))
    ends = np.concatenate((ends, [len(codes)]))
    counts = []
    for value in (1, 2):
        running = np.concatenate(([0], np.cumsum(scripts == value, dtype=np.int64)))
        counts.append((running[ends] - running[starts]).tolist())
    out = list(zip(starts.tolist(), ends.tolist(), *counts))
    if KANA.search(text):
        trad, simp = script_patterns()
        for i, (start, end, _, _) in enumerate(out):
            if KANA.search(text, start, end):
                line = "\n".join(c for _, _, c in _clauses(text[start:end], 0) if not is_japanese(c))
                out[i] = (start, end, len(trad.findall(line)), len(simp.findall(line)))
    return out


def _without_japanese(text: str) -> str:
    """``text`` without its Japanese clauses (lines with kana are cut into clauses, the
    Japanese ones dropped).

    >>> _without_japanese("重慶\\n東京都の天気は晴れです。臺灣")
    '重慶\\n臺灣'
    """
    return "\n".join(
        "\n".join(c for _, _, c in _clauses(line, 0) if not is_japanese(c)) if KANA.search(line) else line
        for line in text.split("\n")
    )


def _line_after(m: re.Match) -> str:
    return m.group() + "\n"


def detect_script(text: str) -> str:
    """``simplified`` | ``traditional`` | ``mixed`` | ``none`` (see the module docstring).

    ``none`` is text without Chinese: no Han character outside Japanese clauses (which
    are told by their kana).

    >>> detect_script("重庆市经济发展报告\\n《聯合報》引述"), detect_script("東京都の天気は晴れです。")
    ('simplified', 'none')
    """
    classes = present(text)
    if classes & KANA_CHAR:  # Japanese clauses are no Chinese text; the rest is judged clause by clause
        text = CLAUSE_END.sub(_line_after, _without_japanese(text))  # one clause a line
        classes = present(text)
    quick = _script_without_kana(classes)
    if quick is not None:
        return quick
    trad_re, simp_re = script_patterns()
    strong = {
        dominant(t, s)
        for _, _, t, s in line_evidence(text)
        if t + s >= MIN_EVIDENCE and dominant(t, s) != "mixed"
    }
    if {"traditional", "simplified"} <= strong:
        return "mixed"
    if len(strong) == 1:
        return strong.pop()
    return classify(1, len(trad_re.findall(text)), len(simp_re.findall(text)))


def script_runs(text: str) -> list[tuple[int, int, str]]:
    """Cut ``text`` into runs of one script: ``(start, end, script)``.

    Text with evidence of one script only (most documents) is one run. Otherwise runs never
    cross a line end: a line in one script is one run; inside it, a clause holding characters of the other
    script is its own run (``mixed`` if it holds both), so the other script's converter never
    sees the rest of the line. A line mixing both scripts (neither under 20%) is one
    ``mixed`` run: it is converted whole, as OpenCC would. Japanese clauses are left out.
    A line without evidence takes the script of the nearest line above it that has some
    (below it for the first lines; ``simplified`` when none has).

    >>> text = "重庆市经济发展报告\\n臺灣聯合報記者報導\\n2024年\\n重庆市经济发展报告说明了这个问题，《聯合報》报道"
    >>> [(text[s:e], script) for s, e, script in script_runs(text)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('重庆市经济发展报告', 'simplified'), ('臺灣聯合報記者報導', 'traditional'),
     ('2024年', 'traditional'), ('重庆市经济发展报告说明了这个问题，《', 'simplified'),
     ('聯合報》', 'traditional'), ('报道', 'simplified')]
    >>> script_runs("重庆日报，《聯合報》"), script_runs("重慶\\n2024年\\n")
    ([(0, 10, 'mixed')], [(0, 9, 'traditional')])
    """
    trad, simp = script_patterns()
    classes = present(text)
    if not classes & KANA_CHAR and not (classes & TRAD_ONLY and classes & SIMP_ONLY):
        return [(0, len(text), "traditional" if classes & TRAD_ONLY else "simplified")] if text else []
    lines = line_evidence(text)
    scripts = [dominant(t, s) for _, _, t, s in lines]
    decided = [d for d in scripts if d in ("simplified", "traditional")]
    context = decided[0] if decided else "simplified"
    runs: list[tuple[int, int, str]] = []
    for (start, end, t, s), line_script in zip(lines, scripts):
        if start == end:
            continue
        if line_script in ("simplified", "traditional"):
            context = line_script
        whole = line_script is None or (line_script == "simplified" and not t) or (line_script == "traditional" and not s)
        if (whole or line_script == "mixed") and not KANA.search(text, start, end):
            runs.append((start, end, line_script if line_script == "mixed" else context))
            continue
        for c_start, c_end, clause in _clauses(text[start:end], start):
            if is_japanese(clause):
                continue
            script = dominant(len(trad.findall(clause)), len(simp.findall(clause))) or context
            if runs and runs[-1][2] == script and runs[-1][1] == c_start:
                runs[-1] = (runs[-1][0], c_end, script)
            else:
                runs.append((c_start, c_end, script))
    return runs
