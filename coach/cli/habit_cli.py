"""``coach catch-up`` and ``coach calendar --keep/--stop``: after a gap, and a calendar file
that stays current (no Textual here)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coach import i18n
from coach.application.session import Session
from coach.cli import ask
from coach.domain import agenda as agenda_mod
from coach.domain import habit, people
from coach.errors import EXIT_OK, UserError
from coach.i18n import t, tn
from coach.safetext import clean

if TYPE_CHECKING:
    import argparse

DEFAULT_WEEKS = 4


def parse_weeks(value: object) -> int:
    """``--weeks``: 1 to 52, or one clear line."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= habit.MAX_WEEKS:
        raise UserError(t("catch_up.bad_weeks", value=clean(text, single_line=True)))
    return int(text)


def plan(session: Session, weeks: int) -> tuple[list[people.Person], habit.Plan, int]:
    """Who is overdue, their new dates, and the weekly target used."""
    from coach.cli.today_cli import local_today

    course, progress = session.course_to_read, session.progress
    on = local_today()
    everyone = people.people(course, progress)
    late = habit.overdue(everyone, on)
    target = agenda_mod.week_target(course, progress)
    planned = [p.follow_up for p in everyone if p.follow_up is not None and p.follow_up > on]
    found = habit.spread(
        late,
        on,
        weeks=weeks,
        per_week=target,
        rank=habit.circle_rank(course),
        planned=planned,
    )
    return late, found, max(1, target)


def cmd_catch_up(session: Session, args: argparse.Namespace) -> int:
    weeks = parse_weeks(args.weeks)
    lang = i18n.get_language()
    if people.spec(session.course_to_read) is None:
        raise UserError(t("log.no_people"))
    with session.store.locked():
        late, found, per_week = plan(session, weeks)
        if not late:
            print(t("catch_up.nothing"))
            return EXIT_OK
        print(tn("catch_up.plan", len(late), weeks=weeks, per_week=per_week))
        by_date = sorted(late, key=lambda p: (found.dates[p.id], p.name.casefold()))
        for person in by_date:
            name = clean(person.name, single_line=True)
            print(t("catch_up.line", name=name, date=i18n.short_date(found.dates[person.id], lang)))
        if found.weeks > weeks:
            print(t("catch_up.longer", weeks=found.weeks))
        if not args.yes:
            answer = ask.yes(t("catch_up.ask"))
            if not answer:
                print(t("catch_up.refused"))
                return EXIT_OK
        moved = session.move_follow_ups(dict(found.dates))
    print(tn("catch_up.done", moved))
    return EXIT_OK


def calendar_keep(session: Session, args: argparse.Namespace) -> int | None:
    """``--keep`` / ``--stop``; None when neither was given (the plain export)."""
    if getattr(args, "stop", False):
        from coach.formats.calendar_keep import kept_file

        with session.store.locked():
            target = kept_file(session.progress)
            if target is None:
                print(t("calendar.not_kept"))
                return EXIT_OK
            session.keep_calendar(None)
        print(t("calendar.stopped", path=target))
        return EXIT_OK
    if not getattr(args, "keep", False):
        return None
    if not args.output or args.output == "-":
        raise UserError(t("calendar.keep_needs_file"))
    target = Path(args.output).expanduser().absolute()
    # Written once through the one writer of -o files first: it refuses the coach's own
    # files, a folder, and the like, with one line, before anything is kept.
    import datetime as dt

    from coach.cli.commands import _write_output
    from coach.formats.calendar_export import build

    data = build(
        session.course_to_read, session.progress, i18n.get_language(), dt.datetime.now(dt.UTC)
    )
    _write_output(data.decode("utf-8"), str(target), session.data_dir)
    with session.store.locked():
        session.progress  # noqa: B018 - read under the lock: no lost update
        session.keep_calendar(target)  # saved; writes the file once (keep_calendar_current)
    print(t("calendar.kept", path=target), file=sys.stderr)
    return EXIT_OK
