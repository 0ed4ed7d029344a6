"""Builds ``meeting.docx``: the invitation to one meeting of the time plan, for one network or for all.

A letter in the house style of the invitation: the addressee, a title, who
invites whom to what, then what, when and where, the municipalities invited
with their registered contact persons (a table headed Kommune, Kontaktperson
and Deltagere; for a meeting of all, a table per network under its name, the
two repeated on the next page when a network's rows run onto it),
under Praktisk the agenda to come and the calendar file, whom to ask, and a
signature. The letterhead column gives the case's Sags ID and the sender,
with "Side X af Y" in the footer; its date (Dato) only when the invitations
are written for the day they are sent (``kldocs meetings --date``), since
without one the invitation is made again, unchanged, until the meeting changes.

The context (see :mod:`kldocs.documents.meetings`) holds ``program`` and
``meeting``: ``meeting.title``, ``meeting.changed`` (for a meeting moved
since its invitation was sent: its new time or place, and the old, in a
shaded box under the title, as a draft agreement's UDKAST),
``meeting.lead``, ``meeting.what`` (the meeting's line of the time plan),
``meeting.when``, ``meeting.where``, ``meeting.online`` (how to take part
online: the link, or that it follows; empty for a meeting not online) under
``meeting.online_label`` (Online, or Link where the place is online),
``meeting.addressee`` (the lines after "Til"), ``meeting.invited`` (the line
before the table), ``meeting.groups`` (each with ``label``, None for one
group, and ``members``: ``municipality``, ``contact``, ``participants``, ``of_whom`` and
``people``, the two as the table prints them) and
``meeting.contact`` (whom to ask, who signs).
"""

from __future__ import annotations

from pathlib import Path

import docx.shared

from . import housestyle as hs

TITLE = "Mødeinvitation"


def build(path: Path) -> None:
    """Write the meeting invitation template to ``path``."""
    doc = hs.new_document(TITLE, letterhead=False)
    hs.letter_column(doc, "{{ meeting.date|date }}", dated="meeting.date")
    hs.paragraph(doc, "Til", hs.ADDRESS)
    with hs.for_each(doc, "line in meeting.addressee"):
        hs.paragraph(doc, "{{ line }}", hs.ADDRESS)
    hs.heading(doc, "{{ meeting.title }}", level=1)
    with hs.only_if(doc, "meeting.changed"):  # moved since the invitation sent before: said first, in a box
        notice = hs.boxed(hs.paragraph(doc, "{{ meeting.changed }}"))
        notice.paragraph_format.space_after = docx.shared.Pt(10)  # apart from the lead under it
    hs.paragraph(doc, "{{ meeting.lead }}", hs.LEAD)
    for label, value in (("Hvad", "meeting.what"), ("Hvornår", "meeting.when|capfirst")):
        hs.paragraph(doc, [hs.Span(f"{label}: ", bold=True), hs.var(value)], keep_with_next=True)
    where: list[hs.Piece] = [hs.Span("Hvor: ", bold=True), hs.var("meeting.where")]
    hs.tag(doc, "if meeting.online")  # held online too, or only: how to take part, under where
    hs.paragraph(doc, where, keep_with_next=True)
    hs.paragraph(doc, [hs.Span("{{ meeting.online_label }}: ", bold=True), hs.var("meeting.online")])
    hs.tag(doc, "else")
    hs.paragraph(doc, where)
    hs.tag(doc, "endif")
    hs.heading(doc, "Deltagere")
    hs.paragraph(doc, "{{ meeting.invited }}", keep_with_next=True)
    hs.grouped_tables(doc, [4.6, 4.3, 3.6], ["Kommune", "Kontaktperson", "Deltagere"], "group in meeting.groups",
                      "member in group.members",
                      ["{{ member.municipality }}", "{{ member.contact }}", "{{ member.people }}"])
    hs.heading(doc, "Praktisk")
    hs.text_blocks(doc, "meeting.details")  # the programme's own: the agenda, a link, lunch
    hs.paragraph(
        doc,
        "{% if not meeting.details %}Dagsorden og materiale til mødet sender vi inden mødet. {% endif %}"
        "Med invitationen følger en kalenderfil (.ics), "
        "så I kan lægge mødet i jeres kalender. Send gerne invitationen videre til {{ meeting.pass_on }}.",
        keep_with_next=True,  # the questions and the sign-off are not left alone on a page of their own
    )
    hs.questions_and_signature(doc, "meeting.contact")
    hs.save(doc, path)
