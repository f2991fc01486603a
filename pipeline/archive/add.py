"""``wenku add``: copy documents into ``raw/`` under a predictable layout, never overwriting.

Layout (``TO`` is ``--to``, default ``added``; it must stay inside ``raw/``):

- a file ``F``           → ``raw/TO/<name of F>``
- a directory ``D``      → ``raw/TO/<name of D>/<path inside D>`` (every regular file, recursively;
  hidden files and ``*.meta.json`` are skipped and reported)
- a zip archive ``Z.zip`` (given directly or found in a directory) → its members under a
  folder named ``Z`` in its place, names decoded by :mod:`.zipnames`

Each document gets a sidecar ``<name>.meta.json`` (see :mod:`pipeline.core.sidecar`) with
the metadata given on the command line and, for zip members whose stored name had to be
decoded, ``original_name``. An add is all or nothing: every file is checked first and
nothing is written if any check fails — bytes already in the archive (``duplicate``), a
target path that already exists (refused, never overwritten or renamed), a symlink, a
non-regular file, a path that would escape ``raw/``.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core import sidecar
from ..core.rawdir import is_document, raw_files, sha256_file
from .zipnames import member_name


class AddError(ValueError):
    """The add was refused; nothing was written. ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Incoming:
    """One document to add: where it goes (relative to raw/), its bytes, where it came from."""

    target: str
    data: bytes
    origin: str
    original_name: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Added:
    path: str  # relative to the project, e.g. raw/added/a.txt
    doc_id: str


def safe_relative(text: str, what: str) -> PurePosixPath:
    """A relative path that stays inside its root (no absolute, no ``..``, no hidden parts).

    >>> safe_relative("2024/news", "--to")
    PurePosixPath('2024/news')
    >>> safe_relative("../elsewhere", "--to")
    Traceback (most recent call last):
    ...
    pipeline.archive.add.AddError: --to '../elsewhere' escapes raw/: give a folder inside raw/, without '..'
    """
    path = PurePosixPath(text.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise AddError([f"{what} {text!r} escapes raw/: give a folder inside raw/, without '..'"])
    if any(part.startswith(".") for part in path.parts):
        raise AddError([f"{what} {text!r} has a hidden part (starting with '.'), which the pipeline would ignore"])
    return path


def _zip_members(archive: Path, folder: PurePosixPath, problems: list[str]) -> list[Incoming]:
    out = []
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                name, stored = member_name(info)
                label = f"{archive}!{name}"
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    problems.append(f"{label}: is a symlink inside the zip; symlinks are not added")
                    continue
                if info.flag_bits & 0x1:
                    problems.append(f"{label}: is encrypted; extract it yourself and add the files")
                    continue
                try:
                    relative = safe_relative(name, "zip member")
                except AddError as exc:
                    problems.append(f"{archive}: {exc}")
                    continue
                out.append(Incoming(str(folder / relative), zf.read(info), label, stored))
    except zipfile.BadZipFile as exc:
        problems.append(f"{archive}: not a readable zip archive ({exc})")
    return out


def _regular(path: Path, target: PurePosixPath, problems: list[str]) -> list[Incoming]:
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        problems.append(f"{path}: is a symlink; add the file it points to instead")
    elif not stat.S_ISREG(mode):
        problems.append(f"{path}: is not a regular file (device, pipe or socket); nothing to add")
    elif path.suffix.lower() == ".zip":
        return _zip_members(path, target.with_suffix(""), problems)
    else:
        return [Incoming(str(target), path.read_bytes(), str(path))]
    return []


def collect(sources: list[Path], to: PurePosixPath) -> tuple[list[Incoming], list[str]]:
    """What adding ``sources`` under ``raw/<to>`` would write, and what it skips."""
    incoming: list[Incoming] = []
    skipped: list[str] = []
    problems: list[str] = []
    for source in sources:
        if not source.exists() and not source.is_symlink():
            problems.append(f"{source}: not found")
        elif source.is_dir() and not source.is_symlink():
            root = to / source.resolve().name
            for path in sorted(source.rglob("*")):
                relative = path.relative_to(source)
                if not is_document(relative.as_posix()):
                    skipped.append(f"{path} (hidden or a .meta.json file)")
                elif not path.is_dir() or path.is_symlink():
                    incoming.extend(_regular(path, root / relative.as_posix(), problems))
        else:
            incoming.extend(_regular(source, to / source.name, problems))
    if problems:
        raise AddError(problems)
    return incoming, skipped


def _archive_index(raw: Path, sizes: set[int]) -> dict[str, str]:
    """SHA-256 → path (relative to raw/) of archived files whose size matches an incoming one."""
    index: dict[str, str] = {}
    for relative, st in sorted(raw_files(raw), key=lambda entry: entry[0].split("/")):  # Path order
        if is_document(relative) and st.st_size in sizes:  # cheap checks first
            index.setdefault(sha256_file(raw / relative), relative)
    return index


def check(raw: Path, incoming: list[Incoming]) -> None:
    """Refuse (AddError) duplicates, clashes and escapes; returns when all can be written."""
    problems: list[str] = []
    index = _archive_index(raw, {len(i.data) for i in incoming})
    root = raw.resolve()
    seen: dict[str, str] = {}
    for item in incoming:
        sha, target = item.sha256, raw / item.target
        if sha in index:
            problems.append(f"{item.origin}: duplicate of raw/{index[sha]} (same bytes, already in the archive)")
        elif sha in seen:
            problems.append(f"{item.origin}: duplicate of {seen[sha]} (same bytes, in this add)")
        seen.setdefault(sha, item.origin)
        if not target.resolve().is_relative_to(root):
            problems.append(f"{item.origin}: raw/{item.target} would escape raw/ (through a symlink)")
        elif target.exists() or target.is_symlink() or sidecar.path_for(target).exists():
            problems.append(f"{item.origin}: raw/{item.target} already exists; wenku never overwrites: use --to SUBDIR or rename the file")
    targets = [i.target for i in incoming]
    for target in sorted({t for t in targets if targets.count(t) > 1}):
        problems.append(f"raw/{target}: two added files would land here; add them with different --to folders")
    if problems:
        raise AddError(problems)


def write(raw: Path, incoming: list[Incoming], metadata: dict) -> list[Added]:
    """Write every document and its sidecar (exclusive create: never overwrites)."""
    added = []
    for item in incoming:
        target = raw / item.target
        target.parent.mkdir(parents=True, exist_ok=True)
        meta = {**metadata, "original_name": item.original_name}
        with open(target, "xb") as handle:
            handle.write(item.data)
        with open(sidecar.path_for(target), "x", encoding="utf-8") as handle:
            handle.write(sidecar.dumps(meta))
        added.append(Added(f"{raw.name}/{item.target}", item.sha256[:16]))
    return added


def add(sources: list[Path], raw: Path, to: str = "added", metadata: dict | None = None) -> tuple[list[Added], list[str]]:
    """Add ``sources`` to the archive at ``raw``; returns (added documents, skipped files).

    Raises AddError (nothing written) when anything is refused.
    """
    metadata = sidecar.check(metadata or {})
    if not raw.is_dir():
        raise AddError([f"{raw}: no raw/ folder here; run wenku add from the project root"])
    incoming, skipped = collect(sources, safe_relative(to, "--to"))
    if not incoming:
        raise AddError(["nothing to add: no regular files among " + ", ".join(map(str, sources))])
    check(raw, incoming)
    return write(raw, incoming, metadata), skipped


def is_dvc_tracked(raw: Path) -> bool:
    """True when raw/ is tracked by DVC (``dvc add raw`` made ``raw.dvc``)."""
    return raw.with_name(raw.name + ".dvc").exists()
