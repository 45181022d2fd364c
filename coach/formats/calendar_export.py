"""The user's follow-ups, events and planned posts as an iCalendar file (RFC 5545).

Written line by line here, as a stream of text (icalendar built an object per property:
100,000 follow-ups took 25 s; written directly they take well under a second). The
output is plain RFC 5545: CRLF line ends, lines folded at 75 octets, TEXT values escaped;
the tests read it back with two independent parsers (icalendar and vobject). Every entry
is an all-day event; follow-ups carry a morning alarm. UIDs come from the records' stable
ids, so importing the file again updates the entries instead of adding them twice;
SEQUENCE follows the last change of the saved state, so a calendar takes a moved
follow-up as an update. Names and notes are shown as they would be on a terminal
(:func:`coach.safetext.shown`): no control character, no invisible bidi override.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.domain import agenda, people
from coach.i18n import t
from coach.safetext import shown

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress

UID_DOMAIN = "coach.invalid"  # a reserved name: these UIDs can never clash with a real host
ALARM_AT = dt.timedelta(hours=9)  # the morning of an all-day entry
SEQUENCE_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
SEQUENCE_MAX = 2**31 - 1  # RFC 5545's INTEGER is 32 bits


def _sequence(progress: Progress) -> int:
    """Minutes from a fixed epoch to the state's last change: grows with every change, so
    a calendar takes a re-imported entry as newer; the same state always gives the same."""
    minutes = int((progress.updated_at - SEQUENCE_EPOCH).total_seconds() // 60)
    return min(max(minutes, 0), SEQUENCE_MAX)  # a stamp in year 9999: more would not fit


_PLAIN_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def uid_part(record_id: str) -> str:
    """A record id as it may stand in a UID: a plain id as it is (the coach makes 12 hex
    digits), anything else (control bytes, a megabyte, ``@``) as a digest of it, stable."""
    if _PLAIN_ID.fullmatch(record_id):
        return record_id
    return "x" + hashlib.sha256(record_id.encode("utf-8", "replace")).hexdigest()[:24]


CRLF = "\r\n"
_HOLE = "\x00"  # where a name goes in a message filled once


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma, line break."""
    if "\\" not in value and ";" not in value and "," not in value and "\n" not in value:
        return value
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence;
    each continuation starts with one space."""
    if len(line) <= 75 and (line.isascii() or len(line.encode("utf-8")) <= 75):
        return line
    data = line.encode("utf-8")
    parts: list[bytes] = []
    start, room = 0, 75
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back to the character's start
            end -= 1
        parts.append(data[start:end])
        start, room = end, 74  # the leading space counts
    parts.append(data[start:])
    return (CRLF + " ").join(p.decode("utf-8") for p in parts)


_DATES: dict[dt.date, str] = {}


def _date(day: dt.date) -> str:
    """A DATE value; many follow-ups share a day, so each is written once."""
    text = _DATES.get(day)
    if text is None:
        if len(_DATES) > 10_000:
            _DATES.clear()
        text = _DATES[day] = day.isoformat().replace("-", "")  # four-digit years, 0999 too
    return text


@dataclass
class Calendar:
    """The calendar as text chunks (:meth:`chunks`, each whole lines ending in CRLF) and
    how many entries they hold (known once the chunks are all read)."""

    course: Course
    progress: Progress
    lang: str
    now: dt.datetime
    entries: int = 0

    def chunks(self) -> Iterator[str]:
        yield CRLF.join(
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//coach//networking coach//EN",
                "CALSCALE:GREGORIAN",
                fold("X-WR-CALNAME:" + _text(shown(t("calendar.name"), single_line=True))),
                "",
            ]
        )
        stamp = self.now.astimezone(dt.UTC)
        tail = CRLF.join(
            [
                f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
                f"SEQUENCE:{_sequence(self.progress)}",
                "",
            ]
        )
        used: set[str] = set()
        course, progress = self.course, self.progress
        self.entries = 0
        # Each message filled once with a stand-in, then per person by replacing it (a
        # NUL is in no message): t() 200,000 times was a fifth of the calendar's time.
        next_step = t("calendar.next_step", step=_HOLE)
        hint = t("calendar.follow_up_hint", name=_HOLE)
        title = t("calendar.follow_up", name=_HOLE)
        everyone = people.people(course, progress)
        # Two people of one name: "coach log NAME" would ask which one, so the id it is.
        names = Counter(person.name.strip() for person in everyone)
        for person in everyone:
            if person.follow_up is None:
                continue
            step = person.next_step.strip()
            if step:
                description = next_step.replace(_HOLE, step)
            else:
                shared = names[person.name.strip()] > 1
                description = hint.replace(_HOLE, person.id if shared else person.name)
            summary = title.replace(_HOLE, person.name)
            uid = _unique(f"follow-up-{uid_part(person.id)}", used)
            yield _event(uid, person.follow_up, summary, description, True, tail)
            self.entries += 1
        spec = getattr(course.meta, "agenda", None)
        if spec is not None:
            for item in agenda.dated(course, progress, spec.events):
                if item.id:
                    uid = _unique(f"event-{uid_part(item.id)}", used)
                    summary = t("calendar.event", title=item.title)
                    yield _event(uid, item.date, summary, item.note, False, tail)
                    self.entries += 1
            for item in agenda.dated(course, progress, spec.posts):
                if item.id:
                    uid = _unique(f"post-{uid_part(item.id)}", used)
                    summary = t("calendar.post", title=item.title)
                    yield _event(uid, item.date, summary, t("calendar.post_hint"), True, tail)
                    self.entries += 1
        yield "END:VCALENDAR" + CRLF


def _unique(uid: str, used: set[str]) -> str:
    """Two records with one id (a hand-edited file) must not make one entry of two."""
    unique, n = uid, 1
    while unique in used:
        n += 1
        unique = f"{uid}-{n}"
    used.add(unique)
    return unique


_ALARM_HEAD = f"BEGIN:VALARM{CRLF}ACTION:DISPLAY{CRLF}"
_ALARM_TAIL = f"{CRLF}TRIGGER;RELATED=START:PT{ALARM_AT.seconds // 3600}H{CRLF}END:VALARM{CRLF}"


def _event(uid: str, when: dt.date, summary: str, description: str, alarm: bool, tail: str) -> str:
    """One VEVENT: a date without DTEND is one whole day (RFC 5545 3.6.1)."""
    title = _text(shown(summary, single_line=True))
    parts = [
        "BEGIN:VEVENT",
        CRLF,
        fold(f"UID:{uid}@{UID_DOMAIN}"),
        CRLF,
        "DTSTART;VALUE=DATE:",
        _date(when),
        CRLF,
        fold("SUMMARY:" + title),
        CRLF,
    ]
    if description:
        parts += [fold("DESCRIPTION:" + _text(shown(description))), CRLF]
    parts.append(tail)
    if alarm:
        parts += [_ALARM_HEAD, fold("DESCRIPTION:" + title), _ALARM_TAIL]
    parts += ["END:VEVENT", CRLF]
    return "".join(parts)


def build(course: Course, progress: Progress, lang: str, now: dt.datetime) -> bytes:
    """The calendar as bytes (CRLF lines, UTF-8)."""
    return "".join(Calendar(course, progress, lang, now).chunks()).encode("utf-8")
