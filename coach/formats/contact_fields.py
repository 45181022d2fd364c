"""What an import brings besides names: a birthday as the coach keeps it, the day someone
connected (LinkedIn's "Connected On"), and the first logged contact made of it. Small and
apart from the readers in ``contacts_import``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from coach.content.course import Course
    from coach.formats.contacts_import import Contact


def connected_on(text: str) -> str:
    """LinkedIn's "22 Sep 2025" (or an ISO date) as ISO; anything else: nothing."""
    import datetime as dt

    text = text.strip()
    for form in ("%d %b %Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return ""


_BDAY = re.compile(r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?")


def birthday(text: str) -> str:
    """A vCard birthday as the coach keeps it: ``1990-04-15``, or ``--04-15`` without the
    year (vCard 4's ``--0415``); 29 February is kept with or without a year (a leap year's);
    a value that is no day of the year is kept as written (nothing lost)."""
    import calendar

    match = _BDAY.fullmatch(text.strip())
    if not match:
        return text
    year, month, day = match.groups()
    m, d = int(month), int(day)
    leap = 2000 if year == "--" else int(year)  # without a year, 29 Feb is a birthday
    if not (1 <= m <= 12 and 1 <= d <= calendar.monthrange(leap, m)[1]):
        return text
    return f"{year if year != '--' else '-'}-{month}-{day}"


def first_contacts(
    course: Course, records: list[dict[str, object]], contacts: list[Contact], today: dt.date
) -> list[dict[str, object]]:
    """Give ``records`` (made from ``contacts``, in order) their ids, and return a first
    logged contact of the content's ``connected_kind`` for each that says when it connected
    (LinkedIn's "Connected On"). None for a day after ``today`` (a file edited, or written
    where it is already tomorrow): a contact is never dated in the future, and one moved
    to today would count as this week's, which the user did not make."""
    from coach.data.progress import new_id
    from coach.domain import people

    kind = getattr(people.spec(course), "connected_kind", None)
    last = today.isoformat()
    out: list[dict[str, object]] = []
    for record, contact in zip(records, contacts, strict=True):
        record.setdefault("id", new_id())
        if kind and contact.connected and contact.connected <= last:  # (ISO: days' order)
            day = contact.connected
            out.append({"id": new_id(), "person": record["id"], "date": day, "kind": kind})
    return out


def connected_later(contacts: list[Contact], today: dt.date) -> int:
    """How many of ``contacts`` say they connected after ``today`` (see :func:`first_contacts`)."""
    last = today.isoformat()
    return sum(1 for contact in contacts if contact.connected > last)
