"""The English content is English: no German words left in it for an English reader to
puzzle over (German terms go with the German text)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONTENT

# What gives German away in an English text: its letters and quotes, and the words that
# slipped in before ("Stammtisch", "Vitamin B", "the Sie versions").
GERMAN = re.compile(
    r"[äöüÄÖÜß„]"
    r"|\b(Stammtisch\w*|Vitamin B|Sie|Ihnen|du|dich|dir|und|nicht|bitte|Frau|Herr|Beitrag)\b"
)


def english_texts(node: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every English text in a YAML document: (where it is, the text)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "en" and isinstance(value, str):
                yield where, value
            else:
                yield from english_texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from english_texts(value, f"{where}.{i}")


FILES = sorted(CONTENT.rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_no_german_in_the_english_text(path: Path) -> None:
    doc = yaml.safe_load(path.read_text("utf-8"))
    found = [
        f"{where}: {match.group()!r}"
        for where, text in english_texts(doc, path.name)
        for match in GERMAN.finditer(text)
    ]
    assert not found, "\n".join(found)


def test_the_check_finds_german() -> None:
    doc = {"body": {"en": "Go to a Stammtisch.", "de": "Geh zu einem Stammtisch."}}
    assert [where for where, _ in english_texts(doc, "x")] == ["x.body"]
    assert GERMAN.search("the Sie versions") and GERMAN.search("Vitamin B")
    assert not GERMAN.search("Side notes, a dune and a sieve")
