"""Builds ``invitation.docx``: the letter inviting a municipality into a partnership.

Under the addressee, title and lead come the programme's sections in its
order (``program.outline``); without ``sections:`` they follow KL's
invitation of 14 June 2021: background, purpose with success criteria,
content and organisation, focus areas, participants, time plan, economy,
registration and contact persons. Every section the programme leaves empty
disappears.

The context (see :mod:`kldocs.documents.invitations`) holds ``program`` (the
:class:`kldocs.inputs.program.Program`), ``municipality`` (the
:class:`kldocs.reference.municipalities.Municipality`), ``recipient`` (the
municipality's row of ``recipients.csv``: ``name``, ``title``, ``email`` and
any further columns), ``registration_link`` (``program.registration.link``
as a clickable :class:`kldocs.engine.inline.Link`) and ``offer`` (what the
municipality pays: :class:`kldocs.inputs.pricing.Offer`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document

from . import economy, outline, signup
from . import housestyle as hs

TITLE = "Invitation"


def build(path: Path) -> None:
    """Write the invitation template to ``path``."""
    doc = hs.new_document(TITLE)
    outline.styles(doc)
    _addressee(doc)
    hs.heading(doc, "{{ program.invitation.title }}", level=1)
    hs.text_blocks(doc, "program.invitation.lead", style=hs.LEAD)
    body(doc)
    hs.save(doc, path)


def body(doc: Document) -> None:
    """The programme's sections in its order (``program.outline``), with the invitation's blocks where placed.

    The project description prints the same body under its own title.
    """
    outline.sections(doc, "program.outline", BLOCKS)


def _text(expr: str) -> Callable[[Document], None]:
    return lambda doc: hs.text_blocks(doc, expr)


def _purpose(doc: Document) -> None:
    hs.text_blocks(doc, "program.purpose.text")
    with hs.only_if(doc, "section.with_criteria and program.success_criteria.items"):
        _success_criteria(doc)


def _success_criteria(doc: Document) -> None:
    hs.bullets(doc, "program.success_criteria.items", item="criterion", intro="program.success_criteria.intro")


def _focus_areas(doc: Document) -> None:
    hs.bullets(
        doc, "program.focus_areas.catalogue", item="area", intro="program.focus_areas.intro",
        text="{{ area.title }}{% if program.focus_areas.describe and area.description %}: "
             "{{ area.description }}{% endif %}",
    )
    hs.text_blocks(doc, "program.focus_areas.outro")


def _contacts(doc: Document) -> None:
    with hs.only_if(doc, "program.contacts_apart"):  # the registration's sentence on whom to ask moved here
        hs.paragraph(doc, signup.QUESTIONS + ":", keep_with_next=True)
    with hs.for_each(doc, "contact in program.contacts"):
        hs.paragraph(
            doc,
            "{{ contact.name }}, {{ contact.title }}, {{ contact.email }}"
            "{% if contact.phone %}, tlf. {{ contact.phone|phone }}{% endif %}",
            hs.ADDRESS,
        )


BLOCKS: dict[str, outline.Block] = {
    "background": outline.Block(_text("program.background.text"), "program.background.text"),
    "purpose": outline.Block(
        _purpose, "program.purpose.text or section.with_criteria and program.success_criteria.items",
    ),
    "success_criteria": outline.Block(_success_criteria, "program.success_criteria.items"),
    "content": outline.Block(_text("program.content.text"), "program.content.text"),
    "focus_areas": outline.Block(_focus_areas),
    "participants": outline.Block(signup.invitation_participants, signup.INVITATION_PARTICIPANTS),
    "timeline": outline.Block(lambda doc: hs.timeline(doc, with_heading=False)),
    "economy": outline.Block(economy.invitation_economy),
    "registration": outline.Block(signup.registration),
    "contacts": outline.Block(_contacts),
}
"""The invitation's built-in blocks (:data:`kldocs.inputs.outline.INVITATION_BLOCKS`), as the template prints them."""


def _addressee(doc: Document) -> None:
    hs.paragraph(doc, "Til", hs.ADDRESS)
    with hs.only_if(doc, "recipient.name"):
        hs.paragraph(doc, "{{ recipient.name }}", hs.ADDRESS)
    hs.tag(doc, "if recipient.title")
    hs.paragraph(doc, "{{ recipient.title|capfirst }}", hs.ADDRESS)  # a line of an address begins with a capital
    hs.tag(doc, "else")
    with hs.for_each(doc, "addressee in program.addressees"):  # roles, in the municipality's own titles
        hs.paragraph(doc, "{{ municipality.addressed(addressee) }}", hs.ADDRESS)
    hs.tag(doc, "endif")
    hs.paragraph(doc, "{{ municipality.official_name }}", hs.ADDRESS)
