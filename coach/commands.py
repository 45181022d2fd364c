"""The subcommands that work without the terminal UI (none of them imports Textual)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coach import i18n
from coach.contacts_cli import cmd_import_contacts  # noqa: F401 - dispatched by name
from coach.course import tr
from coach.errors import EXIT_OK, EXIT_PROBLEM, UserError
from coach.fileio import atomic_write, read_limited
from coach.i18n import format_number, os_error, t, tn
from coach.session import Session
from coach.status import bar, status_report
from coach.store import MAX_PROGRESS_BYTES, Reason, invalid, parse
from coach.today_cli import cmd_calendar, cmd_log, cmd_today  # noqa: F401 - dispatched by name

if TYPE_CHECKING:
    from coach.model import Step


def cmd_status(session: Session, args: argparse.Namespace) -> int:
    lang = i18n.get_language()
    report = status_report(session.course_to_read, session.progress, lang)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return EXIT_OK
    overall = report["overall"]
    print(t("status.overall", done=overall["done"], total=overall["total"]))
    width = max(len(s["title"]) for s in report["steps"])
    for n, step in enumerate(report["steps"], 1):
        here = "▸" if step["id"] == report["current_step"] else " "
        print(
            f"{here} {n:>2}. {step['title']:<{width}}  {bar(step['done'], step['total'])}"
            f"  {step['done']}/{step['total']}"
        )
    return EXIT_OK


def cmd_sheet(session: Session, args: argparse.Namespace) -> int:
    from coach.sheet import render

    course = session.course_to_read
    if course.sheet is None:
        raise UserError(t("sheet.no_layout"))
    text = render(course, session.progress, args.format, i18n.get_language())
    _write_output(text, args.output)
    if args.output and args.output != "-":
        print(t("sheet.written", path=args.output), file=sys.stderr)
    return EXIT_OK


def cmd_validate(session: Session, args: argparse.Namespace) -> int:
    from coach.loader import check_course

    root = Path(args.path).expanduser() if args.path else session.content_dir
    course, problems = check_course(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if not p.warning]
    if errors or course is None:
        print(tn("validate.failed", len(errors), path=root), file=sys.stderr)
        return EXIT_PROBLEM
    items = sum(len(s.checklist) for s in course.steps)
    counts = {
        "steps": tn("validate.steps", len(course.steps)),
        "items": tn("validate.items", items),
        "warnings": tn("validate.warnings", len(problems)),
    }
    print(t("validate.ok", path=root, **counts))
    return EXIT_OK


def cmd_export(session: Session, args: argparse.Namespace) -> int:
    doc = session.progress.to_doc()
    data = _escape_c1(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    _write_output(data, args.output)
    if args.output:
        print(t("export.done", path=args.output), file=sys.stderr)
    return EXIT_OK


def cmd_import(session: Session, args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from coach.migrations import SCHEMA_VERSION, migrate, version_of
    from coach.progress_schema import validate

    source = Path(args.file).expanduser()
    try:
        raw = read_limited(source, MAX_PROGRESS_BYTES)
    except OSError as exc:
        raise UserError(t("import.unreadable", path=source, error=os_error(exc))) from None
    doc, reason = parse(raw)
    if doc is None:
        raise UserError(t("import.invalid", path=source, reason=reason))
    version = version_of(doc)
    if version > SCHEMA_VERSION:
        raise UserError(t("import.newer", path=source, version=version))
    try:
        progress = validate(migrate(doc))
    except ValidationError as exc:
        raise UserError(t("import.invalid", path=source, reason=invalid(exc))) from None
    except ValueError:
        reason = Reason("schema", "reason.no_migration", {"version": version})
        raise UserError(t("import.invalid", path=source, reason=reason)) from None
    with session.store.locked():
        backup = session.store.backup_now("before-import")
        session.store.save(progress)
    if backup is None:
        print(t("import.done_first", path=source))
    else:
        print(t("import.done", path=source, backup=backup))
    return EXIT_OK


def cmd_reset(session: Session, args: argparse.Namespace) -> int:
    from coach.progress import Progress
    from coach.store import BrokenFile

    step_id = _step_id(session, args.step) if args.step else None
    if step_id:
        _ = session.progress  # a broken file is reported before anything is asked
    if step_id:
        question = t("reset.ask_step", step=_step_name(session, step_id))
    else:
        question = t("reset.ask_all")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(t("reset.need_yes"))
        try:
            answer = input(f"{question} [{t('reset.yes_no')}] ").strip().lower()
        except EOFError:  # ctrl+d at the prompt means no
            print()
            answer = ""
        if answer not in t("reset.yes_words").split(","):
            print(t("reset.cancelled"))
            return EXIT_OK
    with session.store.locked():
        # Read the progress only now, under the lock: a window that saved while the
        # question was open must not be overwritten by what was read before.
        try:
            progress = session.store.load()
        except BrokenFile:
            if step_id:
                raise
            progress = Progress()  # the broken file is set aside (or backed up below)
        backup = session.store.backup_now("before-reset")
        if step_id:
            prefix = f"{step_id}/"
            for table in (progress.ticks, progress.answers):
                for key in [k for k in table if k.startswith(prefix)]:
                    del table[key]
            progress.touch()
        else:
            progress = Progress(language=progress.language)
        session.progress = progress
        session.save()
    print(t("reset.done", backup=backup) if backup else t("reset.done_first"))
    return EXIT_OK


def _step_id(session: Session, given: str) -> str:
    """The id of the step ``given`` names: its id, or its number as ``coach status`` shows it."""
    course = session.course
    if course.step(given) is not None:
        return given
    if given.isdigit() and 1 <= int(given) <= len(course.steps):
        return course.steps[int(given) - 1].id
    width = max(len(s.id) for s in course.steps)
    lines = [
        f"  {n:>2}  {s.id:<{width}}  {_title(session, s)}" for n, s in enumerate(course.steps, 1)
    ]
    raise UserError("\n".join([t("reset.unknown_step", step=given), *lines]))


def _step_name(session: Session, step_id: str) -> str:
    """How the user knows a step: number and title (step 2 “Pick your networks”)."""
    n, step = next((n, s) for n, s in enumerate(session.course.steps, 1) if s.id == step_id)
    return t("reset.step_name", n=n, title=_title(session, step))


def _title(session: Session, step: Step) -> str:
    return tr(step.title, i18n.get_language(), session.course.languages[0])


def cmd_restore(session: Session, args: argparse.Namespace) -> int:
    store = session.store
    backups = store.all_backups()
    if args.list or not args.backup:
        if not backups:
            print(t("restore.none"))
            return EXIT_OK
        print(t("restore.list_head", folder=store.backup_dir))
        for path in backups:
            print(f"  {path.name}")
        if not args.list:
            print(t("restore.how"))
        return EXIT_OK
    candidate = store.backup_dir / args.backup  # a name from --list first
    if "/" in args.backup or not candidate.is_file():
        candidate = Path(args.backup).expanduser()
    if not candidate.is_file():
        raise UserError(t("restore.missing", name=args.backup))
    with store.locked():
        store.restore(candidate, label="before-restore")
    print(t("restore.done", name=candidate.name))
    return EXIT_OK


def cmd_where(session: Session, args: argparse.Namespace) -> int:
    folder = session.data_dir
    print(t("where.data", path=folder))
    print(t("where.content", path=session.content_dir))
    if not folder.is_dir():
        print(t("where.empty"))
        return EXIT_OK
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            size = format_number(path.stat().st_size)
            print(f"  {path.relative_to(folder)}  ({size} B)")
    return EXIT_OK


def _write_output(text: str, output: str | None) -> None:
    if not output or output == "-":
        sys.stdout.write(text)
        return
    target = Path(output).expanduser()
    if target.is_dir():
        raise UserError(t("output.is_dir", path=target))
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        raise UserError(t("output.failed", path=target, error=os_error(exc))) from None


def _escape_c1(text: str) -> str:
    """JSON with DEL and C1 controls written as ``\\u00XX`` (the same JSON, but no byte a
    terminal could take for a control sequence; JSON already escapes C0 such as ESC)."""
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)
