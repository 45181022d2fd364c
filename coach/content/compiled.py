"""The compiled course: a JSON snapshot of a checked content folder, read without pydantic.

Loading a content folder (YAML parsing, pydantic validation, the cross-checks of
``coach.content.loader``) costs more than everything else ``coach status`` does. A snapshot holds
what a clean load found, with a fingerprint: the length and CRC-32 of every YAML file the
folder has (and of the catalogs it names outside itself), and of this coach's code and
version. :func:`read` rebuilds the course from a snapshot only while the fingerprint still
matches the bytes on disk: any edited, added or removed content file means a full load, so
an edit with an error is always reported, never hidden by an old snapshot. (An edit that
keeps a file's length and CRC-32 is one in four billion; file times play no part, so a copy,
a checkout or an unpacked wheel keeps its snapshot, and no clock can hide an edit.)

There are two places for a snapshot, one shape: the wheel ships one of its bundled content
(``coach/_course.json``, made by the build hook ``hatch_build.py`` with :func:`ship`), so a
brand-new user's first start needs no YAML and no pydantic; after a full load, :func:`load`
keeps one in ``<data folder>/cache/course-<crc>.json`` (the package folder may be
read-only). The fingerprint, not the place, decides: a snapshot serves any folder whose
files are the same bytes.

In the snapshot every content object is a dict tagged ``{"__model__": "Step", ...}``
(content keys are ids or language codes, so the tag cannot clash); reading turns each back
into the ``coach.content.content_types`` class the tag names, the same objects the full load gives;
the plain dicts (texts, details) stay dicts.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from coach import __version__
from coach.content.content_types import KINDS, fields_of
from coach.content.course import Course
from coach.data import paths
from coach.data.fileio import read_limited

MAX_SNAPSHOT_BYTES = 500_000_000  # far beyond any content folder's snapshot
MAX_CONTENT_BYTES = 50_000_000  # a content file beyond this is not fingerprinted (full load)

CACHE_DIR = paths.CACHE_DIR
SHIPPED = Path(__file__).parent.parent / "_course.json"  # in the wheel only (see hatch_build.py)
FORMAT = 2
TAG = "__model__"
# The code that decides what a snapshot holds: a change to any of it makes old ones stale.
_CODE = (
    "compiled.py",
    "content_types.py",
    "course.py",
    "cross_checks.py",
    "loader.py",
    "model.py",
    "sheet_layout.py",
    "template_check.py",
    "yamlsafe.py",
)


def snapshot_path(data_dir: Path, root: Path) -> Path:
    # Only a name, one per content folder (what a snapshot holds is checked by its
    # fingerprint), so a checksum does: hashlib would load OpenSSL, a few ms of every start.
    digest = zlib.crc32(str(Path(root).resolve()).encode("utf-8"))
    return data_dir / CACHE_DIR / f"course-{digest:08x}.json"


def load(root: Path, data_dir: Path) -> Course:
    """The course in ``root``, fully loaded and checked, or
    ``ContentError``; a clean load is remembered for :func:`read`."""
    course, doc = compile_course(root)
    if doc is not None:
        with contextlib.suppress(OSError, ValueError):  # only a cache: read-only is fine
            target = snapshot_path(data_dir, root)
            paths.ensure_private_dir(data_dir)  # the data folder itself 0700 too, if new
            paths.ensure_private_dir(target.parent)
            from coach.data.fileio import atomic_write

            atomic_write(target, _dump(doc))
    return course


def ship(root: Path, target: Path) -> None:
    """Compile the content in ``root`` to ``target``: the wheel's snapshot of its bundled
    content, made by the build hook. ``ContentError`` if the content does not load (a wheel
    never ships content that does not)."""
    _, doc = compile_course(root)
    if doc is None:
        raise RuntimeError(f"{root}: the content changed while it was compiled")
    target.write_bytes(_dump(doc))


def read(root: Path, data_dir: Path) -> Course | None:
    """The course in ``root`` rebuilt from a snapshot (the data folder's, else the one the
    wheel ships), or None if no snapshot matches the content files' bytes."""
    for source in (snapshot_path(data_dir, root), SHIPPED):
        course = _read(source, root)
        if course is not None:
            return course
    return None


def fingerprint(root: Path, extra: list[str]) -> list[list[Any]]:
    """[name, length, CRC-32] of every YAML file under ``root`` and of ``extra`` (files the
    course names, maybe outside it), by name relative to ``root``; one that cannot be read
    is listed with ``None``. About 0.2 ms for the bundled content."""
    root = Path(root)
    names = set(_yaml_names(str(root), ""))
    out: list[list[Any]] = []
    for name in sorted(names.union(extra)):
        try:
            # Bounded and regular files only: a FIFO named like a step must not hang a start.
            data = read_limited(root / name, MAX_CONTENT_BYTES)
        except OSError:
            out.append([name, None, None])
            continue
        out.append([name, len(data), zlib.crc32(data)])
    return out


def _yaml_names(folder: str, prefix: str) -> Iterator[str]:
    """The names (relative, with "/") of the ``*.yaml`` and ``*.yml`` entries under
    ``folder``, as ``Path.rglob`` finds them (links to folders are not followed, a folder
    that cannot be read is passed over) in one walk instead of two: a start makes this
    list."""
    try:
        with os.scandir(folder) as entries:
            found = list(entries)
    except (PermissionError, FileNotFoundError, NotADirectoryError):
        return
    for entry in found:
        if entry.name.endswith((".yaml", ".yml")):
            yield prefix + entry.name
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                yield from _yaml_names(entry.path, f"{prefix}{entry.name}/")


def compile_course(root: Path) -> tuple[Course, dict[str, Any] | None]:
    """The full load of ``root`` and its snapshot, or None for the snapshot if a content
    file changed while it loaded (the bytes read might not be the bytes fingerprinted)."""
    from coach.content.loader import load_course

    before = fingerprint(root, [])
    course = load_course(root)
    extra = sorted(course.meta.catalogs.values())
    files = fingerprint(root, extra)
    after = {row[0]: row for row in files}
    if any(row[1] is None for row in files) or any(after.get(r[0]) != r for r in before):
        return course, None
    doc = {
        "format": FORMAT,
        "code": _code_stamp(),
        "extra": extra,
        "files": files,
        "course": {
            "meta": _encode(course.meta),
            "steps": _encode(course.steps),
            "catalogs": _encode(course.catalogs),
            "sheet": _encode(course.sheet),
        },
    }
    return course, doc


def _read(source: Path, root: Path) -> Course | None:
    try:
        # Bounded and regular files only: a FIFO planted in the cache must not hang the start.
        raw = read_limited(source, MAX_SNAPSHOT_BYTES)
        doc = json.loads(raw, object_hook=_content)
        if (
            doc.get("format") != FORMAT
            or doc.get("code") != _code_stamp()
            or doc.get("files") != fingerprint(root, doc.get("extra", []))
        ):
            return None
        body = doc["course"]
        return Course(
            meta=body["meta"],
            steps=body["steps"],
            catalogs=body["catalogs"],
            root=Path(root),
            sheet=body["sheet"],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _dump(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _encode(value: Any) -> Any:
    kind = type(value).__name__
    if KINDS.get(kind) is type(value):  # a content object
        return {TAG: kind, **{k: _encode(getattr(value, k)) for k in fields_of(value)}}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError(f"cannot snapshot {type(value).__name__}")


def _content(values: dict[str, Any]) -> Any:
    kind = values.pop(TAG, None)
    # An unknown tag or key is a KeyError or TypeError: no snapshot, a full load.
    return values if kind is None else KINDS[kind](**values)


@cache
def _code_stamp() -> list[Any]:
    here = Path(__file__).parent
    stamp: list[Any] = [__version__]
    for name in _CODE:
        try:
            data = (here / name).read_bytes()
        except OSError:
            stamp.append(None)
            continue
        stamp.append([len(data), zlib.crc32(data)])
    return stamp
