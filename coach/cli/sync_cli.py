"""``coach sync``: keep the coach's changes in a folder a sync tool carries between devices."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from coach import i18n
from coach.application.session import Session
from coach.errors import EXIT_OK, UsageError, UserError
from coach.i18n import format_date, os_error, t, tn
from coach.safetext import shown


def cmd_sync(session: Session, args: argparse.Namespace) -> int:
    from coach.cli.args import argument_text
    from coach.data.sync import SyncFolderError

    if args.folder and args.off:
        raise UsageError(t("sync.both"))
    if args.folder is not None and not args.folder.strip():
        raise UsageError(t("sync.empty_folder"))
    if args.folder:
        folder = Path(argument_text(args.folder) or "")
        try:
            target = session.sync_on(folder)
        except SyncFolderError as exc:
            error = os_error(exc.error) if exc.error is not None else ""
            raise UserError(t(exc.key, folder=_shown(exc.folder), error=error)) from None
        print(t("sync.on", folder=_shown(target), device=session.device_id))
        print(t("sync.privacy"))
    elif args.off:
        was = session.sync_off()
        print(t("sync.off", folder=_shown(was)) if was else t("sync.was_off"))
    if args.status or not (args.folder or args.off):
        _status(session)
    return EXIT_OK


def _status(session: Session) -> None:
    folder, seen = session.sync_status()
    if folder is None:
        print(t("sync.status_off"))
        return
    lang = i18n.get_language()
    if session.device_named:
        print(t("sync.status_on", folder=_shown(folder), device=session.device_id))
    else:
        print(t("sync.status_on_unnamed", folder=_shown(folder)))
    print(tn("sync.devices", len({s.device for s in seen if not s.conflict})))
    for item in seen:
        when = dt.datetime.fromtimestamp(item.modified)
        line = t(
            "sync.device_line",
            device=item.device,
            date=format_date(when.date(), lang),
            time=when.strftime("%H:%M"),
            size=i18n.format_number(item.size),
        )
        if item.mine:
            line += " " + t("sync.this_device")
        if item.conflict:
            line += " " + t("sync.conflict_copy")
        print(line)
    for line in session.notices():
        print(line)


def _shown(folder: Path) -> str:
    """A folder's name on one line (a newline in it would split a one-line message)."""
    return shown(str(folder), single_line=True)
