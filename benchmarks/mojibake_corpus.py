"""Corrupt clean Chinese text in every way the ``repair`` stage undoes (importable).

Clean text comes from the ODD-numbered records of the JSONL files under
``<external>/clean_text/`` (the even ones trained the character-frequency model). Each
*kind* is a function ``str -> str`` applied to a whole document or to one paragraph.

    python benchmarks/mojibake_corpus.py --external /work/shared/external   # prints samples

Kinds marked lossy destroy bytes; their floor is above zero.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

DEFAULT_EXTERNAL = Path(__file__).resolve().parents[1].parent / "shared" / "external"
FALLBACK_EXTERNAL = Path("/work/shared/external")
JSONL = (
    "clean_text/prc_government_work_reports/government_work_reports.jsonl",
    "clean_text/taiwan_president_office_news_2023/president_news_2023.jsonl",
)
PINYIN = {"现": "xiàn", "現": "xiàn", "发": "fā", "發": "fā", "展": "zhǎn", "务": "wù", "務": "wù",
          "业": "yè", "業": "yè", "长": "zhǎng", "長": "zhǎng", "为": "wèi", "為": "wèi", "重": "zhòng"}
FOLD = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}


def external_dir(path: str | None) -> Path:
    """The external data folder: ``path``, the default next to the repo, or /work/shared."""
    for candidate in (Path(path) if path else None, DEFAULT_EXTERNAL, FALLBACK_EXTERNAL):
        if candidate and candidate.is_dir():
            return candidate
    raise SystemExit(f"external data not found (tried {path}, {DEFAULT_EXTERNAL}, {FALLBACK_EXTERNAL}); pass --external PATH")


def clean_records(external: Path, odd: bool = True) -> list[str]:
    """Contents of the odd (held-out) or even records of the clean JSONL files."""
    out = []
    for rel in JSONL:
        with open(external / rel, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % 2 == int(odd):
                    text = json.loads(line)["content"]
                    if text.strip():
                        out.append(text)
    return out


def _sloppy(raw: bytes, codec: str) -> str:
    """Decode like a browser: cp1252 with undefined bytes kept as Latin-1 controls."""
    if codec == "latin-1":
        return raw.decode("latin-1")
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)


def misalign(text: str, rng: random.Random) -> str:
    """Replace the lead byte of one GBK character by ``?``, decode cp936, fold full-width."""
    raw = bytearray(text.encode("gbk", errors="replace"))
    leads, i = [], 0
    while i < len(raw):
        if raw[i] >= 0x81:
            leads.append(i)
            i += 2
        else:
            i += 1
    if not leads:
        return text
    lead = rng.choice(leads)
    raw[lead] = ord("?")
    out = bytes(raw).decode("gbk", errors="replace").replace("\ufffd", "?")
    start = len(bytes(raw[:lead]).decode("gbk", errors="replace"))
    same = 0  # the decoder is back in step where the output's tail equals the text's tail
    while same < min(len(out), len(text)) - start and out[-1 - same] == text[-1 - same]:
        same += 1
    end = len(out) - same
    return out[:start] + "".join(FOLD.get(ch, ch) for ch in out[start:end]) + out[end:]


def pinyin_leak(text: str, rng: random.Random) -> str:
    return "".join(ch + f"({PINYIN[ch]})" if ch in PINYIN and rng.random() < 0.5 else ch for ch in text)


def entities(text: str, rng: random.Random) -> str:
    return "".join("&#65292;" if ch == "，" and rng.random() < 0.5 else "&nbsp;" if ch == "\u00a0" else ch for ch in text)


KINDS = {  # name: (corrupt(text, rng), lossless)
    "utf8_as_gbk": (lambda t, r: t.encode("utf-8").decode("gbk", errors="replace"), False),
    "utf8_as_gb18030": (lambda t, r: t.encode("utf-8").decode("gb18030", errors="replace"), False),
    "utf8_as_cp1252": (lambda t, r: _sloppy(t.encode("utf-8"), "cp1252"), True),
    "gbk_as_latin1": (lambda t, r: _sloppy(t.encode("gbk", errors="replace"), "latin-1"), True),
    "gbk_as_cp1252": (lambda t, r: _sloppy(t.encode("gbk", errors="replace"), "cp1252"), True),
    "big5_as_latin1": (lambda t, r: _sloppy(t.encode("cp950", errors="replace"), "latin-1"), True),
    "big5_as_gbk": (lambda t, r: t.encode("cp950", errors="replace").decode("gbk", errors="replace"), False),
    "gbk_as_big5": (lambda t, r: t.encode("gbk", errors="replace").decode("cp950", errors="replace"), False),
    "gbk_misalign": (misalign, False),
    "pinyin_leak": (pinyin_leak, True),
    "html_entities": (entities, True),
}


#: lossy kinds that are one encode/decode pair: their floor is counted exactly
LOSSY_CODECS = {"utf8_as_gbk": ("utf-8", "gbk"), "utf8_as_gb18030": ("utf-8", "gb18030"),
                "big5_as_gbk": ("cp950", "gbk"), "gbk_as_big5": ("gbk", "cp950")}


def lost_characters(clean: str, bad: str, kind: str) -> int | None:
    """How many characters of ``clean`` lost a byte when it became ``bad`` (exact), or None
    for a kind that is not one encode/decode pair.

    A decoder writes one U+FFFD per undecodable byte, so a character whose two bytes both
    failed shows two markers: counting markers would overstate the floor.

    >>> t = "美國"
    >>> lost_characters(t, t.encode("cp950").decode("gbk", errors="replace"), "big5_as_gbk")
    1
    """
    if kind not in LOSSY_CODECS:
        return None
    src, dst = LOSSY_CODECS[kind]
    lost = 0
    for clean_line, bad_line in zip(clean.split("\n"), bad.split("\n")):
        if clean_line == bad_line:
            continue
        raw = clean_line.encode(src)
        ends = [0]  # byte offset where each character of the line ends
        for ch in clean_line:
            ends.append(ends[-1] + len(ch.encode(src)))
        hit = set()
        pos = 0
        while pos < len(raw):
            try:
                raw[pos:].decode(dst)
                break
            except UnicodeDecodeError as exc:
                start, end = pos + exc.start, pos + exc.end
                hit.update(i for i in range(len(clean_line)) if ends[i] < end and start < ends[i + 1])
                pos = end
        lost += len(hit)
    return lost


def encodable(text: str, kind: str) -> bool:
    """Whether the clean text survives the kind's legacy codec (else it is not a fair case)."""
    codec = {"gbk": "gbk", "big5": "cp950"}.get(kind.split("_")[0])
    try:
        return codec is None or text.encode(codec).decode(codec) == text
    except UnicodeError:
        return False


def cases(external: Path, n_docs: int = 20, max_chars: int = 1500, seed: int = 0):
    """Yield ``(kind, scope, clean, corrupted)`` for whole documents and single paragraphs."""
    rng = random.Random(seed)
    records = clean_records(external)
    for kind, (corrupt, _) in KINDS.items():
        picked = 0
        for text in rng.sample(records, len(records)):
            text = text[:max_chars].rsplit("\n", 1)[0] if "\n" in text[:max_chars] else text[:max_chars]
            if not encodable(text, kind) or picked >= n_docs:
                continue
            picked += 1
            yield kind, "document", text, corrupt(text, rng)
            lines = text.split("\n")
            k = max(range(len(lines)), key=lambda i: len(lines[i]))
            lines[k] = corrupt(lines[k], rng)
            yield kind, "paragraph", text, "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--external", default=None)
    args = ap.parse_args()
    shown = set()
    for kind, scope, clean, bad in cases(external_dir(args.external), n_docs=1):
        if (kind, scope) not in shown:
            shown.add((kind, scope))
            print(f"{kind:16} {scope:9} {bad[:60]!r}")
