"""The house style of the bundled Word templates, and helpers to write templates in it.

Every bundled template (invitation, agreement, networks, summary) is built by
a script with python-docx on top of :func:`new_document`, so all documents
share one look: an A4 letter in Arial (LibreOffice substitutes the
metric-compatible Liberation Sans, so PDFs paginate as Word does), a
letterhead column on the right of every page (the sender's logo or name,
Dato, Sags ID, Dok. ID, E-mail, Direkte, the sender's address and web site;
on the first page in the text itself, where a screen reader reads it) and a
footer "Side X af Y" made of Word's PAGE and NUMPAGES fields. A table has
a heading row a screen reader announces; nothing is laid out in a table.

The helpers write docxtpl tags into the document::

    doc = new_document("Invitation")
    heading(doc, "{{ program.invitation.title }}", level=1)
    with only_if(doc, "program.background.text"):
        heading(doc, "{{ program.background.heading }}")
        text_blocks(doc, "program.background.text")
    bullets(doc, "program.success_criteria.items")
    save(doc, path)

``only_if`` and ``for_each`` write ``{%p if %}``/``{%p for %}`` paragraphs,
which docxtpl removes when rendering, so a section the data leaves empty
disappears without leaving a blank line. :func:`table` writes a table whose
rows may be ``{%tr for %}`` loops. :func:`save` writes the package
reproducibly: fixed core properties and zip timestamps, so rebuilding gives
the same bytes.

The letterhead reads the programme from the context variable ``program``
(a :class:`kldocs.inputs.program.Program`): ``program.letter``, ``program.sender``
(its ``logo_picture``, when ``sender.logo`` names one) and
``program.letterhead_email``/``letterhead_phone``.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.metadata
import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.styles import CT_Style
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import _Footer, _Header
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from kldocs.engine import wordmark as wordmark_geometry
from kldocs.engine.wordmark import SIZES

# --- Geometry (twentieths of a point, "twips"; 567 twips = 1 cm) ------------------------------

CM = 567
PAGE_WIDTH = 11906  # A4
PAGE_HEIGHT = 16838
MARGIN_LEFT = round(2.5 * CM)
MARGIN_RIGHT = round(6.0 * CM)  # the body stops at 15 cm; the letterhead column sits beyond
MARGIN_TOP = wordmark_geometry.COLUMN_Y  # 3.5 cm: the letterhead's details start level with the text
MARGIN_BOTTOM = round(2.5 * CM)
HEADER_DISTANCE = round(1.0 * CM)
FOOTER_DISTANCE = round(1.2 * CM)
BODY_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
"""Width of the text column: 12.5 cm."""
COLUMN_X = round(16.0 * CM)
"""Left edge of the letterhead column, from the page's left edge."""
COLUMN_WIDTH = wordmark_geometry.COLUMN_WIDTH
WORDMARK_Y = wordmark_geometry.WORDMARK_Y
COLUMN_Y = wordmark_geometry.COLUMN_Y
"""The letterhead column's width and the tops of the name and of the details: where the name is measured to fit."""
LOGO_MM = (40.0, 16.0)
"""The box the sender's logo is fitted into at the top of the letterhead column (width, height in mm):
the column's width, and the room between the top of the wordmark and the column's first line."""
REPORT_LOGO_MM = (40.0, 10.0)
"""The box of the logo in a report's header, which stays in the 1.5 cm above the text."""

# --- Type -------------------------------------------------------------------------------------

FONT = "Arial"
"""The house font. Debian's Liberation Sans has the same metrics, so LibreOffice paginates as Word."""
BODY_SIZE = 10  # points
LANGUAGE = "da-DK"

# Style names, for ``paragraph(doc, text, style=...)``.
NORMAL = "Normal"
TITLE = "Heading 1"
HEADING = "Heading 2"
SUBHEADING = "Heading 3"
LEAD = "Manchet"
"""The opening paragraph under the title, in bold."""
ADDRESS = "Modtager"
"""The addressee lines at the top of a letter, without space between them."""
BULLET = "List Bullet"
BULLET_2 = "List Bullet 2"
"""A bullet under an item of a list."""
NUMBERED = "List Number"
NUMBERED_2 = "List Number 2"
"""A numbered item under an item of a list."""
TABLE_TEXT = "Tabeltekst"
LETTERHEAD = "Brevhoved"
TABLE_STYLE = "Tabel"
HYPERLINK = "Hyperlink"

FIXED_TIME = "2021-01-01T00:00:00Z"
"""The created/modified time written into templates, so rebuilding changes nothing."""

# Schema order of the children of <w:pPr>, so inserted properties land where Word expects them.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
# Schema order of the children of <w:tblPr> (CT_TblPr).
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
    "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)


# --- Pieces of a paragraph ------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A piece of text with its own formatting inside a paragraph."""

    text: str
    bold: bool = False
    italic: bool = False
    style: str | None = None
    """A character style, e.g. ``Hyperlink``."""
    underline: bool = False
    """Underlined: a tab underlined is a line to write on, from where the text stands to the next tab stop."""


@dataclass(frozen=True)
class Field:
    """A Word field such as ``PAGE`` or ``NUMPAGES``, shown as ``placeholder`` until Word updates it."""

    code: str
    placeholder: str = "1"


class _Break:
    """A line break inside a paragraph (Shift+Enter in Word)."""


BREAK = _Break()
"""A line break inside a paragraph."""

Piece = str | Span | Field | _Break


class Container(Protocol):
    """Anything paragraphs can be added to: the document, a table cell, a header or footer."""

    def add_paragraph(self, text: str = "", style: Any = None) -> Paragraph:
        """Add a paragraph at the end."""


# --- Reports (the network overview, the publication): full-width pages, coloured headings ----

REPORT_ACCENT = "00606B"
"""The accent colour of reports' headings, boxes and charts."""
REPORT_MUTED = "55636E"
"""The colour of reports' leads, captions and credits."""
REPORT_INK = "1D2B36"
"""The colour of a report's title."""
REPORT_MARGIN = round(2.5 * CM)


def report_page(doc: Document) -> None:
    """Full-width text (2.5 cm margins all round), the logo or name of the sender in the header, page numbers below."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    pg_mar = doc.sections[0]._sectPr.find(qn("w:pgMar"))
    for side in ("w:left", "w:right", "w:top", "w:bottom"):
        pg_mar.set(qn(side), str(REPORT_MARGIN))
    header = emptied(doc.sections[0].header)
    mark = paragraph(header, [Span(wordmark(REPORT_LOGO_MM), bold=True)], "Header")
    mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    mark.runs[0].font.color.rgb = RGBColor.from_string(REPORT_ACCENT)
    mark.runs[0].font.size = Pt(11)
    for p in doc.sections[0].footer.paragraphs:
        ppr = p._p.get_or_add_pPr()
        for ind in ppr.findall(qn("w:ind")):
            ppr.remove(ind)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def report_headings(doc: Document, sizes: Sequence[tuple[str, float, float, float]], lead_size: float) -> None:
    """Coloured headings for a report: (style, size, space before, space after) each, and a muted lead."""
    from docx.shared import Pt, RGBColor

    for name, size, before, after in sizes:
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(REPORT_ACCENT if name != TITLE else REPORT_INK)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
    lead = doc.styles[LEAD]
    lead.font.size = Pt(lead_size)
    lead.font.color.rgb = RGBColor.from_string(REPORT_MUTED)
    lead.font.bold = False


# --- The document ---------------------------------------------------------------------------


def new_document(title: str, *, letterhead: bool = True) -> Document:
    """An empty A4 document in the house style, with the letterhead column and page footer.

    ``title`` becomes the template's title property. With ``letterhead`` off
    the page keeps its margins and footer but has no letterhead column.
    """
    doc = docx.Document()
    _drop_extra_parts(doc)
    _page_setup(doc)
    _styles(doc)
    _numbering(doc)
    _settings(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _footer(doc)
    if letterhead:
        _letterhead(doc)
    doc.core_properties.title = title
    return doc


def paragraph(
    doc: Container, content: str | Sequence[Piece] = "", style: str | None = None, *,
    bold: bool = False, keep_with_next: bool = False,
) -> Paragraph:
    """Add a paragraph of text (docxtpl tags allowed) in a style; ``bold`` makes it all bold."""
    p = doc.add_paragraph(style=style)
    pieces: Sequence[Piece] = [content] if isinstance(content, str) else content
    for piece in pieces:
        if isinstance(piece, str):
            if piece:
                run = p.add_run(piece)
                if bold:
                    run.bold = True
        elif isinstance(piece, Span):
            run = p.add_run(piece.text, style=piece.style)
            # Only what is set: python-docx leaves an empty <w:rPr/> behind for a None.
            if bold or piece.bold:
                run.bold = True
            if piece.italic:
                run.italic = True
            if piece.underline:
                run.underline = True
        elif isinstance(piece, Field):
            _field(p, piece)
        else:
            p.add_run().add_break()
    if keep_with_next:
        p.paragraph_format.keep_with_next = True
    return p


def var(expr: str) -> str:
    """The tag that prints ``expr``, as Word shows it: ``var("program.title")`` is ``{{ program.title }}``.

    For helpers that are handed an expression; a builder that knows its
    expression writes the tag out, ``"{{ program.title }}"``.
    """
    return "{{ " + expr + " }}"


FOCUS_WORD = "program.focus_areas.word"
"""What a focus area is called (a :class:`kldocs.danish.formatting.Noun`): ``indsatsområde`` or the programme's."""


def focus_word(form: str = "plural", *, capital: bool = False, word: str = FOCUS_WORD) -> str:
    """The tag printing what focus areas are called: ``{{ program.focus_areas.word.plural }}``.

    ``form`` is an attribute of the noun (``plural``, ``singular``,
    ``definite_plural``, ``each``, ``every``: see its class); ``capital``
    capitalises it; ``word`` is where the template finds the noun, when not
    in the programme.
    """
    return var(f"{word}.{form}" + ("|capfirst" if capital else ""))


def stmt(statement: str) -> str:
    """The tag of a statement inside a paragraph: ``stmt("if program.link")`` is ``{% if program.link %}``."""
    return "{% " + statement + " %}"


def tag(doc: Container, statement: str) -> Paragraph:
    """Add a paragraph holding only ``{%p statement %}``; docxtpl removes the whole paragraph."""
    return doc.add_paragraph("{%p " + statement + " %}")


@contextmanager
def only_if(doc: Document, condition: str) -> Iterator[None]:
    """Wrap what is added inside the ``with`` in ``{%p if condition %}`` … ``{%p endif %}``."""
    tag(doc, f"if {condition}")
    yield
    tag(doc, "endif")


@contextmanager
def for_each(doc: Document, loop: str) -> Iterator[None]:
    """Repeat what is added inside the ``with`` for each item: ``for_each(doc, "c in program.contacts")``."""
    tag(doc, f"for {loop}")
    yield
    tag(doc, "endfor")


def heading(doc: Document, text: str, level: int = 2, *, optional: str | None = None) -> None:
    """Add a heading (1 = the document's title, 2 = a section, 3 = a subsection).

    With ``optional`` (an expression such as ``program.background.heading``)
    the heading is printed only when that expression has a value.
    """
    style = {1: TITLE, 2: HEADING, 3: SUBHEADING}[level]
    if optional:
        with only_if(doc, optional):
            paragraph(doc, text, style)
    else:
        paragraph(doc, text, style)


def bullets(
    doc: Document, items: str, item: str = "item", text: str | None = None, *, intro: str | None = None,
) -> None:
    """Add a bullet list with one bullet per element of ``items``.

    ``text`` is what each bullet says; by default the element itself
    (``{{ item }}``). ``intro`` is an expression for a line that leads into
    the list, kept on its page and left out when empty. The first bullet and
    the one before the last are kept on the page of the next: neither end of
    the list stands alone at the foot or the head of a page.
    """
    if intro:
        with only_if(doc, intro):
            paragraph(doc, var(intro), keep_with_next=True)
    with for_each(doc, f"{item} in {items}"):
        tag(doc, "if not loop.last and (loop.first or loop.revindex == 2)")
        paragraph(doc, text or var(item), BULLET, keep_with_next=True)
        tag(doc, "else")
        paragraph(doc, text or var(item), BULLET)
        tag(doc, "endif")


def text_blocks(doc: Document, text: str, style: str = NORMAL, item: str = "block", *,
                kept_with: str | None = None) -> None:
    """Add running text (a :data:`kldocs.inputs.fieldtypes.Text`).

    Its paragraphs are in ``style``; its lists are bullets (List Bullet) or
    numbered (List Number), each numbered list counting from 1, and a list
    under an item is a level in (List Bullet 2, List Number 2). Bold,
    italic, links and line breaks print where the text has them. A
    paragraph that leads into a list (``… til alle landets kommuner:``) is
    kept on the page of the list's first item. ``item`` names each block in
    the loop. Where the expression ``kept_with`` holds, the last paragraph is
    kept on the page of what follows the text (a box that belongs to it).
    """
    from kldocs.engine.inline import LIST_NUM_IDS

    def list_item(name: str, level: int) -> None:
        # Each numbered list gets a numbering of its own (item.numbering, see kldocs.engine.inline), so that it
        # counts from 1. The items of a list, whatever their level, stand without space between them, as the
        # list styles' contextual spacing has it within one style; the paragraph that ends the list keeps the
        # space after it that the styles give.
        # Its first paragraph and the one before its last are kept on the page of the next (item.kept_with_next).
        variants = (
            (f"if {name}.numbered and {name}.ends_list", (NUMBERED, NUMBERED_2), True, True, False),
            (f"elif {name}.numbered and {name}.kept_with_next", (NUMBERED, NUMBERED_2), True, False, True),
            (f"elif {name}.numbered", (NUMBERED, NUMBERED_2), True, False, False),
            (f"elif {name}.ends_list", (BULLET, BULLET_2), False, True, False),
            (f"elif {name}.kept_with_next", (BULLET, BULLET_2), False, False, True),
            ("else", (BULLET, BULLET_2), False, False, False),
        )
        for condition, styles, numbered, ends, kept in variants:
            tag(doc, condition)
            p = paragraph(doc, (var(f"{name}.numbering") if numbered else "") + var(f"{name}.text"), styles[level],
                          keep_with_next=kept)
            if numbered:
                set_ppr(p._p, f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                              f'<w:numId w:val="{LIST_NUM_IDS[0]}"/></w:numPr>')
            if not ends:
                set_ppr(p._p, f'<w:spacing {nsdecls("w")} w:after="0"/>')
        tag(doc, "endif")

    with for_each(doc, f"{item} in {text}"):
        tag(doc, f"if {item}.is_list")
        with for_each(doc, f"{item}_item in {item}.items"):
            list_item(f"{item}_item", 0)
            with for_each(doc, f"{item}_sub in {item}_item.items"):
                list_item(f"{item}_sub", 1)
        leads = "not loop.last and loop.nextitem.is_list"  # it leads into the list: kept on its page
        tag(doc, f"elif {leads}" if kept_with is None else f"elif ({leads}) or (loop.last and ({kept_with}))")
        paragraph(doc, var(f"{item}.text"), style, keep_with_next=True)
        tag(doc, "else")
        paragraph(doc, var(f"{item}.text"), style)
        tag(doc, "endif")


def section(doc: Document, expr: str) -> None:
    """Add a :class:`kldocs.inputs.program.Section` (heading and text) that disappears when its text is empty."""
    with only_if(doc, f"{expr}.text"):
        heading(doc, var(f"{expr}.heading"), optional=f"{expr}.heading")
        text_blocks(doc, f"{expr}.text")


def timeline(doc: Document, *, keep_period_with_plan: bool = False, with_heading: bool = True,
             source: str = "program.timeline") -> None:
    """Add the programme's time plan (``program.timeline``): its heading, the period and a table of milestones.

    The table is grouped as ``program.timeline.group_by`` says: a table per
    half-year or year under its shaded heading, repeated on the next page when
    its rows run onto it, whose year the dates beneath may leave out
    (``group.omit_year``), or ungrouped, one table without headings. Its
    columns have headings, "Hvornår" and "Hvad", which a PDF's reader
    announces; KL's letters have none, so they are small and grey, above the
    first table's first line (see :func:`grouped_tables`).
    Invitations and agreements print the same time plan; ``keep_period_with_plan``
    keeps the opening text on the page of its table (an agreement does not split them).
    Without ``with_heading`` the heading is left to the caller (a document's section loop).
    ``source`` is the time plan's name in the template's context: an agreement prints its own
    (``agreement.timeline``, without the deadlines of signing up).
    """
    if with_heading:
        heading(doc, f"{{{{ {source}.heading }}}}", optional=f"{source}.heading")
    with only_if(doc, f"{source}.in_one_paragraph and {source}.opening"):
        paragraph(
            doc,
            f"{{% for text in {source}.opening %}}{{% if not loop.first %}} {{% endif %}}{{{{ text }}}}{{% endfor %}}",
            keep_with_next=keep_period_with_plan,
        )
    with only_if(doc, f"not {source}.in_one_paragraph"):  # paragraphs and lists of their own
        text_blocks(doc, f"{source}.intro")
        with only_if(doc, f"{source}.period_sentence"):
            paragraph(doc, f"{{{{ {source}.period_sentence }}}}", keep_with_next=keep_period_with_plan)
        text_blocks(doc, f"{source}.note")
    with only_if(doc, f"{source}.milestones"):
        grouped_tables(doc, [4.6, 7.9], ["Hvornår", "Hvad"], f"group in {source}.groups",
                       "milestone in group.milestones",
                       ["{{ milestone.shown|date(omit_year=group.omit_year)|capfirst }}", "{{ milestone.text }}"],
                       discreet=True)


# --- Tables ---------------------------------------------------------------------------------


def table(doc: Document, widths_cm: Sequence[float]) -> Table:
    """Add an empty table in the house table style, with columns of the given widths.

    A table is for data, and its first row heads its columns (``row(…,
    header=True)`` or :func:`discreet_heading_row`): a PDF tags every table
    as one, so a table used only for its layout would read as data without
    headings. Lay out blocks side by side with tab stops instead.
    """
    widths = [round(w * CM) for w in widths_cm]
    t: Table = doc.add_table(rows=0, cols=len(widths))
    t.style = doc.styles[TABLE_STYLE]
    t.autofit = False  # <w:tblLayout w:type="fixed"/>
    # python-docx starts a table with an automatic width and its own tblLook; both are replaced.
    tbl_pr = t._tbl.tblPr
    _set_child(tbl_pr, f'<w:tblW {nsdecls("w")} w:w="{sum(widths)}" w:type="dxa"/>', _TBLPR_ORDER)
    _set_child(tbl_pr, f'<w:tblLook {nsdecls("w")} w:val="0000" w:firstRow="0" w:lastRow="0" '
                       'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>', _TBLPR_ORDER)
    for col, width in zip(t._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = docx.shared.Twips(width)
    return t


def tag_row(t: Table, statement: str) -> _Row:
    """Add a row holding only ``{%tr statement %}`` (e.g. ``for m in milestones``); docxtpl removes it."""
    row: _Row = t.add_row()  # type: ignore[no-untyped-call]
    _fill(row.cells[0], ["{%tr " + statement + " %}"])
    return row


def cell_loop(cell: _Cell, loop: str, text: str) -> None:
    """Fill a table cell with one paragraph per item of ``loop``, a little apart, so wrapped items stay distinct."""
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)
    tag(cell, f"for {loop}")
    item = paragraph(cell, text, TABLE_TEXT)
    item.paragraph_format.space_after = docx.shared.Pt(3)
    tag(cell, "endfor")


def row(
    t: Table, cells: Sequence[str | Sequence[Piece]], *, bold: bool = False, shaded: bool = False,
    keep_with_next: bool = False, header: bool = False,
) -> _Row:
    """Add a row of cells that does not break across pages; fewer cells than columns makes the last span the rest.

    ``shaded`` gives the row the light background of a group label,
    ``keep_with_next`` keeps it on the page of the row that follows.
    A ``header`` row (the table's first) is repeated at the top of every
    page the table runs onto, and kept with the row after it.
    """
    r: _Row = t.add_row()  # type: ignore[no-untyped-call]
    columns = len(t.columns)
    if len(cells) < columns:
        r.cells[len(cells) - 1].merge(r.cells[columns - 1])
    tr_pr = r._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    if header:
        tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        keep_with_next = True
    for i, content in enumerate(cells):
        cell = r.cells[i]
        _fill(cell, [content] if isinstance(content, str) else content, bold=bold,
              keep_with_next=keep_with_next)
        if shaded:
            tc_pr = cell._tc.get_or_add_tcPr()
            tc_pr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="EDEDED"/>'))
    return r


def grouped_tables(
    doc: Document, widths_cm: Sequence[float], headings: Sequence[str], groups: str, items: str,
    cells: Sequence[str | Sequence[Piece]], *, discreet: bool = False,
) -> None:
    """Add a table per group of ``groups`` (``group in …``), each headed by the group's label and the column headings.

    A group without a label (``group.label`` empty: the list is not grouped)
    is headed by the column headings alone. The heading rows are repeated at
    the top of every page a group's rows run onto, so that a row after a page
    break is never read as belonging to the group before: Word and LibreOffice
    repeat only a table's first rows, never a label in its middle. Column
    headings under each label are in the house's bold on grey; ``discreet``
    ones (see :func:`discreet_heading_row`) head the first group's table only,
    above its label, and each table after it is headed by its label. A short
    gap, not a heading, keeps one group's table apart from the next (two
    tables that touch are one to Word).
    """
    with for_each(doc, groups):
        t = table(doc, widths_cm)
        if discreet:  # the first table's only: a letter's reader needs them once, a screen reader has the label
            tag_row(t, "if loop.first")
            discreet_heading_row(t, headings)
            tag_row(t, "endif")
        tag_row(t, "if group.label")
        row(t, ["{{ group.label }}"], bold=True, shaded=True, header=True)
        tag_row(t, "endif")
        if not discreet:
            row(t, list(headings), bold=True, shaded=True, header=True)
        tag_row(t, f"for {items}")
        row(t, cells)
        tag_row(t, "endfor")
        with only_if(doc, "not loop.last"):
            gap = paragraph(doc, "")
            gap.paragraph_format.space_before = docx.shared.Pt(0)
            gap.paragraph_format.space_after = docx.shared.Pt(0)
            gap.paragraph_format.line_spacing = docx.shared.Pt(8)


SHADE = "EDEDED"
"""The light grey background of a table's group labels and totals, and of a box."""
_PAD = 4
"""Points between a box's text and its edges."""


def boxed(p: Paragraph) -> Paragraph:
    """Make ``p`` a box: shaded, with the tables' rules above and below it, and its text a little in from its edges.

    A box of one paragraph is read as the paragraph it is; a table of one
    cell used for its look would be announced as a table with no headings.
    """
    rule = f'w:val="single" w:sz="4" w:space="{_PAD // 2}" w:color="A6A6A6"'
    shade = f'w:val="single" w:sz="4" w:space="{_PAD}" w:color="{SHADE}"'
    set_ppr(p._p, f'<w:pBdr {nsdecls("w")}><w:top {rule}/><w:left {shade}/><w:bottom {rule}/>'
                  f'<w:right {shade}/></w:pBdr>')
    set_ppr(p._p, f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{SHADE}"/>')
    inset = docx.shared.Pt(_PAD + 0.5)
    p.paragraph_format.left_indent = inset
    p.paragraph_format.right_indent = inset
    p.paragraph_format.space_after = docx.shared.Pt(0)
    p.paragraph_format.line_spacing = 1.0  # as a table cell's text
    return p


MUTED = "595959"
"""The grey of a table's discreet column headings."""


def discreet_heading_row(t: Table, headings: Sequence[str]) -> _Row:
    """Add the table's heading row, repeated on every page, in small grey type above the table's first line.

    For a table whose columns speak for themselves to the eye but not to a
    screen reader, which needs heading cells (``w:tblHeader``) to say what a
    column holds.
    """
    r = row(t, list(headings), header=True)
    for cell in r.cells:
        for run in cell.paragraphs[0].runs:
            run.font.size = docx.shared.Pt(8)
            run.font.color.rgb = docx.shared.RGBColor.from_string(MUTED)
        cell._tc.get_or_add_tcPr().append(
            parse_xml(f'<w:tcBorders {nsdecls("w")}><w:top w:val="nil"/></w:tcBorders>')
        )
    return r


def _fill(cell: _Cell, pieces: Sequence[Piece], *, bold: bool = False, keep_with_next: bool = False) -> None:
    first = cell.paragraphs[0]
    first._p.getparent().remove(first._p)
    paragraph(cell, pieces, TABLE_TEXT, bold=bold, keep_with_next=keep_with_next)


# --- Saving ---------------------------------------------------------------------------------


def save(doc: Document, path: Path) -> None:
    """Write the template reproducibly: fixed core properties, zip entries and timestamps."""
    props = doc.core_properties
    props.author = "kldocs"
    props.last_modified_by = "kldocs"
    props.comments = "Bundled kldocs template; rebuild with python -m kldocs.templates.build"
    props.revision = 1
    props.language = LANGUAGE
    fixed = dt.datetime.fromisoformat(FIXED_TIME.replace("Z", "+00:00")).replace(tzinfo=None)
    props.created = fixed
    props.modified = fixed
    buffer = io.BytesIO()
    doc.save(buffer)
    Path(path).write_bytes(reproducible_zip(buffer.getvalue(), {APP_PART: app_properties()}))


APP_PART = "docProps/app.xml"


def app_properties(version: str | None = None) -> bytes:
    """``docProps/app.xml`` naming kldocs and its version (by default the installed one) as the application.

    python-docx's default template would otherwise pass on "Microsoft
    Macintosh Word" 14.0000 to the template and every document rendered
    from it. ``AppVersion`` takes the form the standard prescribes, XX.YYYY:
    kldocs 1.2.3 is ``01.0203``.
    """
    version = version or importlib.metadata.version("kldocs")
    parts = [int(n) for n in re.findall(r"\d+", version)[:3]] + [0, 0]
    major, minor, patch = parts[:3]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>kldocs</Application><DocSecurity>0</DocSecurity>"
        f"<AppVersion>{major:02d}.{minor:02d}{patch:02d}</AppVersion></Properties>"
    ).encode()


def reproducible_zip(data: bytes, replace: Mapping[str, bytes] | None = None) -> bytes:
    """The same package with every entry dated 1980-01-01 and stored in the same order.

    ``replace`` gives new contents for entries by name.
    """
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            content = replace[info.filename] if info.filename in replace else src.read(info.filename)
            dst.writestr(entry, content)
    return out.getvalue()


# --- Internals: package, page, styles -------------------------------------------------------


def _drop_extra_parts(doc: Document) -> None:
    """Drop what python-docx's default template carries that a template should not.

    That is its thumbnail, customXml and stylesWithEffects parts.
    """
    unwanted = ("thumbnail", "customXml", "stylesWithEffects")
    pkg_rels = doc.part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype.endswith(unwanted):
            pkg_rels.pop(rid)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(unwanted):
            doc.part.rels.pop(rid)


def _page_setup(doc: Document) -> None:
    sect_pr = doc.sections[0]._sectPr
    for child in list(sect_pr):
        sect_pr.remove(child)
    sect_pr.append(parse_xml(f'<w:pgSz {nsdecls("w")} w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'))
    sect_pr.append(parse_xml(
        f'<w:pgMar {nsdecls("w")} w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" '
        f'w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" '
        f'w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
    ))
    sect_pr.append(parse_xml(f'<w:cols {nsdecls("w")} w:space="708"/>'))
    sect_pr.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:linePitch="360"/>'))


def fonts(size: float | None = None, bold: bool = False, color: str | None = None) -> str:
    """Run properties in the house font: ``<w:rFonts>`` and, as asked, bold, a colour and a size in points."""
    xml = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    if bold:
        xml += "<w:b/><w:bCs/>"
    if color:
        xml += f'<w:color w:val="{color}"/>'
    if size:
        half = round(size * 2)
        xml += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    return xml


def style_xml(
    kind: str, style_id: str, name: str, *, based_on: str | None = "Normal", next_style: str | None = None,
    ppr: str = "", rpr: str = "", extra: str = "", custom: bool = False, default: bool = False,
    ui_priority: int | None = None,
) -> str:
    """A ``<w:style>`` of ``kind`` (paragraph, character, table) with its properties in the schema's order."""
    attrs = f'w:type="{kind}" w:styleId="{style_id}"'
    if default:
        attrs += ' w:default="1"'
    if custom:
        attrs += ' w:customStyle="1"'
    xml = f'<w:style {nsdecls("w")} {attrs}><w:name w:val="{name}"/>'
    if based_on:
        xml += f'<w:basedOn w:val="{based_on}"/>'
    if next_style:
        xml += f'<w:next w:val="{next_style}"/>'
    if ui_priority is not None:
        xml += f'<w:uiPriority w:val="{ui_priority}"/>'
    xml += "<w:qFormat/>" if kind == "paragraph" else ""
    if ppr:
        xml += f"<w:pPr>{ppr}</w:pPr>"
    if rpr:
        xml += f"<w:rPr>{rpr}</w:rPr>"
    return xml + extra + "</w:style>"


_BULLET_NUM_ID = 90
_NUMBER_NUM_ID = 91
"""The numbered lists' abstract numbering; each list prints as one of LIST_NUM_IDS, its instances restarting at 1."""
_LIST_INDENT = (284, 397)
"""How far a bullet's and a number's text stands in from its glyph (the hanging indent), in twips."""
_BUILT_IN = {"DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"}
"""Styles of python-docx's default template that stay: Word's own defaults and the plain grid table."""
_RULE = 'w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"'


def _styles(doc: Document) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(defaults, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>{fonts(BODY_SIZE)}'
        f'<w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="180" w:line="264" w:lineRule="auto"/></w:pPr>'
        "</w:pPrDefault></w:docDefaults>"
    ))
    para = "paragraph"
    bullet, number = _LIST_INDENT
    new = [
        style_xml(para, "Normal", "Normal", based_on=None, default=True,
               ppr='<w:widowControl/><w:spacing w:after="180" w:line="264" w:lineRule="auto"/>',
               rpr=fonts(BODY_SIZE)),
        style_xml(para, "Heading1", "heading 1", next_style=LEAD.replace(" ", ""), ui_priority=9,
               ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="180" w:line="240" '
                   'w:lineRule="auto"/><w:outlineLvl w:val="0"/>',
               rpr=fonts(14, bold=True)),
        style_xml(para, "Heading2", "heading 2", next_style="Normal", ui_priority=9,
               ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="300" w:after="80"/>'
                   '<w:outlineLvl w:val="1"/>',
               rpr=fonts(11, bold=True)),
        style_xml(para, "Heading3", "heading 3", next_style="Normal", ui_priority=9,
               ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="60"/>'
                   '<w:outlineLvl w:val="2"/>',
               rpr=fonts(BODY_SIZE, bold=True)),
        style_xml(para, LEAD, LEAD, next_style="Normal", custom=True,
               ppr='<w:spacing w:after="180"/>', rpr="<w:b/><w:bCs/>"),
        style_xml(para, ADDRESS, ADDRESS, custom=True, ppr='<w:spacing w:after="0"/>'),
        *(
            style_xml(para, name.replace(" ", ""), name, ui_priority=99,
                   ppr=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
                       f'<w:spacing w:after="180"/><w:ind w:left="{left}" w:hanging="{hanging}"/>'
                       "<w:contextualSpacing/>")
            for name, level, num_id, left, hanging in (
                (BULLET, 0, _BULLET_NUM_ID, bullet, bullet),
                (BULLET_2, 1, _BULLET_NUM_ID, 2 * bullet, bullet),
                (NUMBERED, 0, _NUMBER_NUM_ID, number, number),
                (NUMBERED_2, 1, _NUMBER_NUM_ID, 2 * number, number),
            )
        ),
        style_xml(para, TABLE_TEXT, TABLE_TEXT, custom=True,
               ppr='<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>'),
        style_xml(para, LETTERHEAD, LETTERHEAD, custom=True,
               ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', rpr=fonts(8)),
        style_xml(para, "Header", "header", ui_priority=99,
               ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', rpr=fonts(8)),
        style_xml(para, "Footer", "footer", ui_priority=99,
               ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', rpr=fonts(8)),
        style_xml("character", HYPERLINK, HYPERLINK, based_on="DefaultParagraphFont", ui_priority=99,
               rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>'),
        style_xml("table", TABLE_STYLE, TABLE_STYLE, based_on="TableNormal", custom=True, ui_priority=59,
               ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
               extra=f'<w:tblPr><w:tblBorders><w:top {_RULE}/><w:bottom {_RULE}/>'
                     f'<w:insideH {_RULE}/></w:tblBorders><w:tblCellMar>'
                     '<w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
                     '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
                     "</w:tblCellMar></w:tblPr>"),
    ]
    elements = [parse_xml(xml) for xml in new]
    # Replace python-docx's sample styles (they would crowd Word's style gallery) by ours,
    # keeping only Word's own defaults.
    for old in styles.findall(qn("w:style")):
        if old.get(qn("w:styleId")) not in _BUILT_IN:
            styles.remove(old)
    styles.extend(elements)


def _numbering(doc: Document) -> None:
    from kldocs.engine.inline import LIST_NUM_IDS

    numbering = doc.part.numbering_part.element
    font = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:hint="default"/></w:rPr>'
    bullet, number = _LIST_INDENT
    bullets = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{glyph}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{bullet * (i + 1)}" w:hanging="{bullet}"/></w:pPr>{font}</w:lvl>'
        for i, glyph in enumerate(("•", "–", "•"))
    )
    numbers = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="%{i + 1}."/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{number * (i + 1)}" w:hanging="{number}"/></w:pPr>{font}</w:lvl>'
        for i, fmt in enumerate(("decimal", "lowerLetter"))
    )
    add_numbering(doc, _BULLET_NUM_ID, bullets)
    add_numbering(doc, _NUMBER_NUM_ID, numbers)
    # One instance per numbered list, each starting at 1 (Word would run on the numbering of the list before).
    restart = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>' for i in (0, 1))
    for num_id in LIST_NUM_IDS:
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{_NUMBER_NUM_ID}"/>{restart}</w:num>'
        ))


def add_numbering(doc: Document, num_id: int, levels: str, *, multi_level: str = "hybridMultilevel") -> None:
    """Add the numbering ``num_id``: its definition of ``levels`` (``<w:lvl>`` elements) and one instance of it.

    The definition goes before the first instance in numbering.xml, as the
    schema orders them; the instance at the end.
    """
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">'
                         f'<w:multiLevelType w:val="{multi_level}"/>{levels}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'
    ))


def _settings(doc: Document) -> None:
    settings = doc.settings.element
    for tag_name in ("w:rsids", "w:proofState"):
        for el in settings.findall(qn(tag_name)):
            settings.remove(el)
    for el in settings.iter(qn("w:compatSetting")):
        if el.get(qn("w:name")) == "compatibilityMode":
            el.set(qn("w:val"), "15")
    for el in settings.iter(qn("w:themeFontLang")):
        el.set(qn("w:val"), LANGUAGE)
    for el in settings.iter(qn("w:decimalSymbol")):
        el.set(qn("w:val"), ",")
    for el in settings.iter(qn("w:listSeparator")):
        el.set(qn("w:val"), ";")


def set_ppr(owner: CT_P | CT_Style, xml: str) -> None:
    """Set a paragraph property element of a paragraph (``p._p``) or a style (``style.element``), in schema order."""
    _set_child(owner.get_or_add_pPr(), xml, _PPR_ORDER)


def _set_child(parent: BaseOxmlElement, xml: str, order: Sequence[str]) -> None:
    """Give ``parent`` the child element ``xml``, in place of one of its kind, where the schema's ``order`` puts it."""
    element = parse_xml(xml)
    existing = parent.find(element.tag)
    if existing is not None:
        parent.remove(existing)
    prefixed = "w:" + element.tag.split("}")[1]
    parent.insert_element_before(element, *order[order.index(prefixed) + 1:])


def _frame(p: Paragraph, y: int) -> None:
    set_ppr(p._p, f'<w:framePr {nsdecls("w")} w:w="{COLUMN_WIDTH}" w:hSpace="142" w:wrap="around" '
                f'w:vAnchor="page" w:hAnchor="page" w:x="{COLUMN_X}" w:y="{y}"/>')


def _field(p: Paragraph, field: Field) -> None:
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> {field.code} </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r><w:t>{field.placeholder}</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        p._p.append(parse_xml(xml.replace("<w:r>", f'<w:r {nsdecls("w")}>', 1)))


def _letterhead(doc: Document) -> None:
    """The letterhead column on the right of every page: sender, date, ids, contact, address, web."""
    groups: list[tuple[str | None, Sequence[Piece]]] = [
        (None, ["Dato: {{ program.letter.date|date }}"]),
        ("program.letter.case_id or program.letter.document_id", [
            "{% if program.letter.case_id %}Sags ID: {{ program.letter.case_id }}{% endif %}"
            "{% if program.letter.document_id %}{% if program.letter.case_id %}",
            BREAK,
            "{% endif %}Dok. ID: {{ program.letter.document_id }}{% endif %}",
        ]),
        (None, [
            "E-mail: {{ program.letterhead_email }}{% if program.letterhead_phone %}",
            BREAK,
            "Direkte: {{ program.letterhead_phone|phone }}{% endif %}",
        ]),
        *sender_address(),
    ]
    header_column(doc, groups)


def sender_address() -> list[tuple[str | None, Sequence[Piece]]]:
    """The sender's address (street, postbox, postcode and town) and web address, as groups of :func:`header_column`."""
    return [
        (None, [
            "{{ program.sender.street }}{% if program.sender.postbox %}",
            BREAK,
            "{{ program.sender.postbox }}{% endif %}",
            BREAK,
            "{{ program.sender.postal_line }}",
        ]),
        ("program.sender.web", ["{{ program.sender.web }}"]),
    ]


def reply_to() -> tuple[str | None, Sequence[Piece]]:
    """Whom to write to, as a group of :func:`header_column`: the letterhead's e-mail and direct phone."""
    return (None, [
        "E-mail: {{ program.letterhead_email }}{% if program.letterhead_phone %}",
        BREAK,
        "Direkte: {{ program.letterhead_phone|phone }}{% endif %}",
    ])


def letter_column(doc: Document, date: str | None = None, dated: str | None = None) -> None:
    """The letterhead column of a letter that follows the invitation (a reminder, a meeting's invitation).

    ``date`` (a tag) if given — where the expression ``dated`` holds, if that
    is given too —, the case's Sags ID, whom to write to, and the sender's address.
    """
    header_column(doc, [
        *([(dated, [f"Dato: {date}"])] if date else []),
        ("program.letter.case_id", ["Sags ID: {{ program.letter.case_id }}"]),
        reply_to(),
        *sender_address(),
    ])


def questions_and_signature(doc: Document, contact: str) -> None:
    """Whom to ask, and the sign-off by ``contact`` (an expression giving a programme contact), kept together."""
    paragraph(
        doc,
        f"Har I spørgsmål, er I velkomne til at kontakte {{{{ {contact}.title }}}} {{{{ {contact}.name }}}}, "
        f"{{{{ {contact}.email }}}}{{% if {contact}.phone %}}, tlf. {{{{ {contact}.phone|phone }}}}{{% endif %}}.",
        keep_with_next=True,  # the sign-off never stands alone on a page of its own
    )
    # one paragraph kept together: LibreOffice broke a chain of paragraphs kept with the next, leaving the name
    # and title alone on a page of their own; a paragraph kept together it moves whole, as Word does
    sign_off = paragraph(doc, ["Med venlig hilsen", BREAK, BREAK, var(f"{contact}.name"), BREAK,
                               var(f"{contact}.title|capfirst") + ", {{ program.sender.name }}"])
    sign_off.paragraph_format.keep_together = True


def emptied(part: _Header | _Footer) -> _Header | _Footer:
    """A section's header or footer made its own (not linked to the previous section's) and emptied."""
    part.is_linked_to_previous = False
    for p in list(part.paragraphs):
        p._p.getparent().remove(p._p)
    return part


def wordmark(box_mm: tuple[float, float]) -> str:
    """The tag of the sender's logo fitted into ``box_mm`` (width, height), or of its name when it has none."""
    width, height = box_mm
    return (
        "{% if program.sender.logo %}{{ program.sender.logo_picture(" + f"{width:g}, {height:g}" + ") }}"
        "{% else %}{{ program.sender.name }}{% endif %}"
    )


def header_column(doc: Document, groups: Sequence[tuple[str | None, Sequence[Piece]]]) -> None:
    """Fill the column on the right of every page with the sender's logo (or name) and groups of lines.

    Each group is ``(condition, pieces)``: one paragraph, printed only when
    the condition (an expression, or None for always) holds. A letter gets
    the letterhead this way from :func:`new_document`; a document that is
    not a letter (an agreement) is made with ``letterhead=False`` and calls
    this with lines of its own, before anything else is added to its text.

    On the first page the column is part of the text, in frames where the
    header's stand, so the page looks the same: a PDF marks headers as
    decoration, which a screen reader passes over, and the first page is
    where a reader learns the date, the case and the sender. That page
    therefore has a header of its own (``w:titlePg``), empty, and the same
    footer as the others; the header of the following pages repeats the column.
    """
    body = doc.element.body
    if any(child.tag != qn("w:sectPr") for child in body):
        raise ValueError("header_column comes before the text of the document")
    _column(doc, groups)
    # The frames belong to the paragraph after them: one of their own, a twentieth of a point high (a
    # point would push a line of a full first page onto the next), so that a screen reader hears the
    # column before the letter, not between "Til" and the addressee.
    anchor = paragraph(doc, "", LETTERHEAD)
    anchor.paragraph_format.line_spacing = docx.shared.Twips(1)
    section = doc.sections[0]
    header = emptied(section.header)
    _column(header, groups)
    _end_header(header)
    section.different_first_page_header_footer = True
    _end_header(emptied(section.first_page_header))
    first_footer = emptied(section.first_page_footer)
    for p in section.footer.paragraphs:
        first_footer._element.append(copy.deepcopy(p._p))


def _column(container: Container, groups: Sequence[tuple[str | None, Sequence[Piece]]]) -> None:
    """The letterhead column's paragraphs, framed at the right of the page: the logo or name, then the groups.

    The name takes the size it fits at (:func:`kldocs.engine.wordmark.wordmark_size`):
    one paragraph for each, of which the one for the name's size is printed.
    """
    for i, (size, _) in enumerate(SIZES):
        logo = "program.sender.logo or " if i == 0 else ""
        _frame(tag(container, f"{'if' if i == 0 else 'elif'} {logo}program.sender.wordmark_size == {size}"),
               WORDMARK_Y)
        mark = paragraph(container, wordmark(LOGO_MM) if i == 0 else "{{ program.sender.name }}", LETTERHEAD)
        mark.runs[0].bold = True
        mark.runs[0].font.size = docx.shared.Pt(size)
        _frame(mark, WORDMARK_Y)
    _frame(tag(container, "endif"), WORDMARK_Y)
    for condition, pieces in groups:
        if condition:
            _frame(tag(container, f"if {condition}"), COLUMN_Y)
        p = paragraph(container, pieces, LETTERHEAD)
        p.paragraph_format.space_after = docx.shared.Pt(9)
        _frame(p, COLUMN_Y)
        if condition:
            _frame(tag(container, "endif"), COLUMN_Y)


def _end_header(header: _Header | _Footer) -> None:
    """End a header in an ordinary paragraph outside the frames, as Word wants, one point high."""
    end = paragraph(header, "", "Header")
    end.paragraph_format.line_spacing = docx.shared.Pt(1)


def _footer(doc: Document) -> None:
    footer = emptied(doc.sections[0].footer)
    p = paragraph(footer, ["Side ", Field("PAGE"), " af ", Field("NUMPAGES")], "Footer")
    set_ppr(p._p, f'<w:ind {nsdecls("w")} w:left="{COLUMN_X - MARGIN_LEFT}" '
                f'w:right="{-(MARGIN_RIGHT - (PAGE_WIDTH - COLUMN_X - COLUMN_WIDTH))}"/>')

