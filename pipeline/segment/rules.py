"""Every pattern the segmenter knows, in one place: named, documented, with examples.

A :class:`Rule` gives a block a kind when its whole text matches. ``LINE_RULES`` are
tried in order, first match wins; a block no rule matches is left to the structural
classifier (title / heading / body), which is conservative: when unsure, ``body``.
Patterns match ASCII and full-width punctuation and Simplified and Traditional script,
because segment may run after ``convert.target: keep``. Each rule's ``examples`` must
match and its ``negatives`` must not (``tests/test_segment_rules.py`` checks all).

>>> classify_line("（上接1版）").name, classify_line("人民网>>重庆频道>>要闻").kind
('continued_from', 'boilerplate')
>>> classify_line("重庆加快建设西部金融中心") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .first_match import FirstMatch

SENTENCE_FINAL = "。！？!?…"
QUOTE_CLOSE = "”」』’\"'"
CLOSERS = ")）】]》"
CLAUSE_MARKS = "，,；;"
NON_FINAL_END = "，,、；;：:—-"
QUOTE_OPEN = "“「『‘\"'《（("

NAME = r"[\u4e00-\u9fff·]{2,4}"
NAMES = rf"{NAME}(?:[ \u3000、，,]+{NAME})*"
REPORTER = r"(?:记者|記者|通讯员|通訊員|实习生|實習生|见习记者|見習記者|特约记者|特約記者)"


@dataclass(frozen=True)
class Rule:
    """A named pattern that gives a block ``kind`` when it matches the block's text."""

    name: str
    kind: str
    pattern: str
    doc: str
    examples: tuple[str, ...]
    negatives: tuple[str, ...]

    def __post_init__(self):
        object.__setattr__(self, "regex", re.compile(self.pattern))

    def matches(self, text: str) -> bool:
        return self.regex.search(text) is not None  # type: ignore[attr-defined]


LINE_RULES: tuple[Rule, ...] = (
    Rule("continued_from", "marker",
         r"^[（(]\s*(?:上接|接上|紧接|緊接|续|續)第?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[版页頁面]\s*[)）]$",
         "Where an article continues from another page.",
         ("（上接1版）", "(上接1版)", "（紧接第一版）"), ("上接1版的报道提到", "（上接）")),
    Rule("continued_to", "marker",
         r"^[（(]\s*(?:下转|下轉|转|轉|接下)第?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[版页頁面]\s*[)）]$",
         "Where an article continues on another page.",
         ("（下转2版）", "(下轉第3版)"), ("下转2版", "（转载）")),
    Rule("photo_credit", "caption",
         rf"^.{{0,300}}?(?:{REPORTER}|摄影|攝影)\s*{NAMES}\s*(?:摄|攝)(?:\s*(?:视觉重庆|視覺重慶))?\s*[)）]?$"
         r"|^.{0,300}(?:视觉重庆|視覺重慶|供图|供圖|资料图片|資料圖片)\s*[)）]?$|^(?:图|圖)\s*[/／：:为為]",
         "Photo captions: they end with a photo credit (记者 NAME 摄, 视觉重庆, 供图).",
         ("二月二十一日上午，市六届人大二次会议隆重开幕。记者 苏思 摄 视觉重庆",
          "3月5日下午，重庆代表团举行开放团组会议。 新重庆-重庆日报记者 苏思 摄", "图为会议现场。（新华社记者 张三 摄）"),
         ("他用相机拍摄了这一幕。", "记者 苏思", "摄影展在重庆开幕")),
    Rule("reporter_byline", "byline",
         rf"^[□■◇◆]?\s*(?:[\u4e00-\u9fff\-－—·]{{0,20}}?){REPORTER}\s*[:：]?\s*{NAMES}$",
         "Bylines: (paper-)reporter followed by names only.",
         ("□新重庆-重庆日报记者 何春阳", "重庆日报记者 黄光红", "本报记者 王斌来",
          "新重庆-重庆日报记者 杨帆 王天翊", "重庆大学-重庆日报记者 杨毓紫 韩毅 黄乔"),
         ("记者采访了重庆市委副书记、市长胡衡华。", "记者：今年是开局之年。")),
    Rule("speaker_byline", "byline",
         r"^[\u4e00-\u9fff]{2,20}(?:市长|市長|省长|省長|主席|主任|书记|書記|部长|部長|总理|總理|院长|院長)\s+[\u4e00-\u9fff·]{2,4}$",
         "Who delivers a report: office, a space, a name.",
         ("重庆市人民政府市长 胡衡华", "重慶市人民政府市長 胡衡華"), ("袁家军胡衡华等回答记者提问 王炯张轩参加",)),
    Rule("source_credit", "byline",
         r"^(?:据|據)[\u4e00-\u9fff\-·]{2,16}(?:客户端|客戶端|报道|報道|消息|网|網|公众号|公眾號)$"
         r"|^(?:来源|來源|稿源)\s*[:：]\s*\S{2,30}$",
         "Where a reprinted text comes from.",
         ("据新重庆客户端", "来源：新华社"), ("据统计，全市增长5%。", "来源：人民网 2023年01月18日 编辑：张三 审核：李四 校对：王五 统计")),
    Rule("breadcrumb", "boilerplate",
         r"^[\u4e00-\u9fff][^。！？]{0,40}?\s*(?:>>|＞＞|»|›)\s*\S.{0,80}$",
         "Web navigation trail.", ("人民网>>重庆频道>>人民日报记者遍神州", "首页 » 新闻"),
         ("a >> b 不是中文", "增长>5%")),
    Rule("site_name", "boilerplate", r"^[\u4e00-\u9fff]{2,5}(?:网|網)$",
         "A portal's name alone on a line (above its breadcrumb).", ("人民网", "人民網"), ("互联网发展很快", "重庆")),
    Rule("page_control", "boilerplate",
         r"^[【\[]?\s*(?:(?:小|中|大)?字[号號](?:\s*[:：]?\s*[大中小](?:\s+[大中小])*)?|打印(?:本[页頁])?|[关關]闭(?:窗口)?|[關]閉(?:窗口)?"
         r"|返回[顶頂]部|回到[顶頂]部|分享[让讓]更多人看到|分享到\S{0,20}|收藏|[纠糾][错錯]|[扫掃]一[扫掃]\S{0,12})\s*[】\]]?$",
         "Web page controls and share buttons.", ("小字号", "小字號", "返回顶部", "返回頂部", "分享让更多人看到", "【字号 大 中 小】"),
         ("返回顶部的按钮被移除了。", "字号很大的标题")),
    Rule("dateline", "boilerplate",
         r"^(?:(?:发布时间|發布時間|时间|時間)\s*[:：]\s*)?\d{4}\s*(?:年|[-/.])\s*\d{1,2}\s*(?:月|[-/.])\s*\d{1,2}\s*日?"
         r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?(?:\s*[|｜丨]?\s*(?:来源|來源|作者|编辑|編輯)\s*[:：].{0,60})?$",
         "Publication date/time line of a web page, with its source.",
         ("2023年01月18日09:20 | 来源：人民网-《人民日报》", "2024-01-21 10:30:05", "2023年01月18日"),
         ("2023年01月18日，重庆召开大会。",)),
    Rule("print_edition", "boilerplate",
         r"^《\s*[^》]{2,16}\s*》\s*[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:第\s*)?\d{1,3}\s*[版]\s*[)）]$",
         "Which print edition a web article came from.", ("《 人民日报 》( 2023年01月18日 03 版)", "《人民日報》（2023年01月18日 第3版）"),
         ("《人民日报》发表评论员文章",)),
    Rule("editor_line", "boilerplate",
         r"^[（(]\s*(?:责编|責編|责任编辑|責任編輯|编辑|編輯|校对|校對|审核|審核|作者)\s*[:：].{1,40}[)）]$"
         r"|^(?:责任编辑|責任編輯|责编|責編|编辑|編輯|审核|審核|校对|校對)\s*[:：]\s*\S.{0,40}$",
         "Editor credits.", ("(责编：秦洁、刘政宁)", "（責編:秦潔、劉政寧）", "责任编辑：wuwenfei", "責任編輯:wuwenfei"),
         ("编辑部的故事很精彩。", "责任编辑要对稿件负责，这是规定。")),
    Rule("teaser_header", "boilerplate",
         r"^[【\[]?(?:本网专稿|本網專稿|相关新闻|相關新聞|相关阅读|相關閱讀|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|热点推荐|熱點推薦|精彩推荐|精彩推薦|猜你喜欢|猜你喜歡|更多新闻|更多新聞)[】\]]?$",
         "Header of a block of teasers for other articles (the teasers that follow are boilerplate too).",
         ("本网专稿", "本網專稿", "【相关阅读】"), ("本网专稿的作者是谁？",)),
    Rule("column_label", "heading",
         r"^(?:关键词|關鍵詞)\s*[【\[].{1,20}[】\]]$|^(?:\d{4}\s*)?聚焦[\u4e00-\u9fff]{2,8}$"
         r"|^[\u4e00-\u9fff]{0,3}(?:专访|專訪|特写|特寫|快评|快評|速览|速覽|图解|圖解|综述|綜述)$",
         "Newspaper column and section labels.", ("关键词【“双圈”建设】", "两会专访", "2024 聚焦重庆两会"),
         ("关键词是创新。", "他接受了专访")),
    Rule("subtitle", "heading", r"^(?:——|--|—)\s*[^。！？!?]{2,80}$",
         "A subtitle line starting with a dash.", ("——访重庆市委副书记、市长胡衡华", "——2025年1月19日在重庆市第六届人民代表大会第三次会议上"),
         ("——经济运行稳中有进、发展态势向上向好。全年地区生产总值增长5.7%。",)),
    Rule("numbered_heading", "heading",
         r"^(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十]{1,3}[章节部分篇])\s*[^。！？!?；;：:]{2,40}$"
         r"|^[（(][一二三四五六七八九十]{1,3}[)）]\s*[^。！？!?；;]{2,80}[。]?$",
         "Chinese-numbered section headings: 一、… and a one-sentence （一）…。",
         ("一、2024年工作回顾", "（一）聚力打造西部地区高质量发展先行区，在服务全国发展大局中展现新担当。"),
         ("（一）以政治铸魂淬炼忠诚。旗帜鲜明讲政治，深学细悟。", "一是着力推动经济企稳恢复提振。")),
)

RULES_BY_NAME = {rule.name: rule for rule in LINE_RULES}

HEADLINE = Rule(
    "headline", "title", r"^[^，,。；;！？!?]{4,60}\s——\s*[^，,。；;！？!?]{2,60}$",
    "A newspaper headline with its kicker (`MAIN ——SUBTITLE`); may sit inside another article's sentence.",
    ("拼搏奋进 让美好蓝图变为施工图实景图 ——我市社会各界热议政府工作报告",
     "一份亮眼的“年终总结” 一份高标准“新年计划” ——重庆社科院城市与区域经济研究所所长彭劲松解读政府工作报告"),
    ("2022年6月初，此项试点升级——重庆全域符合条件的企业均可借用外债。",),
)

NUMBERED_ITEM = Rule(
    "numbered_item", "list_item", r"^\d{1,2}\s+[^\d\s][^。！？!?]{1,60}$",
    "A markdown-residue numbered item `1 扎实推进…` (a heading when `- ` items follow it).",
    ("1 扎实推进成渝地区双城经济圈建设，全市域融入、全方位推进形成新格局", "10 更大力度保障和改善民生"),
    ("2024 聚焦重庆两会", "1月21日，市六届人大二次会议开幕。"),
)

FIGURE_LINE = Rule(
    "figure_line", "body", r"\d\s*[%％]",
    "A short line carrying a figure (`增长6.1%`): data, not a heading.",
    ("地区生产总值迈上3万亿元新台阶，增长6.1%", "居民消费价格涨幅3%左右"), ("2024年主要任务",),
)

TEASER_TEXT = Rule(
    "teaser_text", "boilerplate", r"(?:…|\.\.\.|……)\s*$",
    "Text of a teaser: cut off with an ellipsis (only inside a teaser block).",
    ("人民网重庆1月17日电 针对春运期间车辆集中出行……", "刷新西南城市高空游乐体验。…"), ("全面建设社会主义现代化国家。",),
)

PARAGRAPH_OPENER = Rule(
    "paragraph_opener", "body",
    r"^(?:——|[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．]|第[一二三四五六七八九十]{1,3}[，,、]|首先|其次|最后|另外|此外)",
    "How a new paragraph typically begins: never the second half of a broken one.",
    ("——经济运行稳中有进。", "一是着力推动经济企稳恢复提振。", "（三）抓教育兴科技育人才", "此外，他还表示"), ("有很强的政治属性", "和长江黄金水道协同联动"),
)

NO_START_CHARS = "的了们們么麼吗嗎呢吧啊性者率及或"
"""Characters that (almost) never begin a Chinese sentence: a block starting with one is
the second half of something."""


NO_END_CHARS = "的地得和与與及或在对對向为為是把被从從将將让讓使于於以而并並且但其各每这這那该該此之所"
"""Characters that (almost) never end a sentence or a heading: a block ending with one
was cut off."""


# Rules whose regex scans the line, each with a character class one character of which any
# text it matches holds: ``photo_credit`` needs 摄/攝 (a credit), 视/視 (视觉重庆, 視覺重慶) or
# 图/圖 (供图, 资料图片, 图为…); ``breadcrumb`` a ``>>``, ``＞＞``, ``»`` or ``›``; ``headline`` its
# `` ——``; ``reporter_byline`` 记者/記者, 通讯员/通訊員 or 实习生/實習生; ``speaker_byline`` the
# space between office and name. A block holding none is not tried against the rule.
SCANNING_RULES: dict[str, str] = {
    "photo_credit": "摄攝图圖视視",
    "breadcrumb": ">＞»›",
    "headline": "—",
    "reporter_byline": "记記讯訊习習",
    "speaker_byline": r"\s",
}
"""Every example of a scanning rule holds one of its characters:

>>> [name for name, chars in SCANNING_RULES.items()
...  if not all(re.search(f"[{chars}]", t) for t in RULES_BY_NAME.get(name, HEADLINE).examples)]
[]
"""

classify_line = FirstMatch(LINE_RULES, SCANNING_RULES)
"""``classify_line(text)``: the first of ``LINE_RULES`` whose pattern matches ``text``, or ``None``.

>>> classify_line("记者 苏思 摄").name, classify_line("首页 » 新闻").name, classify_line("（下转2版）").name
('photo_credit', 'breadcrumb', 'continued_to')
>>> classify_line("图为会议现场。（新华社记者 张三 摄）").name, classify_line("人民网").name
('photo_credit', 'site_name')
"""

classify_block = FirstMatch((*LINE_RULES, HEADLINE), SCANNING_RULES)
"""``classify_block(text)``: the first of ``LINE_RULES``, then ``HEADLINE``, that matches ``text``
(the pattern kind of a block, before re-joining), or ``None``.

>>> classify_block("拼搏奋进 让美好蓝图变为施工图实景图 ——我市社会各界热议政府工作报告").name
'headline'
"""


ALL_RULES = (*LINE_RULES, HEADLINE, NUMBERED_ITEM, FIGURE_LINE, TEASER_TEXT, PARAGRAPH_OPENER)
