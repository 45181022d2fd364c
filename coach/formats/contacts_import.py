"""Contacts from a file: LinkedIn's ``Connections.csv`` or a vCard (``.vcf``), as people.

Nobody types 300 connections by hand, and nobody wants them twice. This module reads a
contacts file (refusing anything that is not one, with one sentence that names the file),
turns every contact into a people record of the content's ``agenda.people`` list, and sets
aside everyone who is already there. Headless (no Textual); ``vobject`` is imported only
when a vCard is read, so ``coach status`` and ``coach today`` never load it.

The caller decides what to add (all, or the ones picked in the UI) and adds them through
:meth:`coach.application.session.Session.add_people`: one import, one atomic save.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.data.fileio import read_limited
from coach.domain.people import fold
from coach.errors import UserError
from coach.formats.contact_fields import birthday, connected_on
from coach.i18n import os_error, t
from coach.safetext import clean

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress

MAX_BYTES = 20 * 1024 * 1024  # a LinkedIn export of 30,000 connections is about 3 MB
SHORT_MAX = 500  # characters kept of a name, company, address... (a pasted book is cut)
NOTE_MAX = 20_000  # characters kept of a card's note (as a logged contact's note)
MAX_CONTACTS = 30_000  # LinkedIn's own limit of connections; more is not a contacts export
VALUE_MAX = 100_000  # characters of one vCard property read (a note is cut at NOTE_MAX)
NETWORK = "linkedin"  # the network option LinkedIn's file stands for, if the content has it

# Properties whose value is a picture, a sound or a key: dropped before parsing, never stored.
_BINARY_PROPS = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
# The properties read here; their bare commas are text, not list separators.
_TEXT_PROPS = frozenset(
    {"FN", "N", "NOTE", "ORG", "TITLE", "ROLE", "EMAIL", "URL", "X-SOCIALPROFILE", "TEL", "BDAY"}
)
_READ = _TEXT_PROPS | {"VERSION"}
SAME_MAX = 5  # of each property per card (a card with 10,000 e-mail addresses: the first 5)
_STRUCTURED = frozenset({"N", "ORG", "ADR"})
_BASE64_LINE = re.compile(r"[A-Za-z0-9+/=]+")


class ContactsError(UserError):
    """The file cannot be imported: one sentence naming it and what was expected."""


@dataclass(frozen=True)
class Contact:
    """One contact as read from the file (already cleaned, single-line where it must be)."""

    name: str
    profile: str = ""
    email: str = ""
    company: str = ""
    position: str = ""
    note: str = ""
    network: str = ""
    phone: str = ""
    birthday: str = ""  # 1990-04-15, or --04-15 without the year
    connected: str = ""  # the day they connected (ISO), LinkedIn's "Connected On"


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

    @property
    def skipped(self) -> Counter[str]:
        return self.source.skipped


# -- reading -------------------------------------------------------------------------------
def _shown(path: Path) -> str:
    return clean(str(path), single_line=True)


def _expected(path: Path, key: str) -> ContactsError:
    return ContactsError(t(key, path=_shown(path)) + " " + t("contacts.expected"))


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


def _one_line(value: Any, limit: int = SHORT_MAX) -> str:
    text = value if isinstance(value, str) else ""
    if not text.isprintable():  # printable: no control character to strip (the usual case)
        text = clean(text, single_line=True)
    return " ".join(text.split())[:limit]


def _long(value: Any) -> str:
    text = clean(value if isinstance(value, str) else "").replace("\r", "\n")
    return text.strip()[:NOTE_MAX]


# -- LinkedIn ------------------------------------------------------------------------------
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


def _too_many(path: Path) -> ContactsError:
    return ContactsError(t("contacts.too_many", path=_shown(path), max=f"{MAX_CONTACTS:,}"))


def _column(header: list[str], names: Iterable[str]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


# -- vCard ---------------------------------------------------------------------------------
def _property(line: str) -> tuple[str, str, str] | None:
    """(NAME, params, value) of a content line (group prefix dropped), or None."""
    colon = line.find(":")
    if colon <= 0:
        return None
    head = line[:colon]
    name, _, params = head.partition(";")
    name = name.rpartition(".")[2].strip().upper()
    return name, params, line[colon + 1 :]


def _is_qp(params: str) -> bool:
    return "QUOTED-PRINTABLE" in params.upper()


def _charset(params: str) -> str:
    for part in params.split(";"):
        key, _, value = part.partition("=")
        if key.strip().upper() == "CHARSET" and value.strip():
            return value.strip().strip('"')
    return "utf-8"


def _decode_qp(value: str, charset: str) -> str:
    """A quoted-printable value as text, in its CHARSET (an unknown one: UTF-8, then
    Latin-1). Soft line breaks are joined already."""
    data = codecs.decode(value.encode("latin-1", "replace"), "quopri")
    try:
        if codecs.lookup(charset).name.startswith(("utf-16", "utf-32")):
            charset = "utf-8"  # a QP value is bytes of an ASCII-based charset
    except LookupError:
        charset = "utf-8"
    for codec in (charset, "utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def _escape(value: str, *, structured: bool) -> str:
    """A decoded value written as vCard 3.0 text (``;`` stays a separator in N and ORG)."""
    value = value.replace("\\", "\\\\").replace("\r\n", "\\n").replace("\n", "\\n")
    value = value.replace("\r", "\\n").replace(",", "\\,")
    return value if structured else value.replace(";", "\\;")


def _escape_commas(value: str) -> str:
    """Bare commas escaped: many writers leave them bare in a note or a company name, and
    vobject would cut the text at the first one ("Acme, Inc." would become "Acme")."""
    return re.sub(r"(\\.)|,", lambda m: m.group(1) or "\\,", value)


def _cards(text: str) -> Iterator[list[str]]:
    """Each top-level card's lines, ready for vobject: folded lines joined, quoted-printable
    joined across its soft line breaks and decoded, pictures and sounds dropped, nested
    cards (2.1's AGENT) left out. Lines outside any card are ignored."""
    lines = text.splitlines()
    card: list[str] | None = None
    seen: dict[str, int] = {}  # how often each property came in this card
    depth = 0
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        i += 1
        upper = line[:16].upper().strip()
        if upper.startswith("BEGIN:"):
            depth += 1
            if depth == 1 and upper == "BEGIN:VCARD":
                card, seen = [line.strip()], {}
            continue
        if upper.startswith("END:"):
            depth = max(depth - 1, 0)
            if depth == 0 and card is not None:
                card.append("END:VCARD")
                yield card
                card = None
            continue
        prop = _property(line)
        if card is None or depth != 1 or prop is None:
            continue  # outside a card, nested, or junk (e.g. a picture's unindented base64)
        name, params, value = prop
        seen[name] = seen.get(name, 0) + 1
        if name in _BINARY_PROPS:
            while i < n and (
                lines[i][:1] in (" ", "\t") or _BASE64_LINE.fullmatch(lines[i].strip() or "-")
            ):
                i += 1
            continue
        parts, size = [value], len(value)
        if _is_qp(params):
            while parts[-1].endswith("=") and i < n and lines[i][:9].upper() != "END:VCARD":
                parts[-1] = parts[-1][:-1]  # a soft line break: the value goes on
                if size < VALUE_MAX:
                    parts.append(lines[i])
                    size += len(lines[i])
                i += 1
        while i < n and lines[i][:1] in (" ", "\t"):  # folded: the property goes on
            if size < VALUE_MAX:
                parts.append(lines[i][1:])
                size += len(lines[i])
            i += 1
        if name not in _READ or seen[name] > SAME_MAX:
            continue  # not read here (vobject's time goes by the line)
        value = "".join(parts)
        if size > VALUE_MAX:  # a runaway value: what is kept of it is far less anyway
            value = value[:VALUE_MAX].rstrip("\\=")
        if _is_qp(params):
            kept = [
                p
                for p in params.split(";")
                if p
                and p.strip().upper() not in ("QUOTED-PRINTABLE", "ENCODING=QUOTED-PRINTABLE")
                and not p.strip().upper().startswith("CHARSET=")
            ]
            value = _escape(_decode_qp(value, _charset(params)), structured=name in _STRUCTURED)
            params = ";".join(kept)
        elif name in _TEXT_PROPS:
            value = _escape_commas(value)
        card.append(name + (";" + params if params else "") + ":" + value)


def _read_vcards(text: str, path: Path) -> ContactsFile:
    import vobject  # type: ignore[import-untyped]  # no stubs published

    contacts: list[Contact] = []
    skipped: Counter[str] = Counter()
    for lines in _cards(text):
        if len(contacts) + sum(skipped.values()) >= MAX_CONTACTS:
            raise _too_many(path)
        if not _has_name(lines):  # cheap: no vobject for a card that is skipped anyway
            skipped["no_name"] += 1
            continue
        try:
            card = vobject.readOne("\r\n".join(lines) + "\r\n", ignoreUnreadable=True)
            contact = _contact(card)
        except Exception:  # vobject raises many kinds; one bad card must not stop the rest
            skipped["unreadable"] += 1
            continue
        if contact is None:
            skipped["no_name"] += 1
        else:
            contacts.append(contact)
    if not contacts and not skipped:
        raise _expected(path, "contacts.wrong_kind")
    return ContactsFile(path, "vcard", contacts, skipped)


def _has_name(lines: list[str]) -> bool:
    """Whether a card (as :func:`_cards` writes it) has an FN or N with any text."""
    for line in lines:
        name, _, rest = line.partition(":")
        if name.split(";", 1)[0] in ("FN", "N") and rest.strip(" ;,\\"):
            return True
    return False


def _values(card: Any, name: str) -> list[Any]:
    return [line.value for line in card.contents.get(name.lower(), [])]


def _first_text(card: Any, name: str) -> str:
    for value in _values(card, name):
        while isinstance(value, list):  # ORG: the organisation first, then its units
            value = value[0] if value else ""
        text = _one_line(value)
        if text:
            return text
    return ""


def _n_name(card: Any) -> str:
    for value in _values(card, "n"):
        parts = [getattr(value, k, "") for k in ("prefix", "given", "additional", "family")]
        words = [" ".join(p) if isinstance(p, list) else p for p in parts]
        text = _one_line(" ".join(w for w in words if isinstance(w, str)))
        if text:
            return text
    return ""


def _contact(card: Any) -> Contact | None:
    name = _first_text(card, "fn") or _n_name(card)
    if not name:
        return None
    found = [*_values(card, "url"), *_values(card, "x-socialprofile")]
    urls = [_one_line(u) for u in found if isinstance(u, str)]
    urls = [u for u in urls if u]
    linkedin = next((u for u in urls if "linkedin.com" in u.lower()), "")
    profile = linkedin or (urls[0] if urls else "")
    notes = [_long(v) for v in _values(card, "note") if isinstance(v, str)]
    return Contact(
        name=name,
        profile=profile,
        email=_first_text(card, "email"),
        company=_first_text(card, "org"),
        position=_first_text(card, "title") or _first_text(card, "role"),
        note="\n".join(n for n in notes if n)[:NOTE_MAX],
        network=NETWORK if linkedin else "",
        phone=_first_text(card, "tel"),
        birthday=birthday(_first_text(card, "bday")),
    )


# -- who is new ----------------------------------------------------------------------------
def profile_key(url: str) -> str:
    """A profile URL with scheme, ``www.``, a trailing slash and case set aside."""
    key = url.strip().lower()
    key = re.sub(r"^[a-z][a-z0-9+.-]*://", "", key)
    key = key.removeprefix("www.")
    return key.rstrip("/")


def name_key(name: str) -> str:
    """A name for matching: accents, case and spacing set aside (``Jürgen  MÜLLER`` is
    ``jurgen muller``)."""
    if name.isascii():  # most names: no accent to set aside
        return " ".join(name.casefold().split())
    return " ".join(fold(name).split())


class _Known:
    """Who is there already, by profile, e-mail and name (growing as a file is read, so
    someone twice in the file counts as already there the second time)."""

    def __init__(self) -> None:
        self.profiles: dict[str, str] = {}  # key -> the record id ("" for one in the file)
        self.emails: dict[str, str] = {}
        self.names: dict[str, list[tuple[str, str, str]]] = {}

    def add(self, name: str, profile: str, email: str, rid: str = "") -> None:
        p, e = profile_key(profile), email.strip().casefold()
        if p:
            self.profiles.setdefault(p, rid)
        if e:
            self.emails.setdefault(e, rid)
        key = name_key(name)
        if key:
            self.names.setdefault(key, []).append((p, e, rid))

    def has(self, name: str, profile: str, email: str) -> bool:
        return self.match(name, profile, email) is not None

    def match(self, name: str, profile: str, email: str) -> str | None:
        """Who it is (the record id; "" for someone earlier in the file), or None: same
        profile, else same e-mail, else the same name, unless both have a profile (or both
        an e-mail) and they differ: two Anna Schmidts with two profiles are two."""
        p, e = profile_key(profile), email.strip().casefold()
        if p and p in self.profiles:
            return self.profiles[p]
        if e and e in self.emails:
            return self.emails[e]
        for known_p, known_e, rid in self.names.get(name_key(name), ()):
            if (p and known_p and p != known_p) or (e and known_e and e != known_e):
                continue
            return rid
        return None


def sort_out(course: Course, progress: Progress, source: ContactsFile) -> Sorted:
    """Split ``source``'s contacts into the new ones and a count of those already there."""
    from coach.domain import people

    spec = people.spec(course)
    known = _Known()
    saved: dict[str, dict[str, Any]] = {}
    if spec is not None:
        for record in people.records(course, progress):
            rid = _text(record.get("id"))
            saved[rid] = record
            known.add(
                _text(record.get(spec.name)),
                _text(record.get(spec.profile)) if spec.profile else "",
                _text(record.get(spec.email)) if spec.email else "",
                rid,
            )
    new: list[Contact] = []
    already = 0
    fills: dict[str, dict[str, str]] = {}
    for contact in source.contacts:
        who = known.match(contact.name, contact.profile, contact.email)
        if who is None:
            known.add(contact.name, contact.profile, contact.email)
            new.append(contact)
            continue
        already += 1
        if who and who in saved:  # their empty fields get what the file knows
            empty = {
                k: str(v)
                for k, v in records(course, [contact])[0].items()
                if k != getattr(spec, "circle", None) and not saved[who].get(k)
                and not fills.get(who, {}).get(k)
            }  # fmt: skip
            if empty:
                fills.setdefault(who, {}).update(empty)
    labels: dict[str, str] = {}
    if spec is not None and fills:
        from coach.content.course import tr
        from coach.i18n import get_language

        for values in fills.values():
            for key in values:
                sub = course.subfield(spec.records, key)
                labels.setdefault(key, tr(sub.label, get_language()) if sub is not None else key)
    return Sorted(source, new, already, fills, labels)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


FIELDS = ("name", "profile", "email", "company", "position", "note", "phone", "birthday")


def records(course: Course, contacts: Iterable[Contact]) -> list[dict[str, object]]:
    """People records for ``contacts``: only the fields the content's people list names,
    cut to a field's maximum length, in the circle for imported people, no follow-up."""
    from coach.domain import people

    spec = people.spec(course)
    if spec is None:
        return []
    limits: dict[str, int] = {}
    for sub in FIELDS:
        field_id = getattr(spec, sub, None)
        found = course.subfield(spec.records, field_id) if field_id else None
        limit = getattr(found, "max_length", None)
        if field_id and isinstance(limit, int):
            limits[field_id] = limit
    network_ok = False
    if spec.network:
        network_field = course.subfield(spec.records, spec.network)
        if network_field is not None:
            network_ok = any(o.id == NETWORK for o in course.options_for(network_field))
    circle = spec.unsorted_circle if spec.circle and spec.unsorted_circle else None
    out: list[dict[str, object]] = []
    for contact in contacts:
        record: dict[str, object] = {}
        for sub in FIELDS:
            field_id = getattr(spec, sub, None)
            value: str = getattr(contact, sub)
            if field_id and value:
                record[field_id] = value[: limits.get(field_id, len(value))]
        if network_ok and spec.network and contact.network == NETWORK:
            record[spec.network] = NETWORK
        if circle and spec.circle:
            record[spec.circle] = circle
        out.append(record)
    return out


def summary(result: Sorted) -> list[str]:
    """What the file holds in the user's words: new, already there, skipped and why."""
    from coach.i18n import tn

    lines = [
        tn("contacts.found", len(result.source.contacts) + sum(result.skipped.values())),
        "  " + tn("contacts.new", len(result.new)),
        "  " + tn("contacts.already", result.already),
    ]
    for reason, count in sorted(result.skipped.items()):
        lines.append("  " + tn(f"contacts.skipped_{reason}", count))
    if result.fills:
        lines.append("  " + tn("contacts.filled", len(result.fills), fields=filled_fields(result)))
    if result.new:
        names = [c.name for c in result.new[:NEW_NAMED]]
        more = len(result.new) - NEW_NAMED
        tail = [tn("contacts.new_more", more)] if more > 0 else []
        lines.append("  " + t("contacts.new_named", names=", ".join([*names, *tail])))
    return lines


NEW_NAMED = 10  # the new people named in the summary; the rest are counted


def filled_fields(result: Sorted) -> str:
    """The fields the file fills, in the content's words ("Company, Profile link")."""
    order: list[str] = []
    for values in result.fills.values():
        order += [k for k in values if k not in order]
    return ", ".join(result.labels.get(k, k) for k in order)
