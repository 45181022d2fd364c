"""Contacts from a file: LinkedIn's ``Connections.csv`` or a vCard (``.vcf``), as people.

Nobody types 300 connections by hand, and nobody wants them twice. This module reads a
contacts file (refusing anything that is not one, with one sentence that names the file),
turns every contact into a people record of the content's ``agenda.people`` list, and sets
aside everyone who is already there. Headless (no Textual); every contact file is
read in linear time (:mod:`contacts_vcard` says why vCards are not read with vobject).

The caller decides what to add (all, or the ones picked in the UI) and adds them through
:meth:`coach.application.session.Session.add_people`: one import, one atomic save.

Split by job: :mod:`contacts_common` (types, limits), :mod:`contacts_csv` (LinkedIn's CSV),
:mod:`contacts_vcard` (vCards), :mod:`contacts_sort` (who is new, the records to add).
"""

from __future__ import annotations

import codecs
import errno
from pathlib import Path

from coach.data.fileio import read_limited
from coach.domain.people import name_key as name_key
from coach.formats.contacts_common import MAX_BYTES as MAX_BYTES
from coach.formats.contacts_common import MAX_CONTACTS as MAX_CONTACTS
from coach.formats.contacts_common import NOTE_MAX as NOTE_MAX
from coach.formats.contacts_common import Contact as Contact
from coach.formats.contacts_common import ContactsError as ContactsError
from coach.formats.contacts_common import ContactsFile as ContactsFile
from coach.formats.contacts_common import Sorted as Sorted
from coach.formats.contacts_common import _expected, _shown
from coach.formats.contacts_csv import _linkedin_header, _read_linkedin
from coach.formats.contacts_sort import known_lines as known_lines
from coach.formats.contacts_sort import profile_key as profile_key
from coach.formats.contacts_sort import records as records
from coach.formats.contacts_sort import sort_out as sort_out
from coach.formats.contacts_sort import summary as summary
from coach.formats.contacts_vcard import _read_vcards
from coach.i18n import os_error, t


def read(path: Path) -> ContactsFile:
    """The contacts in ``path``, or :class:`ContactsError` (unreadable, binary, too big,
    not a contacts file, broken quoting) with one line that names the file."""
    try:
        raw = read_limited(path, MAX_BYTES)
    except OSError as exc:
        if exc.errno == errno.EFBIG:
            raise ContactsError(
                t("contacts.too_big", path=_shown(path), mb=MAX_BYTES // (1024 * 1024))
            ) from None
        if exc.errno in (errno.EINVAL, errno.EISDIR):
            raise _expected(path, "contacts.not_a_file") from None
        raise ContactsError(
            t("contacts.unreadable", path=_shown(path), error=os_error(exc))
        ) from None
    return parse(raw, path)


def parse(raw: bytes, path: Path) -> ContactsFile:
    """The contacts in the bytes of a file (``path`` names it in messages)."""
    if not raw.strip():
        raise _expected(path, "contacts.empty")
    text = _decode(raw, path)
    if "\r" in text and "\n" not in text:  # old Mac line ends ("CSV (Macintosh)" in Excel)
        text = text.replace("\r", "\n")
    start = text.lstrip("\ufeff \t\r\n")
    if start[:11].upper() == "BEGIN:VCARD":
        return _read_vcards(start, path)
    found = _linkedin_header(text)
    if found is None:
        raise _expected(path, "contacts.wrong_kind")
    return _read_linkedin(text, found, path)


def _decode(raw: bytes, path: Path) -> str:
    """Text from bytes: UTF-16 with its BOM, UTF-8 (BOM or not), else a spreadsheet's
    Windows-1252/Latin-1. NUL bytes or mostly control bytes: not a text file at all."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            try:
                raw = raw[len(bom) :].decode(codec).encode("utf-8")
            except UnicodeDecodeError:
                raise _expected(path, "contacts.binary") from None
            break
    if b"\x00" in raw:
        raise _expected(path, "contacts.binary")
    head = raw[:8192]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls * 10 > len(head):
        raise _expected(path, "contacts.binary")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
