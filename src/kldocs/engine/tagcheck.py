"""Checks of a Word template's tags, paragraph by paragraph, before anything is rendered.

Word stores what looks like one tag, ``{{ kommune }}``, as text spread over
runs, and AutoCorrect, hyperlinks and tracked changes can quietly break it.
docxtpl would turn such a tag into broken XML or a silent blank. So every
part that may hold tags is read paragraph by paragraph as the user sees it,
and each problem is reported with the template's name, the part, the
paragraph's number and its text:

- a tag that is not closed in its paragraph, or a closing ``}}`` without an
  opening one;
- curly quotes, ``»«`` or non-breaking spaces inside a tag;
- a tag broken across a hyperlink, a field, a content control or a tracked
  change;
- ``{%p %}``, ``{%tr %}`` and ``{%tc %}`` tags that share their paragraph,
  row or cell with other text (which docxtpl would drop), and blocks whose
  ends are paired wrongly (``{%p if %}`` closed by ``{% endif %}``, an inline
  ``{% if %}`` closed in another paragraph, an ``endfor`` closing an ``if``);
- statements kldocs does not support, Jinja syntax errors, unknown filters,
  and names that reach for Python internals — each tag compiled on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from kldocs.engine.sandbox import unsafe_access
from kldocs.errors import Problem

if TYPE_CHECKING:  # the parts' trees are lxml's; lxml is loaded where they are parsed
    from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _T = f"{{{W}}}p", f"{{{W}}}t"
_TR, _TC = f"{{{W}}}tr", f"{{{W}}}tc"
_CONTAINERS = {
    f"{{{W}}}hyperlink": "a hyperlink",
    f"{{{W}}}fldSimple": "a field",
    f"{{{W}}}sdt": "a content control",
    f"{{{W}}}sdtContent": "a content control",
    f"{{{W}}}smartTag": "a smart tag",
    f"{{{W}}}customXml": "a custom XML element",
    f"{{{W}}}ins": "a tracked change",
    f"{{{W}}}del": "a tracked change",
    f"{{{W}}}moveFrom": "a tracked change",
    f"{{{W}}}moveTo": "a tracked change",
    f"{{{W}}}dir": "a text-direction block",
    f"{{{W}}}bdo": "a text-direction block",
}
_DELIMITERS = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSING = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENING = {v: k for k, v in _CLOSING.items()}
_PREFIX = re.compile(r"(?:\{\{|\{%)(p|tr|tc|r) ")
_TYPOGRAPHIC = "“”„‟‘’‚‛«»‹›″′"
_LEVEL = {"p": "paragraph", "tr": "table row", "tc": "table cell"}

OPENERS = {"if", "for", "with", "filter", "set"}
"""Statements that open a block closed by ``end…`` (``set`` only without ``=``)."""
MIDDLES = {"elif": {"if"}, "else": {"if", "for"}}
"""Statements that continue an open block, and the blocks they may continue."""
CLOSERS = {f"end{k}": k for k in OPENERS}
"""Statements that close a block, and the block they close."""
DOCXTPL_STATEMENTS = {"colspan", "cellbg", "vm", "hm"}
"""docxtpl's own table statements, which kldocs passes through."""
ALLOWED = OPENERS | set(MIDDLES) | set(CLOSERS) | DOCXTPL_STATEMENTS


@dataclass
class Paragraph:
    """A paragraph as the user sees it: its number in the part and its text, with where each piece came from."""

    number: int
    element: etree._Element
    text: str = ""
    pieces: list[tuple[int, int, tuple[etree._Element, ...]]] = field(default_factory=list)
    """(start, end, containers) for each run of text: the hyperlinks, fields … it sits in."""

    def containers(self, start: int, end: int) -> set[tuple[etree._Element, ...]]:
        """The distinct container chains the characters from ``start`` to ``end`` sit in."""
        return {chain for s, e, chain in self.pieces if s < end and e > start}


@dataclass(frozen=True)
class Tag:
    """One ``{{ … }}``, ``{% … %}`` or ``{# … #}`` tag found in a paragraph."""

    paragraph: Paragraph
    start: int
    end: int
    text: str
    delimiter: str
    """``{{``, ``{%`` or ``{#``."""
    prefix: str
    """docxtpl's level prefix: ``p``, ``tr``, ``tc``, ``r`` or empty."""
    body: str
    """The inside of the tag without its prefix and whitespace markers: ``if x``."""

    @property
    def keyword(self) -> str:
        """The statement's first word (``if``, ``endfor``), or empty for ``{{ }}`` and comments."""
        if self.delimiter != "{%":
            return ""
        match = re.match(r"[A-Za-z_]\w*", self.body)
        return match.group(0) if match else ""

    @property
    def rest(self) -> str:
        """What follows the keyword: ``x > 1`` of ``{% if x > 1 %}``."""
        return self.body[len(self.keyword) :].strip()

    @property
    def shown(self) -> str:
        """The tag as messages quote it, shortened if long."""
        return self.text if len(self.text) <= 60 else self.text[:57] + "…"

    @property
    def containers(self) -> frozenset[tuple[etree._Element, ...]]:
        """The hyperlinks, fields … the tag sits in (one chain, unless the tag itself is broken)."""
        return frozenset(self.paragraph.containers(self.start, self.end))

    @property
    def opens_block(self) -> bool:
        """True for a statement that opens a block (``set`` only in its block form)."""
        return self.keyword in OPENERS and not (self.keyword == "set" and "=" in self.rest)


def paragraphs(root: etree._Element) -> list[Paragraph]:
    """Every paragraph of a part in document order (table cells and text boxes included), numbered from 1."""
    found: list[Paragraph] = []
    for number, element in enumerate(root.iter(_P), start=1):
        paragraph = Paragraph(number, element)
        _collect(paragraph, element, ())
        found.append(paragraph)
    return found


def _collect(paragraph: Paragraph, element: etree._Element, chain: tuple[etree._Element, ...]) -> None:
    for child in element:
        tag = child.tag
        if tag == _P:
            continue  # a paragraph inside a text box is a paragraph of its own
        if tag == _T:
            text = child.text or ""
            start = len(paragraph.text)
            paragraph.text += text
            paragraph.pieces.append((start, start + len(text), chain))
        elif isinstance(tag, str):
            _collect(paragraph, child, (*chain, child) if tag in _CONTAINERS else chain)


def shown_text(text: str, limit: int = 80) -> str:
    """A paragraph's text as messages quote it: one line, shortened if long."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def where(template: str, part: str, paragraph: Paragraph) -> str:
    """``invitation.docx, body, paragraph 12 ("Kære {{ navn")``: where a problem is."""
    return f'{template}, {part}, paragraph {paragraph.number} ("{shown_text(paragraph.text)}")'


def scan(paragraph: Paragraph) -> tuple[list[Tag], list[str]]:
    """The tags of a paragraph, and what is wrong with its delimiters."""
    tags: list[Tag] = []
    problems: list[str] = []
    text = paragraph.text
    position = 0
    while match := _DELIMITERS.search(text, position):
        delimiter = match.group(0)
        if delimiter in _OPENING:
            problems.append(f"'{delimiter}' has no opening '{_OPENING[delimiter]}' before it in this paragraph")
            position = match.end()
            continue
        closing = _CLOSING[delimiter]
        end = text.find(closing, match.end())
        following = _DELIMITERS.search(text, match.end())
        if end < 0 or (following and following.start() < end and following.group(0) in _CLOSING):
            stop = following.start() if following else len(text)
            fragment = text[match.start() : stop].rstrip()
            problems.append(
                f"the tag '{shown_text(fragment, 40)}' is not closed in this paragraph (expected '{closing}')"
            )
            position = match.end()
            continue
        end += len(closing)
        tags.append(_make_tag(paragraph, match.start(), end))
        position = end
    return tags, problems


def _make_tag(paragraph: Paragraph, start: int, end: int) -> Tag:
    text = paragraph.text[start:end]
    prefix_match = _PREFIX.match(text)
    prefix = prefix_match.group(1) if prefix_match else ""
    inner = text[2:-2]
    if prefix:
        inner = inner[len(prefix) :]
    body = inner.strip().removeprefix("-").removesuffix("-").strip()
    return Tag(paragraph, start, end, text, text[:2], prefix, body)


def tag_problems(tag: Tag, env: SandboxedEnvironment) -> list[str]:
    """What is wrong with one tag on its own: its characters, its kind, its syntax."""
    problems: list[str] = []
    odd = sorted({c for c in tag.text if c in _TYPOGRAPHIC})
    if odd:
        problems.append(
            f"the tag {tag.shown} holds the typographic quote {' '.join(odd)}; Word's AutoCorrect "
            "replaced a straight quote — type ' or \" (turn off \"straight quotes with smart quotes\")"
        )
    if "\u00a0" in tag.text:
        problems.append(f"the tag {tag.shown} holds a non-breaking space; use ordinary spaces in tags")
    chains = tag.paragraph.containers(tag.start, tag.end)
    if len(chains) > 1:
        names = {_CONTAINERS[e.tag] for chain in chains for e in chain}
        what = "a hyperlink" if "a hyperlink" in names else " or ".join(sorted(names))
        problems.append(
            f"the tag {tag.shown} is broken across {what}: part of it is inside, part outside; "
            "retype the whole tag inside or outside it"
        )
    if tag.delimiter == "{{" and tag.prefix:
        problems.append(
            f"the tag {tag.shown} uses docxtpl's '{{{{{tag.prefix} …}}}}' for rich text or sub-documents, "
            "which kldocs templates do not use; write {{ name }}"
        )
    elif tag.delimiter == "{%" and tag.prefix == "r":
        problems.append(f"the tag {tag.shown} uses '{{%r …%}}', which kldocs templates do not use")
    if problems or tag.delimiter == "{#":
        return problems
    return problems + _syntax_problems(tag, env)


def _syntax_problems(tag: Tag, env: SandboxedEnvironment) -> list[str]:
    keyword, rest = tag.keyword, tag.rest
    if tag.delimiter == "{{":
        source = "{{ " + tag.body + " }}"
    elif keyword not in ALLOWED:
        expected = "if, elif, else, for, set, with, filter and their end tags"
        what = f"'{keyword}'" if keyword else "an empty statement"
        return [f"the tag {tag.shown} is {what}, which kldocs templates do not support (expected {expected})"]
    elif keyword in ("if", "elif"):
        source = "{% if " + rest + " %}{% endif %}"
    elif keyword in ("for", "with", "filter"):
        source = "{% " + tag.body + " %}{% end" + keyword + " %}"
    elif keyword == "set":
        source = "{% " + tag.body + " %}" + ("" if "=" in rest else "{% endset %}")
    elif keyword in ("colspan", "cellbg"):
        source = "{{ " + rest + " }}"
    else:
        return [f"the tag {tag.shown} takes nothing after '{keyword}'"] if rest else []
    try:
        tree = env.parse(source)
        env.compile(tree)
    except TemplateSyntaxError as exc:
        return [f"the tag {tag.shown} is not valid: {exc.message}"]
    unsafe = sorted(set(unsafe_access(tree)))
    if unsafe:
        return [
            f"the tag {tag.shown} reaches for Python internals ({', '.join(unsafe)}); "
            "templates may only use the data they are given"
        ]
    return []


def _level_element(tag: Tag) -> etree._Element | None:
    if tag.prefix == "p":
        return tag.paragraph.element
    wanted = _TR if tag.prefix == "tr" else _TC
    for ancestor in tag.paragraph.element.iterancestors():
        if ancestor.tag == wanted:
            return ancestor
    return None


def _level_problems(tags: list[Tag], by_element: dict[int, Paragraph]) -> list[tuple[Paragraph, str]]:
    """``{%p %}``, ``{%tr %}`` and ``{%tc %}`` tags must be alone in their paragraph, row or cell."""
    problems: list[tuple[Paragraph, str]] = []
    claimed: dict[tuple[str, int], Tag] = {}
    held: list[etree._Element] = []
    for tag in tags:
        if tag.delimiter != "{%" or tag.prefix not in _LEVEL:
            continue
        level = _LEVEL[tag.prefix]
        element = _level_element(tag)
        if element is None:
            problems.append((tag.paragraph, f"the tag {tag.shown} is not inside a {level}"))
            continue
        held.append(element)  # keep the proxy alive, or lxml may give its id to the next row
        key = (tag.prefix, id(element))
        if key in claimed:
            problems.append((tag.paragraph, f"the {level} holding {claimed[key].shown} also holds {tag.shown}; "
                                            f"only the first would be kept, so give each its own {level}"))
            continue
        claimed[key] = tag
        inside = [element] if element.tag == _P else list(element.iter(_P))
        other = "".join(
            by_element[id(p)].text if p is not tag.paragraph.element
            else tag.paragraph.text[: tag.start] + tag.paragraph.text[tag.end :]
            for p in inside
            if id(p) in by_element
        )
        # other {%tr%}/{%tc%} tags of the same row are reported by their own check
        other = _DELIMITERS.sub("", re.sub(r"\{%.*?%\}", "", other)).strip()
        if other:
            problems.append((
                tag.paragraph,
                f"the {level} holding {tag.shown} is replaced by the tag, so its other text "
                f"(\"{shown_text(other, 40)}\") would be lost; put the tag in a {level} of its own",
            ))
    return problems


def _block_problems(tags: list[Tag]) -> list[tuple[Paragraph, str]]:
    """Blocks must close in order, with ends of the same kind: ``{%p if %}`` … ``{%p endif %}``."""
    problems: list[tuple[Paragraph, str]] = []
    stack: list[Tag] = []

    def mismatch(opener: Tag, tag: Tag) -> str | None:
        if opener.prefix != tag.prefix:
            kind = f"a {{%{opener.prefix} %}}" if opener.prefix else "an inline {% %}"
            return (f"{tag.shown} belongs to {opener.shown} (paragraph {opener.paragraph.number}), "
                    f"which is {kind} tag; both ends of a block must use the same kind, "
                    f"e.g. {{%p if … %}} … {{%p endif %}} on paragraphs of their own")
        if not opener.prefix and opener.paragraph is not tag.paragraph:
            return (f"{tag.shown} closes the inline {opener.shown} of paragraph {opener.paragraph.number}; "
                    "an inline block must end in the paragraph it starts in — to include or repeat "
                    "whole paragraphs use {%p if … %} … {%p endif %} on paragraphs of their own")
        if not opener.prefix and opener.containers != tag.containers:
            return (f"{opener.shown} and {tag.shown} are not both inside or both outside the same hyperlink, "
                    "field or content control; move them so that they are")
        return None

    for tag in tags:
        keyword = tag.keyword
        if tag.opens_block:
            stack.append(tag)
        elif keyword in MIDDLES or keyword in CLOSERS:
            wanted = MIDDLES.get(keyword) or {CLOSERS[keyword]}
            if not stack:
                problems.append((tag.paragraph, f"{tag.shown} has no {alt_of(wanted)} before it"))
                continue
            opener = stack[-1]
            if opener.keyword not in wanted:
                problems.append((tag.paragraph, f"{tag.shown} cannot close or continue {opener.shown} "
                                                f"(paragraph {opener.paragraph.number})"))
                if keyword in CLOSERS:
                    stack.pop()
                continue
            message = mismatch(opener, tag)
            if message:
                problems.append((tag.paragraph, message))
            if keyword in CLOSERS:
                stack.pop()
    for opener in stack:
        closing = f"{{%{opener.prefix} end{opener.keyword} %}}" if opener.prefix else f"{{% end{opener.keyword} %}}"
        problems.append((opener.paragraph, f"{opener.shown} is never closed with {closing}"))
    return problems


def alt_of(keywords: set[str]) -> str:
    """``{% if %} or {% for %}``: the statements a middle or end tag needs."""
    return " or ".join(f"{{% {k} %}}" for k in sorted(keywords))


def check_part(template: str, part: str, root: etree._Element, env: SandboxedEnvironment) -> list[Problem]:
    """Every problem with the tags of one part of a template, located by paragraph."""
    found: list[tuple[Paragraph, str]] = []
    tags: list[Tag] = []
    all_paragraphs = paragraphs(root)
    for paragraph in all_paragraphs:
        if "{" not in paragraph.text and "}" not in paragraph.text:
            continue
        paragraph_tags, problems = scan(paragraph)
        found += [(paragraph, p) for p in problems]
        for tag in paragraph_tags:
            found += [(paragraph, p) for p in tag_problems(tag, env)]
        tags += paragraph_tags
    by_element = {id(p.element): p for p in all_paragraphs}
    found += _level_problems(tags, by_element)
    found += _block_problems(tags)
    found.sort(key=lambda item: item[0].number)
    return [Problem(where(template, part, paragraph), message) for paragraph, message in found]


def check_text(template: str, where_: str, text: str, env: SandboxedEnvironment) -> list[Problem]:
    """Problems with the tags of a plain text, such as a document property (``title``)."""
    from lxml import etree

    paragraph = Paragraph(0, etree.Element("p"), text, [(0, len(text), ())])
    tags, problems = scan(paragraph)
    for tag in tags:
        problems += tag_problems(tag, env)
    problems += [message for _, message in _block_problems(tags)]
    return [Problem(f'{template}, {where_} ("{shown_text(text)}")', p) for p in problems]


def iter_tags(root: etree._Element) -> Iterator[Tag]:
    """Every well-formed tag of a part, in document order."""
    for paragraph in paragraphs(root):
        yield from scan(paragraph)[0]
