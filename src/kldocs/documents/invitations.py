"""Invitations: the letter that asks each municipality to join a partnership.

The kind :class:`Invitations` writes one letter per chosen municipality
from the programme's ``invitation.docx`` (its own in ``templates/``, or the
bundled one), and on request a PDF of each, an e-mail draft beside each and
one combined document for printing. Everything is checked before anything
is rendered; files are written only when all of it succeeded.

A letter's template sees ``program`` (the :class:`~kldocs.inputs.program.Program`),
``municipality`` (the :class:`~kldocs.reference.municipalities.Municipality`),
``recipient`` (its row of ``recipients.csv``, see :mod:`kldocs.inputs.recipients`)
``registration_link`` (the sign-up address as a clickable link) and ``offer``
(what the municipality pays, :meth:`~kldocs.inputs.pricing.Pricing.offer`).
What is the same for every letter is the same object in every context, so a
batch renders it once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from kldocs.danish.filenames import attachment_name, municipality_stem
from kldocs.danish.formatting import capfirst, format_weekday_date
from kldocs.documents.kinds import Audience, Mail, Options, Plan, Record, RecordKind
from kldocs.engine.inline import address_of
from kldocs.engine.output import data_hash
from kldocs.engine.template import CoreProperties
from kldocs.engine.templatevars import keys_read
from kldocs.english import joined
from kldocs.errors import InputError, Problem, Report
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import Program
from kldocs.inputs.recipients import KNOWN_FIELDS, Recipient, Recipients
from kldocs.inputs.selection import select_municipalities
from kldocs.inputs.signup import by_mail
from kldocs.reference.municipalities import Municipality

KIND = "invitation"
TEMPLATE = "invitation.docx"
COMBINED_STEM = "invitationer-samlet"
"""File name (without suffix) of the combined document for printing."""


def invitation_context(program: Program, municipality: Municipality, recipient: Recipient) -> dict[str, Any]:
    """What the invitation template of ``municipality`` is filled with."""
    return {
        "program": program,
        "municipality": municipality,
        "recipient": recipient.for_template(),
        "registration_link": program.registration.clickable_link,
        "offer": program.pricing.offer(municipality, program.period, interest=program.registration.is_interest),
    }


def core_properties(program: Program, municipality: Municipality) -> CoreProperties:
    """The document properties of a municipality's letter, for people: its title, the municipality, the topic."""
    return CoreProperties(
        program.invitation.title,
        created=program.created,
        subject=municipality.official_name,
        keywords=program.topic,
        author=program.sender.name,
        description=f"Invitation fra {program.sender.name} til {municipality.official_name}.",
        category="Invitation",
    )


def recipient_fields(template_data: bytes, name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The fields a template reads from ``recipient``, and those of them it reads only guardedly.

    ``recipient.x`` and ``recipient["x"]`` count as reading ``x``;
    ``recipient.get("x")`` and ``recipient.x is defined`` cope without it.
    """
    return keys_read(template_data, name, ("recipient",))


def check_recipients(
    template_data: bytes, template_name: str, recipients: Recipients, municipalities: Sequence[Municipality],
    *, need_email: bool = False,
) -> None:
    """Raise InputError when a chosen municipality lacks a recipient field the template (or ``--eml``) needs.

    Every missing field of every municipality is reported at once.
    """
    used, guarded = recipient_fields(template_data, template_name)
    required = sorted(used - guarded - set(KNOWN_FIELDS))
    source = recipients.path.name if recipients.path else "recipients.csv"
    problems: list[Problem] = []
    for field in required:
        if field not in recipients.columns:
            have = ", ".join(recipients.columns) or "none"
            problems.append(Problem(
                template_name,
                f"uses recipient.{field}, but {source} has no column for it"
                + (" (there is no recipients.csv)" if recipients.path is None else f" (further columns: {have})"),
            ))
            continue
        lacking = [m.name for m in municipalities if field not in recipients.get(m).fields]
        if lacking:
            problems.append(Problem(
                source, f"'{field}' is empty or missing for {_names(lacking)}; {template_name} uses it",
            ))
    if need_email:
        lacking = [m.name for m in municipalities if not recipients.get(m).email]
        if lacking and recipients.path is None:
            problems.append(Problem(source, "is not in the programme folder; --eml needs the e-mail address of "
                                            "each municipality written to, in a recipients.csv with the columns "
                                            "Kommune and E-mail"))
        elif lacking:
            problems.append(Problem(source, f"no e-mail address for {_names(lacking)}; --eml needs one for each"))
    if problems:
        raise InputError(problems)


def check_addressees(program: Program, recipients: Recipients, municipalities: Sequence[Municipality]) -> None:
    """A letter needs an addressee: the programme's ``addressees``, or a title per municipality in recipients.csv."""
    if program.addressees:
        return
    lacking = [m.name for m in municipalities if not recipients.get(m).title]
    if lacking:
        source = recipients.path.name if recipients.path else "recipients.csv"
        raise InputError([Problem(
            "program.yaml",
            f"addressees: an invitation is addressed to someone, and neither addressees nor {source} gives a title "
            f"for {_names(lacking)}; write e.g. addressees: [Direktør for social- og sundhedsområdet]",
        )])


def _names(names: Sequence[str], shown: int = 8) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def cover_text(program: Program, municipality: Municipality, recipient: Recipient) -> str:
    """The Danish text of a municipality's e-mail draft.

    A greeting, the programme's ``invitation.cover_text`` (or a short default
    naming the deadline and the link, and the discount for registering early
    if there is one), and the responsible contact's signature.
    """
    greeting = f"Kære {recipient.name}" if recipient.name else f"Til {municipality.official_name}"
    if program.invitation.cover_text:
        middle = [
            "\n".join(f"- {item}" for item in block.items) if block.is_bullets else block.text
            for block in program.invitation.cover_text
        ]
    else:
        registration = program.registration
        deadline = format_weekday_date(registration.deadline)
        link = registration.link
        where = ""
        if link is not None:
            where = f"ved at skrive til {address_of(link)}" if by_mail(link) else \
                f"i formularen {link}" if registration.is_interest else f"via {link}"
        if registration.is_interest:
            how = f", og I tilkendegiver jeres interesse {where}" if where else ""
            when = f"Fristen for at tilkendegive interesse er {deadline}{how}."
        else:
            how = f", og I tilmelder jer {where}" if where else ""
            when = f"Fristen for tilmelding er {deadline}{how}."
        early = program.pricing.discount_sentence(interest=registration.is_interest)  # a reason to answer early
        middle = [
            f"Vedhæftet finder I invitationen til {program.the_titled_partnership}.",
            f"{when} {early}" if early else when,
            "I er velkomne til at kontakte mig, hvis I har spørgsmål.",
        ]
    contact = program.responsible
    reach = contact.email + (f", tlf. {contact.phone}" if contact.phone else "")
    signature = f"Med venlig hilsen\n\n{contact.name}\n{capfirst(contact.title)}, {program.sender.name}\n{reach}"
    return "\n\n".join([greeting, *middle, signature]) + "\n"



def letter_stem(municipality: Municipality) -> str:
    """The file name of a municipality's letter without its extension: ``0101-koebenhavn``."""
    return municipality_stem(municipality.code, municipality.name)


def chosen_municipalities(folder: Folder, to: str | None) -> list[Municipality]:
    """The municipalities ``to`` names, of those the partnership is open to (``invitation.to``).

    ``registered`` reads the folder's registrations; ``to`` None is all the
    partnership is open to.
    """
    return list(select_municipalities(to, registered=lambda: folder.registrations.municipalities,
                                      open_to=folder.program.open_to))


def mail(program: Program, municipality: Municipality, recipient: Recipient) -> Mail | None:
    """The e-mail draft of a municipality's letter, to the address in ``recipients.csv``; None without one."""
    if recipient.email is None:
        return None
    contact = program.responsible
    return Mail(to=recipient.email, to_name=recipient.name, sender=contact.email, sender_name=contact.name,
                subject=program.invitation.subject or program.invitation.title,
                body=cover_text(program, municipality, recipient), date=program.created,
                attachment=attachment_name(f"Invitation til {municipality.official_name}"))


class Invitations(RecordKind):
    """The invitation letter to each municipality chosen with ``--to`` (all ``invitation.to`` names by default)."""

    name = "invitations"
    label = "Invitations"
    template = TEMPLATE
    audience = Audience.MUNICIPALITIES
    noun = "invitation"
    kind = KIND
    combined_stem = COMBINED_STEM

    def plan(self, folder: Folder, options: Options) -> Plan:
        """The letters, with notes on prices by population counted after the letter's date and rows not used."""
        planned = super().plan(folder, options)
        notes = [note for note in (folder.program.population_note, uninvited_note(folder)) if note]
        return dataclasses.replace(planned, notes=(*planned.notes, *notes)) if notes else planned

    def records(self, folder: Folder, options: Options) -> list[Record]:
        """One letter per chosen municipality; the recipients are checked for every field the template reads."""
        program = folder.program
        recipients = folder.recipients
        municipalities = chosen_municipalities(folder, options.to)
        check_recipients(folder.template_bytes(TEMPLATE), TEMPLATE, recipients, municipalities,
                         need_email=options.eml)
        check_addressees(program, recipients, municipalities)
        records = []
        for municipality in municipalities:
            recipient = recipients.get(municipality)
            context = invitation_context(program, municipality, recipient)
            records.append(Record(
                stem=letter_stem(municipality), label=municipality.name, context=context,
                properties=core_properties(program, municipality), digest=data_hash(context),
                municipality_code=municipality.code4, mail=mail(program, municipality, recipient),
            ))
        return records

    def check(self, folder: Folder, report: Report) -> None:
        """recipients.csv reads, and gives every further field the invitation template uses."""
        recipients = folder.recipients
        if recipients.path is not None:
            report.ok.append(f"{recipients.path.name}: {len(recipients)} recipients")
        check_recipients(folder.template_bytes(TEMPLATE), TEMPLATE, recipients, ())
        note = uninvited_note(folder)
        if note:
            report.notes.append(note)


def uninvited_note(folder: Folder) -> str | None:
    """A note naming the rows of recipients.csv for municipalities the partnership is not open to; None for none.

    Such a row is never used (no letter goes to the municipality), most
    likely a row kept from another partnership's file, or a name mistaken.
    """
    recipients = folder.recipients
    open_codes = {m.code for m in folder.program.open_to}
    outside = sorted((r for r in recipients if r.municipality.code not in open_codes), key=lambda r: r.row or 0)
    if recipients.path is None or not outside:
        return None
    rows = joined(str(r.row) for r in outside)
    names = joined(r.municipality.name for r in outside)
    one = len(outside) == 1
    return (f"{recipients.path.name}, {'row' if one else 'rows'} {rows}: {names} {'is' if one else 'are'} not among "
            f"the municipalities the partnership is open to (invitation.to in program.yaml), so "
            f"{'its row is' if one else 'their rows are'} not used")
