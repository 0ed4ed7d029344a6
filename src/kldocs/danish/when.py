"""Points in time as partnerships write them: a date, a date with a time, a month or a quarter.

A time plan says "14. september 2021", "16. august 2021 kl. 12.00",
"august 2021" or "4. kvartal 2017"; :class:`When` holds any of these, parses
them from the ISO-like text in ``program.yaml`` and sorts them on the calendar.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["date", "datetime", "month", "quarter"]

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2})[:.](\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")

FORMS = "YYYY-MM-DD, YYYY-MM-DD HH:MM, YYYY-MM or YYYY-Q1…Q4"


@dataclass(frozen=True, order=False)
class When:
    """A moment in a time plan, as precise as the plan states it.

    ``kind`` says which fields matter: ``date`` uses year, month and day;
    ``datetime`` adds hour and minute; ``month`` uses year and month;
    ``quarter`` uses year and quarter.
    """

    kind: Kind
    year: int
    month: int = 1
    day: int = 1
    hour: int = 0
    minute: int = 0
    quarter: int = 0

    @classmethod
    def parse(cls, value: object) -> When:
        """Read a moment from ``program.yaml`` text or a date/datetime; raise ValueError if unreadable."""
        if isinstance(value, When):
            return value
        if isinstance(value, dt.datetime):
            return cls("datetime", value.year, value.month, value.day, value.hour, value.minute)
        if isinstance(value, dt.date):
            return cls("date", value.year, value.month, value.day)
        text = str(value).strip()
        try:
            if m := _DATE.match(text):
                d = dt.date(int(m[1]), int(m[2]), int(m[3]))
                return cls("date", d.year, d.month, d.day)
            if m := _DATETIME.match(text):
                t = dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]))
                return cls("datetime", t.year, t.month, t.day, t.hour, t.minute)
            if m := _MONTH.match(text):
                d = dt.date(int(m[1]), int(m[2]), 1)
                return cls("month", d.year, d.month)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
        if m := _QUARTER.match(text):
            q = int(m[2])
            return cls("quarter", int(m[1]), month=3 * q - 2, quarter=q)
        raise ValueError(f"{text!r} is not a date; write {FORMS}")

    @property
    def start(self) -> dt.date:
        """The first day this moment covers."""
        return dt.date(self.year, self.month, self.day)

    @property
    def end(self) -> dt.date:
        """The last day this moment covers."""
        if self.kind in ("date", "datetime"):
            return self.start
        last_month = self.month + (2 if self.kind == "quarter" else 0)
        first_of_next = dt.date(self.year + last_month // 12, last_month % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)

    @property
    def half(self) -> int:
        """1 for the first half of the year (January–June), 2 for the second."""
        return 1 if self.month <= 6 else 2

    @property
    def sort_key(self) -> tuple[dt.date, int, int]:
        """Calendar order by the day a moment is over: a month or quarter sorts after the days in it."""
        precision = {"quarter": 0, "month": 1, "date": 2, "datetime": 3}[self.kind]
        return (self.end, -precision, self.hour * 60 + self.minute)

    def as_date(self) -> dt.date:
        """The date, for a moment that is one day; a ValueError for a month or a quarter."""
        if self.kind not in ("date", "datetime"):
            raise ValueError(f"{self} is a {self.kind}, not a day")
        return self.start

    def as_datetime(self) -> dt.datetime:
        """The date and time (midnight for a plain date); a ValueError for a month or a quarter."""
        d = self.as_date()
        return dt.datetime(d.year, d.month, d.day, self.hour, self.minute)

    def __str__(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}-Q{self.quarter}"
        if self.kind == "month":
            return f"{self.year}-{self.month:02d}"
        if self.kind == "date":
            return self.start.isoformat()
        return f"{self.start.isoformat()} {self.hour:02d}:{self.minute:02d}"
