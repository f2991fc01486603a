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

__all__ = ["NearDuplicates", "ParagraphIndex", "normalize", "paragraph_key", "signature", "similarity"]


def paragraph_key(text: str) -> tuple[int, int]:
    """(64-bit BLAKE2 hash, length) of the text without whitespace: the duplicate key.

    >>> paragraph_key("同 一段") == paragraph_key("同一段\\n"), paragraph_key("同一段")[1]
    (True, 3)
    """
    norm = normalize(text)
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "little"), len(norm)


class ParagraphIndex:
    """First occurrence of each long normalized paragraph text, fed in doc_id, index order.

    Publish caches each paragraph's :func:`paragraph_key` and feeds the keys
    (:meth:`first_of_key`), so a run never rereads paragraph texts.
    """

    def __init__(self, min_chars: int):
        self.min_chars = min_chars
        self.seen: dict[int, tuple[str, int]] = {}

    def first(self, doc_id: str, index: int, text: str) -> dict | None:
        """The earlier paragraph with the same text, or None (and remember this one)."""
        earlier = self.first_of_key(doc_id, index, *paragraph_key(text))
        return None if earlier is None else {"doc_id": earlier[0], "index": earlier[1]}

    def first_of_key(self, doc_id: str, index: int, key: int, chars: int) -> tuple[str, int] | None:
        """``(doc_id, index)`` of the earlier paragraph with this key, or None (remembering this one)."""
        if chars < self.min_chars:
            return None
        earlier = self.seen.setdefault(key, (doc_id, index))
        return None if earlier == (doc_id, index) else earlier

    def first_occurrences(self, doc_ids: list[str], keys: np.ndarray, chars: np.ndarray,
                          doc_of: np.ndarray, index_of: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
        """:meth:`first_of_key` for a run of paragraphs at once, in the same order and with
        the same result, one dict lookup per distinct key instead of one per paragraph.

        Paragraph ``i`` is ``(doc_ids[doc_of[i]], index_of[i])`` with ``keys[i]`` and
        ``chars[i]``. Returns ``(names, doc, index)``: paragraph ``i`` is a duplicate of
        ``(names[doc[i]], index[i])``, or of nothing where ``doc[i] == -1``.

        >>> index = ParagraphIndex(min_chars=2)
        >>> names, doc, at = index.first_occurrences(["a", "b"], np.array([7, 7, 9, 7], np.uint64),
        ...     np.array([5, 5, 1, 5]), np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]))
        >>> [(names[d], int(i)) if d >= 0 else None for d, i in zip(doc, at)]
        [None, ('a', 0), None, ('a', 0)]
        """
        n = len(keys)
        doc, index = np.full(n, -1, np.int64), np.zeros(n, np.int64)
        names: list[str] = []
        eligible = np.flatnonzero(chars >= self.min_chars)
        if not eligible.size:
            return names, doc, index
        unique, first, inverse = np.unique(keys[eligible], return_index=True, return_inverse=True)
        unique_doc, unique_index = np.empty(len(unique), np.int64), np.empty(len(unique), np.int64)
        new = np.zeros(len(unique), bool)  # keys this run brings to the corpus
        codes: dict[str, int] = {}
        seen = self.seen
        for u, key in enumerate(unique.tolist()):
            earlier = seen.get(key)
            if earlier is None:
                p = eligible[first[u]]
                earlier = seen[key] = (doc_ids[doc_of[p]], int(index_of[p]))
                new[u] = True
            code = codes.get(earlier[0])
            if code is None:
                code = codes[earlier[0]] = len(names)
                names.append(earlier[0])
            unique_doc[u], unique_index[u] = code, earlier[1]
        doc[eligible], index[eligible] = unique_doc[inverse], unique_index[inverse]
        doc[eligible[first[new]]] = -1  # a key's first occurrence points nowhere
        return names, doc, index


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
        keys = self.lsh.band_keys(values)
        best: tuple[str | None, float | None] = (None, None)
        for other in sorted(self.lsh.query(values, keys)):
            score = float(np.mean(self.signatures[other] == values))
            if score >= self.threshold:
                best = (other, round(score, 4))
                break
        self.lsh.insert(doc_id, values, keys)
        self.signatures[doc_id] = values
        return best
