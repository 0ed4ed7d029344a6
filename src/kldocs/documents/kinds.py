"""The shape every document kind has, and the registry that ``check``, ``build`` and the CLI loop over.

A kind (:class:`Kind`) declares its name, its default template and output
folder, whom it writes for (:class:`Audience`), and, in :meth:`Kind.plan`,
how the records of a programme folder become the files to write. The
engine does the rest for every kind alike: the template is prepared once
(:meth:`kldocs.inputs.folder.Folder.template`), each record's context is
checked against the template's variables, and :func:`write` renders and
writes the files all or nothing with a manifest, PDFs with ``--pdf``, and
returns one :class:`~kldocs.engine.output.Written`.

Adding a kind is one module with a :class:`Kind` subclass, one template
builder under ``templates/``, one test file, and one line in
:mod:`kldocs.documents`::

    KINDS.add("reminders", "kldocs.documents.reminders:Reminders")
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import importlib
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from kldocs.engine.output import Batch, OutputFile, Written, data_hash, document, hashing_once, write_batches
from kldocs.engine.progress import Progress
from kldocs.engine.template import CoreProperties, PreparedTemplate
from kldocs.english import plain_lines
from kldocs.errors import InputError, Problem, RenderError, Report
from kldocs.inputs.folder import Folder
from kldocs.inputs.registrations import Registrations
from kldocs.resources import default_out


class Audience(enum.Enum):
    """Whom a kind writes for."""

    MUNICIPALITIES = "every municipality chosen (by default all the partnership is open to: invitation.to)"
    REGISTERED = "each registered municipality"
    NETWORKS = "the networks of the registered municipalities"
    PARTNERSHIP = "the partnership as a whole: one document"


@dataclass(frozen=True)
class Options:
    """What a run asks of the kinds beyond the folder; each kind reads the options that concern it."""

    to: str | None = None
    """``--to``: who gets a letter (``all``, ``registered``, regions, codes and names)."""
    municipalities: tuple[str, ...] = ()
    """``--municipality``: only these registered municipalities (codes or names); all when empty."""
    final: bool = False
    """``--final``: agreements without the UDKAST (draft) marking."""
    networks: int | None = None
    """``--networks``: the number of networks to compose, instead of the one the sizes suggest."""
    web: bool = False
    """``--web``: the summary's article for a news page as well."""
    eml: bool = False
    """``--eml``: an e-mail draft beside each letter."""
    combined: bool = False
    """``--combined``: one document of every letter, for printing."""
    duplex: bool = False
    """``--duplex``: the combined PDF with a blank page after each letter of an odd number of pages."""
    pdf: bool = False
    """``--pdf``: a PDF of each document (kinds that attach or combine PDFs make them before writing)."""
    pdfa: bool = False
    """``--pdfa``: the PDFs as PDF/A-2b, for archiving."""
    date: dt.date | None = None
    """``--date``: the day a kind writes for (reminders); None when no day is given."""
    networks_in_run: bool = False
    """True when the run writes the networks too (``kldocs build``): the meetings are held for the line-up it
    composes, not for a ``networks.csv`` an earlier run wrote beside the output folder."""
    out_dir: Path | None = None
    """The folder the kind is written into, for a kind whose files follow from what it wrote there before (the
    meetings' calendar events count their changes); None when nothing is written (``kldocs check``)."""


@dataclass(frozen=True)
class Writing:
    """How a batch is written: PDFs, and what it may replace."""

    pdf: bool = False
    pdfa: bool = False
    """PDF/A-2b rather than plain (tagged) PDF."""
    force: bool = False
    force_edited: bool = False
    progress: Progress | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Plan:
    """The files a kind will write for a folder, checked and ready, and what it computed to make them."""

    files: tuple[OutputFile, ...]
    computed: Any = None
    """What the kind computed from the inputs (a line-up, a summary), for the caller to look at."""
    detail: str | None = None
    """A few words ``kldocs build`` puts before the count of files: ``3 networks``."""
    notes: tuple[str, ...] = ()
    """Lines for the user before the count of files (see :class:`~kldocs.engine.output.Written`)."""
    advice: tuple[str, ...] = ()
    """Lines after it; ``{out}`` in them stands for the output folder."""
    pdf_made: bool = False
    """True when the kind has made the PDFs itself (to attach or combine them), so none are made again."""

    def __post_init__(self) -> None:
        plain_lines(self, "notes", "advice")


class Kind(ABC):
    """A document kind: what it is called, what it is made from, and how its records become files."""

    name: ClassVar[str]
    """The kind's name, its command and its folder under ``--out``: ``invitations``."""
    label: ClassVar[str]
    """How ``kldocs build`` names it: ``Invitations``."""
    template: ClassVar[str]
    """The Word template it fills: ``invitation.docx`` (the folder's own in ``templates/``, or the bundled one)."""
    audience: ClassVar[Audience]
    noun: ClassVar[str] = "document"
    """What the summary line counts: ``98 invitations``, ``24 documents``."""

    @property
    def default_out(self) -> Path:
        """Where the kind's own command writes unless told: ``out/invitations``."""
        return default_out(self.name)

    def skipped(self, folder: Folder, options: Options | None = None) -> str | None:
        """Why ``kldocs build`` cannot make this kind from ``folder`` yet (with ``options``), or None when it can."""
        return None

    @abstractmethod
    def plan(self, folder: Folder, options: Options) -> Plan:
        """Check everything the kind needs and describe each file to write; raise KldocsError on bad input."""

    @abstractmethod
    def check(self, folder: Folder, report: Report) -> None:
        """``kldocs check``: the kind's own inputs, and that its template fits them; append to ``report``."""


@dataclass(frozen=True)
class Mail:
    """What the e-mail draft beside a document says: to whom, from whom, the subject and the text."""

    to: str
    to_name: str | None
    sender: str
    sender_name: str | None
    subject: str
    body: str
    date: dt.datetime
    attachment: str = ""
    """The name the document goes by as the draft's attachment, without its suffix (``Invitation til Aarhus Kommune``):
    what the recipient sees and saves it as; the file's stem (``0751-aarhus``) when empty."""


@dataclass(frozen=True)
class Record:
    """One document a kind fills its template for: the file's name, the context, and who it is for."""

    stem: str
    """The file name without its suffix: ``0751-aarhus``."""
    label: str
    """How messages name the record: ``Aarhus``."""
    context: Mapping[str, Any]
    properties: CoreProperties
    digest: str
    """The :func:`~kldocs.engine.output.data_hash` of the data the document is made from."""
    municipality_code: str | None = None
    mail: Mail | None = None
    """The e-mail draft to write beside the document with ``--eml``; None when there is no address."""


class RecordKind(Kind):
    """A kind that fills its template once per record; the engine adds PDFs, e-mail drafts and a combined document.

    A subclass says what its records are (:meth:`records`); :meth:`plan`
    checks every record's context against the template before anything is
    rendered and describes the files: one ``.docx`` per record, and on
    request a PDF of each, an ``.eml`` draft beside each (with the PDF, or
    else the .docx, attached) and one combined document for printing.
    """

    kind: ClassVar[str]
    """The manifest's kind of each document: ``invitation``; its PDF is ``invitation-pdf``, and so on."""
    combined_stem: ClassVar[str | None] = None
    """The file name of the combined document for printing, for a kind that offers one."""

    @abstractmethod
    def records(self, folder: Folder, options: Options) -> Sequence[Record]:
        """The records to write, checked; raise KldocsError naming every problem at once."""

    def plan(self, folder: Folder, options: Options) -> Plan:
        """Check every record against the template and describe each file (see the class)."""
        template = folder.template(self.template)
        with hashing_once():  # the records share the programme: its JSON is written once for their data hashes
            records = list(self.records(folder, options))
        check_records(template, records)
        problems: list[str] = []
        if options.eml:
            problems += [f"--eml: there is no e-mail address for {r.label}" for r in records if r.mail is None]
        if options.combined and self.combined_stem is None:
            problems.append(f"--combined: {self.name} cannot be combined into one document")
        if options.duplex and not (options.combined and options.pdf):
            problems.append("--duplex: is for the combined PDF, printed on both sides; add --combined and --pdf")
        if problems:
            raise InputError([Problem("", p) for p in problems])
        if not (options.eml or options.combined):
            renderer = template.renderer()  # one batch: what the records share is rendered once
            return Plan(tuple(document(renderer, r.context, r.properties, relpath=f"{r.stem}.docx", kind=self.kind,
                                       record=r.label, municipality_code=r.municipality_code, digest=r.digest)
                              for r in records), computed=records)
        if options.pdf:
            from kldocs.engine.pdf import find_soffice  # (loaded only for PDFs: it starts processes)

            find_soffice()  # before any work: a missing LibreOffice is known at once
        made = _Made(template, records, pdf=options.pdf, pdfa=options.pdfa, duplex=options.duplex)
        return Plan(tuple(made.files(self, eml=options.eml, combined=options.combined)), computed=records,
                    pdf_made=options.pdf)


@dataclass(frozen=True)
class _Document:
    """A record's document, made in memory: its .docx and, when asked for, its PDF and page count."""

    docx: bytes
    pdf: bytes | None = None
    pages: int | None = None


class _Made:
    """The documents of records to attach to e-mails or combine, rendered (and converted) once, when first needed.

    Their files are described before anything is rendered, so that every
    check (the overwrite check too) runs before the slow work.
    """

    def __init__(self, template: PreparedTemplate, records: Sequence[Record], *, pdf: bool, pdfa: bool = False,
                 duplex: bool = False) -> None:
        self.template = template
        self.records = list(records)
        self.pdf = pdf
        self.pdfa = pdfa
        self.duplex = duplex
        self._rendered: list[_Document] | None = None
        self._made: list[_Document] | None = None

    def rendered(self) -> list[_Document]:
        """Every record's .docx, in order, not converted: the engine checks them before any PDF is made."""
        if self._rendered is None:
            renderer = self.template.renderer()
            self._rendered = [_Document(renderer.render(r.context, r.properties, record=r.label))
                              for r in self.records]
        return self._rendered

    def made(self) -> list[_Document]:
        """Every record's document, in order, with its PDF when the batch converts."""
        if self._made is None:
            self._made = self._converted(self.rendered()) if self.pdf else self.rendered()
        return self._made

    def _converted(self, docs: Sequence[_Document]) -> list[_Document]:
        """The documents with their PDFs and page counts, converted by LibreOffice in one batch."""
        from kldocs.engine.pdf import convert_to_pdf, page_count

        with tempfile.TemporaryDirectory(prefix="kldocs-documents-") as scratch:
            paths = []
            for record, doc in zip(self.records, docs, strict=True):
                path = Path(scratch, f"{record.stem}.docx")
                path.write_bytes(doc.docx)
                paths.append(path)
            pdfs = convert_to_pdf(paths, Path(scratch, "pdf"), pdfa=self.pdfa)
            return [dataclasses.replace(doc, pdf=pdf.read_bytes(), pages=page_count(pdf))
                    for doc, pdf in zip(docs, pdfs, strict=True)]

    @property
    def pdf_form(self) -> str:
        """The :attr:`~kldocs.engine.output.OutputFile.form` of the PDFs made: ``pdfa`` for PDF/A, else empty."""
        return "pdfa" if self.pdfa else ""

    @property
    def draft_form(self) -> str:
        """The form of an e-mail draft attaching what is made: its PDF's (``pdf`` for a plain one), or empty."""
        return (self.pdf_form or "pdf") if self.pdf else ""

    def docx(self, i: int) -> bytes:
        """The .docx of record ``i``."""
        return self.rendered()[i].docx

    def pdf_of(self, i: int) -> bytes:
        """The PDF of record ``i``."""
        pdf = self.made()[i].pdf
        assert pdf is not None  # asked for only when the batch converts
        return pdf

    def draft(self, i: int) -> bytes:
        """The e-mail draft of record ``i``, with its PDF (or, without one, its .docx) attached."""
        record, doc = self.records[i], self.made()[i]
        mail = record.mail
        assert mail is not None  # plan() refuses --eml for a record without an address
        attachment, suffix = (doc.pdf, ".pdf") if doc.pdf is not None else (doc.docx, ".docx")
        from kldocs.engine.eml import email_draft  # the e-mail package: loaded when a draft is made

        return email_draft(sender=mail.sender, sender_name=mail.sender_name, to=mail.to, to_name=mail.to_name,
                           subject=mail.subject, body=mail.body, attachment=attachment,
                           filename=(mail.attachment or record.stem) + suffix, date=mail.date)

    def combined(self) -> bytes:
        """All documents in one .docx for printing, each a section from page 1, byte-reproducible."""
        docs = self.made()
        counts = [doc.pages for doc in docs]
        known = [c for c in counts if c is not None]
        from kldocs.engine.combine import combine  # python-docx: loaded when documents are combined
        from kldocs.engine.zipwriter import read_entries, write_zip

        data = combine([doc.docx for doc in docs], known if len(known) == len(counts) else None)
        return write_zip(read_entries(data))

    def merged_pdf(self) -> bytes:
        """One PDF of all documents' PDFs, one after another (the print of the combined document).

        It is as accessible as the letters (see :func:`~kldocs.engine.pdfmerge.merge_pdfs`): tagged, in
        the letters' language, titled as the first letter with " – samlet", with one bookmark per letter
        named by its record's label (the municipality), and the same bytes for the same letters.
        """
        from kldocs.engine.pdfmerge import merge_pdfs  # pikepdf: loaded when PDFs are merged

        parts = [(record.label, doc.pdf) for record, doc in zip(self.records, self.made(), strict=True)
                 if doc.pdf is not None]
        first = self.records[0].properties
        return merge_pdfs(parts, dataclasses.replace(first, title=f"{first.title} – samlet"), duplex=self.duplex)

    def files(self, kind: RecordKind, *, eml: bool, combined: bool) -> list[OutputFile]:
        """Every file of the batch, each made from :meth:`made` when it is written."""
        files: list[OutputFile] = []
        name, template = kind.kind, kind.template
        for i, record in enumerate(self.records):
            code, data = record.municipality_code, record.digest
            files.append(OutputFile(f"{record.stem}.docx", name, template, data, code,
                                    render=functools.partial(self.docx, i)))
            if self.pdf:
                files.append(OutputFile(f"{record.stem}.pdf", f"{name}-pdf", template, data, code,
                                        render=functools.partial(self.pdf_of, i), form=self.pdf_form))
            if eml:
                files.append(OutputFile(f"{record.stem}.eml", f"{name}-eml", template, data, code,
                                        render=functools.partial(self.draft, i), form=self.draft_form))
        if combined and kind.combined_stem is not None:
            data = data_hash([r.digest for r in self.records])
            files.append(OutputFile(f"{kind.combined_stem}.docx", f"{name}-combined", template, data,
                                    render=self.combined))
            if self.pdf:
                form = " ".join(word for word in (self.pdf_form, "duplex" if self.duplex else "") if word)
                files.append(OutputFile(f"{kind.combined_stem}.pdf", f"{name}-combined-pdf", template, data,
                                        render=self.merged_pdf, form=form))
        return files


class Registry(MutableMapping[str, Kind]):
    """The document kinds by name, in the order they were registered; each kind's module imported when first used.

    A kind is registered by where it lives (``"kldocs.documents.networks:Networks"``),
    so that a command loads only the kinds it uses: ``kldocs invitations``
    does not import the summary's models and charts. Iterating the values
    (as ``check`` and ``build`` do) loads them all.
    """

    def __init__(self) -> None:
        self._where: dict[str, str] = {}
        self._loaded: dict[str, Kind] = {}

    def add(self, name: str, where: str) -> None:
        """Register the kind ``name``, the class ``module:Class`` made with no arguments."""
        self._where[name] = where
        self._loaded.pop(name, None)

    def __getitem__(self, name: str) -> Kind:
        if name not in self._loaded:
            if name not in self._where:
                raise KeyError(name)
            module, _, cls = self._where[name].partition(":")
            self._loaded[name] = getattr(importlib.import_module(module), cls)()
        return self._loaded[name]

    def __setitem__(self, name: str, kind: Kind) -> None:
        self._where.setdefault(name, f"{type(kind).__module__}:{type(kind).__qualname__}")
        self._loaded[name] = kind

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


KINDS = Registry()
"""Every document kind by name, in the order a partnership needs them (and ``build`` writes them)."""


def register(kind: Kind) -> Kind:
    """Add the kind ``kind`` (made already) to :data:`KINDS`."""
    KINDS[kind.name] = kind
    return kind


def kinds() -> Iterator[Kind]:
    """The registered kinds, in order."""
    yield from KINDS.values()


def write(kind: Kind, folder: Folder, out_dir: Path | None, options: Options, writing: Writing) -> Written:
    """Plan ``kind`` for ``folder`` and write it into ``out_dir`` (its default folder when None); all or nothing."""
    started = time.monotonic()
    out_dir = out_dir or kind.default_out
    plan = kind.plan(folder, dataclasses.replace(options, pdf=writing.pdf, pdfa=writing.pdfa, out_dir=out_dir))
    return write_plan(kind, plan, out_dir, writing, folder, started=started)


def source(folder: Folder) -> dict[str, str]:
    """The partnership a folder's documents are written for, as their manifest records it: its title and folder."""
    return {"title": folder.program.title, "folder": str(folder.path.absolute())}


def batch(kind: Kind, plan: Plan, out_dir: Path, writing: Writing, folder: Folder, *, eml: bool = True) -> Batch:
    """The engine's batch for a kind's plan: its files, and a PDF of each unless the kind made them itself.

    ``eml`` is False for a command that makes no e-mail drafts (``kldocs build``).
    """
    return Batch(out_dir, plan.files, pdf=writing.pdf and not plan.pdf_made, pdfa=writing.pdfa, noun=kind.noun,
                 source=source(folder), eml=eml)


def write_plan(kind: Kind, plan: Plan, out_dir: Path, writing: Writing, folder: Folder, *,
               started: float | None = None) -> Written:
    """Write a kind's plan for ``folder`` into ``out_dir``: rendered, checked, committed with its manifest."""
    (written,) = write_batches([batch(kind, plan, out_dir, writing, folder)], force=writing.force,
                               force_edited=writing.force_edited, progress=writing.progress)
    seconds = written.seconds if started is None else time.monotonic() - started
    advice = tuple(line.replace("{out}", str(out_dir)) for line in plan.advice)
    return dataclasses.replace(written, seconds=seconds, notes=(*written.notes, *plan.notes), advice=advice)


def check_records(template: PreparedTemplate, records: Sequence[Record]) -> None:
    """Check every record's context against ``template`` before anything is rendered; RenderError naming all."""
    missing: list[str] = []
    for record in records:
        try:
            template.check_context(record.context, record.label)
        except RenderError as exc:
            missing += exc.problems
    if missing:
        raise RenderError(missing)


def needs_registrations(folder: Folder) -> str | None:
    """:meth:`Kind.skipped` for a kind made from the registrations: why not yet, or None."""
    return None if folder.has_registrations else "there are no registrations yet"


def checked_registrations(folder: Folder) -> Registrations | None:
    """The folder's registrations for a kind's check, or None when there are none or they are wrong.

    Wrong registrations are reported once, by the check of the registrations
    themselves; the kinds' checks then skip what depends on them.
    """
    if not folder.has_registrations:
        return None
    try:
        return folder.registrations
    except InputError:
        return None
