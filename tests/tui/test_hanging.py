"""Today's lines wrap under their text, not under their bullet: a long next step at 80
columns, or any line at 60, started its second row at the bullet's column."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coach.tui.textual_private import screen_lines
from coach.tui.widgets.hanging import Hanging
from tui.conftest import wait_for

WORDS = "Ask her about the talk she gave and whether she would introduce me to her lead"


class Lines(App[None]):
    def compose(self) -> ComposeResult:
        yield OptionList(
            Option(Hanging("• ", Content.assemble(("Jana Krüger", "bold"), " — ", WORDS))),
            Option(Hanging("• ", Content("Tom Weber"))),
        )


async def test_a_wrapped_line_goes_on_under_its_text() -> None:
    app = Lines()
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_for(pilot, lambda: any("Tom Weber" in line for line in screen_lines(app)))
        lines = [line for line in screen_lines(app) if line.strip(" ▔▁▊▎")]
        first = next(i for i, line in enumerate(lines) if "• Jana" in line)
        bullet_at = lines[first].index("•")
        then = lines[first + 1]
        assert then[bullet_at : bullet_at + 2] == "  " and then[bullet_at + 2] != " ", then
        assert any("• Tom Weber" in line for line in lines), "the next option has its bullet"
        text = str(app.query_one(OptionList).get_option_at_index(0).prompt)
        assert text.startswith("• Jana Krüger — Ask her"), "the line as written, for tests"
