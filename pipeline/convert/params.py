"""The ``convert`` section of params.yaml."""

from __future__ import annotations

from dataclasses import dataclass

TARGETS = ("t2s", "s2t", "s2tw", "s2twp", "s2hk", "keep")
SCOPES = ("needed", "all")


@dataclass(frozen=True)
class ConvertParams:
    """Target script and normalization rules.

    target: OpenCC configuration to convert to: t2s (Simplified, the default), s2t
      (Traditional, OpenCC's standard), s2tw / s2twp (Taiwan; s2twp also Taiwan phrases),
      s2hk (Hong Kong), or keep (no script conversion). Only runs of text not already in
      the target script are converted; Traditional text given to s2tw / s2twp / s2hk gets
      the regional variant pass only (t2tw, t2hk), never s2t again.
    scope: needed (the default) sends OpenCC only the runs of text not already in the
      target script; all sends it everything, exactly as OpenCC itself would. Why needed is
      the default: OpenCC is not the identity on text already in its target script; s2t
      over 948k characters of clean Taiwan Traditional text changes 3,980 of them (台→臺,
      秘→祕, 了→瞭, ...), scope needed 16; t2s changes Simplified 拚 to 拼
      (benchmarks/scope_harm.py). With all, OpenCC's own test
      cases pass 351/351 through this stage; with needed, 338/351 (the 13 are mixed-script
      inputs whose text wenku takes as already in the target).
    fullwidth_punctuation: ASCII , : ; ! ? ( ) touching a Han character become full-width
      (bracket pairs also when they hold Han text); between digits (3:30, 1,000) and in
      ASCII text (URLs, e-mail, English) they stay.
    halfwidth_alphanumerics: full-width ASCII letters and digits (１９７９, ＧＤＰ) become
      half-width.

    Always done, not params: line ends to \\n, zero-width and control characters removed,
    Unicode NFC (never NFKC, which would fold the full-width punctuation we keep).
    Indentation and trailing spaces are not touched here: indentation is a paragraph
    boundary signal that ``segment`` needs, and it strips and records both itself.

    >>> ConvertParams(target="s2tw").target
    's2tw'
    >>> ConvertParams(target="zh-cn")
    Traceback (most recent call last):
    ...
    pipeline.core.params.ParamsError: params.yaml: convert.target must be one of t2s, s2t, s2tw, s2twp, s2hk, keep, got 'zh-cn'
    """

    target: str = "t2s"
    scope: str = "needed"
    fullwidth_punctuation: bool = True
    halfwidth_alphanumerics: bool = True

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            from ..core.params import ParamsError

            raise ParamsError(f"params.yaml: convert.target must be one of {', '.join(TARGETS)}, got {self.target!r}")
        if self.scope not in SCOPES:
            from ..core.params import ParamsError

            raise ParamsError(f"params.yaml: convert.scope must be one of {', '.join(SCOPES)}, got {self.scope!r}")
