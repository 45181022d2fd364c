"""Opening the coach's UI from the shell: the state loaded before the app is built (a
broken file offered to be restored), the terminal's encoding, and what is said once it has
closed. ``coach.cli.main``'s one way into the UI."""

from __future__ import annotations

import contextlib
import sys

from coach import i18n
from coach.application.session import Session
from coach.data.progress import Progress
from coach.data.store_errors import BrokenFile, StoreError
from coach.i18n import t
from coach.tui.app import CoachApp

# Seconds a thread may hold the interpreter while another waits, as the coach starts. Right
# after its first frame is made the app goes on working (it mounts the step's tools below
# the text); at Python's default (5 ms) Textual's writer thread, which puts the frame on the
# terminal, waited behind that work for one or two turns: ~10 ms before the user saw it
# (benchmarks/README.md). The default is back once the first frame is shown.
HANDOVER = 0.0005


def run(session: Session) -> int:
    """Open the coach for ``session``; returns the exit code."""
    broken: BrokenFile | None = None
    session.settle()  # before the load: the log's bytes go before the screens are built
    try:
        progress = session.progress
    except BrokenFile as exc:
        broken = exc
        progress = Progress()
    except StoreError as exc:  # newer version, unreadable: leave the file alone
        print(f"coach: {exc.message()}", file=sys.stderr)
        return 1
    if progress.language and session.lang_option is None:
        i18n.set_language(session.resolve_language())
    _draw_in_utf8()
    app = CoachApp(session, progress=progress if broken is not None else None)
    app.leave_on_signal = True
    app.switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(HANDOVER)
    if broken is not None:
        app.call_later(app.show_broken_file, broken)
    try:
        result = app.run()
    finally:
        app.flush_saves()
    if app.unsaved is not None:
        from coach.i18n import os_error

        error = app.unsaved
        message = t("store.unsaved_at_exit", path=error.values["path"], error=os_error(error.error))
        print(f"coach: {message}", file=sys.stderr)
        return 1
    if app.crash is not None:
        from coach.data.crashlog import write_crash_log

        log = write_crash_log(app.crash, session.data_dir)
        said = t("error.unexpected", log=log) if log else t("error.no_log")
        print(f"coach: {said}", file=sys.stderr)
        return 1
    return result or 0


def _draw_in_utf8() -> None:
    """Textual draws boxes and ticks in UTF-8 on the real stderr. Under ``LC_ALL=C`` (and no
    UTF-8 mode) Python would write them as ``\\u256d``; the terminal shows UTF-8 in practice
    (every current one does), so the stream is switched to it."""
    stream = sys.__stderr__
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if stream is not None and encoding != "utf8":
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(encoding="utf-8", errors="replace")
