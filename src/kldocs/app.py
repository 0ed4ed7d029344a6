"""What the commands do with a programme folder: check it, build every kind from it, run the demo.

Each loops over the registry of document kinds (:data:`kldocs.documents.KINDS`)
with one :class:`~kldocs.inputs.folder.Folder`, so every input is read once
per run, whichever kinds read it.

:func:`check_folder` runs every check that applies — the programme, its
registrations, every Word template, and each kind's own inputs — and
collects every problem rather than stopping at the first.

:func:`build_all` checks the whole folder first, plans every kind the
inputs allow, and checks every file any kind would replace, so a mistake
anywhere, or a file edited by hand in any of the folders, stops the run
before any file is written. Then each kind is written into its own folder
under the output folder, with its own manifest, in the registry's order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from kldocs.danish.formatting import capfirst, format_date
from kldocs.documents import KINDS
from kldocs.documents.kinds import Kind, Options, Plan, Writing, batch, write
from kldocs.documents.meetings import numbered_networks
from kldocs.engine.output import ANOTHER_FOLDER, Written, write_batches
from kldocs.engine.progress import Progress
from kldocs.english import counted, joined, plain
from kldocs.errors import InputError, KldocsError, OutputExists, Problem, Report, TemplateError
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import PROGRAM_FILE
from kldocs.inputs.registrations import check_municipalities
from kldocs.inputs.signup import DEFAULT_COLUMNS
from kldocs.resources import example_program


def as_folder(folder: Folder | Path | str) -> Folder:
    """``folder`` as a :class:`Folder` (a path becomes one)."""
    return folder if isinstance(folder, Folder) else Folder(folder)


def make(name: str, folder: Folder | Path | str, out_dir: Path | None = None, *, pdf: bool = False,
         pdfa: bool = False, force: bool = False, force_edited: bool = False, progress: Progress | None = None,
         **options: Any) -> Written:
    """Write the document kind ``name`` of ``folder`` into ``out_dir`` (the kind's default folder when None).

    ``options`` are those of :class:`~kldocs.documents.kinds.Options`
    (``to``, ``municipalities``, ``final``, ``networks``, ``web``, ``eml``,
    ``combined``); see :func:`kldocs.engine.output.write_outputs` on
    ``force`` and ``force_edited``. ``pdfa`` makes the PDFs PDF/A-2b (and implies ``pdf``).
    """
    writing = Writing(pdf=pdf or pdfa, pdfa=pdfa, force=force, force_edited=force_edited, progress=progress)
    return write(KINDS[name], as_folder(folder), out_dir, Options(**options), writing)


def plan(name: str, folder: Folder | Path | str, **options: Any) -> Plan:
    """The plan of the document kind ``name`` for ``folder``: its files, checked, and what it computed."""
    return KINDS[name].plan(as_folder(folder), Options(**options))


# -- check ------------------------------------------------------------------------------------


RENAMED = {"netvaerk.docx": "networks.docx", "formidling.docx": "summary.docx"}
"""Templates of earlier versions of kldocs, under their new names: each template is named as its kind."""


def check_templates(folder: Folder, report: Report) -> None:
    """Every Word template the folder would use is a sound template: its own ``templates/*.docx`` and the bundled ones.

    A programme's own template replaces the bundled one of the same name, so
    only the one in use is checked. Word's lock files (``~$…``) are skipped.
    """
    own = folder.path / "templates"
    names = {p.name for p in own.glob("*.docx")} if own.is_dir() else set()
    names |= {t.name for t in files("kldocs.templates").iterdir() if t.name.endswith(".docx")}
    for name in sorted(n for n in names if not n.startswith("~$")):
        if name in RENAMED and (own / name).is_file():
            report.problems.append(f"templates/{name}: the template of this document is now called {RENAMED[name]}; "
                                   f"rename your file to use it (kldocs would print the bundled one instead)")
            continue
        label = f"templates/{name}" if (own / name).is_file() else f"{name} (bundled)"
        try:
            folder.template(name)
        except TemplateError as exc:
            report.problems.extend(exc.problems)
        else:
            report.ok.append(f"{label}: template checked, no problems")


def check_folder(folder: Folder | Path | str, *, render: bool = True) -> Report:
    """Check ``program.yaml``, the registrations, the templates and every kind's inputs of ``folder``.

    With ``render`` every document every kind would write is then rendered
    in memory, as ``kldocs build`` renders it, and nothing is written: a
    check never passes what the run refuses (a value missing deep inside
    a template, say). ``build`` itself checks without rendering, since it
    renders everything before it writes anything anyway.
    """
    folder = as_folder(folder)
    report = Report()
    if not folder.path.is_dir():
        report.problems.append(f"{folder.path}: is not a folder")
        return report
    try:
        program = folder.program
    except KldocsError as exc:
        report.problems.extend(exc.problems)
        column = _municipality_column(folder.path)
        report.problems.extend(str(p) for p in check_municipalities(folder.path, column))
        return report
    report.ok.append(f"{PROGRAM_FILE}: {program.title}")
    report.notes += program.timeline.unmarked_meetings()
    report.notes += [plain(note) for note in program.past_steps()]
    report.notes += numbered_networks(folder)
    report.notes += program.pricing.unused_notes
    if (inviting := program.inviting_description) is not None:
        report.notes.append(inviting)
    if (population := program.population_note) is not None:
        report.notes.append(plain(population))  # a line for the terminal, as the problems are
    _check_registrations(folder, report)
    check_templates(folder, report)
    for kind in KINDS.values():
        try:
            kind.check(folder, report)
        except KldocsError as exc:
            report.problems.extend(exc.problems)
    if render and not report.problems:
        _render_everything(folder, report)
    report.problems = list(dict.fromkeys(report.problems))  # two checks may meet the same broken template
    return report


def _render_everything(folder: Folder, report: Report) -> None:
    """Render every document of every kind the folder allows, in memory; report what fails, as the run would."""
    options = Options(web=True)
    for kind in KINDS.values():
        if kind.skipped(folder) is not None:
            continue
        try:
            planned = kind.plan(folder, options)
            documents = [f for f in planned.files if f.relpath.endswith(".docx")]
            for file in planned.files:
                file.make()
        except KldocsError as exc:
            report.problems.extend(exc.problems)
        else:
            report.ok.append(f"{kind.name}: {counted(len(documents), kind.noun)} rendered in memory, as the run "
                             "renders them")


def _municipality_column(folder: Path) -> str:
    """The registrations' municipality column as an invalid ``program.yaml`` names it, else the default."""
    from kldocs.inputs.yamlio import load_yaml  # PyYAML: loaded only when YAML is read

    try:
        data = load_yaml(folder / PROGRAM_FILE).data
        column = data["registration"]["columns"]["municipality"]
    except (KldocsError, KeyError, TypeError):
        return DEFAULT_COLUMNS["municipality"]
    return column if isinstance(column, str) and column.strip() else DEFAULT_COLUMNS["municipality"]


def _check_registrations(folder: Folder, report: Report) -> None:
    path = folder.registrations_path
    if path is None:
        report.ok.append("registrations: none yet (only invitations can be made)")
        return
    try:
        registrations = folder.registrations
    except InputError as exc:
        report.problems.extend(exc.problems)
        return
    report.ok.append(f"{path.name}: {len(registrations)} registered municipalities")


def raise_for(report: Report) -> None:
    """Raise InputError with the report's problems, if it has any."""
    if report.problems:
        raise InputError([Problem("", p) for p in report.problems])


# -- build ------------------------------------------------------------------------------------


@dataclass
class Built:
    """What a build wrote: one line per document kind, in the order they were made."""

    out_dir: Path
    lines: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """The last line for the user: where everything is and how long it took."""
        return f"Everything written to {self.out_dir} in {self.seconds:.1f} s"


def build_all(
    folder: Folder | Path | str, out_dir: Path, *, pdf: bool = False, pdfa: bool = False, final: bool = False,
    force: bool = False, force_edited: bool = False, progress: Progress | None = None, date: dt.date | None = None,
) -> Built:
    """Write every document kind the folder's inputs allow into sub-folders of ``out_dir``.

    ``date`` is the day the documents go out (``--date``): the meeting
    invitations are dated by it and the reminders due on it written; without
    it a build is the same every day, and writes no reminders.

    Raises InputError with every problem of the folder, and OutputExists for
    every file of any kind it may not replace (see
    :func:`kldocs.engine.output.write_outputs` on ``force`` and ``force_edited``)
    and for a sub-folder of another partnership's documents, before anything
    is written. Every kind is rendered (and converted to PDF)
    before any is committed (:func:`kldocs.engine.output.write_batches`), so
    a template that fails only when the last kind is rendered leaves every
    folder as it was, and so does a failure while committing.
    """
    folder, out_dir = as_folder(folder), Path(out_dir)
    started = time.monotonic()
    raise_for(check_folder(folder, render=False))  # everything is rendered below, before anything is written
    writing = Writing(pdf=pdf or pdfa, pdfa=pdfa, force=force, force_edited=force_edited, progress=progress)
    options = Options(final=final, web=True, pdf=writing.pdf, pdfa=pdfa, date=date)
    plans: dict[str, tuple[Kind, Plan]] = {}
    skipped: dict[str, list[str]] = {}
    for kind in KINDS.values():
        own = dataclasses.replace(options, out_dir=out_dir / kind.name)
        reason = kind.skipped(folder, own)
        if reason is None:
            plans[kind.name] = (kind, kind.plan(folder, own))
            if kind.name == "networks":  # the kinds after it show the line-up this run writes
                options = dataclasses.replace(options, networks_in_run=True)
        else:
            skipped.setdefault(reason, []).append(kind.label)
    # One batch per kind, each in its own folder with its own manifest; every kind's files it may not
    # replace are named at once, the advice on what to do last.
    batches = [batch(kind, planned, out_dir / name, writing, folder, eml=False)  # build has no --eml
               for name, (kind, planned) in plans.items()]
    writtens = write_batches(batches, force=writing.force, force_edited=writing.force_edited, progress=progress)

    built = Built(out_dir)
    for (kind, planned), written in zip(plans.values(), writtens, strict=True):
        detail = f"{planned.detail}; " if planned.detail else ""
        built.lines.append(f"{kind.label}: {detail}{written.summary()}")
        # what its own command prints before its summary, and the engine's of what it found in the folder
        built.lines += [f"  {note}" for note in (*planned.notes, *written.notes)]
    for reason, labels in skipped.items():
        built.lines.append(f"{capfirst(joined([labels[0], *(label.lower() for label in labels[1:])]))}: "
                           f"skipped, {reason}")
    if date is not None and folder.has_registrations:
        later = sorted(r.municipality.name for r in folder.registrations if r.registered and r.registered > date)
        if later:  # reminders and status count by the day; the other kinds by the rows the export holds
            built.lines.append(plain(
                f"Note: {counted(len(later), 'registration')} in the export {'is' if len(later) == 1 else 'are'} "
                f"dated after --date {format_date(date)} ({joined(later[:3])}{' …' if len(later) > 3 else ''}): "
                "the reminders leave them out, but the networks, agreements and meeting invitations take every "
                "row of the export"))
    built.seconds = time.monotonic() - started
    return built


def run_demo(out_dir: Path, *, pdf: bool = False, pdfa: bool = False, progress: Progress | None = None) -> Built:
    """Build the bundled example programme into ``out_dir``.

    A demo is meant to be run again: files an earlier demo wrote are
    replaced, but a file edited by hand since is still protected, and so is
    a folder of another partnership's documents (``kldocs new`` then
    ``kldocs invitations`` writes to the same ``out``).
    """
    with as_file(example_program()) as folder:
        try:
            return build_all(Path(folder), out_dir, pdf=pdf, pdfa=pdfa, force=True, progress=progress)
        except OutputExists as exc:  # the demo has neither --force nor --force-edited to name: the way out is --out
            edited = any("--force-edited" in line for line in exc.advice)
            if not edited and not any(line.startswith(ANOTHER_FOLDER) for line in exc.advice):
                raise
            way = "move the files edited by hand out of the folder, or " if edited else ""
            raise OutputExists(exc.found, advice=[f"nothing was written; {way}give the demo another folder with --out"]
                               ) from None
