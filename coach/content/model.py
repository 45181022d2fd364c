"""The content schema's checks: pydantic validators derived from ``coach.content.content_types``.

The fields of a course (its steps, checklists, fields, templates, catalogs, agenda, sheet
layout) are declared once, as the content classes; :func:`validator` builds the pydantic
model that checks the YAML for one of them, with the same name, fields and defaults, when a
content folder is validated (the app's start-up never pays for it). Each constraint alias
of ``coach.content.content_types`` gets its check here (:data:`NAMESPACE`), and a union of two or
more content classes is told apart by ``kind``. ``coach.content.loader`` validates with these
models, then hands out the content objects. Every id is a stable key the user's progress refers to;
every text the user reads is a ``LocalText`` mapping language codes to strings. The loaded
``Course`` lives in the pydantic-free ``coach.content.course``, ``tr`` in ``coach.localtext``
(so the two never import each other; ``tr`` is re-exported from here).
"""

from __future__ import annotations

import re
import sys
import types
from functools import cache
from typing import Annotated, Any, Literal, TypeVar, Union, cast, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, create_model

from coach.content import content_types
from coach.content.content_types import MISSING, Content, Factory, defaults_of
from coach.localtext import PLAIN
from coach.localtext import tr as tr  # re-exported

PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\](?!\()")  # [Name], not a [link](url)

_T = TypeVar("_T")
_KEY = r"[a-z0-9][a-z0-9_-]*"


def _plain_to_mapping(value: Any) -> Any:
    return {PLAIN: value} if isinstance(value, str) else value


# Each constraint alias of coach.content.content_types -> the type that checks it.
NAMESPACE: dict[str, Any] = {
    "LocalText": Annotated[dict[str, str], BeforeValidator(_plain_to_mapping)],
    "Id": Annotated[str, StringConstraints(pattern=f"^{_KEY}$", max_length=64)],
    "FieldRef": Annotated[str, StringConstraints(pattern=f"^{_KEY}/{_KEY}$")],
    "Language": Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")],
    "PositiveInt": Annotated[int, Field(gt=0)],
    "Days": Annotated[int, Field(gt=0, le=3650)],
    "WeeklyTarget": Annotated[int, Field(ge=0, le=100)],
    "NonEmpty": Annotated[list[_T], Field(min_length=1)],  # type: ignore[valid-type]
}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


@cache
def validator(cls: type[Content]) -> type[Model]:
    """The pydantic model that checks YAML for the content class ``cls``: its name, its
    fields (inherited ones first) with their constraints, its defaults."""
    notes: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):  # a subclass's note wins, as in get_type_hints
        module = klass.__module__
        notes.update(
            (n, (note, module)) for n, note in vars(klass).get("__annotations__", {}).items()
        )
    fields: dict[str, Any] = {}
    for name, default in defaults_of(cls).items():
        note = _checked(*notes[name])
        if default is MISSING:
            fields[name] = (note, ...)
        elif isinstance(default, Factory):
            make = default.make
            if isinstance(make, type) and issubclass(make, Content):
                make = validator(make)  # a nested default is a model like the rest
            fields[name] = (note, Field(default_factory=make))
        else:
            fields[name] = (note, default)
    model = create_model(
        cls.__name__, __base__=Model, __module__=__name__, __doc__=cls.__doc__, **fields
    )
    return cast(type[Model], model)


@cache
def _checked(note: str, module: str) -> Any:
    """The validating type for the annotation ``note`` of a class in ``module``: evaluated
    as ``typing.get_type_hints`` does, with the constraint aliases from :data:`NAMESPACE`
    (once per text: the field bases' notes are shared by every field class)."""
    if not isinstance(note, str):
        raise TypeError(
            f"{module}: annotations must stay text (from __future__ import annotations)"
        )
    return _validating(eval(note, vars(sys.modules[module]), NAMESPACE))


def _is_content(note: Any) -> bool:
    return isinstance(note, type) and issubclass(note, Content)


def _validating(note: Any) -> Any:
    """``note`` with each content class in it replaced by its :func:`validator`; a union of
    two or more content classes (fields, sheet parts) picks its member by ``kind``."""
    if _is_content(note):
        return validator(note)
    origin, args = get_origin(note), get_args(note)
    if not args or origin is Literal:
        return note
    if origin is Annotated:
        return Annotated[(_validating(args[0]), *note.__metadata__)]
    swapped = tuple(_validating(a) for a in args)
    if origin in (Union, types.UnionType):
        union = cast(Any, Union)[swapped]  # built from a tuple, which `|` cannot take
        if sum(map(_is_content, args)) > 1:
            return Annotated[union, Field(discriminator="kind")]
        return union
    return origin[swapped]


def validators() -> dict[str, type[Model]]:
    """A validator for every content class, by name (the tests check they match)."""
    return {name: validator(cls) for name, cls in content_types.KINDS.items()}
