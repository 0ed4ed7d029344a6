"""``networks.csv``: a line-up a consultant can open in Excel, edit, and hand back.

One row per municipality: code, name, region, network number and the
network's focus areas. It is written as Danish Excel writes CSV (``;``
between fields, UTF-8 with a byte-order mark, CRLF), so Excel opens it with
æ, ø and å intact; it is read with :func:`kldocs.inputs.tabular.read_table`, so a
copy re-saved by Excel — in any of its CSV forms, or as ``.xlsx`` — reads
back too.

Cells come from data (a focus area's title is whatever program.yaml says),
so none is left for Excel to run as a formula: a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'`` in
front, as OWASP recommends against CSV injection (:func:`kldocs.engine.cleantext.csv_cell`).
Reading takes exactly that ``'`` off again (:func:`restored`), so the
line-up reads back as written; a cell that already started with ``'`` and
one of those characters gets one more, so no text is ever changed.

:func:`read_lineup` checks an edited line-up against the registrations and
the ``networks:`` settings and reports every problem at once with file, row
and column: an unknown municipality ("did you mean …"), one listed twice,
one that has not registered, a registered one left out, a network number
that is not a whole number or leaves a gap, a network of the wrong size,
an unknown focus area, and a line-up that breaks a pin, together or apart.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from kldocs.danish.formatting import Noun
from kldocs.engine.cleantext import FORMULA, csv_cell
from kldocs.english import joined
from kldocs.errors import InputError, KldocsError, Problem
from kldocs.inputs.program import FOCUS_AREA, PROGRAM_FILE, FocusArea, NetworkSettings
from kldocs.inputs.registrations import Registration, match_option, suggest_option
from kldocs.inputs.tabular import Cell, Row, Table, cell_text, read_table
from kldocs.networks.lineup import Lineup, build_lineup
from kldocs.networks.plan import allowed_range, resolve_constraints
from kldocs.networks.score import DEFAULT_MAX_RANK, Objective
from kldocs.reference.municipalities import Municipality, lookup

CODE = "Kode"
NAME = "Kommune"
REGION = "Region"
NETWORK = "Netværk"
def area_heading(word: Noun = FOCUS_AREA) -> str:
    """The focus areas' columns' heading, before 1, 2, …: ``Netværkets indsatsområde``, ``Netværkets tema``."""
    return f"Netværkets {word.singular}"


AREA = area_heading()
"""Followed by 1, 2, … — one column per focus area of the member's network (``Netværkets tema 1`` where the
programme calls its focus areas themes)."""
_AREA_COLUMN = re.compile(r"netværkets\s.*\d\s*$", re.IGNORECASE)
"""A heading of those columns, whatever the programme calls its focus areas."""


"""A cell Excel could take for a formula (after any quotes kldocs put in front)."""


def restored(cell: Cell) -> Cell:
    """``cell`` as it was before :func:`kldocs.engine.cleantext.csv_cell`: one ``'`` fewer before a formula."""
    if isinstance(cell, str) and cell.startswith("'") and FORMULA.match(cell, 1):
        return cell[1:]
    return cell


def lineup_csv(lineup: Lineup, max_focus_areas: int, word: Noun = FOCUS_AREA) -> bytes:
    """The line-up as ``networks.csv`` bytes: one row per municipality, by network, in Danish order.

    The focus areas' columns are headed by what the programme calls them (``word``): ``Netværkets tema 1``.
    """
    width = max([max_focus_areas, *(len(n.focus_areas) for n in lineup.networks)])
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([CODE, NAME, REGION, NETWORK,
                     *(f"{area_heading(word)} {i}" for i in range(1, width + 1))])
    for network in lineup.networks:
        titles = [a.title for a in network.focus_areas]
        titles += [""] * (width - len(titles))
        for m in network.municipalities:
            writer.writerow([csv_cell(c) for c in (m.code4, m.name, m.region, network.number, *titles)])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def write_lineup(lineup: Lineup, path: Path, max_focus_areas: int = 5) -> Path:
    """Write the line-up to ``path`` as ``networks.csv`` (see :func:`lineup_csv`)."""
    path.write_bytes(lineup_csv(lineup, max_focus_areas))
    return path


def read_lineup(
    path: Path,
    registrations: Sequence[Registration],
    settings: NetworkSettings,
    *,
    catalogue: Sequence[FocusArea] = (),
    max_rank: int = DEFAULT_MAX_RANK,
) -> Lineup:
    """Read a (hand-edited) ``networks.csv`` and check it; raise InputError listing every problem.

    Municipalities are found by the ``Kode`` column, or by ``Kommune`` when
    the code is empty; focus areas by id or title in ``catalogue`` (or among
    the areas the registrations chose). A network whose focus-area cells are
    empty on every row gets the areas its members prioritise most.
    """
    table = read_table(Path(path))
    table.rows = [Row(row.number, {h: restored(v) for h, v in row.cells.items()}) for row in table.rows]
    reader = _LineupReader(table, registrations, settings, catalogue)
    groups, areas = reader.read()
    if reader.problems:
        raise InputError(reader.problems)
    regs = sorted(registrations, key=lambda r: r.municipality.code)
    objective = Objective.build(regs, settings.travel_weight, max_rank)
    index = {r.municipality.code: i for i, r in enumerate(regs)}
    indexed = {number: [index[c] for c in codes] for number, codes in groups.items()}
    return build_lineup(indexed, objective, settings, focus_areas=areas, source=Path(path))


class _LineupReader:
    """Reads and checks the rows of a line-up table, collecting every problem."""

    def __init__(
        self,
        table: Table,
        registrations: Sequence[Registration],
        settings: NetworkSettings,
        catalogue: Sequence[FocusArea],
    ) -> None:
        self.table = table
        self.settings = settings
        self.registered = {r.municipality.code: r.municipality for r in registrations}
        known = {p.area.id: p.area for r in registrations for p in r.priorities}
        self.catalogue = list(catalogue) or [known[i] for i in sorted(known)]
        self.problems: list[Problem] = []
        self.area_columns = sorted(
            (h for h in table.headers if _AREA_COLUMN.match(h.strip())),
            key=lambda h: (len(h), h),
        )

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.table.where(row, column), message))

    def read(self) -> tuple[dict[int, list[int]], dict[int, tuple[FocusArea, ...]]]:
        headers = self.table.headers
        required = [NETWORK] + ([] if CODE in headers else [NAME])
        self.problems += self.table.missing_columns(required)
        if self.problems:
            return {}, {}
        groups: dict[int, list[int]] = {}
        rows_of: dict[int, list[int]] = {}
        seen: dict[int, int] = {}
        area_cells: dict[int, list[tuple[int, tuple[FocusArea, ...]]]] = {}
        for row in self.table:
            m = self._municipality(row)
            number = self._number(row)
            areas = self._areas(row)
            if m is None or number is None:
                continue
            if m.code in seen:
                self.problem(row.number, NAME if NAME in headers else CODE,
                             f"{m.name} is listed twice (also in row {seen[m.code]})")
                continue
            seen[m.code] = row.number
            if m.code not in self.registered:
                self.problem(row.number, NAME if NAME in headers else CODE,
                             f"{m.name} has not registered for the partnership; remove the row")
                continue
            groups.setdefault(number, []).append(m.code)
            rows_of.setdefault(number, []).append(row.number)
            if areas is not None:
                area_cells.setdefault(number, []).append((row.number, areas))
        if not self.table.rows:
            self.problem(None, None, "has no municipalities below its headings")
            return {}, {}
        missing = [m for code, m in self.registered.items() if code not in seen]
        if missing:
            names = joined(sorted(m.name for m in missing))
            self.problem(None, None, f"{names} registered but {'is' if len(missing) == 1 else 'are'} "
                         "in no network; add a row for each")
        self._check_numbers(groups)
        self._check_sizes(groups, rows_of)
        self._check_constraints(groups)
        return groups, self._network_areas(area_cells, groups)

    def _municipality(self, row: Row) -> Municipality | None:
        code = row.get(CODE)
        name = row.get(NAME)
        if code is None and name is None:
            self.problem(row.number, NAME if NAME in self.table.headers else CODE, "is empty")
            return None
        by_code = self._lookup(row, CODE, code) if code is not None else None
        by_name = self._lookup(row, NAME, name) if name is not None else None
        if code is not None and by_code is None:
            return None
        if by_code and by_name and by_code.code != by_name.code:
            self.problem(row.number, CODE,
                         f"{cell_text(code)} is the code of {by_code.name}, but {NAME} says {by_name.name}")
            return None
        return by_code or by_name

    def _lookup(self, row: Row, column: str, value: Cell) -> Municipality | None:
        try:
            return lookup(value)
        except KldocsError as exc:
            self.problem(row.number, column, exc.problems[0])
            return None

    def _number(self, row: Row) -> int | None:
        value = row.get(NETWORK)
        if value is None:
            self.problem(row.number, NETWORK, "is empty; write the number of the network (1, 2, …)")
            return None
        text = cell_text(value) or ""
        match = re.fullmatch(r"(?:netv(?:æ|ae)rk\s*)?(\d+)(?:[.,]0+)?", text, flags=re.IGNORECASE)
        if not match or int(match[1]) < 1:
            self.problem(row.number, NETWORK, f"{text!r} is not a network number (1, 2, …)")
            return None
        return int(match[1])

    def _areas(self, row: Row) -> tuple[FocusArea, ...] | None:
        found: list[FocusArea] = []
        for column in self.area_columns:
            value = row.get(column)
            if value is None:
                continue
            text = cell_text(value) or ""
            area = match_option(text, self.catalogue)
            if area is None:
                self.problem(row.number, column, f"{text!r} is not a focus area{suggest_option(text, self.catalogue)}")
            elif area in found:
                self.problem(row.number, column, f"'{area.title}' is listed twice")
            else:
                found.append(area)
        return tuple(found) or None

    def _check_numbers(self, groups: dict[int, list[int]]) -> None:
        if not groups:
            return
        gaps = [n for n in range(1, max(groups) + 1) if n not in groups]
        if gaps:
            self.problem(None, NETWORK, f"networks are numbered {', '.join(map(str, sorted(groups)))}; "
                         f"number them 1, 2, … without gaps ({joined(gaps)} "
                         f"{'is' if len(gaps) == 1 else 'are'} missing)")

    def _check_sizes(self, groups: dict[int, list[int]], rows_of: dict[int, list[int]]) -> None:
        if not groups:
            return
        lo, hi = allowed_range(len(self.registered), self.settings)
        for number in sorted(groups):
            size = len(groups[number])
            if lo <= size <= hi:
                continue
            rows = rows_of[number]
            self.problem(None, NETWORK,
                         f"network {number} has {size} members (rows {_rows(rows)}), but networks have "
                         f"{lo}–{hi} members ({PROGRAM_FILE}, networks.min_size/max_size)")

    def _check_constraints(self, groups: dict[int, list[int]]) -> None:
        if not groups:
            return
        registered = list(self.registered.values())
        try:
            constraints = resolve_constraints(self.settings, registered, max(groups))
        except KldocsError as exc:
            self.problems.extend(Problem("", p) for p in exc.problems)
            return
        network_of = {code: number for number, codes in groups.items() for code in codes}
        names = {m.code: m.name for m in registered}
        where = f"{self.table.path.name}, {NETWORK}"
        for code, number in constraints.pins.items():
            if code in network_of and network_of[code] != number:
                self.problems.append(Problem(where, f"{names[code]} is in network {network_of[code]}, but "
                                             f"{PROGRAM_FILE} networks.pin puts it in network {number}"))
        for group in constraints.together:
            numbers = sorted({network_of[c] for c in group if c in network_of})
            if len(numbers) > 1:
                self.problems.append(Problem(where, f"{joined(names[c] for c in group)} are in networks "
                                             f"{joined(numbers)}, but {PROGRAM_FILE} networks.together "
                                             "keeps them in one"))
        for group in constraints.apart:
            by_number: dict[int, list[int]] = {}
            for c in group:
                if c in network_of:
                    by_number.setdefault(network_of[c], []).append(c)
            for number, codes in sorted(by_number.items()):
                if len(codes) > 1:
                    self.problems.append(Problem(where, f"{joined(names[c] for c in codes)} are both in network "
                                                 f"{number}, but {PROGRAM_FILE} networks.apart keeps them apart"))

    def _network_areas(
        self,
        cells: dict[int, list[tuple[int, tuple[FocusArea, ...]]]],
        groups: dict[int, list[int]],
    ) -> dict[int, tuple[FocusArea, ...]]:
        chosen: dict[int, tuple[FocusArea, ...]] = {}
        lo, hi = self.settings.min_focus_areas, self.settings.max_focus_areas
        # the columns as the file heads them, without their numbers: 'Netværkets tema'
        column = re.sub(r"\s*\d+\s*$", "", self.area_columns[0]) if self.area_columns else AREA
        for number, rows in sorted(cells.items()):
            first_row, areas = rows[0]
            for row, other in rows[1:]:
                if other != areas:
                    self.problem(row, column, f"network {number}'s focus areas differ from row {first_row}; "
                                 "give every member of a network the same focus areas, or leave them empty")
                    break
            if not lo <= len(areas) <= hi:
                self.problem(first_row, column,
                             f"network {number} has {len(areas)} focus areas; a network has {lo}–{hi} "
                             f"({PROGRAM_FILE}, networks.min_focus_areas/max_focus_areas)")
            chosen[number] = areas
        return chosen


def _rows(rows: Sequence[int]) -> str:
    rows = sorted(rows)
    if rows == list(range(rows[0], rows[-1] + 1)) and len(rows) > 2:
        return f"{rows[0]}–{rows[-1]}"
    return ", ".join(map(str, rows))
