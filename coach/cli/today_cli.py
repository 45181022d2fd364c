"""``coach today`` and ``coach log``: the habit after the seven steps, from the shell.

``coach today`` is plain text with no colour at all, so it suits a shell's start-up file;
``coach log`` records a contact through the session's verb, under the one-writer lock.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any

from coach import dates, i18n
from coach.application.session import Session
from coach.cli import ask
from coach.cli.args import STDIN_MAX as STDIN_MAX
from coach.cli.args import add_days as add_days
from coach.cli.args import argument_text as argument_text
from coach.cli.args import check_note, felt_option, kind_option, note_from_stdin, one_person
from coach.cli.args import parse_day as parse_day
from coach.cli.output import escape_c1, write_output
from coach.domain import agenda as agenda_mod
from coach.domain import habit, people
from coach.domain.habit import planned
from coach.domain.limits import SHORT_TEXT_MAX as NEXT_STEP_MAX
from coach.domain.status import bar
from coach.errors import EXIT_OK, UsageError, UserError
from coach.i18n import ago, day_in_words, format_date, t, tn
from coach.safetext import shown, typed

if TYPE_CHECKING:
    import argparse  # only the commands' signatures: the UI asks for the date, not argparse


def cmd_today(session: Session, args: argparse.Namespace) -> int:
    lang = i18n.get_language()
    course = session.course_to_read
    on = dates.local_today()
    agenda = agenda_mod.today(course, session.progress, on, lang, session.let_go_days())
    if args.json:
        # C1 controls escaped, as ``status --json`` does: the output gate would mark them
        # inside the JSON's strings (the reader would get "{U+009D}" for the character).
        print(escape_c1(json.dumps(agenda.to_json(), ensure_ascii=False, indent=2)))
        return EXIT_OK
    late = sum(1 for f in agenda.follow_ups if f.overdue)
    target = agenda.week.target if agenda.week else 0
    back = habit.coming_back(session.progress, on, late, target)
    sys.stdout.write(render_today(agenda, lang, back=back))
    return EXIT_OK


def _name(text: str) -> str:
    return shown(text, single_line=True)


def _more(count: int) -> list[str]:
    """ "and 9 more (coach today --json lists everyone)" past the handful shown."""
    rest = count - habit.listed(count)
    return [f"  {tn('cli.today.more', rest)}"] if rest > 0 else []


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
        for f in agenda.follow_ups[: habit.listed(len(agenda.follow_ups))]:
            step = f" · {_name(f.person.next_step)}" if f.person.next_step else ""
            mark = "•"
            lines.append(f"  {mark} {_name(f.person.name)} — {planned(f.due, on, lang)}{step}")
        lines += _more(len(agenda.follow_ups))
        lines.append("")
    if agenda.reconnect:
        lines.append(t("today.reconnect"))
        for r in agenda.reconnect[: habit.listed(len(agenda.reconnect))]:
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
        lines.append(tn("today.upcoming", agenda_mod.UPCOMING_DAYS))
        today = dates.local_today()
        for f in agenda.upcoming[: habit.listed(len(agenda.upcoming))]:
            step = f" · {_name(f.person.next_step)}" if f.person.next_step else ""
            when = i18n.short_date(f.due, lang, today)
            lines.append(f"  • {_name(f.person.name)} — {when}{step}")
        lines += _more(len(agenda.upcoming))
        lines.append("")
    waiting = [p for p in agenda.posts if p.date < on]  # planned, not marked posted
    if waiting:
        lines.append(t("today.posts_waiting"))
        for post in waiting:
            lines.append(f"  • {format_date(post.date, lang)}  {_name(post.title)}")
        lines.append("")
    coming = sorted(
        [(e.date, e.title, t("today.event")) for e in agenda.events]
        + [(p.date, p.title, t("today.post")) for p in agenda.posts if p.date >= on]
    )
    if coming:
        lines.append(tn("today.coming", agenda_mod.AHEAD_DAYS))
        for on_day, title, kind in coming:
            lines.append(f"  • {format_date(on_day, lang)}  {_name(title)} ({kind})")
        lines.append("")
    week = agenda.week
    if week is not None and agenda.has_people:
        lines.append(
            habit.week_words(week.done, week.target)
            + (f"  {bar(min(week.done, week.target), week.target)}" if week.target else "")
        )
        lines.append("")
    if agenda.has_people and (any(agenda.weeks) or any(agenda.rest)):
        line = t("today.weeks", line=habit.sparkline(agenda.weeks, agenda.rest, agenda.begun))
        if habit.rested(agenda.weeks, agenda.rest):
            line += "  " + t("today.weeks_rest", dot=habit.REST)
        lines += [line, ""]
    if agenda.nothing_due and agenda.suggestion:
        lines += [t("today.nothing_due"), f"  {_name(agenda.suggestion)}", ""]
    return "\n".join(lines)


# -- coach log -----------------------------------------------------------------------------
def cmd_log(session: Session, args: argparse.Namespace) -> int:
    if args.note == "-":  # the note from standard input (echo text | coach log NAME --note -)
        args.note = note_from_stdin()
    for name in ("person", "note", "kind", "on", "next", "felt", "edit", "delete", "next_step"):
        setattr(args, name, argument_text(getattr(args, name, None)))
    check_note(args.note)
    if args.edit is not None or args.delete is not None:  # ("" too: an id left empty)
        from coach.cli.records_cli import cmd_log_correct

        if args.edit is not None and args.delete is not None:
            raise UsageError(t("history.edit_and_delete"))
        if args.person:
            raise UsageError(t("history.edit_or_delete"))
        if args.delete and any(
            getattr(args, n, None) for n in ("note", "kind", "on", "next", "felt", "next_step")
        ):
            raise UsageError(t("history.delete_alone"))  # (else --note would go unheard)
        if args.edit and (args.next or args.next_step is not None):
            raise UsageError(t("history.edit_next"))  # (else it would go unheard)
        args.felt = felt_option(args.felt)
        return cmd_log_correct(session, args)
    if not args.person:
        raise UsageError(t("log.who"))
    lang = i18n.get_language()
    course = session.course_to_read
    spec = people.spec(course)
    if spec is None:
        raise UserError(t("log.no_people"))
    today = dates.local_today()
    on = parse_day(args.on, base=today, forms="log.bad_on", prefer="back") if args.on else today
    felt = felt_option(getattr(args, "felt", None))
    kind = kind_option(course, args.kind)
    person = one_person(course, session.progress, args.person, "log")
    step = _next_step(args.next_step, spec)  # (refused before the date is asked about)
    question = t("log.future", date=format_date(on, lang))
    if on > today and not ask.confirm(question, no_terminal="log.future_refused"):
        raise UserError(t("log.future_refused"))
    follow_up: dt.date | None
    kept: dt.date | None = None  # a follow-up the user planned ahead stays unless --next changes it
    if args.next is None:
        if person.follow_up is not None and person.follow_up > today:
            follow_up = kept = person.follow_up
        else:
            follow_up = agenda_mod.next_follow_up(course, person, on, today)
    elif says_none(args.next):
        follow_up = None
    else:
        follow_up = parse_day(args.next, base=today, forms="log.bad_next", prefer="ahead")
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
        next_step=step,
    )
    name = _name(person.name)
    print(t("log.done", name=name, date=day_in_words(on, lang)))
    if logged.twin is not None:
        print(t("log.twin", id=logged.twin, new=logged.contact["id"]))
    if on < today:
        print(t("log.past", ago=ago((today - on).days)))
    if kept is not None:
        print(t("log.kept", date=day_in_words(kept, lang)))
    elif logged.follow_up is not None:
        print(t("log.next", date=day_in_words(logged.follow_up, lang)))
    else:
        print(t("log.no_next"))
    if logged.status:
        label = people.status_label(course, logged.status, lang)
        print(t("log.status", status=label))
    if step is None and person.next_step:  # (the step just done may be the one still set)
        print(t("log.step_kept", step=_name(person.next_step)))
    elif step is not None:
        print(t("log.step_set", step=_name(step)) if step else t("log.step_cleared"))
    return EXIT_OK


def says_none(text: str) -> bool:
    """Whether an option's value asks for nothing (``--next none``): the catalogs' words
    for it, in every language (a German user's "keine" in an English shell too)."""
    words = {
        w.strip() for lang in i18n.LANGUAGES for w in i18n.catalog(lang)["cli.none"].split(",")
    }
    return text.strip().casefold() in words


def _next_step(given: str | None, spec: Any) -> str | None:
    """``--next-step``'s text: the person's new next small step ("" for none: ``none``,
    ``-``), or None when not given (theirs stays) or the content has no such field."""
    if given is None:
        return None
    if not getattr(spec, "next_step", None):
        raise UserError(t("log.no_next_step"))
    text = typed(given, single_line=True).strip()
    if not text:
        raise UsageError(t("cli.log.next_step_empty"))
    if len(text) > NEXT_STEP_MAX:
        raise UserError(t("log.next_step_long", max=NEXT_STEP_MAX))
    return "" if says_none(text) else text


# -- coach calendar ------------------------------------------------------------------------
def cmd_calendar(session: Session, args: argparse.Namespace) -> int:
    from coach.cli.habit_cli import calendar_keep
    from coach.cli.output import output_target, write_crlf
    from coach.formats.calendar_export import Calendar

    kept = calendar_keep(session, args)
    if kept is not None:
        return kept
    target = output_target(args.output, session.owns)  # a refusal before any work
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
    write_output("".join(calendar.chunks()), args.output, session.owns)
    print(tn("calendar.written", calendar.entries, path=target), file=sys.stderr)
    return EXIT_OK
