"""The background saver: nothing handed to it is ever dropped, even after it closed."""

from __future__ import annotations

from pathlib import Path

from coach.data.progress import Progress
from coach.data.saver import BackgroundSaver
from coach.data.store import SaveFailed, Store
from coach.data.store_codec import dump


def test_a_save_handed_over_after_close_is_written_at_once(tmp_path: Path) -> None:
    failures: list[SaveFailed] = []
    store = Store(tmp_path)
    saver = BackgroundSaver(store, failures.append)
    first = Progress()
    first.set_tick("why/read", True)
    saver.submit(dump(first))
    saver.close()
    assert store.load().ticks == first.ticks
    later = Progress()
    later.set_tick("why/read", True)
    later.set_tick("why/reason", True)
    saver.submit(dump(later))  # e.g. a tick after something closed the saver early
    assert store.load().ticks == later.ticks, "the save after close was dropped"
    assert saver.flush(timeout=0.1), "nothing left waiting: quitting does not hang"
    assert not failures
