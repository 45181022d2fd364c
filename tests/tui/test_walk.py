"""The coach walks: open, tick, move on, quit, come back and find everything."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.i18n import t
from coach.tui.dialogs.common import KEYS, HelpScreen, WelcomeScreen
from coach.tui.screens.main_screen import MainScreen
from coach.tui.textual_private import notification_texts
from coach.tui.widgets.checklist import Checklist
from coach.tui.widgets.roadmap import Roadmap
from coach.tui.widgets.step_view import StepView
from tui.conftest import (
    MakeApp,
    OnDisk,
    Shown,
    footer_line,
    go_to,
    offered,
    on,
    on_step,
    shows,
    start,
    type_text,
    wait_for,
)


async def test_first_run_tick_next_quit_and_resume(
    make_app: MakeApp, data_dir: Path, shown: Shown, on_disk: OnDisk
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert "7 small steps" in shown(app)
        await pilot.press("enter")
        await wait_for(pilot, on_step(app), "step 1")
        assert isinstance(app.screen, MainScreen)
        checklist = app.screen.query_one(Checklist)
        assert app.focused is checklist, "the checklist has focus when a step opens"
        await pilot.press("space")
        await wait_for(pilot, shows(app, "1/5"), "the tick counted")
        first_key = checklist.items[0][0]
        assert first_key in checklist.selected
        assert "1/5" in shown(app)
        await pilot.press("n")
        await wait_for(pilot, on_step(app, "networks"), "step 2")
        assert app.screen.query_one(StepView).step_id == "networks"
        await pilot.press("q")
    saved = on_disk()
    assert saved.is_ticked(first_key)
    assert saved.current_step == "networks"
    assert saved.welcome_seen

    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        assert isinstance(again.screen, MainScreen), "no welcome the second time"
        view = again.screen.query_one(StepView)
        assert view.step_id == "networks", "opens on the step the user was on"
        await pilot.press("p")
        await wait_for(pilot, on_step(again, "why"), "step 1")
        assert first_key in again.screen.query_one(Checklist).selected


async def test_roadmap_shows_progress_and_jumps(
    make_app: MakeApp, shown: Shown, on_disk: OnDisk
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("enter", "space", "down", "space")
        await wait_for(pilot, shows(app, "2/5"), "two ticks counted")
        text = shown(app)
        assert "2/5" in text
        roadmap = app.screen.query_one(Roadmap)
        assert roadmap.display
        await pilot.press("r")
        assert app.focused is roadmap
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, on_step(app, "accounts"), "step 3")
        assert app.screen.query_one(StepView).step_id == "accounts"


async def test_narrow_terminal_hides_roadmap_until_asked(
    make_app: MakeApp, shown: Shown, on_disk: OnDisk
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, on_step(app), "step 1")
        roadmap = app.screen.query_one(Roadmap)
        assert not bool(roadmap.display)  # (bool(): no narrowing, it changes below)
        await pilot.press("r")
        await wait_for(pilot, lambda: roadmap.display and app.focused is roadmap, "the roadmap")
        assert roadmap.display and app.focused is roadmap
        assert "Your steps" in shown(app)
        await pilot.press("down", "enter")
        await wait_for(pilot, on_step(app, "networks"), "step 2")
        assert not bool(roadmap.display)
        assert app.screen.query_one(StepView).step_id == "networks"


@pytest.mark.parametrize(("size", "lang"), [((80, 24), "en"), ((80, 24), "de"), ((120, 40), "en")])
async def test_esc_leaves_the_roadmap_and_f_stays_on_it(
    make_app: MakeApp, shown: Shown, size: tuple[int, int], lang: str
) -> None:
    """On the roadmap (the whole screen when narrow, the focused sidebar when wide) the
    footer offers esc and not f, every key it offers is whole, and esc goes back to the
    checklist; f there does not send the keys to the step's hidden fields."""
    app = make_app(lang)
    app.progress.welcome_seen = True
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        await go_to(pilot, "posting")  # a step with fields and lists
        checklist = app.screen.query_one(Checklist)
        await pilot.press("r")
        roadmap = app.screen.query_one(Roadmap)
        await wait_for(pilot, lambda: app.focused is roadmap, what="the roadmap")
        await wait_for(
            pilot, lambda: f"esc {t('key.to_checklist')}" in footer_line(app), "its keys"
        )
        footer = footer_line(app)
        back, notes = t("key.to_checklist"), t("key.tools")
        assert f"esc {back}" in footer and f"f {notes}" not in footer, footer
        labels = [says for _key, says in offered(app)]
        assert len(labels) == len(set(labels)), f"two keys say the same: {footer!r}"
        for key, says in offered(app):
            assert f"{key} {says}" in footer, f"{key} {says!r} cut off: {footer!r}"
        await pilot.press("f")
        await pilot.pause()  # nothing to wait for: f must do nothing here
        assert app.focused is roadmap, "f on the roadmap does not go into the hidden step"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.focused is checklist, what="esc back to the checklist")
        assert roadmap.display == (size[0] >= 100)


async def test_help_lists_every_key(make_app: MakeApp, shown: Shown, on_disk: OnDisk) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("enter", "question_mark")
        await wait_for(pilot, lambda: on(app, HelpScreen)() and "ctrl+p" in shown(app), "the help")
        assert isinstance(app.screen, HelpScreen)
        text = shown(app)
        for key in ("n / p", "space", "tab", "s", "?", "ctrl+p", "q"):
            assert key in text, key
        assert len(KEYS) >= 10
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_command_palette_goes_to_any_step(
    make_app: MakeApp, shown: Shown, on_disk: OnDisk
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        goto = [c for c in commands if c.title.startswith("Go to step")]
        assert len(goto) == 7, titles
        goto[4].callback()
        await wait_for(pilot, on_step(app, "strategy"), "step 5")
        assert app.screen.query_one(StepView).step_id == "strategy"


async def test_previous_on_first_step_says_so(
    make_app: MakeApp, shown: Shown, on_disk: OnDisk
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "p")
        await wait_for(pilot, lambda: any("first step" in n for n in notification_texts(app)))
        assert app.screen.query_one(StepView).step_id == "why"
        assert any("first step" in n for n in notification_texts(app))


async def test_mouse_click_ticks(
    make_app: MakeApp, data_dir: Path, shown: Shown, on_disk: OnDisk
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, on_step(app), "step 1")
        checklist = app.screen.query_one(Checklist)
        await pilot.click(Checklist, offset=(2, 0))
        await wait_for(pilot, lambda: len(checklist.selected) == 1, "the click ticked")
        assert len(checklist.selected) == 1
        await pilot.press("q")
    assert len(on_disk().ticks) == 1


async def test_keys_before_the_welcome_shows_never_act_on_step_one(
    make_app: MakeApp, on_disk: OnDisk
) -> None:
    """The welcome is a new user's first screen: keys pressed as it opens are its own, so
    step 1 (built once its button is pressed) is neither ticked nor left behind."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "n", "p", "n")  # at once, before or as the welcome shows
        await wait_for(pilot, lambda: on(app, WelcomeScreen)() and bool(app.screen.query("Button")))
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        await wait_for(pilot, on_step(app), "step 1")
        assert isinstance(app.screen, MainScreen)
        view = app.screen.query_one(StepView)
        assert view.step_id == app.course.steps[0].id
        assert not app.screen.query_one(Checklist).selected
        await pilot.press("q")
    assert on_disk().welcome_seen


async def test_a_step_chosen_from_the_palette_over_the_welcome_counts_it_as_seen(
    make_app: MakeApp, on_disk: OnDisk
) -> None:
    """The welcome is a new user's first screen; the palette can still take them to a step
    from it. They have seen it then: the coach does not greet them again next time."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "accounts", shows(app, "Go to step 3"))
        await wait_for(pilot, shows(app, "Go to step 3"), "the step offered")
        await pilot.press("enter")
        await wait_for(pilot, on_step(app, "accounts"), "step 3")
        await pilot.press("q")
    saved = on_disk()
    assert saved.welcome_seen
    assert saved.current_step == "accounts"


async def test_u_takes_a_tick_back_and_shift_u_makes_it_again(
    make_app: MakeApp, shown: Shown, on_disk: OnDisk
) -> None:
    """A stray u took back a change for good (a tick, a logged contact): U makes it again,
    and says so; the help lists it."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("enter")
        await wait_for(pilot, on_step(app), "step 1")
        checklist = app.screen.query_one(Checklist)
        first_key = checklist.items[0][0]
        await pilot.press("space")
        await wait_for(pilot, shows(app, "1/5"), "the tick counted")
        await pilot.press("u")
        await wait_for(pilot, shows(app, "0/5"), "taken back")
        assert "U to redo it" in " ".join(notification_texts(app))
        await pilot.press("U")
        await wait_for(pilot, shows(app, "1/5"), "made again")
        assert first_key in checklist.selected
        assert any(n.startswith("Done again: ticked") for n in notification_texts(app))
        await pilot.press("U")
        await wait_for(pilot, lambda: "Nothing to redo" in " ".join(notification_texts(app)))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: on(app, HelpScreen)() and "U redoes it" in shown(app), "help")
    assert on_disk().is_ticked(first_key)
