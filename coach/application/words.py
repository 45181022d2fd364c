"""A change in the user's words: what ``undo`` says it takes back ("logged a contact with
Jana Krüger on 6 Dec"), in the CLI and the UI alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.data.merge_meta import CONTACTS
from coach.i18n import day_in_words, get_language, t, tn
from coach.safetext import shown

if TYPE_CHECKING:
    from coach.application.core import Undone
    from coach.content.course import Course


def describe(do: str, say: dict[str, Any], course: Course | None = None) -> str:
    """One short phrase for an operation (``op.<do>`` in the catalog); an answer names its
    field by its label in ``course`` ("removed 1 entry from “Upcoming events”")."""
    label = _label(course, say.get("field")) if do == "answer" else None
    if label is not None:
        for key in ("added", "removed"):
            if _count(say.get(key)):
                return tn(f"op.answer_{key}", _count(say[key]), field=label)
        return t("op.answer_named", field=label)
    values = shown_values(say)
    named = _named(do, say, course)
    if named is not None:
        return named
    if do == "remove" and _count(say.get("contacts")):
        return tn("op.remove_with", _count(say["contacts"]), person=values.get("person", ""))
    counted = tn(f"op.{do}", _count(say.get("count")))  # "added 3 people"
    if counted != f"op.{do}":
        return counted
    said = t(f"op.{do}", **values)
    if said == f"op.{do}":  # a kind of operation this coach has no words for (a newer one)
        return t("op.unknown", what=shown(do, single_line=True))
    return said


ITEM_SHOWN = 60  # cells of a checklist item's text in an undo's words


def _named(do: str, say: dict[str, Any], course: Course | None) -> str | None:
    """Words that name what changed, where the operation says it: the item a tick took
    ("ticked “I've written down what I enjoy”", not "ticked an item"), the day a follow-up
    went to. None: the plain words for ``do``."""
    if do in ("tick", "untick") and course is not None and isinstance(say.get("item"), str):
        from coach.cells import fit
        from coach.content.course import tr
        from coach.domain.status import find_item

        found = find_item(course, say["item"])
        if found is not None:
            text = shown(tr(found[0].text, get_language()), single_line=True)
            return t(f"op.{do}_named", item=fit(text, ITEM_SHOWN))
    if do in ("let_go", "add_people") and _count(say.get("count")) == 1 and say.get("person"):
        return t(f"op.{do}_named", **shown_values(say))
    if do == "posted" and say.get("post"):
        from coach.cells import fit

        return t("op.posted_named", post=fit(shown_values(say)["post"], ITEM_SHOWN))
    if do in ("follow_up", "snooze") and "date" in say:
        values = shown_values(say)
        return t(f"op.{do}_to" if say["date"] else "op.follow_up_cleared", **values)
    return None


def _label(course: Course | None, key: Any) -> str | None:
    """The label of the field ``key`` names, in the current language (None: none found)."""
    from coach.content.course import tr

    field = course.field(key) if course is not None and isinstance(key, str) else None
    label = getattr(field, "label", None)
    return shown(tr(label, get_language()), single_line=True) if label else None


def _count(value: Any) -> int:
    """A count the operation says (0 when it says none, or none that is a number: a line
    written by another tool)."""
    try:
        return int(value or 0)
    except (TypeError, ValueError, OverflowError):
        return 0


def shown_values(say: dict[str, Any]) -> dict[str, str]:
    """An operation's words as a message shows them (dates in the user's form, one line)."""
    return {k: _shown(k, v) for k, v in say.items() if k not in ("of", "count")}


def _shown(key: str, value: Any) -> str:
    if key in ("date", "was") and isinstance(value, str):
        return day_in_words(value, get_language())  # (as Today and the log say days)
    return shown(str(value) if value is not None else "", single_line=True)


def undone_words(
    done: Undone, course: Course | None, *, again: bool = False, redo: bool = False
) -> list[str]:
    """What an undo (or a ``redo``) says it did, sentence by sentence, in the CLI and the
    UI alike (``again``: the UI's hint at the keys that go on): what it took back, and the
    values it left as another device holds them, named; an undo that could change nothing
    says so instead of "taken back" (the contact it named was still there)."""
    what = describe(done.do, done.say, course)
    if not done.changed and done.kept:
        said = [t("redo.nothing_left" if redo else "undo.nothing_left", what=what)]
    else:
        if redo:
            done_key = "ui.redone" if again else "redone"
        else:
            done_key = "ui.undone" if again else "undo.done"
        said = [t(done_key, what=what)]
        if done.kept:
            said.append(tn("undo.kept", done.kept))
    if done.kept_what:
        said.append(t("undo.kept_which", what=", ".join(done.kept_what)))
    return said


def kept_words(course: Course, progress: Any, paths: list[list[str]]) -> list[str]:
    """The values an undo left as they are, named where they can be: "Tom Weber: Follow up
    on" (a record's field), "Tom Weber" (a person kept whole), "Why networking matters"
    (an answer); the rest unnamed."""
    from coach.content.course import tr
    from coach.domain import people

    lang = get_language()
    found = people.spec(course)
    out: list[str] = []
    for path in paths:
        kind, key = path[0], path[1] if len(path) > 1 else ""
        field = course.subfield(key, path[3]) if kind == "f" and len(path) > 3 else None
        if field is not None:
            person = (
                people.by_id(course, progress, path[2]) if found and key == found.records else None
            )
            label = shown(tr(field.label, lang), single_line=True)
            out.append(f"{shown(person.name, single_line=True)}: {label}" if person else label)
        elif kind == "a" and (answer := _label(course, key)) is not None:
            out.append(answer)
        elif kind == "r" and found and key == found.records and len(path) > 2:
            person = people.by_id(course, progress, path[2])  # (a person, kept whole)
            if person is not None:
                out.append(shown(person.name, single_line=True))
        elif kind == "r" and key == CONTACTS and len(path) > 2:
            out.extend(_contact_words(course, progress, path[2]))  # (a logged contact)
    return list(dict.fromkeys(out))


def _contact_words(course: Course, progress: Any, contact_id: str) -> list[str]:
    """A logged contact an undo leaves, by whom and when ("the contact with Tom Weber on 3
    Dec"): the undo of a log said "taken back" while the contact stayed, unnamed."""
    from coach.data.merge import find
    from coach.domain import people

    found = find(progress, CONTACTS, contact_id)
    if found is None:
        return []
    contact = found[1]
    person = people.by_id(course, progress, str(contact.get("person", "")))
    name = shown(person.name, single_line=True) if person else t("history.not_listed")
    return [t("undo.kept_contact", person=name, date=day_in_words(contact.get("date")))]
