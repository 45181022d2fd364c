"""One content object model: the loader and the snapshot both give coach.content.content_types."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from conftest import CONTENT, OTHER_CONTENT
from pydantic import ValidationError

from coach.content import compiled, content_types, model
from coach.content.content_types import KINDS, Step, TextField


def test_every_content_class_has_a_validator_with_its_name_fields_and_defaults() -> None:
    for name, cls in KINDS.items():
        validator = model.validator(cls)
        assert validator.__name__ == name  # pydantic's messages name it ("instance of Step")
        assert tuple(validator.model_fields) == cls._fields, name
    step = model.validator(Step).model_validate({"id": "a", "title": "A", "body": "Go."})
    assert step.model_fields_set == {"id", "title", "body"} and step.checklist == []  # type: ignore[attr-defined]
    assert type(step.model_dump()["fields"]) is list


def test_every_name_in_a_field_annotation_is_a_type_or_has_its_check() -> None:
    """A new constraint alias in content_types without its entry in coach.content.model.NAMESPACE
    would validate as its plain type: nothing checked, and no error to say so."""
    plain = {"str", "int", "bool", "None", "dict", "list", "Literal", "ClassVar", "tuple", "Any"}
    contents = {
        name
        for name, value in vars(content_types).items()
        if (isinstance(value, type) and issubclass(value, content_types.Content))
        or all(
            isinstance(t, type) and issubclass(t, content_types.Content)
            for t in getattr(value, "__args__", [0])
        )
    }
    for cls in KINDS.values():
        for klass in cls.__mro__:
            for note in vars(klass).get("__annotations__", {}).values():
                names = {
                    n.id for n in ast.walk(ast.parse(note, mode="eval")) if isinstance(n, ast.Name)
                }
                assert names <= plain | contents | set(model.NAMESPACE), (cls, note)


@pytest.mark.parametrize(
    ("cls", "data"),
    [
        (content_types.DoneWhen, {"answer": "a/b", "count": 0}),
        (content_types.Rhythm, {"circles": {"close": 3651}}),
        (content_types.Rhythm, {"default": 0}),
        (content_types.WeekSpec, {"default_target": 101}),
        (content_types.CourseMeta, {"title": "T", "languages": []}),
        (content_types.CourseMeta, {"title": "T", "languages": ["EN"]}),
        (content_types.Option, {"id": "a" * 65, "label": "A"}),
        (
            content_types.PerChoiceChecklist,
            {"field": "nostep", "items": [{"id": "a", "text": "T"}]},
        ),
        (content_types.RecordsPart, {"kind": "records", "source": "a/b", "columns": []}),
        (content_types.Step, {"id": "a", "title": "A", "body": "B", "fields": [{"kind": "x"}]}),
    ],
)
def test_the_constraints_declared_on_the_content_classes_are_checked(
    cls: type[content_types.Content], data: dict[str, object]
) -> None:
    with pytest.raises(ValidationError):
        model.validator(cls).model_validate(data)


def _objects(value: object) -> list[object]:
    """Every content object in a loaded course, depth first."""
    if isinstance(value, content_types.Content):
        own: list[object] = [value]
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
        step.extra = 1
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
