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
        names = {rule.name for rule in self.rules}
        self.gates = {name: re.compile(f"[{body}]") for name, body in gates.items() if name in names}
        self._rule_of = {f"r{i}": rule for i, rule in enumerate(self.rules)}
        self._gate_chars = re.compile(f"[{''.join(gates[name] for name in self.gates)}]").findall if self.gates else None
        self._bits_of_char: dict[str, int] = {}  # gate character -> bits of the gated rules it allows
        self._by_mask: dict[int, re.Pattern] = {}  # allowed gated rules -> their alternation
        self._ungated = self._alternation(0)

    def _alternation(self, mask: int) -> re.Pattern:
        """The rules in order, without the gated ones whose bit is not in ``mask`` (cached)."""
        regex = self._by_mask.get(mask)
        if regex is None:
            bit = {name: 1 << i for i, name in enumerate(self.gates)}
            regex = self._by_mask[mask] = re.compile("|".join(
                f"(?P<r{i}>{rule.pattern})" for i, rule in enumerate(self.rules) if rule.name not in bit or bit[rule.name] & mask
            ))
        return regex

    def _bits(self, char: str) -> int:
        bits = self._bits_of_char.get(char)
        if bits is None:
            bits = self._bits_of_char[char] = sum(1 << i for i, gate in enumerate(self.gates.values()) if gate.match(char))
        return bits

    def __call__(self, text: str) -> "Rule | None":
        found = self._gate_chars(text) if self._gate_chars is not None else None
        if found:
            mask = 0
            for char in set(found):
                mask |= self._bits(char)
            regex = self._alternation(mask)
        else:
            regex = self._ungated
        m = regex.match(text)
        return None if m is None else self._rule_of[m.lastgroup]
