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


def fix_html_entities(history: TextHistory) -> None:
    """``&nbsp;`` -> U+00A0, ``&amp;`` -> ``&``; unknown names stay."""
    if "&" in history.text:
        def unescape(m: re.Match) -> str | None:
            out = html.unescape(m.group())
            return out if out != m.group() else None
        history.sub(HTML_ENTITY, unescape, op="html_entity", detail="html.unescape")
