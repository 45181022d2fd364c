"""A read-only look at ``progress.json`` without pydantic, for ``coach status`` and ``sheet``.

Only a file that is plainly valid for the current schema is read this way: a JSON object
of this schema version whose known keys all have exactly the types the ``Progress`` model
keeps. Anything else (no file, an older or newer version, a broken or odd file) gets
``None`` here, and the caller loads it the full way (``Store.load``), with every promise
that path keeps: migration with a backup first, a broken file set aside and reported, a
newer one refused. Nothing here ever writes.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from coach import migrations
from coach.fileio import read_limited
from coach.store import MAX_PROGRESS_BYTES, parse

# What pydantic reads as a datetime too: ISO 8601 with a "T", seconds, optional zone.
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)?")


class ProgressView:
    """What the status and sheet code reads from a progress file; read-only."""

    def __init__(self, doc: dict[str, Any], started_at: datetime, updated_at: datetime) -> None:
        self.schema_version: int = doc["schema_version"]
        self.started_at = started_at
        self.updated_at = updated_at
        self.current_step: str | None = doc.get("current_step")
        self.welcome_seen: bool = doc.get("welcome_seen", False)
        self.language: str | None = doc.get("language")
        self.ticks: dict[str, str] = doc.get("ticks", {})
        self.answers: dict[str, Any] = doc.get("answers", {})

    def is_ticked(self, key: str) -> bool:
        return key in self.ticks

    def answer(self, key: str, default: Any = None) -> Any:
        return self.answers.get(key, default)


def read_view(path: Path) -> ProgressView | None:
    """The progress file at ``path`` if it is plainly valid and current, else None."""
    try:
        raw = read_limited(path, MAX_PROGRESS_BYTES)
    except OSError:
        return None  # the full load says what is wrong
    doc, _ = parse(raw)
    return None if doc is None else view_of(doc)


def view_of(doc: dict[str, Any]) -> ProgressView | None:
    """``doc`` as a view if the ``Progress`` model would take it unchanged, else None."""
    if migrations.version_of(doc) != migrations.SCHEMA_VERSION:
        return None
    started, updated = _stamp(doc.get("started_at")), _stamp(doc.get("updated_at"))
    ticks, answers = doc.get("ticks", {}), doc.get("answers", {})
    if (
        started is None
        or updated is None
        or not isinstance(doc.get("current_step"), str | None)
        or not isinstance(doc.get("language"), str | None)
        or not isinstance(doc.get("welcome_seen", False), bool)
        or not isinstance(ticks, dict)
        or not isinstance(answers, dict)
        or any(_stamp(v) is None for v in ticks.values())
    ):
        return None
    return ProgressView(doc, started, updated)


def _stamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
