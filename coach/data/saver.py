"""Saving off the UI thread, without ever losing or reordering a save.

The UI serialises the progress on its own thread (so nothing mutates it mid-dump) and
hands the bytes here; one writer thread writes the newest bytes atomically. Saves that
arrive while a write is running are coalesced into one. ``flush()`` waits until
everything handed over is on disk: the app calls it after a tick (so what is shown is
saved, in order behind any typing still being written) and before it exits. A save handed
over after ``close()`` is written at once on the caller's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from coach.data.store import SaveFailed, Store


class BackgroundSaver:
    def __init__(
        self,
        store: Store,
        on_error: Callable[[SaveFailed], None],
    ) -> None:
        self.store = store
        self.on_error = on_error
        self._pending: bytes | None = None
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self.last_error: SaveFailed | None = None  # the newest save failed (None: all on disk)
        self._thread = threading.Thread(target=self._run, name="coach-saver", daemon=True)
        self._thread.start()

    def submit(self, data: bytes) -> None:
        with self._cond:
            if not self._closed:
                self._pending = data
                self._cond.notify_all()
                return
            # Closed: the writer is leaving (after any write it began: wait, to keep the
            # order), so this save is written here; a save is never dropped.
            self._cond.wait_for(lambda: self._pending is None and not self._busy, 10.0)
        self._write(data)

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until every submitted save is written (or failed); True if idle."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._closed)
                if self._pending is None:
                    return
                data, self._pending = self._pending, None
                self._busy = True
            try:
                self._write(data)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _write(self, data: bytes) -> None:
        try:
            self.store.save_bytes(data)
        except Exception as exc:  # the writer must outlive any failure: report, go on
            failure = (
                exc
                if isinstance(exc, SaveFailed)
                else SaveFailed(self.store.path, OSError(0, type(exc).__name__))
            )
            self.last_error = failure
            self.on_error(failure)
        else:
            self.last_error = None
