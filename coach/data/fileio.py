"""Reading and writing files safely: whole or not at all, without hanging or exhausting memory.

Reading refuses a FIFO, a device or a socket (opening one could block forever, reading one
could never end) and anything over ``limit`` bytes. Writing goes through a fsynced 0600
temp file next to the target, then one rename, so a crash leaves the old file or the new.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
from pathlib import Path

_tmp_counter = itertools.count()


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, or :class:`OSError` saying why not."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "oserror.not_regular", str(path))
        if info.st_size > limit:
            raise OSError(errno.EFBIG, "oserror.too_large", str(path))
        os.set_blocking(fd, True)
        chunks, total = [], 0
        # Asked for the size fstat gave (and a little more, to see the end): a read of a
        # fixed megabyte made a megabyte buffer for every small file (the start reads ~12).
        while chunk := os.read(fd, min(max(info.st_size - total, 0) + 4096, 1 << 20)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while we read
                raise OSError(errno.EFBIG, "oserror.too_large", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


def temp_path(folder: Path, name: str) -> Path:
    """A temp file name in ``folder`` for ``name``, unique to this process and call."""
    return folder / f".{name}.{os.getpid()}-{next(_tmp_counter)}.tmp"


def write_temp(path: Path, data: bytes, *, sync: bool = True) -> tuple[Path, tuple[int, int, int]]:
    """``data`` in a fsynced 0600 temp file next to ``path``: (temp path, its identity).
    ``sync=False``: not fsynced (a cache, which a crash may leave torn: its reader checks)."""
    tmp = temp_path(path.parent, path.name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if sync:
            os.fsync(fd)
        identity = file_identity(os.fstat(fd))
    except BaseException:
        os.close(fd)
        remove_quietly(tmp)
        raise
    os.close(fd)
    return tmp, identity


def atomic_write(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` whole or not at all, mode 0600 (``sync=False``: a cache,
    not made durable: see :func:`write_temp`)."""
    tmp, _ = write_temp(path, data, sync=sync)
    try:
        os.replace(tmp, path)
    except BaseException:
        remove_quietly(tmp)
        raise
    if sync:
        fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def file_identity(st: os.stat_result) -> tuple[int, int, int]:
    """What tells one version of a file from another (a save by someone else changes it)."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def remove_quietly(path: Path) -> None:
    """Remove a temp file if it is there; a failure here must not hide the first error."""
    with contextlib.suppress(OSError):
        os.unlink(path)
