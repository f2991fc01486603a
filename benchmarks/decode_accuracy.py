"""Encoding detection: accuracy and speed of wenku's ``decode`` beside charset-normalizer and chardet.

Two sets, one run, every detector on the same bytes:

- *external*: every labelled Chinese file under ``--external`` (chardet main and branch,
  uchardet zh, golang testdata, WHATWG data, the in-the-wild traps, charset_normalizer,
  iconv-lite and MNBVC fixtures), plus the Japanese/Korean negatives. A file Python cannot
  decode (EUC-TW, WHATWG Big5) is expected to be *rejected*; wenku counts as right when its
  reason names the encoding, another detector when it names that encoding.
- *generated*: the odd-numbered records of ``clean_text`` (the even ones trained the
  character model) cut at 10, 30, 200, 2000 characters and whole, encoded every way.

A detector is right on a file when it names the expected family (GB: gb2312/gbk/gb18030;
Big5: big5/cp950/big5hkscs) and, for the generated set and Unicode encodings, when decoding
with its answer gives back the original text exactly. Times are wall-clock sums over the same
files (noisy on a shared machine; compare ratios, not absolute numbers).

    python benchmarks/decode_accuracy.py --external /work/shared/external [--per-cell 40]
"""

from __future__ import annotations

import argparse
import codecs
import csv
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.decode import decode_bytes
from common import default_external  # noqa: E402

CN_ISOLATION = ["utf_8", "gb18030", "big5hkscs", "cp950", "utf_16", "utf_16_le", "utf_16_be",
                "utf_32", "utf_32_le", "utf_32_be", "hz"]
LENGTHS = (10, 30, 200, 2000, "whole")



def family(name: str | None) -> str | None:
    """Normalise a detector's answer to a family: gb18030, big5, or the Python codec name."""
    if not name:
        return None
    n = codecs.lookup(name).name if _known(name) else name.lower().replace("_", "-")
    if n in ("gb2312", "gbk", "gb18030", "cp936", "euc-cn"):
        return "gb18030"
    if n in ("big5", "big5hkscs", "cp950", "big5-tw"):
        return "big5"
    if n in ("ascii", "utf-8-sig"):
        return "utf-8"
    return n.replace("_", "-")


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
        return True
    except LookupError:
        return False


# ---- detectors: each returns (encoding name or None, rejection reason or None, text or None)

def ours(raw: bytes):
    r = decode_bytes(raw)
    return r.encoding, r.error, r.text


def cn_default(raw: bytes):
    from charset_normalizer import from_bytes
    best = from_bytes(raw).best()
    return (best.encoding, None, None) if best else (None, "none", None)


def cn_restricted(raw: bytes):
    from charset_normalizer import from_bytes
    best = from_bytes(raw, cp_isolation=CN_ISOLATION).best()
    return (best.encoding, None, None) if best else (None, "none", None)


def chardet_detect(raw: bytes):
    import chardet
    return chardet.detect(raw)["encoding"], None, None


def detectors() -> dict:
    found = {"wenku": ours, "cn default": cn_default, "cn restricted": cn_restricted}
    try:
        import chardet  # noqa: F401
        found["chardet"] = chardet_detect
    except ImportError:
        print("chardet is not installed: its column is missing (pip install -e '.[bench]')", file=sys.stderr)
    return found


def strip_bom(text: str) -> str:
    return text.removeprefix("\ufeff")


def right(name, raw, expected, truth, answer) -> bool:
    """Expected is a family, ``mixed``, or ``reject:<words wenku must name>:<codec others may name>``."""
    encoding, error, text = answer
    if expected.startswith("reject:"):
        _, words, codec = expected.split(":")
        if name == "wenku":
            return error is not None and words.lower() in error.lower()
        return encoding is not None and family(encoding) == family(codec)
    if error is not None or encoding is None:
        return False
    if name == "wenku" and encoding == "mixed":
        return expected == "mixed" and text == truth
    unicode = expected.startswith(("utf-16", "utf-32")) or (expected == "utf-8" and raw.isascii())
    if family(encoding) != family(expected) and not unicode:
        return False  # wide encodings: judged by the text below (utf-16 with a BOM may be named either way)
    if truth is None:
        return True
    if text is None:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return False
    return strip_bom(text) == strip_bom(truth)


# ---- the external labelled set: (group, path, expected, truth text or None)

CHARDET_FOLDERS = {
    "Big5": "big5", "GB2312": "gb18030", "utf-8": "utf-8", "EUC-TW": "reject:EUC-TW:euc-tw",
    "big5-chinese": "big5", "gb18030-chinese": "gb18030", "hz-gb-2312-chinese": "hz",
    "utf-8-chinese": "utf-8", "euc-tw-chinese": "reject:EUC-TW:euc-tw",
    "utf-16-chinese": "utf-16", "utf-16be-chinese": "utf-16-be", "utf-16le-chinese": "utf-16-le",
    "utf-32-chinese": "utf-32", "utf-32be-chinese": "utf-32-be", "utf-32le-chinese": "utf-32-le",
}
UNICODE_TRUTH = {"utf-8": "utf-8", "utf-16": "utf-16", "utf-16-be": "utf-16-be", "utf-16-le": "utf-16-le",
                 "utf-32": "utf-32", "utf-32-be": "utf-32-be", "utf-32-le": "utf-32-le", "hz": "hz"}


def _truth(raw: bytes, expected: str):
    codec = UNICODE_TRUTH.get(expected)
    return raw.decode(codec) if codec else None


def external_files(root: Path):
    for sub in ("main", "branch_retrain_sbcs_models"):
        for folder in sorted((root / "chardet" / sub).iterdir()):
            for path in sorted(folder.iterdir()):
                expected = CHARDET_FOLDERS[folder.name]
                yield f"chardet {sub.split('_')[0]}", path, expected
    for name, expected in (("big5", "big5"), ("euc-tw", "reject:EUC-TW:euc-tw"), ("gb18030", "gb18030"), ("utf-8", "utf-8")):
        yield "uchardet zh", root / "uchardet" / "zh" / f"{name}.txt", expected
    golang = root / "golang_x_text_encoding_testdata"
    for row in _tsv(golang / "labels.tsv"):
        enc = row["encoding"].split(" ")[0].lower()
        expected = {"hz-gb-2312": "hz", "gbk": "gb18030", "big5": "big5", "gb18030": "gb18030", "utf-8": "utf-8",
                    "euc-jp": "reject:Japanese:euc_jp", "shift_jis": "reject:Japanese:shift_jis",
                    "iso-2022-jp": "reject:Japanese:iso2022_jp", "euc-kr": "reject:Korean:euc_kr"}[enc]
        group = "golang" if not expected.startswith("reject") else "golang ja/ko negatives"
        yield group, golang / row["file"], expected
    whatwg = root / "encoding_rs_whatwg"
    for name, expected in (("big5_in.txt", "reject:big5:big5"), ("big5_out_ref.txt", "big5"), ("gb18030_in.txt", "gb18030"),
                           ("gb18030_out_ref.txt", "gb18030"), ("big5_in_ref.txt", "utf-8"), ("gb18030_in_ref.txt", "utf-8")):
        yield "WHATWG", whatwg / name, expected
    wild = root / "inthewild_cpython_cjkencodings"
    for row in _tsv(wild / "labels.tsv"):
        expected = "utf-8" if row["state"].startswith("mojibake") else {"big5hkscs": "big5", "hz": "hz"}[row["original_encoding"]]
        yield "in-the-wild traps", wild / row["damaged_or_input_file"], expected
        yield "in-the-wild traps", wild / row["ground_truth_utf8_file"], "utf-8"
    yield "other (iconv-lite, charset_normalizer)", root / "iconv_lite" / "gbkFile.txt", "gb18030"
    yield "other (iconv-lite, charset_normalizer)", root / "charset_normalizer" / "sample-chinese.txt", "big5"
    mnbvc = root / "mnbvc_charset_mnbvc"
    for row in _tsv(mnbvc / "labels.tsv"):
        stored = row["encoding_as_stored"].split(" ")[0].split("/")[0]
        expected = {"euc-jp": "reject:Japanese:euc_jp", "gbk": "gb18030"}.get(stored, stored)
        yield "MNBVC fixtures", mnbvc / row["file"], expected


def _tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


# ---- the generated set

def odd_records(external: Path, which: str) -> list[str]:
    files = {"simplified": "prc_government_work_reports/government_work_reports.jsonl",
             "traditional": "taiwan_president_office_news_2023/president_news_2023.jsonl"}
    with (external / "clean_text" / files[which]).open(encoding="utf-8") as lines:
        return [json.loads(line)["content"] for n, line in enumerate(lines) if n % 2 == 1]


def _encode(text: str, encoding: str) -> bytes | None:
    bom = {"utf-16-le+bom": codecs.BOM_UTF16_LE, "utf-16-be+bom": codecs.BOM_UTF16_BE,
           "utf-32-le+bom": codecs.BOM_UTF32_LE, "utf-32-be+bom": codecs.BOM_UTF32_BE, "utf-8+bom": codecs.BOM_UTF8}
    try:
        if encoding in bom:
            return bom[encoding] + text.encode(encoding.replace("+bom", ""))
        if encoding == "big5":
            try:
                return text.encode("cp950")
            except UnicodeEncodeError:
                return text.encode("big5hkscs")
        return text.encode(encoding)
    except UnicodeEncodeError:
        return None


GENERATED = {  # encoding -> which text it holds
    "gb18030": "simplified", "big5": "traditional", "hz": "simplified",
    "utf-8": "both", "utf-8+bom": "both", "utf-16-le": "both", "utf-16-be": "both",
    "utf-16-le+bom": "both", "utf-16-be+bom": "both", "utf-32-le": "both", "utf-32-be": "both",
    "utf-32-le+bom": "both", "utf-32-be+bom": "both",
}


def generated_files(external: Path, per_cell: int, seed: int = 0):
    texts = {k: odd_records(external, k) for k in ("simplified", "traditional")}
    rng = random.Random(seed)
    for encoding, which in GENERATED.items():
        for length in LENGTHS:
            made = tries = 0
            while made < per_cell and tries < per_cell * 20:
                tries += 1
                kind = which if which != "both" else ("simplified", "traditional")[made % 2]
                record = rng.choice(texts[kind])
                if length == "whole":
                    text = record
                else:
                    start = rng.randrange(0, max(1, len(record) - length))
                    text = record[start : start + length]
                if len(text.strip()) < min(length if length != "whole" else 10, 10) or text.isascii():
                    continue
                raw = _encode(text, encoding)
                if raw is None:
                    continue
                made += 1
                expected = encoding.replace("+bom", "")
                expected = {"big5": "big5", "gb18030": "gb18030"}.get(expected, expected)
                yield encoding, length, raw, expected, text
    for made in range(per_cell):  # UTF-8 paragraphs with a GB18030 paragraph pasted in
        paragraphs = [_paragraph(rng, texts["simplified"]) for _ in range(3)]
        raw = b"\n".join([paragraphs[0].encode(), paragraphs[1].encode("gb18030"), paragraphs[2].encode()])
        yield "mixed utf-8 + gb18030", 200, raw, "mixed", "\n".join(paragraphs)


def _paragraph(rng: random.Random, records: list[str]) -> str:
    while True:
        record = rng.choice(records)
        start = rng.randrange(0, max(1, len(record) - 200))
        text = record[start : start + 200].replace("\n", "")
        try:
            text.encode("gb18030")
            return text
        except UnicodeEncodeError:
            continue


# ---- running and reporting

def run(cases, found: dict, tally: dict, times: dict, sizes: dict, misses: list):
    for groups, raw, expected, truth in cases:
        for name, detect in found.items():
            start = time.perf_counter()
            answer = detect(raw)
            times[name] += time.perf_counter() - start
            ok = right(name, raw, expected, truth, answer)
            for group in groups:
                tally[group][name][0] += ok
                tally[group][name][1] += 1
            group = groups[-1]
            if name == "wenku" and not ok:
                misses.append((group, expected, answer[0], (answer[1] or "")[:60], raw[:24]))
        sizes["bytes"] += len(raw)


def table(title: str, tally: dict, names: list[str]) -> str:
    lines = [f"| {title} | files | " + " | ".join(names) + " |", "|---|---:|" + "---:|" * len(names)]
    for group, row in tally.items():
        n = row[names[0]][1]
        cells = [f"{100 * row[k][0] / n:.1f}%" if n else "-" for k in names]
        lines.append(f"| {group} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=default_external())
    parser.add_argument("--per-cell", type=int, default=40, help="generated samples per (encoding, length)")
    parser.add_argument("--skip-generated", action="store_true")
    args = parser.parse_args()
    found = detectors()
    names = list(found)
    for label, cases in (("external", _external_cases(args.external)),
                         ("generated", [] if args.skip_generated else _generated_cases(args.external, args.per_cell))):
        tally = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        times: dict = defaultdict(float)
        sizes: dict = defaultdict(int)
        misses: list = []
        run(cases, found, tally, times, sizes, misses)
        if not tally:
            continue
        print(f"\n### {label} set\n")
        print(table("group" if label == "external" else "encoding × length", tally, names))
        mb = sizes["bytes"] / 1e6
        print(f"\n{mb:.2f} MB; seconds: " + ", ".join(f"{k} {times[k]:.2f} ({mb / times[k]:.1f} MB/s)" for k in names))
        for miss in misses[:25]:
            print("  wenku wrong:", *miss)


def _external_cases(external: Path):
    cases = []
    for group, path, expected in external_files(external):
        raw = path.read_bytes()
        cases.append(([group], raw, expected, None if expected.startswith("reject") else _truth(raw, expected)))
    return cases


def _generated_cases(external: Path, per_cell: int):
    cases = []
    for encoding, length, raw, expected, text in generated_files(external, per_cell):
        group = f"{length} chars" if length != "whole" else "whole"
        cases.append(([group, f"{encoding} @ {group}"], raw, expected, text))
    return cases


if __name__ == "__main__":
    main()
