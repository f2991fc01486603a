"""Locality-sensitive hashing of MinHash signatures by bands (candidates for near-duplicates).

A signature of ``b * r`` slots is cut into ``b`` bands of ``r`` slots; two documents are
candidates when all slots of at least one band agree, which happens with probability
``1 - (1 - s**r)**b`` at Jaccard similarity ``s``. ``b`` and ``r`` are chosen as
datasketch's ``MinHashLSH`` chooses them (the pair minimising the false positive plus false
negative probability mass around the threshold, equal weights), so the candidates are the
ones datasketch would return, without importing it (and scipy) in every run.

>>> bands(0.8, 128)
(9, 13)
>>> index = BandIndex(0.5, 4)  # 2 bands of 2 slots
>>> index.insert("a", [1, 2, 3, 4]); index.insert("b", [9, 9, 9, 9])
>>> sorted(index.query([1, 2, 0, 0])), sorted(index.query([0, 0, 0, 0]))
(['a'], [])
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

_GRID = 2001  # points of Simpson's rule; the integrands are polynomials in s


def _integral(values: np.ndarray, width: float) -> np.ndarray:
    """Simpson's rule along the last axis over ``_GRID`` equally spaced points."""
    weights = np.ones(_GRID)
    weights[1:-1:2], weights[2:-1:2] = 4, 2
    return (values * weights).sum(axis=-1) * (width / (_GRID - 1) / 3)  # no BLAS: its threads spin


@lru_cache(maxsize=None)
def bands(threshold: float, permutations: int) -> tuple[int, int]:
    """(bands, rows per band) for a similarity threshold and signature length."""
    below, above = np.linspace(0.0, threshold, _GRID), np.linspace(threshold, 1.0, _GRID)
    best, best_error = (0, 0), float("inf")
    for b in range(1, permutations + 1):
        r = np.arange(1, permutations // b + 1, dtype=float)[:, None]
        false_positive = _integral(1 - (1 - below**r) ** b, threshold)
        false_negative = _integral((1 - above**r) ** b, 1.0 - threshold)
        errors = 0.5 * false_positive + 0.5 * false_negative
        i = int(np.argmin(errors))
        if errors[i] < best_error:
            best, best_error = (b, i + 1), float(errors[i])
    return best


class BandIndex:
    """Signatures inserted so far, found again by any band that matches exactly."""

    def __init__(self, threshold: float, permutations: int):
        self.b, self.r = bands(threshold, permutations)
        self.buckets: list[dict[bytes, list[str]]] = [{} for _ in range(self.b)]

    def band_keys(self, signature) -> list[bytes]:
        """The bucket key of each band of ``signature`` (compute once, query and insert with it)."""
        raw = np.asarray(signature, dtype=np.uint32)[: self.b * self.r].tobytes()
        step = 4 * self.r
        return [raw[i : i + step] for i in range(0, len(raw), step)]

    def insert(self, key: str, signature, band_keys: list[bytes] | None = None) -> None:
        for bucket, band in zip(self.buckets, band_keys or self.band_keys(signature)):
            bucket.setdefault(band, []).append(key)

    def query(self, signature, band_keys: list[bytes] | None = None) -> set[str]:
        found: set[str] = set()
        for bucket, band in zip(self.buckets, band_keys or self.band_keys(signature)):
            found.update(bucket.get(band, ()))
        return found
