"""Opening fast: the first frame shows the step; its tools are mounted right after it."""

from __future__ import annotations

import difflib

from coach.tui.main_screen import MainScreen
from coach.tui.step_view import Checklist, StepView
from tests.tui.conftest import go_to, settled, wait_for


async def test_the_first_frame_shows_the_step_and_its_tools_follow(make_app, shown):
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


async def steady_screen(pilot, shown) -> str:
    """The screen once its key bar is drawn and two looks in a row see the same."""
    last: list[str] = [""]

    def unchanged() -> bool:
        now = shown(pilot.app)
        same, last[0] = now == last[0], now
        return same and bool(now.splitlines()[-1].strip())

    await wait_for(pilot, unchanged, what="the screen to stop changing")
    return last[0]


async def test_the_ui_shows_the_same_from_the_compiled_course(make_app, shown):
    """The second start reads the snapshot (no YAML, no pydantic): same screens."""
    from coach import content_types

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


async def test_garbage_collection_is_back_on_after_the_first_frame(make_app) -> None:
    """coach.cli pauses the collector while starting; the app resumes it once it shows."""
    import gc

    app = make_app()
    app.progress.welcome_seen = True
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: settled(app), what="the first frame and after")
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


async def test_keys_pressed_while_the_step_is_built_are_not_undone(make_app) -> None:
    """A tab or an r right at the start counts: nothing takes the focus back afterwards."""
    from coach.tui.roadmap import Roadmap

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
