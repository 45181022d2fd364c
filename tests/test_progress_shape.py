"""One description of ``progress.json``'s keys (``coach.data.progress.FIELDS``): the pydantic
schema and the pydantic-free fast path both follow it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    # A date of the saved shape that is no day ("2024-13-40", a hand edit): both keep it.
    | st.sampled_from(["2024-05-01", "2024-13-40", "2024-05-01T10:00:00Z", "2024-5-1", "abc", ""]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
# Where a hand edit or another tool may put an odd value: a top-level key, or one level
# into the tables (a tick's time, an answer, a record's field, a contact's field, a break).
_PLACES = [
    *[(name,) for name in FIELDS],
    ("ticks", "s/a"),
    ("unticks", "s/b"),
    ("answers", "s/f"),
    ("answers", "s/r"),
    ("answers", "s/r", 0, "id"),
    ("answers", "s/r", 0, "name"),
    ("contacts", 0, "id"),
    ("contacts", 0, "person"),
    ("contacts", 0, "date"),
    ("contacts", 0, "kind"),
    ("contacts", 0, "note"),
    ("breaks",),
]


@settings(max_examples=200, deadline=None)
@given(place=st.sampled_from(_PLACES), value=_JSON)
def test_the_fast_path_takes_only_what_the_schema_takes_unchanged(
    place: tuple[Any, ...], value: Any
) -> None:
    """One odd value anywhere: the pydantic-free read either steps aside or reads the file
    as the schema does (never a file the schema would refuse or change)."""
    doc = _plain()
    target: Any = doc
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    fast = Progress.from_doc(json.loads(json.dumps(doc)))
    if fast is None:
        return
    assert fast.to_doc() == validate(json.loads(json.dumps(doc))).to_doc()


def nested(depth: int) -> Any:
    """A list ``depth`` deep around a text."""
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def test_a_value_nested_deeper_than_the_merge_lets_in_makes_the_file_unusable() -> None:
    """A hand edit nesting an answer 900 deep (the export failed on it): the file is set
    aside as too deep, as one too deep for the JSON parser is; as deep as the merge lets
    in, it reads (a record list's records counted one by one, as the merge counts them)."""
    from coach.data.progress import MAX_DEPTH
    from coach.data.store import Unusable, decode
    from coach.data.store_codec import peek

    for where in ("answer", "record", "contact", "unknown key"):
        for depth, usable in ((MAX_DEPTH, True), (MAX_DEPTH + 1, False), (900, False)):
            doc = _plain()
            if where == "answer":
                doc["answers"]["s/f"] = nested(depth)
            elif where == "record":
                doc["answers"]["s/r"][0]["name"] = nested(depth - 1)
            elif where == "contact":
                doc["contacts"][0]["felt"] = nested(depth - 1)
            else:
                doc["mine"] = nested(depth)
            raw = json.dumps(doc).encode()
            if usable:
                assert decode(raw)[0].to_doc(export=True), (where, depth)
                assert peek(raw)[0] is not None, (where, depth)
                continue
            with pytest.raises(Unusable) as refused:
                decode(raw)
            assert refused.value.reason.key == "reason.too_deep", (where, depth)
            assert peek(raw)[0] is None, (where, depth)


def test_a_note_that_says_nan_is_text_and_the_file_reads_as_it_is() -> None:
    """ "NaN" or "Infinity" written in a note or a name once sent the whole file down the
    schema's way, which refuses what the plain read keeps (a day that is no day): the file
    was set aside. Only a real not-a-number does that now."""
    from coach.data.store import decode

    doc = _plain()
    doc["contacts"][0]["note"] = "NaNa said: Infinity and beyond"
    doc["pause_until"] = "2024-13-40"
    progress, migrated = decode(json.dumps(doc).encode())
    assert not migrated and progress.pause_until == "2024-13-40"
    assert progress.to_doc() == doc
    doc["answers"]["s/f"], doc["pause_until"] = float("nan"), "2030-01-02"
    assert decode(json.dumps(doc).encode())[0].answers["s/f"] is None  # the schema's way
