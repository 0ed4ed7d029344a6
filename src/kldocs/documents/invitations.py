"""Invitations: the letter that asks each municipality to join a partnership.

:func:`make_invitations` writes one letter per chosen municipality from the
programme's ``invitation.docx`` (its own in ``templates/``, or the bundled
one), and on request a PDF of each, an e-mail draft beside each and one
combined document for printing. Everything is checked and made in memory
first; files are written only when all of it succeeded.

A letter's template sees ``program`` (the :class:`~kldocs.inputs.program.Program`),
``municipality`` (the :class:`~kldocs.reference.municipalities.Municipality`),
``recipient`` (its row of ``recipients.csv``, see :mod:`kldocs.inputs.recipients`)
and ``registration_link`` (the sign-up address as a clickable link).
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kldocs.danish.filenames import municipality_stem
from kldocs.danish.formatting import capfirst, format_weekday_date
from kldocs.engine.combine import combine
from kldocs.engine.eml import email_draft
from kldocs.engine.inline import LINK_SCHEMES, Link
from kldocs.engine.output import OutputFile, check_replaceable, data_hash, write_outputs
from kldocs.engine.pdf import convert_to_pdf, page_count
from kldocs.engine.progress import Progress
from kldocs.engine.template import CoreProperties, PreparedTemplate
from kldocs.engine.templatevars import keys_read
from kldocs.engine.zipwriter import read_entries, write_zip
from kldocs.english import counted, joined
from kldocs.errors import InputError, Problem, Report
from kldocs.inputs.program import Program, load_program
from kldocs.inputs.recipients import KNOWN_FIELDS, Recipient, Recipients, load_recipients
from kldocs.inputs.registrations import load_registrations
from kldocs.inputs.selection import select_municipalities
from kldocs.reference.municipalities import Municipality
from kldocs.resources import template_path

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


def chosen_municipalities(folder: Path, program: Program, to: str | None) -> list[Municipality]:
    """The municipalities ``to`` names (``registered`` reads the folder's registrations)."""
    return list(select_municipalities(to, registered=lambda: load_registrations(folder, program).municipalities))


def letter_files(folder: Path, to: str | None = None) -> list[str]:
    """The ``.docx`` files :func:`make_invitations` writes for ``to``, without rendering any."""
    return [f"{letter_stem(m)}.docx" for m in chosen_municipalities(Path(folder), load_program(folder), to)]


def render_letters(
    folder: Path, to: str | None = None, *, need_email: bool = False, progress: Progress | None = None,
) -> tuple[Program, list[Letter]]:
    """Check everything and render each chosen municipality's letter in memory.

    Raises a :class:`~kldocs.errors.KldocsError` for bad inputs, an
    unknown recipient or a missing field before any letter is rendered.
    """
    folder = Path(folder)
    program = load_program(folder)
    recipients = load_recipients(folder)
    municipalities = chosen_municipalities(folder, program, to)
    source = template_path(folder, TEMPLATE)
    data = source.read_bytes()
    template = PreparedTemplate.from_bytes(data, TEMPLATE)
    check_recipients(data, TEMPLATE, recipients, municipalities, need_email=need_email)
    letters: list[Letter] = []
    for done, municipality in enumerate(municipalities, start=1):
        recipient = recipients.get(municipality)
        context = invitation_context(program, municipality, recipient)
        template.check_context(context, municipality.name)
        docx = template.render(context, core_properties(program, municipality), record=municipality.name)
        letters.append(Letter(municipality, recipient, letter_stem(municipality), data_hash(context), docx))
        if progress:
            progress("Rendering", done, len(municipalities))
    return program, letters


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


@dataclass(frozen=True)
class Written:
    """What :func:`make_invitations` wrote."""

    out_dir: Path
    letters: int
    pdfs: int
    drafts: int
    combined: bool
    seconds: float

    def summary(self) -> str:
        """One line for the user: ``98 invitations and 98 PDFs written to out/invitations in 41.0 s``."""
        parts = [counted(self.letters, "invitation")]
        if self.pdfs:
            parts.append(counted(self.pdfs, "PDF"))
        if self.drafts:
            parts.append(counted(self.drafts, "e-mail draft"))
        if self.combined:
            parts.append("the combined document for printing")
        return f"{joined(parts)} written to {self.out_dir} in {self.seconds:.1f} s"


def make_invitations(
    folder: Path, out_dir: Path, *, to: str | None = None, pdf: bool = False, eml: bool = False,
    combined: bool = False, force: bool = False, force_edited: bool = False, progress: Progress | None = None,
) -> Written:
    """Write the invitation of each municipality ``to`` names into ``out_dir``; all or nothing.

    ``pdf`` adds a PDF of each letter, ``eml`` an e-mail draft beside each
    (to the address in ``recipients.csv``, with the PDF or else the .docx
    attached), ``combined`` one document with every letter for printing
    (and its PDF). Existing files are replaced only with ``force`` (and
    files edited since kldocs wrote them only with ``force_edited``).
    """
    started = time.monotonic()
    program, letters = render_letters(folder, to, need_email=eml, progress=progress)
    convert_here = pdf and (eml or combined)
    if convert_here:  # checked before the slow conversion; write_outputs checks every file again
        check_replaceable(Path(out_dir), [f"{letter.stem}.docx" for letter in letters], pdf=True, force=force,
                          force_edited=force_edited)
        letters = with_pdfs(letters, progress)
    files: list[OutputFile] = []
    for letter in letters:
        code, data = letter.municipality.code4, letter.digest
        files.append(OutputFile(f"{letter.stem}.docx", KIND, TEMPLATE, data, code, content=letter.docx))
        if letter.pdf is not None:
            files.append(OutputFile(f"{letter.stem}.pdf", f"{KIND}-pdf", TEMPLATE, data, code, content=letter.pdf))
        if eml:
            files.append(OutputFile(f"{letter.stem}.eml", f"{KIND}-eml", TEMPLATE, data, code,
                                    content=draft(program, letter)))
    if combined:
        data = data_hash([f.data_hash for f in files if f.kind == KIND])
        files.append(OutputFile(f"{COMBINED_STEM}.docx", f"{KIND}-combined", TEMPLATE, data,
                                content=combined_document(letters)))
        if convert_here:
            files.append(OutputFile(f"{COMBINED_STEM}.pdf", f"{KIND}-combined-pdf", TEMPLATE, data,
                                    content=merged_pdf([letter.pdf for letter in letters if letter.pdf])))
    result = write_outputs(Path(out_dir), files, force=force, force_edited=force_edited,
                           pdf=pdf and not convert_here, progress=progress)
    return Written(result.out_dir, len(letters), len(letters) if pdf else 0, len(letters) if eml else 0,
                   combined, time.monotonic() - started)


def check_invitations(folder: Path, program: Program, report: Report) -> None:
    """``kldocs check``: recipients.csv reads, and gives every further field the invitation template uses."""
    recipients = load_recipients(folder)
    if recipients.path is not None:
        report.ok.append(f"{recipients.path.name}: {len(recipients)} recipients")
    check_recipients(template_path(folder, TEMPLATE).read_bytes(), TEMPLATE, recipients, ())
