"""The documents Today, the steps and the palette make: the strategy sheet's preview (saved
from there) and the calendar file, written where sheets go and said where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.i18n import t

if TYPE_CHECKING:
    from coach.tui.app import CoachApp


def show_sheet(app: CoachApp) -> None:
    """The strategy sheet's preview, from Today, the steps or the palette."""
    from coach.data.paths import sheet_dir
    from coach.tui.screens.sheet_screen import SheetScreen

    save_to = sheet_dir(app.session.data_dir)
    app.push_screen(SheetScreen(app.course, app.progress, app.lang, save_to))


def save_calendar(app: CoachApp) -> None:
    """Write the calendar (.ics) where sheets go and say where, from Today or the palette:
    a calendar app imports it, and importing it again updates instead of doubling."""
    import datetime as dt

    from coach.application.files import write_document
    from coach.data.paths import sheet_dir
    from coach.formats.calendar_export import Calendar
    from coach.i18n import os_error, tn

    app.commit_typed()  # the calendar is built from the progress in memory: nothing to wait for
    calendar = Calendar(app.course, app.progress, app.lang, dt.datetime.now(dt.UTC))
    data = "".join(calendar.chunks()).encode("utf-8")
    target = sheet_dir(app.session.data_dir) / "coach-calendar.ics"
    try:
        write_document(target, data)
    except OSError as exc:
        app.notify(
            t("output.failed", path=target, error=os_error(exc)), severity="error", markup=False
        )
        return
    entries = calendar.entries  # the entries written (a name may say BEGIN:VEVENT)
    app.notify(tn("calendar.saved_ui", entries, path=target), timeout=10, markup=False)
