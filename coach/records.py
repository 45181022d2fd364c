"""Small typed records (what a verb returns, a row of a registry, a key of the footer): frozen,
slotted, compared and shown by their fields, and unpacked like the named tuples they were.

Why not ``typing.NamedTuple``: making one compiles its ``__new__`` with ``eval`` and checks
each annotation, 0.1-0.3 ms a class as its module is imported; eleven were on the coach's
start, about 1.7 ms before the first frame. A :class:`Record` class is made in
microseconds; type checkers see it as a frozen dataclass (``dataclass_transform``), so the
fields are typed as before. The content's own objects have the same idea, keyword-only
(:mod:`coach.content.content_types`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Self, dataclass_transform


@dataclass_transform(frozen_default=True)
class _RecordType(type):
    """Turns a class's annotated names into its slots, fields (in order) and defaults."""

    def __new__(mcs, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> _RecordType:
        notes = ns.get("__annotations__", {})
        own = tuple(n for n, note in notes.items() if not str(note).startswith("ClassVar"))
        ns["_defaults"] = {n: ns.pop(n) for n in own if n in ns}
        ns["__slots__"] = ns["_fields"] = own
        return super().__new__(mcs, name, bases, ns)


class Frozen:
    """What records and the content's objects share: made once, never changed; compared,
    hashed, shown, copied and pickled by their fields (``_fields``, in order)."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is not changed once made")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is not changed once made")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, field) for field in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{field}={getattr(self, field)!r}" for field in self._fields)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Copied and pickled by its fields, made again by name (the frozen object cannot be
        filled in field by field, as copy and pickle do by default)."""
        return _remade, (type(self), dict(zip(self._fields, self._values(), strict=True)))


def _remade(cls: type[Any], values: dict[str, Any]) -> Any:
    return cls(**values)


class Record(Frozen, metaclass=_RecordType):
    """Made with its fields by position or by name, then never changed."""

    __slots__ = ()
    _defaults: ClassVar[dict[str, Any]]

    def __init__(self, *values: Any, **named: Any) -> None:
        fields, put = self._fields, object.__setattr__
        if len(values) > len(fields):
            raise TypeError(f"{type(self).__name__}: {len(values)} values for {len(fields)} fields")
        for field, value in zip(fields, values, strict=False):
            put(self, field, value)
        for field in fields[len(values) :]:
            if field in named:
                put(self, field, named.pop(field))
            elif field in self._defaults:
                put(self, field, self._defaults[field])
            else:
                raise TypeError(f"{type(self).__name__}: missing {field!r}")
        if named:
            raise TypeError(f"{type(self).__name__}: unknown {', '.join(map(repr, named))}")

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values())

    def _replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` (as a named tuple's ``_replace``)."""
        return type(self)(
            **{field: changes.pop(field, getattr(self, field)) for field in self._fields}, **changes
        )
