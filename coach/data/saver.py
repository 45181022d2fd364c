"""Appending off the UI thread, without ever losing or reordering a change.

The session makes each change an operation and hands its journal lines here; one writer
thread appends them in order (each fsynced). ``flush()`` waits until everything handed over
is on disk: the app calls it after a tick (so what is shown is saved) and before it exits.
Lines handed over after ``close()`` are written at once on the caller's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from coach.data import journal
from coach.data.store import SaveFailed

Batch = list[tuple[Path, bytes]]


class BackgroundSaver:
    def __init__(self, on_error: Callable[[SaveFailed], None]) -> None:
        self.on_error = on_error
        self._queue: list[Batch] = []
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self.failed: list[Batch] = []  # what could not be written (retried at close)
        self.last_error: SaveFailed | None = None
        self._thread = threading.Thread(target=self._run, name="coach-saver", daemon=True)
        self._thread.start()

    def submit(self, batch: Batch) -> None:
        with self._cond:
            if not self._closed:
                self._queue.append(batch)
                self._cond.notify_all()
                return
            self._cond.wait_for(lambda: not self._queue and not self._busy, 10.0)
        self._write(batch)

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until every submitted line is written (or failed); True if idle."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queue and not self._busy, timeout)

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5)
        if self.failed:  # one more try, in order
            failed, self.failed = self.failed, []
            for number, batch in enumerate(failed):
                if not self._write_one(batch):
                    self.failed = failed[number:]
                    return
            self.last_error = None

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._queue) or self._closed)
                if not self._queue:
                    return
                batch = self._queue.pop(0)
                self._busy = True
            try:
                self._write(batch)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _write(self, batch: Batch) -> None:
        """Write what failed before (in order), then ``batch``; what fails again waits."""
        waiting, self.failed = [*self.failed, batch], []
        for number, item in enumerate(waiting):
            if not self._write_one(item):
                self.failed = waiting[number:]
                return
        self.last_error = None

    def _write_one(self, batch: Batch) -> bool:
        for index, (path, line) in enumerate(batch):
            try:
                journal.append(path, line, in_place=index > 0)  # after it: the sync file
            except Exception as exc:  # the writer must outlive any failure: report, go on
                error = exc if isinstance(exc, OSError) else OSError(0, type(exc).__name__)
                failure = SaveFailed(path, error)
                self.on_error(failure)
                if index == 0:  # this device's own journal: kept to retry
                    self.last_error = failure
                    return False
                # A sync folder that failed: said; the next compaction writes the line again
        return True
