"""The ``convert`` section of params.yaml."""

from __future__ import annotations

from dataclasses import dataclass

TARGETS = ("t2s", "s2t", "s2tw", "s2twp", "s2hk", "keep")


@dataclass(frozen=True)
class ConvertParams:
    """Target script and normalization rules.

    target: OpenCC configuration to convert to (t2s = Simplified, s2t = Traditional,
      s2tw / s2twp = Taiwan, s2hk = Hong Kong) or keep (no conversion).
    fullwidth_punctuation: ASCII , : ; ! ? ( ) touching a Han character become full-width.
    halfwidth_alphanumerics: full-width ASCII letters and digits become half-width.
    """

    target: str = "t2s"
    fullwidth_punctuation: bool = True
    halfwidth_alphanumerics: bool = True

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            from ..core.params import ParamsError

            raise ParamsError(f"params.yaml: convert.target must be one of {', '.join(TARGETS)}, got {self.target!r}")
