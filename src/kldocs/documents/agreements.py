"""Agreements: the political partnership agreement of each registered municipality.

:func:`make_agreements` writes one agreement per registered municipality (or
the ones asked for) from the programme's ``agreement.docx`` — its own in
``templates/``, or the bundled one — through the document engine: every
input is checked and every record's data matched against the template
before anything is written, an existing agreement (perhaps edited or signed
by hand) is not replaced without ``force`` (or ``force_edited``), and the
output folder gets a ``manifest.json``. Without ``final`` each agreement is
a draft (UDKAST) and reads as one throughout: it is put before the council,
not approved or concluded.

A final agreement prints no blanks the data should have filled: a local goal
the programme asks for, a signatory's name or the council's approval date
missing is refused, one line per municipality (:func:`final_blanks`), unless
``agreement.allow_blanks`` in ``program.yaml`` asks for lines to fill in by
hand. One person signing for both parties is a problem ``kldocs check``
names and a warning of the agreements run (:func:`both_sides`).

The template sees ``program``, ``municipality``, ``registration``,
``invoice`` (the municipality's price, VAT and instalments, from
``program.pricing.invoice``), ``agreement`` (an :class:`AgreementView`: the
agreement's own texts and its signatories), ``missing_goals``, ``final`` and
``network`` (the municipality's network when the programme folder holds a
``networks.csv`` line-up, else None); see :func:`agreement_context`. A
template of one's own may also print further columns of the registrations
export as ``registration.extra["Kolonne"]``; :func:`check_extra_columns`
makes sure every chosen registration has them.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from kldocs.danish.filenames import check_relpath, municipality_stem
from kldocs.danish.formatting import danish_sort_key, genitive, lower_first
from kldocs.documents import agreement_text
from kldocs.documents.kinds import (
    Audience,
    Options,
    Plan,
    Record,
    RecordKind,
    checked_registrations,
    needs_registrations,
)
from kldocs.engine.cleantext import one_line
from kldocs.engine.output import data_hash, first_names, read_manifest
from kldocs.engine.template import CoreProperties
from kldocs.engine.templatevars import keys_read
from kldocs.engine.wordmark import broken
from kldocs.engine.zipguard import refusal
from kldocs.english import counted, joined
from kldocs.errors import InputError, KldocsError, Problem, Report, alternatives, locate
from kldocs.inputs.fieldtypes import Text
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import PROGRAM_FILE, Program, Signatory
from kldocs.inputs.registrations import Registration, Registrations
from kldocs.inputs.timeline import Timeline
from kldocs.networks.lineup import LINEUP_FILE, network_context
from kldocs.reference.municipalities import Municipality, lookup

KIND = "agreement"
TEMPLATE = "agreement.docx"
FILE_SUFFIX = "-partnerskabsaftale.docx"
"""Ending of each agreement's file name: ``0751-aarhus-partnerskabsaftale.docx``."""


_POINTS_PER_CM = 72 / 2.54


@dataclass(frozen=True)
class AgreementView:
    """What one municipality's agreement says beyond the programme: its own texts, its state and its signatories.

    The texts are ``program.yaml``'s ``agreement.preamble``, ``purpose``,
    ``binding``, ``withdrawal`` and ``invoicing``, or their Danish defaults
    (:mod:`kldocs.documents.agreement_text`).
    """

    preamble: Text
    purpose: Text
    binding: Text
    withdrawal: Text
    invoicing: Text
    concluded: bool
    """True for a final agreement whose council's approval date is known: only it says "er indgået", "er tiltrådt"."""
    local_goals: bool
    """Whether the municipality sets a local goal for each focus area (``agreement.local_goals``)."""
    mayor: Signatory
    """Who signs first for the municipality: its borgmester (overborgmester in København), by title and name."""
    director: Signatory
    """Who signs beside: its kommunaldirektør (administrerende direktør in København)."""
    chair: Signatory
    """Who signs first for the association: ``agreement.chair``."""
    association_director: Signatory
    """Who signs beside for the association: ``agreement.director``."""
    timeline: Timeline
    """The programme's time plan without the deadline the municipality signed up by (:func:`agreement_timeline`).

    The municipality has signed up, so "Deadline for tilmelding" no longer concerns it.
    """

    @staticmethod
    def side_by_side(left: str, right: str, left_cm: float, right_cm: float, size: float) -> list[tuple[str, str]]:
        """Two texts of the signature blocks in the lines each is printed in, side by side, at ``size`` points.

        The blocks are text on tab stops, so a title wider than its block
        would wrap back to the left margin, under the other party's name
        ("Teknikudvalg" under "Borgmester"): each is broken to its block's
        width here, and the shorter has empty lines beside the other's. A
        word wider than its block is left to the word processor.
        """
        lefts = broken(left, size, left_cm * _POINTS_PER_CM) or [left]
        rights = broken(right, size, right_cm * _POINTS_PER_CM) or [right]
        return list(itertools.zip_longest(lefts, rights, fillvalue=""))


def signatory(cell: str | None, title: str) -> Signatory:
    """A signatory from a registration's cell: ``Anne Hansen``, or ``Anne Hansen, stadsdirektør`` with its own title.

    ``title`` is the title the reference data gives (``borgmester``); a
    title after the name's comma replaces it. An empty cell has no name.
    """
    name, comma, own = (cell or "").partition(",")
    return Signatory(title=own.strip() or title if comma else title, name=name.strip() or None)


def municipality_signatories(registration: Registration) -> tuple[Signatory, Signatory]:
    """The municipality's two signatories: titles from the reference data, names (and own titles) from its row."""
    m = registration.municipality
    return signatory(registration.mayor, m.mayor_title), signatory(registration.director, m.director_title)


def agreement_view(program: Program, registration: Registration, *, final: bool = False) -> AgreementView:
    """The agreement's own texts, its state and its signatories, for one registered municipality."""
    mayor, director = municipality_signatories(registration)
    return AgreementView(
        preamble=agreement_text.preamble(program, registration),
        purpose=agreement_text.purpose(program, registration),
        binding=agreement_text.binding(program, registration),
        withdrawal=agreement_text.withdrawal(program, registration),
        invoicing=agreement_text.invoicing(program, registration),
        concluded=final and registration.approved is not None,
        local_goals=program.agreement.local_goals,
        mayor=mayor,
        director=director,
        chair=program.agreement.chair,
        association_director=program.agreement.director,
        timeline=agreement_timeline(program),
    )


def agreement_timeline(program: Program) -> Timeline:
    """The time plan as an agreement prints it: the programme's, without the deadlines of signing up.

    Those are the deadlines of signing up (:meth:`Program.signing_up_milestones`) on the
    registration deadline's day or the discount's: a deadline of signing up the participants
    for a meeting, on a day of its own, still concerns the municipality.
    """
    days = [program.registration.deadline.start]
    if program.pricing.discount is not None:
        days.append(program.pricing.discount.until)
    milestones = program.timeline.milestones
    return program.timeline.without({i for i in program.signing_up_milestones()
                                     if any(milestones[i].when.start <= day <= milestones[i].when.end for day in days)})


def agreement_context(
    program: Program, registration: Registration, *, final: bool = False,
    network: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What the agreement template of one registered municipality is filled with."""
    return {
        "program": program,
        "municipality": registration.municipality,
        "registration": registration,
        "invoice": program.pricing.invoice(registration.add_on_ids, municipality=registration.municipality,
                                           period=program.period, registered=registration.registered,
                                           interest=program.registration.is_interest),
        "agreement": agreement_view(program, registration, final=final),
        "missing_goals": program.agreement.local_goals and any(p.goal is None for p in registration.priorities),
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


def core_properties(program: Program, municipality: Municipality, *, final: bool) -> CoreProperties:
    """The document properties of an agreement, for people: what it is, with whom, about what.

    ``Udkast til politisk partnerskabsaftale om …`` until final; the
    municipality as subject; the programme's topic as its one keyword. The
    hash of the data it is made from is in the manifest, not here.
    """
    title = f"{program.agreement.title} om {program.topic}"
    if not final:
        title = f"Udkast til {lower_first(title)}"
    parties = f"{municipality.council_of} og {genitive(program.sender.name)} {program.sender.board}"
    return CoreProperties(
        title,
        created=program.created,
        subject=municipality.official_name,
        keywords=program.topic,
        author=program.sender.name,
        description=f"{'Aftale' if final else 'Udkast til aftale'} mellem {parties} om "
                    f"{municipality.genitive} deltagelse i partnerskabet.",
        category=FINAL_CATEGORY if final else DRAFT_CATEGORY,
    )


Agreement = Literal["draft", "final", "unknown"]

DRAFT_CATEGORY = "Partnerskabsaftale (udkast)"
FINAL_CATEGORY = "Partnerskabsaftale"
"""The category (core property) of a draft and of a final agreement: what tells them apart once written."""
_STATES: dict[str, Agreement] = {DRAFT_CATEGORY: "draft", FINAL_CATEGORY: "final"}
_CORE_BYTES = 1 << 20


def agreement_state(path: Path) -> Agreement:
    """Whether the agreement at ``path`` is a draft or final, as its category (a document property) says."""
    try:
        with zipfile.ZipFile(path) as package:
            if refusal(package.infolist(), "a Word document") is not None:
                return "unknown"
            info = package.getinfo("docProps/core.xml")
            if info.file_size > _CORE_BYTES:
                return "unknown"
            root = etree.fromstring(package.read(info), etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return "unknown"
    category = next((one_line(e.text or "") for e in root.iter() if etree.QName(e).localname == "category"), "")
    return _STATES.get(category.strip(), "unknown")


def final_agreements(out_dir: Path | None, chosen: Sequence[Registration]) -> list[str]:
    """The file names of the final agreements ``out_dir`` holds of ``chosen``, in their order.

    A final agreement is what a council approved and both parties signed: a run of drafts (a ``--force``
    after a change, a ``kldocs build``) leaves it as it is rather than make it UDKAST again.
    """
    if out_dir is None:
        return []
    return [name for r in chosen if (Path(out_dir) / (name := agreement_filename(r.municipality))).is_file()
            and agreement_state(Path(out_dir) / name) == "final"]


def _finals_left(finals: Sequence[str]) -> str:
    """The note, or the refusal, on final agreements a run of drafts leaves as they are."""
    one = len(finals) == 1
    return (f"{counted(len(finals), 'final agreement')} left as {'it is' if one else 'they are'}, not made "
            f"{'a draft' if one else 'drafts'} again ({first_names(finals)}); write {'it' if one else 'them'} with "
            "--final")


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


def final_blanks(program: Program, registration: Registration) -> list[str]:
    """What a final agreement of ``registration`` would print as a line to fill in by hand, as its columns name it.

    The local goals the programme asks for (``agreement.local_goals``), the
    municipality's signatories' names and the council's approval date; empty
    when the row gives everything.
    """
    cols = program.registration.columns
    mayor, director = municipality_signatories(registration)
    blanks = []
    if program.agreement.local_goals:
        ranks = [str(p.rank) for p in registration.priorities if p.goal is None]
        if ranks:
            which = f"goal of focus area {ranks[0]}" if len(ranks) == 1 else f"goals of focus areas {joined(ranks)}"
            blanks.append(f"'{cols.goal}' (the local {which})")
    for person, column in ((mayor, cols.mayor), (director, cols.director)):
        if not person.has_name:
            blanks.append(f"'{column}' (the name of the {person.title})")
    if registration.approved is None:
        blanks.append(f"'{cols.approved}' (the date the council approved it)")
    return blanks


def association_blanks(program: Program) -> list[Problem]:
    """The association's signatories a final agreement would have no name for, one problem each in ``program.yaml``."""
    agreement = program.agreement
    return [
        Problem(f"{PROGRAM_FILE}, agreement.{key}.name",
                f"is empty, but a final agreement prints the name of {genitive(program.sender.name)} {person.title}")
        for key, person in (("chair", agreement.chair), ("director", agreement.director))
        if not person.has_name
    ]


ALLOW_BLANKS = (
    f"To print lines to fill in by hand instead, set agreement.allow_blanks: ja in {PROGRAM_FILE}; "
    "or make drafts, without --final"
)


def check_final(program: Program, registrations: Registrations, chosen: Sequence[Registration]) -> None:
    """Raise InputError when a final agreement would print blanks: a line per municipality, and a hint."""
    problems = association_blanks(program)
    for r in chosen:
        blanks = final_blanks(program, r)
        if blanks:
            problems.append(Problem(locate(registrations.path.name, r.row),
                                    f"the final agreement of {r.municipality.name} needs {joined(blanks)}"))
    if problems:
        raise InputError(problems, hint=ALLOW_BLANKS)


def withdrawn_notes(out_dir: Path | None, registrations: Registrations) -> list[str]:
    """A warning for each municipality whose agreement ``out_dir`` holds (as its manifest says) but is not registered.

    It withdrew, perhaps. The run leaves such an agreement (perhaps signed)
    and its PDF and e-mail draft as they are, as it leaves every file it does
    not write; the line says so, naming the files, and what to do about them.
    """
    if out_dir is None:
        return []
    registered = {r.municipality.code for r in registrations}
    kinds = (KIND, f"{KIND}-pdf", f"{KIND}-eml")
    left: dict[int, list[str]] = {}
    for path, entry in sorted((read_manifest(Path(out_dir)) or {}).items()):
        if entry.get("kind") not in kinds or check_relpath(path) or not (Path(out_dir) / path).is_file():
            continue
        try:
            m = lookup(entry.get("municipality_code"))
        except KldocsError:
            continue
        if m.code not in registered:
            left.setdefault(m.code, []).append(path)
    return [f"Warning: {lookup(code).name} is not registered in {registrations.path.name} (withdrawn?), but its "
            f"agreement is still in {out_dir} ({', '.join(paths)}); this run leaves it as it was: move it out of the "
            f"folder if {lookup(code).name} has left the partnership"
            for code, paths in sorted(left.items(), key=lambda item: danish_sort_key(lookup(item[0]).name))]


def _person(name: str | None) -> str:
    return re.sub(r"\s+", " ", (name or "").strip()).casefold()


def both_sides(program: Program, registration: Registration, source: str = "registrations.csv") -> list[Problem]:
    """A problem for each person who would sign ``registration``'s agreement for both parties.

    The municipality's borgmester or kommunaldirektør is compared with the
    association's chair and director by name (case and spacing aside):
    ``Jacob Bundsgaard`` was both Aarhus' borgmester and KL's formand. ``source``
    is the registrations file the problems name.
    """
    cols = program.registration.columns
    mayor, director = municipality_signatories(registration)
    ours = ((mayor, cols.mayor), (director, cols.director))
    theirs = (program.agreement.chair, program.agreement.director)
    sender = program.sender.name
    m = registration.municipality
    return [
        Problem(locate(source, registration.row, column),
                f"{person.name} would sign the agreement of {m.name} for both parties, as {person.title} of "
                f"{m.official_name} and as {other.title} of {sender}; each party needs its own signatory")
        for person, column in ours if person.has_name
        for other in theirs if other.has_name and _person(other.name) == _person(person.name)
    ]


class Agreements(RecordKind):
    """The political partnership agreement of each registered municipality (or those asked for)."""

    name = "agreements"
    label = "Agreements"
    template = TEMPLATE
    audience = Audience.REGISTERED
    kind = KIND

    def skipped(self, folder: Folder, options: Options | None = None) -> str | None:
        """Skipped until there are registrations, and by a run of drafts when every agreement there is final."""
        reason = needs_registrations(folder)
        if reason is not None or options is None or options.final or options.out_dir is None:
            return reason
        chosen = choose_registrations(folder.registrations, options.municipalities)
        if chosen and len(final_agreements(options.out_dir, chosen)) == len(chosen):
            return "every agreement is final (write them again with --final)"
        return None

    def records(self, folder: Folder, options: Options) -> list[Record]:
        """One agreement per chosen registration.

        Raises a :class:`~kldocs.errors.KldocsError` for a bad programme or
        registrations file, an unknown or unregistered municipality, a
        registration lacking a column the template uses, or, for final
        agreements, anything they would print blank (unless
        ``agreement.allow_blanks``).
        """
        program = folder.program
        registrations = folder.registrations
        chosen = choose_registrations(registrations, options.municipalities)
        if not options.final and (finals := final_agreements(options.out_dir, chosen)):  # left as they are
            if len(finals) == len(chosen):
                raise InputError(Problem(str(options.out_dir), f"no agreement to write: {_finals_left(finals)}"))
            chosen = tuple(r for r in chosen if agreement_filename(r.municipality) not in finals)
        check_extra_columns(folder.template_bytes(TEMPLATE), TEMPLATE, registrations, chosen)
        if options.final and not program.agreement.allow_blanks:
            check_final(program, registrations, chosen)
        networks = network_contexts(folder, registrations)
        records = []
        for registration in chosen:
            municipality = registration.municipality
            network = networks.get(municipality.code)
            digest = data_hash(agreement_data(program, registration, final=options.final, network=network))
            records.append(Record(
                stem=agreement_filename(municipality).removesuffix(".docx"), label=municipality.name,
                context=agreement_context(program, registration, final=options.final, network=network),
                properties=core_properties(program, municipality, final=options.final), digest=digest,
                municipality_code=municipality.code4,
            ))
        return records

    def plan(self, folder: Folder, options: Options) -> Plan:
        """The agreements' files, with a warning for each person who would sign for both parties.

        Final agreements that print lines to fill in by hand
        (``agreement.allow_blanks``) are named in a note, so are the final
        agreements a run of drafts leaves as they are, and an agreement the
        output folder holds for a municipality no longer registered in a
        warning (:func:`withdrawn_notes`).
        """
        plan = super().plan(folder, options)
        program = folder.program
        chosen = [record.context["registration"] for record in plan.computed]
        source = folder.registrations.path.name
        notes = [f"Warning: {p}" for r in chosen for p in both_sides(program, r, source)]
        if not options.final:  # the registrations asked for that records() left out: those of final agreements
            written = {r.municipality.code for r in chosen}
            finals = [agreement_filename(r.municipality)
                      for r in choose_registrations(folder.registrations, options.municipalities)
                      if r.municipality.code not in written]
            notes += [f"Note: {_finals_left(finals)}"] if finals else []
        notes += withdrawn_notes(options.out_dir, folder.registrations)
        if options.final:
            blank = [r.municipality.name for r in chosen if final_blanks(program, r)]
            if blank or association_blanks(program):
                who = joined(blank) if blank else "every municipality"
                notes.append(f"Note: the final agreements have lines to fill in by hand (agreement.allow_blanks): "
                             f"{who}")
        return dataclasses.replace(plan, notes=(*plan.notes, *notes))

    def check(self, folder: Folder, report: Report) -> None:
        """The agreement template and the registrations it is filled from fit together, and no one signs twice."""
        registrations = checked_registrations(folder)
        if registrations is None:
            return
        self.plan(folder, Options())
        report.problems += [str(p) for r in registrations
                            for p in both_sides(folder.program, r, registrations.path.name)]
        report.ok.append(f"{TEMPLATE}: fits the {len(registrations)} registrations")
