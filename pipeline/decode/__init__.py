"""Stage ``decode``: raw bytes -> text, with the encoding and its evidence recorded."""

from .detect import Decoded, Part, decode_bytes
from .params import DecodeParams

__all__ = ["Decoded", "DecodeParams", "Part", "decode_bytes"]
