"""Invitations: the letter that asks each municipality to join a partnership.

The kind :class:`Invitations` writes one letter per chosen municipality
from the programme's ``invitation.docx`` (its own in ``templates/``, or the
bundled one), and on request a PDF of each, an e-mail draft beside each and
one combined document for printing. Everything is checked before anything
is rendered; files are written only when all of it succeeded.

A letter's template sees ``program`` (the :class:`~kldocs.inputs.program.Program`),
``municipality`` (the :class:`~kldocs.reference.municipalities.Municipality`),
``recipient`` (its row of ``recipients.csv``, see :mod:`kldocs.inputs.recipients`)
and ``registration_link`` (the sign-up address as a clickable link).
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kldocs.danish.filenames import municipality_stem
from kldocs.danish.formatting import capfirst, format_weekday_date
from kldocs.documents.kinds import Audience, Kind, Options, Plan
from kldocs.engine.combine import combine
from kldocs.engine.eml import email_draft
from kldocs.engine.inline import LINK_SCHEMES, Link
from kldocs.engine.output import OutputFile, data_hash, document
from kldocs.engine.pdf import convert_to_pdf, find_soffice, page_count
from kldocs.engine.progress import Progress
from kldocs.engine.template import CoreProperties
from kldocs.engine.templatevars import keys_read
from kldocs.engine.zipwriter import read_entries, write_zip
from kldocs.errors import InputError, Problem, Report
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import Program
from kldocs.inputs.recipients import KNOWN_FIELDS, Recipient, Recipients
from kldocs.inputs.selection import select_municipalities
from kldocs.reference.municipalities import Municipality

KIND = "invitation"
TEMPLATE = "invitation.docx"
COMBINED_STEM = "invitationer-samlet"
"""File name (without suffix) of the combined document for printing."""


@dataclass(frozen=True)
class Letter:
    """One municipality's invitation, made in memory."""

    municipality: Municipality
    recipient: Recipient
    stem: str
    """File name without suffix: ``0751-aarhus``."""
    digest: str
    """The :func:`~kldocs.engine.output.data_hash` of the letter's context."""
    docx: bytes
    pdf: bytes | None = None
    pages: int | None = None


def invitation_context(program: Program, municipality: Municipality, recipient: Recipient) -> dict[str, Any]:
    """What the invitation template of ``municipality`` is filled with."""
    link = program.registration.link
    return {
        "program": program,
        "municipality": municipality,
        "recipient": recipient.for_template(),
        "registration_link": Link(link) if link and link.lower().startswith(LINK_SCHEMES) else link,
    }


def core_properties(program: Program, municipality: Municipality) -> CoreProperties:
    """The document properties of a municipality's letter: title, subject, author, date."""
    return CoreProperties(
        program.invitation.title,
        created=program.created,
        subject=municipality.official_name,
        keywords=program.short_title,
        author=program.sender.name,
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
        if lacking:
            problems.append(Problem(source, f"no e-mail address for {_names(lacking)}; --eml needs one for each"))
    if problems:
        raise InputError(problems)


def _names(names: Sequence[str], shown: int = 8) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def cover_text(program: Program, municipality: Municipality, recipient: Recipient) -> str:
    """The Danish text of a municipality's e-mail draft.

    A greeting, the programme's ``invitation.cover_text`` (or a short default
    naming the deadline and the link), and the responsible contact's signature.
    """
    greeting = f"Kære {recipient.name}" if recipient.name else f"Til {municipality.official_name}"
    if program.invitation.cover_text:
        middle = [
            "\n".join(f"- {item}" for item in block.items) if block.is_bullets else block.text
            for block in program.invitation.cover_text
        ]
    else:
        registration = program.registration
        how = f", og I tilmelder jer via {registration.link}" if registration.link else ""
        middle = [
            f"Vedhæftet finder I invitationen til {_lower_first(program.title)}.",
            f"Fristen for tilmelding er {format_weekday_date(registration.deadline)}{how}.",
            "I er velkomne til at kontakte mig, hvis I har spørgsmål.",
        ]
    contact = program.responsible
    reach = contact.email + (f", tlf. {contact.phone}" if contact.phone else "")
    signature = f"Med venlig hilsen\n\n{contact.name}\n{capfirst(contact.title)}, {program.sender.name}\n{reach}"
    return "\n\n".join([greeting, *middle, signature]) + "\n"


def _lower_first(text: str) -> str:
    """Lower-case the first letter of a title used mid-sentence, unless it starts an abbreviation (``KL``)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def letter_stem(municipality: Municipality) -> str:
    """The file name of a municipality's letter without its extension: ``0101-koebenhavn``."""
    return municipality_stem(municipality.code, municipality.name)


def chosen_municipalities(folder: Folder, to: str | None) -> list[Municipality]:
    """The municipalities ``to`` names (``registered`` reads the folder's registrations)."""
    return list(select_municipalities(to, registered=lambda: folder.registrations.municipalities))


def render_letters(folder: Folder, letters: Sequence[Letter], progress: Progress | None = None) -> list[Letter]:
    """The letters with their .docx rendered in memory (to attach or combine them)."""
    template = folder.template(TEMPLATE)
    program = folder.program
    done = []
    for number, letter in enumerate(letters, start=1):
        context = invitation_context(program, letter.municipality, letter.recipient)
        docx = template.render(context, core_properties(program, letter.municipality), record=letter.municipality.name)
        done.append(dataclasses.replace(letter, docx=docx))
        if progress:
            progress("Rendering", number, len(letters))
    return done


def with_pdfs(letters: Sequence[Letter], progress: Progress | None = None) -> list[Letter]:
    """The letters with their PDFs and page counts, converted by LibreOffice in one batch."""
    with tempfile.TemporaryDirectory(prefix="kldocs-invitations-") as scratch:
        paths = []
        for letter in letters:
            path = Path(scratch, f"{letter.stem}.docx")
            path.write_bytes(letter.docx)
            paths.append(path)
        pdfs = convert_to_pdf(paths, Path(scratch, "pdf"), progress=progress)
        return [
            dataclasses.replace(letter, pdf=pdf.read_bytes(), pages=page_count(pdf))
            for letter, pdf in zip(letters, pdfs, strict=True)
        ]


def combined_document(letters: Sequence[Letter]) -> bytes:
    """All letters in one .docx for printing, each a section from page 1, byte-reproducible."""
    counts = [letter.pages for letter in letters]
    known = [c for c in counts if c is not None]
    data = combine([letter.docx for letter in letters], known if len(known) == len(counts) else None)
    return write_zip(read_entries(data))


def draft(program: Program, letter: Letter) -> bytes:
    """The e-mail draft of a letter, with its PDF (or, without one, its .docx) attached."""
    recipient = letter.recipient
    if recipient.email is None:
        raise InputError(Problem("recipients.csv", f"no e-mail address for {letter.municipality.name}"))
    attachment, suffix = (letter.pdf, ".pdf") if letter.pdf is not None else (letter.docx, ".docx")
    contact = program.responsible
    return email_draft(
        sender=contact.email, sender_name=contact.name, to=recipient.email, to_name=recipient.name,
        subject=program.invitation.subject or program.invitation.title,
        body=cover_text(program, letter.municipality, recipient),
        attachment=attachment, filename=letter.stem + suffix, date=program.created,
    )


def merged_pdf(pdfs: Sequence[bytes]) -> bytes:
    """One PDF of all letters' PDFs, one after another (the print of the combined document)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in pdfs:
        writer.append(PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _MadeLetters:
    """Letters to attach to e-mails or combine: rendered, and with ``pdf`` converted, once, when first needed.

    The files of such a batch are described before anything is rendered,
    so that every check (the overwrite check too) runs before the slow work.
    """

    def __init__(self, folder: Folder, letters: Sequence[Letter], *, pdf: bool) -> None:
        self.folder = folder
        self.letters = list(letters)
        self.pdf = pdf
        self._made: list[Letter] | None = None

    def made(self) -> list[Letter]:
        """The letters with their .docx (and PDF)."""
        if self._made is None:
            made = render_letters(self.folder, self.letters)
            self._made = with_pdfs(made) if self.pdf else made
        return self._made

    def files(self, *, eml: bool, combined: bool) -> list[OutputFile]:
        """Every file of the batch, each made from :meth:`made` when written."""
        program = self.folder.program
        files: list[OutputFile] = []
        for i, letter in enumerate(self.letters):
            code, data = letter.municipality.code4, letter.digest

            def docx(i: int = i) -> bytes:
                return self.made()[i].docx

            def pdf(i: int = i) -> bytes:
                return self.made()[i].pdf or b""

            def eml_draft(i: int = i) -> bytes:
                return draft(program, self.made()[i])

            files.append(OutputFile(f"{letter.stem}.docx", KIND, TEMPLATE, data, code, render=docx))
            if self.pdf:
                files.append(OutputFile(f"{letter.stem}.pdf", f"{KIND}-pdf", TEMPLATE, data, code, render=pdf))
            if eml:
                files.append(OutputFile(f"{letter.stem}.eml", f"{KIND}-eml", TEMPLATE, data, code, render=eml_draft))
        if combined:
            data = data_hash([f.data_hash for f in files if f.kind == KIND])
            files.append(OutputFile(f"{COMBINED_STEM}.docx", f"{KIND}-combined", TEMPLATE, data,
                                    render=lambda: combined_document(self.made())))
            if self.pdf:
                files.append(OutputFile(
                    f"{COMBINED_STEM}.pdf", f"{KIND}-combined-pdf", TEMPLATE, data,
                    render=lambda: merged_pdf([letter.pdf for letter in self.made() if letter.pdf]),
                ))
        return files


class Invitations(Kind):
    """The invitation letter to each municipality chosen with ``--to`` (all 98 by default)."""

    name = "invitations"
    label = "Invitations"
    template = TEMPLATE
    audience = Audience.MUNICIPALITIES
    noun = "invitation"

    def plan(self, folder: Folder, options: Options) -> Plan:
        """One letter per chosen municipality; with ``eml`` a draft beside each, with ``combined`` one for print.

        Everything is checked before anything is rendered: the programme,
        the recipients, every field the template reads from ``recipient``
        and every letter's context. Letters to attach or combine are
        rendered (and with ``pdf`` converted) here, the others as they are
        written.
        """
        program = folder.program
        recipients = folder.recipients
        municipalities = chosen_municipalities(folder, options.to)
        template = folder.template(TEMPLATE)
        check_recipients(folder.template_bytes(TEMPLATE), TEMPLATE, recipients, municipalities,
                         need_email=options.eml)
        letters = []
        for municipality in municipalities:
            recipient = recipients.get(municipality)
            context = invitation_context(program, municipality, recipient)
            template.check_context(context, municipality.name)
            letters.append(Letter(municipality, recipient, letter_stem(municipality), data_hash(context), b""))
        if not (options.eml or options.combined):
            files = [
                document(template, invitation_context(program, letter.municipality, letter.recipient),
                         core_properties(program, letter.municipality), relpath=f"{letter.stem}.docx", kind=KIND,
                         record=letter.municipality.name, municipality_code=letter.municipality.code4,
                         digest=letter.digest)
                for letter in letters
            ]
            return Plan(tuple(files), computed=letters)
        if options.pdf:
            find_soffice()  # before any work: a missing LibreOffice is known at once
        made = _MadeLetters(folder, letters, pdf=options.pdf)
        return Plan(tuple(made.files(eml=options.eml, combined=options.combined)), computed=letters,
                    pdf_made=options.pdf)

    def check(self, folder: Folder, report: Report) -> None:
        """recipients.csv reads, and gives every further field the invitation template uses."""
        recipients = folder.recipients
        if recipients.path is not None:
            report.ok.append(f"{recipients.path.name}: {len(recipients)} recipients")
        check_recipients(folder.template_bytes(TEMPLATE), TEMPLATE, recipients, ())
