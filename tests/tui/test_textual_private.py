"""Loud failures for every private Textual name coach.tui.textual_private relies on.

If one of these fails after a Textual upgrade, the private API moved: fix
coach/tui/textual_private.py (the only module that uses it) before anything else.
"""

from __future__ import annotations

import inspect
from dataclasses import replace

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Label

from coach.tui import textual_private as private
from tui.conftest import wait_for

BINDING_BUG = "Textual changed its private bindings (_merged_bindings/_bindings)"
CRASH_BUG = "Textual changed its private crash path (_fatal_error/_exception/...)"
PALETTE_BUG = "Textual changed its command palette's private 'no matches' countdown"


class Small(App[None]):
    BINDINGS = [Binding("x", "bell", "before")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        yield Label("hello there")


async def test_a_nodes_own_bindings_reach_what_the_footer_reads() -> None:
    app = Small()
    async with app.run_test(size=(40, 5)) as pilot:
        merged = private.class_bindings(app)
        assert merged is not None, BINDING_BUG
        fresh = merged.copy()
        fresh.key_to_bindings["x"] = [
            replace(b, description="after") for b in merged.get_bindings_for_key("x")
        ]
        private.set_bindings(app, fresh)
        app.refresh_bindings()
        await wait_for(
            pilot,
            lambda: any(b.binding.description == "after" for b in app.active_bindings.values()),
        )
        shown = [b.binding.description for b in app.active_bindings.values()]
        assert "after" in shown and "before" not in shown, BINDING_BUG
        assert private.class_bindings(app) is merged, "the class's bindings stay untouched"


class Crashing(private.QuietApp[None]):
    def compose(self) -> ComposeResult:
        yield Label("about to fail")

    def action_fail(self) -> None:
        raise RuntimeError("private words")


async def test_an_unexpected_error_is_kept_and_no_traceback_is_printed() -> None:
    for name in ("_fatal_error", "_close_messages_no_wait", "_handle_exception"):
        assert callable(getattr(App, name, None)), f"{CRASH_BUG}: {name}"
    assert "self._fatal_error()" in inspect.getsource(App._handle_exception), CRASH_BUG
    app = Crashing()
    with pytest.raises(RuntimeError):  # run_test re-raises it for the test
        async with app.run_test(size=(40, 5)) as pilot:
            app.call_later(app.run_action, "fail")
            await pilot.pause()
    assert isinstance(app.crash, RuntimeError), CRASH_BUG
    assert private.printed_at_exit(app) == [], CRASH_BUG


class Palette(private.LocalPalette):
    def no_matches_text(self) -> str:
        return "nichts gefunden"


class WithPalette(Small):
    def action_command_palette(self) -> None:
        self.push_screen(Palette())


async def test_the_palettes_no_matches_sentence_is_ours() -> None:
    countdown = inspect.signature(CommandPalette._start_no_matches_countdown)
    assert list(countdown.parameters) == ["self", "search_value"], PALETTE_BUG
    for name in ("_stop_no_matches_countdown", "_NO_MATCHES", "_NO_MATCHES_COUNTDOWN"):
        assert hasattr(CommandPalette, name), f"{PALETTE_BUG}: {name}"
    app = WithPalette()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, Palette), "the palette opens")
        await pilot.press(*"zqxzqx")

        def text() -> str:
            return "\n".join(private.screen_lines(app))

        await wait_for(pilot, lambda: "nichts gefunden" in text(), "our sentence is shown")
        assert "No matches found" not in text(), PALETTE_BUG


async def test_the_screen_and_notifications_can_be_read() -> None:
    app = Small()
    async with app.run_test(size=(40, 5)) as pilot:
        assert any("hello there" in line for line in private.screen_lines(app))
        assert private.notification_texts(app) == []
        app.notify("saved it", markup=False)
        await wait_for(pilot, lambda: private.notification_texts(app) == ["saved it"], "the note")
        assert private.notification_texts(app) == ["saved it"]


async def test_notifications_saying_one_thing_can_be_taken_off() -> None:
    app = Small()
    async with app.run_test(size=(40, 5)) as pilot:
        for text in ("keep me", "drop me", "drop me"):
            app.notify(text, markup=False)
        await wait_for(pilot, lambda: len(private.notification_texts(app)) == 3, "three")
        private.drop_notifications(app, "drop me")
        assert private.notification_texts(app) == ["keep me"]


def test_the_quicker_pilot_of_the_tests_still_reaches_textual() -> None:
    """tests/conftest.py shortens Pilot's idle windows and the repaint period; if Textual
    renames these, the suite would silently be slow again (or the patch would miss)."""
    from textual import _wait, screen
    from textual.screen import Screen

    idle = inspect.getsource(_wait.wait_for_idle)
    assert "SLEEP_GRANULARITY" in idle and "SLEEP_IDLE" in idle, "Pilot's idle wait moved"
    assert isinstance(_wait.SLEEP_GRANULARITY, float) and isinstance(_wait.SLEEP_IDLE, float)
    timer = inspect.getsource(Screen._update_timer.fget)  # type: ignore[attr-defined]
    assert "UPDATE_PERIOD" in timer and isinstance(screen.UPDATE_PERIOD, float), "repaint moved"
    # A window spans more than two repaints: a pending repaint is never taken for idleness.
    assert _wait.SLEEP_GRANULARITY > 2 * screen.UPDATE_PERIOD or _wait.SLEEP_GRANULARITY >= 1 / 50


def test_the_css_parsed_once_per_worker_still_reaches_textual() -> None:
    """tests/conftest.py hands every app the rules parsed for the same CSS before; it
    replaces the ``parse`` a stylesheet calls. If Textual stops calling it by that name the
    patch would silently miss (the suite slower, nothing else)."""
    import os

    from textual.css import stylesheet

    assert "parse(" in inspect.getsource(stylesheet.Stylesheet._parse_rules), "parse moved"
    if not os.environ.get("COACH_TEST_FULL_CSS"):
        parse = getattr(stylesheet, "parse", None)
        assert getattr(parse, "__name__", "") == "parse_once", "the tests' CSS cache is missing"


def test_frames_nobody_sees_are_skipped_where_textual_renders_them() -> None:
    """tests/conftest.py skips rendering the frames a headless app would throw away; it
    replaces ``Compositor.render_update``, which a screen's refresh and the export call by
    that name. If either stops, the patch would miss (or an export would come out empty)."""
    import os

    from textual._compositor import Compositor
    from textual.app import App
    from textual.screen import Screen

    assert "render_update(" in inspect.getsource(Screen._compositor_refresh), "refresh moved"
    refresh = inspect.getsource(Screen._compositor_refresh)
    assert "full=" not in refresh.split("render_update(")[1].split(")")[0], "refresh is full"
    assert "full=True" in inspect.getsource(App.export_screenshot), "export moved"
    if not os.environ.get("COACH_TEST_ALL_FRAMES"):
        assert Compositor.render_update.__name__ == "render_update"
        assert Compositor.render_update.__module__ == "conftest", "the frame skip is missing"


@pytest.mark.parametrize(
    ("variant", "flat", "compact"),
    [("default", False, False), ("primary", False, True), ("error", True, False)],
)
async def test_our_button_is_textuals_with_its_classes_given_at_once(
    variant: str, flat: bool, compact: bool
) -> None:
    """coach.tui.dialogs.button.Button gives the classes Textual's Button adds as its
    variant, look and size are set (not a private name: what its watchers do). If Textual's
    watchers add other classes, the two differ here, and the buttons would look different."""
    from textual import widgets

    from coach.tui.dialogs.button import Button

    async with Small().run_test():
        kinds = {"variant": variant, "flat": flat, "compact": compact}
        theirs = widgets.Button("Go", classes="mine", **kinds)  # type: ignore[arg-type]
        ours = Button("Go", classes="mine", **kinds)  # type: ignore[arg-type]
        assert set(ours.classes) == set(theirs.classes)
        assert (ours.variant, ours.flat, ours.compact) == (variant, flat, compact)
