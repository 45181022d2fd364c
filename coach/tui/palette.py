"""The command palette in the user's language (Textual's own says its words in English)."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from coach.i18n import t


class CoachPalette(CommandPalette):
    def __init__(self) -> None:
        super().__init__(placeholder=t("palette.placeholder"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """After a short pause with no match, say so (only when something was typed)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not search_value:
                self._list_visible = False
                return
            self.query_one(CommandList).add_option(
                Option(
                    Align.center(Text(t("palette.no_matches"), style="not bold")),
                    disabled=True,
                    id=self._NO_MATCHES,
                )
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
