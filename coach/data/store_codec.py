"""The bytes of ``progress.json`` to and from a :class:`~coach.data.progress.Progress`: parsing
with a reason for every way a file can be unusable, the pydantic-free fast path for a plain
current file, migration and the full schema check for anything else, and serialising.
Re-exported by ``coach.data.store``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.data import migrations
from coach.data.migrations import migrate, version_of
from coach.data.store_errors import NewerVersion, Reason, Unusable
from coach.domain import contact_log
from coach.safetext import shown

if TYPE_CHECKING:  # pydantic is imported when a file is decoded: peeking stays light
    from pydantic import ValidationError

    from coach.data.log_split import Known
    from coach.data.progress import Progress


def parse(raw: bytes) -> tuple[dict[str, Any] | None, Reason | None]:
    """The JSON document in ``raw``, or None and why not."""
    if not raw.strip():
        return None, Reason("empty", "reason.empty")
    if b"\x00" in raw:
        return None, Reason("nul-bytes", "reason.nul_bytes")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, Reason("not-utf-8-text", "reason.not_utf8")
    except json.JSONDecodeError as exc:
        return None, Reason("not-json", "reason.not_json", {"line": exc.lineno})
    except RecursionError:
        return None, Reason("not-json", "reason.too_deep")
    except ValueError:  # e.g. an integer of thousands of digits (Python's int limit)
        return None, Reason("not-json", "reason.not_json", {"line": 1})
    if b"\\ud" in raw.lower() and _has_lone_surrogate(doc):
        # "\ud800" escapes decode to text that can never be written back as UTF-8.
        return None, Reason("not-utf-8-text", "reason.not_utf8")
    if not isinstance(doc, dict):
        return None, Reason("schema", "reason.not_object")
    if version_of(doc) < 0:
        return None, Reason("schema", "reason.no_version")
    return doc, None


def _has_lone_surrogate(doc: Any) -> bool:
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def invalid(exc: ValidationError) -> Reason:
    """The first thing pydantic found wrong, as a reason (where, not pydantic's English)."""
    parts = [str(p) for p in exc.errors()[0]["loc"]]
    if len(parts) > 1 and parts[-1] == parts[-2]:  # (a union's member named after the field:
        parts.pop()  # "contacts.0.date.date" for a day)
    where = shown(".".join(parts), single_line=True)
    return Reason("schema", "reason.invalid_entry", {"where": where})


def decode(raw: bytes) -> tuple[Progress, bool]:
    """``raw`` as current progress and whether it was migrated; raises :class:`Unusable`
    or :class:`NewerVersion` (with ``path`` unknown here).

    A plainly valid current file is taken as it is; anything else (older, odd types,
    not-a-number values, which JSON does not have) goes through the pydantic schema. A
    value nested deeper than any the coach makes (a hand edit) makes the file unusable,
    as one too deep for the JSON parser does: the export and the screens would fail on it.
    """
    from coach.data.progress import too_deep

    progress, migrated = _decode(raw)
    if too_deep(progress):
        raise Unusable(Reason("schema", "reason.too_deep"))
    return progress, migrated


def _decode(raw: bytes) -> tuple[Progress, bool]:
    from coach.data.progress import Progress

    progress = decode_packed(raw)
    if progress is not None:
        return progress, False
    doc, reason = parse(raw)
    if reason is not None:
        raise Unusable(reason)
    assert doc is not None  # parse gives a document or a reason
    version, current = version_of(doc), migrations.SCHEMA_VERSION  # looked up now: tests patch it
    if version > current:
        raise NewerVersion(Path(), version)
    if version == current and not _not_a_number(raw, doc):
        progress = Progress.from_doc(doc)
        if progress is not None:
            return progress, False
    if version < current:
        try:
            doc = migrate(doc)
        except ValueError:
            raise Unusable(Reason("schema", "reason.no_migration", {"version": version})) from None
    return checked(doc), version < current


def peek(raw: bytes) -> tuple[Progress | None, dict[str, Any] | None]:
    """``raw`` as current progress if it is plainly valid (no pydantic, no migration), else
    None and its document (None if it has none): for a look that must change nothing."""
    from coach.data.progress import Progress, too_deep

    progress = decode_packed(raw)
    if progress is not None:
        return (None, None) if too_deep(progress) else (progress, None)
    doc, _ = parse(raw)
    if doc is None or version_of(doc) != migrations.SCHEMA_VERSION:
        return None, doc
    if _not_a_number(raw, doc):
        return None, doc
    progress = Progress.from_doc(doc)
    return (None, doc) if progress is not None and too_deep(progress) else (progress, doc)


def _not_a_number(raw: bytes, doc: Any) -> bool:
    """Whether ``doc`` holds NaN or an infinity (which JSON has not; the schema makes them
    null). Looked for only when the text has the words: a note saying "NaN" is text, and
    once sent the whole file down the schema's stricter way."""
    return (b"NaN" in raw or b"Infinity" in raw) and not_a_number(doc) is not None


def not_a_number(value: Any) -> str | None:
    """Where ``value`` holds NaN or an infinity (``answers.x.0.y``), or None. Looked at
    without recursion (a hand-edited file may nest thousands deep)."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, where = stack.pop()
        if type(item) is float and not math.isfinite(item):
            return where or "(top)"
        if isinstance(item, dict):
            pairs: Any = item.items()
        elif isinstance(item, list):
            pairs = enumerate(item)
        else:
            continue
        stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in reversed(list(pairs)))
    return None


def decode_packed(raw: bytes) -> Progress | None:
    """``raw`` as current progress if it is plainly valid and holds a long contact log (kept
    packed: see :mod:`coach.domain.contact_log`), else None (the caller takes the full way).
    A file too short to hold one (most) loads nothing for it."""
    if len(raw) <= contact_log.PACKED_FROM:
        return None
    from coach.data.log_split import split
    from coach.data.progress import Progress

    found = split(raw)
    if found is None or version_of(found[0]) != migrations.SCHEMA_VERSION:
        return None
    return Progress.from_doc(found[0])


def decode_noted(head: bytearray, tail: bytes, known: Known) -> Progress | None:
    """A current snapshot read as its ``head`` and ``tail`` around the contact log its save
    noted (:mod:`coach.data.log_index`), if plainly valid; else None (the caller reads the
    whole file the full way, which says what is wrong with it)."""
    from coach.data.log_split import joined
    from coach.data.progress import Progress, too_deep

    found = joined(head, tail, known)
    if found is None or version_of(found[0]) != migrations.SCHEMA_VERSION:
        return None
    progress = Progress.from_doc(found[0])
    return None if progress is None or too_deep(progress) else progress


def checked(doc: dict[str, Any]) -> Progress:
    """``doc`` (current version) through the pydantic schema, or :class:`Unusable`."""
    from pydantic import ValidationError

    from coach.data.progress_schema import validate

    try:
        return validate(doc)
    except ValidationError as exc:
        raise Unusable(invalid(exc)) from None
    except RecursionError:
        raise Unusable(Reason("schema", "reason.too_deep")) from None


def dump(progress: Progress) -> bytes:
    """``progress`` as the bytes of ``progress.json``. orjson: serialising is most of a save's
    time (under a millisecond for a three-year plan, against ~30 ms for ``json`` indented);
    ``json`` for what orjson refuses (integers beyond 64 bits, lone surrogates)."""
    import orjson

    try:
        # A packed contact log goes in as the bytes it would be written as (never unpacked).
        return orjson.dumps(progress.to_doc(packed=True), option=orjson.OPT_INDENT_2)
    except TypeError:
        # A lone surrogate (text no UTF-8 can hold) becomes "?": saved and readable, where
        # writing it as is would make a file no load accepts.
        text = json.dumps(progress.to_doc(), indent=1, ensure_ascii=False)
        return text.encode("utf-8", errors="replace")
