"""The README is for users: its commands work after its install, its data folders are the
ones the coach uses, and the benchmark figures live in benchmarks/README.md."""

from __future__ import annotations

import os
import re

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_commands_say_how_to_reach_the_installed_coach() -> None:
    install = README.index("pip install .")
    after = README[install:]
    assert ".venv/bin/coach status" in after
    assert ". .venv/bin/activate" in after
    first_bare = re.search(r"^coach \w+", after, re.M)
    assert first_bare is not None
    activate = after.index(". .venv/bin/activate")
    assert activate < first_bare.start(), "the activation comes before the first bare `coach`"


def test_editing_content_needs_the_content_option() -> None:
    assert "not an editable" in README
    assert "coach --content content" in README


@pytest.mark.parametrize(
    ("system", "cls"),
    [("Linux", "platformdirs.unix.Unix"), ("macOS", "platformdirs.macos.MacOS")],
)
def test_the_data_folders_named_are_the_ones_used(
    system: str, cls: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    from coach.data.paths import APP_NAME

    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    module, _, name = cls.rpartition(".")
    dirs = getattr(importlib.import_module(module), name)(APP_NAME, appauthor=False)
    used = dirs.user_data_dir.replace(os.path.expanduser("~"), "~", 1)
    row = next(line for line in README.splitlines() if line.startswith(f"| {system} |"))
    assert f"`{used}`" in row


def test_windows_row_names_the_folder_and_wsl() -> None:
    row = next(line for line in README.splitlines() if line.startswith("| Windows |"))
    assert "not supported" in row and "WSL" in row and "%LOCALAPPDATA%\\coach" in row


def test_benchmarks_live_in_their_own_readme() -> None:
    bench = (ROOT / "benchmarks" / "README.md").read_text("utf-8")
    assert "python -m benchmarks" in bench and "| coach status (wall)" in bench
    assert "| coach status (wall)" not in README
    assert "benchmarks/README.md" in README
