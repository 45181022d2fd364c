"""vCard files (``.vcf``, versions 2.1 to 4.0), read here line by line in linear time:
folds and quoted-printable joined, pictures dropped, at most a few of each property,
values cut at :data:`VALUE_MAX`, then the few properties the coach uses unescaped.

No ``vobject``: it took about 1 ms a card (a megabyte of small cards: 8 s) and its
parameter pattern could backtrack for minutes, and it logged file content to stderr."""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from coach.formats.contact_fields import birthday
from coach.formats.contacts_common import (
    MAX_CONTACTS,
    NETWORK,
    NOTE_MAX,
    Contact,
    ContactsFile,
    _expected,
    _long,
    _one_line,
    _too_many,
)

VALUE_MAX = 100_000  # characters of one vCard property read (a note is cut at NOTE_MAX)

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
    return bool(params) and "QUOTED-PRINTABLE" in params.upper()


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


def _cards(text: str) -> Iterator[list[str]]:
    """Each top-level card's lines, ready for vobject: folded lines joined, quoted-printable
    joined across its soft line breaks and decoded, pictures and sounds dropped, nested
    cards (2.1's AGENT) left out. Lines outside any card are ignored."""
    # Lines end at CR, LF or both only: str.splitlines() also broke them at U+2028, U+0085,
    # a form feed, ..., and a name or note holding one was cut there without a word.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
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
        params = _guarded(params)
        card.append(name + (";" + params if params else "") + ":" + value)


_ENCODING_VALUE = re.compile(r"[A-Za-z0-9-]{1,20}")


def _guarded(params: str) -> str:
    """The parameters kept: only ENCODING, as one well-formed ``ENCODING=b`` (a base64
    value is no text); TYPE, PREF, CHARSET... are not read here. A parameter list is
    never matched by a pattern: vobject's backtracked for minutes on a 283-byte EMAIL
    line with 29 ``TYPE=`` and an empty parameter before the colon."""
    if "=" not in params:
        return ""
    for part in params.split(";"):
        key, _, value = part.partition("=")
        value = value.strip().strip('"')
        if key.strip().upper() == "ENCODING" and _ENCODING_VALUE.fullmatch(value):
            return "ENCODING=" + value
    return ""


def _read_vcards(text: str, path: Path) -> ContactsFile:
    contacts: list[Contact] = []
    skipped: Counter[str] = Counter()
    for lines in _cards(text):
        if len(contacts) + sum(skipped.values()) >= MAX_CONTACTS:
            raise _too_many(path)
        if not _has_name(lines):
            skipped["no_name"] += 1
            continue
        contact = _contact(_card(lines))
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


# What vobject did for us, after _cards had done the rest: a property's text unescaped
# (and N, ORG split at their semicolons). vobject was replaced because it was both the
# slow part and the runaway one: about 1 ms a card (a 1 MB file of small cards: 8 s), and
# a parameter pattern that backtracks for minutes on a 283-byte line.
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SEPARATOR = re.compile(r"\\.|;", re.DOTALL)
_BINARY_ENCODINGS = frozenset({"B", "BASE64"})

Value = str | list[str]


def _unescape(value: str) -> str:
    r"""vCard text: ``\n`` a line break, ``\,`` ``\;`` ``\\`` the character itself."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _components(value: str) -> list[str]:
    """A structured value (N, ORG) split at its unescaped semicolons, each part unescaped."""
    parts: list[str] = []
    start = 0
    for match in _SEPARATOR.finditer(value):
        if match.group() == ";":
            parts.append(_unescape(value[start : match.start()]))
            start = match.end()
    parts.append(_unescape(value[start:]))
    return parts


def _card(lines: list[str]) -> dict[str, list[Value]]:
    """A card's values by property name (``EMAIL`` -> every e-mail, in order); a value in
    base64 (a key or a picture under another name) is left out, as it is no text."""
    values: dict[str, list[Value]] = {}
    for line in lines[1:-1]:
        head, _, value = line.partition(":")
        name, _, params = head.partition(";")
        if params.partition("=")[2].upper() in _BINARY_ENCODINGS:
            continue
        found = _components(value) if name in _STRUCTURED else _unescape(value)
        values.setdefault(name, []).append(found)
    return values


def _first_text(card: dict[str, list[Value]], name: str) -> str:
    for value in card.get(name, ()):
        if isinstance(value, list):  # ORG: the organisation first, then its units
            value = value[0] if value else ""
        text = _one_line(value)
        if text:
            return text
    return ""


def _n_name(card: dict[str, list[Value]]) -> str:
    for value in card.get("N", ()):
        parts = value if isinstance(value, list) else [value]
        family, given, additional, prefix = [*parts, "", "", "", ""][:4]
        text = _one_line(" ".join(w for w in (prefix, given, additional, family) if w))
        if text:
            return text
    return ""


def _contact(card: dict[str, list[Value]]) -> Contact | None:
    name = _first_text(card, "FN") or _n_name(card)
    if not name:
        return None
    found = [*card.get("URL", ()), *card.get("X-SOCIALPROFILE", ())]
    urls = [_one_line(u) for u in found if isinstance(u, str)]
    urls = [u for u in urls if u]
    linkedin = next((u for u in urls if "linkedin.com" in u.lower()), "")
    profile = linkedin or (urls[0] if urls else "")
    notes = [_long(v) for v in card.get("NOTE", ()) if isinstance(v, str)]
    return Contact(
        name=name,
        profile=profile,
        email=_first_text(card, "EMAIL"),
        company=_first_text(card, "ORG"),
        position=_first_text(card, "TITLE") or _first_text(card, "ROLE"),
        note="\n".join(n for n in notes if n)[:NOTE_MAX],
        network=NETWORK if linkedin else "",
        phone=_first_text(card, "TEL"),
        birthday=birthday(_first_text(card, "BDAY")),
    )
