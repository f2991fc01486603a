"""Property: any stretch of real Chinese text, cut anywhere, encoded any supported way, decodes exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.decode import decode_bytes

# Our own sentences, in the register of the archive (reports and news), both scripts.
SIMPLIFIED = (
    "会议强调，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，"
    "着力推动高质量发展。全年城镇新增就业一千二百五十六万人，居民消费价格上涨百分之二。"
    "各级政府要把群众的急难愁盼问题放在心上，办好民生实事，让人民群众有更多获得感。"
)
TRADITIONAL = (
    "行政院今天召開院會，通過明年度中央政府總預算案，並將送請立法院審議。院長表示，"
    "政府將持續推動產業轉型與能源轉型，照顧弱勢家庭，強化社會安全網，提升國家競爭力。"
)
CODECS = {"gb18030": SIMPLIFIED, "cp950": TRADITIONAL, "utf-8": SIMPLIFIED + TRADITIONAL,
          "utf-16-le": TRADITIONAL, "utf-16-be": SIMPLIFIED, "utf-32-le": SIMPLIFIED}


@st.composite
def stretches(draw):
    codec = draw(st.sampled_from(sorted(CODECS)))
    source = CODECS[codec]
    start = draw(st.integers(0, len(source) - 12))
    end = draw(st.integers(start + 12, len(source)))
    return codec, source[start:end]


@settings(max_examples=150, deadline=None)
@given(stretches())
def test_any_stretch_decodes_exactly(case):
    codec, text = case
    result = decode_bytes(text.encode(codec))
    assert (result.encoding, result.text, result.undecodable) == (codec, text, [])
