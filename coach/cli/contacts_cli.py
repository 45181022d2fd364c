"""``coach import-contacts``: people from LinkedIn's Connections.csv or a vCard file.

The file is read and checked before the saved state is touched, so a bad file changes
nothing; then, under the one-writer lock, the contacts are sorted into new and already
there, the counts shown, and (after a yes, or with ``--yes``) the new ones added in one
atomic save with a backup first.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coach import dates
from coach.application.session import Session
from coach.cli import ask
from coach.domain import people
from coach.errors import EXIT_OK, UserError
from coach.i18n import t, tn


def cmd_import_contacts(session: Session, args: argparse.Namespace) -> int:
    from coach.formats import contact_fields, contacts_import

    course = session.course_to_read
    if people.spec(course) is None:
        raise UserError(t("contacts.no_people"))
    source = contacts_import.read(Path(args.file).expanduser())
    removed = () if args.include_removed else session.removed_people()
    result = contacts_import.sort_out(course, session.progress, source, removed)
    today = dates.local_today()
    for line in contacts_import.summary(result):
        print(line)
    for line in contact_fields.connected_said(result.new, today):
        print("  " + line)
    if args.dry_run:  # changes nothing; works while the coach is open like every command
        print(t("contacts.dry_run"))
        return EXIT_OK
    if not result.new and not result.fills and not result.connected:
        print(t("contacts.nothing_new"))
        return EXIT_OK
    question = tn("contacts.ask", len(result.new)) if result.new else t("contacts.ask_fill")
    if not args.yes and not ask.confirm(
        question, no_terminal="contacts.need_yes", declined="contacts.cancelled"
    ):
        return EXIT_OK
    backup = session.backup("before-contacts")
    new = contacts_import.records(course, result.new)
    first = contact_fields.first_contacts(course, new, result.new, today, result.connected)
    added = session.add_people(new, result.fills, first)
    if added or not (result.fills or result.connected):
        if backup is None:
            print(tn("contacts.added_first", added))
        else:
            print(tn("contacts.added", added, backup=backup))
    if result.fills:
        filled = tn("contacts.filled_done", len(result.fills))
        if not added and backup is not None:  # (said with the people added, when there are)
            filled += " " + t("contacts.backed_up", backup=backup)
        print(filled)
    if result.connected:
        print(tn("contacts.connected_done", len(result.connected)))
    return EXIT_OK
