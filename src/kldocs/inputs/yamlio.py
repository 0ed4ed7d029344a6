"""Reading YAML as text, so that what a user typed is what the model sees.

PyYAML turns ``55.000`` into the float 55.0, ``0800`` into the number 800 and
``no`` into False before any validation can see them. Here every scalar stays
the string that was written (only an empty value or ``~``/``null`` becomes
None), and the pydantic models decide what each field means. The line of every
value is kept, so a problem can be reported at the line that holds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kldocs.errors import InputError, Problem

Loc = tuple[str | int, ...]

_NULL = "tag:yaml.org,2002:null"
_MAX_DEPTH = 50


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


def load_yaml(path: Path) -> YamlDocument:
    """Read ``path`` as YAML, keeping scalars as text; raise InputError naming file and line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(Problem(path.name, f"not found in {path.parent}")) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            Problem(path.name, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")
        ) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path.name}, line {mark.line + 1}" if mark else path.name
        raise InputError(Problem(where, f"is not valid YAML: {exc.problem or exc}")) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(path.name, f"is not valid YAML: {exc}")) from None
    doc = YamlDocument(path, None)
    problems: list[Problem] = []
    doc.data = {} if node is None else _build(node, (), doc, problems, 0)
    if problems:
        raise InputError(problems)
    return doc


def _build(node: yaml.Node, loc: Loc, doc: YamlDocument, problems: list[Problem], depth: int) -> Any:
    doc.lines.setdefault(loc, node.start_mark.line + 1)
    where = f"{doc.path.name}, line {node.start_mark.line + 1}"
    if depth > _MAX_DEPTH:
        problems.append(Problem(where, "is nested too deeply (or refers to itself)"))
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _NULL and node.style is None:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), doc, problems, depth + 1) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(where, "a key must be plain text"))
                continue
            key = key_node.value
            if key in result:
                path = ".".join(str(p) for p in (*loc, key))
                problems.append(
                    Problem(f"{doc.path.name}, line {key_node.start_mark.line + 1}",
                            f"{path}: is given twice")
                )
            result[key] = _build(value_node, (*loc, key), doc, problems, depth + 1)
        return result
    raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover
