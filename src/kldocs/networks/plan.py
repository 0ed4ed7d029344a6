"""How many networks, of what sizes, and which constraints bind them.

:func:`plan_sizes` chooses the number of networks and their sizes from the
number of registered municipalities and ``program.yaml``'s ``networks:``
settings (8–10 members by default). :func:`resolve_constraints` turns the
settings' ``pin``, ``together`` and ``apart`` — municipalities named as
people write them — into codes, and reports every contradiction at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kldocs.english import counted, joined
from kldocs.errors import KldocsError, NetworkError, Problem, alternatives
from kldocs.inputs.program import PROGRAM_FILE, NetworkSettings
from kldocs.reference.municipalities import Municipality, lookup


@dataclass(frozen=True)
class SizePlan:
    """The number of networks and their sizes, largest first, with a note when they break the settings."""

    sizes: tuple[int, ...]
    note: str | None = None

    @property
    def count(self) -> int:
        """The number of networks."""
        return len(self.sizes)

    @property
    def lo(self) -> int:
        """The smallest network's size."""
        return min(self.sizes)

    @property
    def hi(self) -> int:
        """The largest network's size."""
        return max(self.sizes)


def even_sizes(n: int, count: int) -> tuple[int, ...]:
    """``n`` members split into ``count`` networks as evenly as possible, largest first."""
    base, extra = divmod(n, count)
    return tuple([base + 1] * extra + [base] * (count - extra))


def _deviation(n: int, count: int, settings: NetworkSettings) -> int:
    """How many members the even split of ``n`` into ``count`` networks lies outside min–max."""
    sizes = even_sizes(n, count)
    return max(settings.min_size - min(sizes), max(sizes) - settings.max_size, 0)


def size_slack(n: int, settings: NetworkSettings) -> int:
    """How far outside min–max the sizes must go for ``n`` members: 0 when some split fits."""
    return min(_deviation(n, k, settings) for k in range(1, n + 1))


def allowed_range(n: int, settings: NetworkSettings) -> tuple[int, int]:
    """The network sizes accepted for ``n`` members: min–max, widened only as far as ``n`` forces."""
    slack = size_slack(n, settings)
    return max(1, settings.min_size - slack), settings.max_size + slack


def sizes_text(sizes: Sequence[int]) -> str:
    """``3 networks of 9, 9 and 8 members`` — a plan in words, for notes and messages."""
    if len(sizes) == 1:
        return f"1 network of {counted(sizes[0], 'member')}"
    if len(set(sizes)) == 1:
        return f"{len(sizes)} networks of {sizes[0]} members"
    return f"{len(sizes)} networks of {joined(sizes)} members"


def plan_sizes(n: int, settings: NetworkSettings, count: int | None = None) -> SizePlan:
    """Choose the number of networks and their sizes for ``n`` registered municipalities.

    Every network gets between ``min_size`` and ``max_size`` members, and
    sizes differ by at most one. Of the counts that allow this, the one
    whose average size is nearest the middle of the range is chosen (the
    fewer networks on a tie). When ``n`` allows no such split (fewer than
    ``min_size``, or e.g. 11–15 with 8–10), the split nearest the range is
    used and the plan's note says so. ``count`` asks for a number of
    networks; it must give sizes as near the range as ``n`` allows.
    """
    if n < 1:
        raise NetworkError("there are no registered municipalities to group into networks")
    lo, hi = settings.min_size, settings.max_size
    slack = size_slack(n, settings)
    workable = [k for k in range(1, n + 1) if _deviation(n, k, settings) == slack]
    if count is not None:
        if count < 1 or count > n:
            raise NetworkError(
                f"--networks {count}: choose between 1 and {n} networks for {n} municipalities"
            )
        if count not in workable:
            raise NetworkError(
                f"--networks {count}: {n} municipalities in {counted(count, 'network')} gives "
                f"{_range(even_sizes(n, count))} members, but networks have {lo}–{hi} members "
                f"({PROGRAM_FILE}, networks.min_size/max_size); "
                f"choose {alternatives(workable)} networks or change those settings"
            )
        chosen = count
    else:
        middle = (lo + hi) / 2
        chosen = min(workable, key=lambda k: (abs(n / k - middle), k))
    sizes = even_sizes(n, chosen)
    note = None
    if slack:
        note = (
            f"{counted(n, 'registered municipality', 'registered municipalities')} cannot form networks of "
            f"{lo}–{hi} members "
            f"({PROGRAM_FILE}, networks.min_size/max_size); using the nearest: {sizes_text(sizes)}"
        )
    return SizePlan(sizes, note)


def _range(sizes: Sequence[int]) -> str:
    return f"{min(sizes)}" if min(sizes) == max(sizes) else f"{min(sizes)}–{max(sizes)}"


@dataclass(frozen=True)
class Constraints:
    """The consultant's constraints, by municipality code."""

    pins: dict[int, int]
    """Municipality code → network number (1, 2, …)."""
    together: tuple[tuple[int, ...], ...]
    """Groups kept in one network, merged where they overlap; each has at least two codes."""
    apart: tuple[tuple[int, ...], ...]
    """Groups whose members are all in different networks."""

def resolve_constraints(
    settings: NetworkSettings, registered: Sequence[Municipality], count: int | None = None
) -> Constraints:
    """Look up the municipalities named in ``pin``, ``together`` and ``apart``; raise NetworkError.

    Names are looked up forgivingly (``kobenhavn``, ``Århus``). Every problem
    is reported at once: a name that is no municipality, a municipality
    that has not registered, a pin to a network that does not exist (when
    ``count`` is known), a group that is pinned to two networks, and
    municipalities that must be both together and apart.
    """
    problems: list[Problem] = []
    codes = {m.code for m in registered}
    names = {m.code: m.name for m in registered}

    def find(value: str, where: str) -> int | None:
        try:
            m = lookup(value)
        except KldocsError as exc:
            problems.append(Problem(where, exc.problems[0]))
            return None
        if m.code not in codes:
            problems.append(Problem(where, f"{m.name} has not registered for the partnership"))
            return None
        return m.code

    pins: dict[int, int] = {}
    for name, number in settings.pin.items():
        where = f"{PROGRAM_FILE}, networks.pin.{name}"
        code = find(name, where)
        if number < 1 or (count is not None and number > count):
            limit = f"1–{count}" if count is not None else "1 or more"
            problems.append(Problem(where, f"network {number} does not exist; networks are numbered {limit}"))
            continue
        if code is not None:
            if code in pins and pins[code] != number:
                problems.append(Problem(where, f"{names[code]} is pinned to both network {pins[code]} and {number}"))
            pins[code] = number

    def groups(field: str, raw: tuple[tuple[str, ...], ...]) -> list[list[int]]:
        found = []
        for i, group in enumerate(raw):
            where = f"{PROGRAM_FILE}, networks.{field}[{i}]"
            members = [c for name in group if (c := find(name, where)) is not None]
            found.append(list(dict.fromkeys(members)))
        return found

    together = _merge(groups("together", settings.together))
    apart = groups("apart", settings.apart)

    block_of = {code: block for block in together for code in block}
    for block in together:
        pinned = sorted({pins[c] for c in block if c in pins})
        if len(pinned) > 1:
            problems.append(Problem(
                f"{PROGRAM_FILE}, networks.together",
                f"{_names(block, names)} must be together but are pinned to networks {joined(pinned)}",
            ))
    for i, group in enumerate(apart):
        if len(group) < 2:
            continue
        where = f"{PROGRAM_FILE}, networks.apart[{i}]"
        for x, a in enumerate(group):
            for b in group[x + 1:]:
                pair = f"{names[a]} and {names[b]} must be apart"
                pin = _pin_of(a, pins, block_of)
                if a in block_of and b in block_of[a]:
                    problems.append(Problem(where, f"{pair}, but networks.together keeps them together"))
                elif pin is not None and pin == _pin_of(b, pins, block_of):
                    problems.append(Problem(where, f"{pair}, but both are pinned to network {pin}"))
        if count is not None and len(group) > count:
            problems.append(Problem(
                where, f"{len(group)} municipalities cannot all be in different networks when there are {count}"
            ))
    if problems:
        raise NetworkError(problems)
    return Constraints(
        pins=dict(sorted(pins.items())),
        together=tuple(tuple(sorted(b)) for b in sorted(together, key=min)),
        apart=tuple(tuple(sorted(g)) for g in apart if len(g) >= 2),
    )


def _pin_of(code: int, pins: dict[int, int], block_of: dict[int, list[int]]) -> int | None:
    """The network a municipality is pinned to, directly or through its together group."""
    if code in pins:
        return pins[code]
    for other in block_of.get(code, []):
        if other in pins:
            return pins[other]
    return None


def _merge(groups: list[list[int]]) -> list[list[int]]:
    """Overlapping groups merged into one (together is transitive)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for group in groups:
        for other in group[1:]:
            parent[root(other)] = root(group[0])
    blocks: dict[int, list[int]] = {}
    for group in groups:
        for code in group:
            blocks.setdefault(root(code), [])
            if code not in blocks[root(code)]:
                blocks[root(code)].append(code)
    return [sorted(b) for b in blocks.values() if len(b) >= 2]


def _names(codes: Sequence[int], names: dict[int, str]) -> str:
    return joined(names[c] for c in codes)


def check_capacity(plan: SizePlan, constraints: Constraints, names: dict[int, str]) -> None:
    """Raise NetworkError when pins or together groups cannot fit the planned sizes.

    Pins to networks that do not exist and apart groups larger than the number
    of networks are caught by :func:`resolve_constraints` given the count.
    """
    problems = []
    for block in constraints.together:
        if len(block) > plan.hi:
            problems.append(Problem(
                f"{PROGRAM_FILE}, networks.together",
                f"{_names(block, names)} ({len(block)} municipalities) cannot be together "
                f"in networks of at most {plan.hi} members",
            ))
    block_of = {c: b for b in constraints.together for c in b}
    by_network: dict[int, set[int]] = {}
    for code, number in constraints.pins.items():
        by_network.setdefault(number, set()).update(block_of.get(code, (code,)))
    for number, members in sorted(by_network.items()):
        if len(members) > plan.hi:
            problems.append(Problem(
                f"{PROGRAM_FILE}, networks.pin",
                f"{len(members)} municipalities are pinned to network {number} "
                f"(with their together groups), but networks have at most {plan.hi} members",
            ))
    if problems:
        raise NetworkError(problems)

