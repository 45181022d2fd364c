"""The subcommands that work without the terminal UI (none of them imports Textual)."""

from __future__ import annotations

import errno
import json
import os
import shlex
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coach import dates, i18n
from coach.application.session import Session
from coach.cells import cell_len, pad
from coach.cli import ask
from coach.cli.output import escape_c1, output_target, write_output
from coach.content.course import tr
from coach.domain.status import bar, checklist_groups, overall, status_report
from coach.errors import EXIT_OK, EXIT_PROBLEM, UsageError, UserError
from coach.i18n import format_date, format_number, t, tn

if TYPE_CHECKING:
    import argparse

    from coach.content.content_types import Step
    from coach.data.progress import Progress


def cmd_status(session: Session, args: argparse.Namespace) -> int:
    lang = i18n.get_language()
    report = status_report(session.course_to_read, session.progress, lang)
    if args.json:
        print(escape_c1(json.dumps(report, ensure_ascii=False, indent=2)))
        return EXIT_OK
    overall = report["overall"]
    print(t("status.overall", done=overall["done"], total=overall["total"]))
    width = max(cell_len(s["title"]) for s in report["steps"])
    for n, step in enumerate(report["steps"], 1):
        here = "▸" if step["id"] == report["current_step"] else " "
        print(
            f"{here} {n:>2}. {pad(step['title'], width)}  {bar(step['done'], step['total'])}"
            f"  {step['done']}/{step['total']}"
        )
    return EXIT_OK


def cmd_sheet(session: Session, args: argparse.Namespace) -> int:
    from coach.sheet import render

    course = session.course_to_read
    if course.sheet is None:
        raise UserError(t("sheet.no_layout"))
    target = output_target(args.output, session.owns)  # a refusal first, said alone
    if args.output and Path(args.output).suffix.lower() == ".pdf":  # whatever --format says
        html = Path(args.output).with_suffix(".html")
        raise UserError(t("sheet.no_pdf", path=shlex.quote(str(html))))
    fmt = args.format or sheet_format(args.output)
    text = render(course, session.progress, fmt, i18n.get_language())
    write_output(text, args.output, session.owns)
    if target is not None:
        print(t("sheet.written", path=args.output), file=sys.stderr)
    return EXIT_OK


# Without --format the output file's extension says which format to write.
SHEET_EXTENSIONS = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
SHEET_EXTENSIONS |= {".html": "html", ".htm": "html"}


def sheet_format(output: str | None) -> str:
    """The sheet format an output file's name asks for: text for the terminal, for no
    extension, and (with a note on stderr) for one the coach does not write."""
    if not output or output == "-":
        return "text"
    suffix = Path(output).suffix.lower()
    fmt = SHEET_EXTENSIONS.get(suffix)
    if fmt is None:
        if suffix:
            print(t("sheet.unknown_extension", suffix=suffix), file=sys.stderr)
        return "text"
    return fmt


def cmd_validate(session: Session, args: argparse.Namespace) -> int:
    from coach.content.loader import check_course

    root = Path(args.path).expanduser() if args.path else session.content_dir
    course, problems = check_course(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if not p.warning]
    if errors or course is None:
        print(tn("validate.failed", len(errors), path=root), file=sys.stderr)
        return EXIT_PROBLEM
    items = sum(len(s.checklist) for s in course.steps)
    optional = sum(1 for s in course.steps for i in s.checklist if i.optional)
    counts = {
        "steps": tn("validate.steps", len(course.steps)),
        "items": tn("validate.items", items)
        + (", " + t("validate.optional", count=optional) if optional else ""),
        "warnings": tn("validate.warnings", len(problems)),
    }
    print(t("validate.ok", path=root, **counts))
    return EXIT_OK


def cmd_export(session: Session, args: argparse.Namespace) -> int:
    target = output_target(args.output, session.owns)
    doc = session.progress.to_doc(export=True)
    data = escape_c1(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    write_output(data, args.output, session.owns)
    if target is not None:
        print(t("export.done", path=args.output), file=sys.stderr)
    return EXIT_OK


def cmd_import(session: Session, args: argparse.Namespace) -> int:
    source = Path(args.file).expanduser()
    progress = session.read_export(source)
    _ = session.progress  # a broken or newer file is reported before anything changes
    backup = session.import_state(progress, source)
    if backup is None:
        print(t("import.done_first", path=source))
    else:
        print(t("import.done", path=source, backup=backup))
    odd = dates.no_days(
        [progress.answers, list(progress.contacts), progress.pause_until, progress.breaks]
    )
    if odd:  # kept as written (an export of them must import again), but said
        print(f"coach: {tn('import.no_days', len(odd), first=odd[0])}", file=sys.stderr)
    return EXIT_OK


def cmd_reset(session: Session, args: argparse.Namespace) -> int:
    from coach.data.progress import Progress
    from coach.data.store_errors import BrokenFile

    # ("" too is a step asked for: a script's empty variable must not reset everything)
    step_id = _step_id(session, args.step) if args.step is not None else None
    try:
        _ = session.progress  # a broken file is reported before anything is asked
    except BrokenFile:
        if step_id:
            raise
        session.start_afresh(Progress())  # set aside already: starting over is what was asked
    if step_id:
        question = t("reset.ask_step", step=_step_name(session, step_id))
        question = "\n".join([*_reset_also(session, step_id), question])
    else:
        question = t("reset.ask_all")
    if not args.yes and not ask.confirm(
        question, no_terminal="reset.need_yes", declined="reset.cancelled"
    ):
        return EXIT_OK
    session.refresh()  # what was saved meanwhile, not what was read before the question
    backup = session.reset(step_id)
    print(t("reset.done", backup=backup) if backup else t("reset.done_first"))
    return EXIT_OK


def _reset_also(session: Session, step_id: str) -> list[str]:
    """What clearing ``step_id`` changes in other steps, one sentence each: checklists
    generated from its picks disappear (their ticks are kept), items its answers tick
    by the data are no longer ticked."""
    from coach.domain import people
    from coach.domain.status import chosen, done_by_data

    course, progress = session.course, session.progress
    prefix = f"{step_id}/"
    lines: list[str] = []
    spec = people.spec(course)
    listed = progress.answer(spec.records) if spec is not None else None
    if isinstance(listed, list) and listed and spec.records.startswith(prefix):
        lines.append(tn("reset.also_people", len(listed)))  # the months after's list, too
    for other in course.steps:
        if other.id == step_id:
            continue
        name = _step_name(session, other.id)
        pcc = other.per_choice_checklist
        if pcc is not None and pcc.field.startswith(prefix):
            entries = chosen(course, progress, pcc.field)
            if entries:
                labels = _option_labels(session, pcc.field)
                picked = ", ".join(labels.get(e, e) for e in entries)
                lines.append(t("reset.also_hidden", step=name, entries=picked))
        ticked_by_data = 0
        for group in checklist_groups(course, other, progress):
            for key, item in group.items:
                rule = getattr(item, "done_when", None)
                source = rule and (rule.records or rule.answer)
                if (
                    source
                    and source.startswith(prefix)
                    and not progress.is_ticked(key)
                    and not progress.is_unticked(key)
                    and done_by_data(item, group.entry, progress)
                ):
                    ticked_by_data += 1
        if ticked_by_data:
            lines.append(tn("reset.also_data", ticked_by_data, step=name))
    return lines


def _option_labels(session: Session, field_key: str) -> dict[str, str]:
    from coach.content.course import is_choice

    course = session.course
    field = course.field(field_key)
    if not is_choice(field):
        return {}
    lang = i18n.get_language()
    return {o.id: tr(o.label, lang, course.languages[0]) for o in course.options_for(field)}


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
    if args.list and args.backup:  # (the name went unheard: nothing said, nothing restored)
        raise UsageError(t("restore.list_and_name"))
    backups = session.backups()
    if args.list or not args.backup:
        if not backups:
            print(t("restore.none"))
            return EXIT_OK
        print(t("restore.list_head", folder=session.backup_dir))
        for path in backups:
            print(f"  {path.name}")
        if not args.list:
            print(t("restore.how"))
        return EXIT_OK
    candidate = session.backup_dir / args.backup  # a name from --list first
    if "/" in args.backup or not candidate.is_file():
        candidate = Path(args.backup).expanduser()
    if not candidate.is_file():
        raise UserError(t("restore.missing", name=args.backup))
    if not args.yes and sys.stdin is not None and sys.stdin.isatty():
        # At a terminal it says what comes back and what goes (kept in a backup first);
        # a script goes on as before, without --yes.
        backup = session.read_backup(candidate)
        then, now = _holds(session, backup), _holds(session, session.progress)
        # When the backup was written (two backups of like counts told apart): the file's
        # time, which a backup without its own (hand-made, old) has too.
        saved = datetime.fromtimestamp(candidate.stat().st_mtime)
        when = f"{format_date(saved.date())} {saved:%H:%M}"
        question = t("restore.ask", name=candidate.name, when=when, then=then, now=now)
        if not ask.confirm(question, no_terminal="reset.need_yes", declined="reset.cancelled"):
            return EXIT_OK
    session.restore(candidate)
    print(t("restore.done", name=candidate.name))
    return EXIT_OK


def _holds(session: Session, progress: Progress) -> str:
    """What a state holds, in a line: its checklist, people and logged contacts."""
    from coach.domain import people

    course = session.course_to_read
    done, total = overall(course, progress)
    count = len(people.records(course, progress))
    return t("restore.holds", done=done, total=total, people=count, contacts=len(progress.contacts))


def cmd_where(session: Session, args: argparse.Namespace) -> int:
    folder = session.data_dir
    if folder.exists() and not folder.is_dir():  # (every other command says so too)
        error = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        raise UserError(t("store.unreadable", path=folder, error=i18n.os_error(error)))
    print(t("where.data", path=folder))
    print(t("where.content", path=session.content_dir))
    sync, calendar = session.device_settings()
    if sync is not None:
        print(t("where.sync", path=sync))
    if calendar is not None:
        print(t("where.calendar", path=calendar))
    if not folder.is_dir():
        print(t("where.empty"))
        return EXIT_OK
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            size = format_number(path.stat().st_size)
            print(f"  {path.relative_to(folder)}  ({size} B)")
    return EXIT_OK
