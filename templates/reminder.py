"""Builds ``reminder.docx``: the short letter that reminds a municipality to register, or its council to approve.

A letter in the house style of the invitation: the addressee, a title, a
few paragraphs, whom to ask and a signature, with the letterhead column
dated the day the reminder is written for (not the invitation's date) and
"Side X af Y" in the footer. The letterhead gives the case's Sags ID but not
the invitation's Dok. ID, which names another document.

The context (see :mod:`kldocs.documents.reminders`) holds ``program``,
``municipality``, ``recipient``, ``registration`` (None for a reminder to
register) and ``reminder``: ``reminder.date``, ``reminder.title``,
``reminder.text`` and ``reminder.closing`` (paragraphs and bullets, before and
after the link), ``reminder.addressee`` (the lines after "Til"),
``reminder.link`` (where to register, or None), ``reminder.link_intro`` (the
words before it: to sign up, or to express an interest) and ``reminder.contact`` (whom
to ask, who signs).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document

from . import housestyle as hs

TITLE = "Påmindelse"


def build(path: Path) -> None:
    """Write the reminder template to ``path``."""
    doc = hs.new_document(TITLE, letterhead=False)
    _letterhead(doc)
    hs.paragraph(doc, "Til", hs.ADDRESS)
    with hs.for_each(doc, "line in reminder.addressee"):
        hs.paragraph(doc, "{{ line }}", hs.ADDRESS)
    hs.heading(doc, "{{ reminder.title }}", level=1)
    hs.text_blocks(doc, "reminder.text")
    with hs.only_if(doc, "reminder.link"):
        hs.paragraph(doc, "{{ reminder.link_intro }} {{ reminder.link }}")
    hs.text_blocks(doc, "reminder.closing")
    hs.paragraph(
        doc,
        "Har I spørgsmål, er I velkomne til at kontakte {{ reminder.contact.title }} {{ reminder.contact.name }}, "
        "{{ reminder.contact.email }}{% if reminder.contact.phone %}, tlf. {{ reminder.contact.phone }}{% endif %}.",
    )
    hs.paragraph(doc, "Med venlig hilsen", keep_with_next=True)
    hs.paragraph(doc, [
        "{{ reminder.contact.name }}", hs.BREAK,
        "{{ reminder.contact.title|capfirst }}, {{ program.sender.name }}",
    ])
    hs.save(doc, path)


def _letterhead(doc: Document) -> None:
    """The letterhead column of a letter, dated the reminder's day, with the case's Sags ID."""
    groups: list[tuple[str | None, Sequence[hs.Piece]]] = [
        (None, ["Dato: {{ reminder.date|date }}"]),
        ("program.letter.case_id", ["Sags ID: {{ program.letter.case_id }}"]),
        (None, [
            "E-mail: {{ program.letterhead_email }}{% if program.letterhead_phone %}",
            hs.BREAK,
            "Direkte: {{ program.letterhead_phone }}{% endif %}",
        ]),
        *hs.sender_address(),
    ]
    hs.header_column(doc, groups)
