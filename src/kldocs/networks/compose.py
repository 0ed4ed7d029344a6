"""Composing networks: the registered municipalities grouped into networks of 8–10.

:func:`compose_networks` finds a line-up in which members share their
focus-area priorities and live near each other (how the two are measured
and weighed is in :mod:`kldocs.networks.score`, how the line-up is searched
for in :mod:`kldocs.networks.search`), within the sizes and constraints of
``program.yaml``'s ``networks:`` settings (:mod:`kldocs.networks.plan`).
Each network gets the 3–5 focus areas its members prioritise most.
:func:`lineup_for_folder` gives other documents the line-up of a programme
folder — the consultant's edited ``networks.csv`` if there is one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from kldocs.errors import NetworkError, Problem
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import PROGRAM_FILE, NetworkSettings, Program, load_program
from kldocs.inputs.registrations import Registration, load_registrations
from kldocs.networks.csvfile import read_lineup
from kldocs.networks.lineup import LINEUP_FILE, Lineup, build_lineup
from kldocs.networks.plan import Constraints, check_capacity, plan_sizes, resolve_constraints, sizes_text
from kldocs.networks.score import DEFAULT_MAX_RANK, Objective
from kldocs.networks.search import Instance, SearchSettings, solve


def compose_networks(
    registrations: Sequence[Registration],
    settings: NetworkSettings,
    *,
    count: int | None = None,
    max_rank: int = DEFAULT_MAX_RANK,
    search: SearchSettings | None = None,
) -> Lineup:
    """Group the registered municipalities into networks; raise NetworkError if the constraints cannot be met.

    ``count`` asks for a number of networks (``--networks``); ``max_rank`` is
    the most priorities a registration may give (it sets the rank weights).
    The result does not depend on the order of ``registrations``.
    """
    regs = sorted(registrations, key=lambda r: r.municipality.code)
    codes = [r.municipality.code for r in regs]
    if len(set(codes)) != len(codes):
        raise NetworkError("a municipality is registered twice")
    plan = plan_sizes(len(regs), settings, count)
    constraints = resolve_constraints(settings, [r.municipality for r in regs], plan.count)
    names = {r.municipality.code: r.municipality.name for r in regs}
    check_capacity(plan, constraints, names)
    objective = Objective.build(regs, settings.travel_weight, max_rank)
    index = {code: i for i, code in enumerate(codes)}
    instance = Instance(
        pair=objective.pair,
        sizes=plan.sizes,
        pins={index[c]: number - 1 for c, number in constraints.pins.items()},
        together=[[index[c] for c in g] for g in constraints.together],
        apart=[[index[c] for c in g] for g in constraints.apart],
    )
    labels = solve(instance, search)
    if labels is None:
        raise NetworkError(_unsatisfiable(constraints, names, plan.sizes))
    groups = _numbered(labels, regs, constraints)
    notes = (plan.note,) if plan.note else ()
    return build_lineup(groups, objective, settings, notes=notes)


def _numbered(
    labels: Sequence[int], regs: Sequence[Registration], constraints: Constraints
) -> dict[int, list[int]]:
    """Groups of indices keyed by network number: pinned networks keep their number.

    The other networks are numbered in the official order of municipality
    codes (Hovedstaden, Sjælland, Syddanmark, Midtjylland, Nordjylland) by
    their median member, so numbers follow the map, not the search.
    """
    by_label: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    index = {r.municipality.code: i for i, r in enumerate(regs)}
    fixed = {labels[index[c]]: number for c, number in constraints.pins.items()}
    free_numbers = [n for n in range(1, len(by_label) + 1) if n not in fixed.values()]

    def order(label: int) -> tuple[int, int]:
        members = sorted(regs[i].municipality.code for i in by_label[label])
        return members[(len(members) - 1) // 2], members[0]

    free_labels = sorted((lab for lab in by_label if lab not in fixed), key=order)
    numbers = dict(fixed) | dict(zip(free_labels, free_numbers, strict=True))
    return {numbers[label]: members for label, members in by_label.items()}


def _unsatisfiable(constraints: Constraints, names: Mapping[int, str], sizes: Sequence[int]) -> Problem:
    parts = []
    if constraints.pins:
        parts.append("pin " + ", ".join(f"{names[c]} → {n}" for c, n in constraints.pins.items()))
    for group in constraints.together:
        parts.append("together " + ", ".join(names[c] for c in group))
    for group in constraints.apart:
        parts.append("apart " + ", ".join(names[c] for c in group))
    return Problem(
        f"{PROGRAM_FILE}, networks",
        f"no line-up of {sizes_text(sizes)} meets all of the constraints ({'; '.join(parts)}); "
        "loosen one of them",
    )


def lineup_for_folder(
    folder: Path,
    program: Program | None = None,
    registrations: Sequence[Registration] | None = None,
    *,
    count: int | None = None,
) -> Lineup:
    """The line-up of a programme folder: its ``networks.csv`` if present, otherwise computed.

    A consultant's edited ``networks.csv`` in the programme folder wins; it is
    read and checked against the registrations and settings. ``count``
    (``--networks``) only applies when the line-up is computed.
    """
    folder = Path(folder)
    program = program or load_program(folder)
    regs = registrations if registrations is not None else load_registrations(folder, program).items
    max_rank = program.registration.max_focus_areas
    path = folder / LINEUP_FILE
    if path.is_file():
        if count is not None:
            raise NetworkError(Problem(
                "--networks",
                f"{folder.absolute().name}/{LINEUP_FILE} fixes the line-up; rename or remove it to compute a new one",
            ))
        return read_lineup(path, regs, program.networks, catalogue=program.focus_areas.catalogue,
                           max_rank=max_rank)
    return compose_networks(regs, program.networks, count=count, max_rank=max_rank)


def folder_lineup(folder: Folder, count: int | None = None) -> Lineup:
    """The line-up of a programme folder (see :func:`lineup_for_folder`), found once per run and kept.

    Every document that shows the networks of one run shows the same line-up.
    """
    return folder.once(
        ("lineup", count),
        lambda: lineup_for_folder(folder.path, folder.program, folder.registrations.items, count=count),
    )
