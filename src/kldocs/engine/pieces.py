"""A part of a template cut into pieces, so that a batch renders again only the pieces a record changes.

:func:`cut` compiles a part to render in pieces, each depending on what
it reads of the record (names, attributes of them, the truth of a test);
:func:`same` tells whether a piece's values are
those it had for an earlier record (so its kept text stands); :func:`spliced`
puts the kept text of the pieces not rendered back into a part rendered
with the others, with the pictures and links they placed; :class:`Shapes`
tells when a part is of a shape already found well-formed, so that it need
not be parsed again. :class:`kldocs.engine.template.BatchRenderer` uses them.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import CodeType
from typing import TYPE_CHECKING, Any, NamedTuple

from jinja2 import Undefined, nodes

from kldocs.engine.sandbox import NEWLINE, OBJECT_END, OBJECT_START, SEGMENT_END, TAB

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

LIVE = "_kldocs_live"
"""The name under which a part rendered in pieces is told which pieces to render (a list of flags)."""
MARKS = "_kldocs_marks"
"""The name of the :class:`~kldocs.engine.sandbox.PieceMark` each piece begins (``2i``) and ends (``2i + 1``) with."""
_WHOLE = (nodes.Assign, nodes.AssignBlock, nodes.Macro, nodes.CallBlock, nodes.Import, nodes.FromImport,
          nodes.Include, nodes.Extends, nodes.Block, nodes.EvalContextModifier, nodes.OverlayScope,
          nodes.ContextReference, nodes.DerivedContextReference, nodes.FilterBlock)
"""What a part must not hold to be rendered in pieces: whatever one piece could pass on to the next, and
``{% filter %}`` blocks, whose output Jinja does not finalize (a filter could see the numbers of the object
markers inside, which depend on what was rendered before)."""

Pieces = tuple[CodeType, tuple[tuple[str, ...], ...], tuple[int, ...]]
"""A part compiled to render in pieces, the keys each piece depends on, and the block each is in."""


def cut(source: str, env: SandboxedEnvironment) -> Pieces | None:
    """The part ``source`` compiled to render in pieces, with the names each piece depends on; None if it cannot be.

    The part is cut into pieces — each ``{{ }}`` of its text, each block
    (``{% if %}``, ``{% for %}``) — and neighbouring pieces that depend on the
    same names are joined; text with no tags goes with the piece before it.
    An ``{% if %}`` or ``{% for %}`` whose inside does not all depend on the
    same names is cut the same way inside: a piece behind a test, or inside
    a loop, depends on what the test or the loop's sequence reads as well
    (a loop's variables stand for items of its sequence). A piece depends
    on keys, not just names (see :func:`_names_of`): on ``a.b.c`` where it
    reads only that of ``a``, on the truth of ``a.b`` where a test only asks
    that. So when what a piece depends on has the values it had for an
    earlier record, the piece renders as it did then, every time it renders.

    The compiled template renders piece ``i`` only when ``_kldocs_live_i``
    is true, and marks where each rendered piece begins and where every
    piece ends (:class:`~kldocs.engine.sandbox.PieceMark`), so that
    :class:`BatchRenderer` can put the text of those not rendered back in.
    A part that sets variables, defines macros or includes others, or a loop
    that is ``recursive`` or asks ``loop.changed()``, is not cut.
    """
    tree = env.parse(source)
    if any(True for _ in tree.find_all(_WHOLE)) or any(n.name.startswith("_") for n in tree.find_all(nodes.Name)):
        return None
    found: list[tuple[str, ...]] = []
    parents: list[int] = []
    body = _skeleton(_cut(tree.body, frozenset(), frozenset()), found, parents, -1)
    skeleton = nodes.Template(body)
    skeleton.set_lineno(1)
    skeleton.set_environment(env)
    return env.compile(skeleton), tuple(found), tuple(parents)


@dataclass
class _Piece:
    names: set[str]
    statements: list[nodes.Node]


@dataclass
class _Cut:
    """A block cut inside: ``{% if %}`` (``node.body``/``else_`` replaced) or ``{% for %}``."""

    node: nodes.If | nodes.For
    body: list[_Piece | _Cut]
    otherwise: list[_Piece | _Cut]
    names: set[str]
    """The names the whole block depends on."""


def chain_of(node: nodes.Node) -> tuple[str, ...] | None:
    """``("a", "b")`` for the expression ``a.b``, None for any other kind of expression."""
    if isinstance(node, nodes.Name):
        return (node.name,)
    if isinstance(node, nodes.Getattr):
        base = chain_of(node.node)
        return None if base is None else (*base, node.attr)
    return None


def _read(chain: tuple[str, ...], bound: frozenset[str], truth: bool = False) -> set[str]:
    """The key of what ``chain`` reads (``a.b.c``, ``?a.b`` for its truth); nothing if a loop's variable heads it."""
    return set() if chain[0] in bound else {("?" if truth else "") + ".".join(chain)}


def _names_of(node: nodes.Node, bound: frozenset[str]) -> set[str]:
    """What ``node`` reads from the context, leaving out ``bound`` (the variables of the loops it sits in).

    Each read is a key (see :func:`dependency`): a name (``a``); the
    attributes read of it (``a.b.c``, the longest chain ``node`` reads; of a
    method called, ``a.b`` for ``a.b.m(…)``: what it returns follows from the
    object and the arguments); or, for a test of ``{% if %}``, whether such a
    chain is true (``?a.b``), when the test only joins it with ``and``,
    ``or`` and ``not``. A loop's variables are left out inside it. Any other
    name read counts, even one a ``{% with %}`` sets: a key too many only
    makes a piece reused less often, never wrongly.
    """
    if isinstance(node, nodes.Name):
        return {node.name} - bound if node.ctx == "load" else set()
    if isinstance(node, nodes.Getattr) and (chain := chain_of(node)) is not None:
        return _read(chain, bound)
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) and (
            chain := chain_of(node.node.node)) is not None:
        return _read(chain, bound) | _names_in([c for c in node.iter_child_nodes() if c is not node.node], bound)
    if isinstance(node, nodes.If):
        return (_tested(node.test, bound) | _names_in(node.body, bound) | _names_in(node.elif_, bound)
                | _names_in(node.else_, bound))
    if isinstance(node, nodes.For):
        inner = bound | _targets(node.target) | {"loop"}
        names = _names_of(node.iter, bound) | _names_in(node.else_, bound) | _names_in(node.body, inner)
        return names | (_names_of(node.test, inner) if node.test is not None else set())
    return _names_in(list(node.iter_child_nodes()), bound)


def _tested(test: nodes.Node, bound: frozenset[str]) -> set[str]:
    """What the test of an ``{% if %}`` reads: of each chain it joins with ``and``, ``or``, ``not``, its truth."""
    if isinstance(test, nodes.And | nodes.Or):
        return _tested(test.left, bound) | _tested(test.right, bound)
    if isinstance(test, nodes.Not):
        return _tested(test.node, bound)
    chain = chain_of(test)
    return _names_of(test, bound) if chain is None else _read(chain, bound, truth=True)


def _names_in(statements: Sequence[nodes.Node], bound: frozenset[str]) -> set[str]:
    names: set[str] = set()
    for statement in statements:
        names |= _names_of(statement, bound)
    return names


def _all_names(items: list[_Piece | _Cut]) -> list[set[str]]:
    return [n for i in items for n in ([i.names] if isinstance(i, _Piece) else _all_names(i.body + i.otherwise))]


def _heads(keys: Iterable[str]) -> set[str]:
    """The names ``keys`` read, whatever of them they read.

    Pieces are joined, and a block is cut inside, by the names their keys
    read, so that a part is cut where it would be if each key were its
    name: reading more closely what a piece reads makes more pieces reused,
    not more pieces.
    """
    return {dependency(key)[0] for key in keys}


def _targets(node: nodes.Node) -> set[str]:
    return {n.name for n in node.find_all(nodes.Name)} | ({node.name} if isinstance(node, nodes.Name) else set())


def _cut(statements: list[nodes.Node], behind: frozenset[str], bound: frozenset[str]) -> list[_Piece | _Cut]:
    """``statements`` cut into pieces.

    ``behind`` holds the names the tests and loops around them read, ``bound`` the variables of those loops.
    """
    items: list[_Piece | _Cut] = []

    def add(statement: nodes.Node, names: set[str]) -> None:
        last = items[-1] if items and isinstance(items[-1], _Piece) else None
        text = isinstance(statement, nodes.Output) and isinstance(statement.nodes[0], nodes.TemplateData)
        if last is not None and (text or _heads(last.names) == _heads(names) or all(
                isinstance(s, nodes.Output) and isinstance(s.nodes[0], nodes.TemplateData) for s in last.statements)):
            if not text:
                last.names |= names
            last.statements.append(statement)
        else:
            items.append(_Piece(set(names), [statement]))

    for node in statements:
        whole = behind | _names_of(node, bound)
        inside: _Cut | None = None
        if isinstance(node, nodes.If):
            otherwise: list[nodes.Node] = list(node.else_)
            for elif_ in reversed(node.elif_):  # if … elif … else: if … else (if … else …)
                otherwise = [nodes.If(elif_.test, elif_.body, [], otherwise, lineno=elif_.lineno)]
            tested = behind | _tested(node.test, bound)
            inside = _Cut(node, _cut(node.body, tested, bound), _cut(otherwise, tested, bound), set(whole))
        elif (isinstance(node, nodes.For) and not node.recursive
              and not any(a.attr == "changed" for a in node.find_all(nodes.Getattr))):
            looped = behind | _names_of(node.iter, bound)
            inner = bound | _targets(node.target) | {"loop"}
            if node.test is not None:
                looped |= _names_of(node.test, inner)
            inside = _Cut(node, _cut(node.body, frozenset(looped), frozenset(inner)),
                          _cut(node.else_, frozenset(looped), bound), set(whole))
        if inside is not None and any(_heads(names) != _heads(whole)
                                      for names in _all_names(inside.body + inside.otherwise)):
            items.append(inside)
            continue
        for child in node.nodes if isinstance(node, nodes.Output) else [node]:
            statement = nodes.Output([child]) if isinstance(node, nodes.Output) else child
            add(statement, set(behind) | (set() if isinstance(child, nodes.TemplateData) else _names_of(child, bound)))
    return items


def _skeleton(items: list[_Piece | _Cut], found: list[tuple[str, ...]], parents: list[int],
              parent: int) -> list[nodes.Node]:
    """The statements rendering ``items`` piece by piece; each piece's keys and block appended to the lists.

    A block cut inside is a piece of its own too, holding its pieces: when
    none of the keys it depends on has changed, it is not run at all. One
    inside a piece that reads the same names renders whenever that piece
    does (which depends on all it holds): it is not a piece of its own.
    """
    body: list[nodes.Node] = []
    for item in items:
        names = _reduced(item.names)
        if isinstance(item, _Cut) and parent >= 0 and _heads(found[parent]) == _heads(names):
            body += _block(item, found, parents, parent)  # renders whenever the block around it does: no marks
            continue
        number = len(found)
        found.append(names)
        parents.append(parent)
        inside = item.statements if isinstance(item, _Piece) else _block(item, found, parents, number)
        begins = nodes.Output([nodes.Getitem(nodes.Name(MARKS, "load"), nodes.Const(2 * number), "load")])
        ends = nodes.Output([nodes.Getitem(nodes.Name(MARKS, "load"), nodes.Const(2 * number + 1), "load")])
        live = nodes.Getitem(nodes.Name(LIVE, "load"), nodes.Const(number), "load")
        body += [nodes.If(live, [begins, *inside], [], []), ends]
    return body


def _reduced(keys: set[str]) -> tuple[str, ...]:
    """``keys`` in order, but the truth of what another key reads whole: ``a.b`` covers ``?a.b``.

    ``a`` does not cover ``a.b``: equal text in another object is alike as ``a``,
    but not what is read of it (see :meth:`Read.renders_as`).
    """
    return tuple(sorted(key for key in keys if not (key.startswith("?") and key[1:] in keys)))


def _block(item: _Cut, found: list[tuple[str, ...]], parents: list[int], parent: int) -> list[nodes.Node]:
    """The ``{% if %}`` or ``{% for %}`` of ``item`` with its inside rendered piece by piece."""
    if isinstance(item.node, nodes.If):
        return [nodes.If(item.node.test, _skeleton(item.body, found, parents, parent), [],
                         _skeleton(item.otherwise, found, parents, parent))]
    loop = item.node
    return [nodes.For(loop.target, loop.iter, _skeleton(item.body, found, parents, parent),
                      _skeleton(item.otherwise, found, parents, parent), loop.test, False)]


ABSENT = object()
"""Stands for a name a record's context lacks."""
_EXACT = (str, int, bool, type(None))
"""Types whose equal values (of one type) are the same text."""
_BY_REPR = (float, decimal.Decimal, dt.date, dt.datetime, dt.time)
"""Types whose equal values may print differently (``1.0`` and ``1.00``, one moment in two time zones): also
compared by their ``repr``."""


def same(kept: tuple[Any, ...], now: tuple[Any, ...], answers: dict[tuple[Read, Read], bool]) -> bool:
    """True when the values ``now`` render as the values ``kept`` did: the same objects, or alike plain values.

    ``answers`` keeps what each :class:`Read` was found to be against one kept
    (a record's pieces kept from one record share their reads): give the same
    dict for one record, and only for it.
    """
    for old, new in zip(kept, now, strict=True):
        if old is new:
            continue
        if type(old) is Read:
            pair = (old, new)
            answer = answers.get(pair)
            if answer is None:
                answer = answers[pair] = new.renders_as(old)
            if not answer:
                return False
        elif not _alike(old, new):
            return False
    return True


def _alike(old: Any, new: Any) -> bool:
    """True when ``new`` renders as ``old`` does: the same object, or an equal plain value of the same type."""
    if old is new:
        return True
    kind = type(old)
    if kind is not type(new) or (kind not in _EXACT and kind not in _BY_REPR) or old != new:
        return False
    return kind in _EXACT or repr(old) == repr(new)


@functools.lru_cache(maxsize=4096)
def dependency(key: str) -> tuple[str, tuple[str, ...], bool]:
    """What a key of :func:`cut` reads: the name, the attributes read of it, and whether only its truth counts.

    ``"a"`` is ``("a", (), False)``; ``"a.b.c"`` ``("a", ("b", "c"), False)``; ``"?a.b"`` ``("a", ("b",), True)``.
    """
    truth = key.startswith("?")
    head, *attributes = key[truth:].split(".")
    return head, tuple(attributes), truth


_FAILED = object()
"""Stands for an attribute that could not be read, or a value whose truth could not be told."""


class Read:
    """What a piece reads through attributes of a record's name (``a.b.c``), or its truth (``?a.b``).

    Read lazily and compared step by step (:meth:`renders_as`): when ``a`` is
    the object an earlier record had, ``a.b.c`` renders as it did then
    (the data does not change while a batch renders), and its attributes are
    not read; else ``a.b`` is compared, and so on, down to the value read,
    which may be an equal plain value (or its truth, which may be equal).
    An attribute is read as Jinja reads it (by the template's sandbox), but
    one that fails or is undefined never compares alike: the piece is then
    rendered, and fails or copes as it would.
    """

    __slots__ = ("_attributes", "_getattr", "_steps", "_truth")

    def __init__(self, head: Any, attributes: tuple[str, ...], truth: bool,
                 getattr_: Callable[[Any, str], Any]) -> None:
        self._steps = [head]
        self._attributes = attributes
        self._truth = truth
        self._getattr = getattr_

    @property
    def head(self) -> Any:
        """The value of the name read."""
        return self._steps[0]

    def _step(self, number: int) -> Any:
        """The value after ``number`` steps: the name's value (0), an attribute of it (1), …, the truth last."""
        steps = self._steps
        done = len(steps)
        while done <= number:
            last = steps[-1]
            if last is _FAILED:
                return _FAILED
            try:
                if done <= len(self._attributes):
                    value = self._getattr(last, self._attributes[done - 1])
                    if isinstance(value, Undefined):
                        value = _FAILED
                else:
                    value = bool(last)
            except Exception:  # read again when rendered, where it fails as it does
                value = _FAILED
            steps.append(value)
            done += 1
        return steps[number]

    def renders_as(self, kept: Read) -> bool:
        """True when this renders as ``kept`` (what an earlier record read through the same key) did.

        A step whose attributes are read further is alike only as the same
        object: equal text in another object could read as another text
        (a method of it prints where it lies in memory). The value read,
        and its truth, are alike as :func:`same` has it.
        """
        read = len(self._attributes)  # the number of the step that is the value read
        if kept._steps[0] is self._steps[0] or (not read and _alike(kept._steps[0], self._steps[0])):
            return True
        for number in range(1, read + 1 + self._truth):
            old, new = kept._step(number), self._step(number)
            if old is _FAILED or new is _FAILED:
                return False
            if old is new or (number >= read and _alike(old, new)):
                return True
        return False


class Kept(NamedTuple):
    """A piece of a part as an earlier record rendered it: the values it read, its text, what it cost.

    (A named tuple, as :class:`Placed` is: a batch makes several for every record, and a frozen dataclass
    takes more than twice as long to make.)
    """

    values: tuple[Any, ...]
    texts: tuple[Placed, ...]
    """The text of each time the piece rendered, in order (a piece in a loop renders once for each item)."""
    printed: int
    steps: int


class Placed(NamedTuple):
    """A piece's text and the pictures and links it placed; their markers count from ``first``."""

    text: str
    objects: tuple[Any, ...] = ()
    first: int = 0
    shape: int | None = None
    """The number :class:`Shapes` gave the text's shape; None when it has none."""

    def put(self, registry: list[Any]) -> str:
        """The text with its objects added to ``registry`` and its markers numbered where they now stand."""
        if len(registry) == self.first:  # its markers, numbered in order from first, keep their numbers
            registry += self.objects
            return self.text
        return renumbered(self.text, self.objects, registry, self.first)


_MARKER = re.compile(f"{OBJECT_START}(\\d+){OBJECT_END}")


def renumbered(text: str, source: Sequence[Any], registry: list[Any], first: int = 0) -> str:
    """``text`` with each object marker's object (``source[n - first]``) added to ``registry``, and numbered so.

    The objects of a part rendered in pieces end up in ``registry`` in the
    order their markers stand in the part (rendering it whole puts them in
    the order they print; only which marker is which object tells).
    """
    if OBJECT_START not in text:
        return text

    def place(marker: re.Match[str]) -> str:
        registry.append(source[int(marker.group(1)) - first])
        return f"{OBJECT_START}{len(registry) - 1}{OBJECT_END}"

    return _MARKER.sub(place, text)


def joined(texts: Sequence[Placed], registry: list[Any], shapes: Shapes) -> tuple[str, int | None]:
    """The texts of kept pieces one after the other, their objects added to ``registry``; and its shape."""
    return "".join(placed.put(registry) for placed in texts), shapes.of_parts([placed.shape for placed in texts])


_MOST_CHARACTERS = 500_000
"""How much text :class:`Shapes` keeps the shapes of, at most, before it forgets them all."""
_MOST_SHAPES = 10_000
"""How many shapes a batch keeps numbers for before it forgets them all and those found well-formed (a number
once given is never given again, so the kept pieces' numbers stay theirs)."""
_NOT_XML = re.compile("[\x00\x05-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML cannot hold (a tab, a newline and a carriage return it can), but for the engine's own markers
(``\\x01``–``\\x04``, see :mod:`kldocs.engine.sandbox`), which are placed before the part is parsed."""
_TOKEN = re.compile(f"<[^<>]*>|{OBJECT_START}(\\d+){OBJECT_END}|[{NEWLINE}{TAB}]")
_TAG_OR_BREAK = re.compile(f"(<[^<>]*>|[{NEWLINE}{TAB}])")
""":data:`_TOKEN` for a text without object markers, as :meth:`re.Pattern.split` wants it (its tokens kept)."""
_OTHER_REFERENCE = re.compile("&(?!(?:amp|lt|gt|quot|apos|#34|#39);)")
"""A reference that is not one of those escaping makes (``&amp;``, ``&#34;``): an entity, a character by number."""


class Shapes:
    """The shapes of a batch's texts, numbered, and the shapes of each part found well-formed.

    A text's shape is the sequence of its tags, written out whole, and of
    the markers of its line breaks, tabs, pictures and links (by the kind
    of object), with what each gap between them holds (nothing, XML's white
    space, other text). Two parts of one shape differ only in character
    data, which escaping and cleaning make sound, and in the objects'
    markup, which kldocs writes sound for any link, picture or rich text
    where a marker of text stands: so either both are well-formed or
    neither, and a part of a shape found well-formed is not parsed again. A
    text has no shape, and a part holding it is always parsed, when a gap
    holds a ``<`` or ``>`` (a tag cut in two between pieces, say), a
    reference escaping does not write, or a character XML cannot hold, or
    when an object's marker stands inside a tag (an attribute, a comment),
    where its text decides.
    """

    def __init__(self) -> None:
        self._numbers: dict[tuple[Any, ...], int] = {}
        self._next = 0
        self.well_formed: dict[str, set[int]] = {}
        """The shapes found well-formed, by part."""
        self._texts: dict[str, int | None] = {}
        """The shape of each text without object markers read so far (a piece rendered again for a record often
        comes out as it did for another: the agreements of a batch, two texts in three)."""
        self._characters = 0
        """How long the texts of :attr:`_texts` are together."""

    def of_text(self, text: str, registry: Sequence[Any]) -> int | None:
        """The number of the shape of ``text``, whose object markers number the objects in ``registry``."""
        kept = OBJECT_START not in text  # the objects' kinds are of a shape too: a text with markers is read anew
        if kept and (number := self._texts.get(text, -1)) != -1:
            return number
        key = shape_key(text, registry)
        number = None if key is None else self._number(key)
        if kept:
            if self._characters + len(text) > _MOST_CHARACTERS:
                self._texts.clear()
                self._characters = 0
            self._texts[text] = number
            self._characters += len(text)
        return number

    def of_parts(self, shapes: Sequence[int | None]) -> int | None:
        """The number of the shape of texts of ``shapes`` one after the other; None if one has none."""
        if None in shapes:
            return None
        return shapes[0] if len(shapes) == 1 else self._number(tuple(shapes))

    def _number(self, key: tuple[Any, ...]) -> int:
        number = self._numbers.get(key)
        if number is None:
            if len(self._numbers) >= _MOST_SHAPES:  # a batch whose every record has a shape of its own
                self._numbers.clear()
                self.well_formed.clear()
            number = self._numbers[key] = self._next
            self._next += 1
        return number


def shape_key(text: str, registry: Sequence[Any]) -> tuple[Any, ...] | None:
    r"""What :class:`Shapes` numbers as the shape of ``text``; None for no shape.

    The key is the text's tokens (tags, markers of line breaks and tabs, an
    object's marker as ``\x03\x04``) one after the other, the kind of each
    gap around them, one character each (:func:`_gap`), and the kind of each
    object: two strings and a tuple, which Python hashes and compares whole,
    not a token at a time. Tokens joined are read back one way only (a tag
    runs from ``<`` to ``>`` and holds neither; any other token is one
    character, or the object's two), so two texts have one key exactly when
    their tokens and gaps are alike.
    """
    if OBJECT_START in text:
        return _shape_key_by_token(text, registry)
    if not _sound(text):
        return None
    parts = _TAG_OR_BREAK.split(text)  # gap, token, gap, …, gap
    gaps = parts[::2]
    joined = "".join(gaps)
    if "<" in joined or ">" in joined:
        return None
    return "".join(parts[1::2]), "".join([_gap(gap) for gap in gaps]), ()


_OBJECT = f"{OBJECT_START}{OBJECT_END}"


def _shape_key_by_token(text: str, registry: Sequence[Any]) -> tuple[Any, ...] | None:
    """:func:`shape_key` read token by token, as a text with object markers is."""
    if not _sound(text):
        return None
    tokens: list[str] = []
    gaps: list[str] = []
    kinds: list[type] = []
    last = 0
    for token in _TOKEN.finditer(text):
        gap = text[last : token.start()]
        if "<" in gap or ">" in gap:
            return None
        gaps.append(_gap(gap))
        number = token.group(1)
        if number is not None:
            tokens.append(_OBJECT)
            kinds.append(type(registry[int(number)]))
        elif OBJECT_START in token.group():
            return None
        else:
            tokens.append(token.group())
        last = token.end()
    gap = text[last:]
    if "<" in gap or ">" in gap:
        return None
    gaps.append(_gap(gap))
    return "".join(tokens), "".join(gaps), tuple(kinds)


def _sound(text: str) -> bool:
    """False when ``text`` holds a reference escaping does not write, or a character XML cannot hold."""
    return not (("&" in text and _OTHER_REFERENCE.search(text)) or (not text.isprintable() and _NOT_XML.search(text)))


def _gap(text: str) -> str:
    """The kind of a gap between tokens: ``-`` for nothing, a space for XML's white space only, ``t`` for text."""
    return "-" if not text else " " if not text.strip(" \t\r\n") else "t"


def spliced(out: str, notes: list[tuple[int, int, int]], kept: list[Kept | None], live: list[bool],
             run: list[bool], values: list[tuple[Any, ...]], registry: list[Any],
             shapes: Shapes) -> tuple[str, int | None] | None:
    """``out`` with the kept text of each piece not rendered put back in; ``kept`` is brought up to date.

    ``notes`` are the marks the pieces printed, in order: a rendered piece
    begins (its number ``n`` noted as ``-1 - n``) and ends (``n``) with what
    the budget stood at; one not rendered only ends, and printed nothing.
    ``registry`` holds the objects (pictures, links) the rendered pieces
    placed; it comes back holding those of the whole part, numbered in the
    order they stand. Returned with the part's text is its shape (see
    :class:`Shapes`); only the text of the pieces rendered is read for it.
    None when the marks do not fit the pieces (the part printed the mark's
    character itself): the part is then rendered whole.
    """
    texts = out.split(SEGMENT_END)
    if len(texts) != sum(1 for note in notes if note[0] >= 0) + 1 or texts[-1]:
        return None
    rendered = registry[:]
    registry.clear()
    result: list[str] = []
    shaped: list[int | None] = []  # the shape of each text in result
    fresh: dict[int, tuple[list[Placed], list[int]]] = {}
    used = [0] * len(live)
    open_: list[tuple[int, tuple[int, int, int], int, int, int, int]] = []  # number, begin, start, first, charged
    at = 0
    for note in notes:
        number = note[0]
        if number < 0:
            open_.append((-1 - number, note, len(result), len(registry), 0, 0))
            continue
        text = texts[at]
        at += 1
        if live[number]:
            if not open_ or open_[-1][0] != number:
                return None
            _, begun, start, first, printed, steps = open_.pop()
            texts_, cost = fresh.setdefault(number, ([], [0, 0]))
            result.append(renumbered(text, rendered, registry))
            shaped.append(shapes.of_text(result[-1], registry))
            shape = shapes.of_parts(shaped[start:])
            texts_.append(Placed("".join(result[start:]), tuple(registry[first:]), first, shape))
            cost[0] += note[1] - begun[1] + printed
            cost[1] += note[2] - begun[2] + steps
        else:
            item = kept[number]
            if item is None or text or used[number] >= len(item.texts):
                return None
            placed = item.texts[used[number]]
            result.append(placed.put(registry))
            shaped.append(placed.shape)
            used[number] += 1
            if used[number] == len(item.texts):  # its cost was charged once, before rendering: count it for its block
                open_[:] = [(n, b, s, f, p + item.printed, st + item.steps) for n, b, s, f, p, st in open_]
    if open_:
        return None
    for number, renders in enumerate(live):  # (a part given up on here is rendered whole, its kept pieces dropped)
        if not run[number]:
            continue
        if renders:
            texts_, cost = fresh.get(number, ([], [0, 0]))
            kept[number] = Kept(values[number], tuple(texts_), cost[0], cost[1])
        elif (item := kept[number]) is not None and used[number] != len(item.texts):
            return None
    return "".join(result), shapes.of_parts(shaped)
