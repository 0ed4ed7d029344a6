"""How good a line-up is: shared priorities, travel, and the two weighed together.

**Agreement.** A municipality's priorities become weights by rank: with up
to five priorities, the first weighs 1, the second 0.8, … the fifth 0.2
(``(R + 1 − rank) / R``). Two municipalities agree by the sum, over the focus
areas both chose, of the product of their weights: sharing a first priority
gives 1, a first and a second 0.8, two fifth priorities 0.04.

**Travel.** The great-circle distance between two members' points. A
network's travel is the mean over all its pairs (the sum over pairs divided
by their number). The sum, not the maximum, because meetings move between
members' town halls, so everyone's journeys count — and because the maximum
hides every pair but one, so a line-up could make many journeys longer
without the figure moving. The longest distance is reported beside it.

**The objective** weighs the two with ``travel_weight`` (0 = priorities
only, 1 = travel only). Each pair's agreement and distance are first put on
one scale: minus the mean over all pairs of registered municipalities,
divided by the standard deviation over those pairs. A pair's value is then
``(1 − w)·agreement_z − w·distance_z``, and a line-up's objective is the mean
over the pairs inside its networks: 0 is what a line-up drawn at random
gets on average, higher is better, and at ``travel_weight`` 0.5 a typical
difference in travel weighs the same as a typical difference in priorities.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kldocs.inputs.program import FocusArea, NetworkSettings
from kldocs.inputs.registrations import Registration
from kldocs.reference.geo import distance_matrix

Matrix = npt.NDArray[np.float64]

DEFAULT_MAX_RANK = 5
"""The number of priorities a registration may give unless the programme says otherwise."""


def rank_weight(rank: int, max_rank: int = DEFAULT_MAX_RANK) -> float:
    """The weight of a priority at ``rank`` (1 = first): 1 for the first, falling by 1/R per rank."""
    return (max_rank + 1 - rank) / max_rank


@dataclass(frozen=True)
class Score:
    """The figures of a line-up or of one network.

    ``agreement`` is the mean agreement of the pairs inside the networks,
    ``mean_km`` their mean distance, ``max_km`` the longest distance between
    two members of one network, and ``objective`` the mean pair value
    (0 = as good as a random line-up on average, higher is better).
    """

    agreement: float
    mean_km: float
    max_km: float
    objective: float


@dataclass(frozen=True)
class Objective:
    """The pair values of a set of registrations, in the order of ``registrations``."""

    registrations: tuple[Registration, ...]
    areas: tuple[FocusArea, ...]
    """Every focus area some registration chose, by id."""
    weights: Matrix
    """Municipality × focus area: the rank weight of each priority (0 where not chosen)."""
    agreement: Matrix
    distance: Matrix
    travel_weight: float
    max_rank: int
    agreement_mean: float
    agreement_sd: float
    distance_mean: float
    distance_sd: float
    pair: Matrix
    """The combined, normalised value of each pair; the line-up objective averages it."""

    @classmethod
    def build(
        cls,
        registrations: Sequence[Registration],
        travel_weight: float,
        max_rank: int = DEFAULT_MAX_RANK,
    ) -> Objective:
        """The pair values of ``registrations`` with ``travel_weight`` between 0 and 1."""
        regs = tuple(registrations)
        max_rank = max([max_rank, *(len(r.priorities) for r in regs)])
        by_id = {p.area.id: p.area for r in regs for p in r.priorities}
        areas = tuple(by_id[i] for i in sorted(by_id))
        column = {a.id: j for j, a in enumerate(areas)}
        weights = np.zeros((len(regs), len(areas)), dtype=np.float64)
        for i, r in enumerate(regs):
            for p in r.priorities:
                weights[i, column[p.area.id]] = rank_weight(p.rank, max_rank)
        agreement = weights @ weights.T
        np.fill_diagonal(agreement, 0.0)
        distance = distance_matrix([r.municipality for r in regs])
        a_mean, a_sd = _pair_stats(agreement)
        d_mean, d_sd = _pair_stats(distance)
        w = float(travel_weight)
        pair = (1 - w) * (agreement - a_mean) / a_sd - w * (distance - d_mean) / d_sd
        np.fill_diagonal(pair, 0.0)
        return cls(regs, areas, weights, agreement, distance, w, max_rank,
                   a_mean, a_sd, d_mean, d_sd, pair)

    @property
    def size(self) -> int:
        """The number of municipalities."""
        return len(self.registrations)

    def score(self, groups: Sequence[Sequence[int]]) -> Score:
        """The figures of a line-up given as groups of indices into ``registrations``.

        Groups and their members are put in order first, so the figures do not
        depend on the order in which a line-up lists them.
        """
        ordered = sorted(sorted(g) for g in groups)
        pairs = [(i, j) for g in ordered for x, i in enumerate(g) for j in g[x + 1:]]
        if not pairs:
            return Score(0.0, 0.0, 0.0, 0.0)
        rows = np.array([p[0] for p in pairs])
        cols = np.array([p[1] for p in pairs])
        return Score(
            agreement=float(self.agreement[rows, cols].mean()),
            mean_km=float(self.distance[rows, cols].mean()),
            max_km=float(self.distance[rows, cols].max()),
            objective=float(self.pair[rows, cols].mean()),
        )


def _pair_stats(matrix: Matrix) -> tuple[float, float]:
    """Mean and standard deviation over the pairs above the diagonal (sd 1 when all are equal)."""
    n = matrix.shape[0]
    if n < 2:
        return 0.0, 1.0
    values = matrix[np.triu_indices(n, k=1)]
    mean = float(values.mean())
    sd = float(values.std())
    return mean, sd if sd > 1e-12 else 1.0


@dataclass(frozen=True)
class AreaWeight:
    """How strongly one network prioritises one focus area."""

    area: FocusArea
    weight: float
    """The sum of the members' rank weights for it."""
    chosen_by: int
    """How many members prioritised it at all."""
    best_rank: int


def area_weights(members: Sequence[Registration], max_rank: int = DEFAULT_MAX_RANK) -> list[AreaWeight]:
    """The focus areas a group of members chose, strongest first.

    Ties are broken by how many members chose the area, then by the best
    rank any member gave it, then by the area's id, so the order never
    depends on the order of the members.
    """
    max_rank = max([max_rank, *(len(r.priorities) for r in members)])
    found: dict[str, list[float]] = {}
    areas: dict[str, FocusArea] = {}
    best: dict[str, int] = {}
    for r in members:
        for p in r.priorities:
            areas[p.area.id] = p.area
            found.setdefault(p.area.id, []).append(rank_weight(p.rank, max_rank))
            best[p.area.id] = min(best.get(p.area.id, p.rank), p.rank)
    weights = [
        AreaWeight(areas[i], math.fsum(ws), len(ws), best[i]) for i, ws in found.items()
    ]
    weights.sort(key=lambda a: (-round(a.weight, 9), -a.chosen_by, a.best_rank, a.area.id))
    return weights


def choose_focus_areas(
    members: Sequence[Registration], settings: NetworkSettings, max_rank: int = DEFAULT_MAX_RANK
) -> tuple[FocusArea, ...]:
    """A network's focus areas: those its members prioritise most.

    The ``min_focus_areas`` strongest (by summed rank weight) are always
    taken; then, up to ``max_focus_areas`` in all, the next strongest as long
    as at least half of the members prioritised it.
    """
    half = len(members) / 2
    chosen: list[FocusArea] = []
    for a in area_weights(members, max_rank):
        if len(chosen) >= settings.max_focus_areas:
            break
        if len(chosen) >= settings.min_focus_areas and a.chosen_by < half:
            break
        chosen.append(a.area)
    return tuple(chosen)
