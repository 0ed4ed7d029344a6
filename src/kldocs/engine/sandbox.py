"""The Jinja environment Word templates run in: sandboxed, strict, escaping, Danish.

Data is data. Every value a template prints passes through the environment's
``finalize`` step, which turns it into text, removes what XML cannot hold
(control characters, lone surrogates), normalises line endings and escapes
it exactly once. A newline or a tab in a value cannot be written into Word's
XML as it is, so it leaves ``finalize`` as a marker character (XML-illegal,
so it can never come from data) that :mod:`kldocs.engine.inline` turns into a line
break or a tab once it can see where the value landed. Pictures and links
leave as numbered markers the same way.

The environment is a :class:`~jinja2.sandbox.SandboxedEnvironment` with
:class:`~jinja2.StrictUndefined` (a missing value is an error, never a blank)
and the Danish filters of :mod:`kldocs.danish.formatting`. Filters that would let a
template print raw markup (``safe``, ``urlize``, ``xmlattr``) or differ from
run to run (``random``) are removed, as is the test ``sameas`` (whether two
values are one object), and :func:`unsafe_access` finds template code that
reaches for Python internals before anything is rendered. A function printed
(``{{ name.upper }}`` for ``{{ name.upper() }}``) is an error, not the place
in memory it would print as.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ClassVar

from jinja2 import StrictUndefined, Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import (
    UNSAFE_ASYNC_GENERATOR_ATTRIBUTES,
    UNSAFE_COROUTINE_ATTRIBUTES,
    UNSAFE_FUNCTION_ATTRIBUTES,
    UNSAFE_GENERATOR_ATTRIBUTES,
    UNSAFE_METHOD_ATTRIBUTES,
    SandboxedEnvironment,
    safe_range,
)
from markupsafe import Markup, escape

from kldocs.danish.formatting import FILTERS
from kldocs.engine.cleantext import xml_text

NEWLINE = "\x01"
"""Marks a line break in a value until it is placed in the XML."""
TAB = "\x02"
"""Marks a tab in a value until it is placed in the XML."""
OBJECT_START = "\x03"
"""Opens the number of a picture or link (``\\x03`` 7 ``\\x04``) until it is placed."""
OBJECT_END = "\x04"
"""Closes the number of a picture or link."""
SEGMENT_END = "\x05"
"""Ends a piece of a part rendered in pieces (see :class:`PieceMark`); never left in a document."""

REMOVED_FILTERS = ("safe", "urlize", "xmlattr", "random")
"""Jinja's filters a kldocs template cannot use: raw markup, or a different result each run."""
REMOVED_TESTS = ("sameas",)
"""Jinja's tests a kldocs template cannot use: whether two values are one object in memory, which says how the
data was read, not what it says (and which a batch, reusing what equal values printed, could not answer alike)."""

_UNSAFE_NAMES = (
    UNSAFE_FUNCTION_ATTRIBUTES
    | UNSAFE_METHOD_ATTRIBUTES
    | UNSAFE_GENERATOR_ATTRIBUTES
    | UNSAFE_COROUTINE_ATTRIBUTES
    | UNSAFE_ASYNC_GENERATOR_ATTRIBUTES
    | {"mro"}
)

objects: ContextVar[list[Any] | None] = ContextVar("kldocs_render_objects", default=None)
"""The pictures and links of the render in progress, numbered by their markers."""


class PieceMark:
    """Printed where a piece of a part rendered in pieces begins (``number`` is ``-1 - n``) or ends (``n``).

    Templates cannot name one: the engine gives them to its own pieces only,
    under names starting with ``_``. Printing one notes in :data:`pieces` the
    piece's number with what the document has used of its budget so far; an
    end prints :data:`SEGMENT_END`, a beginning nothing.
    """

    __slots__ = ("number",)

    def __init__(self, number: int) -> None:
        self.number = number

    def __repr__(self) -> str:
        return f"PieceMark({self.number})"


pieces: ContextVar[list[tuple[int, int, int]] | None] = ContextVar("kldocs_render_pieces", default=None)
"""Where :class:`PieceMark` notes (number, characters printed, loop steps) as the part renders."""


class Inline:
    """A value that becomes Word markup of its own where its tag stands (a picture, a link)."""

    def plain_text(self) -> str:
        """What the value reads as where markup cannot go (an attribute, a document property)."""
        raise NotImplementedError


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Inline):
        return value.plain_text()
    return str(value)


_PIECE_END = Markup(SEGMENT_END)
_PIECE_BEGIN = Markup("")
"""What a :class:`PieceMark` prints: made once, not for each of the dozens a part rendered in pieces prints."""


def finalize_xml(value: Any) -> Markup:
    """Turn a printed value into escaped, cleaned text for Word XML, with markers for breaks, tabs and objects.

    ``None`` prints as nothing; a value that is already markup (from Jinja's
    own escaping filters) is cleaned but not escaped again.
    """
    if type(value) is str and value.isprintable():  # the common case: nothing to clean, no breaks or tabs
        _printed(len(value))
        return escape(value)
    if type(value) is PieceMark:
        _note(value.number)
        return _PIECE_END if value.number >= 0 else _PIECE_BEGIN
    if isinstance(value, Inline):
        registry = objects.get()
        if registry is None:
            return Markup(escape(xml_text(value.plain_text())))
        registry.append(value)
        return Markup(f"{OBJECT_START}{len(registry) - 1}{OBJECT_END}")
    _not_a_function(value)
    already_escaped = hasattr(value, "__html__")
    _printed(len(str(value)))
    text = xml_text(str(value.__html__())) if already_escaped else str(escape(xml_text(_text_of(value))))
    if "\n" in text or "\t" in text:
        text = text.replace("\n", NEWLINE).replace("\t", TAB)
    return Markup(text)


def finalize_text(value: Any) -> str:
    """Turn a printed value into cleaned plain text, for document properties (escaped later, once)."""
    _not_a_function(value)
    return xml_text(_text_of(value))


def _not_a_function(value: Any) -> None:
    """Raise TypeError for a function or method printed: it would print as where it lies in memory.

    (A missing value, which Jinja's undefined stands for and which can be called, fails as missing.)
    """
    if callable(value) and not isinstance(value, Undefined):
        name = getattr(value, "__name__", type(value).__name__)
        raise TypeError(f"the template prints the function '{name}', not a value (to call it, write {name}())")


MAX_OUTPUT = 10_000_000
"""The most characters of values one document may print (a real letter prints well under 100,000)."""
MAX_ITERATIONS = 1_000_000
"""The most steps all the ``range()`` loops of one document may take together."""
MAX_SECONDS = 10.0
"""The time one document may take to render."""
MAX_REPEAT = 100_000
"""The longest text or list ``*`` may make, and the largest power ``**`` may raise to."""


class LimitExceeded(SecurityError):
    """Raised when a template would print, loop or compute past the limits of one document."""


@dataclass
class Budget:
    """What the document being rendered has used of its limits."""

    started: float = field(default_factory=time.monotonic)
    printed: int = 0
    steps: int = 0

    def print(self, characters: int) -> None:
        """Count a printed value; raise LimitExceeded past the document's limits."""
        self.printed += characters
        if self.printed > MAX_OUTPUT:
            raise LimitExceeded(f"the document would print more than {MAX_OUTPUT:,} characters")

    def charge(self, printed: int, steps: int) -> None:
        """Count what a piece rendered for an earlier document cost, as if it was rendered again."""
        if printed:
            self.print(printed)
        if steps:
            self.steps += steps
            if self.steps > MAX_ITERATIONS:
                raise LimitExceeded(f"its range() loops would take more than {MAX_ITERATIONS:,} steps")

    def step(self) -> None:
        """Count a step of a ``range()`` loop; raise LimitExceeded past the document's limits (time too)."""
        self.steps += 1
        if self.steps > MAX_ITERATIONS:
            raise LimitExceeded(f"its range() loops would take more than {MAX_ITERATIONS:,} steps")
        if self.steps % 1024 == 0 and time.monotonic() - self.started > MAX_SECONDS:
            raise LimitExceeded(f"the document would take more than {MAX_SECONDS:g} s to render")


budget: ContextVar[Budget | None] = ContextVar("kldocs_render_budget", default=None)
"""The limits of the render in progress; None outside one (a template's check, say)."""


def _note(number: int) -> None:
    notes = pieces.get()
    if notes is not None:
        current = budget.get()
        notes.append((number, current.printed if current else 0, current.steps if current else 0))


def _printed(characters: int) -> None:
    current = budget.get()
    if current is not None:
        current.print(characters)


def counted_range(*args: int) -> Iterator[int]:
    """``range()`` for templates: Jinja's safe range, each step counted against the document's budget."""
    current = budget.get()
    for number in safe_range(*args):
        if current is not None:
            current.step()
        yield number


class _Generator(CodeGenerator):
    """Jinja's code generator, with what a ``{% filter %}`` block prints finalized like any value printed.

    Jinja prints a filter block's result as it is. With ``striptags`` (which
    unescapes) a value reached the XML unescaped: text holding ``<w:br/>``
    printed a line break, and any other markup it held. Now a result that
    is text (a filter that unescapes) is finalized like a value printed; one
    still markup, the block's own as ``replace``, ``upper`` or ``indent``
    leave it, is printed as it is, with the markers of its line breaks, tabs
    and objects (see :meth:`Sandbox.finalize_filtered`).
    """

    def visit_FilterBlock(self, node: nodes.FilterBlock, frame: Frame) -> None:
        filter_frame = frame.inner()
        filter_frame.symbols.analyze_node(node)
        self.enter_frame(filter_frame)
        self.buffer(filter_frame)
        self.blockvisit(node.body, filter_frame)
        self.start_write(frame, node)
        self.write("environment.finalize_filtered(")
        self.visit_Filter(node.filter, filter_frame)
        self.write(")")
        self.end_write(frame)
        self.leave_frame(filter_frame)


_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|#x?[0-9a-f]+);", re.IGNORECASE)
"""An escape as Jinja or XML writes it, in any case (a filter block's ``upper`` makes ``&AMP;``)."""


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with limits, remembering which attributes of which types it judged safe.

    The sandbox's judgement depends only on the object's type and the
    attribute's name, and templates ask for the same few attributes of the
    same few types for every record, so the answers are kept. ``*`` and
    ``**`` are bounded (``'x' * 10**10`` would take all memory), and so are
    the values printed and the loop steps of one document (see :class:`Budget`).
    """

    _safe: ClassVar[dict[tuple[type, str], bool]] = {}
    intercepted_binops = frozenset({"*", "**"})
    code_generator_class = _Generator

    def finalize_filtered(self, value: Any) -> Any:
        """What a ``{% filter %}`` block prints: text finalized like a value printed, markup as it is.

        In document properties (no autoescape) the result is text, cleaned
        and escaped once when the property is written, as before.
        """
        if not self.autoescape:
            return value
        if hasattr(value, "__html__"):
            # the block's filter saw the escaped text: upper made '&amp;' '&AMP;', which XML knows not
            return Markup(_ENTITY.sub(lambda m: m[0].lower(), str(value)))
        assert self.finalize is not None  # make_environment gives one
        return self.finalize(value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*`` and ``**``, refused where the result would be absurdly large."""
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and times * len(seq) > MAX_REPEAT:
                    raise LimitExceeded(f"'*' would make a value of {times * len(seq):,} items")
        elif isinstance(right, int) and isinstance(left, int | float) and abs(right) > 1000 and abs(left) > 1:
            raise LimitExceeded(f"'**' with the power {right:,}")
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Whether a template may read ``attr`` of ``obj``: as the sandbox decides, remembered per type."""
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe


def make_environment(*, xml: bool = True) -> SandboxedEnvironment:
    """A fresh sandboxed, strict environment with the Danish filters.

    With ``xml`` (for Word's XML parts) values are escaped and marked by
    :func:`finalize_xml`; without it (for document properties) they are only
    cleaned, to be escaped once when the property is written.
    """
    env = Sandbox(
        autoescape=xml,
        undefined=StrictUndefined,
        finalize=finalize_xml if xml else finalize_text,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    for name in REMOVED_FILTERS:
        env.filters.pop(name, None)
    for name in REMOVED_TESTS:
        env.tests.pop(name, None)
    env.globals.pop("lipsum", None)
    env.globals["range"] = counted_range
    for name in _WIDTH_FILTERS:
        env.filters[name] = _bounded(name, env.filters[name])
    for name in _TEXT_FILTERS:
        env.filters[name] = _on_the_text(env.filters[name])
    return env


_TEXT_FILTERS = ("title", "wordwrap", "truncate", "center", "replace")
"""Jinja's filters that, given markup, would work on its escapes (``&amp;`` cut in two, or made ``&Amp;``)."""


def _on_the_text(jinja_filter: Any) -> Any:
    """``jinja_filter`` filtering the text of escaped markup (a filter block's): what it gives is printed as text.

    Given the escaped text a filter block holds, Jinja's ``title`` gave a
    plain str that was printed escaped twice, ``truncate`` and ``replace``
    could cut an escape (broken XML), ``wordwrap`` and ``center`` counted
    the escapes' characters; given escaped arguments (``replace('a', y|e)``)
    they escaped the value first, and did the same. Markup with tags in it
    (a block over several runs) is filtered as Jinja does.
    """

    def text_of(value: Any) -> Any:
        return value.unescape() if isinstance(value, Markup) else value

    @functools.wraps(jinja_filter)
    def on_text(*args: Any, **kwargs: Any) -> Any:
        at = next((i for i, a in enumerate(args) if isinstance(a, str)), None)  # the value (after an environment)
        if at is None or (isinstance(args[at], Markup) and "<" in args[at]):  # a block over runs: as Jinja does
            return jinja_filter(*args, **kwargs)
        if not any(isinstance(a, Markup) for a in (*args[at:], *kwargs.values())):
            return jinja_filter(*args, **kwargs)  # text given: text given back
        # text, finalized as a value printed is (escaped, a line break wordwrap makes made one)
        texts = [text_of(a) for a in args[at:]]
        return str(jinja_filter(*args[:at], *texts, **{k: text_of(v) for k, v in kwargs.items()}))

    return on_text


_WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate")
"""Jinja's filters that take a width, which a template could make absurdly large."""


def _bounded(name: str, jinja_filter: Any) -> Any:
    """``jinja_filter`` refusing a number argument beyond :data:`MAX_REPEAT`."""

    @functools.wraps(jinja_filter)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[1:], *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_REPEAT:
                raise LimitExceeded(f"the filter {name!r} was given the width {value:,}")
        return jinja_filter(*args, **kwargs)

    return bounded


def _is_unsafe(name: str) -> bool:
    return name.startswith("_") or name in _UNSAFE_NAMES


def unsafe_access(tree: nodes.Node) -> Iterator[str]:
    """Names in a parsed template that reach for Python internals (``__init__``, ``_private``, ``mro``).

    The sandbox refuses them when the template runs; finding them here makes
    such a template fail its check before any document is written.
    """
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name, nodes.Filter)):
        if isinstance(node, nodes.Getattr) and _is_unsafe(node.attr):
            yield node.attr
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and _is_unsafe(node.arg.value)
        ):
            yield node.arg.value
        elif isinstance(node, nodes.Name) and node.name.startswith("_"):
            yield node.name
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            for arg in node.args:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str) and _is_unsafe(arg.value):
                    yield arg.value
