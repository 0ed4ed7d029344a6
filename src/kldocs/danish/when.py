"""Points and spans in time as partnerships write them: a day, with or without a time, a range, a month … a year.

A time plan says "14. september 2021", "16. august 2021 kl. 12.00",
"5. maj – 30. juni 2025", "uge 12 2026", "august 2021", "4. kvartal 2017",
"andet halvår 2025" or "2025"; :class:`When` holds any of these, sorts them
on the calendar and knows the days they cover. :meth:`When.parse` reads both
the Danish that kldocs prints (with Babel's month and weekday names) and the
ISO forms ``2025-05-05``, ``2025-05-05T12:00``, ``2025-05-05/2025-06-30``,
``2026-W12``, ``2025-05``, ``2025-Q4``, ``2025-H2`` and ``2025``. A week is
an ISO week, Monday to Sunday, numbered as Danish calendars number it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

from babel import Locale
from babel.dates import format_date, get_day_names, get_month_names

Kind = Literal["date", "datetime", "range", "week", "month", "part", "quarter", "season", "half", "year"]

LOCALE = Locale.parse("da_DK")

FORMS = (
    "a date (5. maj 2025 or 2025-05-05), a date and time (5. maj 2025 kl. 12.00 or 2025-05-05T12:00), "
    "a range (5. maj – 30. juni 2025, 1.–2. kvartal 2027, 2027–2029 or 2025-05-05/2025-06-30), "
    "a week (uge 12 2026 or 2026-W12), "
    "a month (maj 2025 or 2025-05), the start, middle or end of a month or year (primo marts 2027, "
    "medio juni 2026, ultimo 2026), "
    "a quarter (4. kvartal 2025 or 2025-Q4), a season (efteråret 2026, vinteren 2026/27), "
    "a half-year (andet halvår 2025 or 2025-H2) or a year (2025)"
)
"""Every form :meth:`When.parse` reads, with an example of each in Danish and ISO, for the schema's descriptions."""

IN_SHORT = (
    "a day (5. maj 2025, 5. maj 2025 kl. 12.00), uge 12 2026, maj 2025, primo marts 2027, 4. kvartal 2025, "
    "efteråret 2025, andet halvår 2025, 2025, or a range of two of a kind (5. maj – 30. juni 2025); "
    "or in ISO form (2025-05-05T12:00, 2026-W12, 2025-Q4, 2025-05-05/2025-06-30)"
)
"""The forms :meth:`When.parse` reads, an example of most, short enough for a message of one line."""

EXAMPLES = (
    "5. maj 2025", "2025-05-05", "5. maj 2025 kl. 12.00", "2025-05-05T12:00", "5. maj – 30. juni 2025",
    "2025-05-05/2025-06-30", "uge 12 2026", "2026-W12", "maj 2025", "2025-05", "primo marts 2027", "ultimo 2026",
    "4. kvartal 2025", "2025-Q4", "efteråret 2026", "andet halvår 2025", "2025-H2", "2025",
)
"""One example of each form, Danish and ISO."""

_PRECISION: dict[str, int] = {"year": 0, "half": 1, "season": 2, "quarter": 2, "month": 3, "part": 4, "week": 4,
                              "range": 5, "date": 6, "datetime": 7}

# --- ISO forms --------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T|\s*,?\s*(?:kl\.?|klokken)\s*|\s+)(\d{1,2})[:.](\d{2})", re.I)
"""A day and time in ISO form, or mixed with Danish: ``2025-05-05T12:00``, ``2025-05-05 kl. 12.00``."""
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.I)
_QUARTER = re.compile(r"(\d{4})-?Q([1-4])", re.I)
_HALF = re.compile(r"(\d{4})-?H([12])", re.I)
_YEAR = re.compile(r"(\d{4})")

# --- Danish forms, with Babel's names ---------------------------------------------------------


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, LOCALE).items():
                names[str(name).casefold().rstrip(".")] = int(number)
    return names


_MONTHS = _month_names()
_WEEKDAYS = {str(name).casefold(): int(number) for number, name in get_day_names("wide", "format", LOCALE).items()}
_HALVES = {"første": 1, "1.": 1, "andet": 2, "anden": 2, "2.": 2}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_M = _alternation(_MONTHS)
_WD = _alternation(_WEEKDAYS)
_H = _alternation(_HALVES)
_FLAGS = re.I

_DA_DAY = re.compile(
    rf"(?:(?P<weekday>{_WD})\s+)?(?:den\s+|d\.\s*)?(?P<day>\d{{1,2}})\.\s*(?:(?P<month>{_M})\.?)?"
    rf"(?:\s+(?P<year>\d{{4}}))?"
    r"(?:\s*,?\s*(?:kl\.?|klokken)\s*(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?)?",
    _FLAGS,
)
_DA_MONTH = re.compile(rf"(?P<month>{_M})\.?(?:\s+(?P<year>\d{{4}}))?", _FLAGS)
_QUARTERS = {"første": 1, "andet": 2, "anden": 2, "tredje": 3, "fjerde": 4}
_DA_QUARTER = re.compile(
    rf"(?:(?P<q>[1-4])\.\s*|(?P<word>{_alternation(_QUARTERS)})\s+)(?:kvartal|kvt\.?)\s+(?P<year>\d{{4}})"
    r"|Q(?P<qq>[1-4])\s*(?P<qyear>\d{4})",
    _FLAGS,
)
"""A quarter as Danes write it: ``1. kvartal 2027``, ``første kvartal 2027``, ``1. kvt. 2027``, ``Q1 2027``."""
_DA_QUARTER_START = re.compile(r"(?P<q>[1-4])\.")
"""The first end of a range of quarters that leaves "kvartal" to the second: the ``1.`` of ``1.–2. kvartal 2027``."""
_DA_WEEKS = re.compile(r"uge\s*(?P<a>\d{1,2})\s*[–—-]\s*(?:uge\s*)?(?P<b>\d{1,2})(?:\s*,?\s*(?:i\s+)?(?P<year>\d{4}))?",
                       _FLAGS)
"""A range of weeks with "uge" once: ``uge 10–12 2029``."""
_YEARS = re.compile(r"(?P<a>\d{4})\s*-\s*(?P<b>\d{4})")
"""Two years with a hyphen, as often typed for an en dash: ``2027-2029``."""
_DA_WEEK = re.compile(r"uge\s*(?P<week>\d{1,2})(?:\s*,?\s*(?:i\s+)?(?P<year>\d{4}))?", _FLAGS)
"""A week as Danes write it: ``uge 12 2026``, ``uge 12, 2026``, ``uge 12 i 2026``."""
_DA_HALF = re.compile(rf"(?P<h>{_H})\s*halvår\s+(?P<year>\d{{4}})", _FLAGS)
_DA_HALF_HEADING = re.compile(rf"(?P<year>\d{{4}})\s*[–—-]\s*(?P<h>{_H})\s*halvår", _FLAGS)
"""The heading of a half-year in kldocs' time plans: ``2021 – andet halvår``."""

_RANGE_ISO = re.compile(r"(?P<a>[^/]+?)\s*/\s*(?P<b>[^/]+)")
_RANGE_DASH = re.compile(r"\s*[–—]\s*|\s+-\s+|(?<=[a-zæøå.])-(?=\s*[a-zæøå\d])", _FLAGS)

_SPANNED = ("date", "week", "month", "quarter", "half", "year")
"""The kinds a range runs between, two of the same: a day and a time, or a day and a week, make no range."""
_SPANS = ("two days (5. maj – 30. juni 2025), two weeks (uge 10–12 2029), two months (maj – juni 2025), "
          "two quarters (1.–2. kvartal 2027), two half-years or two years (2027–2029)")

_HALF_A_YEAR = 183
"""The longest a range may run, in days, when the year of its first end is left to the reader across a new year."""

_PARTS = {"primo": 1, "medio": 2, "ultimo": 3}
"""The start, middle and end of a month (its days 1–10, 11–20, from 21) or of a year (January, June–July, December)."""
_PART_OF_YEAR = {1: (1, 1), 2: (6, 7), 3: (12, 12)}
"""The months of a year's primo, medio and ultimo."""
_DA_PART = re.compile(rf"(?P<part>{_alternation(_PARTS)})\.?\s+(?:(?P<month>{_M})\.?\s+)?(?P<year>\d{{4}})", _FLAGS)
"""``primo marts 2027``, ``medio juni 2026``, ``ultimo 2026``."""
_SEASONS = {"forår": (3, "foråret"), "sommer": (6, "sommeren"), "efterår": (9, "efteråret"),
            "vinter": (12, "vinteren")}
"""Each season's first month, and its name as a time plan writes it (``i efteråret 2026``): March–May, June–
August, September–November, and December to February."""
_DA_SEASON = re.compile(
    rf"(?:i\s+)?(?P<season>{_alternation(_SEASONS)})(?:et|en)?\s+(?P<year>\d{{4}})(?:\s*[/–—-]\s*(?P<next>\d{{2}}|\d{{4}}))?",
    _FLAGS,
)
"""``efteråret 2026``, ``forår 2027``, ``vinteren 2026/27``."""

_VOCABULARY = [*_MONTHS, *_WEEKDAYS, *_QUARTERS, *_PARTS, *(n for _, n in _SEASONS.values()), *_SEASONS,
               "kvartal", "kvt", "halvår", "kl", "klokken", "den", "uge"]


@dataclass(frozen=True, order=False)
class When:
    """A point or span in a time plan, as precise as the plan states it.

    ``kind`` says which fields matter: ``date`` uses year, month and day;
    ``datetime`` adds hour and minute; ``month`` uses year and month; a
    ``part`` of a month or year (primo, medio, ultimo: ``part`` 1 to 3) and a
    ``season`` are named in words (:attr:`label`, without the year) and run
    from their first day (year, month and day) to :attr:`until`;
    ``quarter`` year and quarter (``month`` is its first month); ``half``
    year and its first month (1 or 7); ``year`` the year alone. A ``week``
    holds its Monday (year, month and day) and its number (``week``), so its
    year is the ISO year of its Thursday (:attr:`week_year`): week 1 of 2026
    begins on 29 December 2025. A ``range`` runs between two days or two
    months, its ``ends``; its other fields are those of its first end.
    """

    kind: Kind
    year: int
    month: int = 1
    day: int = 1
    hour: int = 0
    minute: int = 0
    quarter: int = 0
    ends: tuple[When, When] | None = None
    week: int = 0
    label: str = ""
    """A part's or a season's name without its year: ``primo marts``, ``ultimo``, ``efteråret``."""
    until: dt.date | None = None
    """The last day of a part or a season."""

    @classmethod
    def parse(cls, value: object) -> When:
        """Read a point or span from ``program.yaml`` text, Danish or ISO, or a date/datetime.

        Raises ValueError if unreadable, with a message that names the text
        and gives an example of every form.
        """
        if isinstance(value, When):
            return value
        if isinstance(value, dt.datetime):
            return cls("datetime", value.year, value.month, value.day, value.hour, value.minute)
        if isinstance(value, dt.date):
            return cls("date", value.year, value.month, value.day)
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f"{value!r} is not a date; write {FORMS}")
        text = " ".join(str(value).replace("\u00a0", " ").split())
        when = _point(text)
        if when is None:
            when = _range(text)
        if when is None:
            raise ValueError(_unreadable(text))
        return when

    @classmethod
    def span(cls, first: When, last: When) -> When:
        """The range from ``first`` to ``last``, two days or two months; a ValueError if it ends before it starts."""
        if first.kind != last.kind or first.kind not in _SPANNED:
            raise ValueError(f"a range runs between two of a kind: {_SPANS}; not from {first} to {last}")
        if last.start < first.start:
            raise ValueError(f"the range from {first} to {last} ends before it starts")
        if last.start == first.start:  # 2026–2026, maj – maj 2025: a reader looks for the second end
            raise ValueError(f"the range starts and ends in {first}; write it once")
        return cls("range", first.year, first.month, first.day, ends=(first, last))

    @property
    def start(self) -> dt.date:
        """The first day this covers."""
        return dt.date(self.year, self.month, self.day)

    @property
    def end(self) -> dt.date:
        """The last day this covers."""
        if self.ends is not None:
            return self.ends[1].end
        if self.kind in ("date", "datetime"):
            return self.start
        if self.kind == "week":
            return self.start + dt.timedelta(days=6)
        if self.until is not None:
            return self.until
        months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.kind]
        last_month = self.month + months - 1
        first_of_next = dt.date(self.year + last_month // 12, last_month % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)

    @property
    def week_year(self) -> int:
        """The year a week is numbered in (its Thursday's); for anything else, its year."""
        return self.placed_in[0] if self.kind == "week" else self.year

    @property
    def placed_in(self) -> tuple[int, int]:
        """The year and half-year (1 or 2) it belongs to: those it starts in; a week's Thursday's (numbering it)."""
        day = self.start + dt.timedelta(days=3) if self.kind == "week" else self.start
        return day.year, 1 if day.month <= 6 else 2

    @property
    def half(self) -> int:
        """The half of the year it starts in: 1 for January–June, 2 for July–December."""
        return 1 if self.month <= 6 else 2

    @property
    def precision(self) -> int:
        """How precise it is: 0 for a year up to 7 for a day with a time."""
        return _PRECISION[self.kind]

    def precedes(self, other: When) -> bool:
        """Whether this is over before ``other`` begins: a day before the next, a time before a later one that day.

        A span and a day within it (``3. kvartal 2025`` and ``25. september
        2025``), or two spans that overlap, precede neither the other.
        """
        return self.last_instant < other.first_instant

    @property
    def first_instant(self) -> tuple[dt.date, int]:
        """Its first day, and its time in minutes (−1, before any time, for a whole day): where it begins."""
        return self.start, self.hour * 60 + self.minute if self.kind == "datetime" else -1

    @property
    def last_instant(self) -> tuple[dt.date, int]:
        """Its last day, and its time in minutes (a whole day: after any time of it): where it is over."""
        last = self.ends[1] if self.ends is not None else self
        return self.end, last.hour * 60 + last.minute if last.kind == "datetime" else 24 * 60

    @property
    def sort_key(self) -> tuple[dt.date, int, int]:
        """Calendar order by the day it is over: a month, quarter or range sorts after the days in it."""
        last = self.ends[1] if self.ends is not None else self
        return (self.end, -self.precision, last.hour * 60 + last.minute)

    @property
    def year_text(self) -> str:
        """The year as a part or a season says it: ``2026``, or ``2026/27`` for a winter into the next."""
        last = self.end.year
        return str(self.year) if last == self.year else f"{self.year}/{str(last)[2:]}"

    def within_year(self, year: int) -> bool:
        """Whether all of it lies in ``year``."""
        return self.start.year == self.end.year == year

    def told_by_year(self, year: int) -> bool:
        """Whether a reader who knows ``year`` knows its year: it lies in it, or it is a week numbered in it.

        ``uge 1`` under the heading 2026 is week 1 of 2026, though its Monday is 29 December 2025.
        """
        return self.week_year == year if self.kind == "week" else self.within_year(year)

    def as_date(self) -> dt.date:
        """The date, for what is one day; a ValueError for a range, a month, a quarter, a half-year or a year."""
        if self.kind not in ("date", "datetime"):
            raise ValueError(f"{self} is a {_KIND_NAMES[self.kind]}, not a day")
        return self.start

    def as_datetime(self) -> dt.datetime:
        """The date and time (midnight for a plain date); a ValueError for anything longer than a day."""
        d = self.as_date()
        return dt.datetime(d.year, d.month, d.day, self.hour, self.minute)

    def __str__(self) -> str:
        """The ISO form: ``2025-05-05``, ``2025-05-05 12:00``, ``2025-05-05/2025-06-30``, ``2025-Q4``, ``2025-H2``."""
        if self.ends is not None:
            return f"{self.ends[0]}/{self.ends[1]}"
        if self.kind == "year":
            return str(self.year)
        if self.kind == "half":
            return f"{self.year}-H{self.half}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.quarter}"
        if self.kind == "week":
            return f"{self.week_year}-W{self.week:02d}"
        if self.kind in ("part", "season"):  # no ISO form: the Danish, which parse reads back
            return f"{self.label} {self.year_text}"
        if self.kind == "month":
            return f"{self.year}-{self.month:02d}"
        if self.kind == "date":
            return self.start.isoformat()
        return f"{self.start.isoformat()} {self.hour:02d}:{self.minute:02d}"


_KIND_NAMES = {
    "date": "day", "datetime": "day", "range": "range", "week": "week", "month": "month",
    "part": "part of a month or year",
    "quarter": "quarter", "season": "season", "half": "half-year", "year": "year",
}


class NotADate(ValueError):
    """A text in a form of the calendar that names a day it does not have: ``30. februar 2026``."""


def _real(text: str, make: Callable[[], When]) -> When:
    """``make()``, with Python's complaint about an impossible date turned into one saying which text."""
    try:
        return make()
    except ValueError as exc:
        raise NotADate(f"{text!r} is not a real date ({exc})") from None


def _date(text: str, year: int, month: int, day: int) -> When:
    return _real(text, lambda: When("date", *_ymd(dt.date(year, month, day))))


def _ymd(d: dt.date) -> tuple[int, int, int]:
    return d.year, d.month, d.day


def _point(text: str) -> When | None:
    """One point (not a range) in ISO or Danish form, or None when ``text`` is neither."""
    return _iso_point(text) or _danish_point(text)


def _iso_point(text: str) -> When | None:
    if m := _DATE.fullmatch(text):
        return _date(text, int(m[1]), int(m[2]), int(m[3]))
    if m := _DATETIME.fullmatch(text):
        y, mo, d, h, mi = (int(g) for g in m.groups())
        return _real(text, lambda: When("datetime", *_ymd(dt.date(y, mo, d)), *_hm(h, mi)))
    if m := _MONTH.fullmatch(text):
        return _month(text, int(m[1]), int(m[2]))
    if m := _WEEK.fullmatch(text):
        return _week(text, int(m[1]), int(m[2]))
    if m := _QUARTER.fullmatch(text):
        q = int(m[2])
        return When("quarter", int(m[1]), month=3 * q - 2, quarter=q)
    if m := _HALF.fullmatch(text):
        return When("half", int(m[1]), month=1 if m[2] == "1" else 7)
    if m := _YEAR.fullmatch(text):
        return When("year", int(m[1]))
    return None


def _hm(hour: int, minute: int) -> tuple[int, int]:
    t = dt.time(hour, minute)
    return t.hour, t.minute


def _month(text: str, year: int, month: int) -> When:
    return _real(text, lambda: When("month", *_ymd(dt.date(year, month, 1))[:2]))


def _week(text: str, year: int, week: int) -> When:
    """The ISO week ``week`` of ``year``: from its Monday, with its number; a ValueError for one the year lacks."""
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a week: {year} has weeks 1 to "
                         f"{dt.date(year, 12, 28).isocalendar().week}") from None
    return When("week", *_ymd(monday), week=week)


def _danish_point(text: str, *, year: int | None = None, month: int | None = None) -> When | None:
    """A point in kldocs' Danish; ``year`` and ``month`` fill in what the first end of a range leaves out.

    Raises ValueError for a day or month without a year when none is given to fill in.
    """
    if m := _DA_PART.fullmatch(text):
        return _part(text, _PARTS[m["part"].casefold()], int(m["year"]),
                     _MONTHS[m["month"].casefold()] if m["month"] else None)
    if m := _DA_SEASON.fullmatch(text):
        return _season(text, m["season"].casefold(), int(m["year"]), m["next"])
    if m := _DA_QUARTER.fullmatch(text):
        q = int(m["q"] or m["qq"] or 0) or _QUARTERS[m["word"].casefold()]
        return When("quarter", int(m["year"] or m["qyear"]), month=3 * q - 2, quarter=q)
    if m := _DA_WEEK.fullmatch(text):
        y = int(m["year"]) if m["year"] else year
        if y is None:
            raise ValueError(f"{text!r} gives no year; write it as in 'uge 12 2026'")
        return _week(text, y, int(m["week"]))
    if (m := _DA_HALF.fullmatch(text)) or (m := _DA_HALF_HEADING.fullmatch(text)):
        return When("half", int(m["year"]), month=1 if _HALVES[m["h"].casefold()] == 1 else 7)
    if m := _DA_MONTH.fullmatch(text):
        y = int(m["year"]) if m["year"] else year
        if y is None:
            raise ValueError(f"{text!r} gives no year; write it as in 'maj 2025'")
        return _month(text, y, _MONTHS[m["month"].casefold()])
    if m := _DA_DAY.fullmatch(text):
        mo = _MONTHS[m["month"].casefold()] if m["month"] else month
        y = int(m["year"]) if m["year"] else year
        if mo is None:
            return None
        if y is None:
            raise ValueError(f"{text!r} gives no year; write it as in '5. maj 2025'")
        when = _date(text, y, mo, int(m["day"]))
        if m["weekday"]:
            _check_weekday(text, when, m["weekday"])
        if m["hour"] is None:
            return when
        hour, minute = int(m["hour"]), int(m["minute"] or 0)
        return _real(text, lambda: When("datetime", *_ymd(when.start), *_hm(hour, minute)))
    return None


def _part(text: str, part: int, year: int, month: int | None) -> When:
    """The start, middle or end of ``month`` (days 1–10, 11–20, 21 to its last) or, without one, of ``year``."""
    name = next(word for word, n in _PARTS.items() if n == part)
    if month is None:
        first, last = _PART_OF_YEAR[part]
        return When("part", year, first, 1, label=name, until=_month(text, year, last).end)
    whole = _month(text, year, month)
    day, until = (1, whole.start.replace(day=10)) if part == 1 else (11, whole.start.replace(day=20)) if part == 2 \
        else (21, whole.end)
    return When("part", year, month, day, label=f"{name} {format_date(whole.start, 'LLLL', locale=LOCALE)}",
                until=until)


def _season(text: str, season: str, year: int, following: str | None) -> When:
    """The season of ``year``: a winter runs into the next year, which it names (``vinteren 2026/27``)."""
    first, name = _SEASONS[season]
    if first == 12:
        if following is None:
            raise ValueError(f"{text!r}: a winter runs from December into the next year; write both, as in "
                             f"'vinteren {year}/{str(year + 1)[2:]}'")
        if int(following) % 100 != (year + 1) % 100 or (len(following) == 4 and int(following) != year + 1):
            raise ValueError(f"{text!r}: a winter runs from December {year} into {year + 1}; write "
                             f"'vinteren {year}/{str(year + 1)[2:]}'")
        return When("season", year, 12, 1, label=name, until=dt.date(year + 1, 3, 1) - dt.timedelta(days=1))
    if following is not None:
        raise ValueError(f"{text!r}: {name} lies in one year; write '{name} {year}'")
    return When("season", year, first, 1, label=name, until=_month(text, year, first + 2).end)


def _check_weekday(text: str, when: When, weekday: str) -> None:
    actual = when.start.weekday()
    if _WEEKDAYS[weekday.casefold()] != actual:
        name = next(n for n, i in _WEEKDAYS.items() if i == actual)
        day = format_date(when.start, "d. MMMM y", locale=LOCALE)
        raise ValueError(f"{text!r}: {day} is a {name}, not a {weekday.casefold()}")


def _range(text: str) -> When | None:
    """A range of two of a kind: ``5. maj – 30. juni 2025``, ``1.–2. kvartal 2027``, ``2027–2029``."""
    if m := _RANGE_ISO.fullmatch(text):
        first_text, last_text = m["a"], m["b"]
        first, last = _iso_point(first_text), _iso_point(last_text)
        if first is None or last is None:
            return None
        return _spanned(text, first, last)
    if m := _YEARS.fullmatch(text):
        return _spanned(text, When("year", int(m["a"])), When("year", int(m["b"])))
    if m := _DA_WEEKS.fullmatch(text):
        year = int(m["year"]) if m["year"] else None
        if year is None:
            raise ValueError(f"{text!r} gives no year; write it as in 'uge 10–12 2029'")
        return _spanned(text, _week(text, year, int(m["a"])), _week(text, year, int(m["b"])))
    parts = _RANGE_DASH.split(text)
    if len(parts) != 2 or not all(parts):
        return None
    first_text, last_text = parts
    last = _point(last_text)
    if last is None:
        return None
    if last.kind not in _SPANNED:
        raise ValueError(f"{text!r}: a range runs between {_SPANS}")
    word = first_text.casefold()
    if last.kind == "quarter" and ((m := _DA_QUARTER_START.fullmatch(first_text)) or word in _QUARTERS):
        q = int(m["q"]) if m else _QUARTERS[word]
        first = When("quarter", last.year, month=3 * q - 2, quarter=q)
    elif last.kind == "half" and word in _HALVES:  # første – andet halvår 2027
        first = When("half", last.year, month=1 if _HALVES[word] == 1 else 7)
    else:
        first = _iso_point(first_text) or _danish_point(first_text, year=last.year, month=last.month)
        if first is None and last.kind in ("quarter", "half"):  # første – andet halvår 2027: the year said once
            first = _danish_point(f"{first_text} {last.year}")
    if first is None:
        return None
    if first.start > last.start and not re.search(r"\d{4}", first_text):
        # "15. december – 15. januar 2026" starts in the year before the one written; a range of
        # more than half a year that seems to end before it starts is a mistake, not a new year
        before = _danish_point(first_text, year=last.year - 1, month=last.month)
        if before is not None and (last.end - before.start).days <= _HALF_A_YEAR:
            first = before
    return _spanned(text, first, last)


def _spanned(text: str, first: When, last: When) -> When:
    """:meth:`When.span`, with a complaint that names ``text``."""
    try:
        return When.span(first, last)
    except ValueError as exc:
        raise ValueError(f"{text!r}: {exc}") from None


def _unreadable(text: str) -> str:
    if not text:
        return f"is empty; write {IN_SHORT}"
    hint = ""
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        if word in _VOCABULARY:
            continue
        close = difflib.get_close_matches(word, _VOCABULARY, n=1, cutoff=0.75)
        if close:
            hint = f" (did you mean '{close[0]}'?)"
            break
    return f"{text!r} is not a date{hint}; write {IN_SHORT}"


_T = TypeVar("_T")


def in_calendar_order(items: Iterable[_T], when: Callable[[_T], When]) -> list[_T]:
    """``items`` in calendar order by ``when``, in the order given wherever the calendar gives none.

    One that is over before another begins (:meth:`When.precedes`) comes
    before it; otherwise the order given is kept: each in turn is the first,
    as given, that nothing left is over before. So a span and a day within
    it (``3. kvartal 2025`` and ``25. september 2025``), or spans that
    overlap, keep their order, and a plan in calendar order is left as it is.
    """
    left = [(w.first_instant, w.last_instant, item) for item in items for w in (when(item),)]
    ordered: list[_T] = []
    while left:
        over = min(last for _, last, _ in left)
        at = next(i for i, (first, _, _) in enumerate(left) if not over < first)
        ordered.append(left.pop(at)[2])
    return ordered
