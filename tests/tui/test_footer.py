"""The key bar: at 80x24 every key it offers is shown whole, in English and German, and it
offers only keys that act where the focus is (``?`` help still lists them all)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button

from coach.content.content_types import Step
from coach.i18n import t
from coach.tui.app import CoachApp
from coach.tui.screens.main_screen import MainScreen
from coach.tui.textual_private import notification_texts
from coach.tui.widgets.footer import KeyFooter
from tui.conftest import (
    MakeApp,
    footer_line,
    go_to,
    offered,
    screen_text,
    settled,
    shows,
    wait_for,
)


def with_records(app: CoachApp) -> None:
    """One record in every list of every step (edit, delete and the arrows enabled)."""
    for step in app.course.steps:
        for field in step.fields:
            if field.kind == "records":
                first = field.fields[0].id
                app.progress.set_answer(f"{step.id}/{field.id}", [{"id": "r1", first: "One"}])


def check_offered(app: CoachApp, step_id: str, focused: Widget | None) -> None:
    """Every key the footer offers here is drawn whole at 80 columns, and it offers only
    keys that act where the focus is."""
    keys = offered(app)
    line = footer_line(app)
    where = f"{step_id}: {type(focused).__name__} -> {line!r}"
    for key, says in keys:
        assert f"{key} {says}" in line, f"{key} {says!r} cut off at {where}"
    main = app.screen
    assert isinstance(main, MainScreen)
    letters = {key for key, _ in keys if len(key) == 1 and key.isalpha()}
    if not main.letters_act():  # here a letter is only a hint: none is offered ...
        assert letters <= {"a", "e", "d"}, where  # a list's own keys act on it
        assert "esc" in line, f"... but the way back to them is: {where}"
    else:
        assert {"n", "p", "q"} <= letters, where


def bindings_here(app: CoachApp) -> tuple[tuple[str, str, bool], ...]:
    """What the footer is built from where the focus is now: per action its first shown
    binding (as the footer takes it), with its words and whether it is enabled."""
    first: dict[str, tuple[str, bool]] = {}
    for _node, binding, enabled, _tip in app.screen.active_bindings.values():
        if binding.show:
            first.setdefault(binding.action, (binding.description, enabled))
    return tuple(sorted((action, says, on) for action, (says, on) in first.items()))


def footer_built_from(app: CoachApp) -> tuple[tuple[str, str, bool], ...]:
    """The same, read from the keys the footer holds (shown or left out for room)."""
    footer = app.screen.query_one(KeyFooter)
    return tuple(sorted((key.action, key.description, key.enabled) for key in footer.built))


@pytest.mark.parametrize("lang", ["en", "de"])
async def test_every_offered_key_fits_80_columns_and_acts(make_app: MakeApp, lang: str) -> None:
    """Every stop of every step, in the order Tab takes (the screen's focus chain), each
    focused at once, in English and in German (the longer words). The footer is built only
    from the bindings where the focus is (and whether letters act there), so where those
    are the same as at a stop before it draws the same keys: the footer is waited for and
    checked only where they are new. That Tab follows the focus chain, a list being one
    stop, is ``test_a_list_is_one_tab_stop_on_every_step``'s."""
    app = make_app(lang)
    app.progress.welcome_seen = True
    with_records(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: settled(app), what="the first step")
        main = app.screen
        assert isinstance(main, MainScreen)
        seen = set()
        stops = 0
        for step in app.course.steps:
            await go_to(pilot, step.id)
            for widget in main.focus_chain:
                main.set_focus(widget, scroll_visible=False)
                stops += 1
                here = (bindings_here(app), main.letters_act())
                if here in seen:
                    continue
                seen.add(here)
                await wait_for(
                    pilot,
                    lambda: settled(app) and footer_built_from(app) == here[0],  # noqa: B023
                    what=f"the footer for {widget!r} on {step.id}",
                )
                check_offered(app, step.id, widget)
        assert stops > 5 * len(app.course.steps), "every step has its stops walked"
        assert len(seen) >= 4, "the checklist, a text field, a button and a list were met"


async def on_a_copy_button(app: CoachApp, pilot: Pilot[Any]) -> Step:
    """Focus the first template's copy button (a step's, away from the checklist); the step."""
    await wait_for(pilot, lambda: settled(app), what="the first step")
    step = next(s for s in app.course.steps if s.templates)
    await go_to(pilot, step.id)
    copy = app.screen.query(".template Button").first(Button)
    copy.focus()
    await wait_for(pilot, lambda: app.focused is copy and not main_letters(app))
    # Focusing the button scrolls it into view: let that finish first (else a key that quits
    # leaves the app gone before the scroll is, and Pilot's press waits on it for ever).
    await pilot.wait_for_scheduled_animations()
    await wait_for(pilot, lambda: keys_drawn(app), "the button's keys in the footer")
    return step


async def test_a_letter_on_a_button_is_not_offered_and_only_hints(make_app: MakeApp) -> None:
    """On a template's copy button n, s, q and t do nothing (one hint says so): the footer
    does not offer them; esc (back to the checklist) is offered, and from there n works."""
    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        step = await on_a_copy_button(app, pilot)
        line = footer_line(app)
        for key in ("n", "p", "s", "r", "f", "q", "t"):
            assert f"{key} " not in line.split("▏")[0].split(), (key, line)
            assert not any(k == key for k, _ in offered(app)), key
        assert "esc Back" in line
        await pilot.press("n")
        assert any("does nothing here" in m for m in notification_texts(app))
        assert app.progress.current_step == step.id
        await pilot.press("escape")
        await wait_for(pilot, lambda: main_letters(app))
        assert "n Next" in footer_line(app) and "esc Back" not in footer_line(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.progress.current_step != step.id, what="n moved on")


def main_letters(app: CoachApp) -> bool:
    return isinstance(app.screen, MainScreen) and app.screen.letters_act()


async def test_ctrl_q_quits_from_a_button_where_q_is_not_offered(make_app: MakeApp) -> None:
    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        await on_a_copy_button(app, pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.quitting, what="ctrl+q quits")


# -- tab stops: a list is one stop, the step's next field comes right after it --------------
@pytest.mark.parametrize("entries", [True, False])
async def test_a_list_is_one_tab_stop_on_every_step(make_app: MakeApp, entries: bool) -> None:
    """With entries, the table is the stop (its keys a e d do what the buttons do); empty,
    the Add button is. Either way the next tab leaves the list: on the posting step the
    weekly target comes right after the post ideas, not after five buttons."""
    from coach.tui.widgets.records import RecordsBox

    app = make_app()
    app.progress.welcome_seen = True
    if entries:
        with_records(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: settled(app), what="the first step")
        lists = 0
        for step in app.course.steps:
            await go_to(pilot, step.id)
            for box in app.screen.query(RecordsBox):
                stops = [w for w in box.query("*") if w.focusable and w.display]
                assert len(stops) == 1, (step.id, stops)
                stops[0].focus()
                await wait_for(pilot, lambda: app.focused is stops[0])  # noqa: B023 (awaited at once)

                await pilot.press("tab")
                assert app.focused is not None and box not in app.focused.ancestors, step.id
                lists += 1
        assert lists, "the content has lists to walk"


# -- 60 columns: the keys get the room of ^p and q, the filter's hint is whole ----------------
@pytest.mark.parametrize("lang", ["en", "de"])
async def test_at_60_columns_every_footer_shows_its_keys_whole(
    make_app: MakeApp, lang: str
) -> None:
    """Below 80 columns ^p leaves the footer, below 70 q too (both still work, ? lists
    them): a step, Today, the people list and a person's page then show every other key
    they offer whole, in English and German."""
    from coach.tui.screens.people_screen import PeopleScreen, PeopleTable, PersonScreen
    from coach.tui.screens.today_screen import TodayScreen

    app = make_app(lang)
    app.progress.welcome_seen = True
    app.progress.set_answer(
        "strategy/people",
        [{"id": "p1", "name": "Anna Berg", "follow_up": "2026-01-01"}, {"id": "p2", "name": "Ben"}],
    )
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        await wait_for(pilot, lambda: keys_drawn(app), "Today's keys")
        check_whole(app, "Today")
        await pilot.press("escape")
        await wait_for(pilot, lambda: main_letters(app), what="the step's checklist")
        await wait_for(pilot, lambda: keys_drawn(app), "the step's keys")
        check_whole(app, "a step")
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, PeopleScreen), what="people")
        await wait_for(
            pilot, lambda: t("people.filter_placeholder").split(" · ")[-1] in screen_text(app)
        )
        assert t("people.filter_placeholder").split(" · ")[-1] in screen_text(app), (
            "the filter's hint is whole"
        )
        app.screen.query_one(PeopleTable).focus()
        await wait_for(pilot, lambda: keys_drawn(app), "the list's keys")
        check_whole(app, "the people list")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PersonScreen), what="a person")
        await wait_for(pilot, lambda: keys_drawn(app), "the page's keys")
        check_whole(app, "a person")
        # A dialog's buttons too: where they do not fit side by side, one under the other.
        await pilot.press("m")
        labels = [t("ui.copy"), t("template.make_next"), t("form.cancel")]
        await wait_for(pilot, shows(app, t("template.pick_title", name="Anna Berg")), "dialog")
        for _ in labels:  # Tab to the buttons (the dialog scrolls them in)
            await pilot.press("tab")
        await wait_for(pilot, shows(app, *labels), "the dialog's buttons, whole")


async def test_at_60_columns_q_still_quits_though_the_footer_leaves_it_out(
    make_app: MakeApp,
) -> None:
    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for(pilot, lambda: main_letters(app), what="the step's checklist")
        await wait_for(pilot, lambda: keys_drawn(app), "the step's keys")
        assert "q " not in footer_line(app)
        await pilot.press("q")
        await wait_for(pilot, lambda: app.quitting, what="q quits")


def keys_drawn(app: CoachApp) -> bool:
    """The footer on screen shows every key offered now (but q, which leaves it below 70
    columns): what :func:`check_whole` then checks, waited for."""
    line, offers = footer_line(app), offered(app)
    return bool(offers) and all(f"{key} {says}" in line for key, says in offers if key != "q")


def check_whole(app: CoachApp, where: str) -> None:
    line = footer_line(app)
    assert "^p" not in line, "the palette's key gives its room"
    offers = offered(app)
    assert offers, f"no keys offered on {where}"
    for key, says in offers:
        if key == "q":
            assert f"q {says}" not in line, f"q leaves the footer below 70 columns: {line!r}"
            continue
        assert f"{key} {says}" in line, f"{key} {says!r} cut off on {where}: {line!r}"


# -- 100 columns on: the footer has room for P (and on Today c) -------------------------------
@pytest.mark.parametrize("lang", ["en", "de"])
async def test_where_there_is_room_the_footer_offers_people_and_the_calendar(
    make_app: MakeApp, lang: str
) -> None:
    """At 120 columns a step and Today offer P (Today also c), whole, and P opens the
    people screen; at 80 columns they are left out (their keys still work)."""
    from coach.tui.screens.people_screen import PeopleScreen
    from coach.tui.screens.today_screen import TodayScreen

    app = make_app(lang)
    app.progress.welcome_seen = True
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: main_letters(app), what="the step's checklist")
        await wait_for(pilot, lambda: f"P {t('key.people_screen')}" in footer_line(app), "P")
        people = t("key.people_screen")
        assert f"P {people}" in footer_line(app)
        for key, says in offered(app):
            assert f"{key} {says}" in footer_line(app), f"{key} {says!r} cut off"
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        await wait_for(pilot, lambda: f"c {t('key.calendar')}" in footer_line(app), "c")
        assert f"c {t('key.calendar')}" in footer_line(app)
        assert f"P {people}" in footer_line(app)
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: f"P {people}" not in footer_line(app), what="P leaves")
        assert f"c {t('key.calendar')}" not in footer_line(app)
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, PeopleScreen), what="P still works")


async def test_the_letters_work_while_the_steps_text_is_read(make_app: MakeApp) -> None:
    """Tab from the checklist focuses the step's text (to scroll it): n, p, s, P and q
    said "does nothing here", though nobody types there and the text names (P) itself."""
    from coach.tui.widgets.step_view import StepBody

    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: main_letters(app), "the checklist")
        first = app.progress.current_step
        await pilot.press("tab")
        await wait_for(pilot, lambda: isinstance(app.screen.focused, StepBody), "the text")
        assert main_letters(app) and "n Next" in footer_line(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.progress.current_step != first, what="n moved on")
        assert not any("does nothing here" in m for m in notification_texts(app))


async def test_esc_from_the_steps_text_brings_the_checklist_back(make_app: MakeApp) -> None:
    """The checklist's bar says "esc shows it" while the text is read: esc did nothing
    there (it was switched off wherever the letters act). Not in the key bar: in German
    at 80 columns it pushed ^p out."""
    from coach.tui.widgets.checklist import Checklist
    from coach.tui.widgets.step_view import StepBody

    app = make_app("de")
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: main_letters(app), "the checklist")
        await pilot.press("tab")
        await wait_for(pilot, lambda: isinstance(app.screen.focused, StepBody), "the text")
        await wait_for(pilot, lambda: "^p" in footer_line(app), "^p in the key bar")
        await pilot.press("escape")
        await wait_for(
            pilot, lambda: isinstance(app.screen.focused, Checklist), "the checklist back"
        )


@pytest.mark.parametrize("lang", ["en", "de"])
async def test_the_palettes_key_stays_in_the_footer_at_80_columns(
    make_app: MakeApp, lang: str
) -> None:
    """The README: narrower than 80 columns the footer leaves out ^p. Longer German words
    ("Beenden" for "Ende") pushed it out at 80 itself."""
    app = make_app(lang)
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: main_letters(app), "the checklist")
        await wait_for(pilot, lambda: "^p" in footer_line(app), "^p in the footer")


async def test_a_letter_on_a_list_says_it_does_nothing_in_a_list(make_app: MakeApp) -> None:
    """q on a step's list said "To write, move to a text box": nothing is written there."""
    from coach.tui.widgets.records_table import RecordsTable
    from tui.conftest import go_to

    app = make_app()
    app.progress.welcome_seen = True
    app.progress.set_answer("fun/offline_events", [{"id": "e1", "name": "Meetup"}])
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "fun")
        table = app.screen.query(RecordsTable).first()
        table.focus()
        await wait_for(pilot, lambda: app.focused is table, "the list")
        await pilot.press("q")
        said = "“q” does nothing in a list (a, e and d do)"
        await wait_for(pilot, lambda: any(said in m for m in notification_texts(app)), "said")
        assert not app.quitting
