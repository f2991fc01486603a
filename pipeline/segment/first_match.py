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
    ``text``, or ``None``; ``gates`` maps a rule's name to the characters one of which every
    text it matches holds (a rule not named is always tried).
    """

    def __init__(self, rules: Sequence["Rule"], gates: dict[str, str]):
        for rule in rules:
            if not anchored(rule.pattern):
                raise ValueError(f"rule {rule.name} is not anchored at ^")
        self.rules = tuple(rules)
        gates = {name: chars for name, chars in gates.items() if any(r.name == name for r in self.rules)}
        self.gates = [(1 << i, frozenset(chars)) for i, chars in enumerate(gates.values())]
        self._gated = {name: 1 << i for i, name in enumerate(gates)}
        self._gate = re.compile("[" + re.escape("".join(sorted(set("".join(gates.values()))))) + "]") if gates else None
        self._by_mask: dict[int, tuple[re.Pattern, dict[str, "Rule"]]] = {}

    def _matcher(self, mask: int) -> tuple[re.Pattern, dict[str, "Rule"]]:
        """The alternation of the rules not gated out by ``mask`` (bits: gated rules allowed)."""
        kept = [r for r in self.rules if r.name not in self._gated or self._gated[r.name] & mask]
        names = {f"r{i}": rule for i, rule in enumerate(kept)}
        regex = re.compile("|".join(f"(?P<{name}>{rule.pattern})" for name, rule in names.items()))
        self._by_mask[mask] = regex, names
        return regex, names

    def __call__(self, text: str) -> "Rule | None":
        mask = 0
        if self._gate is not None:
            found = self._gate.findall(text)
            if found:
                chars = set(found)
                for bit, needs in self.gates:
                    if not needs.isdisjoint(chars):
                        mask |= bit
        regex, rule_of = self._by_mask.get(mask) or self._matcher(mask)
        m = regex.match(text)
        return None if m is None else rule_of[m.lastgroup]
