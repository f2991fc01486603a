"""Stage ``convert``: one target script and one normalized text, the source script on record.

Steps, each recorded in ``edits`` when it changes something: line ends to ``\\n``, zero-width
and control characters removed, Unicode NFC, full-width letters and digits to half-width,
ASCII punctuation touching Han text to full-width, and last script conversion (only the runs
not already in the target script). Being last, the conversion steps can be undone alone:
``undo(text, [e for e in edits if e.op in CONVERSION_OPS])`` is the normalized text in the
source's own script. Indentation and trailing spaces are left to ``segment``, which
needs indentation as a paragraph-boundary signal and records their removal itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.edits import Edit, TextHistory
from ..core.script import detect_script
from .normalize import fullwidth_punctuation, halfwidth_alphanumerics, nfc, normalizable, normalize_line_ends, remove_invisible
from .params import ConvertParams
from .script_convert import CONFIG_FOR, convert_script, opencc_version


@dataclass
class Converted:
    text: str
    edits: list[Edit]
    script: str


def convert_text(text: str, params: ConvertParams = ConvertParams()) -> Converted:
    """Normalize one document and convert it to the target script.

    ``script`` is the source's script, detected before conversion.

    >>> c = convert_text("重慶(2024年),增長5.7%")
    >>> c.text, c.script
    ('重庆（2024年），增长5.7%', 'traditional')
    >>> convert_text("重庆市，增长5.7%。").edits
    []
    """
    history = TextHistory(text)
    flags = normalizable(text)  # no step below adds a line end, invisible or full-width character
    normalize_line_ends(history, flags)
    remove_invisible(history, flags)
    nfc(history)
    if params.halfwidth_alphanumerics:
        halfwidth_alphanumerics(history, flags)
    if params.fullwidth_punctuation:
        fullwidth_punctuation(history)
    script = detect_script(history.text)
    if script != "none":
        convert_script(history, params.target, params.scope)  # last: undoing its steps alone is exact
    return Converted(history.text, history.edits, script)


__all__ = ["CONFIG_FOR", "ConvertParams", "Converted", "convert_text", "opencc_version"]
