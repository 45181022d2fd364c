"""What every command and the UI share: where the data is, which content, which language."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from coach import i18n, paths
from coach.model import Course
from coach.progress import Progress
from coach.store import Store, StoreError, parse


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
        from coach.loader import load_course

        return load_course(self.content_dir)

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
            doc, _ = parse(self.store.path.read_bytes())
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
