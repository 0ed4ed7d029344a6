r"""Running text written in Markdown, read into the blocks a template prints: paragraphs and lists of rich text.

Every free-text field (:data:`kldocs.inputs.fieldtypes.Text`) is read by
markdown-it-py as CommonMark, into what a letter in Word can show:

- paragraphs, separated by a blank line; the lines of one paragraph run
  together, as in a plain e-mail;
- ``**fed**``, ``*kursiv*``, links ``[tekst](https://…)`` and
  ``<https://…>``, and a line break where a line ends in ``\`` (or two
  spaces);
- bullet lists (``- ``, ``* ``, ``• ``) and numbered lists (``1. ``), with
  a list under an item (indented) as the second and last level.

What a Word template cannot show — a heading, a rule, code, a block quote,
a table, an image, a third level of list — is refused with a message that
quotes it and says what to write instead, so nothing is silently lost.
``\*`` and the like write the character itself. HTML is not read: ``<b>``
and ``&amp;`` print as written, as any other data does.

Three habits of plain text keep the meaning they have in a letter: a line
that starts with a Danish date or period ("1. januar", "3. kvartal") is
text, not a numbered list; ``• `` starts a bullet as ``- `` does; and a line
flush left right after a list starts a new paragraph (Markdown would run it
into the list's last item).

:func:`to_markdown` and :func:`to_html` write rich text back out, for the
web article.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import groupby
from typing import TYPE_CHECKING, Annotated, Any, Literal

from markupsafe import Markup, escape
from pydantic import PlainSerializer, PlainValidator

from kldocs.engine.cleantext import xml_text
from kldocs.inputs.model import Model

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    from kldocs.engine.inline import ListNumbering, Run

_Piece = tuple[str, bool, bool, "str | None"]
"""A piece of a paragraph as read: its text, bold, italic, and the address it links to. The engine's
:class:`~kldocs.engine.inline.Run` (and its markup, with Jinja) is loaded only for text with formatting."""

_TIME_WORDS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|kvartal|halvår"
_DATE_AT_START = re.compile(rf"^([ \t]*(?:[-*+•][ \t]+)?)(\d{{1,2}})([.)])(?=[ \t]+(?:{_TIME_WORDS})\b)", re.M | re.I)
_DOT_BULLET = re.compile(r"^([ \t]*)•(?=[ \t])", re.M)
_LIST_LINE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_LISTS = ("bullet_list", "ordered_list")


def _rich(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value  # a RichText stays one: pydantic would make any str subclass a plain str
    # (RichText is the engine's, kldocs.engine.inline, loaded only when some text is bold, italic or a link)


def rich_written(value: str) -> str:
    """Rich text as the Markdown that reads back as it (plain text as it is), for a model's serialisation."""
    if type(value) is str:
        return value
    return to_markdown(value)


RichStr = Annotated[str, PlainValidator(_rich), PlainSerializer(rich_written, return_type=str)]
"""A text that may be :class:`~kldocs.engine.inline.RichText` (bold, italic, links), kept as it is given."""


class ListItem(Model):
    """One item of a list: its text, its number in the list, and the items of the list under it.

    A template prints ``item.text`` in the paragraph style of its kind and
    level (List Bullet, List Number, List Bullet 2, List Number 2), and a
    numbered item's ``item.numbering`` in the same paragraph, which prints
    nothing but numbers the list on its own, from 1. As a string, an item reads as its text with
    the items under it on lines of their own, indented.
    """

    text: RichStr
    numbered: bool = False
    """True in a numbered list, False in a bullet list."""
    level: int = 0
    """0 for an item of a list, 1 for an item of a list under an item."""
    number: int = 1
    """The item's place in its list, from 1."""
    items: tuple[ListItem, ...] = ()
    """The list under this item (level 1 only), bullets and numbered items as written."""
    ends_list: bool = False
    """True for the item whose paragraph ends the whole list: the last item, or the last item under it."""
    kept_with_next: bool = False
    """True for the list's first paragraph and the one before its last (items under an item counted in
    order): a list's first line or its last is never alone at the foot or the head of a page."""

    @property
    def marker(self) -> str:
        """What stands before the item in plain text: ``- ``, or its number and a full stop (``2. ``)."""
        return f"{self.number}. " if self.numbered else "- "

    @property
    def numbering(self) -> ListNumbering:
        """What a numbered item's paragraph prints to count its list on its own, from 1 (it shows no text)."""
        from kldocs.engine.inline import ListNumbering  # the engine's markup: loaded when a document is rendered

        return ListNumbering(self.level, self.number == 1)

    @property
    def sublists(self) -> tuple[tuple[bool, tuple[ListItem, ...]], ...]:
        """The items under this one as lists: ``(numbered, items)`` for each run of items of one kind."""
        groups: list[tuple[bool, list[ListItem]]] = []
        for item in self.items:
            if not groups or groups[-1][0] != item.numbered or item.number == 1:
                groups.append((item.numbered, []))
            groups[-1][1].append(item)
        return tuple((numbered, tuple(items)) for numbered, items in groups)

    def lines(self, indent: str = "") -> list[str]:
        """The item and the items under it, a line each, as plain text writes a list (rich where the text is)."""
        if type(self.text) is str:
            found = [f"{indent}{self.marker}{self.text}"]
        else:  # a RichText, so the engine's markup is loaded already
            from kldocs.engine.inline import RichText, Run

            found = [RichText((Run(indent + self.marker), *self.text.runs))]  # type: ignore[attr-defined]
        for item in self.items:
            found += item.lines(indent + " " * len(self.marker))
        return found

    def __str__(self) -> str:
        return "\n".join(str(line) for line in self.lines())[len(self.marker):]


class TextBlock(Model):
    """One block of running text: a paragraph, a bullet list or a numbered list.

    Templates test ``block.is_list`` (or ``block.is_bullets`` and
    ``block.is_numbered``) and print ``block.text`` or loop over
    ``block.items``. A paragraph's ``text`` is a plain ``str`` unless some of
    it is bold, italic or a link, when it is a
    :class:`~kldocs.engine.inline.RichText`; a list's ``text`` is the whole
    list as text, an item per line (``- …``, ``1. …``), for places that
    print running text in one paragraph. ``str(block.text)`` is always the
    block as plain text, links with their addresses.
    """

    kind: Literal["paragraph", "bullets", "numbered"]
    text: RichStr = ""
    items: tuple[ListItem, ...] = ()

    @property
    def is_bullets(self) -> bool:
        """True when this block is a bullet list."""
        return self.kind == "bullets"

    @property
    def is_numbered(self) -> bool:
        """True when this block is a numbered list."""
        return self.kind == "numbered"

    @property
    def is_list(self) -> bool:
        """True when this block is a list, bullets or numbered."""
        return self.kind != "paragraph"



@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # loaded when the first text is read

    # CommonMark, with tables recognised so that one is refused rather than printed as pipes; an indented line is
    # text (never code), and HTML and entities are text as written (data is data: '<b>' prints as '<b>').
    parser = MarkdownIt("commonmark", {"html": False}).enable("table").disable(["code", "entity"])
    # markdown-it leaves a javascript:, vbscript:, file: or data: link as literal text, which would print as
    # '[a](javascript:…)'; every link is read as one instead, so that :func:`check_address` refuses it by name
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def _prepared(source: str) -> str:
    """``source`` with the habits of plain text (see the module's notes) written as Markdown means them."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    text = _DATE_AT_START.sub(r"\1\2\\\3", text)
    text = _DOT_BULLET.sub(r"\1-", text)
    lines: list[str] = []
    in_list = False
    for line in text.split("\n"):
        if not line.strip():
            in_list = False
        elif _LIST_LINE.match(line):
            in_list = True
        elif in_list and not line[:1].isspace():
            lines.append("")  # a line flush left after a list starts a paragraph
            in_list = False
        lines.append(line)
    return "\n".join(lines)


def parse_markdown(source: str) -> tuple[TextBlock, ...]:
    """The blocks of ``source``; ValueError naming each construct a Word template cannot show, all at once."""
    from markdown_it.tree import SyntaxTreeNode

    text = _prepared(source)
    reader = _Reader(text.split("\n"))
    blocks = [block for node in SyntaxTreeNode(_parser().parse(text)).children for block in reader.block(node)]
    if reader.problems:
        raise ValueError("; ".join(dict.fromkeys(reader.problems)))
    return tuple(blocks)


def _paged(items: tuple[ListItem, ...]) -> tuple[ListItem, ...]:
    """``items`` with the list's paragraphs marked for the page: the last, the first and the one before the last.

    The last ends the list (``ends_list``); the other two are kept on the page of the paragraph after them
    (``kept_with_next``). The items under an item are counted in their order, as the paragraphs print.
    """
    paths = [(n, sub) for n, item in enumerate(items) for sub in (None, *range(len(item.items)))]
    marks: dict[tuple[int, int | None], dict[str, bool]] = {}
    for place, path in enumerate(paths):
        if place == len(paths) - 1:
            marks[path] = {"ends_list": True}
        elif place in (0, len(paths) - 2):
            marks[path] = {"kept_with_next": True}
    return tuple(
        item.model_copy(update={**marks.get((n, None), {}), "items": tuple(
            under.model_copy(update=marks[(n, sub)]) if (n, sub) in marks else under
            for sub, under in enumerate(item.items))})
        for n, item in enumerate(items))


def _short(text: str, length: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


class _Reader:
    """Turns markdown-it's syntax tree into blocks, noting every construct that cannot be shown."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.problems: list[str] = []

    def quote(self, node: SyntaxTreeNode) -> str:
        """The first line of ``node``'s source, shortened and in quotes."""
        if node.map:
            return f"'{_short(self.lines[node.map[0]])}'"
        return f"'{_short(node.content)}'"

    def block(self, node: SyntaxTreeNode) -> Iterable[TextBlock]:
        if node.type == "paragraph":
            yield TextBlock(kind="paragraph", text=self.inline(node.children[0]))
        elif node.type in _LISTS:
            items = _paged(self.list_items(node, 0))
            numbered = node.type == "ordered_list"
            yield TextBlock(kind="numbered" if numbered else "bullets", text=list_text(items), items=tuple(items))
        else:
            self.problems.append(self.refusal(node))

    def refusal(self, node: SyntaxTreeNode) -> str:
        """Why ``node``, a block that is neither a paragraph nor a list, cannot be shown, and what to write instead."""
        quoted = self.quote(node)
        if node.type == "heading":
            if node.markup in ("=", "-"):
                quoted = f"{quoted} (with a line of {node.markup * 3} under it)"
            return f"{quoted} is a heading, which running text cannot hold; use a section (sections:) instead"
        if node.type == "hr":
            return f"{quoted} is a horizontal rule, which cannot be shown here; a blank line separates paragraphs"
        if node.type == "fence":
            return f"{quoted} starts a code block, which cannot be shown here; write the text as a paragraph"
        if node.type == "blockquote":
            return (f"{quoted} is a block quote, which cannot be shown here; remove the '>' "
                    "(or write \\> for the character)")
        if node.type == "table":
            return f"{quoted} is a table, which cannot be shown here; write its rows as a list"
        return f"{quoted} cannot be shown here ({node.type})"  # pragma: no cover - every block rule is above

    def list_items(self, node: SyntaxTreeNode, level: int) -> tuple[ListItem, ...]:
        numbered = node.type == "ordered_list"
        start = int(str(node.attrs.get("start", 1))) if numbered else 1
        if start != 1:
            self.problems.append(
                f"{self.quote(node)} reads as a numbered list starting at {start}; a numbered list starts at 1 "
                f"(write {start}\\. if the line is not a list)"
            )
        items: list[ListItem] = []
        for number, item in enumerate(node.children, start=1):
            text: str | None = None
            under: list[ListItem] = []
            for child in item.children:
                if child.type == "paragraph" and text is None and not under:
                    text = self.inline(child.children[0])
                elif child.type == "paragraph":
                    self.problems.append(
                        f"{self.quote(child)} is a second paragraph in a list item, which holds one paragraph "
                        "and a list under it; write it flush left after a blank line to end the list"
                    )
                elif child.type in _LISTS and level == 0:
                    under += self.list_items(child, 1)
                elif child.type in _LISTS:
                    self.problems.append(
                        f"{self.quote(child)} is a list three levels deep; a list has at most two levels"
                    )
                else:
                    self.problems.append(self.refusal(child))
            if text is None:
                self.problems.append(f"{self.quote(item)} is a list item without text")
                text = ""
            items.append(ListItem(text=text, numbered=numbered, level=level, number=number, items=tuple(under)))
        return tuple(items)

    def inline(self, node: SyntaxTreeNode) -> str:
        """The text of a paragraph: a plain ``str`` when nothing in it is bold, italic or a link, else RichText."""
        pieces: list[_Piece] = []
        self.runs(node, pieces, bold=False, italic=False, link=None)
        merged: list[_Piece] = []
        for piece in pieces:
            if merged and merged[-1][1:] == piece[1:]:
                merged[-1] = (merged[-1][0] + piece[0], *piece[1:])
            elif piece[0]:
                merged.append(piece)
        if all(not (bold or italic or link) for _, bold, italic, link in merged):
            return "".join(text for text, *_ in merged)
        from kldocs.engine.inline import RichText, Run

        return RichText(Run(*piece) for piece in merged)

    def runs(self, node: SyntaxTreeNode, into: list[_Piece], *, bold: bool, italic: bool, link: str | None) -> None:
        for child in node.children:
            kind = child.type
            if kind == "text":
                into.append((child.content, bold, italic, link))
            elif kind == "softbreak":
                into.append((" ", bold, italic, link))
            elif kind == "hardbreak":
                into.append(("\n", bold, italic, link))
            elif kind == "strong":
                self.runs(child, into, bold=True, italic=italic, link=link)
            elif kind == "em":
                self.runs(child, into, bold=bold, italic=True, link=link)
            elif kind == "link":
                href = str(child.attrs.get("href", ""))
                from kldocs.engine.inline import check_address  # a link: the text will be rich

                try:
                    check_address(href)
                except ValueError:
                    shown = "".join(t.content for t in child.walk() if t.type == "text")
                    self.problems.append(
                        f"the link '[{_short(shown)}]({_short(href)})' must go to an http://, https:// or "
                        "mailto: address"
                    )
                    self.runs(child, into, bold=bold, italic=italic, link=link)
                else:
                    self.runs(child, into, bold=bold, italic=italic, link=href)
            elif kind == "image":
                self.problems.append(
                    f"'![{_short(child.content)}](…)' is an image, which running text cannot hold"
                )
            elif kind == "code_inline":
                self.problems.append(
                    f"'`{_short(child.content)}`' is code, which cannot be shown here; remove the backticks "
                    "(or write \\` for the character)"
                )
            else:  # pragma: no cover - every inline rule of the parser is above
                self.problems.append(f"'{_short(child.content)}' cannot be shown here ({kind})")


def runs_of(text: str) -> tuple[Run, ...]:
    """The runs of ``text``: its own when it is rich, else one plain run."""
    from kldocs.engine.inline import RichText, Run

    return text.runs if isinstance(text, RichText) else (Run(text),)


def _clean_runs(text: str) -> list[Run]:
    """The runs of ``text`` without the characters XML cannot hold, each line ending a newline."""
    from kldocs.engine.inline import Run

    return [Run(xml_text(run.text), run.bold, run.italic, run.link) for run in runs_of(text)]


def runs_in(blocks: Iterable[TextBlock]) -> Iterator[tuple[Run, ...]]:
    """The runs of each paragraph and list item of ``blocks``, in order: those whose text :func:`changed` changes."""
    def of_items(items: Iterable[ListItem]) -> Iterator[tuple[Run, ...]]:
        for item in items:
            yield runs_of(item.text)
            yield from of_items(item.items)

    for block in blocks:
        if block.is_list:
            yield from of_items(block.items)
        else:
            yield runs_of(block.text)


def changed(blocks: Iterable[TextBlock], change: Callable[[str], str]) -> tuple[TextBlock, ...]:
    """``blocks`` with ``change`` applied to the text of each run, its formatting and links kept.

    For text the programme writes once and kldocs fills in per letter (a
    placeholder in a reminder's text): ``change`` sees a run's text, never
    Markdown, so what it puts in is printed as it is.
    """
    def rich(text: str) -> str:
        if type(text) is str:
            return change(text)
        from kldocs.engine.inline import RichText

        return RichText(dataclasses.replace(run, text=change(run.text)) for run in runs_of(text))

    def item(it: ListItem) -> ListItem:
        return it.model_copy(update={"text": rich(it.text), "items": tuple(item(sub) for sub in it.items)})

    out: list[TextBlock] = []
    for block in blocks:
        if block.is_list:
            items = tuple(item(it) for it in block.items)
            out.append(block.model_copy(update={"items": items, "text": list_text(items)}))
        else:
            out.append(block.model_copy(update={"text": rich(block.text)}))
    return tuple(out)


def list_text(items: Iterable[ListItem]) -> str:
    """A list as text of its own: a line per item, ``- `` or its number before it, the level under indented."""
    lines = [line for item in items for line in item.lines()]
    if all(type(line) is str for line in lines):
        return "\n".join(lines)
    from kldocs.engine.inline import RichText, Run

    runs: list[Run] = []
    for line in lines:
        if runs:
            runs.append(Run("\n"))
        runs += runs_of(line)
    return RichText(runs)


# --- Writing rich text back out ---------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!&~{}])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "\\\n")


def _md_runs(runs: Iterable[Run]) -> str:
    out: list[str] = []
    for run in runs:
        body = run.text.strip(" ")
        lead, trail = run.text[: len(run.text) - len(run.text.lstrip(" "))], run.text[len(run.text.rstrip(" ")):]
        written = _md_text(body)
        if run.italic and written:
            written = f"*{written}*"
        if run.bold and written:
            written = f"**{written}**"
        out.append(lead + written + trail)
    return "".join(out)


def to_markdown(text: str) -> str:
    """``text`` as Markdown that reads back as the same runs: ``**fed**``, ``*kursiv*``, ``[tekst](<url>)``."""
    out: list[str] = []
    for link, linked in groupby(_clean_runs(text), key=lambda run: run.link):
        written = _md_runs(linked)
        out.append(written if link is None else f"[{written}](<{link}>)")
    return "\\\n".join(_line_start_escaped(line) for line in "".join(out).split("\\\n"))


def _line_start_escaped(line: str) -> str:
    """A line of Markdown whose start would read as a list, a heading or a quote, with that escaped."""
    match = _MD_LINE_START.match(line)
    if not match:
        return line
    at = match.end() if match.group(2).isdigit() else match.start(2)
    return line[:at] + "\\" + line[at:]


def to_html(text: str) -> Markup:
    """``text`` as escaped HTML: ``<strong>``, ``<em>``, ``<a href>`` and ``<br />``."""
    out: list[str] = []
    for link, linked in groupby(_clean_runs(text), key=lambda run: run.link):
        pieces: list[str] = []
        for run in linked:
            written = str(escape(run.text)).replace("\n", "<br />\n")
            if run.italic:
                written = f"<em>{written}</em>"
            if run.bold:
                written = f"<strong>{written}</strong>"
            pieces.append(written)
        joined = "".join(pieces)
        out.append(joined if link is None else f'<a href="{escape(link)}">{joined}</a>')
    return Markup("".join(out))
