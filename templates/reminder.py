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
words before it: to sign up, or to express an interest), ``reminder.link_end``
(a full stop after an e-mail address) and ``reminder.contact`` (whom
to ask, who signs).
"""

from __future__ import annotations

from pathlib import Path

from . import housestyle as hs

TITLE = "Påmindelse"


def build(path: Path) -> None:
    """Write the reminder template to ``path``."""
    doc = hs.new_document(TITLE, letterhead=False)
    hs.letter_column(doc, "{{ reminder.date|date }}")
    hs.paragraph(doc, "Til", hs.ADDRESS)
    with hs.for_each(doc, "line in reminder.addressee"):
        hs.paragraph(doc, "{{ line }}", hs.ADDRESS)
    hs.heading(doc, "{{ reminder.title }}", level=1)
    hs.text_blocks(doc, "reminder.text")
    with hs.only_if(doc, "reminder.link"):
        hs.paragraph(doc, "{{ reminder.link_intro }} {{ reminder.link }}{{ reminder.link_end }}")
    hs.text_blocks(doc, "reminder.closing")
    hs.questions_and_signature(doc, "reminder.contact")
    hs.save(doc, path)
