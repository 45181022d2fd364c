"""Keys that arrive in one burst with ``q``, and typing saved while it goes on (issue 16)."""

from __future__ import annotations

import pytest
from textual import events

from coach.progress import Progress
from coach.store import Store


@pytest.mark.parametrize("after", ["s", "n", "p", "question_mark", "r"])
async def test_keys_after_q_are_ignored_and_the_app_quits_cleanly(make_app, data_dir, after):
    Store(data_dir).save(Progress(welcome_seen=True))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # One burst, as a terminal delivers it: all queued before the first is handled.
        for key in ("q", after, "s", "enter"):
            app.post_message(events.Key(key, None))
        await pilot.pause()
    assert app.crash is None and app.return_value == 0
    assert not list(data_dir.glob("crash-*"))


async def test_typing_that_goes_on_is_on_disk_before_it_stops(make_app, data_dir, monkeypatch):
    """The debounce alone would wait for a pause that never comes: typing without one must
    still reach the disk (a kill -9 or a power cut then loses at most the last second)."""
    from textual.widgets import Input

    # The quiet spell made endless: whatever the machine's speed, only the save that comes
    # while typing goes on can write the name.
    monkeypatch.setattr("coach.tui.app.SAVE_DELAY", 3600.0)
    Store(data_dir).save(Progress(welcome_seen=True))
    app = make_app()
    typed = ""
    async with app.run_test(size=(100, 30)) as pilot:
        app.go_to_step("why")
        await pilot.pause()
        name = next(w for w in app.screen.query(Input) if w.id == "value")
        name.focus()
        await pilot.pause()
        for n in range(200):
            char = "abcdefghij"[n % 10]
            await pilot.press(char)
            typed += char
            await pilot.pause(0.05)  # a fast typist
            on_disk = Store(data_dir).load().answer("why/name") or ""
            if on_disk:
                break
        assert on_disk and typed.startswith(on_disk), "nothing typed reached the disk"
        assert app.screen.query_one("#value", Input).value == typed  # still typing
        await pilot.press("q")
    assert Store(data_dir).load().answer("why/name") == typed
