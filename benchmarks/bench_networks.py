"""How good and how fast are the toolkit's network line-ups?

Run:  .venv/bin/python benchmarks/bench_networks.py

Prints, side by side, the objective (mean normalised pair value inside the
networks; 0 = a random line-up on average, higher is better), the mean
agreement of priorities and the mean distance between members of:

- a random line-up of the same sizes (median of 100),
- a line-up by region (municipalities ordered by region and code and cut
  into networks in that order — what a consultant with a spreadsheet does),
- the toolkit's line-up,

for the example programme and for 26 and 60 synthetic registrations; then,
on small instances (16–18 municipalities, two networks), the exact optimum
found by exhaustive search and the toolkit's gap to it; and the time for
all 98 municipalities.
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kldocs.inputs.program import NetworkSettings, load_program
from kldocs.inputs.registrations import Priority, Registration, load_registrations
from kldocs.networks.compose import compose_networks
from kldocs.networks.plan import plan_sizes
from kldocs.networks.score import Objective
from kldocs.networks.search import SearchSettings
from kldocs.reference.municipalities import REGIONS, registry

ROOT = Path(__file__).resolve().parent.parent
os.environ["KLDOCS_NO_CACHE"] = "1"  # the search is measured, not the cache of its answers
EXAMPLE = ROOT / "fixtures" / "programs" / "staerke-boernefaellesskaber-2021"
LONG = SearchSettings(seed=1, starts=24, steps=2000)
"""A search ten times longer than the default, to see how far the default is from the best known."""


def synthetic(n: int, seed: int, catalogue: Sequence[object]) -> list[Registration]:
    """``n`` municipalities drawn at random, each with 3–5 priorities from the catalogue.

    Some focus areas are more popular than others (weights 8, 7, … 1), as in
    real registrations, and each municipality ranks its picks at random.
    """
    rng = np.random.default_rng(seed)
    everyone = list(registry().all)
    chosen = rng.choice(len(everyone), size=n, replace=False)
    popularity = np.arange(len(catalogue), 0, -1, dtype=float)
    popularity /= popularity.sum()
    regs = []
    for row, i in enumerate(sorted(chosen), start=2):
        k = int(rng.integers(3, 6))
        picks = rng.choice(len(catalogue), size=k, replace=False, p=popularity)
        priorities = tuple(Priority(rank, catalogue[int(a)]) for rank, a in enumerate(picks, start=1))  # type: ignore[arg-type]
        regs.append(Registration(
            row=row, municipality=everyone[int(i)], contact_name="Test", contact_title=None,
            email="test@example.dk", phone=None, priorities=priorities, participants=3,
            politicians=0, add_ons=(),
        ))
    return regs


def chop(order: Sequence[int], sizes: Sequence[int]) -> list[list[int]]:
    groups, start = [], 0
    for s in sizes:
        groups.append(list(order[start:start + s]))
        start += s
    return groups


def baselines(regs: Sequence[Registration], settings: NetworkSettings) -> None:
    sizes = plan_sizes(len(regs), settings).sizes
    # The objective of the toolkit's line-up, in the toolkit's own order of registrations.
    start = time.perf_counter()
    lineup = compose_networks(regs, settings)
    elapsed = time.perf_counter() - start
    objective = Objective.build(sorted(regs, key=lambda r: r.municipality.code), settings.travel_weight)
    rng = np.random.default_rng(7)
    randoms = [objective.score(chop(rng.permutation(len(regs)).tolist(), sizes)) for _ in range(100)]
    by_region = sorted(
        range(len(regs)),
        key=lambda i: (REGIONS.index(objective.registrations[i].municipality.region),
                       objective.registrations[i].municipality.code),
    )
    region = objective.score(chop(by_region, sizes))
    ours = lineup.score
    print(f"  sizes {', '.join(map(str, sizes))}")
    print(f"  {'line-up':<28}{'objective':>10}{'agreement':>11}{'mean km':>9}{'max km':>8}")
    rnd_obj = statistics.median(s.objective for s in randoms)
    print(f"  {'random (median of 100)':<28}{rnd_obj:>10.3f}"
          f"{statistics.median(s.agreement for s in randoms):>11.3f}"
          f"{statistics.median(s.mean_km for s in randoms):>9.0f}"
          f"{statistics.median(s.max_km for s in randoms):>8.0f}")
    print(f"  {'by region':<28}{region.objective:>10.3f}{region.agreement:>11.3f}"
          f"{region.mean_km:>9.0f}{region.max_km:>8.0f}")
    print(f"  {'kldocs':<28}{ours.objective:>10.3f}{ours.agreement:>11.3f}"
          f"{ours.mean_km:>9.0f}{ours.max_km:>8.0f}   ({elapsed:.2f} s)")
    if region.objective > 0:
        print(f"  kldocs / by region: {ours.objective / region.objective:.2f}×")
    if len(regs) >= 50:
        t0 = time.perf_counter()
        long = compose_networks(regs, settings, search=LONG).score.objective
        t1 = time.perf_counter()
        print(f"  a long search ({LONG.starts} starts × {LONG.steps} steps, {t1 - t0:.0f} s): {long:.3f}; "
              f"kldocs is {max(0.0, (long - ours.objective) / long):.2%} below it")


def exact_two(objective: Objective, sizes: Sequence[int]) -> float:
    """The best objective over every split into two networks of ``sizes``, by exhaustive search."""
    n = objective.size
    big = sizes[0]
    pair = objective.pair
    best = -np.inf
    elements = range(n)
    # With equal sizes, fix element 0 in the first network to skip mirror images.
    if sizes[0] == sizes[1]:
        subsets = ((0, *rest) for rest in itertools.combinations(range(1, n), big - 1))
    else:
        subsets = itertools.combinations(elements, big)
    batch: list[tuple[int, ...]] = []
    pairs = sum(s * (s - 1) // 2 for s in sizes)

    def flush() -> float:
        x = np.zeros((len(batch), n))
        for row, subset in enumerate(batch):
            x[row, list(subset)] = 1.0
        y = 1.0 - x
        within = ((x @ pair) * x).sum(axis=1) + ((y @ pair) * y).sum(axis=1)
        return float(within.max()) / 2 / pairs

    for subset in subsets:
        batch.append(subset)
        if len(batch) == 4096:
            best = max(best, flush())
            batch = []
    if batch:
        best = max(best, flush())
    return best


def main() -> int:
    program = load_program(EXAMPLE)
    settings = program.networks
    catalogue = program.focus_areas.catalogue
    example = load_registrations(EXAMPLE, program).items

    print(f"travel_weight {settings.travel_weight}; sizes {settings.min_size}–{settings.max_size}")
    print(f"\nExample programme ({len(example)} municipalities)")
    baselines(example, settings)
    for n, seed in ((26, 26), (60, 60)):
        print(f"\n{n} synthetic registrations (seed {seed})")
        baselines(synthetic(n, seed, catalogue), settings)

    print("\nSmall instances, two networks: exact optimum by exhaustive search")
    print(f"  {'n':>3}{'seed':>6}{'exact':>9}{'kldocs':>9}{'gap':>8}{'exact s':>9}{'kldocs s':>10}")
    gaps = []
    small = settings
    for n in (16, 17, 18):
        for seed in range(3):
            regs = synthetic(n, 1000 * n + seed, catalogue)
            objective = Objective.build(sorted(regs, key=lambda r: r.municipality.code), small.travel_weight)
            sizes = plan_sizes(n, small).sizes
            t0 = time.perf_counter()
            exact = exact_two(objective, sizes)
            t1 = time.perf_counter()
            ours = compose_networks(regs, small).score.objective
            t2 = time.perf_counter()
            gap = max(0.0, (exact - ours) / abs(exact)) if abs(exact - ours) > 1e-12 else 0.0
            gaps.append(gap)
            print(f"  {n:>3}{seed:>6}{exact:>9.4f}{ours:>9.4f}{gap:>8.2%}{t1 - t0:>9.2f}{t2 - t1:>10.2f}")
    print(f"  worst gap {max(gaps):.2%} (target < 1 %)")

    print("\nAll 98 municipalities")
    regs = synthetic(98, 98, catalogue)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        lineup = compose_networks(regs, settings)
        times.append(time.perf_counter() - t0)
    print(f"  {len(lineup)} networks of {', '.join(map(str, lineup.sizes))}; objective {lineup.score.objective:.3f}")
    print(f"  time: median {statistics.median(times):.2f} s of 3 runs (target < 10 s)")
    t0 = time.perf_counter()
    long = compose_networks(regs, settings, search=LONG).score.objective
    print(f"  a long search ({time.perf_counter() - t0:.0f} s): {long:.3f}; kldocs is "
          f"{max(0.0, (long - lineup.score.objective) / long):.2%} below it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
