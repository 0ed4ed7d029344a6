"""Builds ``agreement.docx``: the political partnership agreement with one municipality.

An agreement between the municipality's council and the association's
board, for the council to approve and both parties to sign: the parties,
the agreement's own background and purpose, the municipality's own focus
areas in its priority order with its local goal under each (or a line to
fill in), success criteria, each party's obligations, participants, the
time plan (the same section as the invitation's), the municipality's price
with VAT and how it is invoiced, when the agreement takes effect and how a
municipality withdraws, the approval and two signature blocks side by side.

Until it is made with ``--final`` it is a draft and reads as one: marked
UDKAST at the top and in the column of every page, "Udkast til aftale
mellem" the parties, put before the council for approval. Only a final
agreement whose council's approval date is known says "Aftalen er indgået"
and "Aftalen er tiltrådt … den …" (``agreement.concluded``); a final one
without the date (``agreement.allow_blanks``) has a line for it.

The context (see :mod:`kldocs.documents.agreements`) holds:

- ``program``: the :class:`kldocs.inputs.program.Program`;
- ``municipality``: the :class:`kldocs.reference.municipalities.Municipality`
  (``official_name``, ``genitive``, ``council``, ``council_of`` …);
- ``registration``: its :class:`kldocs.inputs.registrations.Registration`
  (``priorities`` with ``rank``, ``area`` and ``goal``, the contact,
  ``participants``, ``politicians``, ``add_ons``, ``mayor``, ``director``,
  ``approved``);
- ``invoice``: ``program.pricing.invoice(registration.add_on_ids, …)`` for the municipality
  (``lines``, ``subtotal``, ``vat``, ``total``, ``vat_status``, ``vat_words``, the
  rows' labels ``subtotal_text``, ``vat_text`` and ``total_text``, ``note`` and the
  instalments ``schedule``);
- ``agreement``: the :class:`kldocs.documents.agreements.AgreementView`: the
  agreement's own texts (``preamble``, ``purpose``, ``binding``,
  ``withdrawal``, ``invoicing``), ``concluded``, ``local_goals`` and the
  signatories with ``title`` and ``name`` (``mayor``, ``director``,
  ``chair``, ``association_director``);
- ``missing_goals``: True when the programme asks for local goals and a focus area has none yet;
- ``final``: False for a draft;
- ``network``: the municipality's network
  (:func:`kldocs.networks.lineup.network_context`), or None when no line-up exists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.text.paragraph import Paragraph

from . import economy, outline, signup
from . import housestyle as hs

TITLE = "Politisk partnerskabsaftale"

_EM = hs.BODY_SIZE / 72 * 2.54
"""The width in cm of an em space in the body text: the gap between the signature blocks (see :data:`_GAP`)."""
SIGNATURE_COLUMN = round((hs.BODY_WIDTH / hs.CM - _EM) / 2, 2)
"""Where the right signature block's stop is, in cm: the left block's lines to write on run up to it, the right
block's (after the gap) to the text column's edge, each as long as the other."""


def build(path: Path) -> None:
    """Write the agreement template to ``path``."""
    doc = hs.new_document(TITLE, letterhead=False)
    outline.styles(doc)
    _column(doc)
    _draft_notice(doc)
    hs.heading(doc, "{{ program.agreement.title }}", level=1)
    hs.paragraph(doc, "{{ program.title }}", hs.LEAD)
    _parties(doc)
    outline.sections(doc, "program.agreement_outline", BLOCKS)
    _approval(doc)
    hs.save(doc, path)


def _column(doc: Document) -> None:
    """The column on the right of every page: the draft marking, the case and the sender."""
    hs.header_column(doc, [
        ("not final", [hs.Span("UDKAST", bold=True)]),
        ("program.letter.case_id", ["Sags ID: {{ program.letter.case_id }}"]),
        *hs.sender_address(),
    ])


def _draft_notice(doc: Document) -> None:
    """A shaded box at the top of a draft: a paragraph with borders, not a table a screen reader would announce."""
    with hs.only_if(doc, "not final"):
        hs.boxed(hs.paragraph(doc, [
            hs.Span("UDKAST", bold=True),
            " til behandling i {{ municipality.council_of }}. Aftalen gælder først, når"
            " {{ municipality.council }} har godkendt den, og begge parter har underskrevet den.",
        ]))


def _parties(doc: Document) -> None:
    hs.heading(doc, "Parter")
    hs.paragraph(
        doc,
        "{% if not final %}Udkast til aftale mellem{% elif agreement.concluded %}Aftalen er indgået mellem"
        "{% else %}Aftalen indgås mellem{% endif %}",
        hs.ADDRESS, keep_with_next=True,
    )
    _spaced(hs.paragraph(doc, "{{ municipality.council_of }}", hs.ADDRESS, bold=True, keep_with_next=True))
    hs.paragraph(doc, "og", hs.ADDRESS, keep_with_next=True)
    _spaced(hs.paragraph(
        doc, "{{ program.sender.name|genitive }} {{ program.sender.board }}", hs.ADDRESS, bold=True,
    ))
    hs.paragraph(
        doc,
        "om {{ municipality.genitive }} deltagelse i {{ program.the_partnership }} i perioden fra"
        " {{ program.timeline.start|period(program.timeline.end) }}.",
    )
    hs.text_blocks(doc, "program.agreement.intro")


def _spaced(p: Paragraph) -> None:
    """Give a line of the parties block room above and below."""
    p.paragraph_format.space_before = docx.shared.Pt(4)
    p.paragraph_format.space_after = docx.shared.Pt(4)



FOCUS_AREAS_HEADING = (
    "{{ municipality.genitive }} " + hs.focus_word() + "{% if agreement.local_goals %} og lokale mål{% endif %}"
)
"""The focus areas' heading unless the programme gives one: it names the municipality."""


def _focus_areas(doc: Document) -> None:
    hs.paragraph(
        doc,
        "{{ municipality.official_name }} arbejder i partnerskabet med "
        + hs.var(f"{hs.FOCUS_WORD}.count(registration.priorities|length)") + ","
        " her nævnt i kommunens prioriterede rækkefølge."
        "{% if agreement.local_goals %} Under " + hs.focus_word("each") + " står kommunens lokale mål for arbejdet."
        "{% endif %}"
        "{% if missing_goals %}{% if final %} Mål, der ikke var fastlagt, da aftalen blev skrevet, skrives på"
        " linjerne, inden aftalen underskrives.{% else %} Mål, der endnu ikke er fastlagt, udfyldes af"
        " kommunen, inden aftalen forelægges {{ municipality.council }}.{% endif %}{% endif %}",
    )
    with hs.for_each(doc, "priority in registration.priorities"):
        # under a numbered heading the areas are numbered under it (3.1, 3.2), so that "punkt 2" names one thing
        hs.tag(doc, "if section.style == 'n1'")
        hs.paragraph(doc, "{{ priority.area.title }}", outline.NUMBERED[1])
        hs.tag(doc, "elif section.style == 'n2'")
        hs.paragraph(doc, "{{ priority.area.title }}", outline.NUMBERED[2])
        hs.tag(doc, "else")
        hs.heading(doc, "{{ priority.rank }}. {{ priority.area.title }}", level=3)
        hs.tag(doc, "endif")
        with hs.only_if(doc, "priority.area.description"):  # kept with the local goal under it
            hs.paragraph(doc, "{{ priority.area.description }}", keep_with_next=True)
        hs.tag(doc, "if priority.goal")
        hs.paragraph(doc, [hs.Span("Lokalt mål: ", bold=True), "{{ priority.goal }}"])
        hs.tag(doc, "elif agreement.local_goals")
        _fill_line(hs.paragraph(doc, [hs.Span("Lokalt mål: ", bold=True), "\t"], keep_with_next=True))
        _fill_line(hs.paragraph(doc, "\t"))
        hs.tag(doc, "endif")


def _fill_line(p: Paragraph, width_cm: float | None = None) -> Paragraph:
    """Make a tab in ``p`` draw a line to the right edge (of the text column or ``width_cm``) to write on."""
    width = docx.shared.Cm(width_cm) if width_cm else docx.shared.Twips(hs.BODY_WIDTH)
    p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
    return p


def _success_criteria(doc: Document) -> None:
    hs.bullets(doc, "program.success_criteria.items", item="criterion", intro="program.success_criteria.intro")


def _obligations(doc: Document) -> None:
    with hs.only_if(doc, "program.agreement.association_obligations"):
        hs.heading(doc, "{{ program.sender.name|genitive }} forpligtelser", level=3)
        hs.text_blocks(doc, "program.agreement.association_obligations")
    with hs.only_if(doc, "program.agreement.municipality_obligations"):
        hs.heading(doc, "{{ municipality.genitive }} forpligtelser", level=3)
        hs.text_blocks(doc, "program.agreement.municipality_obligations")




def _terms(doc: Document) -> None:
    """When the agreement takes effect and whether it binds; how a municipality withdraws."""
    hs.text_blocks(doc, "agreement.binding")
    hs.text_blocks(doc, "agreement.withdrawal")


def _text(expr: str) -> Callable[[Document], None]:
    return lambda doc: hs.text_blocks(doc, expr)


BLOCKS: dict[str, outline.Block] = {
    "preamble": outline.Block(_text("agreement.preamble"), "agreement.preamble"),
    "purpose": outline.Block(_text("agreement.purpose"), "agreement.purpose"),
    "focus_areas": outline.Block(_focus_areas, heading=FOCUS_AREAS_HEADING),
    "success_criteria": outline.Block(_success_criteria, "program.success_criteria.items"),
    "obligations": outline.Block(
        _obligations, "program.agreement.association_obligations or program.agreement.municipality_obligations",
    ),
    "participants": outline.Block(signup.agreement_participants),
    "timeline": outline.Block(lambda doc: hs.timeline(doc, keep_period_with_plan=True, with_heading=False,
                                                      source="agreement.timeline")),
    "economy": outline.Block(economy.agreement_economy),
    "terms": outline.Block(_terms, "agreement.binding or agreement.withdrawal"),
}
"""The agreement's built-in blocks (:data:`kldocs.inputs.outline.AGREEMENT_BLOCKS`), as the template prints them."""



def _approval(doc: Document) -> None:
    hs.heading(doc, "Godkendelse og underskrifter")
    _signatures(doc, [
        ("For {{ municipality.official_name }}", "For {{ program.sender.name }}"),
        ("agreement.mayor", "agreement.chair"),
        ("agreement.director", "agreement.association_director"),
    ], lead="{% if not final %}Aftalen forelægges {{ municipality.council_of }} til godkendelse. Når"
            " {{ municipality.council }} har godkendt den, underskrives den af begge parter."
            "{% elif agreement.concluded %}Aftalen er tiltrådt af {{ municipality.council_of }} den"
            " {{ registration.approved|date }}."
            "{% else %}Tiltrådt af {{ municipality.council_of }} den _______________.{% endif %}")


SIGNATURE_LINE = round(hs.BODY_WIDTH / hs.CM - SIGNATURE_COLUMN - 0.02, 2)
"""From the right block's stop to the end of its lines to write on, in cm: just short of the text column's edge, so
that after the gap they are as long as the left block's."""
_FILL = hs.Span("\t", underline=True)
"""A line to write on: a tab, underlined, to the next stop."""
_LEFT_WIDTH = SIGNATURE_COLUMN - 0.2
"""The width in cm the left block's text may take: short of the right block's stop, which its tab must reach."""
_RIGHT_WIDTH = round(hs.BODY_WIDTH / hs.CM - SIGNATURE_COLUMN - 0.5, 2)
"""The width in cm the right block's text may take: from after its em space to the text column's right edge."""
_GAP = "\u2003"
"""What each line of the right block begins with, an em space: the gap after a line to write on in the left block,
which runs to the right block's tab stop."""


def _signatures(doc: Document, rows: Sequence[tuple[str, str]], *, lead: str) -> None:
    """The two parties' signature blocks side by side: the municipality's on the left, the association's on the right.

    ``rows`` is the two parties' headings, then each pair of signatories
    (expressions of :class:`kldocs.inputs.program.Signatory`, such as
    ``agreement.mayor``), side by side. Each signatory has place and date,
    a line to sign on, the name (a line to write it on when it is not known)
    and the title. The blocks are text on tab stops, not a table: a PDF tags
    a table's cells as data a screen reader announces, and this one has
    nothing to head its columns with.

    They are one paragraph with ``lead``, the sentence above them, their
    lines and the empty lines between them line breaks, kept together: LibreOffice
    breaks a chain of paragraphs each kept with the next where it does not
    fit on the page (the signatures fell alone onto a page of their own, and
    with the sentence a paragraph of its own, the section's heading stayed
    alone at the foot of the page before), but moves a paragraph kept
    together whole, with the heading kept with it, as Word does. So every
    line has the same two stops: the right block's at
    :data:`SIGNATURE_COLUMN` cm, which one tab reaches from any text of the
    left block narrower than that, and the end of its lines to write on. A
    line to write on is an underlined tab; in the left block it runs to the
    right block's stop, and every line of the right block begins with an em
    space (:data:`_GAP`), the gap between them.
    """
    (left_party, right_party), *signatories = rows
    lines: list[hs.Piece] = [lead, hs.BREAK, hs.BREAK,
                             hs.Span(left_party, bold=True), f"\t{_GAP}", hs.Span(right_party, bold=True), hs.BREAK]
    for left, right in signatories:
        lines += [
            hs.BREAK, "Sted og dato: ", _FILL, f"{_GAP}Sted og dato: ", _FILL, hs.BREAK, hs.BREAK, hs.BREAK,
            _FILL, _GAP, _FILL, hs.BREAK,
            # the names: each one printed, or a line to write it on
            hs.stmt(f"if {left}.has_name and {right}.has_name"),
            f"{hs.var(left + '.name')}\t{_GAP}{hs.var(right + '.name')}",
            hs.stmt(f"elif {left}.has_name"), f"{hs.var(left + '.name')}\t{_GAP}Navn: ", _FILL,
            hs.stmt(f"elif {right}.has_name"), "Navn: ", _FILL, f"{_GAP}{hs.var(right + '.name')}",
            hs.stmt("else"), "Navn: ", _FILL, f"{_GAP}Navn: ", _FILL,
            hs.stmt("endif"), hs.BREAK,
            # the titles, each broken to its block's width (a long one wrapped back under the other party's)
            hs.stmt(f"for a, b in agreement.side_by_side({left}.title|capfirst, {right}.title|capfirst, "
                    f"{_LEFT_WIDTH:g}, {_RIGHT_WIDTH:g}, {hs.BODY_SIZE})"),
            f"{hs.var('a')}\t{_GAP}{hs.var('b')}", hs.stmt("if not loop.last"), hs.BREAK, hs.stmt("endif"),
            hs.stmt("endfor"), hs.BREAK,
        ]
    block = hs.paragraph(doc, lines[:-1])
    fmt = block.paragraph_format
    fmt.space_after = docx.shared.Pt(0)
    fmt.keep_together = True
    for stop in (SIGNATURE_COLUMN, SIGNATURE_COLUMN + SIGNATURE_LINE):
        fmt.tab_stops.add_tab_stop(docx.shared.Cm(stop))
