"""Registrations for network tests, made in code so each test shows the priorities it is about."""

from __future__ import annotations

import numpy as np

from kldocs.inputs.program import FocusArea
from kldocs.inputs.registrations import Priority, Registration
from kldocs.reference.municipalities import lookup, registry

AREAS = {
    key: FocusArea(id=key, title=title)
    for key, title in [
        ("a", "Mellemformer"),
        ("b", "Co-teaching"),
        ("c", "Udsatte positioner"),
        ("d", "Tværfagligt samarbejde"),
        ("e", "Dialog"),
        ("f", "Forældresamarbejde"),
        ("g", "Ledelse"),
        ("h", "Overgange"),
        ("i", "Inklusion"),
        ("j", "Data"),
    ]
}
"""A small catalogue: focus areas a–j."""


def reg(municipality: str, areas: str = "abc", row: int = 2) -> Registration:
    """A registration of ``municipality`` prioritising ``areas`` in order: ``reg("Odense", "cab")``."""
    return Registration(
        row=row,
        municipality=lookup(municipality),
        contact_name="Kontakt",
        contact_title=None,
        email="kontakt@example.dk",
        phone=None,
        priorities=tuple(Priority(rank, AREAS[a]) for rank, a in enumerate(areas, start=1)),
        participants=3,
        politicians=0,
        add_ons=(),
    )


def synthetic(n: int, seed: int = 0) -> list[Registration]:
    """``n`` municipalities drawn at random (seeded), each with 3–5 random priorities."""
    rng = np.random.default_rng(seed)
    everyone = list(registry().all)
    keys = sorted(AREAS)[:8]
    chosen = sorted(int(i) for i in rng.choice(len(everyone), size=n, replace=False))
    out = []
    for row, i in enumerate(chosen, start=2):
        picks = rng.choice(len(keys), size=int(rng.integers(3, 6)), replace=False)
        out.append(reg(everyone[i].name, "".join(keys[int(p)] for p in picks), row=row))
    return out
