"""Turning pydantic's validation errors into problems a user can act on.

Every problem becomes one ``file, line N: path.to.field: message`` line, with
pydantic's wording made plain ("must be greater than 0", "is required") and
a "did you mean" for a misspelt key.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from kldocs.errors import InputError, Problem

if TYPE_CHECKING:  # PyYAML is loaded where YAML is read, not for a programme read back from the cache
    from kldocs.inputs.yamlio import Loc, YamlDocument

M = TypeVar("M", bound=BaseModel)

_REWRITES = [
    (re.compile(r"^Value error, "), ""),
    (re.compile(r"^Assertion failed, "), ""),
    (re.compile(r"^Input should be "), "must be "),
    (re.compile(r"^Input should have "), "must have "),
    (re.compile(r"^String should have "), "must have "),
    (re.compile(r"^List should have "), "must have "),
    (re.compile(r"^Tuple should have "), "must have "),
    (re.compile(r"^String should match pattern "), "must match the pattern "),
    (re.compile(r"^Field required$"), "is required"),
]


def format_loc(loc: Loc) -> str:
    """``('pricing', 'add_ons', 1, 'price')`` → ``pricing.add_ons[1].price``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def raise_at(title: str, problems: typing.Sequence[tuple[Loc, str]], value: object = None) -> None:
    """Raise one validation error per problem, each at its place below the model being checked.

    For a model's own checks (a ``model_validator``) that find problems in
    its fields: each is reported at the field's line (``registration.deadline``,
    ``pricing.tiers[2].min``), every one at once. ``title`` names the model in
    pydantic's own message; ``value`` is the input each error shows.
    """
    if problems:
        raise ValidationError.from_exception_data(title, [
            InitErrorDetails(type=PydanticCustomError(title, "{message}", {"message": message}), loc=loc,
                             input=value)
            for loc, message in problems
        ])


def validate(model: type[M], doc: YamlDocument) -> M:
    """Validate a YAML document against ``model``; raise InputError with every problem at once."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems(exc, model, doc)) from None


def problems(exc: ValidationError, model: type[BaseModel], doc: YamlDocument) -> list[Problem]:
    """One problem per error in ``exc``, located by file, line and field path."""
    found = []
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not _is_internal(p))
        line = doc.line_of(loc)
        where = f"{doc.path.name}, line {line}" if line else doc.path.name
        message = _message(error, model, loc)
        found.append(Problem(where, f"{format_loc(loc)}: {message}" if loc else message))
    return found


def _is_internal(part: Any) -> bool:
    # pydantic inserts validator names such as 'function-plain[...]' into locations
    return isinstance(part, str) and (("[" in part and "]" in part) or part.startswith("function-"))


def _message(error: Any, model: type[BaseModel], loc: Loc) -> str:
    if error["type"] == "extra_forbidden":
        return _unknown_key(model, loc)
    message = str(error["msg"])
    for pattern, replacement in _REWRITES:
        message = pattern.sub(replacement, message)
    return message


def _unknown_key(model: type[BaseModel], loc: Loc) -> str:
    key = str(loc[-1])
    parent = _model_at(model, loc[:-1])
    if parent is None:
        return "unknown key"
    known = list(parent.model_fields)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"unknown key (did you mean '{close[0]}'?)"
    return "unknown key; expected one of " + ", ".join(known)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the value at ``loc`` (None if it is not a model)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = [a for a in typing.get_args(current) if a is not Ellipsis]
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional from a type annotation."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp
