"""The sheet preview screen: shows the text sheet, saves Markdown/HTML privately."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sheet_helpers import HOSTILE, TODAY, course, hostile_progress, progress
from textual.app import App
from textual.widgets import Static
from tui.conftest import wait_for

from coach import i18n
from coach.tui.screens.sheet_screen import SheetScreen


class Host(App[None]):
    def __init__(self, screen: SheetScreen) -> None:
        super().__init__()
        self.sheet = screen
        self.closed = False
        self.notes: list[str] = []

    def notify(self, message: str, **kwargs: Any) -> None:
        assert kwargs.get("markup") is False  # user text (paths) is never markup
        self.notes.append(message)
        super().notify(message, **kwargs)

    def on_mount(self) -> None:
        self.push_screen(self.sheet, callback=lambda _: setattr(self, "closed", True))


@pytest.fixture
def lang() -> Iterator[None]:
    before = i18n.get_language()
    yield
    i18n.set_language(before)


def _notes(app: Host) -> list[str]:
    return app.notes


async def test_m_saves_markdown_privately_and_says_where(tmp_path: Path, lang: str) -> None:
    i18n.set_language("en")
    save_dir = tmp_path / "sheets"
    app = Host(SheetScreen(course(), progress("full"), "en", save_dir, today=TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#sheet-text")), "the sheet")
        await pilot.press("m")
        await wait_for(pilot, lambda: bool(_notes(app)), "saved")
        target = save_dir / "coach-sheet-2026-05-04.md"
        assert target.is_file()
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert target.read_text("utf-8").startswith("# My networking strategy")
        note = next(n for n in _notes(app) if n.startswith("Saved your sheet as"))
        assert target.name in note.splitlines(), "the file's name on a line of its own"
        assert "".join(note.splitlines()[3:]) == str(save_dir), "the folder, broken after a /"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.closed, "the sheet closed")
        assert app.closed


async def test_h_saves_html_in_german(tmp_path: Path, lang: str) -> None:
    i18n.set_language("de")
    app = Host(SheetScreen(course(), progress("empty"), "de", tmp_path, today=TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#sheet-text")), "the sheet")
        await pilot.press("h")
        await wait_for(pilot, lambda: bool(_notes(app)), "saved")
        target = tmp_path / "strategiebogen-2026-05-04.html"
        assert target.name in _notes(app)[-1].splitlines()
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert '<html lang="de">' in target.read_text("utf-8")


async def test_user_text_is_shown_literally_not_as_markup(tmp_path: Path, lang: str) -> None:
    i18n.set_language("en")
    app = Host(SheetScreen(course(), hostile_progress(), "en", tmp_path, today=TODAY))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#sheet-text")), "the sheet")
        body = app.screen.query_one("#sheet-text", Static)
        shown = str(body.render())
        assert HOSTILE in shown
        assert "[Name]" in shown


async def test_a_failed_save_is_reported(tmp_path: Path, lang: str) -> None:
    i18n.set_language("en")
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    app = Host(SheetScreen(course(), progress("full"), "en", blocker / "sub", today=TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#sheet-text")), "the sheet")
        await pilot.press("m")
        await wait_for(pilot, lambda: bool(_notes(app)), "told")
        notes = _notes(app)
        assert any(n.startswith("Could not save ") for n in notes), notes
        assert not app.closed


async def test_preview_fits_an_80_column_terminal_and_the_path_is_not_broken(
    tmp_path: Path, lang: str
) -> None:
    """At 80x24 every line of the preview fits the dialog (nothing cut off on the right),
    and the saved message breaks a long folder only after a / (issue 13, item 4)."""
    i18n.set_language("en")
    save_dir = tmp_path / "a-rather-long-folder-name-for-sheets" / "and-one-more-level"
    app = Host(SheetScreen(course(), progress("full"), "en", save_dir, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        body = app.screen.query_one("#sheet-body")
        text = app.screen.query_one("#sheet-text", Static)

        def widest() -> int:
            return max(len(line) for line in str(text.render()).splitlines())

        for _ in range(100):  # laid out again once the dialog's width is known
            if widest() <= body.scrollable_content_region.width:
                break
            await pilot.pause(0.02)
        assert widest() <= body.scrollable_content_region.width
        assert len(str(text.render()).splitlines()) > 10
        await pilot.press("m")
        await wait_for(pilot, lambda: any(n.startswith("Saved your sheet as") for n in _notes(app)))
    note = next(n for n in _notes(app) if n.startswith("Saved your sheet as"))
    folder_lines = note.splitlines()[3:]
    assert all(len(line) <= 34 or line.count("/") <= 1 for line in folder_lines)
    assert all(line.endswith("/") for line in folder_lines[:-1])
    assert "".join(folder_lines) == str(save_dir)
    from coach.tui.screens.sheet_screen import path_lines

    assert path_lines(save_dir) == "\n".join(folder_lines)
