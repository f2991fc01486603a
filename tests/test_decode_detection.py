"""Encoding detection, data-driven: every encoding and length, traps, mixed files, rejections."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.decode import decode_bytes

FIXTURES = Path(__file__).parent / "fixtures"
SIMPLIFIED = "政府工作报告指出，今年经济社会发展的主要预期目标是：国内生产总值增长百分之五左右，城镇新增就业一千二百万人以上。"
TRADITIONAL = "總統今天上午接見環保獎獲獎代表，感謝企業長期投入環境保護工作，並期盼持續引導產業走向低碳轉型。"
ENCODINGS = [
    ("gb18030", SIMPLIFIED, "gb18030"),
    ("gbk", SIMPLIFIED, "gb18030"),
    ("gb2312", SIMPLIFIED, "gb18030"),
    ("cp950", TRADITIONAL, "cp950"),
    ("utf-16-le", SIMPLIFIED, "utf-16-le"),
    ("utf-16-be", TRADITIONAL, "utf-16-be"),
    ("utf-32-le", TRADITIONAL, "utf-32-le"),
    ("utf-32-be", SIMPLIFIED, "utf-32-be"),
    ("utf-8", TRADITIONAL, "utf-8"),
]


@pytest.mark.parametrize("length", [10, 30, None])
@pytest.mark.parametrize("codec, text, expected", ENCODINGS)
def test_each_encoding_and_length_decodes_exactly(codec, text, expected, length):
    text = text[:length]
    result = decode_bytes(text.encode(codec))
    assert (result.error, result.encoding, result.text) == (None, expected, text)
    assert result.undecodable == []


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                                        (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_byte_order_marks_decide_and_are_not_text(bom, codec):
    result = decode_bytes(bom + SIMPLIFIED[:10].encode(codec))
    assert (result.method, result.encoding, result.text, result.confidence) == ("bom", codec, SIMPLIFIED[:10], 1.0)


def test_short_gbk_greeting_is_not_big5():
    assert decode_bytes("你好".encode("gbk")).encoding == "gb18030"


def test_evidence_is_recorded():
    result = decode_bytes(SIMPLIFIED[:10].encode("gb18030"))
    assert result.method in ("scored", "charset-normalizer")
    assert result.confidence > 0.9 and result.runner_up and result.runner_up_score < 0.1


@pytest.mark.parametrize(
    "name, encoding, words",
    [("big5.txt", "big5hkscs", None), ("gb18030.txt", "gb18030", None), ("utf-8.txt", "utf-8", None),
     ("euc-tw.txt", None, "EUC-TW")],
)
def test_uchardet_samples(name, encoding, words):
    result = decode_bytes((FIXTURES / "uchardet" / name).read_bytes())
    if words:
        assert result.text is None and words in result.error
    else:
        assert result.encoding in (encoding, "cp950") and result.error is None


def test_hz_and_big5_eten_extension():
    hz = decode_bytes((FIXTURES / "golang" / "sunzi-hz-gb2312.txt").read_bytes())
    assert (hz.encoding, hz.method) == ("hz", "hz-escapes") and "孙子" in hz.text
    big5 = decode_bytes((FIXTURES / "golang" / "sunzi-big5-eten.txt").read_bytes())
    assert big5.encoding == "cp950" and big5.undecodable == []


def test_ascii_with_tildes_is_not_hz():
    assert decode_bytes(b"see ~/notes and ~{ unbalanced").encoding == "utf-8"


def test_latin1_mojibake_trap_stays_utf8():
    """UTF-8 holding Latin-1 mojibake of GB bytes also decodes as GBK: it is UTF-8 (repair fixes it)."""
    raw = SIMPLIFIED.encode("gb18030").decode("latin-1").encode("utf-8")
    raw.decode("gbk")  # the trap: no error
    result = decode_bytes(raw)
    assert (result.encoding, result.method) == ("utf-8", "strict-utf8")


def test_mixed_file_is_decoded_part_by_part():
    pasted = SIMPLIFIED.encode("gb18030")
    raw = TRADITIONAL.encode() + b"\n" + pasted + b"\n" + TRADITIONAL.encode() + b"\n"
    result = decode_bytes(raw)
    assert result.encoding == "mixed" and result.text == f"{TRADITIONAL}\n{SIMPLIFIED}\n{TRADITIONAL}\n"
    assert [p.encoding for p in result.parts] == ["utf-8", "gb18030", "utf-8"]
    for part in result.parts:
        assert raw[part.byte_start : part.byte_end].decode(part.encoding) == result.text[part.char_start : part.char_end]


@pytest.mark.parametrize("damage", ["中".encode("gbk"), b"\xff", b"\x80\x80"])
def test_a_stray_bad_pair_in_utf8_is_damage_not_mixed(damage):
    raw = (SIMPLIFIED * 3).encode() + damage + (TRADITIONAL * 3).encode()
    result = decode_bytes(raw)
    assert result.encoding == "utf-8" and len(result.parts) == 1
    assert result.undecodable[0][1] == raw.index(damage)
    assert result.text.count("\ufffd") == len(result.undecodable)


def test_too_much_damage_is_rejected_with_the_encoding_named():
    raw = SIMPLIFIED.encode() + b"\xff\xfe\xfd" * 4
    result = decode_bytes(raw)
    assert result.text is None and "undecodable" in result.error and "utf-8" in result.error


@pytest.mark.parametrize(
    "raw, words",
    [
        ("ひらがなとカタカナのテキストです。日本語の文章。".encode("shift_jis"), "Japanese"),
        ("한국어 텍스트입니다. 대한민국의 수도는 서울입니다.".encode("euc_kr"), "Korean"),
        (b"\x1b$B$3$s$K$A$O\x1b(B", "Japanese"),
        (b"\x1b$)A\x0e<:Ky\x0f", "ISO-2022-CN"),
    ],
)
def test_other_languages_and_unsupported_encodings_are_rejected_by_name(raw, words):
    result = decode_bytes(raw)
    assert result.text is None and words in result.error


def test_mixed_file_with_a_big5_paragraph():
    raw = SIMPLIFIED.encode() + b"\n" + TRADITIONAL.encode("cp950") + b"\n"
    result = decode_bytes(raw)
    assert result.encoding == "mixed" and [p.encoding for p in result.parts] == ["utf-8", "cp950"]
    assert result.text == f"{SIMPLIFIED}\n{TRADITIONAL}\n"


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "cp950", "utf-16-le"])
def test_clean_single_encoding_files_are_never_mixed(codec):
    text = "\n".join([TRADITIONAL, "short line", "二零二五年", TRADITIONAL[:12]] * 5)
    result = decode_bytes(text.encode(codec))
    assert result.encoding == codec and len(result.parts) == 1 and result.text == text


def test_decode_row_records_parts_and_flags_damage(tmp_path):
    from pipeline.decode.params import DecodeParams
    from pipeline.decode.run import decode_row

    raw = (SIMPLIFIED * 4).encode() + b"\xff" + (TRADITIONAL * 4).encode()
    (tmp_path / "a.txt").write_bytes(raw)
    row = {"doc_id": "x", "source_path": "a.txt", "duplicate_paths": [], "source_sha256": "s", "source_bytes": len(raw)}
    out = decode_row(row, tmp_path, DecodeParams())
    assert out["status"] == "ok" and out["encoding"] == "utf-8"
    assert [(e["op"], e["start"], e["damage"]) for e in out["edits"]] == [("undecodable_bytes", len(SIMPLIFIED) * 4, 1)]
    assert out["text"][len(SIMPLIFIED) * 4] == "\ufffd"
    assert out["encoding_parts"] == [
        {"byte_start": 0, "byte_end": len(raw), "char_start": 0, "char_end": len(out["text"]), "encoding": "utf-8"}
    ]


def test_hkscs_bytes_whose_gb_reading_is_random_stay_big5():
    """Rare HKSCS characters read as rare GBK ones too; Big5's byte structure decides."""
    raw = "𠄌Ě鵮罓洆\n".encode("big5hkscs")
    result = decode_bytes(raw)
    assert (result.encoding, result.method, result.confidence) == ("big5hkscs", "big5-structure", None)
