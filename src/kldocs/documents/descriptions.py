"""The project description (projektbeskrivelse): the partnership described once, for every municipality.

The kind :class:`Descriptions` writes one document, ``projektbeskrivelse.docx``,
from the programme's ``description.docx`` (its own in ``templates/``, or the
bundled one): the invitation's sections in the programme's order under the
description's title (``description.title``, else ``Projektbeskrivelse:`` and the programme's) and lead
(``description.lead``, else the invitation's), with the letterhead and page
numbers but no addressee. It needs no addressees and no registrations.

Its template sees ``program``, ``title`` (the description's), ``registration_link`` (the sign-up address as
a clickable link), ``offer`` (what every municipality pays) and ``municipality``
(None: the description is for all).
"""

from __future__ import annotations

from typing import Any

from kldocs.documents.kinds import Audience, Options, Record, RecordKind
from kldocs.engine.output import data_hash
from kldocs.engine.template import CoreProperties
from kldocs.errors import Report
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import Program

KIND = "description"
TEMPLATE = "description.docx"
STEM = "projektbeskrivelse"
"""The file name of the description, without its suffix."""


def description_context(program: Program) -> dict[str, Any]:
    """What the description template is filled with."""
    return {
        "program": program,
        "title": title(program),
        "municipality": None,
        "registration_link": program.registration.clickable_link,
        "offer": program.pricing.offer(None, program.period, interest=program.registration.is_interest),
    }


def title(program: Program) -> str:
    """The description's title: its own, or ``Projektbeskrivelse:`` and the programme's.

    Without its own, the document would say nowhere what it is: its first
    lines would be the invitation's title and lead.
    """
    return program.description.title or f"Projektbeskrivelse: {program.title}"


def core_properties(program: Program) -> CoreProperties:
    """The document properties of the description, for people."""
    return CoreProperties(
        title(program),
        created=program.created,
        subject=program.title,
        keywords=program.topic,
        author=program.sender.name,
        description=f"Projektbeskrivelse af {program.the_partnership}.",
        category="Projektbeskrivelse",
    )


class Descriptions(RecordKind):
    """The project description: one document for the partnership as a whole."""

    name = "description"
    label = "Project description"
    template = TEMPLATE
    audience = Audience.PARTNERSHIP
    noun = "project description"
    kind = KIND

    def records(self, folder: Folder, options: Options) -> list[Record]:
        """The one description of the programme."""
        program = folder.program
        context = description_context(program)
        return [Record(stem=STEM, label="projektbeskrivelse", context=context, properties=core_properties(program),
                       digest=data_hash(context))]

    def check(self, folder: Folder, report: Report) -> None:
        """Nothing beyond the programme and the template, which ``kldocs check`` checks for every kind."""
