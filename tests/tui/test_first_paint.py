"""Opening fast: the first paint shows the step's text plain, then it becomes Markdown."""

from __future__ import annotations

from textual.widgets import Markdown

from coach.tui import step_view
from coach.tui.main_screen import MainScreen
from coach.tui.step_view import Checklist, StepView


async def test_the_body_becomes_markdown_right_after_the_first_paint(make_app, monkeypatch):
    monkeypatch.setattr(step_view, "_MARKDOWN", "not.imported.yet")  # as in a fresh process
    swaps = []
    swap = StepView._markdown_body

    async def counted(self):
        swaps.append(self.query(".plain-body").first().has_class("body"))  # the plain text
        await swap(self)

    monkeypatch.setattr(StepView, "_markdown_body", counted)
    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(100, 30)) as pilot:
        for n, step_id in enumerate(["networks", "strategy"], 2):  # 1: the step it opens on
            app.go_to_step(step_id)
            for _ in range(20):
                await pilot.pause()
                settled = isinstance(app.focused, Checklist)
                if len(swaps) == n and not app.screen.query(".plain-body") and settled:
                    break
            assert isinstance(app.screen, MainScreen)
            assert swaps == [True] * n  # one swap per step shown, each of the plain text
            bodies = app.screen.query(Markdown)
            assert len(bodies) == 1 and bodies.first().has_class("body")
            assert bodies.first().parent.id == "step-body"
            assert isinstance(app.focused, Checklist)  # the swap does not steal the focus


async def test_the_ui_shows_the_same_from_the_compiled_course(make_app, shown):
    """The second start reads the snapshot (no YAML, no pydantic models): same screens."""
    from coach.compiled import Node

    screens = []
    for _ in range(2):
        app = make_app()
        app.progress.welcome_seen = True
        app.progress.set_answer("networks/picked", ["linkedin", "xing"])
        seen = []
        async with app.run_test(size=(120, 40)) as pilot:
            for step in app.course.steps:
                app.go_to_step(step.id)
                await pilot.pause()
                await pilot.pause()
                seen.append(shown(app))
        screens.append((type(app.course.steps[0]), seen))
    (first, cold), (second, warm) = screens
    assert first is not Node and second is Node
    assert warm == cold
    assert any("LinkedIn · " in s for s in warm)  # per-choice checklist from the catalog
