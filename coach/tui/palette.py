"""The command palette in the user's language (Textual's own says its words in English)."""

from __future__ import annotations

from coach.i18n import t
from coach.tui.textual_private import LocalPalette


class CoachPalette(LocalPalette):
    def __init__(self) -> None:
        super().__init__(placeholder=t("palette.placeholder"), id="--command-palette")

    def no_matches_text(self) -> str:
        return t("palette.no_matches")
