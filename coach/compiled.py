"""The compiled course: a JSON snapshot of a checked content folder, read without pydantic.

Loading a content folder (YAML parsing, pydantic validation, the cross-checks of
``coach.loader``) costs more than everything else ``coach status`` does. After a folder has
loaded cleanly, :func:`load` writes what it found to ``<data folder>/cache/course-<hash>.json``
with a fingerprint of every YAML file the folder has (path, size, mtime in ns) and of this
coach's code. :func:`read` rebuilds the course from that snapshot only while the
fingerprint still matches: any touched, added or removed content file means a full load,
so an edit with an error is always reported, never hidden by an old snapshot.

In the snapshot every model is a dict tagged ``{"__model__": "Step", ...}`` (content keys
are ids or language codes, so the tag cannot clash); reading turns those into
:class:`Node` objects with the same attributes, the plain dicts (texts, details) stay dicts.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import zlib
from pathlib import Path
from typing import Any

from coach import __version__, paths
from coach.course import Course
from coach.fileio import read_limited

MAX_SNAPSHOT_BYTES = 500_000_000  # far beyond any content folder's snapshot

CACHE_DIR = "cache"
FORMAT = 1
TAG = "__model__"
# A file changed within this long before a load may change again within the same mtime
# tick without its stamp changing (coarse file system clocks): such a load is not kept.
SETTLE_NS = 2_000_000_000
# The code that decides what a snapshot holds: a change to any of it makes old ones stale.
_CODE = ("compiled.py", "course.py", "loader.py", "model.py", "sheet_layout.py", "yamlsafe.py")


class Node:
    """A content model (step, field, option, ...) rebuilt from the snapshot: its fields as
    attributes, nothing else. Code reading a course tells them apart by ``kind``."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"Node({fields})"


def snapshot_path(data_dir: Path, root: Path) -> Path:
    # Only a name (the snapshot itself records its root and is checked against it), so a
    # checksum does: hashlib would load OpenSSL, a few ms of every start.
    digest = zlib.crc32(str(Path(root).resolve()).encode("utf-8"))
    return data_dir / CACHE_DIR / f"course-{digest:08x}.json"


def load(root: Path, data_dir: Path) -> Course:
    """The course in ``root``, fully loaded and checked (pydantic models), or
    ``ContentError``; a clean load is remembered for :func:`read`."""
    from coach.loader import load_course

    started = time.time_ns()
    course = load_course(root)
    with contextlib.suppress(OSError, ValueError):  # only a cache: a read-only folder is fine
        _write(course, data_dir, started)
    return course


def read(root: Path, data_dir: Path) -> Course | None:
    """The course in ``root`` rebuilt from its snapshot, or None if there is no usable
    snapshot or any content file changed since it was taken."""
    try:
        # Bounded and regular files only: a FIFO planted in the cache must not hang the start.
        raw = read_limited(snapshot_path(data_dir, root), MAX_SNAPSHOT_BYTES)
        doc = json.loads(raw, object_hook=_node)
        if (
            doc.get("format") != FORMAT
            or doc.get("code") != _code_stamp()
            or doc.get("root") != str(root)
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


def fingerprint(root: Path, extra: list[str]) -> list[list[Any]]:
    """(path, size, mtime_ns) of every YAML file under ``root`` and of ``extra`` (files the
    course names outside it); a missing one is listed with ``None``."""
    root = Path(root)
    files = {*root.rglob("*.yaml"), *root.rglob("*.yml"), *(root / e for e in extra)}
    out: list[list[Any]] = []
    for file in sorted(files):
        try:
            st = file.stat()
        except OSError:
            out.append([str(file), None, None])
            continue
        out.append([str(file), st.st_size, st.st_mtime_ns])
    return out


def _write(course: Course, data_dir: Path, started: int) -> None:
    extra = sorted(course.meta.catalogs.values())
    files = fingerprint(course.root, extra)
    if any(mtime is None or mtime > started - SETTLE_NS for _, _, mtime in files):
        return  # just edited (or gone): the next load takes the snapshot
    doc = {
        "format": FORMAT,
        "code": _code_stamp(),
        "root": str(course.root),
        "extra": extra,
        "files": files,
        "course": {
            "meta": _encode(course.meta),
            "steps": _encode(course.steps),
            "catalogs": _encode(course.catalogs),
            "sheet": _encode(course.sheet),
        },
    }
    from coach.fileio import atomic_write

    target = snapshot_path(data_dir, course.root)
    paths.ensure_private_dir(data_dir)  # the data folder itself 0700 too, if new
    paths.ensure_private_dir(target.parent)
    atomic_write(target, json.dumps(doc, ensure_ascii=False).encode("utf-8"))


def _encode(value: Any) -> Any:
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:  # a pydantic model
        return {TAG: type(value).__name__, **{k: _encode(getattr(value, k)) for k in fields}}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError(f"cannot snapshot {type(value).__name__}")


def _node(values: dict[str, Any]) -> Any:
    if TAG in values:
        del values[TAG]
        return Node(values)
    return values


def _code_stamp() -> list[Any]:
    here = Path(__file__).parent
    stamp: list[Any] = [__version__]
    for name in _CODE:
        try:
            st = os.stat(here / name)
        except OSError:
            stamp.append(None)
            continue
        stamp.append([st.st_size, st.st_mtime_ns])
    return stamp
