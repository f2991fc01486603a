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


def _unescaped(entity: str) -> str | None:
    """What ``html.unescape`` makes of one entity, or ``None`` if it stays (cached)."""
    out = _UNESCAPED.get(entity, False)
    if out is False:
        out = html.unescape(entity)
        out = _UNESCAPED[entity] = out if out != entity else None
    return out


_UNESCAPED: dict[str, str | None] = {}


def fix_html_entities(history: TextHistory) -> None:
    """``&nbsp;`` -> U+00A0, ``&amp;`` -> ``&``; unknown names stay."""
    text = history.text
    if "&" in text:
        spans = [(m.start(), m.end(), after) for m in HTML_ENTITY.finditer(text)
                 if (after := _unescaped(m.group())) is not None]
        history.replace(spans, op="html_entity", detail="html.unescape")
