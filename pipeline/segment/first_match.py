"""The first of several anchored rules that matches a text, in one call into the regex engine.

Trying sixteen line rules one by one costs sixteen calls per block; one alternation of all
of them, each in a group named by its position, matched at offset 0, takes the first that
matches (the alternation tries them in order), which is what trying them in order gives
as long as every rule can only match at offset 0 (:func:`anchored`).

A few rules scan the whole line (``^.{0,300}?…摄$``) and cost more than all the others
together; each is *gated* by characters one of which any text it matches contains. One
character-class search over the text says which gated rules may match, and the
alternation without the others is used (one compiled regex per set of gated rules).

>>> from pipeline.segment.rules import LINE_RULES
>>> first = FirstMatch(LINE_RULES, {"photo_credit": "摄攝图圖视視"})
>>> first("记者 苏思 摄").name, first("（下转2版）").name, first("重庆加快建设西部金融中心")
('photo_credit', 'continued_to', None)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Rule


def anchored(pattern: str) -> bool:
    """Whether every alternative of ``pattern`` starts with ``^`` (without MULTILINE it can then
    match only at offset 0, so ``match`` finds what ``search`` would).

    >>> anchored(r"^a|^b"), anchored(r"^(?:a|b)c$"), anchored(r"^a|b"), anchored(r"\\d%")
    (True, True, False, False)
    """
    try:
        from re import _parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]
    first = sre_parse.parse(pattern).data[:1]  # a prefix all alternatives share is factored out
    return bool(first) and str(first[0][1]) == "AT_BEGINNING"


class FirstMatch:
    """``FirstMatch(rules, gates)(text)``: the first of ``rules`` (in order) whose pattern matches
    ``text``, or ``None``. ``gates`` maps a rule's name to the body of a regex character class
    (``"摄攝"``, ``r"\\s"``) one character of which every text the rule matches holds; a rule not
    named is always tried.

    The rules not gated are one alternation; a gated rule before the one it matched is tried
    on its own, in order, only when the text holds one of its characters.

    >>> from pipeline.segment.rules import LINE_RULES
    >>> first = FirstMatch(LINE_RULES, {"speaker_byline": r"\\s"})
    >>> first("重庆市人民政府市长 胡衡华").name, first("重庆市人民政府市长胡衡华")
    ('speaker_byline', None)
    """

    def __init__(self, rules: Sequence["Rule"], gates: dict[str, str]):
        for rule in rules:
            if not anchored(rule.pattern):
                raise ValueError(f"rule {rule.name} is not anchored at ^")
        self.rules = tuple(rules)
        names = [name for name in gates if any(rule.name == name for rule in self.rules)]
        self.gates = {name: re.compile(f"[{gates[name]}]") for name in names}
        bit = {name: 1 << i for i, name in enumerate(names)}
        self._gated = [(i, bit[rule.name], rule) for i, rule in enumerate(self.rules) if rule.name in bit]
        self._gate_chars = re.compile(f"[{''.join(gates[name] for name in names)}]").findall if names else None
        self._bits_of_char: dict[str, int] = {}  # gate character -> bits of the gated rules it allows
        self._ungated_pattern = "|".join(f"(?P<r{i}>{rule.pattern})" for i, rule in enumerate(self.rules) if rule.name not in bit)
        self._ungated: re.Pattern | None = None  # compiled on first use (it takes a few ms)

    def _bits(self, char: str) -> int:
        bits = self._bits_of_char.get(char)
        if bits is None:
            bits = self._bits_of_char[char] = sum(1 << i for i, gate in enumerate(self.gates.values()) if gate.match(char))
        return bits

    def __call__(self, text: str) -> "Rule | None":
        if self._ungated is None:
            self._ungated = re.compile(self._ungated_pattern)
        m = self._ungated.match(text)
        first = int(m.lastgroup[1:]) if m is not None else len(self.rules)
        found = self._gate_chars(text) if self._gate_chars is not None else None
        if found:
            mask = 0
            for char in set(found):
                mask |= self._bits(char)
            for i, bit, rule in self._gated:
                if i >= first:
                    break
                if bit & mask and rule.regex.match(text):  # type: ignore[attr-defined]
                    return rule
        return None if m is None else self.rules[first]
