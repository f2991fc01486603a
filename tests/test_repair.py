"""The ``repair`` stage: negatives first (text that looks odd but is right), then each kind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.edits import replay, undo
from pipeline.core.hanzi import common_chars
from pipeline.repair import repair_text

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent

NEGATIVES = [
    "生僻字也是字：龘、彧、犇、淼、𠮷野家。",
    "她说：「こんにちは、ありがとう」，然后笑了。",
    "《区域全面经济伙伴关系协定》(RCEP)于(2024)年生效，(街道)、(四)照常。",
    "美联储 and the ECB 都在 2024 年加息，C++ 与 Python 并存。",
    "你说什么?我没听清!再说一遍?",
    "你说什么??我没听清!!真的吗??\u200b好",
    "“引号”——破折号……省略号·间隔号，阿卜杜勒·哈米德。",
    "Café 与 naïve 是外来词，温度 25°C，面积 3×4 米，价格 €100。",
    "全角数字１２３和ＡＢＣ，以及　全角空格。",
    "城镇老旧小区改造、城镇老旧小区改造，一一批。",
    "一个欺骗成性的淘气鬼，玛莎·格××暴死的经过。",
    "网址 https://example.com/?a=1&b=2 里的 & 不是实体。",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_clean_text_that_looks_odd_is_untouched(text):
    assert repair_text(text) == (text, [])


@pytest.mark.parametrize("name", ["000", "001", "003", "004"])
def test_clean_samples_get_no_edits(name):
    path = next((ROOT / "raw").glob(f"{name}_*.txt"))
    text = path.read_text(encoding="utf-8")
    assert repair_text(text)[1] == []


COMMON = [ch for ch in common_chars(-4.5) if not ch.isspace()]
clean_chinese = st.text(alphabet=st.sampled_from(COMMON + list("，。、：；！？“”（）《》 \n?!()0123456789abcXYZ")), max_size=200)


@settings(max_examples=300, deadline=None)
@given(clean_chinese)
def test_property_clean_chinese_comes_out_untouched(text):
    assert repair_text(text) == (text, [])


def _roundtrip(text: str) -> tuple[str, list]:
    fixed, edits = repair_text(text)
    assert replay(text, edits) == fixed and undo(fixed, edits) == text
    return fixed, edits


CLEAN = "国务院办公厅关于进一步优化营商环境的通知，各省、自治区、直辖市人民政府。"
CLEAN_TRAD = "國務院辦公廳關於進一步優化營商環境的通知，各省、自治區、直轄市人民政府。"
KINDS = [  # (name, clean text, corrupt)
    ("utf8_as_cp1252", CLEAN, lambda t: "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in t.encode())),
    ("gbk_as_latin1", CLEAN, lambda t: t.encode("gbk").decode("latin-1")),
    ("big5_as_latin1", CLEAN_TRAD, lambda t: t.encode("cp950").decode("latin-1")),
    ("big5_as_gbk", CLEAN_TRAD, lambda t: t.encode("cp950").decode("gbk", errors="replace")),
    ("gbk_as_big5", CLEAN, lambda t: t.encode("gbk").decode("cp950", errors="replace")),
]


@pytest.mark.parametrize("name,clean,corrupt", KINDS, ids=[k[0] for k in KINDS])
@pytest.mark.parametrize("scope", ["document", "span"])
def test_each_kind_is_repaired(name, clean, corrupt, scope):
    bad = corrupt(clean)
    if scope == "span":
        bad, clean = f"前文完好。{bad}\n后文也完好。", f"前文完好。{clean}\n后文也完好。"
    fixed, edits = _roundtrip(bad)
    lost = fixed.count("\ufffd")
    assert len(fixed) == len(clean)
    assert sum(a != b for a, b in zip(fixed, clean)) == lost  # only lost characters differ
    assert lost <= bad.count("\ufffd")  # at most one character per lost byte
    assert sum(e.damage for e in edits) == lost


def test_utf8_read_as_gbk_whole_and_lossy():
    fixed, edits = _roundtrip("鍥藉姟闄㈠姙\n閫氱煡")  # 国务院办 / 通知, lossless
    assert fixed == "国务院办\n通知"
    lossy = "国务院办公厅通知".encode().decode("gbk", errors="replace")  # 鍥藉姟闄㈠姙鍏�鍘呴�氱煡
    fixed, edits = _roundtrip(lossy)
    assert fixed == "国务院办\ufffd厅\ufffd知"
    assert sum(e.damage for e in edits) == lossy.count("\ufffd") == 2
    assert [e.detail for e in edits if e.op == "mojibake"] == ["encode gb18030 | decode utf-8 | U+FFFD = 1 lost byte"]


@pytest.mark.parametrize("before,after", [("官權跃仅碳", "邀"), ("孟凱獎仁验服", "股選邱"), ("", "節藉別壇")])
def test_utf8_as_gbk_span_between_clean_neighbours(before, after):
    fixed, _ = _roundtrip(before + "经济社会发展".encode().decode("gbk") + after)
    assert fixed == before + "经济社会发展" + after


LOSSY_DOUBLE_BYTE = [  # (clean, codec it was written in, codec that read it, what comes back)
    ("成果贏得國際肯定，是歷經許多人的努力。", "cp950", "gbk",
     "成果贏得國際\ufffd定\ufffd是歷經許\ufffd\ufffd\ufffd努\ufffd\ufffd"),
    ("日上午接見「美國『國家民主基金會」", "cp950", "gbk",  # 美: both bytes lost, one U+FFFD
     "日\ufffd午接見\ufffd\ufffd國\ufffd國家民\ufffd基\ufffd會\ufffd"),
    ("出口總額達4,790億美元，創歷年新高。", "cp950", "gbk",  # ASCII does not end the re-reading
     "\ufffd\ufffd總額達4,790億\ufffd元\ufffd創歷\ufffd新高\ufffd"),
    ("請在座的各位先進，繼續支持政府。", "cp950", "gbk",  # not cut up by a UTF-8 reading
     "請\ufffd座\ufffd各\ufffd\ufffd進\ufffd繼續支\ufffd政府\ufffd"),
]


@pytest.mark.parametrize("clean,src,dst,expected", LOSSY_DOUBLE_BYTE)
def test_lossy_big5_gbk_gives_back_every_character_whose_bytes_survived(clean, src, dst, expected):
    bad = clean.encode(src).decode(dst, errors="replace")
    fixed, edits = _roundtrip(bad)
    assert fixed == expected
    assert sum(e.damage for e in edits) == expected.count("\ufffd")
    assert all(a == b for a, b in zip(fixed, clean) if a != "\ufffd") and len(fixed) == len(clean)


def test_utf8_as_gbk_characters_cut_at_a_lost_last_byte():
    # 從 and 年 lost their last byte to the digit after them, the two 。 theirs to what follows
    bad = "從2016年8月，她開始工作。最後，總統表示感謝。".encode().decode("gbk", errors="replace")
    fixed, edits = _roundtrip(bad)
    assert fixed == "\ufffd2016\ufffd8月，她開始工作\ufffd最後，總統表示感謝\ufffd"
    assert sum(e.damage for e in edits) == 4  # the floor: four characters lost a byte


def test_stray_replacement_character_beside_clean_text_is_only_flagged():
    # 喔 reads as the start of a UTF-8 character, but nothing else in the text is UTF-8 mojibake
    text = "他说：喔\ufffd，原来如此。"
    fixed, edits = repair_text(text)
    assert fixed == text and [e.op for e in edits] == ["damage"]


def test_in_the_wild_cpython_files_come_out_identical():
    folder = FIXTURES / "cpython_cjkencodings"
    for bad in sorted(folder.glob("*.mojibake.txt")):
        truth = (folder / bad.name.replace(".mojibake.txt", "-utf8.txt")).read_bytes().decode("utf-8")
        assert _roundtrip(bad.read_bytes().decode("utf-8"))[0] == truth, bad.name


def test_ftfy_cjk_cases_without_width_folding():
    for case in json.loads((FIXTURES / "ftfy" / "ftfy_cjk_cases.json").read_text(encoding="utf-8")):
        assert repair_text(case["original"])[0] == case.get("fixed-encoding", case["fixed"])


def test_pinyin_leaks_go_real_parentheses_stay():
    fixed, edits = _roundtrip("現(xiàn)在發(fā)展(RCEP)(街道)(四)(2024)")
    assert fixed == "現在發展(RCEP)(街道)(四)(2024)"
    assert {e.op for e in edits} == {"pinyin_leak"}


def test_html_entities_and_damage_flags():
    fixed, edits = _roundtrip("中文&nbsp;&amp;&#65292;\ue000\x07")
    assert fixed == "中文\xa0&，\ue000\x07"
    assert [(e.op, e.damage) for e in edits if e.damage] == [("damage", 1), ("damage", 1)]


SAMPLE_002_RUNS = [  # (garbled, what the bytes give back) from DEFECTS.md; U+FFFD = lost byte
    ("?。ㄒ唬┮哉\ue49d舞T魂淬煉忠誠", "\ufffd（一）以政治鑄魂淬煉忠誠"),
    ("讓幸?!俺鋈Α?。", "讓幸\ufffd“出圈\ufffd。"),
    ("兜住基層“三?!钡拙€。", "兜住基層“三\ufffd”底線。"),
]


@pytest.mark.parametrize("garbled,expected", SAMPLE_002_RUNS)
def test_gbk_misalignment_runs(garbled, expected):
    fixed, edits = _roundtrip(garbled)
    assert fixed == expected
    assert sum(e.damage for e in edits) == expected.count("\ufffd")
    assert any("re-read at lost byte" in e.detail for e in edits)


def test_sample_002_has_no_pinyin_and_no_unflagged_garbage():
    text = next((ROOT / "raw").glob("002_*.txt")).read_text(encoding="utf-8")
    fixed, edits = _roundtrip(text)
    assert not re.search("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", fixed)
    garbage = {m.start() for m in re.finditer("[\u3100-\u312f\u2500-\u257f\ue000-\uf8ff\ufffd]", fixed)}
    flagged = {e.start for e in edits if e.op == "damage"}  # the flag step is the last: output offsets
    assert garbage <= flagged
    # a lost byte left as ``?`` becomes U+FFFD, flagged: convert must not take it for a question mark
    assert not re.search(r"(?<=[^\x00-\x7f\s])\?+|\?+(?=[^\x00-\x7f\s])", fixed)
    lost = [e for e in edits if e.detail == "probable lost byte, not re-read"]
    assert len(lost) >= 4
    assert all(e.op == "lost_byte" and set(e.before) == {"?"} and e.after == "\ufffd" * len(e.before) for e in lost)
    assert sum(e.damage for e in edits) == fixed.count("\ufffd")  # each lost character flagged once
    for run in ("（一）以政治鑄", "“出圈", "”底線", "和支撐條件", "金監管"):
        assert run in fixed
