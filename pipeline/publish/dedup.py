"""Duplicates across the corpus: repeated paragraphs and near-duplicate documents.

Both are corpus-wide state, so ``publish`` feeds documents in doc_id order and "earlier"
means earlier in that order (deterministic, independent of when a file was added).
Nothing is deleted: paragraphs get ``duplicate_of``, documents ``near_duplicate_of``.

Paragraphs: the key is a 64-bit BLAKE2 hash of the text with all whitespace removed
(layout spaces inside Chinese text are noise, and removal also collapses runs), so memory is
one small dict entry per distinct long paragraph. Texts shorter than
``duplicate_min_chars`` are never flagged: a heading such as ``一、总体要求`` recurs in every
report without being copied text.

>>> index = ParagraphIndex(min_chars=4)
>>> index.first("d1", 0, "同 一 段落文字"), index.first("d2", 3, "同一 段落文字"), index.first("d2", 4, "短")
(None, {'doc_id': 'd1', 'index': 0}, None)

Documents: MinHash (``datasketch``) over character shingles, LSH to find candidates, the
first earlier candidate whose estimated Jaccard similarity reaches the threshold wins.
"""

from __future__ import annotations

import hashlib

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

SEED = 1  # fixed: signatures are part of the published result and must not vary
SCHEME = "affine32"  # datasketch's default hashing scheme, named so a future default cannot change results


def normalize(text: str) -> str:
    """The text without whitespace.

    >>> normalize("  第一段\\n 文字 ")
    '第一段文字'
    """
    return "".join(text.split())


class ParagraphIndex:
    """First occurrence of each long normalized paragraph text."""

    def __init__(self, min_chars: int):
        self.min_chars = min_chars
        self.seen: dict[bytes, tuple[str, int]] = {}

    def first(self, doc_id: str, index: int, text: str) -> dict | None:
        """The earlier paragraph with the same text, or None (and remember this one)."""
        norm = normalize(text)
        if len(norm) < self.min_chars:
            return None
        key = hashlib.blake2b(norm.encode(), digest_size=8).digest()
        earlier = self.seen.setdefault(key, (doc_id, index))
        return None if earlier == (doc_id, index) else {"doc_id": earlier[0], "index": earlier[1]}


def signature(text: str, shingle_chars: int, permutations: int) -> list[int] | None:
    """MinHash signature of a text's character shingles (None when too short to shingle).

    >>> a = signature("国务院关于印发政府工作报告的通知", 3, 64)
    >>> b = signature("国务院关于印发政府工作报告的通知。", 3, 64)
    >>> len(a), similarity(a, b) > 0.7, signature("短", 3, 64)
    (64, True, None)
    """
    text = normalize(text)
    if len(text) < shingle_chars:
        return None
    shingles = {text[i : i + shingle_chars].encode() for i in range(len(text) - shingle_chars + 1)}
    minhash = MinHash(num_perm=permutations, seed=SEED, scheme=SCHEME)
    minhash.update_batch(sorted(shingles))
    return minhash.hashvalues.tolist()


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal slots)."""
    return float(np.mean(np.asarray(a) == np.asarray(b)))


class NearDuplicates:
    """LSH index of the signatures seen so far, in order."""

    def __init__(self, threshold: float, permutations: int):
        self.threshold, self.permutations = threshold, permutations
        self.lsh = MinHashLSH(threshold=threshold, num_perm=permutations)
        self.signatures: dict[str, np.ndarray] = {}

    def first(self, doc_id: str, sig: list[int] | None) -> tuple[str | None, float | None]:
        """(earliest earlier near-duplicate, its similarity), or (None, None); remembers ``sig``."""
        if sig is None:
            return None, None
        values = np.asarray(sig, dtype=np.uint64)
        minhash = LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
        best: tuple[str | None, float | None] = (None, None)
        for other in sorted(self.lsh.query(minhash)):
            score = float(np.mean(self.signatures[other] == values))
            if score >= self.threshold:
                best = (other, round(score, 4))
                break
        self.lsh.insert(doc_id, minhash)
        self.signatures[doc_id] = values
        return best
