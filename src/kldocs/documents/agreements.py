"""Agreements: the political partnership agreement of each registered municipality.

:func:`make_agreements` writes one agreement per registered municipality (or
the ones asked for) from the programme's ``agreement.docx`` — its own in
``templates/``, or the bundled one — through the document engine: every
input is checked and every record's data matched against the template
before anything is written, an existing agreement (perhaps edited or signed
by hand) is not replaced without ``force`` (or ``force_edited``), and the
output folder gets a ``manifest.json``. Without ``final`` each agreement is
marked as a draft (UDKAST).

The template sees ``program``, ``municipality``, ``registration``,
``invoice`` (the municipality's price from ``program.pricing.invoice``),
``missing_goals``, ``final`` and ``network`` (the municipality's network
when the programme folder holds a ``networks.csv`` line-up, else None); see
:func:`agreement_context`. A template of one's own may also print further
columns of the registrations export as ``registration.extra["Kolonne"]``;
:func:`check_extra_columns` makes sure every chosen registration has them.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from kldocs.danish.filenames import municipality_stem
from kldocs.documents.kinds import Audience, Options, Record, RecordKind, checked_registrations
from kldocs.engine.output import data_hash
from kldocs.engine.template import CoreProperties
from kldocs.engine.templatevars import keys_read
from kldocs.errors import InputError, KldocsError, Problem, Report, alternatives, locate
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import Program
from kldocs.inputs.registrations import Registration, Registrations
from kldocs.networks.lineup import LINEUP_FILE, network_context
from kldocs.reference.municipalities import Municipality, lookup

KIND = "agreement"
TEMPLATE = "agreement.docx"
FILE_SUFFIX = "-partnerskabsaftale.docx"
"""Ending of each agreement's file name: ``0751-aarhus-partnerskabsaftale.docx``."""


def agreement_context(
    program: Program, registration: Registration, *, final: bool = False,
    network: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What the agreement template of one registered municipality is filled with."""
    return {
        "program": program,
        "municipality": registration.municipality,
        "registration": registration,
        "invoice": program.pricing.invoice(registration.add_on_ids),
        "missing_goals": any(p.goal is None for p in registration.priorities),
        "final": final,
        "network": network,
    }


def agreement_data(
    program: Program, registration: Registration, *, final: bool = False,
    network: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The data an agreement is made from, as :func:`kldocs.engine.output.data_hash` hashes it.

    The registration's row number is left out: moving a row in the export
    does not change the agreement.
    """
    return {
        "kind": KIND,
        "program": program,
        "registration": dataclasses.replace(registration, row=0),
        "final": final,
        "network": network,
    }


def core_properties(program: Program, municipality: Municipality, digest: str, *, final: bool) -> CoreProperties:
    """The document properties of an agreement: title, the municipality as subject, and the data's hash."""
    state = "Politisk partnerskabsaftale" if final else "Udkast til politisk partnerskabsaftale"
    return CoreProperties(
        f"{program.agreement.title}: {program.title}",
        created=program.created,
        subject=municipality.official_name,
        keywords=f"{program.short_title}; data-sha256:{digest}",
        author=program.sender.name,
        description=f"{state} mellem {municipality.official_name} og {program.sender.name}. "
                    f"Lavet af kldocs ud fra data med SHA-256 {digest}.",
        category="Partnerskabsaftale" if final else "Partnerskabsaftale (udkast)",
    )


def agreement_filename(municipality: Municipality) -> str:
    """``0751-aarhus-partnerskabsaftale.docx``."""
    stem = municipality_stem(municipality.code, municipality.name)
    return stem + FILE_SUFFIX


def choose_registrations(registrations: Registrations, wanted: Sequence[str] = ()) -> tuple[Registration, ...]:
    """The registrations of the municipalities named (by code or name), or all of them when none are named.

    Raises :class:`InputError` naming every entry that is not a municipality
    (with "did you mean …") or not registered (with the registered ones).
    """
    if not wanted:
        return registrations.items
    by_code = registrations.by_code()
    chosen: set[int] = set()
    problems: list[Problem] = []
    for query in wanted:
        try:
            municipality = lookup(query)
        except KldocsError as exc:
            problems += [Problem("--municipality", p) for p in exc.problems]
            continue
        if municipality.code in by_code:
            chosen.add(municipality.code)
        else:
            problems.append(Problem("--municipality", _not_registered(municipality, registrations)))
    if problems:
        raise InputError(problems)
    return tuple(r for r in registrations if r.municipality.code in chosen)


def _not_registered(municipality: Municipality, registrations: Registrations) -> str:
    names = [m.name for m in registrations.municipalities]
    close = difflib.get_close_matches(municipality.name, names, n=2, cutoff=0.75)
    hint = f"did you mean {alternatives(close)}? " if close else ""
    return (
        f"{municipality.official_name} is not registered in {registrations.path.name}; "
        f"{hint}registered are {', '.join(names)}"
    )


def network_contexts(folder: Folder, registrations: Registrations) -> dict[int, dict[str, Any]]:
    """Each municipality's network (by code) from the folder's ``networks.csv``; empty when it has none.

    A computed line-up is not used: an agreement names a network only once
    the consultant has settled it in ``networks.csv``.
    """
    if not (folder.path / LINEUP_FILE).is_file():
        return {}
    from kldocs.networks.compose import folder_lineup  # the line-up's search needs numpy: only when used

    lineup = folder_lineup(folder)
    return {r.municipality.code: network_context(lineup, r.municipality) for r in registrations}


def extra_columns(template_data: bytes, name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The further columns a template reads as ``registration.extra[...]``, and those it reads only guardedly.

    ``registration.extra.Forvaltning`` and ``registration.extra["Forvaltning"]``
    both count; ``registration.extra.get(...)`` and ``is defined`` cope
    without the column.
    """
    return keys_read(template_data, name, ("registration", "extra"))


def check_extra_columns(
    template_data: bytes, template_name: str, registrations: Registrations, chosen: Sequence[Registration],
) -> None:
    """Raise InputError for each chosen registration lacking a further column the template prints.

    Every missing cell is reported at once, with the file, row and column.
    """
    used, guarded = extra_columns(template_data, template_name)
    required = sorted(used - guarded)
    if not required:
        return
    source = registrations.path.name
    headers = {key for r in registrations for key in r.extra}
    problems: list[Problem] = []
    for column in required:
        lacking = [r for r in chosen if column not in r.extra]
        if not lacking:
            continue
        if column not in headers:
            problems.append(Problem(source, f"has no column '{column}' with a value, but {template_name} "
                                            f"uses registration.extra['{column}']"))
            continue
        problems += [
            Problem(locate(source, r.row, column),
                    f"is empty for {r.municipality.name}, but {template_name} uses it")
            for r in lacking
        ]
    if problems:
        raise InputError(problems)


class Agreements(RecordKind):
    """The political partnership agreement of each registered municipality (or those asked for)."""

    name = "agreements"
    label = "Agreements"
    template = TEMPLATE
    audience = Audience.REGISTERED
    kind = KIND

    def skipped(self, folder: Folder) -> str | None:
        """Skipped until there are registrations."""
        return None if folder.has_registrations else "there are no registrations yet"

    def records(self, folder: Folder, options: Options) -> list[Record]:
        """One agreement per chosen registration.

        Raises a :class:`~kldocs.errors.KldocsError` for a bad programme or
        registrations file, an unknown or unregistered municipality, or a
        registration lacking a column the template uses.
        """
        program = folder.program
        registrations = folder.registrations
        chosen = choose_registrations(registrations, options.municipalities)
        check_extra_columns(folder.template_bytes(TEMPLATE), TEMPLATE, registrations, chosen)
        networks = network_contexts(folder, registrations)
        records = []
        for registration in chosen:
            municipality = registration.municipality
            network = networks.get(municipality.code)
            digest = data_hash(agreement_data(program, registration, final=options.final, network=network))
            records.append(Record(
                stem=agreement_filename(municipality).removesuffix(".docx"), label=municipality.name,
                context=agreement_context(program, registration, final=options.final, network=network),
                properties=core_properties(program, municipality, digest, final=options.final), digest=digest,
                municipality_code=municipality.code4,
            ))
        return records

    def check(self, folder: Folder, report: Report) -> None:
        """The agreement template and the registrations it is filled from fit together."""
        registrations = checked_registrations(folder)
        if registrations is None:
            return
        self.plan(folder, Options())
        report.ok.append(f"{TEMPLATE}: fits the {len(registrations)} registrations")
