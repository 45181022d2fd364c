"""The user's people: the records the content marks as people, with their contact log.

Which records field holds people, and which of its fields are the name, the circle or the
follow-up date, is the content's to say (``agenda.people`` in ``coach.yaml``); nothing here
names a step or a field. Every person is known by the record's stable ``id``, so renaming
someone keeps their history. Pure and pydantic-free: ``coach today`` reads through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from coach import dates
from coach.content.course import tr
from coach.data.progress import new_id
from coach.dates import day, later
from coach.records import Frozen

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress

__all__ = ["Person", "find", "history", "new_id", "people", "spec"]


def spec(course: Course) -> Any:
    """The content's ``agenda.people`` section, or None when it has no people."""
    agenda = getattr(course.meta, "agenda", None)
    return getattr(agenda, "people", None) if agenda is not None else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class Person(Frozen):
    """One person as Today, the people screen and the CLI see them: never changed once
    made; compared and shown by the fields below, the record left out. (Not a
    ``@dataclass``: it compiled its methods on every start, most of this module's import,
    and Today asks for it there.)"""

    _fields: ClassVar[tuple[str, ...]] = (
        "id",
        "name",
        "circle",
        "follow_up",
        "next_step",
        "status",
        "last_contact",
        "contacts",
    )
    __slots__ = (*_fields, "record")
    id: str
    name: str
    circle: str | None
    follow_up: dt.date | None
    next_step: str
    status: str | None
    last_contact: dt.date | None
    contacts: int
    record: dict[str, Any]

    def __init__(
        self,
        id: str,
        name: str,
        circle: str | None = None,
        follow_up: dt.date | None = None,
        next_step: str = "",
        status: str | None = None,
        last_contact: dt.date | None = None,
        contacts: int = 0,
        record: dict[str, Any] | None = None,
    ) -> None:
        put = object.__setattr__
        values = (id, name, circle, follow_up, next_step, status, last_contact, contacts)
        for field, value in zip(self._fields, values, strict=True):
            put(self, field, value)
        put(self, "record", {} if record is None else record)

    def __reduce__(self) -> tuple[type[Person], tuple[Any, ...]]:
        return Person, (*self._values(), self.record)  # (its record too)

    def due(self, on: dt.date) -> bool:
        """Their follow-up is ``on`` or before it (overdue: before it)."""
        return is_due(self.follow_up, on)

    def overdue(self, on: dt.date) -> bool:
        return self.follow_up is not None and self.follow_up < on


def is_due(follow_up: dt.date | None, on: dt.date) -> bool:
    """The one rule of what is due: a follow-up on ``on`` or before it."""
    return follow_up is not None and follow_up <= on


def last_contacts(
    progress: Progress, only: str | None = None
) -> tuple[dict[str, dt.date], dict[str, int]]:
    """Each person's newest contact date and how many contacts they have (``only``: that
    person's alone).

    Saved dates are ``YYYY-MM-DD`` text, which sorts like the dates themselves: the newest
    is found by comparing text and only that one is parsed (20,000 contacts would otherwise
    cost 20,000 date parses on every ``coach today``); the log keeps both at hand
    (:class:`coach.domain.contact_log.Summary`)."""
    summary = progress.contacts.summary()  # counted as loaded: no entry is made for it
    newest, count = summary.newest, dict(summary.count)
    if only is not None:
        newest = {only: newest[only]} if only in newest else {}
        count = {only: count[only]} if only in count else {}
    last: dict[str, dt.date] = {}
    for person, text in newest.items():
        parsed = day(text)
        if parsed is None:  # an impossible date sorted first (a hand-edited file): look closer
            entries = history(progress, person)  # valid dates only, newest first
            parsed = day(entries[0]["date"]) if entries else None
        if parsed is not None:
            last[person] = parsed
    return last, count


def follow_up_field(course: Course) -> Any:
    """The people list's follow-up date (its field), or None: a day and month typed there
    is the next such day, as ``coach log --next`` and the log dialog read it."""
    found = spec(course)
    if found is None or not found.follow_up:
        return None
    return course.subfield(found.records, found.follow_up)


def checked_fields(course: Course) -> dict[str, tuple[Callable[[str], str | None], str]]:
    """The people list's fields whose text has a form (the content names them: a birthday,
    an e-mail address), by field id: what reads a value (None: refused) and the message
    that says so. The person form's rule; an import keeps what a file says."""
    found = spec(course)
    checks: dict[str, tuple[Callable[[str], str | None], str]] = {}
    if found is not None and getattr(found, "birthday", None):
        checks[found.birthday] = (birthday, "field.bad_birthday")
    if found is not None and getattr(found, "email", None):
        checks[found.email] = (email, "field.bad_email")
    if found is not None and getattr(found, "follow_up", None):
        checks[found.follow_up] = (not_past, "field.past_follow_up")  # (as coach log --next)
    return checks


def not_past(text: str) -> str | None:
    """A follow-up day as saved (YYYY-MM-DD), or None when it has passed: a day set in
    the past would be overdue the moment it is saved (the shell refuses one too)."""
    when = day(text)
    return text if when is None or when >= dates.local_today() else None


def email(text: str) -> str | None:
    """An e-mail address as typed (name@example.org; a copied link's "mailto:" and "?...",
    and the <> a mail program puts round it, left out), or None for text that is none: no
    "@", more than one, a space, no dot after it, or two dots in a row ("example..org")."""
    import re

    text = text.strip().removeprefix("<").removesuffix(">")  # (as a mail program writes it)
    if text[:7].casefold() == "mailto:":
        text = text[7:].partition("?")[0]  # (a link's "?subject=..." is no part of it)
    return text if re.fullmatch(r"[^@\s<>]+@[^@\s.<>?]+(\.[^@\s.<>?]+)+", text) else None


# 1990-04-15 or --04-15 (vCard's 19900415 and --0415, a time after it); 15.04.1990 or 15.4.
FIRST_BIRTH_YEAR = 1900  # a birthday's earliest year (0001 is a slip of the keys)
_ISO_BIRTHDAY = r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?"
_DOTTED_BIRTHDAY = r"(\d{1,2})\.(\d{1,2})(?:\.(\d{4})?)?"


def birthday(text: str) -> str | None:
    """A birthday as the coach keeps it, ``1990-04-15``, or ``--04-15`` without the year,
    from those or ``15.04.1990`` / ``15.04.`` (a vCard's ``--0415`` too); None when it is
    no day of a year (30.02., 1990-13-01), after today or before 1900, or no date at all.
    29 February is a birthday without a year."""
    import calendar
    import re

    text = text.strip()
    if iso := re.fullmatch(_ISO_BIRTHDAY, text):
        year, month, day_ = iso.groups()
    elif dotted := re.fullmatch(_DOTTED_BIRTHDAY, text):
        day_, month, year = dotted.groups()
        year = year or "--"
    else:
        return None
    m, d = int(month), int(day_)
    leap = 2000 if year == "--" else int(year)  # without a year, 29 Feb is a birthday
    if not (leap >= 1 and 1 <= m <= 12 and 1 <= d <= calendar.monthrange(leap, m)[1]):
        return None
    if year != "--" and not FIRST_BIRTH_YEAR <= leap <= 9999:
        return None  # (centuries ago: a slip of the year)
    if year != "--" and dt.date(leap, m, d) > dates.local_today():
        return None  # (not born yet)
    return f"{'-' if year == '--' else year}-{m:02d}-{d:02d}"


def records(course: Course, progress: Progress) -> list[dict[str, Any]]:
    """The saved people records as they are (dicts; anything else in the list is skipped)."""
    people = spec(course)
    if people is None:
        return []
    value = progress.answers.get(people.records)
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def any_due(course: Course, progress: Progress, on: dt.date) -> bool:
    """Whether someone :func:`people` lists has a follow-up on or before ``on`` (what the
    agenda's follow-ups hold, a break aside), without building anyone."""
    people_spec = spec(course)
    if people_spec is None or not people_spec.follow_up:
        return False
    for record in records(course, progress):
        if not is_due(day(record.get(people_spec.follow_up)), on):
            continue
        if not isinstance(record.get("id"), str):
            continue
        if _text(record.get(people_spec.name)).strip():  # as people() leaves the nameless out
            return True
    return False


def people(course: Course, progress: Progress) -> list[Person]:
    """Everyone in the content's people list, in the user's order (records without an id
    or a name are left out: they cannot be logged against or shown)."""
    people_spec = spec(course)
    if people_spec is None:
        return []
    return _people(people_spec, progress, _named(people_spec, records(course, progress)))


def _named(people_spec: Any, found: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """The records that are people (an id and a name), each with its name."""
    out = []
    for record in found:
        name = _text(record.get(people_spec.name)).strip()
        if isinstance(record.get("id"), str) and name:
            out.append((record, name))
    return out


def _people(
    people_spec: Any,
    progress: Progress,
    named: list[tuple[dict[str, Any], str]],
    only: str | None = None,
) -> list[Person]:
    last, count = last_contacts(progress, only)
    out: list[Person] = []
    for record, name in named:
        pid = record["id"]
        out.append(
            Person(
                id=pid,
                name=name,
                circle=_choice(record, people_spec.circle) or _unsorted(people_spec),
                follow_up=day(record.get(people_spec.follow_up)) if people_spec.follow_up else None,
                next_step=_text(record.get(people_spec.next_step)) if people_spec.next_step else "",
                status=_choice(record, people_spec.status),
                last_contact=last.get(pid),
                contacts=count.get(pid, 0),
                record=record,
            )
        )
    return out


def _unsorted(people_spec: Any) -> str | None:
    """The circle of someone in none (the content's ``unsorted_circle``, which imported
    people get): added by hand without one, they are shown the same way."""
    return getattr(people_spec, "unsorted_circle", None) if people_spec.circle else None


def _choice(record: dict[str, Any], field_id: str | None) -> str | None:
    value = record.get(field_id) if field_id else None
    return value if isinstance(value, str) and value else None


# Letters whose accent is part of the letter (Unicode does not take them apart): set aside
# as the others are, so Łukasz sorts by L and is found by "lukasz" (it sorted after Zoë).
_STROKES = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i"})


def fold(text: str) -> str:
    """``text`` for matching: case and accents set aside (``Jürgen`` finds ``jurgen``)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_STROKES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """The one key a name is matched by (``coach log``, the people screen's filter, the
    contacts import): accents, case and spacing set aside (``Jürgen  MÜLLER`` is
    ``jurgen muller``)."""
    if name.isascii():  # most names: no accent to set aside
        return " ".join(name.casefold().split())
    return " ".join(fold(name).split())


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def spelled_key(name: str) -> str:
    """:func:`name_key` with the German umlauts spelled out, as they are typed without
    them ("mueller" for "Müller", whose key is "muller"): a second key to find by, never
    to tell people apart (the import keeps to :func:`name_key`)."""
    if name.isascii():
        return name_key(name)
    import unicodedata

    return name_key(unicodedata.normalize("NFC", name.casefold()).translate(_UMLAUTS))


def spelled_query(query: str) -> str | None:
    """``query`` with its umlauts spelled out, to find by :func:`spelled_key`, when it has a
    spelled umlaut (ae, oe, ue) that can line up with one; None otherwise: "eller" is no
    Möller, though "moeller" holds it."""
    spelled = spelled_key(query)
    return spelled if any(pair in spelled for pair in ("ae", "oe", "ue")) else None


def find(course: Course, progress: Progress, query: str) -> list[Person]:
    """The people whose name contains ``query`` (by :func:`name_key`: case, accents and
    spacing aside; or by :func:`spelled_key`: "mueller" finds Müller). A person's id wins;
    then a name written exactly as ``query`` ("Jana Krüger" is not "Jana Kruger", though
    both have one key); then a name whose key is ``query``'s, so "Tom" can be told from
    "Tomás". Matched by their records first: only
    the people found are built (with 2,000 people, ``coach log`` built all of them to log
    against one)."""
    wanted = name_key(query)
    people_spec = spec(course)
    if not wanted or people_spec is None:
        return []
    named = _named(people_spec, records(course, progress))
    exact = query.strip()
    matched = [(r, name) for r, name in named if r["id"] == exact]
    matched = matched or [(r, name) for r, name in named if name.strip() == exact]
    spelled = spelled_query(query)  # (None: "eller" finds no Möller)
    if not matched:
        keys = [(r, n, name_key(n), spelled_key(n) if spelled else "") for r, n in named]
        matched = [(r, n) for r, n, key, alt in keys if wanted == key or spelled == alt]
        matched = matched or [
            (r, n) for r, n, key, alt in keys if wanted in key or (spelled and spelled in alt)
        ]
    return _people(people_spec, progress, matched) if matched else []


def by_id(course: Course, progress: Progress, person_id: str) -> Person | None:
    """One person, built alone (building all 2,000 to find one took 45 ms, on every
    person's page, every change to someone, every catch-up step)."""
    people_spec = spec(course)
    if people_spec is None:
        return None
    mine = [r for r in records(course, progress) if r.get("id") == person_id]
    named = _named(people_spec, mine)[:1]
    return _people(people_spec, progress, named, only=person_id)[0] if named else None


def history(progress: Progress, person_id: str) -> list[dict[str, Any]]:
    """The contacts logged with one person, newest first (by date, then by when logged)."""
    entries = [
        c
        for c in progress.contacts
        if isinstance(c, dict) and c.get("person") == person_id and day(c.get("date"))
    ]
    return newest_first(entries)


def newest_first(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Logged contacts newest first, one order for a person's page, ``coach history`` and
    the contact list: by date, then by when logged, then the one logged later first."""
    listed = list(entries)
    order = sorted(
        range(len(listed)),
        key=lambda i: (_text(listed[i].get("date")), _text(listed[i].get("at")), i),
        reverse=True,
    )
    return [listed[i] for i in order]


def contacts_between(progress: Progress, first: dt.date, last: dt.date) -> Iterable[dict[str, Any]]:
    """Logged contacts dated from ``first`` to ``last`` (both included)."""
    low, high = first.isoformat(), last.isoformat()
    for entry in progress.contacts:
        when = entry.get("date") if isinstance(entry, dict) else None
        if isinstance(when, str) and low <= when <= high and day(when):
            yield entry


def count_between(progress: Progress, first: dt.date, last: dt.date) -> int:
    """How many contacts :func:`contacts_between` gives, from the log's count per day (no
    entry is made for it)."""
    low, high = first.isoformat(), last.isoformat()
    per_day = progress.contacts.summary().per_day
    return sum(n for when, n in per_day.items() if low <= when <= high and day(when))


def status_options(course: Course) -> list[Any]:
    """The options of the people list's status field, in the content's order."""
    found = spec(course)
    field = course.subfield(found.records, found.status) if found is not None else None
    return list(course.options_for(field)) if field is not None else []


def next_status(course: Course, person: Person) -> str | None:
    """The status a contact moves the person to: the content's ``after_contact``, but only
    forward (someone already "connected" stays connected)."""
    target = getattr(spec(course), "after_contact", None)
    if not target:
        return None
    order = [o.id for o in status_options(course)]
    if target not in order:
        return None
    if person.status in order and order.index(person.status) >= order.index(target):
        return None
    return str(target)


def status_label(course: Course, status: str, lang: str) -> str:
    for option in status_options(course):
        if option.id == status:
            return tr(option.label, lang)
    return status


def first_name(person: Person) -> str:
    """What a message calls someone: the first word of their name ("Dr." and the like
    skipped), or the whole name when it is one word."""
    words = [w for w in person.name.split() if not w.endswith(".")]
    return words[0] if words else person.name


def formal_name(course: Course, person: Person, lang: str) -> str | None:
    """How a formal (Sie) message greets someone: the salutation the record has ("Frau",
    "Ms"), any titles of the name ("Dr.") and the surname: "Frau Dr. Berger". None when
    the record has no salutation or the name no surname: never the first name."""
    found = spec(course)
    field_id = getattr(found, "salutation", None) if found is not None else None
    value = person.record.get(field_id) if field_id else None
    if not isinstance(value, str) or not value:
        return None
    field = course.subfield(found.records, field_id)
    options = course.options_for(field) if field is not None else []
    label = next((tr(o.label, lang) for o in options if o.id == value), "")
    words = person.name.split()
    names = [w for w in words if not w.endswith(".")]
    if not label.strip() or len(names) < 2:
        return None
    titles = [w for w in words if w.endswith(".")]
    if titles and lang in getattr(found, "title_for_salutation", ()):
        return " ".join([*titles, names[-1]])  # "Dr. Berger" (English), not "Ms Dr. Berger"
    return " ".join([label.strip(), *titles, names[-1]])


def fill_template(text: str, person: Person, course: Course | None = None, lang: str = "") -> str:
    """A template's text for ``person``: ``[Name]`` filled with the first name, the
    content's formal placeholder (``agenda.people.formal_name``) with :func:`formal_name`
    where the record allows it; every other placeholder ([Topic], [Thema], ...) left for
    the user, exactly as written."""
    text = text.replace("[Name]", first_name(person))
    found = spec(course) if course is not None else None
    marks = getattr(found, "formal_name", None) if found is not None else None
    if course is not None and marks:
        mark = tr(marks, lang)
        formal = formal_name(course, person, lang) if mark and mark in text else None
        if formal:
            text = text.replace(mark, formal)
    return text


def due(progress: Progress, everyone: Iterable[Person], on: dt.date) -> list[Person]:
    """Whose follow-up is due ``on`` (in the order given): nobody's during a break."""
    if paused_until(progress, on) is not None:
        return []
    return [p for p in everyone if p.due(on)]


def paused_until(progress: Progress, on: dt.date) -> dt.date | None:
    """The last day of the user's break, if they are on one ``on`` that day (no follow-up
    is due meanwhile: Today, the people screen and a step's people link alike)."""
    until = day(progress.pause_until)
    return until if until is not None and until >= on else None


SNOOZE_DAYS = 7  # "not now": back in a week


def snoozed(follow_up: dt.date | None, on: dt.date) -> dt.date:
    """Where a snooze moves a follow-up on day ``on``: a week after it, or after ``on`` when
    it is due or overdue (or unset). One rule for Today, catch-up and the people screens."""
    return later(max(on, follow_up or on), SNOOZE_DAYS)
