"""In-process figures with the large state: saving, and the people screen with 2,000 people;
with the realistic state: moving the focus through a step.

Run by ``benchmarks/run.py`` in its own process
(``python -m benchmarks.inproc LARGE_HOME CONTENT REALISTIC_HOME``); prints one JSON object
of lists of milliseconds.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from coach import i18n
from coach.application.session import Session
from coach.data.store import Store, dump

SAVE_RUNS = 15
PRESSES = 40
TABS = 40
TYPED = 60  # three seconds of typing: at least three saves while it goes on
OPEN_RUNS = 5


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def save_figures(home: Path) -> dict[str, list[float]]:
    """A whole snapshot written (Store.save: what a compaction writes, on quitting the UI or
    once a journal grew; never on a keypress, which appends one line), after one tick, on a
    copy of the large state (so backups pile up there)."""
    work = Path(tempfile.mkdtemp(prefix="coach-bench-save-"))
    try:
        shutil.copy(home / "progress.json", work / "progress.json")
        store = Store(work)
        progress = store.load()
        dumps, saves = [], []
        for i in range(SAVE_RUNS + 2):
            progress.set_tick(f"bench/item-{i}", True)
            start = time.perf_counter()
            dump(progress)
            dumped = _ms(start)
            start = time.perf_counter()
            store.save(progress)
            saved = _ms(start)
            if i >= 2:  # warm-up
                dumps.append(dumped)
                saves.append(saved)
        return {"dump": dumps, "save": saves}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def log_figures(home: Path, content: Path) -> dict[str, list[float]]:
    """Logging one contact with someone (the session's verb, which saves at once), on a copy
    of the large state with its 20,000 logged contacts."""
    import datetime as dt

    from coach.domain import people

    work = Path(tempfile.mkdtemp(prefix="coach-bench-log-"))
    try:
        shutil.copy(home / "progress.json", work / "progress.json")
        session = Session.from_options(str(work), str(content), "en")
        course = session.course_to_read
        everyone = people.people(course, session.progress)
        times = []
        for i in range(SAVE_RUNS + 2):
            start = time.perf_counter()
            session.log_contact(everyone[i], on=dt.date(2026, 6, 1), kind="message", note="bench")
            if i >= 2:
                times.append(_ms(start))
        return {"log": times}
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def _press_down(app, pilot, table, n: int) -> tuple[list[float], list[float], list[float]]:
    """``n`` presses of down, timed three ways (after 3 warm-up presses each).

    * pilot: ``await pilot.press("down"); await pilot.pause()`` wall time. Textual's Pilot
      sleeps at least 20 ms in each of its three idle waits, so this is never under ~60 ms.
    * direct: the key event posted to the app as the driver does, handled until the cursor
      has moved, then the screen's compositor refresh (what the timer paints next frame).
    * cpu: process CPU time of the pilot variant (work done, not waiting).
    """
    from textual import events

    wall, direct, cpu = [], [], []
    for i in range(n + 3):
        start, start_cpu = time.perf_counter(), time.process_time()
        await pilot.press("down")
        await pilot.pause()
        if i >= 3:
            wall.append(_ms(start))
            cpu.append((time.process_time() - start_cpu) * 1000)
    for i in range(n + 3):
        start = time.perf_counter()
        key = events.Key("down", None)
        key.set_sender(app)
        expected = table.cursor_row + 1
        await app._post_message(key)  # what the driver does, without a thread hop
        # The key hops app -> screen -> table: wait until the table has moved.
        for _ in range(1000):
            if table.cursor_row == expected:
                break
            await pilot._wait_for_screen()
        app.screen._on_timer_update()
        if i >= 3:
            direct.append(_ms(start))
    return wall, direct, cpu


async def baseline_press() -> dict[str, list[float]]:
    """The same presses in a minimal app: one DataTable of 200 rows."""
    from textual.app import App
    from textual.widgets import DataTable

    class Small(App):
        def compose(self):
            yield DataTable(cursor_type="row")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("a", "b", "c", "d")
            for i in range(200):
                table.add_row(f"row {i}", "x", "y", "z")
            table.focus()

    app = Small()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        wall, direct, cpu = await _press_down(app, pilot, app.query_one(DataTable), PRESSES // 4)
    return {"base_press": wall, "base_press_direct": direct, "base_press_cpu": cpu}


async def _people_screen(app, pilot) -> tuple[float, object]:
    """Open the people screen (P) with the large state: ms until its list holds everyone
    and the frame is composed; returns the list too."""
    from coach.tui.screens.people_screen import PeopleScreen, PeopleTable

    start = time.perf_counter()
    app.action_people()
    for _ in range(1000):
        screen = app.screen
        if isinstance(screen, PeopleScreen) and screen.is_mounted:
            table = screen.query(PeopleTable)
            if table and table.first().row_count:
                break
        await pilot._wait_for_screen()
    app.screen._on_timer_update()
    return _ms(start), app.screen.query_one(PeopleTable)


async def _filter_keys(app, pilot, table, text: str) -> list[float]:
    """One typed character each into the people filter: ms until the list is narrowed
    and the frame composed (the filter runs over all 2,000 people per key)."""
    from textual import events
    from textual.widgets import Input

    box = app.screen.query_one("#people-filter", Input)
    box.focus()
    await pilot.pause()
    times = []
    for char in text:
        before = table.rows
        start = time.perf_counter()
        key = events.Key(char, char)
        key.set_sender(app)
        await app._post_message(key)
        for _ in range(1000):
            if table.rows is not before:
                break
            await pilot._wait_for_screen()
        app.screen._on_timer_update()
        times.append(_ms(start))
    return times


async def ui_figures(home: Path, content: Path) -> dict[str, list[float]]:
    """Opening the people screen, typing into its filter and keypress-to-repaint in its
    list of 2,000, and the UI thread's share of a save."""
    from coach.tui.app import CoachApp

    work = Path(tempfile.mkdtemp(prefix="coach-bench-ui-"))
    try:
        shutil.copy(home / "progress.json", work / "progress.json")
        session = Session.from_options(str(work), str(content), "en")
        i18n.set_language(session.resolve_language())
        app = CoachApp(session, progress=session.progress)
        ui_saves: list[float] = []
        opens: list[float] = []
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for i in range(OPEN_RUNS + 1):
                took, table = await _people_screen(app, pilot)
                if i:
                    opens.append(took)
                if i < OPEN_RUNS:
                    app.screen.dismiss(None)
                    await pilot.pause()
            assert table.row_count >= 2000, table.row_count
            filters = await _filter_keys(app, pilot, table, "e12")
            await pilot.press("escape")  # clears the filter, back to the list
            table.focus()
            table.move_cursor(row=0)
            await pilot.pause()
            presses, direct, cpu = await _press_down(app, pilot, table, PRESSES)
            assert table.cursor_row == 2 * (PRESSES + 3), table.cursor_row
            for i in range(SAVE_RUNS + 2):
                app.progress.set_tick(f"bench/ui-{i}", True)
                start = time.perf_counter()
                app.save()
                if i >= 2:
                    ui_saves.append(_ms(start))
                app.saver.flush()
            keys, saves = await _typing(app)
            changes = _one_change(app)
            app.flush_saves()
        return {
            **changes,
            "press": presses,
            "press_direct": direct,
            "press_cpu": cpu,
            "ui_save": ui_saves,
            "typing_key": keys,
            "typing_save_worst": [max(keys) + max(saves)],
            "typing_saves": [len(saves)],
            "people_open": opens,
            "people_filter": filters,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def _tab_round(app, pilot) -> list[float]:
    """CPU per Tab (3 warm-up presses first): the focus move with everything it sets off
    (restyling, the footer's keys, the repaint). CPU, because Pilot sleeps while it waits."""
    cpu = []
    for i in range(TABS + 3):
        start = time.process_time()
        await pilot.press("tab")
        await pilot.pause()
        if i >= 3:
            cpu.append((time.process_time() - start) * 1000)
    return cpu


async def tab_figures(home: Path) -> dict[str, list[float]]:
    """Tab after Tab through step 5 of the realistic state at 80x24 (its text, its fields
    and buttons), and through a minimal app's six buttons with a footer."""
    from textual.app import App
    from textual.binding import Binding
    from textual.widgets import Button, Footer

    from coach.tui.app import CoachApp

    class Small(App[None]):
        BINDINGS = [Binding("n", "bell", "Next"), Binding("p", "bell", "Previous")]  # noqa: RUF012

        def compose(self):
            for i in range(6):
                yield Button(f"button {i}")
            yield Footer()

    small = Small()
    async with small.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        base = await _tab_round(small, pilot)
    work = Path(tempfile.mkdtemp(prefix="coach-bench-tab-"))
    try:
        shutil.copy(home / "progress.json", work / "progress.json")
        session = Session.from_options(str(work), None, "en")
        i18n.set_language(session.resolve_language())
        app = CoachApp(session, progress=session.progress)
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(10):  # the roadmap and the step's tools come after the first frame
                await pilot.pause()
            ours = await _tab_round(app, pilot)
        return {"tab_cpu": ours, "base_tab_cpu": base}
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def _typing(app) -> tuple[list[float], list[float]]:
    """The UI thread's save work while a fast typist types (one key every 50 ms, so the
    quiet spell never comes): per keystroke (mostly a timer), and each save handed to the
    writer while typing goes on (a dump of the whole large state, at least every
    ``SAVE_MAX_WAIT``; it runs on the UI thread between two keys)."""
    keys: list[float] = []
    saves: list[float] = []
    save_now = app._save_now

    def timed_save_now() -> None:
        start = time.perf_counter()
        save_now()
        saves.append(_ms(start))

    app._save_now = timed_save_now
    try:
        for i in range(TYPED + 2):
            app.progress.set_answer("bench/typing", "x" * (i + 1))
            start = time.perf_counter()
            app.save(soon=True)
            if i >= 2:
                keys.append(_ms(start))
            await asyncio.sleep(0.05)
    finally:
        app._save_now = save_now
    assert saves, "no save while typing went on"
    return keys, saves


def _one_change(app) -> dict[str, list[float]]:
    """Saving one change on the UI thread (issue 21): the session's verb (an operation made,
    applied and handed to the writer thread) plus the app's wait for its line on disk, as a
    key's handler runs it: a tick, an answer, a logged contact. And of it the disk alone:
    one line appended and fsynced in the same folder (the floor every change pays)."""
    import datetime as dt

    from coach.data import journal
    from coach.domain import people

    session = app.session
    everyone = people.people(session.course_to_read, session.progress)
    ticks, answers, logs, appends = [], [], [], []
    probe = session.data_dir / "journal" / "bench-probe.jsonl"
    for i in range(SAVE_RUNS + 2):
        start = time.perf_counter()
        session.tick(f"bench/one-{i}", True)
        tick = _ms(start)
        start = time.perf_counter()
        session.answer("why/goal", f"Find a job in sustainable design ({i}).")
        answer = _ms(start)
        start = time.perf_counter()
        session.log_contact(everyone[i], on=dt.date(2026, 6, 1), kind="message", note="bench")
        log = _ms(start)
        start = time.perf_counter()
        journal.append(probe, b'{"bench": 1}\n')
        append = _ms(start)
        if i >= 2:
            ticks.append(tick)
            answers.append(answer)
            logs.append(log)
            appends.append(append)
    probe.unlink()
    return {"change_tick": ticks, "change_answer": answers, "change_log": logs, "append": appends}


FOLD_RUNS, FOLD_OPS = 3, 20_000


def fold_figures(home: Path) -> dict[str, list[float]]:
    """Folding in another device's 20,000 operations (contacts logged with the person's
    follow-up, follow-ups moved, next steps) found in the sync folder, on the large state:
    the book's fold after a plain load, each run on a fresh load."""
    from benchmarks import gen
    from coach.data.book import Book

    work = Path(tempfile.mkdtemp(prefix="coach-bench-fold-"))
    try:
        shutil.copy(home / "progress.json", work / "progress.json")
        sync = work / "sync"
        sync.mkdir()
        start_ms = int(time.time() * 1000) - 86_400_000  # made yesterday, after the snapshot
        ops = gen.other_device_ops(2000, FOLD_OPS, start_ms=start_ms)
        (sync / f"{gen.OTHER_DEVICE}.jsonl").write_bytes(ops)
        folds = []
        for _ in range(FOLD_RUNS):
            book = Book(work)
            progress = book.load()
            before = len(progress.contacts)
            book.device.sync = sync
            start = time.perf_counter()
            book.fold()
            folds.append(_ms(start))
            assert len(progress.contacts) == before + FOLD_OPS * 4 // 5, len(progress.contacts)
        return {"fold": folds, "fold_bytes": [float(len(ops))]}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    home, content, realistic = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    # The Tab round first, in a fresh process: after the large state's figures the
    # collector has far more objects to walk than a user's coach ever has.
    figures = asyncio.run(tab_figures(realistic))
    figures.update(save_figures(home))
    figures.update(log_figures(home, content))
    figures.update(asyncio.run(baseline_press()))
    figures.update(asyncio.run(ui_figures(home, content)))
    figures.update(fold_figures(home))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
