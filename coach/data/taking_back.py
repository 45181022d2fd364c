"""Which change an undo or a redo takes, and the operation that does it (for
:class:`coach.data.book.Book`).

An undo is a new operation that puts back what this device's newest change replaced (again:
the one before). A redo takes back an undo: it is the undone change made again, with the
same verb and words, so that ``u`` after it takes that change back once more. A new change
of the user's ends what can be redone, as in any editor. Values another device changed
after the change (or the undo) stay as they are, either way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from coach.data import journal, merge
from coach.data.journal import Op

if TYPE_CHECKING:
    from coach.data.book import Book

# Passed over by undo and redo alike: no change of the user's (publishing to a sync folder,
# the welcome closed: it came again, going to a step: "u" took back the move, not a tick).
NOT_UNDONE = ("sync", "welcome", "step")
REDO = "redo"  # a redo's words (``say``): the id of the undo it takes back

Done = tuple[Op, Op, list[list[str]]]  # the change taken back, the new operation, paths left


def _newest_first(own: Iterable[Op]) -> list[Op]:
    """By stamp (a sync tool's copy of this device's journal may list them out of order)."""
    return sorted(own, key=lambda op: op.at, reverse=True)


def last_undoable(own: Sequence[Op]) -> Op | None:
    """This device's newest operation not taken back yet (undos themselves aside)."""
    undone = {op.undo for op in own if op.undo}
    for op in _newest_first(own):
        if op.undo or op.id in undone or not op.takes_back or op.do in NOT_UNDONE:
            continue
        return op
    return None


def last_redoable(own: Sequence[Op]) -> Op | None:
    """This device's newest undo not redone yet, if no change of the user's came after it."""
    redone: set[str] = set()
    for op in _newest_first(own):
        if op.undo:  # (an undo of a redo carries the redo's words: it is an undo)
            if op.id not in redone:
                return op
        elif isinstance(again := op.say.get(REDO), str):
            redone.add(again)
        elif op.takes_back and op.do not in NOT_UNDONE:
            return None  # a change made after the undos: they stay undone
    return None


def redone_as(undo: Op) -> tuple[str, dict[str, Any]]:
    """The verb and words of the change ``undo`` took back (what redoing it makes again)."""
    return str(undo.say.get("of", "")), {k: v for k, v in undo.say.items() if k != "of"}


def take_back(
    book: Book, target: Op, leave: Collection[tuple[str, ...]] = (), *, redo: bool = False
) -> Done | None:
    """Put back what ``target`` replaced, as one new operation: an undo of a change, or
    (``redo``) the change an undo took back, made again. ``leave``: paths the session keeps
    as they are (not counted)."""
    if target.was is None:
        return None
    meta, mine = book.meta, book.device.id
    others = _others_ops(book)
    touched = merge.Touched(others, target.at, mine)

    def left(path: Sequence[str]) -> bool:
        return touched.leaves(path) or merge.later_elsewhere(meta, path, target.at, mine)

    was = [(p, v) for p, v in before(target, others, mine) if tuple(p) not in leave]
    changes = merge.undo_changes(was, target.set, left)
    taken = {merge.key(p) for p, _ in changes}
    kept = [p for p, _ in was if merge.key(p) not in taken]
    if redo:
        do, say = redone_as(target)
        say[REDO] = target.id
        done = book.commit(do, changes, say)
        if done is None:  # it changed nothing any more: recorded redone all the same, as
            done = book.commit(do, [], say, always=True, takes_back=False)  # nothing to undo
    else:
        done = book.commit("undo", changes, {"of": target.do, **target.say}, undo_of=target.id)
        if done is None:  # it changed nothing any more: record it taken back all the same
            done = book.commit("undo", [], {"of": target.do}, undo_of=target.id)
    return (target, done, kept) if done is not None else None


def before(target: Op, others: Iterable[Op], mine: str) -> list[tuple[list[str], Any]]:
    """What each path ``target`` changed held just before it, all devices' changes merged:
    the value it replaced, unless another device set the path (for a whole record: one of
    its fields) later than that value but before ``target``, and this device had not seen
    it yet (a catch-up on the desktop made before the laptop's log arrived: its undo
    brings back the laptop's date, not the older one the desktop knew). Where ``target``
    kept no stamp for a value, that value."""
    held: dict[str, tuple[str, Any]] = {}  # path -> (stamp, value) of the newest so far
    fields: dict[str, dict[str, tuple[str, Any]]] = {}  # a record's path -> its fields so
    for item in target.was or ():
        if len(item) > 2:
            held[merge.key(item[0])] = (item[2], item[1])
            if item[0][0] == "r" and isinstance(item[1], dict):
                fields[merge.key(item[0])] = {}
    for op in others if held else ():
        if op.dev == mine or op.at >= target.at:
            continue
        for assigned in op.set:
            path, at = assigned[0], assigned[2] if len(assigned) > 2 else op.at
            key = merge.key(path)
            if key in held and held[key][0] < at < target.at:
                held[key] = (at, assigned[1])
            elif path[0] == "f" and len(path) == 4:
                record = merge.key(("r", path[1], path[2]))
                newest = fields.get(record)
                if newest is None or not held[record][0] < at < target.at:
                    continue
                if at > newest.get(path[3], ("", None))[0]:
                    newest[path[3]] = (at, assigned[1])
    out: list[tuple[list[str], Any]] = []
    for item in target.was or ():
        key = merge.key(item[0])
        value = held[key][1] if key in held else item[1]
        if fields.get(key) and isinstance(value, dict):
            value = dict(value)
            for name, (_, field_value) in fields[key].items():
                if field_value is None:
                    value.pop(name, None)
                else:
                    value[name] = field_value
        out.append((list(item[0]), value))
    return out


def _others_ops(book: Book) -> list[Op]:
    """Every operation the journals hold from other devices (read whole: an undo is rare,
    and must see what arrived, whatever this device did since)."""
    ops: list[Op] = []
    for path in book.sources():
        if journal.device_of(path) != book.device.id:
            ops.extend(journal.read_tail(path).ops)
    return ops
