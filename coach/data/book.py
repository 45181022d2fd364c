"""The user's record: the snapshot (``progress.json``) with every journal folded over it.

What the user sees is the snapshot, then every operation of every journal (this device's in
the data folder, the other devices' in the sync folder) applied by :mod:`coach.data.merge`'s
rules. A change is one operation appended to this device's journal (one fsynced line); the
snapshot is rewritten rarely (:meth:`Book.compact`: on quitting the UI, or when a journal
has grown), under a lock held for milliseconds. Opening writes nothing.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach.data import journal, merge, taking_back
from coach.data.changes import inverse
from coach.data.fileio import atomic_write
from coach.data.journal import Device, Op
from coach.data.progress import Progress, new_id, stamp
from coach.data.store import SaveFailed, Store, StoreError
from coach.records import Record

COMPACT_AFTER = 256 * 1024  # bytes of this device's journal before the snapshot is redone
KEEP_FOR_UNDO = 200  # this device's newest operations kept in its journal by a compaction


class Notice(Record):
    """A problem met while reading the journals, said once (catalog key and values)."""

    key: str
    values: Mapping[str, Any]


Appender = Callable[[list[tuple[Path, bytes]]], None]


def write_lines(batch: list[tuple[Path, bytes]]) -> None:
    """Append each line to its file now (the CLI's way; the UI hands them to a thread)."""
    for path, line in batch:
        try:
            journal.append(path, line)
        except OSError as exc:
            raise SaveFailed(path, exc) from None


class Book:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.store = Store(folder)
        self.progress: Progress | None = None
        self.meta = merge.Meta()
        self.device = Device(merge.new_device_id(), False)
        self.read: dict[str, list[int]] = {}  # journal file -> [inode, offset folded]
        self.own: list[Op] = []  # this device's operations still in its journal, oldest first
        self.notices: list[Notice] = []  # not yet said
        self._said: set[tuple[str, str]] = set()
        self.appender: Appender = self._write_now
        # With a writer thread as appender: waits until every line handed to it is written.
        self.wait_for_writes: Callable[[], object] | None = None
        self.committed = 0  # operations this process made (a run that only looked: 0)
        self.packing = False  # a long contact log held deflated (the UI, from its load on)
        # Lines the fold skipped (not JSON, no operation): the next change's snapshot reads
        # past them for good (said until then, not at every run for months).
        self.skipped_lines = False
        self._sync_failed = False
        self._device_seen: tuple[int, int, int] | None = None  # device.json when last read

    # -- reading ---------------------------------------------------------------------
    def load(self) -> Progress:
        """The snapshot with every journal folded in (raises the store's errors)."""
        progress = self.store.load()
        self.take(progress)
        return progress

    def take(self, progress: Progress) -> None:
        self.progress = progress
        if self.packing:
            progress.contacts.pack()
        doc = progress.merge if isinstance(progress.merge, dict) else {}
        self.meta = merge.Meta(doc)
        read = doc.get("read")
        self.read = {
            k: v
            for k, v in (read.items() if isinstance(read, dict) else ())
            if isinstance(v, list) and len(v) in (2, 3) and all(type(i) is int for i in v)
        }
        self._device_seen = _signature(self.folder / journal.DEVICE_FILE)
        self.device = journal.read_device(self.folder, merge.new_device_id())
        if self.device.broken:
            self._notice("journal.device_unreadable", self.folder / journal.DEVICE_FILE)
        self.own = []
        own = journal.journal_path(self.folder, self.device.id)
        self.read.pop(str(own), None)  # this device's journal: whole, for its undo
        self.fold()
        if not self.store.path.exists() and self.meta.last:
            # No snapshot yet: the state is its operations alone, and so is its time (not
            # the moment it was loaded), the same on every device that folds them.
            progress.updated_at = datetime.fromtimestamp(int(merge.stamp_time(self.meta.last)), UTC)

    def hold_packed(self) -> None:
        """From now on hold a long contact log deflated, the one loaded already too
        (:meth:`coach.domain.contact_log.ContactLog.pack`)."""
        self.packing = True
        if self.progress is not None:
            self.progress.contacts.pack()

    def sources(self) -> list[Path]:
        """Every journal to fold: this data folder's and the sync folder's."""
        found = journal.journal_files(self.folder / journal.JOURNAL_DIR)
        sync = self.device.sync
        if sync is not None:  # this device's own file there holds what its journal holds
            mine = f"{self.device.id}{journal.SUFFIX}"
            found += [p for p in journal.journal_files(sync) if p.name != mine]
        return found

    def fold(self) -> bool:
        """Apply what the journals gained since the last look; True if the state changed."""
        with _collector_paused():
            return self._fold()

    def _fold(self) -> bool:
        progress = self.progress
        if progress is None:
            return False
        changed = False
        ahead_of = merge.horizon(merge.wall_ms_now())  # the clock read once a fold
        for path in self.sources():
            name = str(path)
            ino, offset, *mark = self.read.get(name, [0, 0])
            tail = journal.read_tail(path, offset, ino or None, mark[0] if mark else None)
            self._note_problems(path, tail)
            # Many operations (another device's journal, a first open): each list put in
            # order once at the end; a few one by one (a new last contact keeps it packed).
            together = len(tail.ops) >= merge.BATCH
            named = merge.contact_ids(a for op in tail.ops for a in op.set) if together else ()
            batch = merge.many(progress, self.meta, named) if together else None
            with batch or contextlib.nullcontext():
                known = {o.id for o in self.own[-KEEP_FOR_UNDO:]}
                ahead = 0
                # The state's time: its latest operation, whether it changed a value here or
                # not (as folded in another order elsewhere): the same on every device.
                newest = ""
                for op in tail.ops:
                    if op.at > ahead_of:  # far ahead: set aside, said (see merge_meta)
                        ahead += 1
                        continue
                    did, latest = merge.apply_held(progress, self.meta, op.at, op.set)
                    newest, changed = max(newest, latest), changed or did
                    if op.dev == self.device.id:
                        self._remember(op, known)
                if newest:
                    merge.touch(progress, newest)
            if ahead:
                self._notice("journal.ahead", path, count=ahead)
            if tail.problem is None:
                self.read[name] = [tail.identity, tail.end]
                if tail.mark is not None:
                    self.read[name].append(tail.mark)
        return changed

    def _remember(self, op: Op, known: set[str]) -> None:
        """Keep this device's ``op`` for its undo, once (``known``: the ids kept already)."""
        if op.id not in known:
            known.add(op.id)
            op.shrink()
            self.own.append(op)

    def _note_problems(self, path: Path, tail: journal.Tail) -> None:
        self.skipped_lines = self.skipped_lines or bool(tail.bad)
        for count, key in ((tail.bad, "journal.bad_lines"), (tail.newer, "journal.newer")):
            if count:
                self._notice(key, path, count=count)
        if tail.problem is not None:
            self._notice("journal.unreadable", path, error=tail.problem)

    def _notice(self, key: str, path: Path, **values: Any) -> None:
        if (key, str(path)) not in self._said:
            self._said.add((key, str(path)))
            self.notices.append(Notice(key, {"path": path, **values}))

    def take_notices(self) -> list[Notice]:
        notices, self.notices = self.notices, []
        return notices

    def refresh(self) -> bool:
        """Fold in what others wrote meanwhile (another shell, another device); a snapshot
        rewritten by another process is loaded afresh. True if the state changed."""
        if self.progress is None:
            return False
        if self.store.changed_on_disk():
            try:
                self.take(self.store.load())
            except StoreError:
                return False
            return True
        self._settings_again()
        return self.fold()

    def _settings_again(self) -> None:
        """This device's settings as ``device.json`` says them now: sync turned on or off
        in another shell while the UI is open takes effect here too (the other device's
        files are read from then on, and this device's changes written there)."""
        seen = _signature(self.folder / journal.DEVICE_FILE)
        if seen == self._device_seen:
            return
        self._device_seen = seen
        again = journal.read_device(self.folder, self.device.id)
        if again.known and not self.device.known:  # its first change was made elsewhere
            self.device = again
        elif again.known and again.id == self.device.id:
            self.device.sync, self.device.calendar = again.sync, again.calendar

    # -- writing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def fresh(self) -> Iterator[None]:
        """For a change that depends on what is there now (an undo, removing or correcting
        one logged contact): under the lock, with what other shells wrote folded in first,
        and its line in the journal before the lock goes. Two shells never take back or
        remove the same thing twice, each saying it did (the lock is held for milliseconds)."""
        with self.store.locked(wait=True):
            self.refresh()
            yield
            if self.wait_for_writes is not None:
                self.wait_for_writes()

    def commit(
        self,
        do: str,
        changes: Sequence[Sequence[Any]],
        say: dict[str, Any] | None = None,
        *,
        undo_of: str | None = None,
        was: Sequence[merge.Change] | None = None,
        always: bool = False,
        takes_back: bool = True,
    ) -> Op | None:
        """Make ``changes`` one operation: applied now, appended to this device's journal
        (and its sync file). ``was``: what the paths held before, when the caller changed
        the state already (typing); else read now. Nothing to change: None, unless
        ``always`` (a redo that found nothing to change: recorded, ``takes_back`` False so
        that no undo takes back nothing)."""
        progress = self._progress()
        last: dict[str, list[Any]] = {}  # one path twice in one change: the later value
        for c in changes:
            last.pop(merge.key(c[0]), None)
            last[merge.key(c[0])] = [list(c[0]), *c[1:]]
        sets = list(last.values())
        if was is None:
            was = inverse(progress, self.meta, [(c[0], c[1]) for c in sets])
            sets, was = _changed_only(sets, was)
        if not sets and undo_of is None and not always:
            return None
        self._know_device()
        if not self.meta.last and not self.store.path.exists():
            # The first operation of a new data folder says when the user began: without
            # it every fold would begin "now" (no snapshot holds it yet).
            sets.insert(0, [["p", "started_at"], stamp(progress.started_at)])
        at = merge.next_stamp(self.meta.last, self.device.id)
        if not merge.is_stamp(at):  # this computer's clock says 2100 or later
            from coach.i18n import t

            year = datetime.fromtimestamp(merge.stamp_time(at), UTC).year
            raise SaveFailed(
                journal.journal_path(self.folder, self.device.id),
                OSError(0, t("journal.clock_far", year=year)),
            )
        op = Op(
            id=new_id(),
            at=at,
            dev=self.device.id,
            do=do,
            set=sets,
            say=say or {},
            was=_held(self.meta, was) if takes_back else None,
            undo=undo_of,
        )
        merge.apply(progress, self.meta, at, sets)
        self.own.append(op)
        self.committed += 1
        line = op.to_line()
        self.appender(self._targets(line))
        op.shrink(line)  # kept for the undo, as this line
        return op

    def _write_now(self, batch: list[tuple[Path, bytes]]) -> None:
        """Append now (the CLI's way; the UI hands the lines to a thread). This device's
        journal failing is the change failing (:class:`SaveFailed`); a sync folder failing
        (a read-only disk, a folder gone) is said once: the change is saved here."""
        write_lines(batch[:1])
        for path, line in batch[1:]:
            try:
                journal.append(path, line, in_place=True)
            except OSError as exc:
                self._notice("journal.sync_failed", path, error=exc)
                continue
            # The change before this one should be just above it. When it is not there, a
            # sync tool put an older copy of this file back: its lost lines are written
            # again now, not at the next compaction (which a shell user seldom reaches).
            before = self.own[-2].id if len(self.own) > 1 else None
            if before is not None and not journal.near_end(path, before.encode()):
                self._repair_sync()

    def _targets(self, line: bytes) -> list[tuple[Path, bytes]]:
        batch = [(journal.journal_path(self.folder, self.device.id), line)]
        if self.device.sync is not None:
            batch.append((self.device.sync / f"{self.device.id}{journal.SUFFIX}", line))
        return batch

    def _know_device(self) -> None:
        """Write ``device.json`` with the first change of a new device (never on opening)."""
        if self.device.known:
            return
        with self.store.locked(wait=True):
            again = journal.read_device(self.folder, self.device.id)
            if again.known:  # another process of this folder wrote it meanwhile: one device
                self.device = again
                return
            self.device.sync = again.sync or self.device.sync
            self.device.calendar = again.calendar or self.device.calendar
            try:
                journal.write_device(self.folder, self.device)
            except OSError as exc:
                raise SaveFailed(self.folder / journal.DEVICE_FILE, exc) from None
            self._device_seen = _signature(self.folder / journal.DEVICE_FILE)

    def set_sync(self, folder: Path | None) -> None:
        """Keep this device's journal in ``folder`` too (None: no more)."""
        self.set_device(sync=folder)

    def set_device(self, **settings: Path | None) -> None:
        """Change this device's own settings (``sync``, ``calendar``: never synced), said
        in ``device.json``."""
        with self.store.locked(wait=True):
            again = journal.read_device(self.folder, self.device.id)
            if again.known:
                self.device = again
            for name, value in settings.items():
                setattr(self.device, name, value)
            try:
                journal.write_device(self.folder, self.device)
            except OSError as exc:
                raise SaveFailed(self.folder / journal.DEVICE_FILE, exc) from None
            self._device_seen = _signature(self.folder / journal.DEVICE_FILE)

    def _progress(self) -> Progress:
        if self.progress is None:
            self.load()
        assert self.progress is not None
        return self.progress

    # -- undo and redo (coach.data.taking_back) --------------------------------------
    def last_undoable(self) -> Op | None:
        return taking_back.last_undoable(self.own)

    def undo(self, leave: Collection[tuple[str, ...]] = ()) -> taking_back.Done | None:
        """Take back this device's newest change: (the change, the undo, the paths of its
        values a later change from another device holds now, left as they are), or None."""
        target = self.last_undoable()
        return taking_back.take_back(self, target, leave) if target is not None else None

    def last_redoable(self) -> Op | None:
        return taking_back.last_redoable(self.own)

    def redo(self) -> taking_back.Done | None:
        """Make the change this device's newest undo took back again (as :meth:`undo`)."""
        target = self.last_redoable()
        return taking_back.take_back(self, target, redo=True) if target is not None else None

    # -- the snapshot ------------------------------------------------------------------
    def own_journal_size(self) -> int:
        try:
            return os.stat(journal.journal_path(self.folder, self.device.id)).st_size
        except OSError:
            return 0

    def compact(self, *, force: bool = False) -> bool:
        """Rewrite the snapshot with everything folded (and trim this device's journal to
        its newest operations); only when the journal has grown, unless ``force``."""
        if self.progress is None or (not force and self.own_journal_size() < COMPACT_AFTER):
            return False
        if self.wait_for_writes is not None:
            self.wait_for_writes()  # every line handed to a writer thread is in the journal
        with self.store.locked(wait=True):
            self.refresh()
            progress = self._progress()
            progress.merge = {**self.meta.to_doc(), "read": self.read}
            self.store.save(progress)
            self._repair_sync()
            with contextlib.suppress(OSError):  # (a full disk: the snapshot has it all)
                self._trim_own()
            self._tidy_conflict_copies()
        return True

    def _repair_sync(self) -> None:
        """This device's file in the sync folder holds every line its journal holds: a line
        a failed write or a sync tool's older copy lost is written again (the order of lines
        does not matter to the merge)."""
        sync = self.device.sync
        if sync is None:
            return
        target = sync / f"{self.device.id}{journal.SUFFIX}"
        there = journal.read_tail(target)
        if there.problem is not None:
            return  # unreadable there: said by the fold already
        have = {op.id for op in there.ops}
        mine = journal.read_tail(journal.journal_path(self.folder, self.device.id)).ops
        missing = [op.to_line() for op in mine if op.id not in have]
        if missing:
            with contextlib.suppress(OSError):  # still failing: tried again next time
                journal.append(target, b"".join(missing), in_place=True)

    def _trim_own(self) -> None:
        path = journal.journal_path(self.folder, self.device.id)
        if self.own_journal_size() < COMPACT_AFTER:
            return
        keep = self.own[-KEEP_FOR_UNDO:]
        newer = journal.newer_lines(path)  # a newer coach's: kept until one applies them
        atomic_write(path, b"".join([*newer, *(op.to_line() for op in keep)]))
        self.own = keep
        with contextlib.suppress(OSError):
            info = os.stat(path)
            self.read[str(path)] = [info.st_ino, info.st_size]

    def _tidy_conflict_copies(self) -> None:
        """A sync tool's conflict copies, once folded whole, are removed."""
        for path in self.sources():
            entry = self.read.get(str(path))
            if journal.is_conflict_copy(path) and entry is not None:
                with contextlib.suppress(OSError):
                    if os.stat(path).st_size == entry[1]:
                        os.unlink(path)


def _signature(path: Path) -> tuple[int, int, int] | None:
    """A file's identity and last change (None: not there), to tell it was rewritten."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _held(meta: merge.Meta, was: Sequence[merge.Change]) -> list[list[Any]]:
    """``was`` as an operation keeps it: each path, its value, and the stamp that value
    held it with (where it had one), so that its undo can tell which older changes from
    other devices it did not know of (:func:`coach.data.taking_back.before`)."""
    clock = meta.clock
    out: list[list[Any]] = []
    for path, value in was:
        held = clock.get(merge.key(path))
        out.append([list(path), value, held] if held else [list(path), value])
    return out


def _changed_only(
    sets: list[list[Any]], was: Sequence[merge.Change]
) -> tuple[list[list[Any]], list[merge.Change]]:
    """The assignments that change something, and what their paths held: a path set to
    what it holds already (a log keeping the planned follow-up) is left out, so the
    operation never stamps it: a later change to it on another device still wins, and an
    undo of this one leaves it. (An assignment with a stamp of its own is kept.)"""
    held = {merge.key(p): v for p, v in was}
    kept = [s for s in sets if len(s) > 2 or held.get(merge.key(s[0]), _NOTHING) != s[1]]
    paths = {merge.key(s[0]) for s in kept}
    return kept, [(p, v) for p, v in was if merge.key(p) in paths]


_NOTHING = object()  # a path inverse() could not read: kept


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading and applying operations makes many objects and no reference cycles; the
    cyclic collector walked the whole state again and again meanwhile (a third of folding
    20,000 operations). Paused that while; on again if it was (coach.cli.main: off)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
