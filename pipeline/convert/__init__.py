"""Stage ``convert``: one target script and one normalized text, the source script on record."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.edits import Edit, TextHistory
from ..core.script import detect_script
from .normalize import fullwidth_punctuation, halfwidth_alphanumerics, nfc, normalize_line_ends, remove_invisible
from .params import ConvertParams
from .script_convert import convert_script, opencc_version

# Source scripts that already are the target of each config: they are not converted.
ALREADY_IN_TARGET = {
    "t2s": {"simplified", "none"},
    "s2t": {"traditional", "none"},
    "s2tw": {"none"},
    "s2twp": {"none"},
    "s2hk": {"none"},
    "keep": {"simplified", "traditional", "mixed", "none"},
}


@dataclass
class Converted:
    text: str
    edits: list[Edit]
    script: str


def convert_text(text: str, params: ConvertParams = ConvertParams()) -> Converted:
    """Normalize one document and convert it to the target script.

    >>> c = convert_text("重慶(2024年),增長5.7%")
    >>> c.text, c.script
    ('重庆（2024年），增长5.7%', 'traditional')
    >>> convert_text("重庆市，增长5.7%。").edits
    []
    """
    history = TextHistory(text)
    normalize_line_ends(history)
    remove_invisible(history)
    nfc(history)
    script = detect_script(history.text)
    if script not in ALREADY_IN_TARGET[params.target]:
        convert_script(history, params.target)
    if params.halfwidth_alphanumerics:
        halfwidth_alphanumerics(history)
    if params.fullwidth_punctuation:
        fullwidth_punctuation(history)
    return Converted(history.text, history.edits, script)


__all__ = ["ConvertParams", "Converted", "convert_text", "opencc_version"]
