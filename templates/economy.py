"""The economy blocks of the bundled templates: what participation costs, in the invitation and in an agreement.

The invitation states the price per municipality and the add-ons; an
agreement shows one municipality's price (``invoice``) as a table.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table, _Row

from . import housestyle as hs


def invitation_economy(doc: Document) -> None:
    """The invitation's economy: the price per municipality, what it covers, the add-ons, the programme's text."""
    hs.paragraph(
        doc,
        "Prisen for deltagelse i partnerskabet er {{ program.pricing.price|money_vat(program.pricing.vat) }}"
        " pr. kommune.{% if program.pricing.covers %} Prisen dækker {{ program.pricing.covers }}."
        "{% elif program.timeline.meetings %} Prisen dækker {{ program.timeline.meetings_phrase }}.{% endif %}"
        " Hver kommune kan tilmelde op til {{ program.participants.max|spell }}"
        " {% if program.participants.max == 1 %}deltager{% else %}deltagere{% endif %}.",
    )
    with hs.only_if(doc, "program.pricing.add_ons"):
        hs.paragraph(doc, "Kommunen kan desuden tilkøbe:", keep_with_next=True)
        hs.bullets(
            doc, "program.pricing.add_ons", item="add_on",
            text="{{ add_on.title }}: {{ add_on.price|money_vat(program.pricing.vat) }}"
                 "{% if add_on.description %}. {{ add_on.description }}{% endif %}",
        )
    hs.text_blocks(doc, "program.pricing.text")


def agreement_economy(doc: Document) -> None:
    """The agreement's economy: the municipality's price as a table (lines, VAT, total) and how it is invoiced."""
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
    heading = hs.discreet_heading_row(t, ["Post", "Beløb"])
    heading.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
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


def _amount_row(t: Table, text: str, amount: str, *, total: bool = False, last: bool = False) -> _Row:
    """A row of the price table; all but the ``last`` keep with the next, so the table stays whole."""
    r = hs.row(t, [text, amount], bold=total, shaded=total, keep_with_next=not last)
    r.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return r

