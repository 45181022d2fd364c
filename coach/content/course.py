"""The loaded course and the helpers every reader of it needs, without pydantic.

``coach status`` and ``coach sheet`` run on a course rebuilt from the compiled snapshot
(``coach.content.compiled``), so nothing here may import pydantic: the steps, fields and catalogs
are the frozen content objects of ``coach.content.content_types``, however the course was loaded,
and code tells fields and sheet parts apart by their ``kind``, never by their class.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from coach.localtext import PLAIN as PLAIN  # re-exported: most readers import it here
from coach.localtext import tr as tr
from coach.records import Record

if TYPE_CHECKING:
    from coach.content.content_types import Catalog, ChoiceField, CourseMeta, SheetLayout, Step

CHOICE_KINDS = frozenset({"choice", "multi_choice"})


def is_choice(field: Any) -> TypeGuard[ChoiceField]:
    return getattr(field, "kind", None) in CHOICE_KINDS


class Choice(Record):
    """One option of a choice field: from its own list or from its catalog."""

    id: str
    label: dict[str, str]
    tags: tuple[str, ...] = ()  # what kind of entry it is (see ChecklistItem.for_tags)


class Course:
    """A loaded, checked content folder; nothing changes it once loaded (a plain class:
    see "Rules the layout keeps" in docs/architecture.md)."""

    __slots__ = ("_options", "catalogs", "meta", "root", "sheet", "steps")

    def __init__(
        self,
        *,
        meta: CourseMeta,
        steps: list[Step],
        catalogs: dict[str, Catalog],
        root: Path,
        sheet: SheetLayout | None = None,  # the sheet layout (content/sheet.yaml), if any
    ) -> None:
        self.meta = meta
        self.steps = steps
        self.catalogs = catalogs
        self.root = root
        self.sheet = sheet
        # options_for, per field: 2,000 people ask for the same options 4,000 times.
        self._options: dict[int, list[Any]] = {}

    def __repr__(self) -> str:
        return f"Course({self.root}, {len(self.steps)} steps)"

    @property
    def languages(self) -> list[str]:
        return self.meta.languages

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def step_index(self, step_id: str | None) -> int:
        for i, s in enumerate(self.steps):
            if s.id == step_id:
                return i
        return 0

    def field(self, key: str) -> Any:
        """The field a ``step/field`` key names, or None."""
        step_id, _, field_id = key.partition("/")
        step = self.step(step_id)
        return next((f for f in step.fields if f.id == field_id), None) if step else None

    def subfield(self, key: str, sub_id: str | None) -> Any:
        """One field of the records field ``key`` (e.g. the people list's status), or None."""
        subs = getattr(self.field(key), "fields", None) or []
        return next((s for s in subs if s.id == sub_id), None) if sub_id else None

    def options_for(self, field: ChoiceField) -> list[Any]:
        """A choice field's options (each with ``id`` and ``label``), from its list or its
        catalog."""
        if field.options is not None:
            return field.options
        # Keyed by id(): fields are frozen and live as long as the course does.
        options = self._options.get(id(field))
        if options is None:
            catalog = self.catalogs.get(field.catalog or "")
            entries = catalog.entries if catalog is not None else []
            options = [Choice(e.id, e.name, tuple(e.tags)) for e in entries]
            self._options[id(field)] = options
        return options
