"""Latin-1/cp1252 layers: UTF-8, GBK, GB18030 or Big5 bytes read as Western text.

Runs of Latin-1/cp1252 characters (``æ–‡``, ``ÖÐÎÄ``, ``¹úÎñÔº``) are re-encoded byte for
byte (cp1252, Latin-1 for the bytes cp1252 leaves undefined) and decoded with each target
codec; the reading that is clearly more plausible wins. A strict UTF-8 reading of two or
more multi-byte sequences is proof enough in any script (ftfy's rule). Once a document's
plan is known, its short runs (``ªº`` -> ``的``, ``¥i`` -> ``可``) are read with it too.

>>> latin_spans("ÖÐÎÄ")
[(0, 4, '中文', 'encode latin-1 | decode gbk')]
>>> latin_spans("温度 25°C，3×4 米，€100")
[]
"""

from __future__ import annotations

import re

from .badness import MIN_GAIN, mean_score
from .gate import CP1252_EXTRA, LATIN, LATIN_GATE

#: Latin mojibake: starts and ends with a Latin-1/cp1252 character, may hold ASCII inside
LATIN_RUN = re.compile(f"[{LATIN}](?:[{LATIN}\\x21-\\x7e]*[{LATIN}])?")
LATIN_TARGETS = ("utf-8", "gbk", "gb18030", "cp950")
LATIN_CHAR = re.compile("[\x80-\xff]")
LOST = "\ufffd"


def _latin_table() -> dict[int, int]:
    """code point -> byte: cp1252 where it defines the byte, else Latin-1 (``\\x81`` stays 0x81)."""
    table = {}
    for byte in range(0x100):
        table[byte] = byte
        try:
            table[ord(bytes([byte]).decode("cp1252"))] = byte
        except UnicodeDecodeError:
            pass
    return table


#: a character's byte under :func:`_latin_bytes`, as a ``str.translate`` table
LATIN_BYTES = _latin_table()
CP1252_EXTRA_CHAR = re.compile(f"[{re.escape(CP1252_EXTRA)}]")


def _latin_bytes(text: str) -> bytes | None:
    """``text`` back to bytes, cp1252 first, Latin-1 for the bytes cp1252 leaves undefined.

    >>> _latin_bytes("ä¸\\x80€"), _latin_bytes("中")
    (b'\\xe4\\xb8\\x80\\x80', None)
    """
    try:
        return text.translate(LATIN_BYTES).encode("latin-1")
    except UnicodeEncodeError:
        return None


def _decode(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        out = raw.decode(codec, errors="replace")
        return out if out.count("\ufffd") * 10 <= len(out) else None


def _latin_candidates(line: str, m: re.Match, targets: tuple[str, ...]):
    """``(start, end, before, after, plan)`` readings of a Latin run (maybe + one ASCII trail byte)."""
    for end in (m.end(), m.end() + 1):
        run = line[m.start() : end]
        raw = _latin_bytes(run)
        if raw is None:
            continue
        codec = "cp1252" if CP1252_EXTRA_CHAR.search(run) else "latin-1"
        for target in targets:
            out = _decode(raw, target)
            if out:
                yield m.start(), end, run, out, f"encode {codec} | decode {target}"


def _clean_reading(out: str) -> bool:
    """Printable, nothing lost, no Latin-1 left: a reading that needs no score to be believed."""
    return out.isprintable() and LOST not in out and not LATIN_CHAR.search(out)


def _first_readings(line: str) -> list[tuple]:
    """``(run, best)`` for each Latin run of ``line``: its best reading without a known plan."""
    out = []
    for m in LATIN_RUN.finditer(line):
        best = None
        if LATIN_GATE.search(m.group()):
            best_mean, run_means = 0.0, {}
            for start, end, run, out_, plan in _latin_candidates(line, m, LATIN_TARGETS):
                # strict UTF-8 from two or more multi-byte sequences is proof enough in any script
                proof = plan.endswith("utf-8") and len(out_) < len(run) - 1 and _clean_reading(out_)
                # one character from two Latin ones (``××`` -> ``鬃``) is no evidence on its own
                # (this is clearly_better(run, out_), with each run's mean taken once)
                mean = None
                if not proof and len(out_) >= 2 and out_ != run:
                    if end not in run_means:
                        run_means[end] = mean_score(run)
                    mean = mean_score(out_)
                    proof = mean >= run_means[end] + MIN_GAIN
                if proof:
                    mean = mean_score(out_) if mean is None else mean
                    if best is None or mean > best_mean:
                        best, best_mean = (start, end, out_, plan), mean
        out.append((m, best))
    return out


def latin_spans(line: str, known: str | None = None, firsts: list[tuple] | None = None) -> list[tuple]:
    """Latin-layer repairs; with ``known`` (the document's plan) short runs count too.

    ``firsts`` are the line's :func:`_first_readings`, if already known.
    """
    spans = []
    for m, best in _first_readings(line) if firsts is None else firsts:
        if best is None and known:
            # the document is known to be Latin mojibake: a strict, printable, Latin-free reading will do
            targets = (known, "gb18030") if known == "gbk" else (known,)
            for start, end, run, out, plan in _latin_candidates(line, m, targets):
                if _clean_reading(out):
                    best = (start, end, out, plan)
                    break
        if best and (not spans or best[0] >= spans[-1][1]):
            spans.append(best)
    return spans
