"""Stage decode: the pure function on bytes. (Issue 3 deepens detection.)"""

import codecs

import pytest

from pipeline.decode import decode_bytes

SAMPLE = "重庆市人民政府工作报告：二〇二五年一月十九日。"


@pytest.mark.parametrize(
    "raw, encoding, method",
    [
        (SAMPLE.encode("utf-8"), "utf-8", "strict-utf8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8", "bom"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le", "bom"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be", "bom"),
        (codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"), "utf-32-le", "bom"),
        (SAMPLE.encode("gb18030"), "gb18030", None),
    ],
)
def test_decodes_to_the_original_text(raw, encoding, method):
    result = decode_bytes(raw)
    assert result.error is None
    assert result.text == SAMPLE
    assert result.encoding == encoding
    if method:
        assert result.method == method
    assert 0 <= result.confidence <= 1


@pytest.mark.parametrize(
    "raw, words",
    [
        (b"", "empty file"),
        (bytes(range(256)) * 4, "binary"),
        (b"abc\x00\x00\x00def\x00", "binary"),
    ],
)
def test_rejects_with_a_reason_a_person_understands(raw, words):
    result = decode_bytes(raw)
    assert result.text is None
    assert words in result.error
