"""Networks: the registered municipalities grouped into networks of 8–10.

:func:`compose_networks` finds a line-up in which members share their
focus-area priorities and live near each other (how the two are measured
and weighed is in :mod:`kldocs.netscore`, how the line-up is searched for in
:mod:`kldocs.netsearch`), within the sizes and constraints of
``program.yaml``'s ``networks:`` settings (:mod:`kldocs.netplan`). Each
network gets the 3–5 focus areas its members prioritise most.

A line-up is written to and read back from ``networks.csv``
(:mod:`kldocs.netfile`); :func:`lineup_for_folder` gives other documents the
line-up of a programme folder — the consultant's edited ``networks.csv`` if
there is one — and :func:`network_context` what a template needs to say
"jeres netværk".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kldocs.exceptions import NetworkError, Problem
from kldocs.formatting import danish_sort_key
from kldocs.municipalities import Municipality, lookup
from kldocs.netplan import Constraints, check_capacity, plan_sizes, resolve_constraints, sizes_text
from kldocs.netscore import DEFAULT_MAX_RANK, Objective, Score, choose_focus_areas
from kldocs.netsearch import Instance, SearchSettings, solve
from kldocs.program import PROGRAM_FILE, FocusArea, NetworkSettings, Program, load_program
from kldocs.registrations import Registration, load_registrations

LINEUP_FILE = "networks.csv"
"""The line-up's file name, in an output folder and — when edited by hand — in the programme folder."""


@dataclass(frozen=True)
class Network:
    """One network: its number, its members in Danish order, its focus areas and its figures."""

    number: int
    members: tuple[Registration, ...]
    focus_areas: tuple[FocusArea, ...]
    score: Score

    @property
    def municipalities(self) -> tuple[Municipality, ...]:
        """The members' municipalities, in Danish order."""
        return tuple(r.municipality for r in self.members)

    @property
    def size(self) -> int:
        """The number of members."""
        return len(self.members)

    @property
    def name(self) -> str:
        """``Netværk 2``."""
        return f"Netværk {self.number}"

    def shared_by(self, area: FocusArea) -> tuple[Registration, ...]:
        """The members that prioritised ``area``."""
        return tuple(r for r in self.members if any(p.area.id == area.id for p in r.priorities))

    def first_priorities_covered(self) -> int:
        """How many members have their first priority among the network's focus areas."""
        ids = {a.id for a in self.focus_areas}
        return sum(1 for r in self.members if r.priorities and r.priorities[0].area.id in ids)


@dataclass(frozen=True)
class Lineup:
    """The networks of a partnership, numbered 1, 2, …, with the figures of the whole line-up."""

    networks: tuple[Network, ...]
    score: Score
    travel_weight: float
    notes: tuple[str, ...] = ()
    """What the user should know, e.g. that the sizes break the settings."""
    source: Path | None = None
    """The ``networks.csv`` the line-up was read from; None when it was computed."""

    def __iter__(self) -> Any:
        return iter(self.networks)

    def __len__(self) -> int:
        return len(self.networks)

    @property
    def sizes(self) -> tuple[int, ...]:
        """The networks' sizes, in network order."""
        return tuple(n.size for n in self.networks)

    @property
    def assignment(self) -> dict[int, int]:
        """Municipality code → network number."""
        return {r.municipality.code: n.number for n in self.networks for r in n.members}

    def network_of(self, municipality: Municipality | int | str) -> Network:
        """The network a municipality (or its code or name) belongs to; NetworkError if none."""
        m = municipality if isinstance(municipality, Municipality) else lookup(municipality)
        for network in self.networks:
            if any(r.municipality.code == m.code for r in network.members):
                return network
        raise NetworkError(f"{m.name} is in none of the networks")


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


def build_lineup(
    groups: Mapping[int, Sequence[int]],
    objective: Objective,
    settings: NetworkSettings,
    *,
    focus_areas: Mapping[int, tuple[FocusArea, ...]] | None = None,
    notes: Sequence[str] = (),
    source: Path | None = None,
) -> Lineup:
    """A Lineup from groups of indices into ``objective.registrations``, keyed by network number.

    Each network's focus areas are those its members prioritise most, unless
    ``focus_areas`` gives them (a hand-edited line-up).
    """
    networks = []
    regs = objective.registrations
    for number in sorted(groups):
        members = list(groups[number])
        ordered = tuple(sorted((regs[i] for i in members), key=lambda r: danish_sort_key(r.municipality.name)))
        areas = (focus_areas or {}).get(number) or choose_focus_areas(ordered, settings, objective.max_rank)
        networks.append(Network(number, ordered, areas, objective.score([members])))
    score = objective.score([list(g) for g in groups.values()])
    return Lineup(tuple(networks), score, objective.travel_weight, tuple(notes), source)


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
    from kldocs.netfile import read_lineup

    folder = Path(folder)
    program = program or load_program(folder)
    regs = registrations if registrations is not None else load_registrations(folder, program).items
    max_rank = program.registration.max_focus_areas
    path = folder / LINEUP_FILE
    if path.is_file():
        if count is not None:
            raise NetworkError(Problem(
                "--networks",
                f"{folder.name}/{LINEUP_FILE} fixes the line-up; rename or remove it to compute a new one",
            ))
        return read_lineup(path, regs, program.networks, catalogue=program.focus_areas.catalogue,
                           max_rank=max_rank)
    return compose_networks(regs, program.networks, count=count, max_rank=max_rank)


def member_context(m: Municipality) -> dict[str, Any]:
    """A network member as templates see it: code, names and region."""
    return {
        "code": m.code,
        "name": m.name,
        "official_name": m.official_name,
        "region": m.region,
        "region_short": m.region_short,
    }


def _area(a: FocusArea) -> dict[str, Any]:
    return {"id": a.id, "title": a.title, "description": a.description}


def network_context(lineup: Lineup, municipality: Municipality | int | str) -> dict[str, Any]:
    """What a template needs to say "jeres netværk" for one municipality.

    A dict of plain values: ``number`` (2), ``name`` ("Netværk 2"), ``size``,
    ``members`` (dicts with code, name, official_name, region, region_short,
    in Danish order), ``member_names``, ``other_names`` (the members but this
    municipality), ``focus_areas`` (dicts with id, title, description) and
    ``focus_area_titles``. In a template:
    ``I {{ network.name }} er I sammen med {{ network.other_names|and_list }}.``
    """
    network = lineup.network_of(municipality)
    own = municipality if isinstance(municipality, Municipality) else lookup(municipality)
    return network_dict(network) | {
        "other_names": [m.name for m in network.municipalities if m.code != own.code],
    }


def network_dict(network: Network) -> dict[str, Any]:
    """One network as plain values for templates (see :func:`network_context`)."""
    return {
        "number": network.number,
        "name": network.name,
        "size": network.size,
        "members": [member_context(m) for m in network.municipalities],
        "member_names": [m.name for m in network.municipalities],
        "focus_areas": [_area(a) for a in network.focus_areas],
        "focus_area_titles": [a.title for a in network.focus_areas],
        "mean_km": round(network.score.mean_km),
        "max_km": round(network.score.max_km),
    }
