"""The checklist widget on its own: keys, mouse, what a tick looks like, long items."""

from __future__ import annotations

from textual.app import App, ComposeResult

from coach.tui.textual_private import screen_lines
from coach.tui.widgets.checklist import TICK, Checklist
from tui.conftest import wait_for

ITEMS = [(f"step/item-{i}", f"Item number {i}") for i in range(30)]


class Host(App[None]):
    CSS = "Checklist { max-height: 6; }"  # as in the step's panel: less room than items

    def __init__(
        self,
        items: list[tuple[str, str]] = ITEMS,
        ticked: frozenset[str] = frozenset({"step/item-1"}),
    ) -> None:
        super().__init__()
        self.items, self.ticked = items, set(ticked)
        self.toggled: list[tuple[str, bool]] = []

    def compose(self) -> ComposeResult:
        yield Checklist(self.items, self.ticked, id="checklist")

    def on_checklist_toggled(self, event: Checklist.Toggled) -> None:
        self.toggled.append((event.key, event.ticked))


def lines(app: App) -> list[str]:
    return screen_lines(app)


async def test_keys_move_and_tick_and_the_box_shows_it_without_colour() -> None:
    app = Host()
    async with app.run_test(size=(40, 8)) as pilot:
        checklist = app.query_one(Checklist)
        checklist.focus()
        await wait_for(pilot, lambda: len(lines(app)) > 1 and "Item number 1" in lines(app)[1])
        assert lines(app)[1].startswith(f"▐{TICK}▌ Item number 1")  # ticked when it opened
        assert lines(app)[0].startswith("▐ ▌ Item number 0")
        await pilot.press("down", "down", "space")
        await pilot.press("up", "enter")  # enter ticks too; item 1 is unticked
        await wait_for(pilot, lambda: len(app.toggled) == 2, "two toggles")
        assert app.toggled == [("step/item-2", True), ("step/item-1", False)]
        assert checklist.selected == ["step/item-2"]
        assert lines(app)[2].startswith(f"▐{TICK}▌")
        await pilot.press("end")
        await wait_for(
            pilot, lambda: any("Item number 29" in line for line in lines(app)), "the end"
        )
        assert checklist.cursor_row == 29
        assert any("Item number 29" in line for line in lines(app)), "scrolled to the end"
        await pilot.press("home", "pagedown")
        assert checklist.cursor_row > 0


async def test_a_click_ticks_the_clicked_item() -> None:
    app = Host()
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.click(Checklist, offset=(2, 3))
        await wait_for(pilot, lambda: bool(app.toggled), "the click")
        assert app.toggled == [("step/item-3", True)]
        assert app.query_one(Checklist).cursor_row == 3


async def test_a_long_item_is_cut_with_an_ellipsis_and_text_is_never_markup() -> None:
    items = [("a/b", "[b]not bold[/b] " + "word " * 30)]
    app = Host(items, frozenset())
    async with app.run_test(size=(30, 4)) as pilot:
        await wait_for(pilot, lambda: bool(lines(app)) and lines(app)[0].startswith("▐ ▌"), "drawn")
        first = lines(app)[0]
    assert first.startswith("▐ ▌ [b]not bold[/b] word")
    assert first.rstrip().endswith("…") and len(first) == 30


class TickHost(App[None]):
    def compose(self) -> ComposeResult:
        from coach.tui.widgets.ticklist import TickList

        choices = [(name, name, name in ("b", "c")) for name in "abcdef"]
        yield TickList(*choices, id="picks")


async def test_a_burst_of_down_and_space_ticks_the_options_space_was_pressed_on() -> None:
    """Keys that arrive together (fast typing, key repeat, a busy moment): each space
    toggles the option highlighted when it was pressed, not the one a later Down moved
    to (Textual's own list did; a user trial lost two of three ticks)."""
    from textual import events

    from coach.tui.widgets.ticklist import TickList

    app = TickHost()
    async with app.run_test(size=(40, 10)) as pilot:
        picks = app.query_one(TickList)
        picks.focus()
        picks.highlighted = 0
        await wait_for(pilot, lambda: app.focused is picks)
        for key, char in [("down", None), ("space", " ")] * 3:  # all queued before any runs
            app.post_message(events.Key(key, char))
        await wait_for(pilot, lambda: picks.highlighted == 3, "the three downs")
        await wait_for(pilot, lambda: sorted(picks.selected) == ["d"], "b, c off and d on")
        await pilot.click(picks, offset=(4, 5))  # a click on "e" (below the frame) ticks it, once
        await wait_for(pilot, lambda: sorted(picks.selected) == ["d", "e"], "the click")
