"""Hardened YAML reading that remembers where every value came from.

Only plain data (mappings, lists, scalars) is built, by our own walk over the parser's
events, so no tag can construct objects. Aliases, merge keys, duplicate keys, deep
nesting and oversized files are errors. Each value's line is kept in a ``LineMap`` so
that every later problem can be reported as ``file:line: field.path: message``.
Plain scalars that YAML 1.1 turns into something other than text (``no`` -> False,
``1.10`` -> 1.1, ``12:30`` -> 750) are remembered, so a text field can say so. Text has
its control and invisible characters made visible marks (:func:`coach.safetext.shown`):
content is only ever shown.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coach.data.fileio import read_limited
from coach.safetext import shown

try:  # libyaml's parser is several times faster; construction stays ours either way
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class Problem:
    """One thing wrong in a content file."""

    file: Path
    line: int
    path: Path_
    message: str
    warning: bool = False

    def dotted(self) -> str:
        return ".".join(str(p) for p in self.path) or "(top)"

    def __str__(self) -> str:
        from coach.safetext import shown

        kind = "warning: " if self.warning else ""
        # File names, keys and values quoted in a message come from the content folder.
        return shown(f"{self.file}:{self.line}: {self.dotted()}: {kind}{self.message}")


@dataclass
class LineMap:
    """Where each value of one file stands, and which plain scalars YAML converted."""

    file: Path
    lines: dict[Path_, int] = field(default_factory=dict)
    converted: dict[Path_, str] = field(default_factory=dict)
    # The first line of each literal block text (``key: |``): its lines are the file's lines.
    text_start: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest parent that has one."""
        for n in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:n]))
            if line is not None:
                return line
        return 1


class YamlError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def load_file(path: Path) -> tuple[Any, LineMap]:
    """Read ``path`` as plain YAML data, or raise :class:`YamlError`."""
    lines = LineMap(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlError(Problem(path, 1, (), _too_large(size)))
        raw = read_limited(path, MAX_BYTES)  # never a FIFO or device: those could hang
    except OSError as exc:
        if exc.errno == errno.EFBIG:
            raise YamlError(Problem(path, 1, (), _too_large(MAX_BYTES + 1))) from None
        from coach.i18n import os_error  # (our own errors carry a message key)

        raise YamlError(Problem(path, 1, (), f"cannot read file: {os_error(exc)}")) from None
    if len(raw) > MAX_BYTES:
        raise YamlError(Problem(path, 1, (), _too_large(len(raw))))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlError(Problem(path, 1, (), f"not UTF-8 text ({exc.reason})")) from None
    return load_text(text, lines), lines


def _too_deep() -> str:
    return f"nested more than {MAX_DEPTH} deep"


def _too_large(size: int) -> str:
    return f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})"


def load_text(text: str, lines: LineMap) -> Any:
    """The single document in ``text`` as plain data (lines recorded in ``lines``).

    Built straight from the parser's events: libyaml's own composer recurses in C and
    crashes the interpreter on deep nesting (``- - - - ...``), while the event stream is
    flat, so depth and aliases are refused before anything deep is built.
    """
    loader = _Loader(text)
    try:
        return _Builder(loader, lines).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        # Newer libyaml refuses deep nesting itself, before our own depth check sees it:
        # one message for both, whichever PyYAML is installed.
        problem = str(exc.problem or "")
        message = _too_deep() if "nesting depth" in problem else f"not valid YAML: {problem}"
        raise YamlError(Problem(lines.file, line, (), message)) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(lines.file, 1, (), f"not valid YAML: {exc}")) from None
    finally:
        loader.dispose()


def _line(event: yaml.Event) -> int:
    """The 1-based line an event starts on (the parser always sets its marks)."""
    return event.start_mark.line + 1 if event.start_mark else 0


class _Builder:
    def __init__(self, loader: Any, lines: LineMap) -> None:
        self.loader = loader
        self.lines = lines

    def fail(self, event: yaml.Event, path: Path_, message: str) -> YamlError:
        return YamlError(Problem(self.lines.file, _line(event), path, message))

    def document(self) -> Any:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        value = self.value(())
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise self.fail(event, (), "only one document (---) per file is allowed")
        return value

    def value(self, path: Path_) -> Any:
        event = self.loader.get_event()
        if isinstance(event, yaml.AliasEvent):
            raise self.fail(event, path, "aliases (*name) are not allowed; write the value out")
        if len(path) >= MAX_DEPTH:
            raise self.fail(event, path, _too_deep())
        self.lines.lines[path] = event.start_mark.line + 1
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, path)
        if event.tag is not None and event.tag != "!" and event.tag not in _PLAIN_TAGS:
            raise self.fail(event, path, f"the tag {event.tag} is not allowed")
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not self.loader.check_event(yaml.SequenceEndEvent):
                items.append(self.value((*path, len(items))))
            self.loader.get_event()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(path)
        raise self.fail(event, path, "unexpected YAML structure")  # pragma: no cover

    def scalar(self, event: yaml.ScalarEvent, path: Path_) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag not in _PLAIN_TAGS:
            raise self.fail(event, path, f"the tag {tag} is not allowed")
        # The stubs allow only pure-Python marks on nodes; the C parser's marks work the same.
        start, end = event.start_mark, event.end_mark
        node = yaml.ScalarNode(tag, event.value, start, end, event.style)  # type: ignore[arg-type]
        try:
            value = self.loader.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            raise self.fail(
                event, path, f'YAML cannot read {event.value}; put it in quotes: "{event.value}"'
            ) from None
        if isinstance(value, str):
            if event.style == "|" and event.start_mark is not None:
                self.lines.text_start[path] = event.start_mark.line + 2
            # No control character, and no invisible or bidi character, ever reaches the
            # screen: content is only ever shown, so they are made visible here, once.
            return shown(value)
        if not event.style:
            self.lines.converted[path] = event.value
        return value

    def mapping(self, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        while not self.loader.check_event(yaml.MappingEndEvent):
            key_event = self.loader.get_event()
            if not isinstance(key_event, yaml.ScalarEvent):
                raise self.fail(key_event, path, "keys must be plain text")
            key = key_event.value
            tag = key_event.tag
            if tag is None or tag == "!":
                tag = self.loader.resolve(yaml.ScalarNode, key, key_event.implicit)
            if tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_event, path, "merge keys (<<) are not allowed")
            line = _line(key_event)
            if key in first_line:
                raise self.fail(
                    key_event,
                    (*path, key),
                    f"duplicate key {key!r} (first on line {first_line[key]})",
                )
            first_line[key] = line
            result[key] = self.value((*path, key))
            self.lines.lines[(*path, key)] = line
        self.loader.get_event()
        return result
