"""``coach today`` and ``coach log``: the habit after the seven steps, from the shell.

``coach today`` is plain text with no colour at all, so it suits a shell's start-up file;
``coach log`` records a contact through the session's verb, under the one-writer lock.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING

from coach import i18n
from coach.application.session import Session
from coach.cli import ask
from coach.domain import agenda as agenda_mod
from coach.domain import habit, people
from coach.domain.status import bar
from coach.errors import EXIT_OK, UserError
from coach.i18n import format_date, format_number, t, tn
from coach.safetext import clean

if TYPE_CHECKING:
    import argparse  # only the commands' signatures: the UI asks for the date, not argparse


def local_today() -> dt.date:
    """Today's date where the user is (one place, so tests can set it)."""
    return dt.date.today()


def cmd_today(session: Session, args: argparse.Namespace) -> int:
    lang = i18n.get_language()
    course = session.course_to_read
    on = local_today()
    agenda = agenda_mod.today(course, session.progress, on, lang)
    if args.json:
        from coach.cli.commands import _escape_c1

        # C1 controls escaped, as ``status --json`` does: the output gate would strip an
        # 8-bit OSC in a name up to the line's end, closing quote and all.
        print(_escape_c1(json.dumps(agenda.to_json(), ensure_ascii=False, indent=2)))
        return EXIT_OK
    late = sum(1 for f in agenda.follow_ups if f.overdue)
    target = agenda.week.target if agenda.week else 0
    back = habit.coming_back(session.progress, on, late, target)
    sys.stdout.write(render_today(agenda, lang, back=back))
    return EXIT_OK


def _name(text: str) -> str:
    return clean(text, single_line=True)


def ago(days: int) -> str:
    """ "3 days ago", "about 5 weeks ago", "about 4 months ago"."""
    if days < 14:
        return tn("today.days_ago", days)
    if days < 60:
        return tn("today.weeks_ago", round(days / 7))
    return tn("today.months_ago", round(days / 30))


def planned(due: dt.date, on: dt.date, lang: str) -> str:
    """A follow-up in words, not debt: "due today", "planned for Mon 1 Dec", or, long ago,
    "planned a while ago"."""
    if due >= on:
        return t("today.due_today")
    if (on - due).days < 14:
        return t("today.planned_for", date=i18n.short_date(due, lang))
    return t("today.a_while_ago")


def _more(count: int) -> list[str]:
    """ "and 9 more, all on the people screen" past the handful shown."""
    rest = count - habit.SHOWN
    return [f"  {tn('today.more', rest)}"] if rest > 0 else []


def render_today(agenda: agenda_mod.Agenda, lang: str, *, back: bool = False) -> str:
    """The Today view as plain text (no colour, no markup): what ``coach today`` prints;
    ``back``: the user comes back after a gap (a kind word and the way to catch up)."""
    on = agenda.date
    lines = [t("today.heading", date=format_date(on, lang)), ""]
    if back:
        lines += [t("today.welcome_back"), ""]
    if agenda.paused_until is not None:
        lines += [t("today.paused", date=format_date(agenda.paused_until, lang)), ""]
    if agenda.follow_ups:
        lines.append(t("today.follow_ups"))
        for f in agenda.follow_ups[: habit.SHOWN]:
            step = f" · {_name(f.person.next_step)}" if f.person.next_step else ""
            mark = "•"
            lines.append(f"  {mark} {_name(f.person.name)} — {planned(f.due, on, lang)}{step}")
        lines += _more(len(agenda.follow_ups))
        lines.append("")
    if agenda.reconnect:
        lines.append(t("today.reconnect"))
        for r in agenda.reconnect[: habit.SHOWN]:
            last = r.person.last_contact
            said = (
                t("today.since", ago=ago((on - last).days), date=format_date(last, lang))
                if last
                else t("today.not_yet")
            )
            lines.append(f"  • {_name(r.person.name)} — {said}")
        lines += _more(len(agenda.reconnect))
        lines.append("")
    if agenda.upcoming:
        lines.append(t("today.upcoming"))
        for f in agenda.upcoming[: habit.SHOWN]:
            step = f" · {_name(f.person.next_step)}" if f.person.next_step else ""
            lines.append(f"  • {_name(f.person.name)} — {i18n.short_date(f.due, lang)}{step}")
        lines += _more(len(agenda.upcoming))
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
    if agenda.has_people and any(agenda.weeks):
        lines += [t("today.weeks", line=habit.sparkline(agenda.weeks)), ""]
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


STDIN_MAX = 1_000_000  # characters of a note read from stdin (more is refused as too long)


def _note_from_stdin() -> str:
    stream = sys.stdin
    if stream is None:
        return ""
    if stream.isatty():
        print(t("log.note_stdin"), file=sys.stderr)
    return stream.read(STDIN_MAX + 1)


def _check_note(note: str | None) -> None:
    """A note over the limit is refused, with the limit named: never saved cut short."""
    from coach.application.session import NOTE_MAX

    length = len(clean(note or "").strip())
    if length > NOTE_MAX:
        raise UserError(
            t("log.note_too_long", length=format_number(length), max=format_number(NOTE_MAX))
        )


def _felt(value: str | None) -> int | None:
    """``--felt``: a whole number from 0 to 10, or one clear line."""
    if value is None:
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > 10:
        raise UserError(t("log.bad_felt", value=_name(text)))
    return int(text)


def cmd_log(session: Session, args: argparse.Namespace) -> int:
    if args.note == "-":  # the note from standard input (echo text | coach log NAME --note -)
        args.note = _note_from_stdin()
    for name in ("person", "note", "kind", "on", "next", "felt", "edit", "delete"):
        setattr(args, name, argument_text(getattr(args, name, None)))
    _check_note(args.note)
    if args.edit or args.delete:
        from coach.cli.records_cli import cmd_log_correct

        if args.person or (args.edit and args.delete):
            raise UserError(t("history.edit_or_delete"))
        args.felt = _felt(args.felt)
        return cmd_log_correct(session, args)
    if not args.person:
        raise UserError(t("log.who"))
    lang = i18n.get_language()
    course = session.course_to_read
    spec = people.spec(course)
    if spec is None:
        raise UserError(t("log.no_people"))
    today = local_today()
    on = parse_day(args.on, base=today, forms="log.bad_on") if args.on else today
    agenda = getattr(course.meta, "agenda", None)
    kinds = [k.id for k in agenda.contact_kinds] if agenda is not None else []
    felt = _felt(getattr(args, "felt", None))
    kind = args.kind or (kinds[0] if kinds else "other")
    if kinds and kind not in kinds:
        raise UserError(t("log.bad_kind", kind=_name(kind), kinds=", ".join(kinds)))
    progress = session.progress
    found = people.find(course, progress, args.person)
    if not found:
        raise UserError(t("log.no_match", query=_name(args.person)))
    if len(found) > 1:
        twins = len({people.fold(p.name) for p in found}) < len(found)
        names = "\n".join(
            f"  {_name(p.name)}" + (f"  ({t('log.id', id=_name(p.id))})" if twins else "")
            for p in found[:20]
        )
        more = len(found) - 20
        extra = "\n" + t("validate.more", count=more) if more > 0 else ""
        raise UserError(t("log.several", query=_name(args.person)) + "\n" + names + extra)
    person = found[0]
    if on > today and not ask.yes(t("log.future", date=format_date(on, lang))):
        raise UserError(t("log.future_refused"))
    follow_up: dt.date | None
    kept: dt.date | None = None  # a follow-up the user planned ahead stays unless --next changes it
    if args.next is None:
        if person.follow_up is not None and person.follow_up > today:
            follow_up = kept = person.follow_up
        else:
            follow_up = agenda_mod.next_follow_up(course, person, on)
    elif args.next.strip().lower() in ("none", "-", "keine"):
        follow_up = None
    else:
        follow_up = parse_day(args.next, base=today, forms="log.bad_next")
        if follow_up < today:
            raise UserError(
                t(
                    "log.next_past",
                    date=format_date(follow_up, lang),
                    value=_name(args.next.strip()),
                )
            )
    status = people.next_status(course, person)
    expected = habit.felt_value(person.record.get(habit.EXPECTED_KEY))
    logged = session.log_contact(
        person,
        on=on,
        kind=kind,
        note=args.note,
        follow_up=follow_up,
        status=status,
        felt=felt,
        expected=expected,
    )
    name = _name(person.name)
    print(t("log.done", name=name, date=format_date(on, lang)))
    if on < today:
        print(t("log.past", ago=ago((today - on).days)))
    if kept is not None:
        print(t("log.kept", date=i18n.short_date(kept, lang)))
    elif logged.follow_up is not None:
        print(t("log.next", date=format_date(logged.follow_up, lang)))
    else:
        print(t("log.no_next"))
    if logged.status:
        label = people.status_label(course, logged.status, lang)
        print(t("log.status", status=label))
    return EXIT_OK


# -- coach calendar ------------------------------------------------------------------------
def cmd_calendar(session: Session, args: argparse.Namespace) -> int:
    from coach.cli.commands import _write_output, output_target
    from coach.cli.habit_cli import calendar_keep
    from coach.cli.output import write_crlf
    from coach.formats.calendar_export import Calendar

    kept = calendar_keep(session, args)
    if kept is not None:
        return kept
    target = output_target(args.output, session.data_dir)  # a refusal before any work
    calendar = Calendar(
        session.course_to_read,
        session.progress,
        i18n.get_language(),
        dt.datetime.now(dt.UTC),
    )
    if target is None:  # standard output: written as it is made, CRLF kept (RFC 5545)
        batch: list[str] = []
        for chunk in calendar.chunks():
            batch.append(chunk)
            if len(batch) == 500:  # a few hundred KB a write
                write_crlf("".join(batch))
                batch.clear()
        write_crlf("".join(batch))
        return EXIT_OK
    _write_output("".join(calendar.chunks()), args.output, session.data_dir)
    print(tn("calendar.written", calendar.entries, path=target), file=sys.stderr)
    return EXIT_OK
