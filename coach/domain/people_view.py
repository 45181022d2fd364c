"""How people are sorted, filtered and labelled on screen: pure, no Textual (the people screen, the
person page and Today read through here). Which fields are the name, the next step or the
follow-up is the content's to say (``agenda.people``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from coach.content.course import tr
from coach.domain import people
from coach.safetext import shown

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.domain.people import Person

SORTS = ("follow_up", "name", "last_contact")


def sort_people(
    everyone: list[Person], how: str, names: dict[str, str] | None = None
) -> list[Person]:
    """``follow_up``: soonest first, none last; ``name``; ``last_contact``: longest ago
    first, never contacted last. Ties by name (``names``: id -> folded name, if known)."""
    if names is None:
        names = {p.id: people.fold(p.name) for p in everyone}
    if how == "name":
        return sorted(everyone, key=lambda p: (names[p.id], p.id))
    if how == "last_contact":
        return sorted(
            everyone,
            key=lambda p: (p.last_contact is None, p.last_contact or dt.date.min, names[p.id]),
        )
    return sorted(
        everyone, key=lambda p: (p.follow_up is None, p.follow_up or dt.date.max, names[p.id])
    )


def field_label(course: Course, sub_id: str | None, fallback: str, lang: str) -> str:
    """The content's label of a people field (e.g. "Follow up on"), else ``fallback``."""
    found = people.spec(course)
    sub = course.subfield(found.records, sub_id) if found is not None else None
    label = tr(sub.label, lang) if sub is not None else ""
    return shown(label, single_line=True) or fallback


def kind_id(course: Course, typed: str) -> str | None:
    """The kind of contact ``typed`` names: its id, or its label in any of the content's
    languages ("Telefonat" as well as "call"), case and spaces aside; None if none does."""
    agenda = getattr(course.meta, "agenda", None)
    wanted = " ".join(typed.split()).casefold()
    for option in getattr(agenda, "contact_kinds", None) or []:
        labels = option.label.values() if isinstance(option.label, dict) else [option.label]
        if wanted in {option.id.casefold(), *(" ".join(str(x).split()).casefold() for x in labels)}:
            return str(option.id)
    return None


def kind_label(course: Course, kind: str, lang: str) -> str:
    agenda = getattr(course.meta, "agenda", None)
    for option in getattr(agenda, "contact_kinds", None) or []:
        if option.id == kind:
            return tr(option.label, lang)
    return kind


def holding(query: str, folded: Sequence[str], spelled: Callable[[], Sequence[str]]) -> list[int]:
    """The rule of every filter as the user types: the indexes of the texts that hold
    ``query``, case, accents and spacing aside (``folded``: each text through
    ``people.fold``), or, when the query spells an umlaut out ("mueller"), spelled out
    alike (``spelled()``: the texts through ``people.spelled_key``, asked for only then)."""
    wanted = people.name_key(query)
    found = [i for i, text in enumerate(folded) if wanted in text]
    if (spelled_out := people.spelled_query(query)) is None:
        return found
    plain = set(found)
    return [i for i, text in enumerate(spelled()) if i in plain or spelled_out in text]
