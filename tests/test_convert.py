"""convert: script detection, script conversion and normalization (data-driven, negatives first)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.convert import CONFIG_FOR, ConvertParams, convert_text
from pipeline.core.edits import replay, undo
from pipeline.core.script import CONVERSION_OPS, detect_script, present, present_in_spans, script_of_classes, script_patterns

ROOT = Path(__file__).resolve().parent.parent
OPENCC_CASES = ROOT / "tests" / "fixtures" / "opencc" / "testcases.tsv"
EXPOSED = ("t2s", "s2t", "s2tw", "s2twp", "s2hk")
SCRIPT_ONLY = dict(fullwidth_punctuation=False, halfwidth_alphanumerics=False)
TRAD_ONLY, SIMP_ONLY = script_patterns()

# Must come out byte-identical under the default params (target t2s), with no edit.
UNCHANGED = [
    "",
    "2024 AI",
    "重庆市，增长5.7%。“双圈”建设\n",
    "皇后拚命干活，面条在里面，乾坤与乾隆，於姓。",  # valid Simplified that bare t2s would change (拚)
    "下午3:30开会，投资1,000亿元，增长6.1%，2023年01月18日09:20。",
    "他说：“Hello, world!” We met at 3:30, then left (quickly)!",
    "网址：http://www.gov.cn/a?b=1&c=2，邮箱：wenku@example.cn。",
    "重庆 and 成都，城镇老旧小区改造、城镇老旧小区改造，一一批，美联储。",
    "東京都の天気は晴れです。",  # Japanese: kana clauses are no Chinese text
    "  　首行缩进与行尾空格留给 segment。  \n第二段",  # indentation is segment's to strip
    "Apple (AAPL) rose 3%, e.g. (see above).",
]

# (input, output) under the default params.
CONVERTED = [
    ("重慶(2024年),增長5.7%,3:30,1,000", "重庆（2024年），增长5.7%,3:30,1,000"),
    ("頭髮和發現", "头发和发现"),
    ("加入(RCEP)协定,推动(2024)规划", "加入（RCEP）协定，推动（2024）规划"),
    ("《 人民日報 》( 2023年01月18日 03 版)", "《 人民日报 》（ 2023年01月18日 03 版）"),
    ("2023年01月18日09:20 | 來源:人民網-《人民日報》", "2023年01月18日09:20 | 来源：人民网-《人民日报》"),
    ("(上接1版)本报讯", "（上接1版）本报讯"),
    ("各位代表!“中國式現代化”,讓幸福“出圈”", "各位代表！“中国式现代化”，让幸福“出圈”"),
    ("１９７９年ＧＤＰ增长", "1979年GDP增长"),
    ("第一行\r\n第二行\r第三行\u2028第四行", "第一行\n第二行\n第三行\n第四行"),
    ("零\u200b宽\ufeff字符\x07", "零宽字符"),
    ("cafe\u0301 咖啡", "café 咖啡"),
    ("責任編輯:wuwenfei", "责任编辑：wuwenfei"),
    # one Traditional paragraph in Simplified text: only it is converted, 拚 stays
    ("我们拚搏奋斗的重庆发展报告\n臺灣聯合報記者報導", "我们拚搏奋斗的重庆发展报告\n台湾联合报记者报导"),
]

SCRIPTS = [
    ("", "none"),
    ("2024 AI GDP", "none"),
    ("東京都の天気は晴れです。", "none"),
    ("人民大会", "simplified"),  # Han text valid in both scripts is valid Simplified
    ("皇后干了一面旗，台里游泳", "simplified"),  # 后 干 面 台 里 游 are valid in both
    ("拚命於乾坤", "simplified"),  # t2s changes them, GB 2312 has them
    ("重庆市人民政府工作报告", "simplified"),
    ("重慶市人民政府工作報告", "traditional"),
    ("台灣的群眾裡面", "traditional"),  # Taiwan's standard forms
    ("重庆市经济社会发展报告\n《聯合報》引述", "simplified"),  # a quoted title is noise
    ("重庆市经济社会发展报告\n臺灣聯合報記者報導", "mixed"),
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_clean_text_is_byte_identical(text):
    result = convert_text(text)
    assert (result.text, result.edits) == (text, [])


@pytest.mark.parametrize("text, expected", CONVERTED)
def test_conversion_and_normalization(text, expected):
    result = convert_text(text)
    assert result.text == expected
    assert replay(text, result.edits) == expected
    assert undo(expected, result.edits) == text


@pytest.mark.parametrize("text, script", SCRIPTS)
def test_detect_script(text, script):
    assert detect_script(text) == script


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="重庆東京の臺灣台湾頭髮头发 a\n。", max_size=40), st.data())
def test_spans_give_the_script_their_text_gives(text, data):
    """present_in_spans (any spans: empty, overlapping, out of order) and script_of_classes,
    which publish uses per paragraph, agree with present and detect_script of the slices."""
    bound = st.integers(0, len(text))
    spans = data.draw(st.lists(st.tuples(bound, bound).map(sorted), max_size=6))
    classes = present_in_spans(text, [a for a, _ in spans], [b for _, b in spans])
    assert classes == [present(text[a:b]) for a, b in spans]
    for (a, b), found in zip(spans, classes):
        assert script_of_classes(found) in (None, detect_script(text[a:b]))


@pytest.mark.parametrize(
    "name, script",
    [("000", "simplified"), ("001", "traditional"), ("002", "traditional"), ("003", "simplified"), ("004", "simplified")],
)
def test_detect_script_of_the_samples(name, script):
    (path,) = (ROOT / "raw").glob(f"{name}_*.txt")
    assert detect_script(path.read_text(encoding="utf-8")) == script


def test_undoing_the_conversion_steps_alone_gives_the_original_script():
    text = "重慶市(2024年)頭髮,發現"
    result = convert_text(text)
    conversion = [e for e in result.edits if e.op in CONVERSION_OPS]
    assert [(e.op, e.detail.split()[0]) for e in conversion] == [("t2s", "opencc")] * len(conversion)
    assert undo(result.text, conversion) == "重慶市（2024年）頭髮，發現"


@pytest.mark.parametrize(
    "target, text, expected",
    [
        ("keep", "重慶(2024年),头发", "重慶（2024年），头发"),
        ("s2t", "重庆市人民政府,头发", "重慶市人民政府，頭髮"),
        ("s2t", "臺灣民眾了解政府的支持", "臺灣民眾了解政府的支持"),
        # Traditional input to Taiwan / Hong Kong gets the variant pass only: bare s2tw
        # would write 臺灣 and 瞭解, s2twp would turn 支持 into 支援.
        ("s2tw", "台灣民眾了解政府的支持，裏面", "台灣民眾了解政府的支持，裡面"),
        ("s2twp", "台灣民眾了解政府的支持", "台灣民眾了解政府的支持"),
        ("s2twp", "软件和鼠标", "軟體和滑鼠"),
        ("s2hk", "重庆市人民政府", "重慶市人民政府"),
    ],
)
def test_other_targets(target, text, expected):
    assert convert_text(text, ConvertParams(target=target)).text == expected


def test_every_config_we_apply_is_a_conversion_op():
    assert {c for plan in CONFIG_FOR.values() for c in plan.values()} <= CONVERSION_OPS
    assert set(CONFIG_FOR) == {*EXPOSED, "keep"}


# OpenCC's own test cases, through our converter. The rows below differ by design, all for
# one reason: wenku converts only the runs of text not already in the target script, where
# OpenCC converts everything it is given. Each is a Traditional clause with no character
# of the other script (胄 几 袷 云 are valid in both), or a Traditional phrase given to s2twp
# (wenku gives Traditional text only the Taiwan variant pass; see test_other_targets).
BY_DESIGN = {
    ("BYVoid_OpenCC_PR_1266_zhou", "s2t"), ("BYVoid_OpenCC_PR_1266_zhou", "s2tw"),
    ("BYVoid_OpenCC_PR_1266_zhou", "s2hk"), ("BYVoid_OpenCC_PR_1266_zhou", "s2twp"),
    ("BYVoid_OpenCC_Issue_506", "s2t"), ("BYVoid_OpenCC_Issue_506", "s2tw"),
    ("BYVoid_OpenCC_Issue_506", "s2hk"), ("BYVoid_OpenCC_Issue_506", "s2twp"),
    ("BYVoid_OpenCC_PR_1228_existing_behaviors", "s2t"), ("BYVoid_OpenCC_PR_464_xi_vs_xi", "s2t"),
    ("BYVoid_OpenCC_PR_464_jia_vs_jia", "t2s"),
    ("medical_phrases_tw_hepatitis_s2twp", "s2twp"), ("variants_tw_s2twp", "s2twp"),
}


def opencc_cases():
    with OPENCC_CASES.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r["config"] in EXPOSED]
    for r in rows:
        marks = [pytest.mark.xfail(strict=True, reason="by design")] if (r["id"], r["config"]) in BY_DESIGN else []
        yield pytest.param(r["config"], r["input"], r["expected"], id=f"{r['config']}-{r['id']}", marks=marks)


@pytest.mark.parametrize("config, text, expected", list(opencc_cases()))
def test_opencc_case_through_our_converter(config, text, expected):
    assert opencc.OpenCC(config).convert(text) == expected  # the binding itself agrees
    assert convert_text(text, ConvertParams(target=config, **SCRIPT_ONLY)).text == expected


@pytest.mark.parametrize("config, text, expected", [pytest.param(*p.values, id=p.id) for p in opencc_cases()])
def test_opencc_case_with_scope_all_converts_exactly_like_opencc(config, text, expected):
    assert convert_text(text, ConvertParams(target=config, scope="all", **SCRIPT_ONLY)).text == expected


def test_scope_needed_keeps_traditional_text_from_s2t():
    taiwan = "總統今（1）日上午出席升旗典禮，台灣的祕書處了解情況。"
    assert convert_text(taiwan, ConvertParams(target="s2t")).text == taiwan
    assert convert_text(taiwan, ConvertParams(target="s2t", scope="all")).text != taiwan


def test_opencc_cases_cover_every_exposed_config():
    counts = {c: sum(1 for p in opencc_cases() if p.values[0] == c) for c in EXPOSED}
    assert counts == {"t2s": 55, "s2t": 96, "s2tw": 65, "s2twp": 84, "s2hk": 51}


SIMPLIFIED_TEXT = (ROOT / "raw").glob("000_*.txt").__next__().read_text(encoding="utf-8")
HAN_ALPHABET = sorted({c for c in SIMPLIFIED_TEXT if re.match(r"[\u4e00-\u9fff]", c)})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(HAN_ALPHABET + list("，。、：；！？“”（）《》 \n0123456789abcXYZ%.-")), max_size=80))
def test_clean_simplified_text_is_never_touched(chars):
    text = "".join(chars)
    assert convert_text(text).text == text


def test_traditional_output_has_no_simplified_only_character():
    text = (ROOT / "raw").glob("003_*.txt").__next__().read_text(encoding="utf-8")
    assert not SIMP_ONLY.search(convert_text(text, ConvertParams(target="s2t")).text)
    assert not TRAD_ONLY.search(convert_text(text).text)


# --- end to end, on the built sample corpus ---------------------------------------------

ASCII_MARK_IN_HAN = re.compile(r"[\u4e00-\u9fff][,:;!?()]|[,:;!?()][\u4e00-\u9fff]")


def _table(project: Path, name: str) -> list[dict]:
    import pyarrow.dataset as ds

    return ds.dataset(project / "processed" / name, format="parquet").to_table().to_pylist()


def test_published_samples_are_simplified_with_cjk_punctuation(built_project):
    documents = {d["source_path"][:3]: d for d in _table(built_project, "documents") if "/" not in d["source_path"]}
    assert {k: d["script"] for k, d in documents.items() if k[0] == "0"} == {
        "000": "simplified", "001": "traditional", "002": "traditional", "003": "simplified", "004": "simplified"
    }
    assert {d["target_script"] for d in documents.values()} == {"t2s"}
    sample_ids = {d["doc_id"] for k, d in documents.items() if k[0] == "0"}
    paragraphs = [p for p in _table(built_project, "paragraphs") if p["doc_id"] in sample_ids]
    assert paragraphs
    assert [p["text"] for p in paragraphs if TRAD_ONLY.search(p["text"])] == []
    # 002's mojibake (pinyin leaks in garbage, lone brackets) is repair's to fix
    clean = [p for p in paragraphs if p["doc_id"] != documents["002"]["doc_id"]]
    assert [p["text"] for p in clean if ASCII_MARK_IN_HAN.search(p["text"])] == []


def test_original_script_paragraph_is_reachable_from_the_published_edits(built_project):
    """A user's recipe: apply the paragraph's conversion edits, in order, backwards."""
    paragraphs = _table(built_project, "paragraphs")
    edits = [e for e in _table(built_project, "edits") if e["op"] in CONVERSION_OPS]
    by_paragraph: dict[tuple[str, int], list[dict]] = {}
    for e in sorted(edits, key=lambda e: (e["doc_id"], e["step"], e["start"])):
        by_paragraph.setdefault((e["doc_id"], e["paragraph"]), []).append(e)
    converted = 0
    for p in paragraphs:
        mine = by_paragraph.get((p["doc_id"], p["index"]), [])
        if not mine:
            assert p["original_text"] == p["text"]
            continue
        converted += 1
        assert detect_script(p["original_text"]) in ("traditional", "mixed")
        text, cursor = p["text"], 0
        for e in mine:  # find each converted run after the previous one, put the source back
            at = text.index(e["after"], cursor)
            text = text[:at] + e["before"] + text[at + len(e["after"]) :]
            cursor = at + len(e["before"])
        assert text == p["original_text"]
    assert converted > 100


def test_switching_the_target_reruns_only_convert_and_after(built_project, tmp_path):
    import shutil

    import yaml

    from .conftest import run

    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    params = yaml.safe_load((project / "params.yaml").read_text())
    params["convert"]["target"] = "s2t"
    (project / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True))
    status = run(["dvc", "status"], project).stdout
    assert "convert" in status and "decode" not in status and "repair" not in status
    out = run(["dvc", "repro"], project).stdout
    assert "Stage 'decode' didn't change" in out and "Stage 'repair' didn't change" in out
    for stage in ("convert", "segment", "publish"):
        assert f"Running stage '{stage}'" in out
    documents = _table(project, "documents")
    assert {d["target_script"] for d in documents if d["status"] == "ok"} == {"s2t"}
    texts = [p["text"] for p in _table(project, "paragraphs")]
    assert [t for t in texts if SIMP_ONLY.search(t)] == []
    assert any("重慶" in t for t in texts)


TRADITIONAL_TEXT = (ROOT / "raw").glob("001_*.txt").__next__().read_text(encoding="utf-8")
ANY_ALPHABET = sorted(set(TRADITIONAL_TEXT[:3000]) | set(HAN_ALPHABET[:300])) + list(
    ",:;!?()\r\n\u200b\u3000１２ＡＢ 拚乾後"
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ANY_ALPHABET), max_size=120), st.sampled_from(("t2s", *EXPOSED[1:], "keep")))
def test_edits_replay_and_undo_exactly(chars, target):
    text = "".join(chars)
    result = convert_text(text, ConvertParams(target=target))
    assert replay(text, result.edits) == result.text
    assert undo(result.text, result.edits) == text
    assert result.script in ("simplified", "traditional", "mixed", "none")


def test_shipped_script_tables_are_the_installed_openccs():
    from pipeline.core.script import compute_script_tables, shipped_script_tables

    # None: built for another OpenCC version; rebuild with benchmarks/build_script_tables.py
    assert shipped_script_tables() == compute_script_tables()
