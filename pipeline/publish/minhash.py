"""MinHash signatures of character shingles, computed with numpy (no per-shingle Python).

The scheme is fixed, because signatures decide ``near_duplicate_of`` and that is part of
the published result:

1. The text's code points (``str.encode("utf-32-le")``) as a uint64 array ``c``.
2. Each ``k``-character shingle ``c[i:i+k]`` gets the polynomial hash
   ``sum(c[i+j] * P**(k-1-j))`` modulo 2^64, with ``P`` = ``0x100000001b3`` (the FNV-1 64-bit
   prime), mixed by the splitmix64 finaliser; its top 32 bits are the shingle's hash ``h``.
   (A rolling hash: ``k`` vector multiply-adds for all shingles at once.)
3. As datasketch's ``affine32`` scheme does with any hash: ``h`` is pre-mixed by the
   MurmurHash3 32-bit finaliser ``fmix32``, then permutation ``i`` maps it to
   ``(a[i] * fmix32(h) + b[i]) mod 2^32``, ``a`` (odd) and ``b`` drawn from
   ``numpy.random.RandomState(SEED)`` exactly as datasketch draws them. A signature is
   therefore the datasketch ``MinHash(seed=SEED, scheme="affine32")`` of the shingle
   hashes (checked in the tests), usable as a ``LeanMinHash`` in ``MinHashLSH``.
4. ``sig[i]`` is the minimum over the document's shingles. Repeated shingles need no
   ``unique``: the minimum of a value seen twice is the same.

Only step 2 differs from datasketch's own ``update`` (which hashes each shingle's UTF-8 bytes
with SHA-1 in Python, 50x slower); the estimate of the Jaccard similarity (share of equal
slots) and the LSH banding work the same on these values.

>>> sig = signature("国务院关于印发政府工作报告的通知", 3, 64)
>>> len(sig), sig.dtype.name, signature("短", 3, 64)
(64, 'uint32', None)
>>> similarity(sig, signature("国务院关于印发政府工作报告的通知。", 3, 64)) > 0.7
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import numpy as np

SEED = 1  # fixed: signatures are part of the published result and must not vary
SCHEME = "affine32"  # the datasketch scheme whose permutations these are
PRIME = np.uint64(0x100000001B3)
BLOCK = 1 << 18  # permutation x shingle values computed at once (1 MB)


def _splitmix64(h: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, in place on a uint64 array (bijective, well mixed).

    >>> int(_splitmix64(np.array([1], dtype=np.uint64))[0])
    6238072747940578789
    """
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, in place on a uint32 array (datasketch's pre-mix).

    >>> int(_fmix32(np.array([1], dtype=np.uint32))[0])
    1364076727
    """
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def shingle_hashes(text: str, shingle_chars: int) -> np.ndarray:
    """The 32-bit hash of every ``shingle_chars``-character shingle of ``text``, in order.

    >>> h = shingle_hashes("甲乙丙甲乙丙", 3)
    >>> len(h), bool(h[0] == h[3]), bool(h[0] != h[1])
    (4, True, True)
    """
    return _shingle_hashes(_code_points(text), shingle_chars)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _shingle_hashes(codes: np.ndarray, shingle_chars: int) -> np.ndarray:
    """:func:`shingle_hashes` of the text whose code points are ``codes``."""
    codes = codes.astype(np.uint64)
    count = len(codes) - shingle_chars + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint32)
    h = codes[:count].copy()
    for j in range(1, shingle_chars):
        h *= PRIME
        h += codes[j : j + count]
    return (_splitmix64(h) >> np.uint64(32)).astype(np.uint32)


@lru_cache(maxsize=None)
def affine_permutations(count: int) -> tuple[np.ndarray, np.ndarray]:
    """``(a, b)`` of the ``count`` affine permutations, as datasketch's ``affine32`` draws them.

    >>> a, b = affine_permutations(4)
    >>> a.dtype.name, bool((a % 2 == 1).all())
    ('uint32', True)
    """
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, count, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, count, dtype=np.uint32)
    return a, b


def minhash(hashes: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` minima of the affine permutations of ``hashes`` (uint32, non-empty).

    Permutations are applied a block of rows at a time into one reused buffer (few numpy
    calls for a short text, no reallocation for a long one).
    """
    a, b = affine_permutations(count)
    hashes = _fmix32(hashes.copy())
    out = np.empty(count, dtype=np.uint32)
    rows = min(count, max(1, BLOCK // len(hashes)))
    buffer = np.empty((rows, len(hashes)), dtype=np.uint32)
    for start in range(0, count, rows):
        stop = min(start + rows, count)
        block = buffer[: stop - start]
        np.multiply(a[start:stop, None], hashes, out=block)
        np.add(block, b[start:stop, None], out=block)
        np.minimum.reduce(block, axis=1, out=out[start:stop])
    return out


def normalize(text: str) -> str:
    """The text without whitespace.

    >>> normalize("  第一段\\n 文字 ")
    '第一段文字'
    """
    return "".join(text.split())


#: shingles hashed and permuted at a time: a long text is taken in pieces of this many,
#: so that each piece's permutation rows (``BLOCK // PIECE`` at once) stay in the CPU's
#: cache and memory does not grow with the text (a 20 MB file of 6.7 million characters:
#: signed in 0.26 CPU-s instead of 0.71, publish's peak RSS 400 MB instead of 477)
PIECE = 1 << 16


def piece_hashes(codes: np.ndarray, shingle_chars: int) -> Iterator[np.ndarray]:
    """The shingle hashes of the text whose code points are ``codes``, :data:`PIECE` at a
    time: consecutive pieces share ``shingle_chars - 1`` characters, so every shingle is
    in exactly one piece, and together they are :func:`shingle_hashes` of the text.

    >>> codes = _code_points("甲乙丙丁戊")
    >>> [p.tolist() for p in piece_hashes(codes, 3)] == [shingle_hashes("甲乙丙丁戊", 3).tolist()]
    True
    """
    for start in range(0, len(codes) - shingle_chars + 1, PIECE):
        yield _shingle_hashes(codes[start : start + PIECE + shingle_chars - 1], shingle_chars)


def signature(text: str, shingle_chars: int, permutations: int) -> np.ndarray | None:
    """MinHash signature of the whitespace-free text's shingles (None when too short to shingle).

    The minima of the :func:`piece_hashes` combined: the minimum over all shingles.
    """
    out = None
    for hashes in piece_hashes(_code_points(normalize(text)), shingle_chars):
        piece = minhash(hashes, permutations)
        out = piece if out is None else np.minimum(out, piece, out=out)
    return out


def similarity(a, b) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal slots).

    >>> similarity([1, 2, 3, 4], [1, 2, 0, 4])
    0.75
    """
    return float(np.mean(np.asarray(a) == np.asarray(b)))
