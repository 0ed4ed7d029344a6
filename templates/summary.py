"""Builds ``summary.docx``, the template of ``formidling.docx``: the dissemination material.

It follows KL's publications of this kind (a news piece's date, title and
lead; a longer publication's numbered perspectives, "KL vil arbejde for, at"
lists and photo credits): the facts computed from the data, the
participating municipalities by region with a chart, the focus areas with a
chart, the insight sections of ``results.yaml``, the next activities and the
contact persons. Headings use Word's Heading 1–3 styles, so a table of
contents and a PDF's bookmarks follow them.

Unlike a letter it has no letterhead column: the text runs the full width of
the page (16 cm), which is the width the charts are drawn for.

The context (see :func:`kldocs.documents.summary.facts.docx_context`) holds ``program``,
``summary`` (a :class:`kldocs.documents.summary.facts.Summary`), ``charts`` (the two charts
as pictures, ``regions`` and ``focus``), ``pictures`` (each photo of the
insights as a picture, by the block's ``picture``), ``activities`` (each
with ``title``, ``when``, ``place``, ``text`` and ``link``) and ``contacts``
(each with ``name``, ``title``, ``email`` as a link and ``phone``).
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import nsdecls
from docx.shared import Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle

from . import housestyle as hs

TITLE = "Formidling"

ACCENT = hs.REPORT_ACCENT
"""The accent colour of headings and boxes; the charts' bar colour."""
MUTED = hs.REPORT_MUTED
BOX = "E6F0F1"
"""The background of recommendation lists."""


DATE = "Dato"
QUOTE = "Citat"
"""Not Word's own "Quote": LibreOffice tags a paragraph by its style's name, mapped to P, and PDF/UA forbids mapping a
standard structure type (Quote) to another."""
QUOTE_SOURCE = "Citatkilde"
FIGURE = "Figur"
CAPTION = "Caption"
PHOTO_CAPTION = "Billedtekst"
CREDIT = "Fotokredit"
PHOTO_INDENT = round(1.5 * hs.CM)
"""How far a photo's caption is indented: photos are 13 cm wide, centred in the 16 cm text."""
BOX_HEADING = "Anbefalingsintro"
BOX_BULLET = "Anbefaling"
BOX_NUMBERED = "Anbefaling nummereret"
ACTIVITY = "Aktivitet"


def build(path: Path) -> None:
    """Write the dissemination template to ``path``."""
    doc = hs.new_document(TITLE, letterhead=False)
    hs.report_page(doc)
    _styles(doc)
    _opening(doc)
    _participants(doc)
    _focus_areas(doc)
    _insights(doc)
    _activities(doc)
    _contacts(doc)
    hs.save(doc, path)


# --- Page and styles ------------------------------------------------------------------------


def _paragraph_style(
    doc: Document, name: str, *, base: str = hs.NORMAL, size: float | None = None,
    bold: bool | None = None, italic: bool | None = None, color: str | None = None,
    before: float | None = None, after: float | None = None, keep_with_next: bool = False,
) -> ParagraphStyle:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(
        name, WD_STYLE_TYPE.PARAGRAPH
    )
    assert isinstance(style, ParagraphStyle)
    style.base_style = styles[base]
    style.quick_style = True
    font = style.font
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_with_next:
        fmt.keep_with_next = True
    return style


def _styles(doc: Document) -> None:
    """The publication's type: larger, coloured headings and the styles of its own parts."""
    hs.report_headings(
        doc, ((hs.TITLE, 22, 6, 12), (hs.HEADING, 14, 20, 6), (hs.SUBHEADING, 11.5, 14, 4)),
        lead_size=12,
    )
    doc.styles[hs.TITLE].paragraph_format.line_spacing = 1.0
    lead = doc.styles[hs.LEAD]
    lead.paragraph_format.space_after = Pt(14)
    doc.styles[hs.NORMAL].font.size = Pt(10.5)

    _paragraph_style(doc, DATE, size=9, color=MUTED, after=4)
    quote = _paragraph_style(doc, QUOTE, size=12, italic=True, before=10, after=4, keep_with_next=True)
    rule = f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="24" w:space="12" w:color="{ACCENT}"/></w:pBdr>'
    quote.paragraph_format.left_indent = Twips(340)
    hs.set_ppr(quote.element, rule)
    source = _paragraph_style(doc, QUOTE_SOURCE, size=9.5, after=14)
    source.paragraph_format.left_indent = Twips(340)
    hs.set_ppr(source.element, rule)
    figure = _paragraph_style(doc, FIGURE, before=6, after=4, keep_with_next=True)
    figure.paragraph_format.line_spacing = 1.0
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(doc, CAPTION, size=9, color=MUTED, after=2)
    # photos are narrower than the text and centred; their caption and credit line up under them
    for name, size, after in ((PHOTO_CAPTION, 9, 1), (CREDIT, 8, 14)):
        style = _paragraph_style(doc, name, size=size, color=MUTED, after=after)
        style.paragraph_format.left_indent = Twips(PHOTO_INDENT)
        style.paragraph_format.right_indent = Twips(PHOTO_INDENT)

    shading = f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{BOX}"/>'
    box_border = (f'<w:pBdr {nsdecls("w")}>'
                  + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="6" w:color="{BOX}"/>'
                            for side in ("top", "left", "bottom", "right"))
                  + "</w:pBdr>")
    for name, base in ((BOX_HEADING, hs.NORMAL), (BOX_BULLET, hs.BULLET), (BOX_NUMBERED, hs.NORMAL)):
        # keep a box on one page: each of its paragraphs keeps with the next, up to the spacer after it
        style = _paragraph_style(doc, name, base=base, after=4, bold=True if name == BOX_HEADING else None,
                                 keep_with_next=True)
        hs.set_ppr(style.element, box_border)
        hs.set_ppr(style.element, shading)
        fmt = style.paragraph_format
        fmt.right_indent = Twips(170)
        if name == BOX_HEADING:
            fmt.left_indent = Twips(170)
        else:
            fmt.left_indent = Twips(170 + 284)
            fmt.first_line_indent = Twips(-284)
    hs.set_ppr(doc.styles[BOX_NUMBERED].element,
               f'<w:tabs {nsdecls("w")}><w:tab w:val="left" w:pos="{170 + 284}"/></w:tabs>')
    activity = _paragraph_style(doc, ACTIVITY, size=9.5, color=MUTED, after=10)
    activity.paragraph_format.keep_together = True


# --- Content --------------------------------------------------------------------------------


def _opening(doc: Document) -> None:
    hs.paragraph(doc, "{{ summary.date_text|capfirst }}", DATE)
    hs.heading(doc, "{{ summary.title }}", level=1)
    with hs.only_if(doc, "summary.lead"):
        hs.paragraph(doc, "{{ summary.lead }}", hs.LEAD)
    hs.paragraph(doc, "{{ summary.facts }}", bold=True)
    hs.text_blocks(doc, "summary.intro")


def _figure(doc: Document, picture: str, number: str, caption: str) -> None:
    hs.paragraph(doc, hs.var(picture), FIGURE)
    hs.paragraph(doc, [hs.Span(f"Figur {number}. ", bold=True), hs.var(caption)], CAPTION)
    spacer = hs.paragraph(doc, "", CAPTION)
    spacer.paragraph_format.space_after = Pt(6)


def _participants(doc: Document) -> None:
    hs.heading(doc, "Kommunerne i partnerskabet")
    hs.paragraph(doc, "{{ summary.regions_text }}")
    with hs.only_if(doc, "summary.shows_regions"):  # one region: its list says it, not a chart of one bar
        _figure(doc, "charts.regions", "1", "summary.region_chart.caption")
    with hs.for_each(doc, "group in summary.regions"):
        p = hs.paragraph(doc, [
            hs.Span("{{ group.region }}", bold=True),
            " ({{ group.of_total }}): {{ group.names }}",
        ])
        p.paragraph_format.space_after = Pt(4)
    hs.paragraph(doc, "")


def _focus_areas(doc: Document) -> None:
    hs.heading(doc, "Det har kommunerne arbejdet med")
    hs.paragraph(doc, "{{ summary.focus_text }}")
    _figure(doc, "charts.focus", "{{ summary.focus_figure }}", "summary.focus_chart.caption")
    with hs.only_if(doc, "summary.networks"):
        word = "summary.program.focus_areas.word"
        hs.heading(doc, "{% if summary.networks|length == 1 %}Netværkets{% else %}Netværkenes{% endif %} "
                   + hs.focus_word(word=word), level=3)
        table = hs.table(doc, [2.2, 5.3, 8.5])
        hs.row(table, ["Netværk", "Kommuner", hs.focus_word(capital=True, word=word)], bold=True, header=True)
        hs.tag_row(table, "for network in summary.networks")
        row = hs.row(table, ["{{ network.name }}", "{{ network.names }}", ""])
        hs.cell_loop(row.cells[2], "area in network.focus_areas", "{{ area.title }}")
        hs.tag_row(table, "endfor")


def _recommendations(doc: Document, r: str) -> None:
    with hs.only_if(doc, f"{r}.heading"):
        hs.paragraph(doc, hs.var(f"{r}.heading"), BOX_HEADING)
    with hs.only_if(doc, f"{r}.intro"):
        hs.paragraph(doc, hs.var(f"{r}.intro"), BOX_HEADING)
    with hs.for_each(doc, f"item in {r}.items"):
        hs.tag(doc, f"if {r}.numbered")
        hs.paragraph(doc, "{{ loop.index }}.\t{{ item }}", BOX_NUMBERED)
        hs.tag(doc, "else")
        hs.paragraph(doc, "{{ item }}", BOX_BULLET)
        hs.tag(doc, "endif")
    spacer = hs.paragraph(doc, "")
    spacer.paragraph_format.space_after = Pt(2)


def _insights(doc: Document) -> None:
    with hs.for_each(doc, "section in summary.sections"):
        hs.heading(doc, "{{ section.heading }}")
        with hs.for_each(doc, "block in section.blocks"):
            hs.tag(doc, 'if block.kind == "paragraph"')
            hs.paragraph(doc, "{{ block.text }}")
            hs.tag(doc, 'elif block.kind == "bullets"')
            hs.bullets(doc, "block.items", item="bullet")
            hs.tag(doc, 'elif block.kind == "quote"')
            hs.paragraph(doc, "”{{ block.text }}”", QUOTE)
            hs.paragraph(doc, [
                hs.Span("{{ block.name }}", bold=True),
                "{% if block.title %}, {{ block.title }}{% endif %}",
            ], QUOTE_SOURCE)
            hs.tag(doc, 'elif block.kind == "perspective"')
            hs.heading(doc, "{{ block.number }} / {{ block.heading }}", level=3)
            # its last paragraph on the page of its box: a box alone atop a page reads as the next perspective's
            hs.text_blocks(doc, "block.paragraphs", item="part", kept_with="block.recommendations")
            with hs.only_if(doc, "block.recommendations"):
                _recommendations(doc, "block.recommendations")
            hs.tag(doc, 'elif block.kind == "recommendations"')
            _recommendations(doc, "block")
            hs.tag(doc, 'elif block.kind == "image"')
            hs.paragraph(doc, "{{ pictures[block.picture] }}", FIGURE)
            with hs.only_if(doc, "block.picture.caption"):
                hs.paragraph(doc, "{{ block.picture.caption }}", PHOTO_CAPTION)
            with hs.only_if(doc, "block.picture.credit"):
                hs.paragraph(doc, "{{ block.picture.credit }}", CREDIT)
            hs.tag(doc, "endif")


def _activities(doc: Document) -> None:
    with hs.only_if(doc, "activities"):
        hs.heading(doc, "{{ summary.activities_heading }}")
        with hs.for_each(doc, "activity in activities"):
            title = hs.paragraph(doc, [hs.Span("{{ activity.title }}", bold=True)], keep_with_next=True)
            title.paragraph_format.space_after = Pt(1)
            hs.paragraph(doc, [
                "{{ activity.when|capfirst }}{% if activity.place %} · {{ activity.place }}{% endif %}",
                "{% if activity.text %}",
                hs.BREAK,
                "{{ activity.text }}{% endif %}{% if activity.link %}",
                hs.BREAK,
                "{{ activity.link }}{% endif %}",
            ], ACTIVITY)


def _contacts(doc: Document) -> None:
    hs.heading(doc, "Kontakt")
    with hs.for_each(doc, "contact in contacts"):
        p = hs.paragraph(doc, [
            hs.Span("{{ contact.name }}", bold=True), ", {{ contact.title }}", hs.BREAK,
            "{{ contact.email }}{% if contact.phone %} · tlf. {{ contact.phone|phone }}{% endif %}",
        ])
        p.paragraph_format.keep_together = True
        p.paragraph_format.keep_with_next = True  # the contacts stay on one page, with their heading

