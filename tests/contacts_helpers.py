"""Shared by the contact import tests: the fixture files, a saved state with people, a
LinkedIn export written row by row."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from conftest import FIXTURES

from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store

CONTACTS = FIXTURES / "contacts"
CSV_FILE = CONTACTS / "Connections.csv"
VCF_FILE = CONTACTS / "four-cards.vcf"
PEOPLE = "strategy/people"
NEWLINES = {"crlf": "\r\n", "cr": "\r"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def saved_people(home: Path) -> list[dict[str, Any]]:
    doc = Book(home).load().to_doc(export=True)
    people = doc["answers"].get(PEOPLE, [])
    assert isinstance(people, list)
    return people


def seed(home: Path, people: list[dict[str, Any]] | None = None) -> bytes:
    """A saved state with a few people; returns the saved bytes."""
    progress = Progress(language="en")
    progress.answers[PEOPLE] = people or [{"id": "p1", "name": "Already Here", "circle": "friends"}]
    Store(home).save(progress)
    return (home / "progress.json").read_bytes()


def csv_rows() -> list[list[str]]:
    text = CSV_FILE.read_text("utf-8")
    start = text.index("First Name")
    return list(csv.reader(io.StringIO(text[start:])))


def write_csv(
    path: Path, rows: list[list[str]], *, delimiter: str = ",", newline: str = "\n"
) -> str:
    out = io.StringIO()
    out.write('Notes:\n"Some of the email addresses are missing, see https://x.example/?a=1,2"\n\n')
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue().replace("\n", newline) if newline != "\n" else out.getvalue()
