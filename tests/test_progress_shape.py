"""One description of ``progress.json``'s keys (``coach.data.progress.FIELDS``): the pydantic
schema and the pydantic-free fast path both follow it."""

from __future__ import annotations

import json
from typing import Any

from coach.data.progress import FIELDS, Progress
from coach.data.progress_schema import ProgressSchema, validate


def _plain() -> dict[str, Any]:
    doc = Progress(current_step="s", language="de", pause_until="2030-01-02").to_doc()
    doc["ticks"] = {"s/a": "2024-05-01T10:00:00Z"}
    doc["unticks"] = {"s/b": "2024-05-02T10:00:00+02:00"}
    doc["answers"] = {"s/f": "text", "s/r": [{"id": "abc", "name": "Ana"}]}
    doc["contacts"] = [{"id": "c1", "person": "p1", "date": "2024-05-03", "kind": "call"}]
    doc["mine"] = {"kept": True}
    return json.loads(json.dumps(doc))


def test_the_schema_has_exactly_the_keys_of_the_table() -> None:
    assert set(ProgressSchema.model_fields) == set(FIELDS)


def test_a_plain_file_reads_the_same_both_ways() -> None:
    doc = _plain()
    fast = Progress.from_doc(doc)
    assert fast is not None
    assert fast.to_doc() == validate(doc).to_doc() == doc


def test_each_key_of_the_wrong_type_leaves_the_fast_path() -> None:
    for name in FIELDS:
        doc = _plain()
        doc[name] = object()  # no key of the file can be this
        assert Progress.from_doc(doc) is None, name


def test_a_missing_optional_key_reads_as_its_default_both_ways() -> None:
    for name, key in FIELDS.items():
        if key.required:
            continue
        doc = _plain()
        doc.pop(name, None)  # an empty one is left out of the file anyway
        fast = Progress.from_doc(doc)
        assert fast is not None, name
        assert fast.to_doc() == validate(doc).to_doc(), name
