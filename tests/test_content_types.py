"""One content object model: the loader and the snapshot both give coach.content_types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CONTENT, OTHER_CONTENT
from pydantic import BaseModel

from coach import compiled, content_types, model, sheet_layout
from coach.content_types import KINDS, Step, TextField


def _validators() -> dict[str, type[BaseModel]]:
    """Every concrete pydantic model that validates content (the bases have no ``kind``
    of their own and are never built)."""
    out: dict[str, type[BaseModel]] = {}
    for module in (model, sheet_layout):
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, BaseModel)
                and value.__module__ == module.__name__
                and not name.startswith("_")
                and name != "Model"
            ):
                out[name] = value
    return out


def test_every_validated_model_has_its_content_class_with_the_same_fields() -> None:
    validators = _validators()
    assert set(validators) == set(KINDS)
    for name, validator in validators.items():
        assert KINDS[name]._fields == tuple(validator.model_fields), name


def _objects(value: object) -> list[object]:
    """Every content object in a loaded course, depth first."""
    if isinstance(value, content_types.Content):
        own = [value]
        for name in value._fields:
            own += _objects(getattr(value, name))
        return own
    if isinstance(value, list):
        return [o for v in value for o in _objects(v)]
    if isinstance(value, dict):
        return [o for v in value.values() for o in _objects(v)]
    assert value is None or isinstance(value, str | int | bool), type(value)
    return []


@pytest.mark.parametrize("source", [CONTENT, OTHER_CONTENT], ids=["bundled", "other"])
def test_the_full_load_and_the_snapshot_give_the_same_objects(
    source: Path, coach_home: Path
) -> None:
    full = compiled.load(source, coach_home)
    snap = compiled.read(source, coach_home)
    assert snap is not None
    for loaded, rebuilt in (
        (full.meta, snap.meta),
        (full.steps, snap.steps),
        (full.catalogs, snap.catalogs),
        (full.sheet, snap.sheet),
    ):
        assert loaded == rebuilt
        assert [type(o) for o in _objects(loaded)] == [type(o) for o in _objects(rebuilt)]
    assert all(type(o) in KINDS.values() for o in _objects(full.steps))  # no pydantic left
    assert len(_objects(full.steps)) > len(full.steps)


def test_content_objects_are_frozen_and_keyword_only() -> None:
    step = Step(id="a", title={"en": "A"}, body={"en": "Go."})
    assert step.checklist == [] and step.fields == [] and step.summary is None
    assert Step(id="b", title={}, body={}).checklist is not step.checklist  # fresh defaults
    with pytest.raises(AttributeError):
        step.id = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        step.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="missing 'body'"):
        Step(id="a", title={})  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unknown 'colour'"):
        TextField(id="n", label={}, kind="short_text", colour="red")  # type: ignore[call-arg]
    assert "id='a'" in repr(step)


def test_a_snapshot_naming_an_unknown_class_or_field_means_a_full_load(
    coach_home: Path,
) -> None:
    compiled.load(OTHER_CONTENT, coach_home)
    path = compiled.snapshot_path(coach_home, OTHER_CONTENT)
    good = path.read_text("utf-8")
    assert '"__model__":"Step"' in good
    for bad in (
        good.replace('"__model__":"Step"', '"__model__":"Stepp"', 1),
        good.replace('"__model__":"Step",', '"__model__":"Step","colour":"red",', 1),
    ):
        path.write_text(bad, "utf-8")
        assert compiled.read(OTHER_CONTENT, coach_home) is None
    path.write_text(good, "utf-8")
    snap = compiled.read(OTHER_CONTENT, coach_home)
    assert snap is not None and type(snap.steps[0]) is Step
    assert json.loads(good)["course"]["steps"][0]["__model__"] == "Step"
