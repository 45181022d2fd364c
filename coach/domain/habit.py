"""The months after the seven steps: coming back after a gap, catching up, and the picture of
the habit (contacts per week, how uneasy a step looked against how it felt).

Pure and Textual-free: ``coach today``, ``coach catch-up``, the sheet and the UI read
through here. Who is closest: the content's order of the options of the field its rhythm
goes by (How close), then of the circle's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach import dates
from coach.domain import people as people_mod
from coach.i18n import day_in_words, t, tn

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress
    from coach.domain.people import Person

GAP_DAYS = 7  # unopened (unchanged) this long: Today greets the user back
WEEKS_SHOWN = 12  # the habit's picture: contacts in each of the last 12 weeks
SHOWN = 5  # a handful of names at most; the rest are counted ("and 9 more")
DEFAULT_WEEKS = 4  # weeks a catch-up spreads over unless told
MAX_WEEKS = 52  # catch-up --weeks: 1 to a year
PAIRS_NEEDED = 5  # expected/felt pairs before the courage record is shown
FELT_KEY = "felt"  # a contact's "how was it", 0-10 (CONTRACT: coach history --json)
EXPECTED_KEY = "expected"  # a contact's "how uneasy did it look", copied from the person


def listed(total: int, room: int = SHOWN) -> int:
    """How many of ``total`` names a list shows where ``room`` fit: all of them when one
    would be left over ("and one more" takes the line its name would)."""
    return total if total <= room + 1 else room


def week_words(done: int, target: int) -> str:
    """ "This week: 1 of 2 small contacts", and past the plan no "4 of 2" but "4 small
    contacts, more than the 2 you planned" (more than planned is not a sum gone wrong)."""
    from coach.i18n import t

    if target and done > target:
        return t("today.week_over", done=done, target=target)
    return t("today.week", done=done, target=target)


def monday(on: dt.date) -> dt.date:
    return on - dt.timedelta(days=on.weekday())


def weekly_counts(progress: Progress, on: dt.date, weeks: int = WEEKS_SHOWN) -> list[int]:
    """Contacts logged in each of the last ``weeks`` weeks (Monday to Sunday), oldest first,
    this week last up to ``on`` (as Today's "this week": a contact logged for a later day
    counts once its day has come), from the log's count per day (no entry is read)."""
    first = monday(on) - dt.timedelta(weeks=weeks - 1)
    counts = [0] * weeks
    low, high = first.isoformat(), on.isoformat()
    for when, n in progress.contacts.summary().per_day.items():
        if not (isinstance(when, str) and low <= when <= high):
            continue
        day = dates.day(when)
        if day is not None:
            counts[(day - first).days // 7] += n
    return counts


def weeks_begun(progress: Progress, on: dt.date, weeks: int = WEEKS_SHOWN) -> int:
    """How many of the last ``weeks`` weeks (as :func:`weekly_counts`) end on or after the
    day the user began (1 in the first week): the ones before are no weeks missed."""
    began = progress.started_at.astimezone().date()  # (the day here, not in UTC)
    first = monday(on) - dt.timedelta(weeks=weeks - 1)
    before = sum(1 for i in range(weeks) if first + dt.timedelta(weeks=i, days=6) < began)
    return max(1, weeks - before)


REST = "·"  # a week of a break without a contact: a rest, not an empty week
MAX_BREAKS = 100  # breaks remembered (the oldest go first)


def sparkline(counts: list[int], rest: list[bool] | None = None, begun: int = 0) -> str:
    """``▁▂▅█`` one block a week; an empty week is the lowest block (a week with any
    contact is higher, however many the busiest had), an empty week of a break (``rest``)
    a dot; with ``begun`` (:func:`weeks_begun`), the weeks before the user began a space,
    not an empty week (on the first day, eleven of twelve read as missed)."""
    blocks = "▁▂▃▄▅▆▇█"
    top = max(counts, default=0)
    rest = rest or [False] * len(counts)

    def block(count: int) -> str:
        return blocks[max(1, round(count * (len(blocks) - 1) / top)) if count else 0]

    drawn = "".join(
        REST if resting and not c else block(c) for c, resting in zip(counts, rest, strict=True)
    )
    blank = unbegun(counts, begun)
    return " " * blank + drawn[blank:]


def unbegun(counts: list[int], begun: int) -> int:
    """How many of the first weeks are before the user began (:func:`weeks_begun`) and
    hold no contact (one logged for a day before the start is shown where it is)."""
    before = len(counts) - begun if 0 < begun < len(counts) else 0
    return next((i for i, c in enumerate(counts[:before]) if c), before)


def rested(counts: list[int], rest: list[bool]) -> bool:
    """Whether :func:`sparkline` draws a break's dot (then a legend says what it means)."""
    return any(r and not c for c, r in zip(counts, rest, strict=False))


def breaks(progress: Progress) -> list[tuple[dt.date, dt.date]]:
    """The breaks taken (first and last day), oldest first; a malformed entry is left out."""
    out: list[tuple[dt.date, dt.date]] = []
    for entry in progress.breaks:
        first, last = dates.day(entry.get("from")), dates.day(entry.get("until"))
        if first is not None and last is not None and first <= last:
            out.append((first, last))
    return sorted(out)


def rest_weeks(progress: Progress, on: dt.date, weeks: int = WEEKS_SHOWN) -> list[bool]:
    """For each of the last ``weeks`` weeks (as :func:`weekly_counts`): whether a break
    covered part of it."""
    first = monday(on) - dt.timedelta(weeks=weeks - 1)
    out = [False] * weeks
    for start, end in breaks(progress):
        for index in range(weeks):
            week = first + dt.timedelta(weeks=index)
            if start <= week + dt.timedelta(days=6) and end >= week:
                out[index] = True
    return out


def breaks_after(progress: Progress, on: dt.date, until: dt.date | None) -> list[dict[str, str]]:
    """The breaks to save when, ``on`` that day, the user takes a break until ``until``
    (or changes the one they are on), or ends the one they are on (``until`` None): an
    ended break stays, its last day the day before they came back (one that began the same
    day leaves no trace: it did not happen)."""
    kept = [{"from": a.isoformat(), "until": b.isoformat()} for a, b in breaks(progress)]
    current = dates.day(progress.pause_until)
    ongoing = None
    if current is not None and current >= on and kept and kept[-1]["until"] == current.isoformat():
        ongoing = kept.pop()
    start = ongoing["from"] if ongoing else on.isoformat()
    if until is not None:
        kept.append({"from": start, "until": until.isoformat()})
    elif ongoing is not None and (end := on - dt.timedelta(days=1)).isoformat() >= start:
        kept.append({"from": start, "until": end.isoformat()})
    return kept[-MAX_BREAKS:]


def scale_line(values: list[int | None]) -> str:
    """0-10 values as blocks on the fixed 0-10 scale (a week without any: a space)."""
    blocks = "▁▂▃▄▅▆▇█"
    return "".join(
        " " if v is None else blocks[min(max(v, 0), 10) * (len(blocks) - 1) // 10] for v in values
    )


def closest_first(course: Course) -> Callable[[Person], tuple[int, int]]:
    """A sort key, the closest first: the place of the person's option in the choice field
    the content's rhythm goes by (e.g. "How close", its options in the content's order),
    then of their circle. Someone with none chosen comes after everyone with one."""
    found = people_mod.spec(course)
    agenda = getattr(course.meta, "agenda", None)
    by = getattr(getattr(agenda, "rhythm", None), "by", None)

    def places(field_id: str | None) -> dict[str, int]:
        field = course.subfield(found.records, field_id) if found and field_id else None
        options = course.options_for(field) if field is not None else []
        return {o.id: index for index, o in enumerate(options)}

    near, circles = places(by), places(found.circle if found else None)

    def key(person: Person) -> tuple[int, int]:
        chosen = person.record.get(by) if by else None
        return (
            near.get(chosen, len(near)) if isinstance(chosen, str) else len(near),
            circles.get(person.circle or "", len(circles)),
        )

    return key


def overdue(everyone: Iterable[Person], on: dt.date) -> list[Person]:
    """Everyone whose follow-up lies before ``on``, the longest waiting first."""
    late = [p for p in everyone if p.overdue(on)]
    return sorted(late, key=lambda p: (p.follow_up or on, p.name.casefold()))


def coming_back(progress: Progress, on: dt.date, late: int, target: int) -> bool:
    """After ``GAP_DAYS`` or more without a change, or with more overdue (``late``) than
    this week's target: Today greets the user back and offers to catch up. The time of the
    last change is the record of the last visit (opening the coach writes nothing)."""
    if late <= 0:
        return False
    last = progress.updated_at.date() if progress.updated_at is not None else on
    return (on - last).days >= GAP_DAYS or late > max(target, 0)


@dataclass(frozen=True)
class Plan:
    """What catching up would do: the new date of each person moved (by id), and how many
    weeks that took (more than asked when the weeks were already full)."""

    dates: dict[str, dt.date]
    weeks: int
    asked: int = 1
    per_week: int = 1
    crowded: bool = False  # follow-ups already planned took room in the weeks asked

    def why_longer(self) -> str | None:
        """One line saying why this takes more weeks than asked (None when it does not)."""
        if self.weeks <= self.asked:
            return None
        key = "catch_up.longer" if self.crowded else "catch_up.longer_many"
        return t(
            key,
            weeks=tn("weeks.span", self.weeks),
            asked=self.asked,
            asked_span=tn("weeks.span", self.asked),  # (German: "statt 1 Woche")
            per_week=self.per_week,
        )


def spread(
    late: list[Person],
    on: dt.date,
    *,
    weeks: int,
    per_week: int,
    rank: Callable[[Person], Any] | None = None,
    planned: Iterable[dt.date] = (),
) -> Plan:
    """New follow-up dates for ``late`` (overdue) people: from tomorrow on (from Monday when
    tomorrow is a weekend day), over ``weeks`` weeks (Monday to Sunday), as evenly as they go
    and no more than ``per_week`` in a week counting the follow-ups already ``planned``; the
    closest first (by ``rank``: :func:`closest_first`), then who waited longest. When the
    weeks are full, later weeks take the rest (never more than ``per_week`` a week). Within
    a week, the dates go on weekdays, spread.
    Linear in the number of people (2,000 in a few milliseconds)."""
    per_week = max(1, per_week)
    start = dates.later(on, 1)  # (after a break ending on the calendar's last day: that day)
    if start.weekday() >= 5:  # a weekend's end is no week to start with: from Monday on
        start = dates.later(monday(start), 7)
    first = monday(start)
    busy: dict[int, int] = {}
    for when in planned:
        if when >= first:  # (one due today counts in this week's room too)
            index = (when - first).days // 7
            busy[index] = busy.get(index, 0) + 1
    order = sorted(
        late,
        key=lambda p: (
            rank(p) if rank is not None else 0,
            p.follow_up or on,
            p.name.casefold(),
            p.id,
        ),
    )
    moved: dict[str, dt.date] = {}
    weeks = max(1, weeks)
    room_in = _room(len(order), weeks, per_week, busy)

    def room(index: int) -> int:
        return room_in[index] if index < weeks else per_week - busy.get(index, 0)

    week, used = 0, 0
    taken: list[list[str]] = []
    for person in order:
        while used >= room(week):
            week, used = week + 1, 0
        while len(taken) <= week:
            taken.append([])
        taken[week].append(person.id)
        used += 1
    for index, ids in enumerate(taken):
        days = _days_of_week(dates.later(first, 7 * index), start)
        for j, pid in enumerate(ids):
            moved[pid] = days[j * len(days) // len(ids)]
    # The planned follow-ups are the reason only where the rate alone would have fitted
    # (13 at 2 a week take 7 weeks, whatever is planned: "at 2 a week" says why).
    fitted = -(-len(late) // per_week) <= weeks
    crowded = fitted and any(busy.get(index, 0) for index in range(weeks))
    return Plan(moved, len(taken), weeks, per_week, crowded)


def _room(count: int, weeks: int, per_week: int, busy: Mapping[int, int]) -> list[int]:
    """How many of ``count`` people each of the ``weeks`` asked takes: as evenly as they go,
    counting the follow-ups already there (``busy``); then, for those left, what room the
    weekly target leaves in them, a week at a time from the first, before a later week."""
    base, extra = divmod(count, weeks)  # 8 over 6 weeks: 2, 2, 1, 1, 1, 1 (not 2 for 4 weeks)
    even = [min(per_week, base + (1 if i < extra else 0)) for i in range(weeks)]
    room = [max(0, even[i] - busy.get(i, 0)) for i in range(weeks)]
    left = count - sum(room)
    while left > 0:
        grown = [i for i in range(weeks) if room[i] + busy.get(i, 0) < per_week][:left]
        if not grown:
            break  # the weeks asked are full: later weeks take the rest
        for i in grown:
            room[i] += 1
        left -= len(grown)
    return room


def _days_of_week(week_start: dt.date, start: dt.date) -> list[dt.date]:
    """The days of the week from ``week_start`` to use: Monday to Friday from ``start`` on,
    else (a weekend's remainder) what is left of it."""
    days = [dates.later(week_start, i) for i in range(7)]
    left = [d for d in days if d >= start]
    workdays = [d for d in left if d.weekday() < 5]
    return workdays or left


# -- the courage record ----------------------------------------------------------------------
def read_scale(text: str) -> int | None:
    """A 0-10 answer as typed (how it felt, how uneasy a step looks): None when left empty,
    :class:`ValueError` for anything but a whole number from 0 to 10."""
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > 10:
        raise ValueError(text)
    return int(text)


def felt_value(value: Any) -> int | None:
    """A saved 0-10 answer, or None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10:
        return value
    return None


@dataclass(frozen=True)
class Courage:
    """Expected against felt: the averages, and per week (oldest first) the averages of the
    pairs logged that week (None: no pair that week)."""

    pairs: int
    expected: float
    felt: float
    weeks: list[tuple[float, float] | None]


def courage(progress: Progress, on: dt.date, weeks: int = WEEKS_SHOWN) -> Courage | None:
    """The courage record once ``PAIRS_NEEDED`` contacts have both an expected and a felt
    value; else None (never a score: just how it looked against how it was)."""
    first = monday(on) - dt.timedelta(weeks=weeks - 1)
    pairs: list[tuple[int, int, dt.date | None]] = []
    # From the log's summary (kept as it loads): Today never unpacks the whole log for it.
    for saved_on, raw_expected, raw_felt in progress.contacts.summary().pairs:
        expected, felt = felt_value(raw_expected), felt_value(raw_felt)
        if expected is not None and felt is not None:
            pairs.append((expected, felt, dates.day(saved_on)))
    if len(pairs) < PAIRS_NEEDED:
        return None
    buckets: list[list[tuple[int, int]]] = [[] for _ in range(weeks)]
    for expected, felt, when in pairs:
        if when is not None and first <= when < first + dt.timedelta(weeks=weeks):
            buckets[(when - first).days // 7].append((expected, felt))
    shown = [
        (sum(e for e, _ in b) / len(b), sum(f for _, f in b) / len(b)) if b else None
        for b in buckets
    ]
    return Courage(
        len(pairs),
        sum(e for e, _, _ in pairs) / len(pairs),
        sum(f for _, f, _ in pairs) / len(pairs),
        shown,
    )


def planned(due: dt.date, on: dt.date, lang: str) -> str:
    """A follow-up in words, not debt: "due today", "planned for Mon 1 Dec", or, long ago,
    "planned a while ago"."""
    if due >= on:
        return t("today.due_today")
    if (on - due).days < 14:
        return t("today.planned_for", date=day_in_words(due, lang))
    return t("today.a_while_ago")
