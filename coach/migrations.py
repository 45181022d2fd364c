"""Moving saved progress from older schema versions to the current one.

``MIGRATIONS[n]`` turns a version-``n`` document into a version-``n + 1`` one. Each step is
a small pure function on the JSON dict, idempotent, keeping every key it does not know;
``tests/fixtures/progress/v<n>.json`` holds a file of each past version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Doc = dict[str, Any]

SCHEMA_VERSION = 1  # the version this coach writes


MIGRATIONS: dict[int, Callable[[Doc], Doc]] = {}  # version 1 is the first


def version_of(doc: Doc) -> int:
    version = doc.get("schema_version")
    return version if isinstance(version, int) and not isinstance(version, bool) else -1


def migrate(doc: Doc) -> Doc:
    """``doc`` brought to :data:`SCHEMA_VERSION` (unchanged if it already is)."""
    version = version_of(doc)
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise ValueError(f"no migration from schema version {version}")
        doc = MIGRATIONS[version](doc)
        version = version_of(doc)
    return doc
