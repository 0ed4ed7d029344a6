"""Registrations: which municipalities signed up, who their contact is, and what they chose.

A registration form's export (``registrations.csv`` or ``registrations.xlsx``
in the programme folder) has one row per municipality. :func:`load_registrations`
reads it against the programme: every municipality, focus area and add-on is
looked up forgivingly, every limit checked, and every problem reported at
once with file, row and column.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from kldocs.danish.formatting import danish_sort_key, format_date, format_month, parse_danish_decimal
from kldocs.english import counted
from kldocs.errors import InputError, Problem, alternatives
from kldocs.inputs.fieldtypes import email_problem, line_break
from kldocs.inputs.pricing import AddOn
from kldocs.inputs.program import FocusArea, Program
from kldocs.inputs.signup import DEFAULT_COLUMNS, ParticipantGroup
from kldocs.inputs.tabular import Row, Table, find_table, read_table
from kldocs.reference.municipalities import Municipality

FILE_STEM = "registrations"

_Option = TypeVar("_Option", FocusArea, AddOn)


@dataclass(frozen=True)
class Priority:
    """A focus area a municipality chose, at its rank, with its local goal if it gave one."""

    rank: int
    area: FocusArea
    goal: str | None = None


@dataclass(frozen=True)
class Registration:
    """One registered municipality, as its row in the export says."""

    row: int
    municipality: Municipality
    contact_name: str
    contact_title: str | None
    email: str
    phone: str | None
    priorities: tuple[Priority, ...]
    participants: int
    politicians: int
    add_ons: tuple[AddOn, ...]
    mayor: str | None = None
    director: str | None = None
    approved: dt.date | None = None
    others: tuple[int, ...] = ()
    """How many it sends of each group of the programme's own (``participants.others``), in order."""
    registered: dt.date | None = None
    """The day it registered (the registrations' ``Tilmeldingsdato``), where the export gives it."""
    registered_at: dt.datetime | None = None
    """When that day it registered, in Danish time, where the export gives the time too (a form's timestamp)."""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def focus_areas(self) -> tuple[FocusArea, ...]:
        """The chosen focus areas in priority order."""
        return tuple(p.area for p in self.priorities)

    @property
    def add_on_ids(self) -> tuple[str, ...]:
        """The ids of the chosen add-ons."""
        return tuple(a.id for a in self.add_ons)


@dataclass(frozen=True)
class Registrations:
    """All registrations of a programme, in Danish alphabetical order of municipality."""

    path: Path
    items: tuple[Registration, ...]
    headers: tuple[str, ...] = ()
    """The export's column headings, as written."""

    def __iter__(self) -> Iterator[Registration]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def by_code(self) -> dict[int, Registration]:
        """The registrations keyed by municipality code."""
        return {r.municipality.code: r for r in self.items}

    @property
    def municipalities(self) -> tuple[Municipality, ...]:
        """The registered municipalities, in Danish order."""
        return tuple(r.municipality for r in self.items)


def find_registrations_file(folder: Path) -> Path | None:
    """The registrations file in a programme folder (``.csv`` or ``.xlsx``), or None if there is none."""
    return find_table(folder, FILE_STEM)


def load_registrations(folder: Path, program: Program, path: Path | None = None) -> Registrations:
    """Read the registrations of a programme folder; raise InputError listing every problem."""
    path = path or find_registrations_file(folder)
    if path is None:
        raise InputError(
            Problem(folder.name, "has no registrations.csv or registrations.xlsx (one row per municipality)")
        )
    return parse_registrations(read_table(path), program)


def parse_registrations(table: Table, program: Program) -> Registrations:
    """Check and convert the rows of a registrations table against the programme."""
    reader = _RowReader(table, program)
    reader.check_columns()
    if reader.problems:
        raise InputError(reader.problems)
    items = []
    seen: dict[int, tuple[int, Registration | None]] = {}
    for row in table:
        registration = reader.read(row)
        # a row of other problems is a second one all the same: said at once, not once the others are fixed
        municipality = (registration.municipality if registration is not None
                        else table.municipality(row, reader.cols.municipality, []))
        if municipality is None:
            continue
        if municipality.code in seen:
            first_row, first = seen[municipality.code]
            reader.problem(row, reader.cols.municipality, _twice(municipality, first_row) + _later(first_row, first,
                                                                                                    registration))
            continue
        seen[municipality.code] = (row.number, registration)
        if registration is not None:
            items.append(registration)
    if not table.rows:
        reader.problems.append(Problem(table.path.name, "has no registrations below its headings"))
    if reader.problems:
        raise InputError(reader.problems)
    items.sort(key=lambda r: danish_sort_key(r.municipality.name))
    return Registrations(table.path, tuple(items), tuple(table.headers))


_TIMESTAMPS = ("tidsstempel", "timestamp", "starttidspunkt", "fuldførelsestidspunkt", "start time", "completion time",
               "indsendt", "tilmeldt", "dato", "date", "oprettet", "created")
"""Headings a form gives the moment each answer came in (Google Forms: Tidsstempel; Microsoft Forms: …tidspunkt)."""


def undated_note(registrations: Registrations, program: Program, day: dt.date) -> str | None:
    """A line for the user when registrations that give no day are counted for ``day``, a day gone by; else None.

    Without the day each municipality registered, a report or reminders for
    a day gone by count every registration in the export as made by then,
    also one that came in later. A column that looks like a form's timestamp
    is named, with how to use it.
    """
    column = program.registration.columns.registered
    if day >= dt.date.today():
        return None
    if column in registrations.headers:  # a row may still give none: an answer a form did not finish, say
        undated = sorted((r for r in registrations if r.registered is None), key=lambda r: r.row)
        if not undated:
            return None
        rows = ", ".join(f"row {r.row} ({r.municipality.name})" for r in undated[:5]) + (" …" if len(undated) > 5
                                                                                        else "")
        one = len(undated) == 1
        return (f"{registrations.path.name}: {len(undated)} {'registration gives' if one else 'registrations give'} "
                f"no day in '{column}' ({rows}), so {'it is' if one else 'they are'} counted as made by "
                f"{format_date(day)}")
    like = next((h for h in registrations.headers if h.strip().casefold() in _TIMESTAMPS), None)
    how = (f"if its column '{like}' is the moment each registered, set registration.columns.registered: {like}"
           if like is not None else
           "give the day each registered in a column of that name, or name yours under "
           "registration.columns.registered")
    return (f"{registrations.path.name} has no column '{column}': every registration in it is counted as made "
            f"by {format_date(day)}; {how}")


def check_municipalities(folder: Path, column: str = DEFAULT_COLUMNS["municipality"]) -> list[Problem]:
    """The problems of the registrations' municipality column alone: unknown or repeated municipalities.

    For ``kldocs check`` when ``program.yaml`` cannot be read: everything else
    about a registration (focus areas, add-ons, limits) is checked against
    the programme, but a misspelt municipality is known without it.
    """
    try:
        path = find_registrations_file(folder)
        if path is None:
            return []
        table = read_table(path)
    except InputError as exc:
        return [Problem("", p) for p in exc.problems]
    if column not in table.headers:
        return []  # the full check names the missing column, with the programme's column names
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    for row in table:
        municipality = table.municipality(row, column, problems)
        if municipality is None:
            continue
        if municipality.code in seen:
            problems.append(Problem(table.where(row.number, column), _twice(municipality, seen[municipality.code])))
        seen.setdefault(municipality.code, row.number)
    return problems


_NO = frozenset({"nej", "nej tak", "ingen", "intet", "ingen tilkøb", "-", "–"})
"""A form's answers for no add-on, as written (case and spaces aside)."""
_YES = frozenset({"ja", "ja tak", "x"})
"""A form's answers for the add-on of a programme that offers one."""


def _twice(municipality: Municipality, first_row: int) -> str:
    return f"{municipality.name} is registered twice (also in row {first_row})"


def _later(first_row: int, first: Registration | None, again: Registration | None) -> str:
    """Of a municipality that answered twice, which answer is the later, as their days say: a form sent again."""
    def when(r: Registration | None) -> dt.datetime | None:
        if r is None or r.registered is None:
            return None
        return r.registered_at or dt.datetime.combine(r.registered, dt.time())

    before, after = when(first), when(again)
    if before is None or after is None or before == after:
        return ""
    if after > before:
        return f"; this row is the later answer: delete row {first_row} if this one replaces it"
    return f"; row {first_row} is the later answer: delete this row if that one replaces it"


_ENGLISH = {"staff": ("participant", "participants"), "politicians": ("politician", "politicians")}
"""The English nouns, singular and plural, of the groups every programme may have, for messages."""


class _RowReader:
    """Reads rows one by one, collecting every problem instead of stopping at the first."""

    def __init__(self, table: Table, program: Program) -> None:
        self.table = table
        self.program = program
        self.cols = program.registration.columns
        self.problems: list[Problem] = []
        self.max_areas = program.registration.max_focus_areas
        self.area_columns = [f"{self.cols.focus_area} {i}" for i in range(1, self.max_areas + 1)]
        self.goal_columns = [f"{self.cols.goal} {i}" for i in range(1, self.max_areas + 1)]
        self.areas = program.focus_areas.catalogue
        # a form's ranking question (Microsoft Forms' Rangering) gives the areas in one cell, in order: "A;B;C;"
        self.ranked = (self.cols.focus_area if self.cols.focus_area in table.headers
                       and self.area_columns[0] not in table.headers else None)
        self.add_ons = program.pricing.add_ons
        self.open_codes = {m.code for m in program.open_to}
        self.known = set(
            [self.cols.municipality, self.cols.contact_name, self.cols.contact_title, self.cols.email,
             self.cols.phone, self.cols.participants, self.cols.politicians, self.cols.add_ons,
             self.cols.mayor, self.cols.director, self.cols.approved,
             *self.area_columns, *self.goal_columns, *(g.column for g in program.participants.others),
             *([self.ranked] if self.ranked else [])]
        )
        self.discount = program.pricing.discount
        if self.discount is not None:  # the day of registering is checked only for the discount that goes by it
            self.known.add(self.cols.registered)

    def problem(self, row: Row | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.table.where(row.number if row else None, column), message))

    def check_columns(self) -> None:
        required = [self.cols.municipality, self.cols.contact_name, self.cols.email,
                    self.cols.participants, self.ranked or self.area_columns[0]]
        required += [g.column for g in self.program.participants.others if g.column is not None]
        politicians = self.program.participants.politicians
        if politicians is not None and politicians.min > 0:  # a political partnership: each sends at least one
            required.append(self.cols.politicians)
        why = {}
        if self.discount is not None:  # the discount for registering early goes by the day
            required.append(self.cols.registered)
            why[self.cols.registered] = "the discount for registering early, pricing.discount, goes by it"
        keys = {getattr(self.cols, key): f"registration.columns.{key}" for key in type(self.cols).model_fields
                if isinstance(getattr(self.cols, key), str)}
        keys[self.area_columns[0]] = "registration.columns.focus_area (the heading before the numbers 1, 2 …)"
        self.problems += self.table.missing_columns(required, why, keys)

    def read(self, row: Row) -> Registration | None:
        before = len(self.problems)
        municipality = self.table.municipality(row, self.cols.municipality, self.problems)
        contact_name = self._required(row, self.cols.contact_name)
        for column in (self.cols.contact_name, self.cols.contact_title, self.cols.mayor, self.cols.director):
            problem = line_break(row.text(column) or "")
            if problem is not None:  # a cell of Excel's Alt+Enter: the letters would break the sentence there
                self.problem(row, column, problem)
        email = self._email(row)
        priorities = self._priorities(row)
        participants = self._count(row, self.cols.participants, required=True)
        politicians = self._count(row, self.cols.politicians, required=False)
        rules = self.program.participants
        if participants is not None:
            self._within(row, self.cols.participants, participants, rules.staff, rules.min)
        if rules.politicians is None:
            if politicians:
                self.problem(row, self.cols.politicians, f"gives {politicians}, but the partnership takes no "
                                                         "politicians (participants in program.yaml has no group of "
                                                         "them); leave the cell empty")
        else:
            self._within(row, self.cols.politicians, politicians or 0, rules.politicians, rules.politicians.min)
        if municipality is not None and municipality.code not in self.open_codes:
            self.problem(row, self.cols.municipality,
                         f"{municipality.name} is not among the municipalities the partnership is open to "
                         f"(invitation.to in program.yaml: {self.program.invitation.to}); add it there to take "
                         "its registration")
        others = tuple(self._group_count(row, group) for group in rules.others)
        add_ons = self._add_ons(row)
        approved = self._date(row, self.cols.approved)
        invited = self.program.letter.date
        if approved is not None and approved < invited:  # a year typed wrong, most likely
            self.problem(row, self.cols.approved, f"{format_date(approved)} is before the invitation's date "
                                                  f"({format_date(invited)}, letter.date): a council approves the "
                                                  "agreement after it is invited; is the year right?")
        # status and reminders count a registration by its day, so a day that cannot be read is refused, not dropped
        registered, registered_at = self._moment(row, self.cols.registered)
        if registered is not None and registered < invited:
            self.problem(row, self.cols.registered, f"{format_date(registered)} is before the invitation's date "
                                                    f"({format_date(invited)}, letter.date): a municipality "
                                                    "registers after it is invited; is the year right, or is the "
                                                    "row of an earlier round (which has a folder of its own)?")
        elif registered is not None and approved is not None and invited <= approved < registered:
            self.problem(row, self.cols.approved, f"{format_date(approved)} is before the day the municipality "
                                                  f"registered ({format_date(registered)}, {self.cols.registered}): "
                                                  "its council approves the agreement made after it registered; "
                                                  "is the year right?")
        if self.discount is not None and row.get(self.cols.registered) is None:
            self.problem(row, self.cols.registered, "is empty: the discount for registering early "
                                                    "(pricing.discount) goes by the day each municipality "
                                                    "registered")
        if len(self.problems) > before or municipality is None:
            return None
        assert contact_name and email and participants is not None
        return Registration(
            row=row.number,
            municipality=municipality,
            contact_name=contact_name,
            contact_title=row.text(self.cols.contact_title),
            email=email,
            phone=row.text(self.cols.phone),
            priorities=priorities,
            participants=participants,
            politicians=politicians or 0,
            others=others,
            add_ons=add_ons,
            mayor=row.text(self.cols.mayor),
            director=row.text(self.cols.director),
            approved=approved,
            registered=registered,
            registered_at=registered_at,
            extra={k: t for k in row.cells if k not in self.known and (t := row.text(k))},
        )

    def _group_count(self, row: Row, group: ParticipantGroup) -> int:
        """How many of a group of the programme's own the row sends, within the group's limits (0 when empty)."""
        assert group.column is not None  # a group of kind other has its column
        count = self._count(row, group.column, required=False) or 0
        self._within(row, group.column, count, group, group.min)
        return count

    def _within(self, row: Row, column: str, count: int, group: ParticipantGroup, least: int) -> None:
        """A problem when ``count`` is outside ``least`` and the group's maximum: ``6 participants is more than …``.

        The message is English, as every message is: staff and politicians by
        their English nouns, a group of the programme's own by its count alone
        (its column's heading, before the message, names it).
        """
        counted = f"{count} {_ENGLISH.get(group.kind, ('', ''))[count != 1]}".rstrip()
        if count > group.max:
            self.problem(row, column, f"{counted} is more than the {group.max} allowed")
        elif count < least:
            self.problem(row, column, f"{counted} is fewer than the {least} required")

    def _required(self, row: Row, column: str) -> str | None:
        value = row.text(column)
        if value is None:
            self.problem(row, column, "is empty")
        return value

    def _email(self, row: Row) -> str | None:
        value = self._required(row, self.cols.email)
        problem = None if value is None else email_problem(value)
        if problem is not None:
            self.problem(row, self.cols.email, f"{value!r} is not an e-mail address ({problem})")
            return None
        return value

    def _count(self, row: Row, column: str, required: bool) -> int | None:
        value = row.get(column)
        if value is None:
            if required:
                self.problem(row, column, "is empty")
            return None
        try:
            number = parse_danish_decimal(value)
        except ValueError as exc:
            self.problem(row, column, str(exc))
            return None
        if number != number.to_integral_value() or number < 0:
            self.problem(row, column, f"must be a whole number of 0 or more, not {value!r}")
            return None
        return int(number)

    def _ranked(self, row: Row) -> tuple[list[tuple[str, str | None, str]], bool]:
        """Each focus area the row chooses, in order: its column, its text and its goal's column; and if in one cell.

        One per numbered column (``Indsatsområde 1`` …), or the parts of one
        cell in the order a form's ranking question gives them, separated by
        ``;`` or line breaks (``A;B;C;``): in the unnumbered column
        (``Indsatsområde``), or in the first numbered one when the others are
        empty. A ranking question has every option put in order, so only the
        first ``registration.max_focus_areas`` are the municipality's
        priorities. The goal of the n-th is in ``Mål n`` either way.
        """
        first = self.ranked or self.area_columns[0]
        cell = row.text(first)
        if self.ranked or (cell is not None and ";" in cell
                           and all(row.text(c) is None for c in self.area_columns[1:])):
            # Forms has every option put in order, so the cell holds them all: the first max_focus_areas count
            parts: list[str | None] = [p.strip() for p in re.split(r"[;\n]", cell or "") if p.strip()]
            parts = (parts + [None] * self.max_areas)[:self.max_areas]
            return [(first, part, goal) for part, goal in zip(parts, self.goal_columns, strict=True)], True
        return [(column, row.text(column), goal)
                for column, goal in zip(self.area_columns, self.goal_columns, strict=True)], False

    def _priorities(self, row: Row) -> tuple[Priority, ...]:
        before = len(self.problems)
        chosen: list[Priority] = []
        ranks: dict[str, str] = {}
        listed, one_cell = self._ranked(row)
        for column, value, goal_column in listed:
            goal = row.text(goal_column)
            if value is None:
                if goal is not None:
                    self.problem(row, goal_column, f"gives a goal, but '{column}' is empty"
                                 if not one_cell else f"gives a goal, but '{column}' ranks fewer focus areas")
                continue
            area = match_option(value, self.areas)
            if area is None:
                self.problem(row, column, f"{value!r} is not a focus area{suggest_option(value, self.areas)}")
                continue
            if area.id in ranks:
                self.problem(row, column, f"'{area.title}' is ranked twice" if one_cell
                             else f"'{area.title}' is already chosen in '{ranks[area.id]}'")
                continue
            ranks[area.id] = column
            chosen.append(Priority(rank=len(chosen) + 1, area=area, goal=goal))
        fewest = self.program.registration.min_focus_areas
        if len(chosen) < fewest and len(self.problems) == before:
            self.problem(row, listed[0][0],
                         f"at least {counted(fewest, 'focus area')} must be chosen, found {len(chosen)}")
        extra = [h for h in row.cells if h.startswith(self.cols.focus_area + " ")
                 and h not in self.area_columns and row.get(h) is not None]
        for column in extra:
            self.problem(row, column, f"at most {self.max_areas} focus areas may be prioritised")
        return tuple(chosen)

    def _add_ons(self, row: Row) -> tuple[AddOn, ...]:
        value = row.text(self.cols.add_ons)
        if value is None:
            return ()
        answer = " ".join(value.casefold().split()).rstrip(".!")
        if answer in _NO:  # a form's answer to "Ønsker I tilkøb?"
            return ()
        if answer in _YES:
            if len(self.add_ons) == 1:
                return (self.add_ons[0],)
            if not self.add_ons:
                self.problem(row, self.cols.add_ons, f"{value!r}: this programme offers no add-ons")
            else:
                names = alternatives([repr(a.title) for a in self.add_ons])
                self.problem(row, self.cols.add_ons, f"{value!r} does not say which add-on: name it ({names})")
            return ()
        chosen: list[AddOn] = []
        for part in re.split(r"[,;\n]", value):
            name = part.strip()
            if not name:
                continue
            add_on = match_option(name, self.add_ons) or match_option(_PRICE_NOTE.sub("", name), self.add_ons)
            if add_on is None:
                if not self.add_ons:
                    self.problem(row, self.cols.add_ons, f"{name!r}: this programme offers no add-ons")
                else:
                    hint = suggest_option(name, self.add_ons)
                    self.problem(row, self.cols.add_ons, f"{name!r} is not an add-on{hint}")
            elif add_on not in chosen:
                chosen.append(add_on)
        return tuple(chosen)

    def _date(self, row: Row, column: str) -> dt.date | None:
        return self._moment(row, column)[0]

    def _moment(self, row: Row, column: str) -> tuple[dt.date | None, dt.datetime | None]:
        """:func:`parse_moment` of the cell; a problem for the row when it is no day, and two None then or empty."""
        value = row.get(column)
        if value is None:
            return None, None
        try:
            return parse_moment(value)
        except ValueError as exc:
            self.problem(row, column, str(exc))
            return None, None



_PRICE_NOTE = re.compile(r"\s*\((?:[^()]*\bkr\b[^()]*|pris efter aftale|efter aftale)\)\s*$", re.IGNORECASE)
"""A price a sign-up form adds to an add-on's name: ``Lokal workshop (15.000 kr.)``, ``… (pris efter aftale)``."""


def _key(text: str) -> str:
    """``text`` to compare by: in NFC (a Mac's "a" and ring are "å"), without case, spaces and punctuation."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFC", text).casefold())


def match_option(value: str, options: Sequence[_Option]) -> _Option | None:
    """The focus area or add-on ``value`` names by id or title, ignoring case, spaces and punctuation."""
    key = _key(value)
    for option in options:
        if key in (_key(option.id), _key(option.title)):
            return option
    return None


def suggest_option(value: str, options: Sequence[FocusArea | AddOn]) -> str:
    """The end of a message about an unknown focus area or add-on: the closest by title, or the ids to choose from."""
    # by title or by id, each is offered by its title, once: the title is what a form's export writes
    by_key = {_key(o.title): o for o in options} | {_key(o.id): o for o in options}
    close = difflib.get_close_matches(_key(value), list(by_key), n=4, cutoff=0.5)
    offered = list(dict.fromkeys(by_key[c].title for c in close))[:2]
    if offered:
        return f" (did you mean {alternatives(repr(t) for t in offered)}?)"
    return f"; choose an id from: {', '.join(o.id for o in options)}"


_DANISH_DAY = re.compile(
    r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})(?:,?[ T]+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$",
    re.IGNORECASE)
"""A day, perhaps with the time of day: ``14-06-2021``, ``14.6.2021 10:32:05``, ``14-06-2021 kl. 10.32``."""


_ISO_DOTTED_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]+(?:kl\.?\s*)?(\d{1,2})\.(\d{2})(?:\.(\d{2}))?$", re.I)
"""An ISO day with a Danish time of day: ``2021-08-16 12.59``, ``2021-08-16 kl. 9.05``."""


def _serial_moment(number: float) -> dt.datetime | None:
    """The moment an Excel date number (days since 1899-12-30: 46370 is 14-12-2026) stands for, if plausible."""
    if not 32874 <= number <= 73415:  # 1990-01-01 to 2100-12-31: a number outside is no date someone meant
        return None
    return dt.datetime(1899, 12, 30) + dt.timedelta(seconds=round(number * 86400))


def parse_day(value: object) -> dt.date:
    """A day as Danish users write it: ``14-06-2021``, ``14.6.2021``, ``2021-06-14`` or an Excel date."""
    return parse_moment(value)[0]


def _danish_moment(text: str) -> tuple[dt.date, dt.datetime | None] | None:
    """A day (and time) as kldocs prints one, ``18. september 2026 kl. 12.01``; None for anything else."""
    from kldocs.danish.when import When

    try:
        when = When.parse(text)
    except ValueError:
        return None
    if when.kind == "date":
        return when.start, None
    if when.kind == "datetime":
        return when.start, when.as_datetime()
    return None


def _no_such_day(text: str) -> str | None:
    """Why ``text``, a day in the form asked for (``30-02-2027``, ``2027-02-30``), is no day; None if not that form."""
    m = _DANISH_DAY.match(text)
    parts = (int(m[3]), int(m[2]), int(m[1])) if m else None
    if parts is None and (iso := re.match(r"(\d{4})-(\d{2})-(\d{2})\b", text)):
        parts = (int(iso[1]), int(iso[2]), int(iso[3]))
    if parts is None:
        return None
    year, month, day = parts
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"{format_month(dt.date(year, month, 1))} has {last} days"
    return None


def parse_moment(value: object) -> tuple[dt.date, dt.datetime | None]:
    """A day as Danish users write it, and its moment (Danish time, without a zone) where a time of day is given.

    ``14-06-2021``, ``14.6.2021``, ``2021-06-14`` or an Excel date; ``14-06-2021
    kl. 10.32``, ``2021-06-14 10:32:05`` or a form's UTC ``2021-06-14T08:32:05Z``
    give their time too. An Excel date cell at midnight is a day alone.

    An Excel date is a cell formatted as a date, or a number in a cell that
    lost its date format (``46370``, which Excel shows as a date again when
    the column is formatted so); a number that is no day from 1990 to 2100
    is refused. Text of digits (a CSV export's ``46370``) is refused with a
    hint, as a CSV says nothing of what the number was.
    """
    if isinstance(value, dt.datetime):
        return value.date(), (value if value.time() != dt.time(0) else None)
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = _serial_moment(value)
        if serial is None:
            raise ValueError(f"{value!r} is a number, not a date; write it as 14-06-2021 or 2021-06-14")
        return serial.date(), (serial if serial.time() != dt.time(0) else None)
    text = str(value).strip()
    if m := _ISO_DOTTED_TIME.match(text):  # 2021-08-16 12.59: Python would read '.59' as a fraction of a second
        text = f"{m[1]} {m[2]}:{m[3]}" + (f":{m[4]}" if m[4] else "")
    try:
        if m := _DANISH_DAY.match(text):
            day = dt.date(int(m[3]), int(m[2]), int(m[1]))
            if m[4] is None:
                return day, None
            return day, dt.datetime.combine(day, dt.time(int(m[4]), int(m[5]), int(m[6] or 0)))
        moment = dt.datetime.fromisoformat(text)  # 2021-06-14, or a form's 2021-06-14 10:32:05
    except ValueError:
        danish = _danish_moment(text)  # kldocs' own notation: 18. september 2026 kl. 12.01
        if danish is not None:
            return danish
        looks = _serial_moment(float(text.replace(",", "."))) if re.fullmatch(r"\d{5}(?:[.,]\d+)?", text) else None
        hint = (f" ({text} looks like an Excel date number, {looks:%d-%m-%Y}: format the column as a date in "
                "Excel before exporting it)") if looks is not None else ""
        if impossible := _no_such_day(text):  # written as asked, but the calendar has no such day
            raise ValueError(f"{text!r} is not a real date ({impossible})") from None
        raise ValueError(f"{text!r} is not a date; write it as 14-06-2021 or 2021-06-14{hint}") from None
    if moment.tzinfo is not None:  # a form's UTC timestamp: 2021-07-01T23:30:00Z is 2 July in Denmark
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/Copenhagen")).replace(tzinfo=None)
    timed = len(text) > 10  # more than a day's ten characters: a time was written
    return moment.date(), moment if timed else None
