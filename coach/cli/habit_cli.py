"""``coach catch-up`` and ``coach calendar --keep/--stop``: after a gap, and a calendar file
that stays current (no Textual here)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coach import dates, i18n
from coach.application.session import Session
from coach.cli import ask
from coach.domain import habit, people
from coach.errors import EXIT_OK, UsageError, UserError
from coach.i18n import t, tn
from coach.safetext import shown

if TYPE_CHECKING:
    import argparse

DEFAULT_WEEKS = habit.DEFAULT_WEEKS


def parse_weeks(value: object) -> int:
    """``--weeks``: 1 to 52, or one clear line."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= habit.MAX_WEEKS:
        raise UserError(t("catch_up.bad_weeks", value=shown(text, single_line=True)))
    return int(text)


def cmd_catch_up(session: Session, args: argparse.Namespace) -> int:
    weeks = parse_weeks(args.weeks)
    lang = i18n.get_language()
    if people.spec(session.course_to_read) is None:
        raise UserError(t("log.no_people"))
    late, found, per_week = session.catch_up_plan(weeks)
    if not late:
        print(t("catch_up.nothing"))
        return EXIT_OK
    print(
        tn(
            "catch_up.plan",
            len(late),
            weeks=tn("weeks.span", max(found.weeks, 1)),
            per_week=per_week,
        )
    )
    by_date = sorted(late, key=lambda p: (found.dates[p.id], p.name.casefold()))
    today = dates.local_today()
    for person in by_date:
        when = i18n.short_date(found.dates[person.id], lang, today)
        print(t("catch_up.line", name=shown(person.name, single_line=True), date=when))
    if (why := found.why_longer()) is not None:
        print(why)
    if not args.yes:
        answer = ask.yes(t("catch_up.ask"))
        if answer is None:  # no terminal to ask in: the plan is shown, and how to save it
            # (as undo and reset refuse: exit 1) The command that saves these very dates:
            again = (
                "coach catch-up --yes"
                if weeks == DEFAULT_WEEKS
                else f"coach catch-up --weeks {weeks} --yes"
            )
            raise UserError(t("catch_up.need_yes", command=again))
        if not answer:
            print(t("catch_up.refused"))
            return EXIT_OK
    moved = session.move_follow_ups(dict(found.dates))
    print(tn("catch_up.done", moved))
    return EXIT_OK


def calendar_keep(session: Session, args: argparse.Namespace) -> int | None:
    """``--keep`` / ``--stop``; None when neither was given (the plain export)."""
    if getattr(args, "stop", False):
        target = session.kept_calendar
        if target is None:
            print(t("calendar.not_kept"))
            return EXIT_OK
        session.keep_calendar(None)
        print(t("calendar.stopped", path=target))
        return EXIT_OK
    if not getattr(args, "keep", False):
        return None
    from coach.cli.output import output_target

    # A link, a FIFO, the coach's own file: refused; standard output is no file to keep.
    if output_target(args.output, session.owns) is None:
        raise UsageError(t("calendar.keep_needs_file"))  # (--keep without a file: exit 2)
    target = Path(args.output).expanduser().absolute()
    session.keep_calendar(target)  # saved; writes the file once (keep_calendar_current)
    print(t("calendar.kept", path=target))  # (on standard output, as --stop says its own)
    return EXIT_OK
