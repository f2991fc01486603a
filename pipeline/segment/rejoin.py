"""Re-join paragraphs that the page layout broke, across what fell between the halves.

A block *A* that ends without sentence-final punctuation is joined with the next
unclassified block *C* when C does not open a paragraph of its own and the evidence says
the sentence runs on: A ends inside a clause (``，``), or A is a sentence, not a heading
(longer than ``heading_max_chars``, two commas, a full stop inside, a bracket left open,
or a last character like ``的`` that never ends one), or C starts mid-sentence (``看，…``,
``的…``) or, in a file that indents its paragraphs, C is not indented, or a word is cut in two at the junction (``…发展取`` / ``得了…``,
see ``words``). Captions, continuation markers and headlines (``MAIN ——KICKER``) up
to ``max_interrupters`` may sit between A and C; they stay their own blocks, marked as
interrupters. The joined block keeps one span per half, in reading order.

>>> from .lines import Piece
>>> title = Piece([(0, 2)], [], "标题")
>>> a = Piece([(3, 20)], [], "他说，从报告中不难读出，从发展战略上")
>>> cap = Piece([(21, 28)], [], "记者 苏思 摄", kind="caption")
>>> c = Piece([(29, 40)], [], "看，新时代西部大开发。")
>>> [(p.text, p.spans) for p in rejoin([title, a, cap, c])][1:]
[('他说，从报告中不难读出，从发展战略上看，新时代西部大开发。', [(3, 20), (29, 40)]), ('记者 苏思 摄', [(21, 28)])]
"""

from __future__ import annotations

from ..core.edits import Edit
from .lines import Piece
from .params import SegmentParams
from .rules import NO_END_CHARS
from .shape import ends_clause, ends_sentence, heading_like, opens_paragraph, starts_midsentence
from .words import splits_word

INTERRUPTER_KINDS = ("caption", "marker")
INTERRUPTER_RULES = ("headline",)


def _interrupts(piece: Piece) -> bool:
    return piece.kind in INTERRUPTER_KINDS or piece.rule in INTERRUPTER_RULES


def _open(piece: Piece) -> bool:
    """Unclassified running text, the only thing that can be either half."""
    return piece.kind is None and not piece.list_item and not piece.md_heading and not piece.repeated


def continues(a: str, c: str, params: SegmentParams, indent: str = "") -> bool:
    """Whether text ``c`` carries on the sentence that ``a`` leaves unfinished.

    ``indent`` is what indentation says in a file whose paragraphs are indented: ``"new"``
    when ``c`` is indented (it starts a paragraph), ``"continued"`` when ``a`` is and ``c``
    is not (``c`` carries on); empty when the file does not indent paragraphs.

    >>> p = SegmentParams()
    >>> continues("他说，从报告中不难读出，从发展战略上", "看，新时代西部大开发。", p)
    True
    >>> continues("加强区域合作，推进川渝高质量发展", "政府工作报告提出，纵深推进。", p)
    False
    """
    if not a or not c or ends_sentence(a) or opens_paragraph(c):
        return False
    if indent == "new":
        return ends_clause(a)
    c_mid = starts_midsentence(c) or indent == "continued"
    if a[-1] in "：:":  # a colon introduces what follows (各位代表：), which may stand alone
        return starts_midsentence(c)
    if heading_like(c, params.heading_max_chars) and not c_mid:
        return False
    a_sentence = not heading_like(a, params.heading_max_chars) or a[-1] in NO_END_CHARS
    return ends_clause(a) or a_sentence or c_mid or (params.word_check and splits_word(a, c))


def rejoin(pieces: list[Piece], params: SegmentParams = SegmentParams()) -> list[Piece]:
    """The pieces with broken paragraphs joined (joined halves removed from the list)."""
    absorbed = [False] * len(pieces)
    running = [p for p in pieces if _open(p)][1:]  # the first is the title or the lead
    indented = sum(p.indented for p in running)
    indents = indented >= 1 and indented >= 0.4 * len(running)
    first_open = True
    for i, a in enumerate(pieces):
        if absorbed[i] or not _open(a):
            continue
        if first_open:  # a document's first block is its title or its start, never a first half
            first_open = False
            continue
        last = i
        while True:
            j, between = last + 1, []
            while j < len(pieces) and _interrupts(pieces[j]) and len(between) < params.max_interrupters:
                between.append(j)
                j += 1
            if j >= len(pieces) or not _open(pieces[j]):
                break
            indent = "" if not indents else "new" if pieces[j].indented else "continued" if a.indented else ""
            if not continues(a.text, pieces[j].text, params, indent):
                break
            c = pieces[j]
            if a.text[-1].isascii() and a.text[-1].isalnum() and c.text[0].isascii() and c.text[0].isalnum():
                at = c.spans[0][0]  # Latin words need the space the break took away
                c.edits.insert(0, Edit(0, "join_space", at, at, "", " ", "space between re-joined halves"))
                c.text = " " + c.text
            a.spans.extend(c.spans)
            a.edits.extend(c.edits)
            a.text += c.text
            for k in between:
                pieces[k].interrupter = True
            absorbed[j] = True
            last = j
    return [p for p, gone in zip(pieces, absorbed) if not gone]
