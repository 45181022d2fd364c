"""``coach today`` and ``coach log``: the habit after the seven steps, from the shell.

``coach today`` is plain text with no colour at all, so it suits a shell's start-up file;
``coach log`` records a contact through the session's verb, under the one-writer lock.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING

from coach import dates, i18n
from coach.application.session import Session
from coach.cli import ask
from coach.cli.output import escape_c1, write_output
from coach.domain import agenda as agenda_mod
from coach.domain import people
from coach.domain.status import bar
from coach.errors import EXIT_OK, UserError
from coach.i18n import ago, format_date, t, tn
from coach.safetext import clean

if TYPE_CHECKING:
    import argparse  # only the commands' signatures: the UI asks for the date, not argparse


def cmd_today(session: Session, args: argparse.Namespace) -> int:
    lang = i18n.get_language()
    course = session.course_to_read
    on = dates.local_today()
    agenda = agenda_mod.today(course, session.progress, on, lang)
    if args.json:
        # C1 controls escaped, as ``status --json`` does: the output gate would strip an
        # 8-bit OSC in a name up to the line's end, closing quote and all.
        print(escape_c1(json.dumps(agenda.to_json(), ensure_ascii=False, indent=2)))
        return EXIT_OK
    sys.stdout.write(render_today(agenda, lang))
    return EXIT_OK


def _name(text: str) -> str:
    return clean(text, single_line=True)


def render_today(agenda: agenda_mod.Agenda, lang: str) -> str:
    """The Today view as plain text (no colour, no markup): what ``coach today`` prints."""
    on = agenda.date
    lines = [t("today.heading", date=format_date(on, lang)), ""]
    if agenda.paused_until is not None:
        lines += [t("today.paused", date=format_date(agenda.paused_until, lang)), ""]
    if agenda.follow_ups:
        lines.append(t("today.follow_ups"))
        for f in agenda.follow_ups:
            late = (on - f.due).days
            when = (
                tn("today.overdue", late, date=format_date(f.due, lang))
                if f.overdue
                else t("today.due_today")
            )
            step = f" · {_name(f.person.next_step)}" if f.person.next_step else ""
            mark = "!" if f.overdue else "•"
            lines.append(f"  {mark} {_name(f.person.name)} — {when}{step}")
        lines.append("")
    if agenda.reconnect:
        lines.append(t("today.reconnect"))
        for r in agenda.reconnect:
            last = r.person.last_contact
            said = (
                t("today.since", ago=ago((on - last).days), date=format_date(last, lang))
                if last
                else t("today.not_yet")
            )
            lines.append(f"  • {_name(r.person.name)} — {said}")
        lines.append("")
    coming = sorted(
        [(e.date, e.title, t("today.event")) for e in agenda.events]
        + [(p.date, p.title, t("today.post")) for p in agenda.posts]
    )
    if coming:
        lines.append(tn("today.coming", agenda_mod.AHEAD_DAYS))
        for on_day, title, kind in coming:
            lines.append(f"  • {format_date(on_day, lang)}  {_name(title)} ({kind})")
        lines.append("")
    week = agenda.week
    if week is not None and agenda.has_people:
        lines.append(
            t("today.week", done=week.done, target=week.target)
            + (f"  {bar(min(week.done, week.target), week.target)}" if week.target else "")
        )
        lines.append("")
    if agenda.nothing_due and agenda.suggestion:
        lines += [t("today.nothing_due"), f"  {_name(agenda.suggestion)}", ""]
    return "\n".join(lines)


# -- coach log -----------------------------------------------------------------------------
def add_days(base: dt.date, days: int) -> dt.date | None:
    """``base`` plus ``days``, or None past the calendar's end (a contact logged on
    9999-12-31 has no follow-up 60 days later)."""
    try:
        return base + dt.timedelta(days=days)
    except OverflowError:
        return None


def parse_day(text: str, *, base: dt.date, forms: str = "") -> dt.date:
    """A date as the user writes it (:func:`coach.domain.answers.parse_day`), or one clear line;
    ``forms`` (a message id) names every form the option takes, so a word like "tomorrow"
    is answered with what to write instead."""
    from coach.domain.answers import InvalidValue, NotADate
    from coach.domain.answers import parse_day as parse

    try:
        return parse(text, base)
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


def cmd_log(session: Session, args: argparse.Namespace) -> int:
    for name in ("person", "note", "kind", "on", "next"):
        setattr(args, name, argument_text(getattr(args, name)))
    lang = i18n.get_language()
    course = session.course_to_read
    spec = people.spec(course)
    if spec is None:
        raise UserError(t("log.no_people"))
    today = dates.local_today()
    on = parse_day(args.on, base=today, forms="log.bad_on") if args.on else today
    agenda = getattr(course.meta, "agenda", None)
    kinds = [k.id for k in agenda.contact_kinds] if agenda is not None else []
    kind = args.kind or (kinds[0] if kinds else "other")
    if kinds and kind not in kinds:
        raise UserError(t("log.bad_kind", kind=_name(kind), kinds=", ".join(kinds)))
    with session.store.locked():
        progress = session.progress  # read under the lock: no lost update
        found = people.find(course, progress, args.person)
        if not found:
            raise UserError(t("log.no_match", query=_name(args.person)))
        if len(found) > 1:
            names = "\n".join(f"  {_name(p.name)}" for p in found[:20])
            more = len(found) - 20
            extra = "\n" + t("validate.more", count=more) if more > 0 else ""
            raise UserError(t("log.several", query=_name(args.person)) + "\n" + names + extra)
        person = found[0]
        question = t("log.future", date=format_date(on, lang))
        if on > today and not ask.confirm(question, no_terminal="log.future_refused"):
            raise UserError(t("log.future_refused"))
        if args.next is None:
            follow_up = agenda_mod.next_follow_up(course, person, on)
        elif args.next.strip().lower() in ("none", "-", "keine"):
            follow_up = None
        else:
            follow_up = parse_day(args.next, base=today, forms="log.bad_next")
        status = people.next_status(course, person)
        logged = session.log_contact(
            person, on=on, kind=kind, note=args.note, follow_up=follow_up, status=status
        )
    name = _name(person.name)
    print(t("log.done", name=name, date=format_date(on, lang)))
    if on < today:
        print(t("log.past", ago=ago((today - on).days)))
    if logged.follow_up is not None:
        print(t("log.next", date=format_date(logged.follow_up, lang)))
    else:
        print(t("log.no_next"))
    if logged.status:
        label = people.status_label(course, logged.status, lang)
        print(t("log.status", status=label))
    return EXIT_OK


# -- coach calendar ------------------------------------------------------------------------
def cmd_calendar(session: Session, args: argparse.Namespace) -> int:
    from pathlib import Path

    from coach.formats.calendar_export import build

    data = build(
        session.course_to_read,
        session.progress,
        i18n.get_language(),
        dt.datetime.now(dt.UTC),
    )
    if not args.output or args.output == "-":
        sys.stdout.write(data.decode("utf-8"))
        return EXIT_OK
    # The one writer of -o files: a device or FIFO is written to, never replaced.
    write_output(data.decode("utf-8"), args.output, session.data_dir)
    target = Path(args.output).expanduser()
    entries = data.count(b"BEGIN:VEVENT")
    print(tn("calendar.written", entries, path=target), file=sys.stderr)
    return EXIT_OK
