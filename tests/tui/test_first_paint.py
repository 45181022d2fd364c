"""Opening fast: the first frame shows the step; its tools are mounted right after it."""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from textual.pilot import Pilot

from coach.data.book import Book
from coach.data.store import Store
from coach.tui.screens.main_screen import MainScreen
from coach.tui.styles import FORMS, add_form_styles
from coach.tui.widgets.checklist import Checklist
from coach.tui.widgets.step_tools import StepTools
from coach.tui.widgets.step_view import StepView
from tui.conftest import MakeApp, Shown, go_to, settled, start, wait_for
from tui.today_helpers import seed


async def test_the_first_frame_shows_the_step_and_its_tools_follow(
    make_app: MakeApp, shown: Shown
) -> None:
    app = make_app()
    app.progress.welcome_seen = True
    app.progress.current_step = "strategy"
    first: dict[str, object] = {}

    async with app.run_test(size=(100, 30)) as pilot:
        # The main screen is the app's own first screen (nothing is pushed over it later).
        assert isinstance(app.screen, MainScreen) and len(app.screen_stack) == 1
        first["text"] = shown(app)
        first["fields"] = len(app.screen.query(".field"))
        await wait_for(pilot, lambda: settled(app), what="the step's tools")
        later = shown(app)
        view = app.screen.query_one(StepView)
        assert view.step_id == "strategy"
        assert view.query(".step-tools .field"), "the step's tools are mounted"
        assert isinstance(app.focused, Checklist)  # mounting the tools does not take the focus
    text = str(first["text"])
    assert "Your plan on paper" in text and "Step 5 of 7" in text  # title and place
    assert "I've reread my goal from step 1" in text  # the checklist
    assert "Why" in text and "### Why" not in text  # the explanation, already formatted
    assert first["fields"] == 0  # the tools came after the first frame...
    # The step's text column, without the scrollbar at the right edge (its thumb shrinks,
    # as it should, when the tools below the text are mounted).
    step_column = [line[36:96] for line in text.splitlines()[:8]]
    assert [line[36:96] for line in later.splitlines()[:8]] == step_column  # ...nothing moved
    # The roadmap's frame is in the first frame (so the step never moves); its list follows.
    assert "╭─ Your steps" in text and "1. Why a network helps" not in text
    assert "1. Why a network helps" in later and "▸ 5. Your plan on paper" in later


async def steady_screen(pilot: Pilot[Any], shown: Shown) -> str:
    """The screen once its key bar is drawn and two looks in a row see the same."""
    last: list[str] = [""]

    def unchanged() -> bool:
        now = shown(pilot.app)
        same, last[0] = now == last[0], now
        return same and bool(now.splitlines()[-1].strip())

    await wait_for(pilot, unchanged, what="the screen to stop changing")
    return last[0]


@pytest.mark.long
async def test_the_ui_shows_the_same_from_the_compiled_course(
    make_app: MakeApp, shown: Shown
) -> None:
    """The second start reads the snapshot (no YAML, no pydantic): same screens."""
    from coach.content import content_types

    screens = []
    for _ in range(2):
        app = make_app()
        app.progress.welcome_seen = True
        app.progress.set_answer("networks/picked", ["linkedin", "xing"])
        seen = []
        async with app.run_test(size=(120, 40)) as pilot:
            for step in app.course.steps:
                await go_to(pilot, step.id)
                seen.append(await steady_screen(pilot, shown))
        screens.append((app.course.steps, seen))
    (first, cold), (second, warm) = screens
    assert first is not second and first == second  # loaded, then rebuilt: the same course
    assert type(second[0]) is content_types.Step
    for n, (a, b) in enumerate(zip(cold, warm, strict=True), 1):
        diff = difflib.unified_diff(a.splitlines(), b.splitlines(), "cold", "warm", lineterm="")
        assert a == b, f"step {n} differs:\n" + "\n".join(diff)
    assert any("LinkedIn · " in s for s in warm)  # per-choice checklist from the catalog


async def test_garbage_collection_is_back_on_after_the_first_frame(make_app: MakeApp) -> None:
    """coach.cli.main pauses the collector while starting; the app resumes it once it shows,
    after collecting the garbage of starting (frozen with the rest, it stayed all run)."""
    import gc
    import weakref

    class Garbage:
        again: Garbage | None = None

    app = make_app()
    app.progress.welcome_seen = True
    gc.disable()
    try:
        cycle = Garbage()
        cycle.again = cycle
        gone = weakref.ref(cycle)
        del cycle  # a cycle made while starting: only the collector frees it
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: settled(app), what="the first frame and after")
            assert gc.isenabled()
            assert gone() is None
    finally:
        gc.enable()
        gc.unfreeze()


async def test_keys_pressed_while_the_step_is_built_are_not_undone(make_app: MakeApp) -> None:
    """A tab or an r right at the start counts: nothing takes the focus back afterwards."""
    from coach.tui.widgets.roadmap import Roadmap

    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")  # from the checklist to the step's text
        await wait_for(pilot, lambda: settled(app), what="the step built")
        assert app.focused is not None and not isinstance(app.focused, Checklist)
        assert app.focused.id == "step-body"

    again = make_app()
    again.progress.welcome_seen = True
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")  # the roadmap's list may not be built yet: it is, at once
        await wait_for(pilot, lambda: settled(again), what="the step built")
        assert isinstance(again.focused, Roadmap)


FIRST_FRAME = r"""
import json, sys
from coach import i18n
from coach.application.session import Session
from coach.cli.main import main
from coach.tui.app import CoachApp

# The bare ``coach`` up to where it needs a terminal (the test has none), then the app.
seen = {"cli": main([])}
session = Session.from_options(sys.argv[1], None, "en")
i18n.set_language(session.resolve_language())
app = CoachApp(session, progress=session.progress)
started = app.first_frame_shown


def at_first_frame():
    seen["modules"] = sorted(sys.modules)
    seen["screen"] = type(app.screen).__name__
    started()
    app.exit()


app.first_frame_shown = at_first_frame
app.run(headless=True, size=(100, 30))
print(json.dumps(seen))
"""

# Not needed to decide between Today and the step, nor to draw the step: each comes when
# the screen or dialog that uses it opens (the log dialog's TextArea alone is ~10 ms), the
# bare ``coach`` has no arguments to parse, and a short contact log is read as a list.
NOT_BEFORE_THE_STEP = {
    "argparse",
    "coach.data.log_split",
    "coach.tui.screens.today_screen",
    "coach.tui.dialogs.log_dialog",
    "coach.tui.dialogs.common",
    "coach.tui.screens.people_screen",
    "textual.widgets._text_area",
}


def _first_frame(data_dir: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(data_dir)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COACH_HOME": str(data_dir)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_deciding_between_today_and_the_step_loads_no_screen_it_does_not_show(
    data_dir: Path,
) -> None:
    """A user a few weeks in with nothing due: the first frame is the step, reached without
    Today's screen or any dialog module; with a follow-up due, Today still comes first."""
    seed(data_dir)  # Ada overdue, Ben due today
    progress = Book(data_dir).load()
    due = progress.answers["strategy/people"]
    for person in due:
        person.pop("follow_up", None)  # nothing due now...
    Store(data_dir).save(progress)
    calm = _first_frame(data_dir)
    assert calm["cli"] == 1  # "needs a terminal": the bare coach went the UI's way
    assert calm["screen"] == "MainScreen"
    assert NOT_BEFORE_THE_STEP.isdisjoint(calm["modules"]), NOT_BEFORE_THE_STEP & set(
        calm["modules"]
    )

    seed(data_dir)  # ...and with follow-ups due the same start opens on Today
    assert _first_frame(data_dir)["screen"] == "TodayScreen"


@pytest.mark.parametrize("first", ["welcome", "step", "today"])
async def test_no_first_screen_needs_the_forms_styles(
    make_app: MakeApp, data_dir: Path, first: str
) -> None:
    """The forms' rules are added when a screen is pushed or a step's tools are built: a
    first screen (the welcome, a step, Today) must look the same without them, or its
    widgets would be drawn without a rule they need."""
    if first == "today":
        seed(data_dir)
    app = make_app()
    if first == "step":
        app.progress.welcome_seen = True
        app.progress.current_step = "strategy"  # text, a checklist, fields and templates
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        expected = {"welcome": "WelcomeScreen", "step": "MainScreen", "today": "TodayScreen"}
        assert type(app.screen).__name__ == expected[first]
        first_nodes = [  # (a step's tools come after the first frame, with the rules)
            node
            for node in app.screen.walk_children(with_self=True)
            if not any(isinstance(a, StepTools) for a in node.ancestors_with_self)
        ]
        before = [node.styles.css for node in first_nodes]
        add_form_styles(app)
        app.stylesheet.update(app.screen)  # styled again, with the forms' rules
        assert [node.styles.css for node in first_nodes] == before
        assert app.stylesheet.has_source(str(FORMS))


def test_the_writer_may_take_over_at_once_until_the_first_frame_is_shown(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    """Opening from the shell, Python hands the interpreter to another thread sooner than
    its default: right after the first frame is made the app goes on working, and Textual's
    writer thread, which puts the frame on the terminal, waited behind that work. Once the
    first frame is shown, the default is back."""
    from coach.application.session import Session
    from coach.tui import launch
    from coach.tui.app import CoachApp

    seen: dict[str, float] = {}

    def run(app: CoachApp) -> int:
        seen["starting"] = sys.getswitchinterval()
        app.first_frame_shown()
        seen["after"] = sys.getswitchinterval()
        return 0

    monkeypatch.setattr(CoachApp, "run", run)
    before = sys.getswitchinterval()
    assert launch.run(Session.from_options(str(data_dir), None, "en")) == 0
    assert seen == {"starting": launch.HANDOVER, "after": before}
    assert before > launch.HANDOVER
