"""Reading tables exported from Excel: ``.csv`` in any form Danish Excel writes, and ``.xlsx``.

Danish Excel writes CSV with ``;`` between fields (``,`` is the decimal
sign), in Windows-1252 or in UTF-8 with a byte-order mark, and "Unicode
text" as UTF-16 with tabs. :func:`read_table` reads all of these without
guessing wrong: bytes are decoded as UTF-8 strictly and only then as
Windows-1252, so ``ø`` never turns into ``Ã¸``. Rows are numbered as Excel
shows them (the heading is row 1), so problems can name the row a user sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kldocs.errors import InputError, KldocsError, Problem, locate
from kldocs.reference.municipalities import Municipality, lookup

Cell = str | int | float | dt.datetime | dt.date | bool | None


@dataclass(frozen=True)
class Row:
    """One data row: its number as Excel shows it, and its cells by column heading."""

    number: int
    cells: dict[str, Cell]

    def get(self, column: str) -> Cell:
        """The cell under ``column``; None when empty or absent."""
        value = self.cells.get(column)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def text(self, column: str) -> str | None:
        """The cell under ``column`` as the text a user sees in Excel; None when empty or absent."""
        return cell_text(self.get(column))


def cell_text(value: Cell) -> str | None:
    """A cell as text, as Excel shows it (a whole number read from .xlsx as 5.0 is ``5``); None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


@dataclass
class Table:
    """A table read from a file: its column headings and its non-empty rows."""

    path: Path
    headers: list[str]
    rows: list[Row] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def where(self, row: int | None = None, column: str | None = None) -> str:
        """``registrations.csv, row 4, Kommune`` — where a problem is."""
        return locate(self.path, row, column)

    def missing_columns(self, required: Iterable[str]) -> list[Problem]:
        """A problem for each of ``required`` the table has no column for, with the closest heading it has."""
        problems = []
        for column in required:
            if column not in self.headers:
                close = difflib.get_close_matches(column, self.headers, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else f"; the columns are {', '.join(self.headers)}"
                problems.append(Problem(self.where(1), f"the column '{column}' is missing{hint}"))
        return problems

    def municipality(self, row: Row, column: str, problems: list[Problem]) -> Municipality | None:
        """The municipality ``row`` names under ``column`` (code or name); None, with a problem added, if none."""
        value = row.text(column)
        if value is None:
            problems.append(Problem(self.where(row.number, column), "is empty"))
            return None
        try:
            return lookup(value)
        except KldocsError as exc:
            problems.append(Problem(self.where(row.number, column), exc.problems[0]))
            return None


def find_table(folder: Path, stem: str) -> Path | None:
    """``stem.csv`` or ``stem.xlsx`` in ``folder``, or None; InputError when both are there."""
    existing = [p for ext in (".csv", ".xlsx") if (p := Path(folder) / f"{stem}{ext}").is_file()]
    if len(existing) > 1:
        raise InputError(Problem(Path(folder).name, f"holds both {stem}.csv and {stem}.xlsx; keep one"))
    return existing[0] if existing else None


def read_table(path: Path) -> Table:
    """Read a ``.csv`` or ``.xlsx`` file into a Table; raise InputError naming the file if unreadable."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        headers, records = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        headers, records = _read_csv(path)
    else:
        raise InputError(Problem(path.name, "must be a .csv or .xlsx file"))
    headers = [h.strip() for h in headers]
    problems = []
    seen: set[str] = set()
    for h in headers:
        if h and h in seen:
            problems.append(Problem(locate(path, 1), f"the column {h!r} appears twice"))
        seen.add(h)
    if problems:
        raise InputError(problems)
    rows = []
    for number, values in records:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        cells = {h: v for h, v in zip(headers, values, strict=False) if h}
        rows.append(Row(number, cells))
    return Table(path, [h for h in headers if h], rows)


def decode(data: bytes, path: Path) -> str:
    """Text from bytes as Excel writes them: UTF-16 or UTF-8 by BOM, else strict UTF-8, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            Problem(path.name, f"is neither UTF-8 nor Windows-1252 text (byte {exc.start})")
        ) from None


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    try:
        text = decode(path.read_bytes(), path)
    except FileNotFoundError:
        raise InputError(Problem(path.name, f"not found in {path.parent}")) from None
    text = text.replace("\x00", "")
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        all_rows = list(reader)
    except csv.Error as exc:
        raise InputError(Problem(locate(path, reader.line_num), f"is not valid CSV: {exc}")) from None
    if not all_rows:
        raise InputError(Problem(path.name, "is empty; the first row must hold the column headings"))
    records: list[tuple[int, list[Cell]]] = [
        (i, list(r)) for i, r in enumerate(all_rows[1:], start=2)
    ]
    return all_rows[0], records


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(Problem(path.name, f"not found in {path.parent}")) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(Problem(path.name, f"is not a readable .xlsx workbook ({exc})")) from None
    try:
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        records: list[tuple[int, list[Cell]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            if header is None:
                if any(v is not None for v in cells):
                    header = ["" if v is None else str(v) for v in cells]
                continue
            records.append((number, cells))
    finally:
        workbook.close()
    if header is None:
        raise InputError(Problem(path.name, "is empty; the first row must hold the column headings"))
    return header, records
