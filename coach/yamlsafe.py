"""Hardened YAML reading that remembers where every value came from.

Only plain data (mappings, lists, scalars) is built, by our own walk over the composed
node tree, so no tag can construct objects. Aliases, merge keys, duplicate keys, deep
nesting and oversized files are errors. Each value's line is kept in a ``LineMap`` so
that every later problem can be reported as ``file:line: field.path: message``.
Plain scalars that YAML 1.1 turns into something other than text (``no`` -> False,
``1.10`` -> 1.1, ``12:30`` -> 750) are remembered, so a text field can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}: {self.dotted()}: {kind}{self.message}"


@dataclass
class LineMap:
    """Where each value of one file stands, and which plain scalars YAML converted."""

    file: Path
    lines: dict[Path_, int] = field(default_factory=dict)
    converted: dict[Path_, str] = field(default_factory=dict)

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
            raise YamlError(
                Problem(
                    path, 1, (), f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})"
                )
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(Problem(path, 1, (), f"cannot read file: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlError(Problem(path, 1, (), f"not UTF-8 text ({exc.reason})")) from None
    return load_text(text, lines), lines


def load_text(text: str, lines: LineMap) -> Any:
    _check_depth(text, lines.file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(Problem(lines.file, line, (), f"not valid YAML: {exc.problem}")) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(lines.file, 1, (), f"not valid YAML: {exc}")) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _Builder(loader, lines).build(node, ())


def _check_depth(text: str, file: Path) -> None:
    """Refuse deeply nested flow collections before the parser recurses into them."""
    depth = 0
    line = 1
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(Problem(file, line, (), f"nested more than {MAX_DEPTH} deep"))
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == "\n":
            line += 1


class _Builder:
    def __init__(self, loader: Any, lines: LineMap) -> None:
        self.loader = loader
        self.lines = lines
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, path: Path_, message: str) -> YamlError:
        return YamlError(Problem(self.lines.file, node.start_mark.line + 1, path, message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            raise self.fail(node, path, "aliases (*name) are not allowed; write the value out")
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise self.fail(node, path, f"nested more than {MAX_DEPTH} deep")
        self.lines.lines[path] = node.start_mark.line + 1
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(node, path, f"the tag {node.tag} is not allowed")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        value = self.loader.construct_object(node)
        if not isinstance(value, str) and not node.style:
            self.lines.converted[path] = node.value
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, path, "merge keys (<<) are not allowed")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, path, "keys must be plain text")
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in first_line:
                raise self.fail(
                    key_node,
                    (*path, key),
                    f"duplicate key {key!r} (first on line {first_line[key]})",
                )
            first_line[key] = line
            result[key] = self.build(value_node, (*path, key))
            self.lines.lines[(*path, key)] = line
        return result
