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

from . import economy, signup
from . import housestyle as hs

TITLE = "Invitation"


def build(path: Path) -> None:
    """Write the invitation template to ``path``."""
    doc = hs.new_document(TITLE)
    _addressee(doc)
    hs.heading(doc, "{{ program.invitation.title }}", level=1)
    hs.text_blocks(doc, "program.invitation.lead", style=hs.LEAD)
    hs.section(doc, "program.background")
    _purpose(doc)
    hs.section(doc, "program.content")
    _focus_areas(doc)
    hs.section(doc, "program.participants")
    hs.timeline(doc)
    hs.heading(doc, "{{ program.pricing.heading }}", optional="program.pricing.heading")
    economy.invitation_economy(doc)
    hs.heading(doc, "{{ program.registration.heading }}", optional="program.registration.heading")
    signup.registration(doc)
    hs.save(doc, path)


def _addressee(doc: Document) -> None:
    hs.paragraph(doc, "Til", hs.ADDRESS)
    with hs.only_if(doc, "recipient.name"):
        hs.paragraph(doc, "{{ recipient.name }}", hs.ADDRESS)
    hs.tag(doc, "if recipient.title")
    hs.paragraph(doc, "{{ recipient.title }}", hs.ADDRESS)
    hs.tag(doc, "else")
    with hs.for_each(doc, "addressee in program.addressees"):
        hs.paragraph(doc, "{{ addressee }}", hs.ADDRESS)
    hs.tag(doc, "endif")
    hs.paragraph(doc, "{{ municipality.official_name }}", hs.ADDRESS)


def _purpose(doc: Document) -> None:
    with hs.only_if(doc, "program.purpose.text or program.success_criteria.items"):
        hs.heading(doc, "{{ program.purpose.heading }}", optional="program.purpose.heading")
        hs.text_blocks(doc, "program.purpose.text")
        with hs.only_if(doc, "program.success_criteria.items"):
            hs.bullets(doc, "program.success_criteria.items", item="criterion", intro="program.success_criteria.intro")


def _focus_areas(doc: Document) -> None:
    hs.heading(doc, "{{ program.focus_areas.heading }}", optional="program.focus_areas.heading")
    hs.bullets(
        doc, "program.focus_areas.catalogue", item="area", text="{{ area.title }}", intro="program.focus_areas.intro",
    )
    hs.text_blocks(doc, "program.focus_areas.outro")
