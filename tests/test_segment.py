"""Segmentation: rules, the samples' layout and web defects, provenance, evaluation."""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.convert import convert_text
from pipeline.core.edits import render_spans
from pipeline.decode import decode_bytes
from pipeline.repair import repair_text
from pipeline.segment import SegmentParams, segment_text
from pipeline.segment.evaluate import Expected, as_expected, body_loss, clean_paragraphs, score, synthetic_document
from pipeline.segment.rules import ALL_RULES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "segmentation"
SAMPLES = sorted(p.name for p in (ROOT / "raw").glob("*.txt"))


@lru_cache(maxsize=None)
def converted(name: str) -> str:
    """A sample as segment receives it in the pipeline (decoded, repaired, t2s)."""
    return convert_text(repair_text(decode_bytes((ROOT / "raw" / name).read_bytes()).text)[0]).text


@lru_cache(maxsize=None)
def segmented(name: str):
    return segment_text(converted(name))[0]


def find(name: str, start: str):
    """The one block whose text opens with ``start`` (give or take a leading bracket, so
    that a change in punctuation normalization does not break the lookup)."""
    matches = [b for b in segmented(name) if start in b.text[: len(start) + 2]]
    assert len(matches) == 1, f"{name}: {len(matches)} blocks start with {start!r}"
    return matches[0]


# --- rules: every documented example, negatives first -----------------------------------

@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.name)
def test_rule_negatives_do_not_match(rule):
    assert rule.negatives, f"rule {rule.name} has no negative example"
    assert [t for t in rule.negatives if rule.matches(t)] == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.name)
def test_rule_examples_match(rule):
    assert [t for t in rule.examples if not rule.matches(t)] == []


# --- provenance on every block of every sample -----------------------------------------

@pytest.mark.parametrize("name", SAMPLES)
def test_blocks_render_from_their_spans_and_point_at_real_text(name):
    text = converted(name)
    blocks, edits = segment_text(text)
    for b in blocks:
        assert render_spans(text, b.spans, b.edits) == b.text
        assert all(text[s:e].strip() for s, e in b.spans), b
    starts = [b.spans[0][0] for b in blocks]
    assert starts == sorted(starts)
    spans = sorted(s for b in blocks for s in b.spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "spans overlap"
    assert [(e.start, e.end) for e in edits] == sorted((e.start, e.end) for e in edits)


@pytest.mark.parametrize("name", SAMPLES)
def test_no_markdown_bold_is_published(name):
    assert not [b.text for b in segmented(name) if "**" in b.text]


# --- DEFECTS.md: page layout (000, 003, 004) -------------------------------------------

def test_paragraph_broken_mid_word_is_joined():
    block = find("000_78c09d9087ea6b97.txt", "市委教育工委书记")
    assert "重要基石，具有很强的政治属性" in block.text and len(block.spans) == 2 and block.kind == "body"


def test_headline_dropped_into_a_sentence():
    block = find("000_78c09d9087ea6b97.txt", "在彭劲松看来")
    assert "大力推进高质量发展取得了新进展新突破。" in block.text and len(block.spans) == 2
    headline = find("000_78c09d9087ea6b97.txt", "一份亮眼的“年终总结”")
    assert (headline.kind, headline.article) == ("title", block.article)
    blocks = segmented("000_78c09d9087ea6b97.txt")
    assert blocks.index(headline) == blocks.index(block) + 1


def test_photo_caption_inside_a_sentence():
    block = find("004_e5919b76fe67a0f2.txt", "袁家军说，新质生产力")
    assert "推动西部陆海新通道、中欧班列和长江黄金水道协同联动" in block.text and len(block.spans) == 2
    assert find("004_e5919b76fe67a0f2.txt", "3月5日下午，十四届全国人大二次会议重庆代表团举行开放团组会议。 ").kind == "caption"


@pytest.mark.parametrize(
    "name, start, kind",
    [
        ("000_78c09d9087ea6b97.txt", "二月二十一日上午，重庆市人民大礼堂", "caption"),
        ("000_78c09d9087ea6b97.txt", "关键词【“双圈”建设】", "heading"),
        ("000_78c09d9087ea6b97.txt", "两会专访", "heading"),
        ("000_78c09d9087ea6b97.txt", "□新重庆-重庆日报记者 何春阳", "byline"),
        ("000_78c09d9087ea6b97.txt", "重庆大学-重庆日报记者 杨毓紫", "byline"),
        ("003_bf05f5ec527d8442.txt", "重庆日报记者 黄光红", "byline"),
        ("004_e5919b76fe67a0f2.txt", "新重庆-重庆日报记者 杨帆 王天翊", "byline"),
        ("003_bf05f5ec527d8442.txt", "据新重庆客户端", "byline"),
        ("003_bf05f5ec527d8442.txt", "1 扎实推进成渝地区", "heading"),
        ("003_bf05f5ec527d8442.txt", "重大政策加快落地", "list_item"),
        ("003_bf05f5ec527d8442.txt", "地区生产总值迈上3万亿元新台阶", "body"),
        ("001_2f6d60ebb665e63f.txt", "人民网>>重庆频道>>人民日报记者遍神州", "boilerplate"),
        ("001_2f6d60ebb665e63f.txt", "小字号", "boilerplate"),
        ("001_2f6d60ebb665e63f.txt", "2023年01月18日09", "boilerplate"),
        ("001_2f6d60ebb665e63f.txt", "责编", "boilerplate"),
        ("001_2f6d60ebb665e63f.txt", "分享让更多人看到", "boilerplate"),
        ("001_2f6d60ebb665e63f.txt", "本网专稿", "boilerplate"),
        ("001_2f6d60ebb665e63f.txt", "春节期间重庆增设16处", "boilerplate"),
        ("001_2f6d60ebb665e63f.txt", "人民网重庆1月17日电 针对春运", "boilerplate"),
        ("001_2f6d60ebb665e63f.txt", "返回顶部", "boilerplate"),
        ("001_2f6d60ebb665e63f.txt", "为中国式现代化贡献更多重庆力量", "title"),
        ("002_a2cb04c756ef0252.txt", "责任编辑：wuwenfei", "boilerplate"),
        ("002_a2cb04c756ef0252.txt", "重庆市人民政府市长 胡衡华", "byline"),
    ],
)
def test_sample_block_kinds(name, start, kind):
    assert find(name, start).kind == kind


def test_print_edition_line_twice_and_continuation_markers():
    blocks = segmented("001_2f6d60ebb665e63f.txt")
    assert [b.kind for b in blocks if b.text.startswith("《 人民日报 》")] == ["boilerplate", "boilerplate"]
    markers = [b for b in segmented("003_bf05f5ec527d8442.txt") if b.kind == "marker"]
    assert len(markers) == 2 and all("上接1版" in m.text for m in markers)


def test_repeated_heading_is_kept_once_and_the_repeat_flagged():
    blocks = [b for b in segmented("003_bf05f5ec527d8442.txt") if b.text == "2024年主要任务"]
    assert [b.kind for b in blocks] == ["heading", "boilerplate"]
    assert [e.op for e in blocks[1].edits] == ["repeated_heading"]


def test_articles_of_a_file_holding_several():
    name = "003_bf05f5ec527d8442.txt"
    starts = ["政府工作报告里的重庆", "胡衡华说，今年是实现", "会议强调，贯彻落实", "重庆科技型中小企业"]
    assert [find(name, s).article for s in starts] == [0, 1, 2, 3]
    assert max(b.article for b in segmented("000_78c09d9087ea6b97.txt")) == 1
    assert find("000_78c09d9087ea6b97.txt", "两会专访").article == 1


# --- the hand-written expectations -----------------------------------------------------

@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_samples_against_expected_segmentation(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = converted(data["sample"])
    lines = text.split("\n")
    for b in data["blocks"]:  # the annotation still points at the lines it describes
        assert b["start"] in lines[b["lines"][0] - 1].replace("**", ""), b
    expected = [Expected(tuple(b["lines"]), b["kind"], b["article"]) for b in data["blocks"]]
    s = score(expected, as_expected(text, segment_text(text)[0])).row()
    assert s["boundary_p"] == s["boundary_r"] == s["article_acc"] == 1.0
    assert s["kind_p"] >= 0.97 and s["kind_r"] >= 0.97, s


# --- structure: hard wraps, indentation, nothing deleted --------------------------------

def test_hard_wrapped_text_is_rejoined_with_the_breaks_recorded():
    para = "重庆市六届人大二次会议开幕，我市广大干部群众通过多种方式收听收看会议盛况，讨论政府工作报告关注的热点。"
    wrapped = "\n".join(para[i : i + 16] for i in range(0, len(para), 16))
    text = f"{wrapped}\n\n{wrapped}\n"
    blocks, edits = segment_text(text)
    assert [b.text for b in blocks] == [para, para]
    assert {e.op for e in edits} == {"join_lines"} and all(e.before == "\n" for e in edits)


def test_rejoined_latin_words_keep_their_space():
    text = "标题\n\n他说，这是第一段，内容很长，我们在这里讨论the new\n\n记者 苏思 摄\n\npolicy的影响。\n"
    blocks = segment_text(text)[0]
    assert blocks[1].text == "他说，这是第一段，内容很长，我们在这里讨论the new policy的影响。"
    assert render_spans(text, blocks[1].spans, blocks[1].edits) == blocks[1].text


def test_one_paragraph_per_line_files_are_not_joined():
    text = "第一段话说完了。\n第二段话也说完了。\n\u3000\u3000第三段。\n"
    assert [b.text for b in segment_text(text)[0]] == ["第一段话说完了。", "第二段话也说完了。", "第三段。"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="重庆市发展经济，。、报告记者 摄\u3000-*#\n", min_size=1, max_size=40), min_size=1, max_size=8))
def test_nothing_is_deleted(paragraphs):
    """Every visible character lies in exactly one block's spans; blocks render from them."""
    text = "\n\n".join(paragraphs)
    blocks, _ = segment_text(text, SegmentParams())
    covered = [0] * len(text)
    for b in blocks:
        assert render_spans(text, b.spans, b.edits) == b.text
        for start, end in b.spans:
            for p in range(start, end):
                covered[p] += 1
    assert all(covered[p] == 1 for p, ch in enumerate(text) if not ch.isspace())
    assert max(covered, default=0) <= 1


def test_generated_check_on_sample_paragraphs():
    paras = [p for name in SAMPLES if name[:3] in ("000", "004") for p in clean_paragraphs(converted(name))]
    rng = random.Random(7)
    totals = [0, 0, 0, 0, 0]
    for _ in range(40):
        start = rng.randrange(len(paras))
        text, expected, body = synthetic_document("重庆代表团举行开放团组会议", paras[start : start + 6], rng)
        blocks = segment_text(text)[0]
        s = score(expected, as_expected(text, blocks))
        lost = body_loss(body, "".join(b.text for b in blocks if b.kind == "body"))
        for i, v in enumerate((s.boundary_tp, s.kind_tp, s.expected, s.predicted, lost)):
            totals[i] += v
    tp, kind_tp, exp, pred, lost = totals
    assert tp / exp >= 0.97 and tp / pred >= 0.97 and kind_tp / exp >= 0.97, totals
    assert lost == 0


def test_shipped_word_list_is_jiebas_two_character_words():
    from pipeline.segment.words import _words, jieba_two_char_words

    assert _words() == jieba_two_char_words()  # rebuild with benchmarks/build_wordlist.py


def test_written_out_wide_ranges_are_what_unicodedata_says():
    import unicodedata

    from pipeline.segment import wide_ranges
    from pipeline.segment.lines import display_width, wide_ranges_of_unicodedata

    if unicodedata.unidata_version != wide_ranges.UNICODE_VERSION:
        pytest.skip(f"unicodedata {unicodedata.unidata_version}: lines computes the ranges itself")
    assert list(wide_ranges.RANGES) == wide_ranges_of_unicodedata()
    assert [display_width(s) for s in ("重庆", "ab", "ＧＤＰ", "\u3000", "𠀀", "ｱ")] == [4, 2, 6, 2, 2, 1]
