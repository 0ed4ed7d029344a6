"""Checking a programme folder without writing anything.

:func:`check_folder` runs every check that applies to the folder — the
programme, its registrations, the Word templates, and each document kind's
own inputs (see :func:`document_checks`) — and collects every problem
rather than stopping at the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from kldocs.exceptions import InputError, KldocsError, Problem
from kldocs.program import DEFAULT_COLUMNS, PROGRAM_FILE, Program, load_program
from kldocs.registrations import check_municipalities, find_registrations_file, load_registrations
from kldocs.resources import template_path
from kldocs.templatecheck import check_template
from kldocs.yamlio import load_yaml


@dataclass
class Report:
    """What a check found: lines describing what is fine, and the problems."""

    ok: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


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
    from kldocs.agreements import check_agreements
    from kldocs.invitations import check_invitations
    from kldocs.netdoc import check_networks
    from kldocs.publication import check_summary
    from kldocs.results import check_results

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
