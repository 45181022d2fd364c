"""``coach undo``, ``coach history`` and ``coach log --edit/--delete``: correcting the record
from the shell, while the coach may be open in another terminal."""

from __future__ import annotations

import argparse
import json
from typing import Any

from coach import i18n
from coach.application.session import Session
from coach.application.words import describe, shown_values, undone_words
from coach.cli import ask
from coach.cli.args import kind_option, one_person
from coach.domain import habit, people
from coach.domain.people_view import kind_label
from coach.errors import EXIT_OK, UsageError, UserError
from coach.i18n import format_date, t
from coach.safetext import shown, typed


def cmd_undo(session: Session, args: argparse.Namespace) -> int:
    return _take_back(session, args, "undo")


def cmd_redo(session: Session, args: argparse.Namespace) -> int:
    return _take_back(session, args, "redo")


def _take_back(session: Session, args: argparse.Namespace, verb: str) -> int:
    """``coach undo`` and ``coach redo``: say what would change, ask, do it, say what it did."""
    redo = verb == "redo"
    nothing = session.next_undo(redo=redo)
    if nothing is None:
        print(t(f"{verb}.nothing"))
        return EXIT_OK
    what = describe(nothing.do, nothing.say, session.course_to_read)
    if not args.yes:
        answer = ask.yes(t(f"{verb}.ask", what=what))
        if answer is None:
            raise UserError(t(f"{verb}.need_yes", what=what))
        if not answer:
            print(t("undo.cancelled"))
            return EXIT_OK
    done = session.redo() if redo else session.undo()
    if done is None:  # done by another shell meanwhile
        print(t(f"{verb}.nothing"))
        return EXIT_OK
    for line in undone_words(done, session.course_to_read, redo=redo):
        print(line)
    return EXIT_OK


def _person_id(session: Session, query: str) -> tuple[str, str]:
    """(id, name) of the one person ``query`` names, or one clear error."""
    person = one_person(session.course_to_read, session.progress, query, "history")
    return person.id, person.name


def history_rows(session: Session, person_id: str | None) -> list[dict[str, Any]]:
    names = {p.id: p.name for p in people.people(session.course_to_read, session.progress)}
    rows = []
    for contact in session.history(person_id):
        pid = str(contact.get("person", ""))
        felt = contact.get("felt")
        rows.append(
            {
                "id": contact.get("id"),
                "person": names.get(pid),
                "person_id": pid,
                "date": contact.get("date"),
                "kind": contact.get("kind"),
                "note": contact.get("note"),
                "felt": felt if isinstance(felt, int) else None,
            }
        )
    return rows


def cmd_history(session: Session, args: argparse.Namespace) -> int:
    from coach.cli.args import argument_text

    query = argument_text(args.person)
    person_id, name = _person_id(session, query) if query else (None, "")
    rows = history_rows(session, person_id)
    if args.json:
        from coach.cli.output import escape_c1

        print(escape_c1(json.dumps(rows, ensure_ascii=False, indent=2)))
        return EXIT_OK
    if not rows:  # (someone named: said by name, with how to log the first)
        print(t("history.none_with", person=name) if name else t("history.none"))
        return EXIT_OK
    lang = i18n.get_language()
    lines: list[tuple[str, str]] = []  # (date, line), shown newest first
    for row in rows:
        kind = kind_label(session.course_to_read, str(row["kind"]), lang)
        line = f"{row['id']}  {format_date(row['date'], lang):>12}  {_text(kind)}"
        if person_id is None:
            line += f"  {_text(row['person'] or session.person_name(row['person_id']))}"
        if row["felt"] is not None:
            line += "  " + t("history.felt", felt=row["felt"])
        note = _text(row["note"] or "")
        if note:
            line += f"  {note[:60]}{'…' if len(note) > 60 else ''}"
        lines.append((str(row["date"]), line))
    if person_id is None:  # the breaks between them, ended ones too
        for first, last in habit.breaks(session.progress):
            until = t("history.break", until=format_date(last.isoformat(), lang))
            lines.append(
                (first.isoformat(), f"{'':12}  {format_date(first.isoformat(), lang):>12}  {until}")
            )
    lines.sort(key=lambda item: item[0], reverse=True)
    print("\n".join(line for _, line in lines))
    print(t("history.how"))
    return EXIT_OK


def cmd_log_correct(session: Session, args: argparse.Namespace) -> int:
    """``coach log --edit ID`` / ``--delete ID``."""
    from coach.cli.args import parse_day
    from coach.dates import local_today

    ident = (args.delete if args.delete is not None else args.edit or "").strip()
    if not ident:
        raise UsageError(t("history.id_needed"))
    contact = next((c for c in session.history() if c.get("id") == ident), None)
    if contact is None:
        raise UserError(t("history.no_id", id=_text(ident)))
    words = {"person": session.person_name(str(contact.get("person"))), "date": contact["date"]}
    if args.delete is not None:
        if not session.delete_contact(ident):  # removed by another shell meanwhile
            raise UserError(t("history.no_id", id=_text(ident)))
        print(t("history.deleted", **shown_values(words)))
        return EXIT_OK
    changes: dict[str, object] = {}
    if args.on:
        base = local_today()
        on = parse_day(args.on, base=base, forms="log.bad_on", prefer="back")
        question = t("fix.future", date=format_date(on, i18n.get_language()))
        if on > base and not ask.confirm(question, no_terminal="history.edit_future_refused"):
            raise UserError(t("history.edit_future_refused"))  # as a new contact's date
        changes["date"] = on.isoformat()
    if args.kind:
        changes["kind"] = kind_option(session.course_to_read, args.kind)
    if args.note is not None:
        changes["note"] = typed(args.note).strip() or None
    felt = getattr(args, "felt", None)
    if felt is not None:
        changes["felt"] = felt
    if not changes:
        raise UsageError(t("history.edit_what"))
    if not session.edit_contact(ident, changes):  # removed by another shell meanwhile
        raise UserError(t("history.no_id", id=_text(ident)))
    words["date"] = changes.get("date", words["date"])  # as it is now
    print(t("history.edited", **shown_values(words)))
    return EXIT_OK


def _text(value: Any) -> str:
    return shown(str(value), single_line=True)
