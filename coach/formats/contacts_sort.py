"""Who is new: a file's contacts against the saved people (by profile, e-mail, name),
and the new ones as people records of the content's list."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from coach import dates
from coach.domain.people import name_key
from coach.formats.contacts_common import NETWORK, Contact, ContactsFile, Sorted
from coach.i18n import t

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress


def profile_key(url: str) -> str:
    """A profile URL with scheme, ``www.``, a trailing slash and case set aside."""
    key = url.strip().lower()
    key = re.sub(r"^[a-z][a-z0-9+.-]*://", "", key)
    key = key.removeprefix("www.")
    return key.rstrip("/")


class _Known:
    """Who is there already, by profile, e-mail and name (growing as a file is read, so
    someone twice in the file counts as already there the second time)."""

    def __init__(self) -> None:
        self.profiles: dict[str, str] = {}  # key -> the record id (FILE_MARK + n: the file's)
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

    def match(self, name: str, profile: str, email: str, *, strict: bool = False) -> str | None:
        """Who it is (the record id; FILE_MARK + n for the file's n-th new one), or None: same
        profile, else same e-mail, else the same name, unless both have a profile (or both
        an e-mail) and they differ: two Anna Schmidts with two profiles are two. ``strict``:
        the same name only where the file's row has no profile or e-mail the known one
        lacks (someone removed by name alone is not every namesake a file knows better;
        a phone's card with only a name is still the one removed)."""
        p, e = profile_key(profile), email.strip().casefold()
        if p and p in self.profiles:
            return self.profiles[p]
        if e and e in self.emails:
            return self.emails[e]
        for known_p, known_e, rid in self.names.get(name_key(name), ()):
            if (p and known_p and p != known_p) or (e and known_e and e != known_e):
                continue
            if strict and ((p and not known_p) or (e and not known_e)):
                continue  # (the file knows them by what the note does not: maybe another)
            return rid
        return None


def sort_out(
    course: Course,
    progress: Progress,
    source: ContactsFile,
    removed: Iterable[dict[str, Any]] = (),
) -> Sorted:
    """Split ``source``'s contacts into the new ones and a count of those already there;
    ``removed``: people removed from the list earlier (not there, not new: left out)."""
    from coach.domain import people

    spec = people.spec(course)
    known, gone = _Known(), _Known()
    saved: dict[str, dict[str, Any]] = {}
    if spec is not None:

        def add(into: _Known, record: dict[str, Any]) -> str:
            rid = _text(record.get("id"))
            profile = _text(record.get(spec.profile)) if spec.profile else ""
            email = _text(record.get(spec.email)) if spec.email else ""
            into.add(_text(record.get(spec.name)), profile, email, rid)
            return rid

        for record in people.records(course, progress):
            saved[add(known, record)] = record
        for record in removed:
            add(gone, record)
    left_out: set[str] = set()
    new: list[Contact] = []
    already = twice = 0
    fills: dict[str, dict[str, str]] = {}
    kind = getattr(spec, "connected_kind", None)
    # The first contact of each person already there (the day of their earliest): the day
    # a file says they connected is logged only before it, as the first contact it is (a
    # later one would be their newest contact, and count in that week).
    first: dict[str, str] = {}
    if kind:
        for c in progress.contacts.entries():
            pid, on = str(c.get("person")), str(c.get("date"))
            if c.get("kind") == kind:
                on = ""  # (one logged already: none more)
            if on < first.get(pid, "~"):
                first[pid] = on
    connected: dict[str, str] = {}  # (a vCard imported first left them without one)
    seen: set[str] = set()  # the people already there that the file named
    last = dates.local_today().isoformat()
    for contact in source.contacts:
        who = known.match(contact.name, contact.profile, contact.email)
        was = (
            None
            if who is not None
            else gone.match(contact.name, contact.profile, contact.email, strict=True)
        )
        if was is not None:
            left_out.add(was)  # (one person listed twice in the file: counted once)
            continue
        if who is None:
            known.add(contact.name, contact.profile, contact.email, f"{FILE_MARK}{len(new)}")
            new.append(contact)
            continue
        if who not in saved:  # one read earlier in this very file: taken once, with what
            twice += 1  # either row knows (an e-mail on one row only was lost)
            index = int(who[len(FILE_MARK) :])
            new[index] = merged(new[index], contact)
            known.add(contact.name, contact.profile, contact.email, who)
            continue
        if who in seen:  # someone already there, listed again in the file: counted once
            twice += 1
        else:
            already += 1
            seen.add(who)
        day = contact.connected
        if kind and day and day <= last and who and day < first.get(who, "~"):  # (not a
            connected.setdefault(who, day)  # future day: none is logged, as for someone new)
        if who:  # their empty fields get what the file knows
            empty = {
                k: str(v)
                for k, v in records(course, [contact])[0].items()
                if k != getattr(spec, "circle", None)
                and not saved[who].get(k)
                and not fills.get(who, {}).get(k)
            }
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
    return Sorted(source, new, already, fills, labels, twice, connected, len(left_out))


FILE_MARK = "#"  # a match's id: someone earlier in the file (no record id starts so)


def merged(first: Contact, again: Contact) -> Contact:
    """``first`` with the fields it lacks taken from ``again`` (the same person listed twice
    in one file): nothing either row knows is lost."""
    from dataclasses import fields, replace

    gaps = {
        f.name: getattr(again, f.name)
        for f in fields(Contact)
        if not getattr(first, f.name) and getattr(again, f.name)
    }
    return replace(first, **gaps) if gaps else first


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
    network = spec.import_network  # the content's option for people from LinkedIn
    network_ok = False
    if spec.network and network:
        network_field = course.subfield(spec.records, spec.network)
        if network_field is not None:
            network_ok = any(o.id == network for o in course.options_for(network_field))
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
            record[spec.network] = network
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
    if result.twice:
        lines.append("  " + tn("contacts.twice", result.twice))
    if result.removed:
        lines.append(
            "  " + tn("contacts.removed", result.removed) + " " + t("contacts.removed_flag")
        )
    for reason, count in sorted(result.skipped.items()):
        lines.append("  " + tn(f"contacts.skipped_{reason}", count))
    lines += ["  " + line for line in known_lines(result)]
    if result.new:
        names = [c.name for c in result.new[:NEW_NAMED]]
        more = len(result.new) - NEW_NAMED
        tail = [tn("contacts.new_more", more)] if more > 0 else []
        lines.append("  " + t("contacts.new_named", names=", ".join([*names, *tail])))
    return lines


NEW_NAMED = 10  # the new people named in the summary; the rest are counted


def known_lines(result: Sorted) -> list[str]:
    """What the file brings to people already there (empty fields filled, the day they
    connected), one sentence each: the shell's summary, the picker's and its question."""
    from coach.i18n import tn

    lines = []
    if result.fills:
        lines.append(tn("contacts.filled", len(result.fills), fields=filled_fields(result)))
    if result.connected:
        lines.append(tn("contacts.connected_known", len(result.connected)))
    return lines


def filled_fields(result: Sorted) -> str:
    """The fields the file fills, in the content's words ("Company, Profile link")."""
    order: list[str] = []
    for values in result.fills.values():
        order += [k for k in values if k not in order]
    return ", ".join(result.labels.get(k, k) for k in order)
