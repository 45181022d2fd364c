"""The user's follow-ups, events and planned posts as an iCalendar file (RFC 5545).

Made with the ``icalendar`` library (imported only here: ``coach status``, ``coach today``
and the UI's first frame never load it). Every entry is an all-day event; follow-ups carry
a morning alarm. UIDs come from the records' stable ids, so importing the file again
updates the entries instead of adding them twice; SEQUENCE follows the last change of the
saved state, so a calendar takes a moved follow-up as an update.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import TYPE_CHECKING

from coach.domain import agenda, people
from coach.i18n import t
from coach.safetext import clean

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
    return min(max(minutes, 0), SEQUENCE_MAX)  # a stamp in year 9999: icalendar refuses more


_PLAIN_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def uid_part(record_id: str) -> str:
    """A record id as it may stand in a UID: a plain id as it is (the coach makes 12 hex
    digits), anything else (control bytes, a megabyte, ``@``) as a digest of it, stable."""
    if _PLAIN_ID.fullmatch(record_id):
        return record_id
    return "x" + hashlib.sha256(record_id.encode("utf-8", "replace")).hexdigest()[:24]


def build(course: Course, progress: Progress, lang: str, now: dt.datetime) -> bytes:
    """The calendar as bytes (CRLF lines, UTF-8)."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//coach//networking coach//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", t("calendar.name"))
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    sequence = _sequence(progress)
    used: set[str] = set()

    def add(uid: str, when: dt.date, summary: str, description: str, alarm: bool) -> None:
        # Two records with one id (a hand-edited file) must not make one entry of two.
        unique, n = uid, 1
        while unique in used:
            n += 1
            unique = f"{uid}-{n}"
        used.add(unique)
        event = Event()
        event.add("uid", f"{unique}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", when)  # a date without DTEND: one whole day (RFC 5545 3.6.1)
        event.add("summary", clean(summary, single_line=True))
        if description:
            event.add("description", clean(description))
        event.add("sequence", sequence)
        if alarm:
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", clean(summary, single_line=True))
            reminder.add("trigger", ALARM_AT, parameters={"RELATED": "START"})
            event.add_component(reminder)
        cal.add_component(event)

    for person in people.people(course, progress):
        if person.follow_up is None:
            continue
        step = person.next_step.strip()
        description = (
            t("calendar.next_step", step=step)
            if step
            else t("calendar.follow_up_hint", name=person.name)
        )
        add(
            f"follow-up-{uid_part(person.id)}",
            person.follow_up,
            t("calendar.follow_up", name=person.name),
            description,
            alarm=True,
        )
    spec = getattr(course.meta, "agenda", None)
    if spec is not None:
        for item in agenda.dated(course, progress, spec.events):
            if item.id:
                add(
                    f"event-{uid_part(item.id)}",
                    item.date,
                    t("calendar.event", title=item.title),
                    item.note,
                    False,
                )
        for item in agenda.dated(course, progress, spec.posts):
            if item.id:
                summary = t("calendar.post", title=item.title)
                add(
                    f"post-{uid_part(item.id)}",
                    item.date,
                    summary,
                    t("calendar.post_hint"),
                    alarm=True,
                )
    return bytes(cal.to_ical())
