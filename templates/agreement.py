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
- ``invoice``: ``program.pricing.invoice(registration.add_on_ids)``
  (``lines``, ``subtotal``, ``vat``, ``total``, ``vat_status``);
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

from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from . import housestyle as hs

TITLE = "Politisk partnerskabsaftale"

SIGNATURE_COLUMN = 6.2
"""Width of each signature block in cm: two side by side fill the text column."""


def build(path: Path) -> None:
    """Write the agreement template to ``path``."""
    doc = hs.new_document(TITLE, letterhead=False)
    _column(doc)
    _draft_notice(doc)
    hs.heading(doc, "{{ program.agreement.title }}", level=1)
    hs.paragraph(doc, "{{ program.title }}", hs.LEAD)
    _parties(doc)
    _text_section(doc, "Baggrund", "agreement.preamble")
    _text_section(doc, "Formål", "agreement.purpose")
    _focus_areas(doc)
    _success_criteria(doc)
    _obligations(doc)
    _participants(doc)
    hs.timeline(doc, keep_period_with_plan=True)
    _economy(doc)
    _terms(doc)
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
    with hs.only_if(doc, "not final"):
        box = hs.table(doc, [hs.BODY_WIDTH / hs.CM])
        hs.row(box, [[
            hs.Span("UDKAST", bold=True),
            " til behandling i {{ municipality.council_of }}. Aftalen gælder først, når"
            " {{ municipality.council }} har godkendt den, og begge parter har underskrevet den.",
        ]], shaded=True)


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
        "om {{ municipality.genitive }} deltagelse i partnerskabet om {{ program.topic }} i perioden"
        " {{ program.timeline.start|period(program.timeline.end) }}.",
    )
    hs.text_blocks(doc, "program.agreement.intro")


def _spaced(p: Paragraph) -> None:
    """Give a line of the parties block room above and below."""
    p.paragraph_format.space_before = docx.shared.Pt(4)
    p.paragraph_format.space_after = docx.shared.Pt(4)


def _text_section(doc: Document, title: str, text: str) -> None:
    with hs.only_if(doc, text):
        hs.heading(doc, title)
        hs.text_blocks(doc, text)


def _focus_areas(doc: Document) -> None:
    hs.heading(doc, "{{ municipality.genitive }} indsatsområder{% if agreement.local_goals %} og lokale mål{% endif %}")
    hs.paragraph(
        doc,
        "{{ municipality.official_name }} arbejder i partnerskabet med"
        " {{ registration.priorities|length|spell(neuter=True) }}"
        " {% if registration.priorities|length == 1 %}indsatsområde{% else %}indsatsområder{% endif %},"
        " her nævnt i kommunens prioriterede rækkefølge."
        "{% if agreement.local_goals %} Under hvert indsatsområde står kommunens lokale mål for arbejdet."
        "{% endif %}"
        "{% if missing_goals %}{% if final %} Mål, der ikke var fastlagt, da aftalen blev skrevet, skrives på"
        " linjerne, inden aftalen underskrives.{% else %} Mål, der endnu ikke er fastlagt, udfyldes af"
        " kommunen, inden aftalen forelægges {{ municipality.council }}.{% endif %}{% endif %}",
    )
    with hs.for_each(doc, "priority in registration.priorities"):
        hs.heading(doc, "{{ priority.rank }}. {{ priority.area.title }}", level=3)
        with hs.only_if(doc, "priority.area.description"):
            hs.paragraph(doc, "{{ priority.area.description }}")
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
    with hs.only_if(doc, "program.success_criteria.items"):
        hs.heading(doc, "Succeskriterier")
        hs.bullets(doc, "program.success_criteria.items", item="criterion", intro="program.success_criteria.intro")


def _obligations(doc: Document) -> None:
    with hs.only_if(doc, "program.agreement.association_obligations or program.agreement.municipality_obligations"):
        hs.heading(doc, "Parternes forpligtelser")
        with hs.only_if(doc, "program.agreement.association_obligations"):
            hs.heading(doc, "{{ program.sender.name|genitive }} forpligtelser", level=3)
            hs.text_blocks(doc, "program.agreement.association_obligations")
        with hs.only_if(doc, "program.agreement.municipality_obligations"):
            hs.heading(doc, "{{ municipality.genitive }} forpligtelser", level=3)
            hs.text_blocks(doc, "program.agreement.municipality_obligations")


def _participants(doc: Document) -> None:
    hs.heading(doc, "Deltagere")
    hs.paragraph(
        doc,
        "{{ municipality.official_name }} deltager i partnerskabet med {{ registration.participants|spell }}"
        " {% if registration.participants == 1 %}medarbejder{% else %}medarbejdere{% endif %}"
        "{% if registration.politicians %} og {{ registration.politicians|spell }}"
        " {% if registration.politicians == 1 %}politiker{% else %}politikere{% endif %}{% endif %}."
        " Hver kommune kan deltage med"
        " {% if program.participants.min < program.participants.max %}{{ program.participants.min }}–{% endif %}"
        "{{ program.participants.max }}"
        " {% if program.participants.max == 1 %}person{% else %}personer{% endif %}"
        "{% if program.participants.max_politicians %} og op til {{ program.participants.max_politicians|spell }}"
        " {% if program.participants.max_politicians == 1 %}politiker{% else %}politikere{% endif %}{% endif %}.",
    )
    hs.paragraph(doc, "Kommunens kontaktperson i partnerskabet er:", keep_with_next=True)
    contact = hs.table(doc, [3.0, 9.5])
    # Rows keep with the next only inside the table, so the time plan need not follow it onto a new page.
    hs.row(contact, ["Navn", "{{ registration.contact_name }}"], keep_with_next=True)
    _optional_row(contact, "registration.contact_title", ["Titel", "{{ registration.contact_title }}"], keep=True)
    hs.row(contact, ["E-mail", "{{ registration.email }}"])
    _optional_row(contact, "registration.phone", ["Telefon", "{{ registration.phone }}"])
    with hs.only_if(doc, "network"):
        hs.heading(doc, "Kommunens netværk", level=3)
        hs.paragraph(
            doc,
            "{{ municipality.official_name }} indgår i {{ network.name }}"
            "{% if network.other_names %} sammen med {{ network.other_names|and_list }}{% endif %}."
            "{% if network.focus_area_titles %} Netværket arbejder især med:{% endif %}",
            keep_with_next=True,
        )
        hs.bullets(doc, "network.focus_area_titles", item="network_area")


def _optional_row(t: Table, condition: str, cells: Sequence[str], *, keep: bool = False) -> None:
    hs.tag_row(t, f"if {condition}")
    hs.row(t, cells, keep_with_next=keep)
    hs.tag_row(t, "endif")


def _economy(doc: Document) -> None:
    hs.heading(doc, "Økonomi")
    hs.paragraph(
        doc,
        "{{ municipality.genitive }} pris for deltagelse i partnerskabet"
        "{% if registration.add_ons %} og for {% if registration.add_ons|length == 1 %}det valgte tilkøb"
        "{% else %}de valgte tilkøb{% endif %}{% endif %} fremgår af tabellen."
        "{% if program.pricing.covers %} Prisen for deltagelse dækker {{ program.pricing.covers }}."
        "{% elif program.timeline.meetings %} Prisen for deltagelse dækker {{ program.timeline.meetings_phrase }}."
        "{% endif %}",
        keep_with_next=True,
    )
    t = hs.table(doc, [9.0, 3.5])
    hs.tag_row(t, "for line in invoice.lines")
    _amount_row(t, "{{ line.text }}", "{{ line.amount|money }}")
    hs.tag_row(t, "endfor")
    hs.tag_row(t, 'if invoice.vat_status == "ex"')
    _amount_row(t, "I alt ex moms", "{{ invoice.subtotal|money }}")
    _amount_row(t, "Moms ({{ program.pricing.vat_rate|pct }})", "{{ invoice.vat|money }}")
    _amount_row(t, "I alt med moms", "{{ invoice.total|money }}", total=True, last=True)
    hs.tag_row(t, "else")
    _amount_row(t, "I alt inkl. moms", "{{ invoice.total|money }}", total=True)
    _amount_row(t, "Heraf moms ({{ program.pricing.vat_rate|pct }})", "{{ invoice.vat|money }}", last=True)
    hs.tag_row(t, "endif")
    with hs.only_if(doc, "agreement.invoicing"):
        hs.heading(doc, "Betaling", level=3)
        hs.text_blocks(doc, "agreement.invoicing")


def _terms(doc: Document) -> None:
    """When the agreement takes effect and whether it binds; how a municipality withdraws."""
    with hs.only_if(doc, "agreement.binding or agreement.withdrawal"):
        hs.heading(doc, "Aftalens gyldighed og udtræden")
        hs.text_blocks(doc, "agreement.binding")
        hs.text_blocks(doc, "agreement.withdrawal")


def _amount_row(t: Table, text: str, amount: str, *, total: bool = False, last: bool = False) -> _Row:
    """A row of the price table; all but the ``last`` keep with the next, so the table stays whole."""
    r = hs.row(t, [text, amount], bold=total, shaded=total, keep_with_next=not last)
    r.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return r


def _approval(doc: Document) -> None:
    hs.heading(doc, "Godkendelse og underskrifter")
    hs.paragraph(
        doc,
        "{% if not final %}Aftalen forelægges {{ municipality.council_of }} til godkendelse. Når"
        " {{ municipality.council }} har godkendt den, underskrives den af begge parter."
        "{% elif agreement.concluded %}Aftalen er tiltrådt af {{ municipality.council_of }} den"
        " {{ registration.approved|date }}."
        "{% else %}Tiltrådt af {{ municipality.council_of }} den _______________.{% endif %}",
        keep_with_next=True,
    )
    t = hs.table(doc, [SIGNATURE_COLUMN, SIGNATURE_COLUMN], rules=False)
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    r = hs.row(t, [
        _signatures("For {{ municipality.official_name }}", "agreement.mayor", "agreement.director"),
        _signatures("For {{ program.sender.name }}", "agreement.chair", "agreement.association_director"),
    ])
    for cell in r.cells:
        _fill_line(cell.paragraphs[0], SIGNATURE_COLUMN - 0.5)
        cell.paragraphs[0].paragraph_format.space_before = docx.shared.Pt(12)


def _signatures(party: str, *signatories: str) -> list[hs.Piece]:
    """One party's signature blocks: place and date, a line to sign on, the name and the title.

    Each signatory is an expression of a :class:`kldocs.inputs.program.Signatory`
    (``agreement.mayor``); without a name the block has a line to write it on.
    """
    pieces: list[hs.Piece] = [hs.Span(party, bold=True)]
    for who in signatories:
        pieces += [
            hs.BREAK, hs.BREAK,
            "Sted og dato: \t",
            hs.BREAK, hs.BREAK, hs.BREAK,
            "\t",
            hs.BREAK,
            hs.stmt(f"if {who}.has_name") + hs.var(f"{who}.name") + "{% else %}Navn: \t{% endif %}",
            hs.BREAK,
            hs.var(f"{who}.title|capfirst"),
        ]
    return pieces
