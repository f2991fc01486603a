"""HTML entities left by scrapers, one :class:`TextHistory` step.

>>> from pipeline.core.edits import TextHistory
>>> h = TextHistory("現在&nbsp;A&amp;B&#65292;&bogus;")
>>> fix_html_entities(h)
>>> h.text
'現在\\xa0A&B，&bogus;'
"""

from __future__ import annotations

import html
import re

from ..core.edits import TextHistory

HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class _Unescaped(dict):
    """``entity -> html.unescape(entity)``, filled on first use (an unknown name maps to itself)."""

    def __missing__(self, entity: str) -> str:
        if len(self) > 50_000:
            self.clear()  # a cache, not a record of every document
        out = self[entity] = html.unescape(entity)
        return out


UNESCAPED = _Unescaped()


def fix_html_entities(history: TextHistory) -> None:
    """``&nbsp;`` -> U+00A0, ``&amp;`` -> ``&``; unknown names stay (a span that changes nothing
    is no edit)."""
    text = history.text
    if "&" in text:
        table = UNESCAPED
        spans = [(m.start(), m.end(), table[m.group()]) for m in HTML_ENTITY.finditer(text)]
        history.replace(spans, op="html_entity", detail="html.unescape")
