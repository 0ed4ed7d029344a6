"""Checking a programme folder without writing anything.

:func:`check_folder` runs every check that applies to the folder — the
programme, its registrations, and each further input that later document
kinds register in :data:`CHECKS` — and collects every problem rather than
stopping at the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kldocs.exceptions import InputError, KldocsError, Problem
from kldocs.program import PROGRAM_FILE, Program, load_program
from kldocs.registrations import find_registrations_file, load_registrations


@dataclass
class Report:
    """What a check found: lines describing what is fine, and the problems."""

    ok: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


Check = Callable[[Path, Program, Report], None]
"""A further check: looks at a folder and its programme, appends to the report."""

CHECKS: list[Check] = []
"""Checks that document kinds add for their own inputs (templates, results, networks)."""


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
        return report
    report.ok.append(f"{PROGRAM_FILE}: {program.title}")
    _check_registrations(folder, program, report)
    for check in CHECKS:
        try:
            check(folder, program, report)
        except KldocsError as exc:
            report.problems.extend(exc.problems)
    return report


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
