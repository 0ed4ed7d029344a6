"""A line-up of networks: who is in which network, its focus areas and its figures.

A line-up is composed by :mod:`kldocs.networks.compose`, written to and read
back from ``networks.csv`` by :mod:`kldocs.networks.csvfile`;
:func:`network_context` gives a template what it needs to say "jeres netværk".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kldocs.danish.formatting import danish_sort_key
from kldocs.errors import NetworkError
from kldocs.inputs.program import FocusArea, NetworkSettings
from kldocs.inputs.registrations import Registration
from kldocs.reference.municipalities import Municipality, lookup

if TYPE_CHECKING:  # the score needs numpy, which a line-up's readers need not load
    from kldocs.networks.score import Objective, Score

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
    from kldocs.networks.score import choose_focus_areas

    networks = []
    regs = objective.registrations
    for number in sorted(groups):
        members = list(groups[number])
        ordered = tuple(sorted((regs[i] for i in members), key=lambda r: danish_sort_key(r.municipality.name)))
        areas = (focus_areas or {}).get(number) or choose_focus_areas(ordered, settings, objective.max_rank)
        networks.append(Network(number, ordered, areas, objective.score([members])))
    score = objective.score([list(g) for g in groups.values()])
    return Lineup(tuple(networks), score, objective.travel_weight, tuple(notes), source)


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
