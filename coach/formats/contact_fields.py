"""What an import brings besides names: a birthday as the coach keeps it, the day someone
connected (LinkedIn's "Connected On"), and the first logged contact made of it. Small and
apart from the readers in ``contacts_import``."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from coach.content.course import Course
    from coach.formats.contacts_import import Contact


def connected_on(text: str) -> str | None:
    """LinkedIn's "22 Sep 2025" as ISO, in the month names of any language the coach speaks
    ("03 Okt. 2025", "3. Oktober 2025"), or an ISO or German date; "" for an empty cell,
    None for one that says a day the coach cannot read (it is said, not guessed)."""
    import datetime as dt

    from coach.domain import answers

    text = text.strip()
    if not text:
        return ""
    found = _WRITTEN.fullmatch(text)  # (LinkedIn's own, first: a file has thousands)
    if found is None:  # 2025-09-22 or 22.09.2025, as a form reads them
        try:
            return answers.parse_date(text).isoformat()
        except answers.InvalidValue:  # (2025-02-30 too)
            return None
    month = _months().get(found[2][:3].casefold())
    try:
        return dt.date(int(found[3]), month, int(found[1])).isoformat() if month else None
    except ValueError:  # (31 Feb)
        return None


_WRITTEN = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]{3,})\.?\s+(\d{4})")


@cache
def _months() -> dict[str, int]:
    """The first three letters of each month's name in every language the coach speaks
    ("okt", "oct", "mär", "mar") -> its number: the catalogs' own names."""
    from coach import i18n

    out: dict[str, int] = {}
    for lang in i18n.LANGUAGES:
        for key in ("date.months", "date.months_short"):
            for number, name in enumerate(i18n.catalog(lang)[key].split(","), start=1):
                out.setdefault(name.strip().casefold()[:3], number)
    return out


def birthday(text: str) -> str:
    """A vCard birthday as the coach keeps it (:func:`coach.domain.people.birthday`: a
    form's rule too); a value that is no day of the year is kept as written (nothing lost)."""
    from coach.domain import people

    return people.birthday(text) or text


def first_contacts(
    course: Course,
    records: list[dict[str, object]],
    contacts: list[Contact],
    today: dt.date,
    known: dict[str, str] | None = None,
) -> list[dict[str, object]]:
    """Give ``records`` (made from ``contacts``, in order) their ids, and return a first
    logged contact of the content's ``connected_kind`` for each that says when it connected
    (LinkedIn's "Connected On"). Not for a day after ``today`` (a file edited, or written
    where it is already tomorrow): a contact is never dated in the future, and one moved
    to today would count as this week's, which the user did not make. ``known``: people
    already there (record id -> the day they connected) who get one too."""
    from coach.data.progress import new_id
    from coach.domain import people

    kind = getattr(people.spec(course), "connected_kind", None)
    last = today.isoformat()
    out: list[dict[str, object]] = []
    for record, contact in zip(records, contacts, strict=True):
        record.setdefault("id", new_id())
        day = contact.connected
        if kind and day and day <= last:  # (ISO: in the days' order)
            out.append({"id": new_id(), "person": record["id"], "date": day, "kind": kind})
    for person, day in (known or {}).items():
        if kind and day <= last:
            out.append({"id": new_id(), "person": person, "date": day, "kind": kind})
    return out


def connected_said(contacts: list[Contact], today: dt.date) -> list[str]:
    """What the summary says of ``contacts``' "Connected On" days, in the shell and in the
    picker alike: how many are after ``today``, how many cannot be read (no first contact
    is logged for either)."""
    from coach.i18n import tn

    said = []
    if later := connected_later(contacts, today):
        said.append(tn("contacts.connected_later", later))
    if unread := connected_unread(contacts):
        said.append(tn("contacts.connected_unread", unread))
    return said


def connected_unread(contacts: list[Contact]) -> int:
    """How many of ``contacts`` give a "Connected On" the coach cannot read (no first
    contact is logged for them: a day is never guessed)."""
    return sum(1 for contact in contacts if contact.connected is None)


def connected_later(contacts: list[Contact], today: dt.date) -> int:
    """How many of ``contacts`` say they connected after ``today`` (see :func:`first_contacts`)."""
    last = today.isoformat()
    return sum(1 for contact in contacts if contact.connected and contact.connected > last)
