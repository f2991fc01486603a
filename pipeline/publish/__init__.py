"""Stage ``publish``: assemble, validate against schemas/ and write the corpus tables."""

from .assemble import Assembled, assemble
from .params import PublishParams

__all__ = ["Assembled", "PublishParams", "assemble"]
