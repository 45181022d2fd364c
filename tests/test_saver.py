"""The background writer: every journal line handed to it is appended, in order, never
dropped, even after it closed or after a failed write."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from coach.data import journal
from coach.data.saver import BackgroundSaver
from coach.data.store import SaveFailed


def line(n: int) -> bytes:
    return b'{"n": %d}\n' % n


def test_lines_are_appended_in_order_and_after_close_at_once(tmp_path: Path) -> None:
    failures: list[SaveFailed] = []
    target = tmp_path / "journal" / "dev.jsonl"
    saver = BackgroundSaver(failures.append)
    for n in range(50):
        saver.submit([(target, line(n))])
    saver.close()
    saver.submit([(target, line(50))])  # e.g. a tick after something closed the writer early
    assert target.read_bytes() == b"".join(line(n) for n in range(51))
    assert saver.flush(timeout=0.1), "nothing left waiting: quitting does not hang"
    assert not failures


def test_a_failed_write_is_told_kept_and_written_later_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures: list[SaveFailed] = []
    target = tmp_path / "dev.jsonl"
    real = journal.append
    full = {"disk": True}

    def append(path: Path, data: bytes, *, in_place: bool = False) -> None:
        if full["disk"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data, in_place=in_place)

    monkeypatch.setattr(journal, "append", append)
    saver = BackgroundSaver(failures.append)
    saver.submit([(target, line(1))])
    saver.flush()
    assert failures and saver.last_error is not None
    full["disk"] = False
    saver.submit([(target, line(2))])  # waits behind the failed one: the order holds
    saver.close()  # one more try of what failed
    assert target.read_bytes() == line(1) + line(2)
