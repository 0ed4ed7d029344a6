"""Builds ``invitation.docx``: the letter inviting a municipality into a partnership.

It follows KL's invitation of 14 June 2021 section by section: addressee,
title and lead, background, purpose with success criteria, content and
organisation, focus areas, participants, time plan, economy, registration
and contact persons. Every section the programme leaves empty disappears.

The context (see :mod:`kldocs.documents.invitations`) holds ``program`` (the
:class:`kldocs.inputs.program.Program`), ``municipality`` (the
:class:`kldocs.reference.municipalities.Municipality`) and ``recipient`` (the
municipality's row of ``recipients.csv``: ``name``, ``title``, ``email`` and
any further columns) and ``registration_link`` (``program.registration.link``
as a clickable :class:`kldocs.engine.inline.Link`).
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from . import housestyle as hs

TITLE = "Invitation"

P = "program"


def build(path: Path) -> None:
    """Write the invitation template to ``path``."""
    doc = hs.new_document(TITLE)
    _addressee(doc)
    hs.heading(doc, f"{{{{ {P}.invitation.title }}}}", level=1)
    hs.text_blocks(doc, f"{P}.invitation.lead", style=hs.LEAD)
    hs.section(doc, f"{P}.background")
    _purpose(doc)
    hs.section(doc, f"{P}.content")
    _focus_areas(doc)
    hs.section(doc, f"{P}.participants")
    hs.timeline(doc, f"{P}.timeline")
    _economy(doc)
    _registration(doc)
    hs.save(doc, path)


def _addressee(doc: Document) -> None:
    hs.paragraph(doc, "Til", hs.ADDRESS)
    with hs.only_if(doc, "recipient.name"):
        hs.paragraph(doc, "{{ recipient.name }}", hs.ADDRESS)
    hs.tag(doc, "if recipient.title")
    hs.paragraph(doc, "{{ recipient.title }}", hs.ADDRESS)
    hs.tag(doc, "else")
    with hs.for_each(doc, f"addressee in {P}.addressees"):
        hs.paragraph(doc, "{{ addressee }}", hs.ADDRESS)
    hs.tag(doc, "endif")
    hs.paragraph(doc, "{{ municipality.official_name }}", hs.ADDRESS)


def _purpose(doc: Document) -> None:
    criteria = f"{P}.success_criteria"
    with hs.only_if(doc, f"{P}.purpose.text or {criteria}.items"):
        hs.heading(doc, f"{{{{ {P}.purpose.heading }}}}", optional=f"{P}.purpose.heading")
        hs.text_blocks(doc, f"{P}.purpose.text")
        with hs.only_if(doc, f"{criteria}.items"):
            hs.bullets(doc, f"{criteria}.items", item="criterion", intro=f"{criteria}.intro")


def _focus_areas(doc: Document) -> None:
    areas = f"{P}.focus_areas"
    hs.heading(doc, f"{{{{ {areas}.heading }}}}", optional=f"{areas}.heading")
    hs.bullets(doc, f"{areas}.catalogue", item="area", text="{{ area.title }}", intro=f"{areas}.intro")
    hs.text_blocks(doc, f"{areas}.outro")


def _economy(doc: Document) -> None:
    pricing = f"{P}.pricing"
    hs.heading(doc, f"{{{{ {pricing}.heading }}}}", optional=f"{pricing}.heading")
    hs.paragraph(
        doc,
        f"Prisen for deltagelse i partnerskabet er {{{{ {pricing}.price|money_vat({pricing}.vat) }}}}"
        f" pr. kommune.{{% if {pricing}.covers %}} Prisen dækker {{{{ {pricing}.covers }}}}.{{% endif %}}"
        f" Hver kommune kan tilmelde op til {{{{ {P}.participants.max|spell }}}}"
        f" {{% if {P}.participants.max == 1 %}}deltager{{% else %}}deltagere{{% endif %}}.",
    )
    with hs.only_if(doc, f"{pricing}.add_ons"):
        hs.paragraph(doc, "Kommunen kan desuden tilkøbe:", keep_with_next=True)
        hs.bullets(
            doc, f"{pricing}.add_ons", item="add_on",
            text=f"{{{{ add_on.title }}}}: {{{{ add_on.price|money_vat({pricing}.vat) }}}}"
                 "{% if add_on.description %}. {{ add_on.description }}{% endif %}",
        )
    hs.text_blocks(doc, f"{pricing}.text")


def _registration(doc: Document) -> None:
    reg = f"{P}.registration"
    hs.heading(doc, f"{{{{ {reg}.heading }}}}", optional=f"{reg}.heading")
    hs.paragraph(
        doc,
        "Alle kommuner opfordres til at tilmelde sig udviklingspartnerskabet"
        f"{{% if {reg}.link %}} via dette link {{{{ registration_link }}}}{{% endif %}}."
        f" Deadline for tilmelding er {{{{ {reg}.deadline|weekday_date }}}}."
        f"{{% for block in {reg}.text %}} {{% if block.is_bullets %}}{{{{ block.items|join('; ') }}}}"
        "{% else %}{{ block.text }}{% endif %}{% endfor %}"
        f" Tilmelding er {{% if {reg}.binding %}}bindende{{% else %}}ikke bindende{{% endif %}}.",
    )
    hs.paragraph(
        doc,
        "Eventuelle spørgsmål til projektet og tilmelding kan rettes til "
        f"{{% for contact in {P}.contacts %}}"
        "{% if not loop.first %}{% if loop.last %} eller {% else %}, {% endif %}{% endif %}"
        "{{ contact.title }} {{ contact.name }}, {{ contact.email }}"
        "{% if contact.phone %}, {{ contact.phone }}{% endif %}{% endfor %}.",
    )
