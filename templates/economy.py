"""The economy blocks of the bundled templates: what participation costs, in the invitation and in an agreement.

The invitation states the price per municipality (or the tiers by size and
the municipality's own price: the context's ``offer``) and the add-ons; an
agreement shows one municipality's price (``invoice``) as a table, and its
instalments when the price is invoiced in several. Every word about VAT
comes from :mod:`kldocs.inputs.pricing`, so each document words it alike.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table, _Row

from . import housestyle as hs


def invitation_economy(doc: Document) -> None:
    """The invitation's economy: the price (or the tiers and the municipality's own), what it covers, the add-ons.

    The programme's text on the price follows it (``pricing.price_text``); then the instalments the price
    is invoiced in, when more than one, and the programme's closing text (``pricing.text``).
    """
    with hs.only_if(doc, "offer.tiers"):
        hs.bullets(doc, "offer.tiers", item="tier", intro="offer.tiers_intro")
    hs.paragraph(
        doc,
        "{% if offer.sentence %}{{ offer.sentence }} {% endif %}"
        "{% if offer.discount %}{{ offer.discount }} {% endif %}"
        "{% if program.pricing.covers %}{{ program.pricing.covers_lead() }} {{ program.pricing.covers }}. "
        "{% elif program.timeline.meetings %}{{ program.pricing.covers_lead() }} "
        "{{ program.timeline.meetings_phrase }}. {% endif %}"
        # the participants' limits, unless the participants block states them (program.participants.state_limits)
        "{% if not program.participants.state_limits %}Hver kommune kan"
        "{% if program.registration.is_interest %} deltage med{% else %} tilmelde{% endif %}"
        " {{ program.participants.limits }}"
        ".{% endif %}",
    )
    hs.text_blocks(doc, "program.pricing.price_text")  # on the price, before the add-ons it is not about
    with hs.only_if(doc, "program.pricing.add_ons"):
        hs.paragraph(doc, "Kommunen kan desuden tilkøbe:", keep_with_next=True)
        hs.bullets(
            doc, "program.pricing.add_ons", item="add_on",
            text="{{ add_on.title }}: {% if add_on.description %}"
                 "{{ program.pricing.amount_text(add_on.price)|full_stop }} {{ add_on.description }}"
                 "{% else %}{{ program.pricing.amount_text(add_on.price) }}{% endif %}",
        )
    with hs.only_if(doc, "offer.schedule"):  # after the add-ons, which it may speak of
        hs.paragraph(doc, "{{ offer.schedule }}")
    hs.text_blocks(doc, "program.pricing.text")


def agreement_economy(doc: Document) -> None:
    """The agreement's economy: the municipality's price as a table (lines, VAT, total) and how it is invoiced."""
    hs.paragraph(
        doc,
        "{% if invoice.free %}Deltagelse i partnerskabet er gratis for {{ municipality.official_name }}."
        "{% if invoice.subtotal %} Prisen for {{ invoice.chosen }} fremgår af tabellen.{% endif %}"
        "{% else %}{{ municipality.genitive }} pris for deltagelse i partnerskabet"
        "{% if invoice.chosen %} og for {{ invoice.chosen }}{% endif %} fremgår af tabellen.{% endif %}"
        "{% if program.pricing.covers %} {{ program.pricing.covers_lead(agreement=true) }} "
        "{{ program.pricing.covers }}."
        "{% elif program.timeline.meetings %} {{ program.pricing.covers_lead(agreement=true) }} "
        "{{ program.timeline.meetings_phrase }}."
        "{% endif %}{% if invoice.note %} {{ invoice.note }}{% endif %}",
        keep_with_next=True,
    )
    hs.tag(doc, "if invoice.lines")  # free, and no add-on chosen: nothing to pay, no table
    t = hs.table(doc, [9.0, 3.5])
    heading = hs.discreet_heading_row(t, ["Post", "Beløb"])
    heading.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hs.tag_row(t, "for line in invoice.lines")
    _amount_row(t, "{{ line.text }}", "{{ line.amount_text }}")
    hs.tag_row(t, "endfor")
    # free, the add-ons chosen all priced later: nothing to sum, and no rows of 0 kr.
    hs.tag_row(t, "if invoice.free and not invoice.subtotal")
    hs.tag_row(t, 'elif invoice.vat_status == "ex"')
    _amount_row(t, "{{ invoice.subtotal_text }}", "{{ invoice.money(invoice.subtotal) }}")
    _amount_row(t, "{{ invoice.vat_text }}", "{{ invoice.money(invoice.vat) }}")
    _amount_row(t, "{{ invoice.total_text }}", "{{ invoice.money(invoice.total) }}", total=True, last=True)
    hs.tag_row(t, 'elif invoice.vat_status == "incl"')
    _amount_row(t, "{{ invoice.total_text }}", "{{ invoice.money(invoice.total) }}", total=True)
    _amount_row(t, "{{ invoice.vat_text }}", "{{ invoice.money(invoice.vat) }}", last=True)
    hs.tag_row(t, "else")
    _amount_row(t, "{{ invoice.total_text }}", "{{ invoice.money(invoice.total) }}", total=True, last=True)
    hs.tag_row(t, "endif")
    hs.tag(doc, "endif")
    hs.tag(doc, "if invoice.schedule|length > 1")
    hs.heading(doc, "Betaling", level=3)
    _kept_together(doc, lambda: hs.text_blocks(doc, "agreement.invoicing"))
    _schedule(doc)
    hs.tag(doc, "else")
    with hs.only_if(doc, "agreement.invoicing"):
        hs.heading(doc, "Betaling", level=3)
        hs.text_blocks(doc, "agreement.invoicing")
    hs.tag(doc, "endif")


def _kept_together(doc: Document, add: Callable[[], None]) -> None:
    """Run ``add`` and keep each paragraph it added on the page of the next: text that leads into a table."""
    before = len(doc.paragraphs)
    add()
    for p in doc.paragraphs[before:]:
        p.paragraph_format.keep_with_next = True


def _schedule(doc: Document) -> None:
    """The instalments: when each is invoiced and how much, in the VAT terms of the prices; the table stays whole."""
    t = hs.table(doc, [9.0, 3.5])
    heading = hs.discreet_heading_row(
        t, ["Fakturering", "Beløb{% if invoice.vat_words %} {{ invoice.vat_words }}{% endif %}"])
    heading.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hs.tag_row(t, "for instalment in invoice.schedule")
    hs.tag_row(t, "if not loop.last")
    _amount_row(t, "{{ instalment.text }}", "{{ instalment.amount_text }}")
    hs.tag_row(t, "else")
    _amount_row(t, "{{ instalment.text }}", "{{ instalment.amount_text }}", last=True)
    hs.tag_row(t, "endif")
    hs.tag_row(t, "endfor")


def _amount_row(t: Table, text: str, amount: str, *, total: bool = False, last: bool = False) -> _Row:
    """A row of the price table; all but the ``last`` keep with the next, so the table stays whole."""
    r = hs.row(t, [text, amount], bold=total, shaded=total, keep_with_next=not last)
    r.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return r

