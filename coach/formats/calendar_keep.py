"""A calendar file kept current: rewritten after every change, so a calendar app subscribed
to it (or a phone reading it from a synced folder) shows today's follow-ups.

The file is a setting of this device (``device.json``: a path on this machine, never
synced; ``coach calendar --keep -o FILE`` and the palette set it, ``--stop`` clears it).
The CLI rewrites it at once after its change; the UI asks a :class:`Keeper`, which writes
in a thread of its own, never on the UI thread, and coalesces changes that come faster
than it writes. A file that disappears is written again; one that cannot be written is
reported, nothing else fails.
"""

from __future__ import annotations

import datetime as dt
import errno
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.data.fileio import atomic_write

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress


def write(course: Course, progress: Progress, lang: str, target: Path) -> int:
    """Write the calendar to ``target`` (whole or not at all); returns its entries.
    Raises ``OSError`` when the file cannot be written."""
    from coach.formats.calendar_export import Calendar

    calendar = Calendar(course, progress, lang, dt.datetime.now(dt.UTC))
    data = "".join(calendar.chunks()).encode("utf-8")
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise OSError(errno.EINVAL, "oserror.not_regular", str(target))  # never a link or FIFO
    atomic_write(target, data)
    return calendar.entries


class Keeper:
    """Rewrites the kept file in a background thread after :meth:`poke` (the UI's side).
    ``read`` gives (course, progress, lang, the file or None) to write from; ``failed``
    hears a write that failed (the path and the error), from the thread."""

    def __init__(
        self,
        read: Callable[[], tuple[Any, Any, str, Path | None]],
        failed: Callable[[Path, OSError], None] | None = None,
    ) -> None:
        self._read, self._failed = read, failed
        self._wanted = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.writes = 0  # done so far (tests wait on it)

    def poke(self) -> None:
        """Something changed: rewrite the file soon (returns at once)."""
        self._wanted.set()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="kept-calendar", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while self._wanted.is_set():
            self._wanted.clear()
            for _ in range(3):  # the UI may change the data while it is read: try again
                target: Path | None = None
                try:
                    course, progress, lang, target = self._read()
                    if target is not None:
                        write(course, progress, lang, target)
                        self.writes += 1
                    break
                except OSError as exc:
                    if self._failed is not None and target is not None:
                        self._failed(target, exc)
                    break
                except RuntimeError:  # changed during iteration: read it again
                    continue
