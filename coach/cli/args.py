"""What the user types on the command line, read one way for every command: dates
(``2026-12-01``, ``-1d``, ``+3d``), text under any locale, notes (``--note -`` from
standard input, with their limit), how a contact felt, which person a name means."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

from coach.errors import UserError
from coach.i18n import format_number, t
from coach.safetext import shown, typed

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress
    from coach.domain.answers import Prefer
    from coach.domain.people import Person


def _name(text: str) -> str:
    return shown(text, single_line=True)


def add_days(base: dt.date, days: int) -> dt.date | None:
    """``base`` plus ``days``, or None past the calendar's end (a contact logged on
    9999-12-31 has no follow-up 60 days later)."""
    try:
        return base + dt.timedelta(days=days)
    except OverflowError:
        return None


def parse_day(text: str, *, base: dt.date, forms: str = "", prefer: Prefer = "near") -> dt.date:
    """A date as the user writes it (:func:`coach.domain.answers.parse_day`; ``prefer``: a
    day and month alone is the next such day, "ahead", or the last, "back"), or one line;
    ``forms`` (a message id) names every form the option takes, so a word like "tomorrow"
    is answered with what to write instead."""
    from coach.domain.answers import InvalidValue, NotADate
    from coach.domain.answers import parse_day as parse

    try:
        return parse(text, base, prefer)
    except NotADate as exc:  # not 2026-02-30, whose month is named: say what to write
        raise UserError(t(forms, value=_name(text.strip())) if forms else str(exc)) from None
    except InvalidValue as exc:
        raise UserError(str(exc)) from None


def argument_text(value: str | None) -> str | None:
    """A command-line argument as the text the user typed. Under a C/POSIX locale Python
    reads arguments as ASCII, keeping other bytes as lone surrogates: "été" would match no
    name and be saved as "??t??". Terminals send UTF-8, so the bytes are read as that."""
    if value is None:
        return None
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate no byte made (not from a command line)
        return value


STDIN_MAX = 1_000_000  # characters of a note read from stdin (more is refused as too long)


def note_from_stdin() -> str:
    stream = sys.stdin
    if stream is None:
        return ""
    if stream.isatty():
        print(t("log.note_stdin"), file=sys.stderr)
    return stream.read(STDIN_MAX + 1)


def check_note(note: str | None) -> None:
    """A note over the limit is refused, with the limit named: never saved cut short."""
    from coach.application.session import NOTE_MAX

    length = len(typed(note or "").strip())
    if length > NOTE_MAX:
        raise UserError(
            t("log.note_too_long", length=format_number(length), max=format_number(NOTE_MAX))
        )


def felt_option(value: str | None) -> int | None:
    """``--felt``: a whole number from 0 to 10, or one clear line."""
    from coach.domain.habit import read_scale

    if value is None:
        return None
    try:
        felt = read_scale(value)
    except ValueError:
        felt = None
    if felt is None:  # (empty is no answer here: --felt asks for one)
        raise UserError(t("log.bad_felt", value=_name(value.strip())))
    return felt


def one_person(course: Course, progress: Progress, query: str, command: str) -> Person:
    """The one person ``query`` names (an id, the exact name, or part of it: see
    :func:`coach.domain.people.find`), or one clear error listing who it fits, each with
    where they work, when the user was last in touch and the id that tells them apart
    (``coach COMMAND ID``)."""
    from coach.domain import people

    found = people.find(course, progress, query)
    if not found:
        raise UserError(t("log.no_match", query=_name(query)))
    if len(found) == 1:
        return found[0]
    names = [
        f"  {_name(p.name)}{_told_apart(course, p)}"
        f"  ({t('log.id', command=command, id=_name(p.id))})"
        for p in found[:PEOPLE_LISTED]
    ]
    if len(found) > PEOPLE_LISTED:
        names.append(t("log.more", count=len(found) - PEOPLE_LISTED))
    raise UserError("\n".join([t("log.several", query=_name(query)), *names]))


PEOPLE_LISTED = 20  # people a name fits, listed when it fits several


def _told_apart(course: Course, person: Person) -> str:
    """What tells two people of one name apart besides the id: where they work, when the
    user was last in touch (" · Acme GmbH · last contact Fri 27 Nov"), or nothing."""
    from coach.domain import people
    from coach.i18n import day_in_words

    spec = people.spec(course)
    company = person.record.get(spec.company) if spec is not None and spec.company else None
    parts = [_name(company.strip())] if isinstance(company, str) and company.strip() else []
    if person.last_contact is not None:
        parts.append(t("log.last_contact", date=day_in_words(person.last_contact)))
    return "".join(f" · {part}" for part in parts)


def kind_option(course: Course, typed: str | None) -> str:
    """``--kind``: a kind of contact by its id or its label in any language (the first of
    the content's kinds when not given); a word that names none is refused, listing them."""
    from coach.domain.people_view import kind_id, kind_label
    from coach.i18n import get_language

    agenda = getattr(course.meta, "agenda", None)
    kinds = [str(k.id) for k in getattr(agenda, "contact_kinds", None) or []]
    if typed is None:
        return kinds[0] if kinds else "other"
    found = kind_id(course, typed)
    if found is not None or not kinds:
        return found or typed
    lang = get_language()
    listed = ", ".join(f"{k} ({kind_label(course, k, lang)})" for k in kinds)
    raise UserError(t("log.bad_kind", kind=_name(typed.strip()), kinds=listed))
