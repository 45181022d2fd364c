"""The message catalogs are split by area (coach/locales/<lang>/<area>.py) and merged into
one ``MESSAGES`` per language: an id defined in two areas would silently lose one text."""

from __future__ import annotations

import importlib

import pytest

from coach.i18n import LANGUAGES

AREAS = ("cli", "ui", "people", "months", "habit", "ops")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_id_is_in_two_areas(lang: str) -> None:
    seen: dict[str, str] = {}
    twice: list[str] = []
    for area in AREAS:
        module = importlib.import_module(f"coach.locales.{lang}.{area}")
        for key in module.MESSAGES:
            if key in seen:
                twice.append(f"{key} ({seen[key]} and {area})")
            seen[key] = area
    assert twice == []
    merged = importlib.import_module(f"coach.locales.{lang}").MESSAGES
    assert set(merged) == set(seen)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_area_module_is_merged(lang: str) -> None:
    from pathlib import Path

    package = importlib.import_module(f"coach.locales.{lang}")
    found = {p.stem for p in Path(package.__file__ or "").parent.glob("*.py")} - {"__init__"}
    assert found == set(AREAS)
