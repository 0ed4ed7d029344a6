"""Reading YAML as text, so that what a user typed is what the model sees.

PyYAML turns ``55.000`` into the float 55.0, ``0800`` into the number 800 and
``no`` into False before any validation can see them. Here every scalar stays
the string that was written (only an empty value or ``~``/``null`` becomes
None), and the pydantic models decide what each field means. The line of every
value is kept, so a problem can be reported at the line that holds it.

A YAML file is data from outside, so its cost is bounded before it is paid:
a file over :data:`MAX_BYTES` is refused unread, nesting deeper than
:data:`MAX_DEPTH` is refused while parsing (PyYAML's composer would otherwise
recurse until Python gives up), and the values built, counting each use of
an alias (``*name``) as a copy of what it names, stop at :data:`MAX_VALUES`
— so an alias bomb ("billion laughs") is one line, not gigabytes and
minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kldocs.engine.cleantext import control_character
from kldocs.errors import InputError, Problem
from kldocs.inputs.files import YAML_LIMIT, YAML_WHAT, read_bounded

Loc = tuple[str | int, ...]

_NULL = "tag:yaml.org,2002:null"

MAX_BYTES = YAML_LIMIT
"""The largest YAML file read (:data:`kldocs.inputs.files.YAML_LIMIT`, shared with the programme's cache key)."""
MAX_DEPTH = 50
"""The deepest nesting of lists and mappings."""
MAX_VALUES = 100_000
"""The most values a file may stand for, aliases expanded (program.yaml holds a few hundred)."""


class _Refused(Exception):
    """A limit was hit: where, and why."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(where, message)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing nesting deeper than MAX_DEPTH before its composer recurses into it."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.name = name
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                line = self.peek_event().start_mark.line + 1  # type: ignore[no-untyped-call]
                raise _Refused(f"{self.name}, line {line}", f"is nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass
class YamlDocument:
    """A YAML file read as plain data, with the line on which each value stands."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of the value at ``loc``, or of its nearest enclosing value."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


_PLAIN_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("expected <block end>", "the indentation of this line or of the lines just above it does not match: keys at one "
                             "level start in the same column, and so do the '- ' items of a list"),
    ("did not find expected key", "the indentation of this line or of the lines just above it does not match: keys "
                                  "at one level start in the same column"),
    ("did not find expected '-' indicator", "this list item is indented differently from the items above it"),
    ("mapping values are not allowed here", "a value holds ': ' (a colon and a space); put the whole value in "
                                            "quotes: 'Invitation: til alle kommuner'"),
    ("could not find expected ':'", "a line has no ':' after its key, or a text in quotes is not closed"),
    ("found character '\\t'", "it holds a tab; indent with spaces"),
    ("found unexpected end of stream", "a text in quotes is not closed"),
    ("expected ',' or ']'", "a list in [ ] is not closed, or a value in it holds a comma: put it in quotes"),
    ("expected ',' or '}'", "a { } is not closed, or a value in it holds a comma: put it in quotes"),
    ("found undefined alias", "a value starts with '*', which YAML reads as a reference: put it in quotes"),
)
"""PyYAML's words for the mistakes people make in program.yaml, and what to say instead."""


def plain_yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """What is wrong, as someone who edits program.yaml by hand understands it (PyYAML's words in brackets)."""
    problem = exc.problem or str(exc)
    for words, plain in _PLAIN_PROBLEMS:
        if problem.startswith(words):
            return f"{plain} (YAML: {problem})"
    return problem


def load_yaml(path: Path, data: bytes | None = None) -> YamlDocument:
    """Read ``path`` as YAML, keeping scalars as text; raise InputError naming file and line.

    ``data``, when given, is what the caller has read of ``path`` already.
    """
    if data is None:
        data = read_bounded(path, MAX_BYTES, YAML_WHAT)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            Problem(path.name, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")
        ) from None
    try:
        loader = _Loader(text, path.name)  # reading starts here: PyYAML checks for control characters
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise InputError(Problem(f"{path.name}, line {line}", f"is not valid YAML: it holds the control character "
                                 f"U+{exc.character:04X}, which YAML does not allow")) from None
    try:
        node = loader.get_single_node()
    except _Refused as exc:
        raise InputError(exc.problem) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path.name}, line {mark.line + 1}" if mark else path.name
        raise InputError(Problem(where, f"is not valid YAML: {plain_yaml_problem(exc)}")) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(path.name, f"is not valid YAML: {' '.join(str(exc).split())}")) from None
    finally:
        loader.dispose()
    doc = YamlDocument(path, None)
    problems: list[Problem] = []
    try:
        doc.data = {} if node is None else _Builder(doc, problems).build(node, (), 0)
    except _Refused as exc:
        raise InputError(exc.problem) from None
    if problems:
        raise InputError(problems)
    return doc


class _Builder:
    """Turns composed nodes into plain data, counting what aliases expand to and catching self-reference."""

    def __init__(self, doc: YamlDocument, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems
        self.count = 0
        self.open: set[int] = set()  # ids of the collections being built, to catch `&a [*a]`

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        line = node.start_mark.line + 1
        where = f"{self.doc.path.name}, line {line}"
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Refused(where, f"holds more than {MAX_VALUES:,} values, counting each alias (*name) "
                           "as a copy of what it names; is it an alias bomb?")
        self.doc.lines.setdefault(loc, line)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _NULL and node.style is None:
                return None
            refused = control_character(node.value)  # written as an escape ("\x01"), which YAML allows
            if refused is not None:
                self.problems.append(Problem(where, f"{'.'.join(str(p) for p in loc) or 'the document'}: {refused}"))
            return node.value
        if id(node) in self.open:
            self.problems.append(Problem(where, "refers to itself (an alias inside what it names)"))
            return None
        if depth >= MAX_DEPTH:
            self.problems.append(Problem(where, f"is nested more than {MAX_DEPTH} levels deep"))
            return None
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, loc, depth, where)
            raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int, where: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(where, "a key must be plain text"))
                continue
            key = key_node.value
            if key in result:
                path = ".".join(str(p) for p in (*loc, key))
                self.problems.append(
                    Problem(f"{self.doc.path.name}, line {key_node.start_mark.line + 1}",
                            f"{path}: is given twice")
                )
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result
