"""LinkedIn's ``Connections.csv`` (and other CSV exports with first and last name
columns): the header found below LinkedIn's preamble, every row a contact."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from coach.formats.contact_fields import connected_on
from coach.formats.contacts_common import (
    MAX_CONTACTS,
    NETWORK,
    Contact,
    ContactsError,
    ContactsFile,
    _one_line,
    _shown,
    _too_many,
)
from coach.i18n import t

_COLUMNS = {
    "first": ("first name", "vorname", "firstname"),
    "last": ("last name", "nachname", "lastname"),
    "url": ("url", "profile url", "linkedin url", "profil-url"),
    "email": ("email address", "e-mail address", "email", "e-mail", "e-mail-adresse"),
    "company": ("company", "firma", "unternehmen"),
    "position": ("position", "title", "job title"),
    "connected": ("connected on", "verbunden am"),
}
_HEADER_SCAN = 50  # lines looked at for the header (LinkedIn's "Notes:" preamble is ~3)


def _linkedin_header(text: str) -> tuple[int, str] | None:
    """(offset of the header line, its delimiter), or None when no line within the first
    few names "First Name" and "Last Name"."""
    offset = 0
    for _ in range(_HEADER_SCAN):
        end = text.find("\n", offset)
        line = text[offset : end if end >= 0 else len(text)]
        low = line[:4096].lower()
        if any(f in low for f in _COLUMNS["first"]) and any(n in low for n in _COLUMNS["last"]):
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            delimiter = max(counts, key=lambda d: counts[d])
            if counts[delimiter] and _is_header(low, delimiter):
                return offset, delimiter
        if end < 0:
            return None
        offset = end + 1
    return None


def _is_header(line: str, delimiter: str) -> bool:
    """Whether ``line`` is a header row: cells named "first name" and "last name"."""
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return False
    names = {_header_cell(c) for c in cells}
    return bool(names & set(_COLUMNS["first"])) and bool(names & set(_COLUMNS["last"]))


def _header_cell(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip('"').strip().lower()


def _read_linkedin(text: str, found: tuple[int, str], path: Path) -> ContactsFile:
    offset, delimiter = found
    reader = csv.reader(io.StringIO(text[offset:], newline=""), delimiter=delimiter, strict=True)
    try:
        header = [_header_cell(h) for h in next(reader)]
        where = {key: _column(header, names) for key, names in _COLUMNS.items()}
        linkedin = "connected on" in header  # LinkedIn's own column (Outlook's CSV lacks it)
        contacts: list[Contact] = []
        skipped: Counter[str] = Counter()
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # a blank line

            def cell(key: str, row: list[str] = row) -> str:
                index = where[key]
                return row[index] if index is not None and index < len(row) else ""

            if len(contacts) + sum(skipped.values()) >= MAX_CONTACTS:
                raise _too_many(path)
            name = _one_line(f"{cell('first')} {cell('last')}")
            if not name:
                skipped["no_name"] += 1
                continue
            profile = _one_line(cell("url"))
            on_linkedin = linkedin or "linkedin.com" in profile.lower()
            contacts.append(
                Contact(
                    name=name,
                    profile=profile,
                    email=_one_line(cell("email")),
                    company=_one_line(cell("company")),
                    position=_one_line(cell("position")),
                    network=NETWORK if on_linkedin else "",
                    connected=connected_on(cell("connected")),
                )
            )
    except csv.Error as exc:
        line = reader.line_num + text.count("\n", 0, offset)
        key = "contacts.field_too_long" if "field limit" in str(exc) else "contacts.bad_quoting"
        raise ContactsError(t(key, path=_shown(path), line=line)) from None
    return ContactsFile(path, "linkedin", contacts, skipped)


def _column(header: list[str], names: Iterable[str]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None
