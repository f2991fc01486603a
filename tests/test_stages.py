"""Pure stage functions on small, readable cases (later issues add their own files)."""

from pipeline.convert import convert_text
from pipeline.core.edits import replay
from pipeline.repair import repair_text
from pipeline.segment import segment_text


def test_repair_removes_pinyin_leaks_but_keeps_real_parentheses():
    text = "現(xiàn)在,我代表市人民政府(RCEP)(街道)(四)(2024)"
    fixed, edits = repair_text(text)
    assert fixed == "現在,我代表市人民政府(RCEP)(街道)(四)(2024)"
    assert [(e.op, e.before) for e in edits] == [("pinyin_leak", "(xiàn)")]
    assert replay(text, edits) == fixed


def test_repair_leaves_clean_text_alone():
    clean = "城镇老旧小区改造、城镇老旧小区改造，一一批，美联储 and 1月21日。"
    assert repair_text(clean) == (clean, [])


def test_convert_simplifies_traditional_and_keeps_numbers():
    result = convert_text("重慶(2024年),增長5.7%,3:30,1,000")
    assert result.script == "traditional"
    assert result.text == "重庆（2024年），增长5.7%,3:30,1,000"
    assert replay("重慶(2024年),增長5.7%,3:30,1,000", result.edits) == result.text


def test_convert_leaves_simplified_text_byte_identical():
    clean = "重庆市，增长5.7%。“双圈”建设\n"
    assert convert_text(clean).text == clean
    assert convert_text(clean).edits == []


def test_segment_keeps_spans_and_strips_markup():
    text = "\n  标题\n\n**3万亿元**新台阶\n- 重大政策加快落地\n"
    blocks, edits = segment_text(text)
    assert [(b.text, b.kind) for b in blocks] == [
        ("标题", "title"),
        ("3万亿元新台阶", "heading"),  # a short line a list follows
        ("重大政策加快落地", "list_item"),
    ]
    assert all(text[s:e].strip() for b in blocks for s, e in b.spans)
