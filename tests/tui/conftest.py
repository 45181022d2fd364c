"""Pilot-test helpers: a fresh app on a private data folder, as a user would start it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import i18n
from coach.session import Session
from coach.store import Store
from coach.tui.textual_private import screen_lines

OTHER_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "other_content"


@pytest.fixture
def other_content() -> Path:
    return OTHER_CONTENT


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_app(data_dir: Path):
    """``make_app(lang="en", content=None)`` -> a CoachApp on the test's data folder."""
    from coach.tui.app import CoachApp

    def make(lang: str = "en", content: Path | None = None) -> CoachApp:
        session = Session.from_options(str(data_dir), str(content) if content else None, lang)
        i18n.set_language(session.resolve_language())
        return CoachApp(session, progress=session.progress)

    yield make
    i18n.set_language("en")


def saved(data_dir: Path):
    """What is on disk right now (the app saves in the background: flushed by quitting)."""
    return Store(data_dir).load()


def screen_text(app) -> str:
    """Every character the terminal shows right now (the top screen, modals included)."""
    return "\n".join(screen_lines(app))


@pytest.fixture
def on_disk(data_dir: Path):
    return lambda: saved(data_dir)


@pytest.fixture
def shown():
    return screen_text
