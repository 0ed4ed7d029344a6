"""Checking a programme folder without writing anything.

:func:`check_folder` runs every check that applies to the folder — the
programme, its registrations, the Word templates, and each document kind's
own inputs (see :func:`document_checks`) — and collects every problem
rather than stopping at the first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from pathlib import Path

from kldocs.documents.agreements import prepare_agreements
from kldocs.documents.invitations import letter_files, make_invitations
from kldocs.documents.networks import prepare_networks
from kldocs.documents.summary import prepare_summary
from kldocs.documents.summary.facts import network_views
from kldocs.engine.output import OutputFile, WriteResult, check_replaceable, write_outputs
from kldocs.engine.progress import Progress
from kldocs.engine.template import check_template
from kldocs.errors import InputError, KldocsError, OutputExists, Problem, Report
from kldocs.inputs.program import DEFAULT_COLUMNS, PROGRAM_FILE, Program, load_program
from kldocs.inputs.registrations import check_municipalities, find_registrations_file, load_registrations
from kldocs.inputs.results import find_results_file
from kldocs.inputs.yamlio import load_yaml
from kldocs.resources import example_program, template_path

Check = Callable[[Path, Program, Report], None]
"""A further check: looks at a folder and its programme, appends to the report."""


def check_templates(folder: Path, program: Program, report: Report) -> None:
    """Every Word template the folder would use is a sound template: its own ``templates/*.docx`` and the bundled ones.

    A programme's own template replaces the bundled one of the same name, so
    only the one in use is checked. Word's lock files (``~$…``) are skipped.
    """
    own = folder / "templates"
    names = {p.name for p in own.glob("*.docx")} if own.is_dir() else set()
    names |= {t.name for t in files("kldocs.templates").iterdir() if t.name.endswith(".docx")}
    for name in sorted(n for n in names if not n.startswith("~$")):
        problems = check_template(template_path(folder, name), name)
        label = f"templates/{name}" if (own / name).is_file() else f"{name} (bundled)"
        if problems:
            report.problems.extend(problems)
        else:
            report.ok.append(f"{label}: template checked, no problems")


def document_checks() -> list[Check]:
    """The checks after the programme and registrations, in the order they run: templates, then each kind's."""
    # Imported here because the document modules build on this one.
    from kldocs.documents.agreements import check_agreements
    from kldocs.documents.invitations import check_invitations
    from kldocs.documents.networks import check_networks
    from kldocs.documents.summary import check_summary
    from kldocs.inputs.results import check_results

    return [check_templates, check_invitations, check_results, check_networks, check_agreements, check_summary]


def check_folder(folder: Path) -> Report:
    """Check ``program.yaml``, the registrations and every registered input of ``folder``."""
    folder = Path(folder)
    report = Report()
    if not folder.is_dir():
        report.problems.append(f"{folder}: is not a folder")
        return report
    try:
        program = load_program(folder)
    except KldocsError as exc:
        report.problems.extend(exc.problems)
        column = _municipality_column(folder)
        report.problems.extend(str(p) for p in check_municipalities(folder, column))
        return report
    report.ok.append(f"{PROGRAM_FILE}: {program.title}")
    _check_registrations(folder, program, report)
    for check in document_checks():
        try:
            check(folder, program, report)
        except KldocsError as exc:
            report.problems.extend(exc.problems)
    report.problems = list(dict.fromkeys(report.problems))  # two checks may meet the same broken template
    return report


def _municipality_column(folder: Path) -> str:
    """The registrations' municipality column as an invalid ``program.yaml`` names it, else the default."""
    try:
        data = load_yaml(folder / PROGRAM_FILE).data
        column = data["registration"]["columns"]["municipality"]
    except (KldocsError, KeyError, TypeError):
        return DEFAULT_COLUMNS["municipality"]
    return column if isinstance(column, str) and column.strip() else DEFAULT_COLUMNS["municipality"]


def _check_registrations(folder: Path, program: Program, report: Report) -> None:
    try:
        path = find_registrations_file(folder)
        if path is None:
            report.ok.append("registrations: none yet (only invitations can be made)")
            return
        registrations = load_registrations(folder, program, path)
    except InputError as exc:
        report.problems.extend(exc.problems)
        return
    report.ok.append(f"{path.name}: {len(registrations)} registered municipalities")


def raise_for(report: Report) -> None:
    """Raise InputError with the report's problems, if it has any."""
    if report.problems:
        raise InputError([Problem("", p) for p in report.problems])


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
    folder: Path, out_dir: Path, *, pdf: bool = False, final: bool = False, force: bool = False,
    force_edited: bool = False, progress: Progress | None = None,
) -> Built:
    """Write every document kind the folder's inputs allow into sub-folders of ``out_dir``.

    Raises InputError with every problem of the folder, and OutputExists for
    every file of any kind it may not replace (see
    :func:`kldocs.engine.output.write_outputs` on ``force`` and ``force_edited``),
    before anything is written.
    """
    folder, out_dir = Path(folder), Path(out_dir)
    started = time.monotonic()
    raise_for(check_folder(folder))
    registered = find_registrations_file(folder) is not None
    networks = prepare_networks(folder) if registered else None
    agreements = prepare_agreements(folder, final=final) if registered else None
    summary = None
    if networks is not None and find_results_file(folder):  # the summary tells of the line-up composed here
        views = network_views(networks[0])
        summary = prepare_summary(folder, web=True, networks=lambda *_: views)
    planned = {"invitations": letter_files(folder, "all")}
    if networks is not None:
        planned["networks"] = [f.relpath for f in networks[1]]
    if agreements is not None:
        planned["agreements"] = [f.relpath for f in agreements.files]
    if summary is not None:
        planned["summary"] = [f.relpath for f in summary.files]
    refused: list[str] = []
    for kind, relpaths in planned.items():
        try:
            check_replaceable(out_dir / kind, relpaths, pdf=pdf, force=force, force_edited=force_edited)
        except OutputExists as exc:
            refused += [problem for problem in exc.problems if problem not in refused]
    if refused:  # every kind's files named at once, the advice on what to do last
        advice = [problem for problem in refused if problem.startswith("nothing was written")]
        raise OutputExists([problem for problem in refused if problem not in advice] + advice)

    def write(kind: str, files: Sequence[OutputFile]) -> WriteResult:
        return write_outputs(out_dir / kind, files, pdf=pdf, force=force, force_edited=force_edited,
                             progress=progress)

    built = Built(out_dir.resolve())
    written = make_invitations(folder, out_dir / "invitations", to="all", pdf=pdf, force=force,
                               force_edited=force_edited, progress=progress)
    built.lines.append(f"Invitations: {written.summary()}")
    if networks is None or agreements is None:
        built.lines.append("Networks, agreements and summary: skipped, there are no registrations yet")
    else:
        lineup, network_files = networks
        built.lines.append(f"Networks: {len(lineup.networks)} networks; {write('networks', network_files).summary()}")
        built.lines.append(f"Agreements: {write('agreements', agreements.files).summary()}")
        if summary is None:
            built.lines.append("Summary: skipped, there is no results.yaml yet")
        else:
            built.lines.append(f"Summary: {write('summary', summary.files).summary()}")
    built.seconds = time.monotonic() - started
    return built


def run_demo(out_dir: Path, *, pdf: bool = False, progress: Progress | None = None) -> Built:
    """Build the bundled example programme into ``out_dir``.

    A demo is meant to be run again: files an earlier demo wrote are
    replaced, but a file edited by hand since is still protected.
    """
    with as_file(example_program()) as folder:
        return build_all(Path(folder), out_dir, pdf=pdf, force=True, progress=progress)
