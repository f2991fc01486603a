"""Source metadata of a document: the sidecar file ``<document file name>.meta.json``.

A sidecar sits next to its document under ``raw/`` (``raw/added/report.txt`` has
``raw/added/report.txt.meta.json``). It is one JSON object, UTF-8, whose keys are all
optional strings:

``title``          the document's title as the source gives it
``url``            where it was obtained
``publisher``      who published it
``published``      publication date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
``license``        licence or copyright status (e.g. ``CC-BY-4.0``, ``public domain``)
``note``           anything else worth keeping (free text)
``original_name``  the name the file arrived under when wenku had to change it, e.g. a
                   zip member's stored name (see ``pipeline/archive/zipnames.py``)

An unknown key or a value of the wrong shape is an error that names the key, so a typo
never silently loses metadata. ``wenku add`` writes sidecars; people may edit them by hand.
Each key becomes a column of ``documents`` (null when absent). Decode reads them (the core
holds this module because both ``wenku add`` and the decode stage use it).

>>> parse('{"title": "政府工作报告", "published": "2024-03-05"}')["title"]
'政府工作报告'
>>> parse('{"titel": "x"}')
Traceback (most recent call last):
...
pipeline.core.sidecar.SidecarError: unknown key 'titel' (known: title, url, publisher, published, license, note, original_name)
>>> dumps({"url": "https://example.org/a", "title": "标题", "note": None})
'{\\n  "title": "标题",\\n  "url": "https://example.org/a"\\n}\\n'
"""

from __future__ import annotations

import json
import re
from pathlib import Path

SUFFIX = ".meta.json"
FIELDS = ("title", "url", "publisher", "published", "license", "note", "original_name")
PUBLISHED = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


class SidecarError(ValueError):
    """A sidecar file that does not fit the documented format."""


def check(meta: dict) -> dict:
    """Validate metadata values; returns the non-empty ones in :data:`FIELDS` order.

    >>> check({"published": "2024-13"})
    Traceback (most recent call last):
    ...
    pipeline.core.sidecar.SidecarError: 'published' must be YYYY, YYYY-MM or YYYY-MM-DD, got '2024-13'
    """
    for key, value in meta.items():
        if key not in FIELDS:
            raise SidecarError(f"unknown key {key!r} (known: {', '.join(FIELDS)})")
        if value is not None and not isinstance(value, str):
            raise SidecarError(f"{key!r} must be a string, got {value!r}")
    published = meta.get("published")
    if published and not PUBLISHED.fullmatch(published):
        raise SidecarError(f"'published' must be YYYY, YYYY-MM or YYYY-MM-DD, got {published!r}")
    return {key: meta[key] for key in FIELDS if meta.get(key)}


def parse(text: str) -> dict:
    """Parse and validate the text of a sidecar file."""
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SidecarError(f"not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise SidecarError("must be a JSON object of metadata fields")
    return check(meta)


def dumps(meta: dict) -> str:
    """The canonical text of a sidecar: known keys in order, empty ones left out."""
    return json.dumps(check(meta), ensure_ascii=False, indent=2) + "\n"


def path_for(document: Path) -> Path:
    """The sidecar path of a document path."""
    return document.with_name(document.name + SUFFIX)


def columns(meta: dict | None) -> dict:
    """The documents columns of a metadata dict: every field, None when absent.

    >>> columns({"title": "x"})["url"] is None
    True
    """
    meta = meta or {}
    return {key: meta.get(key) for key in FIELDS}
