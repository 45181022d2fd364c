"""The ``coach`` command: argument parsing, dispatch, and turning failures into messages.

Only the bare ``coach`` command imports Textual; every subcommand runs on the headless core.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from coach import __version__, i18n
from coach.cli.output import CleanWriter, OutputFailed
from coach.errors import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, UsageError, UserError
from coach.i18n import t

if TYPE_CHECKING:
    import argparse

    from coach.application.session import Session


# Where a command's ``cmd_<name>`` lives, when not in coach.cli.commands.
COMMAND_MODULES = {
    "today": "today_cli",
    "log": "today_cli",
    "calendar": "today_cli",
    "import-contacts": "contacts_cli",
    "catch-up": "habit_cli",
    "undo": "records_cli",
    "redo": "records_cli",
    "history": "records_cli",
    "sync": "sync_cli",
}


# What the parser makes of the commonest scripted commands, given exactly so: these are
# read without building it (argparse, gettext and a dozen subparsers are about a tenth of
# ``coach status``). Anything else, help and mistakes included, goes through the parser;
# a test keeps these equal to what it returns.
PLAIN_COMMANDS: dict[tuple[str, ...], dict[str, object]] = {
    ("status",): {"command": "status", "json": False},
    ("status", "--json"): {"command": "status", "json": True},
    ("today",): {"command": "today", "json": False},  # in a shell's start-up file
    ("today", "--json"): {"command": "today", "json": True},
}


def _prescan(argv: Sequence[str], option: str) -> str | None:
    """The value of a global option before argparse runs (for the help's language)."""
    for i, arg in enumerate(argv):
        if arg == option and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
    return None


def _named_folder(value: str) -> str:
    """``--data-dir``'s value. An empty one (a script's variable left unset) is refused: it
    read as no option at all, and the command used the user's own data folder."""
    if not value.strip():
        import argparse

        raise argparse.ArgumentTypeError(t("cli.empty_folder"))
    return value


def _given(value: str) -> str:
    """An option's or argument's value that must say something: an empty one (a script's
    variable left unset) is refused, not read as no option (``-o ""`` printed to the
    terminal, ``--on ""`` logged today, ``history ""`` listed everyone)."""
    if not value.strip():
        import argparse

        raise argparse.ArgumentTypeError(t("cli.empty_value"))
    return value


def _translate_argparse() -> None:
    """argparse's own words (usage, errors) through our catalog."""
    import argparse

    known = {
        "usage: ": "argparse.usage",
        "positional arguments": "argparse.positional",
        "options": "argparse.options",
        "show this help message and exit": "argparse.help",
        "the following arguments are required: %s": "argparse.required",
        "unrecognized arguments: %s": "argparse.unrecognized",
        "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
        "expected one argument": "argparse.expected_one",
        "%(prog)s: error: %(message)s\n": "argparse.error",
        "argument %(argument_name)s: %(message)s": "argparse.argument",
        "show program's version number and exit": "argparse.version",
    }

    def gettext(message: str) -> str:
        key = known.get(message)
        return t(key) if key else message

    argparse._ = gettext  # type: ignore[attr-defined]


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it (``COLUMNS``, else the
    terminal, else 80), without importing shutil, which loads lzma and bz2."""
    with contextlib.suppress(ValueError):
        columns = int(os.environ.get("COLUMNS", "0"))
        if columns > 0:
            return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns if columns > 0 else 80


def build_parser(kinds: str | None = None) -> argparse.ArgumentParser:
    """The parser; ``kinds``: the content's contact kinds, for ``coach log --help``."""
    import argparse

    def formatter(prog: str) -> argparse.HelpFormatter:
        # argparse's own, with the width given: it would import shutil for it on every
        # command, help or not (a few ms of the start of coach status).
        return argparse.HelpFormatter(prog, width=_columns() - 2)

    class Command(argparse.ArgumentParser):
        """A command's parser, which says itself what it does not know: its own usage
        (``coach history --jsn``), not the list of every command's. An option is taken as
        written only: argparse would take ``--not`` for ``--note`` and log the contact."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["allow_abbrev"] = False
            super().__init__(*args, **kwargs)

        def parse_known_args(  # type: ignore[override]
            self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
        ) -> tuple[argparse.Namespace, list[str]]:
            parsed, extra = super().parse_known_args(args, namespace)
            if extra:
                self.error(t("argparse.unrecognized") % " ".join(extra))
            return parsed, extra

    folder, file = t("cli.metavar.dir"), t("cli.metavar.file")  # DIR, FILE in the user's words
    common = Command(add_help=False, formatter_class=formatter)
    common.add_argument(
        "--data-dir",
        metavar=folder,
        default=argparse.SUPPRESS,
        type=_named_folder,
        help=t("cli.opt.data_dir"),
    )
    common.add_argument(
        "--content",
        metavar=folder,
        default=argparse.SUPPRESS,
        type=_given,
        help=t("cli.opt.content"),
    )
    common.add_argument(
        "--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help=t("cli.opt.lang")
    )

    parser = argparse.ArgumentParser(
        allow_abbrev=False,
        prog="coach",
        description=t("cli.description"),
        parents=[common],
        epilog=t("cli.epilog"),
        formatter_class=formatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"coach {__version__}", help=t("argparse.version")
    )

    sub = parser.add_subparsers(
        dest="command",
        metavar=t("cli.metavar.command"),
        title=t("cli.commands"),
        parser_class=Command,
    )

    def command(name: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            parents=[common],
            help=t(f"cli.{name}.help"),
            description=t(f"cli.{name}.help"),
            formatter_class=formatter,
        )

    p = command("status")
    p.add_argument("--json", action="store_true", help=t("cli.status.json"))
    p = command("sheet")
    p.add_argument(
        "--format", choices=("text", "markdown", "html"), default=None, help=t("cli.sheet.format")
    )
    p.add_argument("-o", "--output", metavar=file, type=_given, help=t("cli.sheet.output"))
    p = command("validate")
    p.add_argument(
        "path", nargs="?", metavar=t("cli.metavar.path"), type=_given, help=t("cli.validate.path")
    )
    p = command("export")
    p.add_argument("-o", "--output", metavar=file, type=_given, help=t("cli.export.output"))
    p = command("import")
    p.add_argument("file", metavar=file, type=_given, help=t("cli.import.file"))
    p = command("reset")
    p.add_argument("--step", metavar=t("cli.metavar.id"), help=t("cli.reset.step"))
    p.add_argument("--yes", action="store_true", help=t("cli.reset.yes"))
    p = command("restore")
    p.add_argument(
        "backup",
        nargs="?",
        metavar=t("cli.metavar.backup"),
        type=_given,
        help=t("cli.restore.backup"),
    )
    p.add_argument("--list", action="store_true", help=t("cli.restore.list"))
    p.add_argument("--yes", action="store_true", help=t("cli.restore.yes"))
    p = command("today")
    p.add_argument("--json", action="store_true", help=t("cli.today.json"))
    p = command("log")
    p.add_argument("person", nargs="?", metavar=t("cli.metavar.person"), help=t("cli.log.person"))
    p.add_argument("--edit", metavar="ID", help=t("cli.log.edit"))
    p.add_argument("--delete", metavar="ID", help=t("cli.log.delete"))
    p.add_argument("--note", metavar=t("cli.metavar.text"), help=t("cli.log.note"))
    kind_help = t("cli.log.kind", kinds=kinds) if kinds else t("cli.log.kind_any")
    p.add_argument("--kind", metavar=t("cli.metavar.kind"), type=_given, help=kind_help)
    p.add_argument("--on", metavar=t("cli.metavar.date"), type=_given, help=t("cli.log.on"))
    p.add_argument("--next", metavar=t("cli.metavar.next"), type=_given, help=t("cli.log.next"))
    p.add_argument("--felt", metavar="0-10", help=t("cli.log.felt"))
    p.add_argument("--next-step", metavar=t("cli.metavar.text"), help=t("cli.log.next_step"))
    p = command("calendar")
    p.add_argument("-o", "--output", metavar=file, type=_given, help=t("cli.calendar.output"))
    keep = p.add_mutually_exclusive_group()
    keep.add_argument("--keep", action="store_true", help=t("cli.calendar.keep"))
    keep.add_argument("--stop", action="store_true", help=t("cli.calendar.stop"))
    p = command("catch-up")
    p.add_argument("--weeks", metavar="N", default="4", help=t("cli.catch-up.weeks"))
    p.add_argument("--yes", action="store_true", help=t("cli.catch-up.yes"))
    p = command("import-contacts")
    p.add_argument("file", metavar=file, type=_given, help=t("cli.import-contacts.file"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.import-contacts.dry_run"))
    p.add_argument("--yes", action="store_true", help=t("cli.import-contacts.yes"))
    p.add_argument(
        "--include-removed", action="store_true", help=t("cli.import-contacts.include_removed")
    )
    for verb in ("undo", "redo"):
        p = command(verb)
        p.add_argument("--yes", action="store_true", help=t("cli.undo.yes"))
    p = command("history")
    p.add_argument(
        "person",
        nargs="?",
        metavar=t("cli.metavar.person"),
        type=_given,
        help=t("cli.history.person"),
    )
    p.add_argument("--json", action="store_true", help=t("cli.history.json"))
    p = command("sync")
    p.add_argument("--folder", metavar=t("cli.metavar.folder"), help=t("cli.sync.folder"))
    p.add_argument("--off", action="store_true", help=t("cli.sync.off"))
    p.add_argument("--status", action="store_true", help=t("cli.sync.status"))
    command("where")
    return parser


def _log_kinds(argv: list[str]) -> str | None:
    """The content's contact kinds ("message, call, ..."), only when ``coach log --help``
    is asked for (every other run skips loading the content here)."""
    if "log" not in argv or not {"-h", "--help"} & set(argv):
        return None
    from coach.application.session import Session

    try:
        session = Session.from_options(
            _prescan(argv, "--data-dir"), _prescan(argv, "--content"), None
        )
        agenda = getattr(session.course_to_read.meta, "agenda", None)
    except Exception:  # a broken content folder: the help still shows, without the list
        return None
    kinds = [k.id for k in agenda.contact_kinds] if agenda is not None else []
    return ", ".join(kinds) or None


def main(argv: Sequence[str] | None = None) -> int:
    # Starting up makes many objects that live as long as the process; the cyclic garbage
    # collector would walk them again and again (about a tenth of the time to the first
    # frame). Off while starting: the UI turns it on after its first frame (coach.tui.app),
    # a command's short run ends first.
    collecting = gc.isenabled()
    gc.disable()
    # Every command's output passes one gate: controls marked, encodable, failures caught.
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanWriter(real[0]), CleanWriter(real[1])
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    finally:
        sys.stdout, sys.stderr = real
        if collecting:
            gc.enable()


def _main(argv: list[str]) -> int:
    lang = _prescan(argv, "--lang")
    i18n.set_language(i18n.resolve_language(lang, None))
    if lang is None and any(arg in ("-h", "--help") for arg in argv):
        _saved_language(argv)
    args: argparse.Namespace | None = None  # the bare ``coach``: nothing to parse, the UI
    plain = PLAIN_COMMANDS.get(tuple(argv))
    if plain is not None:  # (no parser built for these either)
        args = cast("argparse.Namespace", SimpleNamespace(**plain))
    elif argv:  # (no parser built for it: argparse and a dozen subparsers cost ~3 ms)
        _translate_argparse()
        try:
            args = _parse(argv, say_usage_errors=lang is not None)
        except SystemExit as exc:  # argparse: --help/--version exit 0, usage errors exit 2
            return int(exc.code or 0)

    from coach.application.session import Session

    session = Session.from_options(
        getattr(args, "data_dir", None), getattr(args, "content", None), getattr(args, "lang", None)
    )
    try:
        if args is None or args.command is None:
            session.settle()  # the UI: before the state is loaded (see Session.settle)
        session.resolve_language()
        if args is None or args.command is None:
            return _open_ui(session)
        import importlib

        # Only the module of the command that runs: coach status loads no Today or import.
        module = importlib.import_module(
            f"coach.cli.{COMMAND_MODULES.get(args.command, 'commands')}"
        )
        handler: Callable[[Session, argparse.Namespace], int]
        handler = getattr(module, f"cmd_{args.command.replace('-', '_')}")
        if isinstance(sys.stdout, CleanWriter) and sys.stdout.stream is None:
            # Standard output closed (``>&-``): said before the command runs, so "exit 1"
            # still means nothing changed (a log saved, then refused, would be logged twice
            # by a script that tries again).
            raise OutputFailed(OSError(errno.EBADF, "oserror.closed"))
        code = handler(session, args)
        if code == EXIT_OK:
            session.compact_if_grown()  # rarely: when this device's journal has grown
        for line in session.notices():  # what the journals met (a bad line, a sync folder)
            print(f"coach: {line}", file=sys.stderr)
        sys.stdout.flush()  # a full disk shows here, while it can still be said
        return code
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:  # every failure becomes one sentence, never a traceback
        message = _user_message(exc)
        if isinstance(exc, OutputFailed):
            _silence_stdout()  # what could not be written is dropped, not retried at exit
        if message is None:
            from coach.data.crashlog import write_crash_log

            log = write_crash_log(exc, session.data_dir)
            message = t("error.unexpected", log=log) if log else t("error.no_log")
        with contextlib.suppress(OutputFailed, OSError):  # stderr itself may be gone
            with contextlib.suppress(Exception):  # what the journals met: said here too
                for line in session.notices():
                    print(f"coach: {line}", file=sys.stderr)
            print(f"coach: {message}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_PROBLEM


def _saved_language(argv: list[str]) -> None:
    """The help, or a usage error, in the language chosen in the coach (as the commands'
    output is): read only for these, which no script waits on (a look at the saved state)."""
    from coach.application.session import Session

    data, content = _prescan(argv, "--data-dir"), _prescan(argv, "--content")
    with contextlib.suppress(Exception):  # a broken state: said as it would be
        Session.from_options(data, content, None).resolve_language()


def _parse(argv: list[str], *, say_usage_errors: bool) -> argparse.Namespace:
    """``argv`` parsed. Without ``say_usage_errors`` (no --lang given), argparse's complaint
    is held back: if the coach speaks another language, argv is parsed again in it and the
    usage and the error are said in that language."""
    if say_usage_errors:
        return build_parser(_log_kinds(argv)).parse_args(_glued(argv))
    real, held = sys.stderr, io.StringIO()
    sys.stderr = held
    try:
        return build_parser(_log_kinds(argv)).parse_args(_glued(argv))
    except SystemExit as exc:
        sys.stderr = real
        if exc.code == EXIT_USAGE:
            before = i18n.get_language()
            _saved_language(argv)
            if i18n.get_language() != before:
                held = io.StringIO()  # said again, in that language
                return build_parser(_log_kinds(argv)).parse_args(_glued(argv))  # exits again
        raise
    finally:
        sys.stderr = real
        real.write(held.getvalue())


def _glued(argv: list[str]) -> list[str]:
    """``--on -1d`` as ``--on=-1d``: argparse would take ``-1d`` for an option, though the
    coach's own messages suggest it."""
    out: list[str] = []
    for arg in argv:
        if out and out[-1] in _DATED and re.fullmatch(_DASHED, arg):
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


_DATED = ("--on", "--next", "--felt", "--weeks")
_DASHED = r"-\d+[dw]?"  # (compiled by re when first asked: every start would pay for it)


def _user_message(exc: Exception) -> str | None:
    from coach.content.loader import ContentError
    from coach.data.store_errors import SaveFailed, StoreError

    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, OutputFailed):
        return t("output.cannot_write", error=i18n.os_error(exc.error))
    if isinstance(exc, SaveFailed):  # the UI's message says the change stays on screen
        return t("store.save_failed_cli", path=exc.values["path"], error=i18n.os_error(exc.error))
    if isinstance(exc, StoreError):
        return exc.message()
    if isinstance(exc, ContentError):
        lines = [str(p) for p in exc.problems[:20]]
        more = len(exc.problems) - len(lines)
        if more > 0:
            lines.append(t("validate.more", count=more))
        return t("error.content") + "\n" + "\n".join(lines)
    if isinstance(exc, OSError) and isinstance(exc.filename, str):
        # A file or folder the system refused (an unreadable data folder, say): which one
        # and why say more than a crash log would, and the user can mend it.
        from coach.safetext import shown

        path = shown(exc.filename, single_line=True)
        return t("error.file", path=path, error=i18n.os_error(exc))
    return None


def _open_ui(session: Session) -> int:
    if sys.stdin is None or not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UserError(t("error.no_terminal"))
    from coach.tui.launch import run

    # The UI draws the terminal itself: its own streams, not the command output's gate.
    if isinstance(sys.stdout, CleanWriter) and isinstance(sys.stderr, CleanWriter):
        sys.stdout, sys.stderr = sys.stdout.stream, sys.stderr.stream
    return run(session)


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError, OutputFailed):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
