"""The small records (coach.records) behave as the named tuples they replaced."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

from coach.records import Record


class Point(Record):
    """A test record: two required fields and a default."""

    x: int
    y: int
    label: str = ""


def test_made_by_position_or_by_name_with_defaults() -> None:
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2, label="")
    assert Point(1, 2).label == ""
    assert Point(1, 2, "a").label == "a"


@pytest.mark.parametrize(
    ("args", "named", "says"),
    [
        ((1,), {}, "missing 'y'"),
        ((1, 2, "a", 4), {}, "4 values"),
        ((1, 2), {"z": 3}, "unknown 'z'"),
    ],
)
def test_wrong_fields_are_refused(args: tuple[Any, ...], named: dict[str, Any], says: str) -> None:
    with pytest.raises(TypeError, match=says):
        Point(*args, **named)


def test_never_changed_once_made() -> None:
    point = Point(1, 2)
    with pytest.raises(AttributeError):
        point.x = 3  # type: ignore[misc]  # (the type checker refuses it too)
    with pytest.raises(AttributeError):
        del point.y
    with pytest.raises(AttributeError):
        point.other = 1


def test_compared_hashed_shown_and_unpacked_by_fields() -> None:
    assert Point(1, 2) != Point(2, 1)
    assert Point(1, 2) != (1, 2, "")  # a record is not its tuple
    assert len({Point(1, 2), Point(1, 2), Point(1, 3)}) == 2
    assert repr(Point(1, 2, "a")) == "Point(x=1, y=2, label='a')"
    x, y, label = Point(1, 2, "a")
    assert (x, y, label) == (1, 2, "a")
    assert Point(1, 2)._replace(y=5) == Point(1, 5)
    with pytest.raises(TypeError, match="unknown 'z'"):
        Point(1, 2)._replace(z=1)


def test_a_default_is_shared_as_a_named_tuples_is() -> None:
    """Defaults are values, not factories: records hold immutable defaults only."""
    assert Point(1, 2).label is Point(3, 4).label


def test_copied_and_pickled_by_fields() -> None:
    """Frozen, a record cannot be rebuilt field by field as copy and pickle do by default."""
    point = Point(1, 2, "a")
    assert copy.copy(point) == copy.deepcopy(point) == pickle.loads(pickle.dumps(point)) == point


def test_a_person_is_copied_with_its_record() -> None:
    from coach.domain.people import Person

    person = Person("p1", "Ada", record={"name": "Ada"})
    again = copy.deepcopy(person)
    assert again == person and again.record == {"name": "Ada"}
