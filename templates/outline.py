"""A document's sections as the programme orders them: the section loop, numbered headings and run-in subheadings.

A template writes one loop over the document's outline (a
:class:`kldocs.inputs.outline.Outline`, e.g. ``program.outline``): each
section prints its heading in the style its level and numbering call for,
its text, and, when it places a built-in block, that block's content::

    outline.styles(doc)
    outline.sections(doc, "program.outline", {
        "timeline": Block(lambda d: hs.timeline(d, with_heading=False)),
        "economy": Block(economy.invitation_economy),
        "background": Block(lambda d: hs.text_blocks(d, "program.background.text"), "program.background.text"),
    })

A block's ``shown`` condition hides the whole section (heading too) when
the block has nothing to show, as the documents always did. Numbered
headings are Word's own multilevel list ("1.", "4.1", "4.1.1"), tied to
their paragraph styles, so that Word renumbers them when a section is added
or moved by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from . import housestyle as hs

HEADING_NUM_ID = 80
"""The numbering (w:num and w:abstractNum) of numbered headings; the lists' numberings use other ids."""

NUMBERED = ("Nummereret overskrift 1", "Nummereret overskrift 2", "Nummereret overskrift 3")
"""The paragraph styles of numbered headings at level 1–3 (based on Heading 2–4)."""
PLAIN = (hs.HEADING, hs.SUBHEADING, "Heading 4")
"""The paragraph styles of unnumbered headings at level 1–3."""
RUN_IN = "Underoverskrift"
"""A short italic subheading over its text, never numbered."""

_STYLE_OF = {
    "n1": NUMBERED[0], "n2": NUMBERED[1], "n3": NUMBERED[2],
    "h1": PLAIN[0], "h2": PLAIN[1], "h3": PLAIN[2],
}
_INDENT = 567  # 1 cm from the number to the heading's text


@dataclass(frozen=True)
class Block:
    """How a template prints one built-in block: its content, when it is shown, and its own default heading."""

    write: Callable[[Document], None]
    shown: str | None = None
    """A condition (an expression of the context) under which the block has something to show; None: always."""
    heading: str | None = None
    """The heading (tags allowed) when the section gives none and the programme has none: for headings that
    name the municipality, which only the template knows."""


def styles(doc: Document) -> None:
    """Add the styles and the numbering the section loop prints headings in."""
    styles_el = doc.styles.element
    para = "paragraph"
    new = [
        hs.style_xml(para, "Heading4", "heading 4", next_style="Normal", ui_priority=9,
                     ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="160" w:after="40"/>'
                         '<w:outlineLvl w:val="3"/>',
                     rpr=hs.fonts(bold=True) + "<w:i/><w:iCs/>"),
        *(
            hs.style_xml(para, name.replace(" ", ""), name, based_on=based.replace(" ", ""), next_style="Normal",
                         custom=True, ppr=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{HEADING_NUM_ID}"/>'
                                          f'</w:numPr><w:ind w:left="{_INDENT}" w:hanging="{_INDENT}"/>')
            for level, (name, based) in enumerate(zip(NUMBERED, PLAIN, strict=True))
        ),
        hs.style_xml(para, RUN_IN, RUN_IN, next_style="Normal", custom=True,
                     ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="120" w:after="40"/>',
                     rpr="<w:i/><w:iCs/>"),
    ]
    for xml in new:
        style_id = parse_xml(xml).get(qn("w:styleId"))
        if not any(s.get(qn("w:styleId")) == style_id for s in styles_el.findall(qn("w:style"))):
            styles_el.append(parse_xml(xml))
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:pStyle w:val="{NUMBERED[i].replace(" ", "")}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{_INDENT}" w:hanging="{_INDENT}"/></w:pPr></w:lvl>'
        for i, text in enumerate(("%1.", "%1.%2", "%1.%2.%3"))
    )
    hs.add_numbering(doc, HEADING_NUM_ID, levels, multi_level="multilevel")


def sections(doc: Document, outline: str, blocks: Mapping[str, Block], *, loop_var: str = "section") -> None:
    """Write the loop over ``outline`` (an expression giving an Outline), printing ``blocks`` where placed."""
    s = loop_var
    shown = " or ".join(
        [f"{s}.text", f"{s}.block is none"]
        + [f"{s}.block == '{name}'" + (f" and ({b.shown})" if b.shown else "") for name, b in blocks.items()]
    )
    own = [name for name, block in blocks.items() if block.heading]
    heading = "{{ " + s + ".heading }}"
    if own:
        heading = (
            "{% if " + s + ".heading %}{{ " + s + ".heading }}"
            + "".join("{% elif " + f"{s}.block == '{name}'" + " %}" + (blocks[name].heading or "") for name in own)
            + "{% endif %}"
        )
    with hs.for_each(doc, f"{s} in {outline}"), hs.only_if(doc, shown):
        has_heading = f"{s}.heading" + "".join(f" or {s}.block == '{name}'" for name in own)
        with hs.only_if(doc, has_heading):
            first = True
            for key, style in _STYLE_OF.items():
                hs.tag(doc, f"{'if' if first else 'elif'} {s}.style == '{key}'")
                hs.paragraph(doc, heading, style)
                first = False
            hs.tag(doc, "else")
            hs.paragraph(doc, heading, RUN_IN)
            hs.tag(doc, "endif")
        hs.text_blocks(doc, f"{s}.text")
        first = True
        for name, block in blocks.items():
            hs.tag(doc, f"{'if' if first else 'elif'} {s}.block == '{name}'")
            block.write(doc)
            first = False
        if blocks:
            hs.tag(doc, "endif")
