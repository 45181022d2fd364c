"""What every command and the UI share: where the data is, which content, which language."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from coach import i18n, paths
from coach.course import Course
from coach.fileio import read_limited
from coach.store import MAX_PROGRESS_BYTES, Store, StoreError, parse

if TYPE_CHECKING:
    from coach.progress import Progress


@dataclass
class Session:
    data_dir: Path
    content_dir: Path
    lang_option: str | None = None
    _progress: Progress | None = field(default=None, repr=False)
    _load_error: StoreError | None = field(default=None, repr=False)

    @classmethod
    def from_options(
        cls, data_dir: str | None = None, content: str | None = None, lang: str | None = None
    ) -> Session:
        return cls(paths.data_dir(data_dir), paths.content_dir(content), lang)

    @cached_property
    def store(self) -> Store:
        return Store(self.data_dir)

    @cached_property
    def course(self) -> Course:
        """The content as checked pydantic models: for the UI and the commands that write."""
        from coach import compiled

        return compiled.load(self.content_dir, self.data_dir)

    @cached_property
    def course_to_read(self) -> Course:
        """The content for ``status``, ``sheet`` and the UI (which never change it): rebuilt
        without pydantic from the compiled snapshot while no content file has changed, else
        :attr:`course`."""
        from coach import compiled

        if "course" not in self.__dict__:
            snapshot = compiled.read(self.content_dir, self.data_dir)
            if snapshot is not None:
                return snapshot
        return self.course

    @property
    def progress(self) -> Progress:
        # A broken file is moved aside on the first load; remember the error so that a
        # second look does not find "no file" and silently start afresh.
        if self._load_error is not None:
            raise self._load_error
        if self._progress is None:
            try:
                self._progress = self.store.load()
            except StoreError as exc:
                self._load_error = exc
                raise
        return self._progress

    @progress.setter
    def progress(self, value: Progress) -> None:
        self._progress = value
        self._load_error = None

    def saved_language(self) -> str | None:
        """The language chosen in the UI, if the progress file can tell (never raises).

        Only peeks at the file: loading it here would set a broken file aside during a
        command that never reports it (``coach validate``), and the next command would
        then find no file and silently start afresh.
        """
        if self._progress is not None:
            return self._progress.language
        try:
            doc, _ = parse(read_limited(self.store.path, MAX_PROGRESS_BYTES))
        except OSError:
            return None
        language = doc.get("language") if doc else None
        return language if isinstance(language, str) else None

    def resolve_language(self) -> str:
        lang = i18n.resolve_language(self.lang_option, self.saved_language())
        i18n.set_language(lang)
        return lang

    def save(self) -> None:
        self.store.save(self.progress)
