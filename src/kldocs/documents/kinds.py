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

    register(Reminders())
"""

from __future__ import annotations

import dataclasses
import enum
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from kldocs.engine.output import OutputFile, Written, check_replaceable, write_outputs
from kldocs.engine.progress import Progress
from kldocs.errors import InputError, Report
from kldocs.inputs.folder import Folder
from kldocs.inputs.registrations import Registrations
from kldocs.resources import default_out


class Audience(enum.Enum):
    """Whom a kind writes for."""

    MUNICIPALITIES = "every municipality chosen (all 98 by default)"
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
    pdf: bool = False
    """``--pdf``: a PDF of each document (kinds that attach or combine PDFs make them before writing)."""


@dataclass(frozen=True)
class Writing:
    """How a batch is written: PDFs, and what it may replace."""

    pdf: bool = False
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

    def skipped(self, folder: Folder) -> str | None:
        """Why ``kldocs build`` cannot make this kind from ``folder`` yet, or None when it can."""
        return None

    @abstractmethod
    def plan(self, folder: Folder, options: Options) -> Plan:
        """Check everything the kind needs and describe each file to write; raise KldocsError on bad input."""

    @abstractmethod
    def check(self, folder: Folder, report: Report) -> None:
        """``kldocs check``: the kind's own inputs, and that its template fits them; append to ``report``."""


KINDS: dict[str, Kind] = {}
"""Every document kind by name, in the order a partnership needs them (and ``build`` writes them)."""


def register(kind: Kind) -> Kind:
    """Add ``kind`` to :data:`KINDS`."""
    KINDS[kind.name] = kind
    return kind


def kinds() -> Iterator[Kind]:
    """The registered kinds, in order."""
    yield from KINDS.values()


def write(kind: Kind, folder: Folder, out_dir: Path | None, options: Options, writing: Writing) -> Written:
    """Plan ``kind`` for ``folder`` and write it into ``out_dir`` (its default folder when None); all or nothing."""
    started = time.monotonic()
    plan = kind.plan(folder, dataclasses.replace(options, pdf=writing.pdf))
    return write_plan(kind, plan, out_dir or kind.default_out, writing, started=started)


def write_plan(kind: Kind, plan: Plan, out_dir: Path, writing: Writing, *, started: float | None = None) -> Written:
    """Write a kind's plan into ``out_dir``: rendered, checked, committed with its manifest."""
    written = write_outputs(out_dir, plan.files, force=writing.force, force_edited=writing.force_edited,
                            pdf=writing.pdf and not plan.pdf_made, progress=writing.progress, noun=kind.noun)
    seconds = written.seconds if started is None else time.monotonic() - started
    advice = tuple(line.replace("{out}", str(out_dir)) for line in plan.advice)
    return dataclasses.replace(written, seconds=seconds, notes=plan.notes, advice=advice)


def check_plan_replaceable(plan: Plan, out_dir: Path, writing: Writing) -> None:
    """Raise OutputExists if writing ``plan`` into ``out_dir`` would replace what it may not."""
    check_replaceable(out_dir, [f.relpath for f in plan.files], pdf=writing.pdf and not plan.pdf_made,
                      force=writing.force, force_edited=writing.force_edited)


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
