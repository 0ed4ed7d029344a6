"""Builds ``description.docx``: the project description (projektbeskrivelse) of a partnership.

The same sections as the invitation, in the programme's order
(``program.outline``), under the description's own title and lead, with the
letterhead and "Side X af Y" but no addressee: it is sent beside the letter,
or instead of it, and posted on the web.

The context (see :mod:`kldocs.documents.descriptions`) holds ``program``
(the :class:`kldocs.inputs.program.Program`), ``registration_link``
(``program.registration.link`` as a clickable
:class:`kldocs.engine.inline.Link`), ``offer`` (what every municipality pays,
the tiers by size where prices follow the population) and ``municipality``,
which is None: a description is written for every municipality at once.
"""

from __future__ import annotations

from pathlib import Path

from . import housestyle as hs
from . import invitation, outline

TITLE = "Projektbeskrivelse"


def build(path: Path) -> None:
    """Write the project description template to ``path``."""
    doc = hs.new_document(TITLE)
    outline.styles(doc)
    hs.heading(doc, "{{ title }}", level=1)
    hs.text_blocks(doc, "program.description.lead or program.invitation.lead", style=hs.LEAD)
    invitation.body(doc)
    hs.save(doc, path)
