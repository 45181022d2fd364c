"""Every text box the coach makes takes its keys in the order they were typed
(coach.tui.dialogs.text_input): none is Textual's own Input or TextArea, whose bound keys
(Backspace, the arrows) run after letters typed behind them when keys come together."""

from __future__ import annotations

import re
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "coach" / "tui"
MADE = re.compile(r"(?<![\w.])(Input|TextArea)\(")


def test_no_text_box_is_textuals_own() -> None:
    found = [
        f"{path.relative_to(TUI)}:{n}"
        for path in sorted(TUI.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MADE.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == [], f"use TextInput or TextBox: {found}"
