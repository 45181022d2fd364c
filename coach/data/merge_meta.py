"""What the merge rules keep beside the state: the hybrid logical clock that stamps every
operation, the stamps each path holds, tombstones, records kept aside, where each record was
made (:class:`Meta`), and the names of paths. The rules are :mod:`coach.data.merge`'s.

Pure: no files, no Textual.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable
from typing import Any

CONTACTS = "#contacts"  # the contact log's list name (no content key starts with "#")
SETTINGS = ("current_step", "welcome_seen", "language", "pause_until", "breaks")
Path = list[str]
Change = tuple[Path, Any]


# -- the clock ---------------------------------------------------------------------------
# ``<ms>.<counter>.<device>``: 13 and 6 digits, so that text order is time order.
_DEVICE = re.compile(r"[0-9A-Za-z_-]{1,64}")
_STAMP = re.compile(r"\d{13}\.\d{6}\." + _DEVICE.pattern)
_LAST_MS = 4_102_444_800_000  # 2100-01-01: a clock decades ahead is no clock (the same everywhere)


def is_device_id(value: object) -> bool:
    """Whether ``value`` can name a device: the last part of its stamps, and its journal's
    file name (``new_device_id`` makes 10 hex digits)."""
    return isinstance(value, str) and _DEVICE.fullmatch(value) is not None


def is_stamp(value: object) -> bool:
    """Whether ``value`` is a stamp as :func:`next_stamp` makes them, before the year 2100.
    Anything else (a line from another tool: "z", a time past the year 9999, a counter of
    seven digits) would sort after every real stamp for good, or fail where its time is
    read; every device refuses the same ones, so all still fold to the same state."""
    if not isinstance(value, str) or _STAMP.fullmatch(value) is None:
        return False
    return int(value[:13]) < _LAST_MS


AHEAD_MS = 366 * 86_400_000  # a change dated over a year past this device's clock


def far_ahead(value: str, wall_ms: int | None = None) -> bool:
    """Whether a stamp lies more than a year past this device's clock (a clock far off, or
    another tool). Taken in, it would carry this device's own later stamps with it, past
    the year 2100 (refused, their changes lost) or past every change made after it."""
    wall = wall_ms_now() if wall_ms is None else wall_ms
    return _parts(value)[0] > wall + AHEAD_MS


def horizon(wall_ms: int) -> str:
    """The text after which a stamp is :func:`far_ahead` of ``wall_ms`` (a fold compares
    20,000 stamps to it): its milliseconds, the largest counter, and "~", after every
    character a device id may hold."""
    return f"{wall_ms + AHEAD_MS:013d}.999999.~"


def wall_ms_now() -> int:
    """This device's clock, in the stamps' milliseconds."""
    return int(time.time() * 1000)


def next_stamp(last: str, device: str, wall_ms: int | None = None) -> str:
    """A stamp later than ``last`` and than the wall clock: ``<ms>.<counter>.<device>``,
    ordered as text. A device whose clock runs behind still stamps after what it has seen."""
    wall = wall_ms_now() if wall_ms is None else wall_ms
    ms, counter = _parts(last)
    if wall > ms:
        ms, counter = wall, 0
    elif counter < 999_999:
        counter += 1
    else:  # the counter's six digits are used up: the next millisecond
        ms, counter = ms + 1, 0
    return f"{ms:013d}.{counter:06d}.{device}"


def _parts(value: str) -> tuple[int, int]:
    try:
        ms, counter, _ = value.split(".", 2)
        return int(ms), int(counter)
    except ValueError:
        return 0, 0


def stamp_time(value: str) -> float:
    """The wall time (seconds) a stamp carries."""
    return _parts(value)[0] / 1000


def new_device_id() -> str:
    return os.urandom(5).hex()


# -- what the state remembers for merging --------------------------------------------------
class Meta:
    """Per path, the stamp of the value it holds; the tombstones of removed records; when
    each record made by an operation was made (its place in the list). Saved with the
    snapshot (``progress.json``'s ``merge`` key), never in an export."""

    __slots__ = ("clock", "created", "last", "pending", "revived", "tomb")

    def __init__(self, doc: dict[str, Any] | None = None) -> None:
        doc = doc if isinstance(doc, dict) else {}
        self.clock: dict[str, str] = _str_map(doc.get("clock"), stamps=True)
        self.created: dict[str, str] = _str_map(doc.get("created"))
        tomb = doc.get("tomb")
        self.tomb: dict[str, dict[str, Any]] = (
            {k: v for k, v in tomb.items() if isinstance(v, dict)} if isinstance(tomb, dict) else {}
        )
        last = doc.get("last")
        self.last: str = last if isinstance(last, str) and is_stamp(last) else ""
        # Records only edited or removed so far, never made (by this or another device):
        # their fields and whether they would be there, kept aside until an operation that
        # makes them arrives (never shown before).
        pending = doc.get("pending")
        self.pending: dict[str, dict[str, Any]] = (
            {
                k: {"alive": v.get("alive") is True, "fields": v["fields"]}
                for k, v in pending.items()
                if isinstance(v, dict) and isinstance(v.get("fields"), dict)
            }
            if isinstance(pending, dict)
            else {}
        )
        # Removed records an operation brought back since last asked: the record, the
        # stamps of that operation and of the removal (the UI says so when another
        # device's change brought back what this one removed; never saved).
        self.revived: list[tuple[str, str, str]] = []

    def to_doc(self) -> dict[str, Any]:
        if not (self.clock or self.created or self.tomb or self.last or self.pending):
            return {}
        doc = {"clock": self.clock, "created": self.created, "tomb": self.tomb, "last": self.last}
        return {**doc, "pending": self.pending} if self.pending else doc

    def seen(self, at: str) -> None:
        if at > self.last:
            self.last = at


def _str_map(value: Any, *, stamps: bool = False) -> dict[str, str]:
    """Text -> text; with ``stamps``, only stamps as values (one saved before stamps were
    checked that is not one is dropped: its path then takes the next change made to it)."""
    if not isinstance(value, dict):
        return {}
    good = is_stamp if stamps else (lambda v: isinstance(v, str))
    return {k: v for k, v in value.items() if isinstance(k, str) and good(v)}


def key(path: Iterable[str]) -> str:
    return "\x1f".join(path)
