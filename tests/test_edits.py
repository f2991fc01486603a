"""Provenance: every step replays forward and undoes backward exactly."""

from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.edits import BackMapper, Edit, TextHistory, render_spans, replay, undo

texts = st.text(alphabet="ab中文、。 \n", max_size=40)


@st.composite
def histories(draw):
    text = draw(texts)
    history = TextHistory(text)
    for _ in range(draw(st.integers(0, 4))):
        n = len(history.text)
        cuts = sorted(draw(st.lists(st.integers(0, n), max_size=6, unique=True)))
        spans = [(a, b, draw(st.text(alphabet="xy兩", max_size=3))) for a, b in zip(cuts[::2], cuts[1::2])]
        history.replace(spans, op="random")
    return text, history


@given(histories())
def test_replay_and_undo_are_inverse(case):
    original, history = case
    assert replay(original, history.edits) == history.text
    assert undo(history.text, history.edits) == original


@given(histories())
def test_back_mapping_stays_in_bounds_and_keeps_order(case):
    original, history = case
    mapper = BackMapper(history.edits)
    mapped = [mapper.map(p) for p in range(len(history.text) + 1)]
    assert mapped == sorted(mapped)
    assert all(0 <= p <= len(original) for p in mapped)
    assert mapper.map(len(history.text), end=True) == len(original)


def test_unchanged_text_maps_to_itself():
    history = TextHistory("甲乙丙丁")
    history.replace([(1, 2, "乙")], op="noop")  # no real change: nothing recorded
    assert history.edits == []
    assert BackMapper(history.edits).map(3) == 3


def test_flag_records_damage_without_changing_text():
    history = TextHistory("a\ufffdb")
    history.flag(1, 2, op="damage", damage=1)
    assert history.text == "a\ufffdb"
    assert history.edits == [Edit(0, "damage", 1, 2, "\ufffd", "\ufffd", "", 1)]


def test_edit_that_does_not_match_the_text_is_refused():
    import pytest

    with pytest.raises(ValueError):
        replay("abc", [Edit(0, "x", 0, 1, "z", "y")])


def test_render_spans_joins_spans_in_order():
    text = "前半句\n[图片说明]\n后半句"
    assert render_spans(text, [(0, 3), (11, 14)], []) == "前半句后半句"
