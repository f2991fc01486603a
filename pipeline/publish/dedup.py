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

Documents: MinHash over character shingles (:mod:`.minhash`, datasketch's ``affine32``
scheme computed with numpy), LSH bands (:mod:`.lsh`, as datasketch's ``MinHashLSH``) to
find candidates, the first earlier candidate whose estimated Jaccard similarity reaches the threshold wins.
"""

from __future__ import annotations

import hashlib

import numpy as np

from .lsh import BandIndex
from .minhash import normalize, signature, similarity

__all__ = ["NearDuplicates", "ParagraphIndex", "normalize", "signature", "similarity"]


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


class NearDuplicates:
    """LSH index of the signatures seen so far, in order."""

    def __init__(self, threshold: float, permutations: int):
        self.threshold, self.permutations = threshold, permutations
        self.lsh = BandIndex(threshold, permutations)
        self.signatures: dict[str, np.ndarray] = {}

    def first(self, doc_id: str, sig: list[int] | None) -> tuple[str | None, float | None]:
        """(earliest earlier near-duplicate, its similarity), or (None, None); remembers ``sig``."""
        if sig is None:
            return None, None
        values = np.asarray(sig, dtype=np.uint32)
        best: tuple[str | None, float | None] = (None, None)
        for other in sorted(self.lsh.query(values)):
            score = float(np.mean(self.signatures[other] == values))
            if score >= self.threshold:
                best = (other, round(score, 4))
                break
        self.lsh.insert(doc_id, values)
        self.signatures[doc_id] = values
        return best
