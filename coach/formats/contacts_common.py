"""What the contacts readers share: the contact and file types, the limits, one-line
errors that name the file, and how a value is cut to one line or a note's length.

Split from :mod:`coach.formats.contacts_import` (the entry point), which re-exports it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Characters kept of a name, company, address... (a pasted book is cut) and of a card's
# note: what the person's fields take when typed (coach.domain.limits).
from coach.domain.limits import NOTE_MAX as NOTE_MAX
from coach.domain.limits import SHORT_TEXT_MAX
from coach.errors import UserError
from coach.i18n import t
from coach.safetext import shown, typed

MAX_BYTES = 20 * 1024 * 1024  # a LinkedIn export of 30,000 connections is about 3 MB
MAX_CONTACTS = 30_000  # LinkedIn's own limit of connections; more is not a contacts export
# A contact found on LinkedIn (Contact.network): the file's word, not the content's. The
# network option such people get is the content's agenda.people.import_network.
NETWORK = "linkedin"


class ContactsError(UserError):
    """The file cannot be imported: one sentence naming it and what was expected."""


@dataclass(frozen=True)
class Contact:
    """One contact as read from the file (as written, single-line where it must be)."""

    name: str
    profile: str = ""
    email: str = ""
    company: str = ""
    position: str = ""
    note: str = ""
    network: str = ""
    phone: str = ""
    birthday: str = ""  # 1990-04-15, or --04-15 without the year
    # The day they connected (ISO), LinkedIn's "Connected On"; None: a day not readable.
    connected: str | None = ""


@dataclass
class ContactsFile:
    """What a file holds: its kind ("linkedin" or "vcard"), its contacts, what was skipped."""

    path: Path
    kind: str
    contacts: list[Contact]
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> how many


@dataclass
class Sorted:
    """A file's contacts against the saved people: who is new, how many are already there."""

    source: ContactsFile
    new: list[Contact]
    already: int
    # People already there whose empty fields the file fills: record id -> field -> value.
    fills: dict[str, dict[str, str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # a filled field's label
    twice: int = 0  # of ``already``: someone the file itself lists again (taken once)
    # People already there with no first contact of "connected" yet, whose row says when
    # they connected: record id -> the day (ISO). Imported in either order, the same.
    connected: dict[str, str] = field(default_factory=dict)
    removed: int = 0  # people removed from the list earlier that the file names: left out

    @property
    def skipped(self) -> Counter[str]:
        return self.source.skipped


def _shown(path: Path) -> str:
    return shown(str(path), single_line=True)


def _expected(path: Path, key: str) -> ContactsError:
    return ContactsError(t(key, path=_shown(path)) + " " + t("contacts.expected"))


def _one_line(value: Any, limit: int = SHORT_TEXT_MAX) -> str:
    text = value if isinstance(value, str) else ""
    if not text.isprintable():  # printable: no line end to join (the usual case)
        text = typed(text, single_line=True)
    # Runs of spaces made one ("Anna  Schmidt"); other characters kept as written (a
    # no-break space, U+2028: str.split() took them for spaces).
    return _SPACES.sub(" ", text).strip(" ")[:limit]


_SPACES = re.compile(" {2,}")


def _long(value: Any) -> str:
    text = typed(value if isinstance(value, str) else "").replace("\r", "\n")
    return text.strip()[:NOTE_MAX]


def _too_many(path: Path) -> ContactsError:
    return ContactsError(t("contacts.too_many", path=_shown(path), max=f"{MAX_CONTACTS:,}"))
