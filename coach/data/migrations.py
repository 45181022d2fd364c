"""Moving saved progress from older schema versions to the current one.

``MIGRATIONS[n]`` turns a version-``n`` document into a version-``n + 1`` one. Each step is
a small pure function on the JSON dict, idempotent, keeping every key it does not know;
``tests/fixtures/progress/v<n>.json`` holds a file of each past version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Doc = dict[str, Any]

SCHEMA_VERSION = 2  # the version this coach writes


def _v1_to_v2(doc: Doc) -> Doc:
    """Version 2 gives every record (person, post idea, event, ...) a stable ``id``, so that
    contacts, calendar entries and a later merge can refer to it whatever its name says,
    and adds the contact log (``contacts``) and the pause (``pause_until``).

    The ids are made from the record's place and content, so the same version-1 file always
    migrates to the same ids (importing one export twice, on two machines, agrees).
    """
    import hashlib
    import json

    answers = doc.get("answers")
    if isinstance(answers, dict):
        for key, value in answers.items():
            if not isinstance(value, list):
                continue
            for index, record in enumerate(value):
                if isinstance(record, dict) and not isinstance(record.get("id"), str):
                    seed = json.dumps([key, index, record], sort_keys=True, default=str)
                    record["id"] = hashlib.sha256(seed.encode("utf-8", "replace")).hexdigest()[:12]
    doc.setdefault("contacts", [])
    doc.setdefault("pause_until", None)
    doc["schema_version"] = 2
    return doc


MIGRATIONS: dict[int, Callable[[Doc], Doc]] = {1: _v1_to_v2}


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
