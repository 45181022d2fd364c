"""A template shows its length, against its max_length when it has one (both languages)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from coach.tui.app import CoachApp
from coach.tui.widgets.templates import TemplateCard
from tui.conftest import MakeApp, Shown, on_step, screen_text, start, wait_for


async def limited_card(app: CoachApp, pilot: Pilot[Any]) -> TemplateCard:
    """The first template card with a max_length, scrolled into view."""
    await start(pilot)
    await pilot.press("enter")  # the welcome
    step_id = next(s.id for s in app.course.steps if any(t.max_length for t in s.templates))
    app.go_to_step(step_id)
    await wait_for(pilot, on_step(app, step_id), "the step")

    def limited() -> list[TemplateCard]:
        return [c for c in app.screen.query(TemplateCard) if c.max_length is not None]

    await wait_for(pilot, limited, "a template card with a max_length")
    card = limited()[0]
    card.scroll_visible(animate=False, top=True)
    await wait_for(pilot, lambda: f"/ {card.max_length} " in screen_text(app), "its length")
    return card


@pytest.mark.parametrize(("lang", "unit"), [("en", "characters"), ("de", "Zeichen")])
async def test_a_limited_template_shows_its_length_and_limit(
    make_app: MakeApp, shown: Shown, lang: str, unit: str
) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(100, 40)) as pilot:
        card = await limited_card(app, pilot)
        expected = f"{len(card.text)} / {card.max_length} {unit}"
        assert card.max_length is not None and len(card.text) <= card.max_length
        assert expected in shown(app)


async def test_a_template_without_limit_shows_its_length(make_app: MakeApp, shown: Shown) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        card = await limited_card(app, pilot)
        others = [c for c in app.screen.query(TemplateCard) if c.max_length is None]
        assert others
        other = others[0]
        other.scroll_visible(animate=False, top=True)
        await wait_for(pilot, lambda: f"{len(other.text)} characters" in shown(app), "its length")
        assert f"{len(other.text)} characters" in shown(app)
        assert card is not other
