"""The follow-up: where each municipality stands after the letters went out, who is late, and the reminders.

:func:`follow_up` puts together, for one day, what the files already say:
who was invited (the manifest of ``out/invitations``, which lists each
letter with its municipality), who registered (the registrations), whose
agreement is drafted or final (the manifest of ``out/agreements``, and each
agreement's category, ``Partnerskabsaftale (udkast)`` or
``Partnerskabsaftale``), when each council approved it (the registrations'
``Tiltrådt``), who is in which network (the programme folder's own
``networks.csv``, else the one in ``out/networks``) and when each was last
reminded (the manifest of ``out/reminders``). Who is late is judged by the
time plan's milestone marked ``approval: ja``, as
:mod:`kldocs.documents.reminders` judges it: a registered council without an
approval date after it. A municipality invited that has not registered after
the registration deadline is not late: it did not take the offer. One with an
agreement but no registration (it withdrew, perhaps) is named, and its
agreement is not counted among those of the registered.

:func:`status_report` is ``kldocs status``: the report as an aligned table
for the terminal, and on request as one self-contained HTML page
(:func:`html_page`) and as an Excel workbook (:func:`workbook`). A file of
kldocs status is replaced by the next report; any other file is not, without
``force``.

:func:`write_reminders` is ``kldocs reminders``: the reminders of a day, to
the municipalities the invitations went to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import time
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from kldocs.danish.formatting import (
    FILTERS,
    and_list,
    danish_sort_key,
    format_date,
    format_time,
    format_weekday_date,
    lower_first,
)
from kldocs.documents import KINDS
from kldocs.documents.agreements import Agreement, agreement_state
from kldocs.documents.kinds import Options, Writing, source, write_plan
from kldocs.documents.reminders import (
    FILE_WORD,
    approval_day,
    approval_milestone,
    approved_by,
    late_to_approve,
    late_to_register,
    registered_by,
    registration_day,
    relative_day,
    undated_notes,
)
from kldocs.engine.output import MANIFEST, Written, another_partnership, read_manifest
from kldocs.engine.progress import Progress
from kldocs.engine.workbook import DATE_FORMAT, append_row, print_as_list, workbook_bytes
from kldocs.english import counted, joined, plain, plain_lines
from kldocs.errors import InputError, KldocsError, Problem
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import Program
from kldocs.inputs.registrations import Registration
from kldocs.inputs.tabular import read_table
from kldocs.inputs.timeline import Milestone
from kldocs.reference.municipalities import Municipality, lookup
from kldocs.resources import OUT, default_out

Late = Literal["approval"]
GENERATOR = "kldocs status"
"""How a report names its maker, so that the next report may replace it (the HTML's generator, the workbook's app)."""
_CORE_BYTES = 1 << 20


# -- what the files say ----------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where one municipality stands on the day of the report."""

    municipality: Municipality
    invited: bool
    registered: bool
    """True when it had registered by the day of the report: the registrations hold its row, not dated after it."""
    agreement: Agreement | None
    """``draft`` or ``final`` as the agreement's category says, ``unknown`` when it cannot be read, None without one."""
    approved: dt.date | None
    """The day its council approved the agreement (the registrations' ``Tiltrådt``)."""
    network: int | None
    reminded: dt.date | None
    """The day of its latest reminder in ``out/reminders`` up to the day of the report (none written later)."""
    late: Late | None
    """What it is late with: ``approval`` (registered, its council's approval not dated after the milestone).

    A municipality invited and not registered after the deadline is not
    late: the offer is one to take or leave, and it did not take it."""
    registered_on: dt.date | None = None
    """The day it registered, where the registrations give it (their ``Tilmeldingsdato``)."""
    registered_at: dt.datetime | None = None
    """The time it registered, where they give that too (a form's timestamp)."""
    after_deadline: bool = False
    """True when it registered after the registration deadline (see :func:`after_deadline`).

    Not a delay (the offer was taken, late): the consultant decides whether it stands.
    """
    registers_later: bool = False
    """True when the registrations hold its row but date it after the day of the report: shown, not counted.

    As an approval dated after the day is: on that day it had not registered
    (nor, then, registered after a deadline), whatever the export says since.
    """
    agreement_path: Path | None = None
    """The agreement's file under ``out/agreements``, where it has one."""
    approves_later: bool = False
    """True when its council's approval (``approved``) is dated after the day of the report: shown, not counted."""

    @property
    def withdrawn(self) -> bool:
        """True when it has an agreement but no row in the registrations: it withdrew, perhaps (named, not counted)."""
        return self.agreement is not None and not self.registered and not self.registers_later


@dataclass(frozen=True)
class FollowUp:
    """The follow-up of a programme on one day: a standing per municipality, and where each fact came from."""

    program: Program
    date: dt.date
    rows: tuple[Standing, ...]
    """The invited and the registered municipalities, and any other with an agreement, in Danish order."""
    sources: tuple[str, ...]
    """The files the report is made from."""
    notes: tuple[str, ...] = ()
    """What could not be found or read, for the user (in English)."""
    invitations_known: bool = True
    """False when no invitations manifest was found, so "invited" is not known."""
    registrations_file: str | None = None
    """The name of the registrations file (``registrations.xlsx``), None when the folder has none."""

    def __post_init__(self) -> None:
        plain_lines(self, "notes")

    @property
    def uninvited(self) -> tuple[Standing, ...]:
        """The registered that were not invited (a municipality the partnership is open to, not written to)."""
        return tuple(r for r in self.rows if r.registered and not r.invited) if self.invitations_known else ()

    @property
    def approval(self) -> Milestone | None:
        """The milestone by which the councils approve, when the time plan marks one."""
        return approval_milestone(self.program)

    def count(self, **wanted: object) -> int:
        """How many rows have every attribute as ``wanted``: ``count(invited=True, registered=False)``."""
        return sum(all(getattr(row, k) == v for k, v in wanted.items()) for row in self.rows)

    @property
    def after_deadline(self) -> tuple[Standing, ...]:
        """The municipalities that registered after the deadline, in Danish order."""
        return tuple(row for row in self.rows if row.after_deadline)

    @property
    def registers_later(self) -> tuple[Standing, ...]:
        """The municipalities the registrations date after the day of the report, in Danish order."""
        return tuple(row for row in self.rows if row.registers_later)

    @property
    def approves_later(self) -> tuple[Standing, ...]:
        """The municipalities whose council's approval is dated after the day of the report, in Danish order."""
        return tuple(row for row in self.rows if row.approves_later)

    @property
    def withdrawn(self) -> tuple[Standing, ...]:
        """The municipalities with an agreement but no registration (withdrawn, perhaps), in Danish order."""
        return tuple(row for row in self.rows if row.withdrawn)

    @property
    def networks(self) -> int:
        """How many networks the registered municipalities are in."""
        return len({row.network for row in self.rows if row.registered and row.network is not None})

    @property
    def approved(self) -> int:
        """How many registered councils have approved their agreement by the day of the report."""
        return sum(row.registered and approved_by(row.approved, self.date) for row in self.rows)

    @property
    def not_approved(self) -> int:
        """How many registered councils have not approved their agreement by the day of the report."""
        return sum(row.registered and not approved_by(row.approved, self.date) for row in self.rows)


def manifest_entries(out_dir: Path, notes: list[str]) -> dict[str, dict[str, Any]]:
    """The entries of ``out_dir/manifest.json`` by path; none (and a note) when it cannot be read."""
    entries = read_manifest(out_dir)
    if entries is None:
        notes.append(f"{out_dir / MANIFEST}: cannot be read, so it is left out")
        return {}
    return entries


def _municipality(code: object) -> Municipality | None:
    try:
        return lookup(code)
    except KldocsError:
        return None


def by_municipality(entries: Mapping[str, Mapping[str, Any]], kind: str) -> dict[int, list[str]]:
    """The paths of the manifest's files of ``kind``, by municipality code."""
    found: dict[int, list[str]] = {}
    for path, entry in entries.items():
        if entry.get("kind") == kind and (m := _municipality(entry.get("municipality_code"))) is not None:
            found.setdefault(m.code, []).append(path)
    return found




_REMINDER_DAY = re.compile(r"-(?:" + "|".join(FILE_WORD.values()) + r")-(\d{4}-\d{2}-\d{2})\.docx$")


def reminder_day(path: str) -> dt.date | None:
    """The day a reminder was written for, as its file name says (``0165-albertslund-tilmelding-2021-08-09.docx``)."""
    found = _REMINDER_DAY.search(path)
    try:
        return dt.date.fromisoformat(found[1]) if found else None
    except ValueError:
        return None


def network_numbers(folder: Folder, networks_dir: Path, sources: list[str], notes: list[str]) -> dict[int, int]:
    """Each municipality's network, from the programme folder's ``networks.csv``, else the one written under --out."""
    own = folder.path / "networks.csv"
    written = networks_dir / "networks.csv"
    if own.is_file():
        path = own
    elif written.is_file() and "networks.csv" in manifest_entries(networks_dir, notes):
        path = written
    else:
        return {}
    try:
        table = read_table(path)
    except KldocsError as exc:
        notes += [f"{path}: cannot be read ({p}), so the networks are left out" for p in exc.problems[:1]]
        return {}
    numbers: dict[int, int] = {}
    for row in table:
        m = _municipality(row.text("Kode") or row.text("Kommune"))
        number = row.text("Netværk")
        if m is not None and number is not None and number.isdigit():
            numbers[m.code] = int(number)
    sources.append(str(path))
    return numbers


def follow_up(folder: Folder | Path | str, out_dir: Path = OUT, *, date: dt.date | None = None) -> FollowUp:
    """Where each municipality of ``folder``'s programme stands on ``date`` (today by default).

    ``out_dir`` is the folder ``kldocs build`` writes: its ``invitations``,
    ``agreements``, ``networks`` and ``reminders``. Raises InputError when
    ``program.yaml`` or the registrations are wrong; a manifest that cannot
    be read is left out with a note.
    """
    folder = folder if isinstance(folder, Folder) else Folder(folder)
    out_dir, day = Path(out_dir), date or dt.date.today()
    program = folder.program
    refuse_another_partnerships(folder, [out_dir / name for name in ("invitations", "agreements", "networks",
                                                                    "reminders")], "--out")
    registrations = folder.registrations.by_code() if folder.has_registrations else {}
    sources: list[str] = [str(folder.path / "program.yaml")]
    if folder.registrations_path is not None:
        sources.append(str(folder.registrations_path))
    notes = undated_notes(folder, day)
    if day < program.letter.date:  # the invitations are written, but not yet sent
        notes.append(f"On {format_date(day)} the invitations had not gone out (they are dated "
                     f"{format_date(program.letter.date)}, letter.date): Invited says whom they are written to")

    invitations_dir = out_dir / "invitations"
    invitation_entries = manifest_entries(invitations_dir, notes)
    invited = set(by_municipality(invitation_entries, "invitation"))
    known = bool(invited)
    if known:
        sources.append(str(invitations_dir / MANIFEST))
    else:
        notes.append(f"{invitations_dir}: no invitations listed in {MANIFEST}, so kldocs cannot tell who was "
                     "invited (write them with kldocs build or kldocs invitations, or give --out)")

    agreements_dir = out_dir / "agreements"
    agreement_entries = manifest_entries(agreements_dir, notes)
    # an agreement moved out of the folder is gone, though the manifest lists it until the next run there
    agreement_paths = {code: found[0] for code, paths in by_municipality(agreement_entries, "agreement").items()
                       if (found := [agreements_dir / p for p in paths if (agreements_dir / p).is_file()])}
    agreements = {code: agreement_state(path) for code, path in agreement_paths.items()}
    if agreement_entries:
        sources.append(str(agreements_dir / MANIFEST))

    networks = network_numbers(folder, out_dir / "networks", sources, notes)
    lineup = sources[-1] if networks else None

    reminders_dir = out_dir / "reminders"
    reminder_entries = manifest_entries(reminders_dir, notes)
    reminded: dict[int, dt.date] = {}
    for code, paths in by_municipality(reminder_entries, "reminder").items():
        days = [when for path in paths if (when := reminder_day(path)) is not None and when <= day]
        if days:
            reminded[code] = max(days)
    if reminder_entries:
        sources.append(str(reminders_dir / MANIFEST))

    rows = []
    for code in sorted(invited | set(registrations) | set(agreements), key=lambda c: danish_sort_key(lookup(c).name)):
        registration = registrations.get(code)
        registered_on = registration.registered if registration else None
        later = registration is not None and not registered_by(registration, day)  # on the day, not yet
        registered = registration is not None and not later
        approved = registration.approved if registration else None
        late: Late | None = None
        if registered and not approved_by(approved, day) and late_to_approve(program, day):
            late = "approval"
        rows.append(Standing(
            municipality=lookup(code), invited=code in invited, registered=registered,
            agreement=agreements.get(code), approved=approved,
            network=networks.get(code) if registered else None,  # not yet registered that day: in no network yet
            reminded=reminded.get(code), late=late, registered_on=registered_on,
            registered_at=registration.registered_at if registration else None,
            after_deadline=registered and registration is not None and after_deadline(program, registration),
            registers_later=later, agreement_path=agreement_paths.get(code),
            approves_later=approved is not None and not approved_by(approved, day),
        ))
    uncounted = [r for r in rows if r.registers_later and r.municipality.code in networks]
    if uncounted:  # the line-up was composed of registrations the report does not count yet
        notes.append(f"The networks are those of the line-up in {lineup}, composed of registrations that include "
                     f"{counted(len(uncounted), 'registration')} dated after {format_date(day)}; those municipalities "
                     "are shown in no network")
    return FollowUp(program, day, tuple(rows), tuple(sources), tuple(notes), invitations_known=known,
                    registrations_file=folder.registrations_path.name if folder.registrations_path else None)


def after_deadline(program: Program, registration: Registration) -> bool:
    """Whether ``registration`` came after the registration deadline, as far as the export tells.

    A day after the deadline's is after it. On the deadline's own day, a
    registration whose time the export gives (a form's timestamp) is after a
    deadline with a time when it is later; one without a time is on time.
    """
    day, deadline = registration.registered, program.registration.deadline
    if day is None or day < deadline.start:
        return False
    if day > deadline.start:
        return True
    at = registration.registered_at  # to the minute, as the deadline is given: 12.00.30 is within "kl. 12.00"
    return deadline.kind == "datetime" and at is not None and at.replace(second=0, microsecond=0) > \
        deadline.as_datetime()


# -- the terminal ----------------------------------------------------------------------------

NONE = "–"


def short_date(day: dt.date | None) -> str:
    """A day as the table prints it: ``2. sep. 2021``; a dash for none."""
    if day is None:
        return NONE
    from babel.dates import format_date as babel_date

    return str(babel_date(day, "d. MMM y", locale="da_DK"))


def table_lines(report: FollowUp) -> list[str]:
    """The report as an aligned table: a heading row, then one row per municipality."""
    yes_no = {True: "yes", False: "no"}
    heading = ("Code", "Municipality", "Invited", "Registered", "Agreement", "Approved", "Network", "Reminded", "Late")
    rows = [heading] + [
        (r.municipality.code4, r.municipality.name, yes_no[r.invited] if report.invitations_known else "?",
         _registered_text(r), r.agreement or NONE, _approved_text(r),
         str(r.network) if r.network is not None else NONE, short_date(r.reminded), r.late or "")
        for r in report.rows
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(heading))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def _registered_text(row: Standing) -> str:
    """The table's Registered cell: ``yes``, ``no``, ``yes, late``, ``not yet`` (dated later) or ``no, withdrawn?``."""
    if row.registers_later:
        return "not yet"
    if row.withdrawn:
        return "no, withdrawn?"
    return "yes, late" if row.after_deadline else "yes" if row.registered else "no"


def _approved_text(row: Standing) -> str:
    """The table's Approved cell: the day, a dash, or ``not yet`` for an approval dated after the day of the report."""
    return "not yet" if row.approves_later else short_date(row.approved)


def summary_lines(report: FollowUp) -> list[str]:
    """The totals, and who is late against the registration deadline and the approval milestone."""
    program, day = report.program, report.date
    drafts, finals = report.count(registered=True, agreement="draft"), report.count(registered=True, agreement="final")
    agreements = sum(r.agreement is not None for r in report.rows if r.registered)
    invited = f"{report.count(invited=True)} invited, " if report.invitations_known else ""
    lines = [
        f"On {format_date(day)}: {invited}{report.count(registered=True)} registered, "
        f"{counted(agreements, 'agreement')} ({counted(drafts, 'draft')}, {finals} final), "
        f"{report.approved} approved by their council, "
        f"{report.count(registered=True) - report.count(registered=True, network=None)} in "
        f"{counted(report.networks, 'network')}"
    ]
    deadline = format_weekday_date(program.registration.deadline)
    waiting = report.count(invited=True, registered=False)
    if not report.invitations_known:
        lines.append(f"Registration deadline {deadline} ({relative_day(day, registration_day(program))})")
    elif late_to_register(program, day):
        lines.append(f"Registration deadline {deadline} passed {relative_day(day, registration_day(program))}: "
                     f"{counted(waiting, 'invited municipality', 'invited municipalities')} did not register")
    else:
        lines.append(f"Registration deadline {deadline} ({relative_day(day, registration_day(program))}): "
                     f"{counted(waiting, 'invited municipality', 'invited municipalities')} not registered yet")
    if report.uninvited:
        lines.append(f"Registered without an invitation: {joined(r.municipality.name for r in report.uninvited)}")
    if report.after_deadline:
        late = [f"{r.municipality.name} ({short_date(r.registered_on)}{_at(r)})" for r in report.after_deadline]
        lines.append(f"Registered after the deadline: {joined(late)}")
    if report.registers_later:
        later = [f"{r.municipality.name} ({short_date(r.registered_on)})" for r in report.registers_later]
        lines.append(f"Registrations dated after {format_date(day)}, so not counted: {joined(later)}")
    if report.approves_later:
        later = [f"{r.municipality.name} ({short_date(r.approved)})" for r in report.approves_later]
        lines.append(f"Council approvals dated after {format_date(day)}, so not counted: {joined(later)}")
    if report.withdrawn:
        gone = [f"{r.municipality.name} ({r.agreement_path})" for r in report.withdrawn]
        lines.append(f"{'Agreement' if len(gone) == 1 else 'Agreements'} but no registration (withdrawn?), "
                     f"so not counted: {joined(gone)}")
    milestone, last = report.approval, approval_day(program)
    if milestone is None or last is None:
        lines.append("Council approval: no milestone of the time plan is marked approval: ja, so no council is "
                     "counted late")
    else:
        councils, when = counted(report.not_approved, "registered council"), relative_day(day, last)
        if late_to_approve(program, day):
            lines.append(f"Council approval by {format_date(last)} ({milestone.text}) passed {when}: "
                         f"{councils} without an approval date, late")
        else:
            lines.append(f"Council approval by {format_date(last)} ({milestone.text}, {when}): "
                         f"{councils} without an approval date yet")
    return [plain(line) for line in lines]


# -- the web page ----------------------------------------------------------------------------

DANISH_AGREEMENT = {"draft": "Udkast", "final": "Endelig", "unknown": "Ukendt"}
DANISH_LATE = {"approval": "Godkendelse"}

SIGN_UP_WORDS = {
    "registered": "Tilmeldt", "deadline": "Frist for tilmelding", "not_yet": "har ikke tilmeldt sig",
    "those": "tilmeldte kommuner", "that": "tilmeldt kommune", "show_not_yet": "Inviteret, ikke tilmeldt",
    "show_not_approved": "Tilmeldt, ikke godkendt", "late": "Tilmeldt efter fristen",
    "first": "tilmeldte sig først", "withdrawn": "Aftale uden tilmelding",
    "uninvited": "Tilmeldt uden invitation", "did_uninvited": "har tilmeldt sig uden at være inviteret",
}
INTEREST_WORDS = {
    "registered": "Interesseret", "deadline": "Frist for interessetilkendegivelse",
    "not_yet": "har ikke tilkendegivet interesse",
    "those": "interesserede kommuner", "that": "interesseret kommune",
    "show_not_yet": "Inviteret, ingen interesse endnu",
    "show_not_approved": "Interesseret, ikke godkendt", "late": "Interesseret efter fristen",
    "first": "tilkendegav først interesse", "withdrawn": "Aftale uden interessetilkendegivelse",
    "uninvited": "Interesseret uden invitation",
    "did_uninvited": "har tilkendegivet interesse uden at være inviteret",
}
"""How the report words answering the invitation, by the programme's registration mode."""


def words(program: Program) -> dict[str, str]:
    """The report's words for answering the invitation: a sign-up, or an expression of interest."""
    return INTEREST_WORDS if program.registration.is_interest else SIGN_UP_WORDS


AFTER_DEADLINE = "efter-fristen"
"""The page's token (and filter) for a municipality that registered after the deadline."""
WITHDRAWN = "aftale-uden-tilmelding"
"""The page's token (and filter) for a municipality with an agreement but no registration."""


def _registered_cell(row: Standing, said: Mapping[str, str]) -> str:
    """``Ja``, ``Nej``, ``Ja, efter fristen (18. august 2021)``, ``Nej, tilmeldte sig først 2. september 2021``, ….

    The fourth for a registration dated after the day of the report; ``Nej,
    men har en aftale`` for a municipality with an agreement but no registration.
    """
    if row.registers_later and row.registered_on is not None:  # the page and the sheet give it plain spaces
        return f"Nej, {said['first']} {format_date(row.registered_on)}"
    if row.after_deadline and row.registered_on is not None:
        return f"Ja, efter fristen ({format_date(row.registered_on)}{_at(row)})"
    if row.withdrawn:
        return "Nej, men har en aftale"
    return "Ja" if row.registered else "Nej"


def _approved_cell(row: Standing) -> str:
    """``2. september 2021``, a dash, or ``Ikke endnu (tiltrådt 8. september 2021)`` when dated after the report."""
    if row.approved is None:
        return NONE
    if row.approves_later:  # the page and the sheet give it plain spaces
        return f"Ikke endnu (tiltrådt {format_date(row.approved)})"
    return format_date(row.approved)


def _at(row: Standing) -> str:
    """`` kl. 14.05`` after the day of a registration after the deadline, where the export gives its time."""
    if row.registered_at is None or not row.after_deadline:
        return ""
    return f" {format_time(row.registered_at.time())}"


def _of(n: int, one: str, many: str) -> str:
    """``n`` and its noun, singular for one: ``1 inviteret kommune``, ``3 inviterede kommuner``."""
    return f"{n} {one if n == 1 else many}"


def _dage(day: dt.date, deadline: dt.date) -> str:
    delta = (deadline - day).days
    return {0: "i dag", 1: "i morgen", -1: "i går"}.get(
        delta, f"om {delta} dage" if delta > 0 else f"for {-delta} dage siden")


@cache
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(FILTERS)
    return env


def page_context(report: FollowUp) -> dict[str, Any]:
    """What the page's template is filled with: the programme, the rows as cells, the totals and the deadlines."""
    program, day = report.program, report.date
    said = words(program)
    rows = []
    for order, r in enumerate(report.rows):
        shown = [token for token, holds in (
            ("inviteret", r.invited), ("ikke-tilmeldt", r.invited and not r.registered), ("tilmeldt", r.registered),
            ("mangler-godkendelse", r.registered and not approved_by(r.approved, day)),
            ("forsinket", r.late is not None), (AFTER_DEADLINE, r.after_deadline), (WITHDRAWN, r.withdrawn),
        ) if holds]
        rows.append({
            "tokens": " ".join(shown),
            "late": r.late is not None,
            "cells": [
                (r.municipality.code4, str(r.municipality.code)),
                (r.municipality.name, f"{order:03d}"),
                (r.municipality.region_short, r.municipality.region),
                ("Ja" if r.invited else "Nej", str(int(r.invited))),
                (_registered_cell(r, said), str(int(r.registered) + r.after_deadline)),
                (DANISH_AGREEMENT[r.agreement] if r.agreement else NONE, r.agreement or ""),
                (_approved_cell(r), r.approved.isoformat() if r.approved else ""),
                (str(r.network) if r.network is not None else NONE, str(r.network or "")),
                (format_date(r.reminded) if r.reminded else NONE, r.reminded.isoformat() if r.reminded else ""),
                (DANISH_LATE[r.late] if r.late else NONE, r.late or ""),
            ],
        })
    registered = report.count(registered=True)
    invited = report.count(invited=True)
    milestone, last = report.approval, approval_day(program)
    deadlines = [{
        "label": said["deadline"],
        "when": format_weekday_date(program.registration.deadline),
        "relative": ("udløbet " if late_to_register(program, day) else "") + _dage(day, registration_day(program)),
        "text": (f"{_of(report.count(invited=True, registered=False), 'inviteret kommune', 'inviterede kommuner')} "
                 f"{said['not_yet']}"
                 if report.invitations_known else "Det vides ikke, hvem der er inviteret"),
        "late": False,  # an offer not taken is no one's delay
    }]
    if milestone is not None and last is not None:
        deadlines.append({
            "label": "Kommunalbestyrelsernes godkendelse",
            "when": f"{format_date(milestone.when)} ({milestone.text})",
            "relative": ("overskredet " if late_to_approve(program, day) else "") + _dage(day, last),
            "text": f"{_of(report.not_approved, said['that'], said['those'])} mangler godkendelsen",
            "late": late_to_approve(program, day),
        })
    notices = []
    if report.uninvited:
        notices.append({"text": f"{and_list(r.municipality.name for r in report.uninvited)} {said['did_uninvited']}.",
                        "late": False})
    if report.registers_later:
        names = and_list(r.municipality.name for r in report.registers_later)
        notices.append({"text": f"{names} {said['first']} efter {format_date(day)} og er ikke talt med.",
                        "late": False})
    if report.approves_later:
        names = and_list(r.municipality.name for r in report.approves_later)
        one = len(report.approves_later) == 1
        notices.append({"text": f"{names} tiltrådte først {'aftalen' if one else 'deres aftaler'} efter "
                                f"{format_date(day)} og er ikke talt med som {'godkendt' if one else 'godkendte'}.",
                        "late": False})
    if report.withdrawn:
        one = len(report.withdrawn) == 1
        names = and_list(r.municipality.name for r in report.withdrawn)
        missing = f"står ikke i {report.registrations_file}" if report.registrations_file else said["not_yet"]
        notices.append({"text": f"{names} har {'en' if one else 'hver en'} aftale, men {missing}. Er "
                                f"{'kommunen' if one else 'kommunerne'} trådt ud af partnerskabet? "
                                f"{'Aftalen' if one else 'Aftalerne'} er ikke talt med.", "late": True})
    return {
        "program": program,
        "date": day,
        "rows": rows,
        "notices": notices,
        "totals": [
            ("Inviteret", str(invited) if report.invitations_known else "?"),
            (said["registered"], _share(report, registered, invited)),
            *([(said["uninvited"], str(len(report.uninvited)))] if report.uninvited else []),
            *([(said["late"], str(len(report.after_deadline)))] if report.after_deadline else []),
            ("Aftaler i udkast", str(report.count(registered=True, agreement="draft"))),
            ("Endelige aftaler", str(report.count(registered=True, agreement="final"))),
            *([(said["withdrawn"], str(len(report.withdrawn)))] if report.withdrawn else []),
            ("Godkendt af kommunalbestyrelsen", str(report.approved)),
            ("Netværk", f"{report.networks}"),
            ("Forsinkede", str(sum(r.late is not None for r in report.rows))),
        ],
        "deadlines": deadlines,
        "no_approval_milestone": milestone is None,
        "after_deadline": bool(report.after_deadline),
        "withdrawn": bool(report.withdrawn),
        "words": said,
        "sources": report.sources,
    }


def _share(report: FollowUp, registered: int, invited: int) -> str:
    """The registered, and how many of the invited: ``24 (24 %)``; ``16, heraf 15 af de 16 inviterede (94 %)``."""
    if not invited:
        return str(registered)
    answered = report.count(invited=True, registered=True)
    share = f"{round(100 * answered / invited)} %"
    if answered == registered:
        return f"{registered} ({share})"
    return f"{registered}, heraf {answered} af de {invited} inviterede ({share})"


def _csp_hash(text: str) -> str:
    import base64

    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def html_page(report: FollowUp) -> str:
    """The report as one self-contained HTML page in Danish: totals, deadlines and a sortable, filterable table.

    Everything is in the page: its style and its small script, which a
    Content-Security-Policy allows by their hashes and nothing else (no
    external asset, no other script). Without the script the table is
    complete, only not sortable or filterable.
    """
    source = (files("kldocs.data") / "status.html.j2").read_text(encoding="utf-8")
    # a report of figures, searched and copied as the words it says: plain spaces (see kldocs.english.plain)
    html: str = plain(_environment().from_string(source).render(**page_context(report), csp=Markup("{csp}")))
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    assert style is not None and script is not None  # both are in the template
    policy = (f"default-src 'none'; style-src {_csp_hash(style[1])}; script-src {_csp_hash(script[1])}; "
              "img-src 'none'; base-uri 'none'; form-action 'none'")
    return html.replace("{csp}", policy, 1)


# -- the workbook ----------------------------------------------------------------------------

HEADINGS = ("Kode", "Kommune", "Region", "Inviteret", "Tilmeldt", "Aftale", "Tiltrådt", "Netværk", "Påmindet",
            "Forsinket med")
SHEET_HEADINGS = (*HEADINGS, "Bemærkning")
"""The sheet's: the page's, and a note where a day in its column of days is not there (approved after the day)."""
WIDTHS = (7, 18, 20, 10, 10, 10, 18, 9, 18, 14, 34)


def workbook(report: FollowUp) -> bytes:
    """The report as an Excel workbook: the table on the sheet Status (heading row, autofilter), totals on Overblik.

    Days are real dates in a Danish number format, so Excel sorts and
    filters them as dates: a column of days holds nothing else, and an
    approval dated after the report's day is left out of Tiltrådt and told
    under Bemærkning. The same report gives the same bytes.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    context = page_context(report)
    book = Workbook()
    sheet = book.active
    sheet.title = "Status"
    said = words(report.program)
    append_row(sheet, [said["registered"] if heading == "Tilmeldt" else heading for heading in SHEET_HEADINGS])
    for r in report.rows:
        append_row(sheet, [
            r.municipality.code4, r.municipality.name, r.municipality.region, "ja" if r.invited else "nej",
            lower_first(_registered_cell(r, said)) if r.registers_later or r.withdrawn else
            "ja, efter fristen" if r.after_deadline else "ja" if r.registered else "nej",
            DANISH_AGREEMENT[r.agreement].lower() if r.agreement else None,
            None if r.approves_later else r.approved, r.network, r.reminded,
            DANISH_LATE[r.late].lower() if r.late else None,
            plain(f"tiltrådt først {format_date(r.approved)}") if r.approves_later and r.approved else None,
        ])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="EDEDED")
        cell.alignment = Alignment(vertical="top")
    for column in ("G", "I"):
        for cell in sheet[column][1:]:
            cell.number_format = DATE_FORMAT
    for cell in sheet["A"][1:]:
        cell.number_format = "@"
    for column, width in (("E", WIDTHS[4]), ("K", WIDTHS[10])):  # 'nej, tilmeldte sig først …' wraps in its cell
        for cell in sheet[column][1:]:
            if isinstance(cell.value, str) and len(cell.value) > width:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(SHEET_HEADINGS) - 1)}{len(report.rows) + 1}"
    sheet.freeze_panes = "A2"
    print_as_list(sheet)

    totals = book.create_sheet("Overblik")
    append_row(totals, [report.program.title])
    totals["A1"].font = Font(bold=True, size=13)
    append_row(totals, ["Opgjort", report.date])
    totals["B2"].number_format = DATE_FORMAT
    append_row(totals, [])
    for label, value in context["totals"]:
        append_row(totals, [label, int(value) if value.isdigit() else value])
    append_row(totals, [])
    deadline = report.program.registration.deadline
    append_row(totals, [said["deadline"], deadline.as_datetime() if deadline.kind == "datetime" else deadline.start])
    totals.cell(totals.max_row, 2).number_format = DATE_FORMAT + (" \\k\\l. hh.mm" if deadline.kind == "datetime"
                                                                  else "")
    last = approval_day(report.program)
    if last is not None:
        append_row(totals, ["Kommunalbestyrelsernes godkendelse", last])
        totals.cell(totals.max_row, 2).number_format = DATE_FORMAT
    if context["notices"]:
        append_row(totals, [])
    for notice in context["notices"]:
        append_row(totals, [notice["text"]])
    totals.column_dimensions["A"].width = 36
    totals.column_dimensions["B"].width = 28

    created = dt.datetime.combine(report.date, dt.time(12, 0))
    book.properties.title = f"Status: {report.program.short_title}"
    book.properties.creator = GENERATOR
    book.properties.language = "da-DK"
    book.properties.created = created
    book.properties.modified = created
    return workbook_bytes(book, GENERATOR)


# -- kldocs status and kldocs reminders ------------------------------------------------------


def written_by_status(path: Path) -> bool:
    """True when the file at ``path`` is a report of kldocs status (so the next report may replace it)."""
    try:
        if path.suffix.lower() == ".xlsx":
            with zipfile.ZipFile(path) as package:
                info = package.getinfo("docProps/app.xml")
                return info.file_size < _CORE_BYTES and f"<Application>{GENERATOR}</Application>".encode() in \
                    package.read(info)
        with path.open("rb") as stream:
            return f'<meta name="generator" content="{GENERATOR}">'.encode() in stream.read(4096)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def check_writable(paths: Iterable[Path], *, force: bool = False) -> None:
    """Raise InputError naming each path that is a folder, or a file kldocs status may not replace (unless ``force``).

    A report of kldocs status may be replaced by the next; any other file may
    not: a workbook saved again from Excel is no longer kldocs', and may hold notes.
    """
    problems = []
    for path in paths:
        if path.is_dir():
            problems.append(Problem(str(path), "is a folder; give the name of the file to write"))
        elif path.exists() and not force and not written_by_status(path):
            problems.append(Problem(str(path), "exists and was not written by kldocs status (or was saved again "
                                               "since); choose another file name, or replace it with --force"))
    if problems:
        raise InputError(problems)


def write_file(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` at once (through a temporary file beside it); see :func:`check_writable`."""
    path = Path(path)
    check_writable([path], force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class StatusReport:
    """What ``kldocs status`` shows and wrote."""

    follow_up: FollowUp
    lines: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def status_report(
    program_dir: Folder | Path | str, out_dir: Path = OUT, *, date: dt.date | None = None,
    html: Path | None = None, xlsx: Path | None = None, force: bool = False,
) -> StatusReport:
    """``kldocs status``: the follow-up as table and totals, and the HTML page and workbook when asked for.

    Both files are made before either is written, so a problem stops the
    run with nothing written.
    """
    report = follow_up(program_dir, out_dir, date=date)
    made: list[tuple[Path, bytes]] = []
    if html is not None:
        made.append((Path(html), html_page(report).encode("utf-8")))
    if xlsx is not None:
        made.append((Path(xlsx), workbook(report)))
    check_writable([path for path, _ in made], force=force)
    for path, data in made:
        write_file(path, data, force=force)
    lines = [*table_lines(report), *summary_lines(report), *report.notes]
    lines += [f"Wrote {path}" for path, _ in made]
    return StatusReport(report, lines, [p for p, _ in made])


def refuse_another_partnerships(folder: Folder, out_dirs: Sequence[Path], option: str) -> None:
    """Raise InputError when a manifest in ``out_dirs`` says its files are another partnership's than ``folder``'s.

    Every command writes to ``out`` unless told otherwise, so a folder may
    hold the documents of the partnership run before: read as this one's,
    they would invite, remind and count municipalities it never invited.
    """
    problems = [problem for out_dir in out_dirs if (problem := another_partnership(out_dir, source(folder)))]
    if problems:
        raise InputError([*problems, f"give the folder this partnership's documents were written to with {option}"])


def invited_to(invitations_dir: Path) -> str:
    """The municipalities the invitations in ``invitations_dir`` went to, as ``--to`` names them (their codes)."""
    entries = read_manifest(invitations_dir)
    if entries is None:
        raise InputError(Problem(str(invitations_dir / MANIFEST), "cannot be read, so kldocs cannot tell who was "
                                                                  "invited; say whom with --to"))
    codes = sorted(by_municipality(entries, "invitation"))
    if not codes:
        raise InputError(Problem(str(invitations_dir), f"has no invitations in a {MANIFEST}, so kldocs cannot tell "
                                                       "who was invited; give the folder they were written to "
                                                       "with --invitations, or say whom with --to"))
    return ", ".join(str(code) for code in codes)


def write_reminders(
    program_dir: Folder | Path | str, out_dir: Path | None = None, *, date: dt.date | None = None,
    invitations: Path | None = None, to: str | None = None, eml: bool = False, pdf: bool = False,
    pdfa: bool = False, force: bool = False, force_edited: bool = False, progress: Progress | None = None,
) -> Written:
    """``kldocs reminders``: the reminders due on ``date`` (today by default), into ``out_dir`` (``out/reminders``).

    They go to the municipalities ``to`` names, or else to those the
    invitations in ``invitations`` (``out/invitations``) went to, as its
    manifest lists them.
    """
    folder = program_dir if isinstance(program_dir, Folder) else Folder(program_dir)
    if to is None:
        invitations_dir = Path(invitations) if invitations is not None else default_out("invitations")
        refuse_another_partnerships(folder, [invitations_dir], "--invitations (or say whom with --to)")
        to = invited_to(invitations_dir)
    kind = KINDS["reminders"]
    out_dir = Path(out_dir) if out_dir is not None else kind.default_out
    writing = Writing(pdf=pdf or pdfa, pdfa=pdfa, force=force, force_edited=force_edited, progress=progress)
    started = time.monotonic()
    plan = kind.plan(folder, Options(to=to, eml=eml, pdf=pdf or pdfa, pdfa=pdfa, date=date or dt.date.today()))
    if not plan.files:  # nothing is due: the folder is left as it is
        day = format_date(date or dt.date.today())
        return Written(out_dir, (), 0, 0, time.monotonic() - started, noun=kind.noun, notes=plan.notes,
                       advice=(f"No reminder is due on {day}, so {out_dir} is left as it was",))
    return write_plan(kind, plan, out_dir, writing, folder, started=started)
