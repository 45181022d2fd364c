"""The subcommands that work without the terminal UI (none of them imports Textual)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from coach import i18n
from coach.cli import EXIT_OK, EXIT_PROBLEM, UserError
from coach.i18n import t
from coach.progress import Progress, status_report
from coach.session import Session
from coach.store import atomic_write, parse

BAR_WIDTH = 10


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def cmd_status(session: Session, args: argparse.Namespace) -> int:
    lang = i18n.get_language()
    report = status_report(session.course, session.progress, lang)
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

    course = session.course
    if course.sheet is None:
        raise UserError(t("sheet.no_layout"))
    text = render(course, session.progress, args.format, i18n.get_language())
    _write_output(text, args.output)
    return EXIT_OK


def cmd_validate(session: Session, args: argparse.Namespace) -> int:
    from coach.loader import check_course

    root = Path(args.path).expanduser() if args.path else session.content_dir
    course, problems = check_course(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if not p.warning]
    if errors or course is None:
        print(t("validate.failed", count=len(errors), path=root), file=sys.stderr)
        return EXIT_PROBLEM
    items = sum(len(s.checklist) for s in course.steps)
    print(t("validate.ok", path=root, steps=len(course.steps), items=items, warnings=len(problems)))
    return EXIT_OK


def cmd_export(session: Session, args: argparse.Namespace) -> int:
    data = _escape_c1(session.progress.model_dump_json(indent=2) + "\n")
    _write_output(data, args.output)
    if args.output:
        print(t("export.done", path=args.output), file=sys.stderr)
    return EXIT_OK


def cmd_import(session: Session, args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from coach.migrations import migrate, version_of
    from coach.progress import SCHEMA_VERSION

    source = Path(args.file).expanduser()
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise UserError(t("import.unreadable", path=source, error=exc.strerror)) from None
    doc, reason = parse(raw)
    if doc is None:
        raise UserError(t("import.invalid", path=source, reason=reason))
    if version_of(doc) > SCHEMA_VERSION:
        raise UserError(t("import.newer", path=source, version=version_of(doc)))
    try:
        progress = Progress.model_validate(migrate(doc))
    except (ValidationError, ValueError) as exc:
        raise UserError(t("import.invalid", path=source, reason=_first_error(exc))) from None
    with session.store.locked():
        backup = session.store.backup_now("before-import")
        session.store.save(progress)
    print(t("import.done", path=source, backup=backup or "-"))
    return EXIT_OK


def cmd_reset(session: Session, args: argparse.Namespace) -> int:
    from coach.store import BrokenFile

    try:
        progress = session.progress
    except BrokenFile:
        if args.step:
            raise
        progress = Progress()  # the broken file is set aside (or backed up below)
    if args.step and session.course.step(args.step) is None:
        known = ", ".join(s.id for s in session.course.steps)
        raise UserError(t("reset.unknown_step", step=args.step, known=known))
    question = t("reset.ask_step", step=args.step) if args.step else t("reset.ask_all")
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
        backup = session.store.backup_now("before-reset")
        if args.step:
            prefix = f"{args.step}/"
            for table in (progress.ticks, progress.answers):
                for key in [k for k in table if k.startswith(prefix)]:
                    del table[key]
            progress.touch()
        else:
            progress = Progress(language=progress.language)
        session.progress = progress
        session.save()
    print(t("reset.done", backup=backup or "-"))
    return EXIT_OK


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
        session.store.backup_now("before-restore")
        store.restore(candidate)
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
            print(f"  {path.relative_to(folder)}  ({path.stat().st_size:,} B)")
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
        raise UserError(t("output.failed", path=target, error=exc.strerror or exc)) from None


def _escape_c1(text: str) -> str:
    """JSON with DEL and C1 controls written as ``\\u00XX`` (the same JSON, but no byte a
    terminal could take for a control sequence; JSON already escapes C0 such as ESC)."""
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def _first_error(exc: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
    return str(exc)
