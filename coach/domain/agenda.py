"""What needs the user now: the Today view and ``coach today``.

Follow-ups due or overdue, people it has been a while with (by their circle's rhythm), the
events and planned posts of the next two weeks, and this week's small contacts against the
user's target. A pause ("I'm taking a break until ...") makes nothing due. Everything the
content decides (which records, which fields, the rhythm) comes from ``agenda`` in
``coach.yaml``; a content folder without it simply has nothing due. Pure, no pydantic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.content.course import tr
from coach.dates import day
from coach.domain import people as people_mod
from coach.domain.habit import rest_weeks, weekly_counts, weeks_begun
from coach.domain.people import Person, paused_until

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress

AHEAD_DAYS = 14  # events and planned posts this far ahead are shown
POSTS_BACK_DAYS = 28  # a planned post not marked posted waits this long (after a gap too)
UPCOMING_DAYS = 7  # follow-ups this far ahead are "coming up"


@dataclass(frozen=True)
class FollowUp:
    person: Person
    due: dt.date
    overdue: bool


@dataclass(frozen=True)
class Reconnect:
    person: Person
    rhythm_days: int


@dataclass(frozen=True)
class Dated:
    """An event or a planned post on a date."""

    id: str
    title: str
    date: dt.date
    note: str = ""  # the content's note field of the record, if it names one


@dataclass(frozen=True)
class Week:
    """This week (Monday to Sunday): contacts logged and posts done, against the target."""

    start: dt.date
    contacts: int
    posts: int
    target: int

    @property
    def done(self) -> int:
        return self.contacts + self.posts


@dataclass(frozen=True)
class Agenda:
    date: dt.date
    follow_ups: list[FollowUp] = field(default_factory=list)
    reconnect: list[Reconnect] = field(default_factory=list)
    events: list[Dated] = field(default_factory=list)
    posts: list[Dated] = field(default_factory=list)
    week: Week | None = None
    paused_until: dt.date | None = None
    suggestion: str = ""
    has_people: bool = False
    upcoming: list[FollowUp] = field(default_factory=list)  # the next 7 days, soonest first
    weeks: list[int] = field(default_factory=list)  # contacts per week, 12 weeks, oldest first
    rest: list[bool] = field(default_factory=list)  # the same weeks: a break covered part of it
    begun: int = 0  # how many of them end after the user began (habit.weeks_begun)

    @property
    def nothing_due(self) -> bool:
        return not (self.follow_ups or self.reconnect or self.events or self.posts)

    def to_json(self) -> dict[str, Any]:
        """The shape of ``coach today --json`` (../CONTRACT.md)."""
        week = self.week
        return {
            "date": self.date.isoformat(),
            "follow_ups": [
                {
                    "person": f.person.name,
                    "id": f.person.id,
                    "due": f.due.isoformat(),
                    "overdue": f.overdue,
                    "next_step": f.person.next_step,
                }
                for f in self.follow_ups
            ],
            "reconnect": [
                {
                    "person": r.person.name,
                    "id": r.person.id,
                    "last_contact": _iso(r.person.last_contact),
                }
                for r in self.reconnect
            ],
            "events": [{"name": e.title, "date": e.date.isoformat()} for e in self.events],
            "posts": [{"topic": p.title, "date": p.date.isoformat()} for p in self.posts],
            "week": {"done": week.done if week else 0, "target": week.target if week else 0},
            "upcoming": [
                {
                    "person": f.person.name,
                    "id": f.person.id,
                    "due": f.due.isoformat(),
                    "next_step": f.person.next_step,
                }
                for f in self.upcoming
            ],
            "weeks": list(self.weeks),
            "paused_until": _iso(self.paused_until),
            "suggestion": (self.suggestion or None) if self.nothing_due else None,
        }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def rhythm_days(course: Course, person: Person) -> int | None:
    """Days between contacts with ``person`` (None: no rhythm), by the option of the choice
    field the content's rhythm keys on (``by``, e.g. a closeness; else the circle)."""
    agenda = getattr(course.meta, "agenda", None)
    if agenda is None:
        return None
    rhythm = agenda.rhythm
    by = getattr(rhythm, "by", None)
    key = person.record.get(by) if by else person.circle
    if not (isinstance(key, str) and key) and rhythm.fallback_by:  # not chosen yet
        earlier = person.record.get(rhythm.fallback_by)
        days = rhythm.fallback.get(earlier) if isinstance(earlier, str) and earlier else None
    else:
        days = rhythm.circles.get(key) if isinstance(key, str) and key else None
    chosen = days if days is not None else rhythm.default
    return int(chosen) if chosen is not None else None


def next_follow_up(course: Course, person: Person, on: dt.date, today: dt.date) -> dt.date | None:
    """The follow-up to suggest after a contact on ``on``, logged ``today``.

    The circle's rhythm when there is one, never before tomorrow (a contact logged weeks
    late was overdue the moment it was saved); else a follow-up the user already planned
    after that day, so that logging a contact never silently drops it.
    """
    days = rhythm_days(course, person)
    if days:
        try:
            return max(on + dt.timedelta(days=days), today + dt.timedelta(days=1))
        except OverflowError:  # a contact logged on 9999-12-31
            return None
    if person.follow_up is not None and person.follow_up > on:
        return person.follow_up
    return None


def week_target(course: Course, progress: Progress) -> int:
    agenda = getattr(course.meta, "agenda", None)
    if agenda is None:
        return 0
    spec = agenda.week
    value = progress.answers.get(spec.target) if spec.target else None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
        return value
    return int(spec.default_target)


def today(
    course: Course,
    progress: Progress,
    on: dt.date,
    lang: str,
    let_go: Mapping[str, dt.date] | None,
) -> Agenda:
    """The agenda of ``on``. ``let_go``: the day each person's follow-up was let go (by id,
    the session's :meth:`let_go_days`; asked of every caller, so none forgets it): their
    rhythm counts from it, so someone let go while catching up is not listed again at once
    under "it's been a while"."""
    agenda = getattr(course.meta, "agenda", None)
    if agenda is None:
        return Agenda(date=on)
    pause = paused_until(progress, on)
    everyone = people_mod.people(course, progress)
    follow_ups: list[FollowUp] = []
    reconnect: list[Reconnect] = []
    upcoming: list[FollowUp] = []
    soon = on + dt.timedelta(days=UPCOMING_DAYS)
    if pause is None:
        for person in everyone:
            if person.follow_up is not None and person.due(on):
                follow_ups.append(FollowUp(person, person.follow_up, person.overdue(on)))
                continue
            if person.follow_up is not None:
                if person.follow_up <= soon:
                    upcoming.append(FollowUp(person, person.follow_up, False))
                continue  # already planned
            days = rhythm_days(course, person)
            last = person.last_contact
            # A rhythm starts with the first contact: someone never contacted is new, not
            # someone it has been a while with.
            if last is not None and let_go and let_go.get(person.id, last) > last:
                last = let_go[person.id]
            if days is not None and last is not None and (on - last).days > days:
                reconnect.append(Reconnect(person, days))
        follow_ups.sort(key=lambda f: (f.due, f.person.name.casefold()))
        # Longest ago first; people never contacted after those the user already knows.
        reconnect.sort(key=lambda r: (r.person.last_contact is None, r.person.last_contact or on))
        upcoming.sort(key=lambda f: (f.due, f.person.name.casefold()))
    end = on + dt.timedelta(days=AHEAD_DAYS)
    events = _dated(course, progress, agenda.events, on, end)
    # A post planned for a day gone by and not marked posted still waits for its tick
    # (it vanished the day after its date); after four weeks it is let go in silence.
    posts = _dated(course, progress, agenda.posts, on - dt.timedelta(days=POSTS_BACK_DAYS), end)
    start = on - dt.timedelta(days=on.weekday())
    logged = people_mod.count_between(progress, start, on)
    posted = _done_between(course, progress, agenda.posts, start, on)
    week = Week(start, logged, posted, week_target(course, progress))
    suggestions = agenda.suggestions
    # On a break nothing is asked of the user: no small idea either.
    suggestion = (
        tr(suggestions[on.toordinal() % len(suggestions)], lang)
        if suggestions and pause is None
        else ""
    )
    return Agenda(
        date=on,
        follow_ups=follow_ups,
        reconnect=reconnect,
        events=events,
        posts=posts,
        week=week,
        paused_until=pause,
        suggestion=suggestion,
        has_people=people_mod.spec(course) is not None,
        upcoming=upcoming,
        weeks=weekly_counts(progress, on),
        rest=rest_weeks(progress, on),
        begun=weeks_begun(progress, on),
    )


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _records(progress: Progress, key: str) -> list[dict[str, Any]]:
    value = progress.answers.get(key)
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def dated(course: Course, progress: Progress, spec: Any) -> list[Dated]:
    """Every record of ``spec`` (events or posts) that has a date and is not done, by date."""
    if spec is None:
        return []
    out: list[Dated] = []
    for record in _records(progress, spec.records):
        when = day(record.get(spec.date))
        title = record.get(spec.title)
        if when is None or (spec.done and day(record.get(spec.done))):
            continue
        rid = record.get("id")
        note = record.get(spec.note) if getattr(spec, "note", None) else None
        out.append(Dated(_str(rid), _str(title), when, _str(note)))
    out.sort(key=lambda d: d.date)
    return out


def _dated(
    course: Course, progress: Progress, spec: Any, first: dt.date, last: dt.date
) -> list[Dated]:
    return [d for d in dated(course, progress, spec) if first <= d.date <= last]


def _done_between(
    course: Course, progress: Progress, spec: Any, first: dt.date, last: dt.date
) -> int:
    if spec is None or not spec.done:
        return 0
    count = 0
    for record in _records(progress, spec.records):
        when = day(record.get(spec.done))
        if when is not None and first <= when <= last:
            count += 1
    return count
