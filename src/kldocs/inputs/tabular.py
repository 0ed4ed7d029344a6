"""Reading tables exported from Excel: ``.csv`` in any form Danish Excel writes, and ``.xlsx``.

Danish Excel writes CSV with ``;`` between fields (``,`` is the decimal
sign), in Windows-1252 or in UTF-8 with a byte-order mark, and "Unicode
text" as UTF-16 with tabs (with a byte-order mark, or, from some tools,
without one). :func:`read_table` reads all of these without guessing
wrong. Each cell is decoded on its own: a cell that is valid UTF-8 is
UTF-8, any other is Windows-1252 (Danish text in Windows-1252 is never
valid UTF-8: ``ø`` is the byte F8, which UTF-8 never uses), so ``ø`` never
turns into ``Ã¸``. A file whose cells disagree — Windows-1252 with a row
pasted in as UTF-8, or the reverse — is refused at its first row in the
minority encoding (in the file's encoding when a byte-order mark declares
UTF-8), never read half as mojibake. Rows are numbered as Excel shows them
(the heading is row 1), so problems can name the row a user sees.

A workbook is read from its active sheet, or its first visible one when the
active sheet is hidden; a formula gives the value Excel saved with it, and
a formula saved without one, or an Excel error such as ``#DIV/0!``, is a
problem naming its cell. A file is data from outside, so what reading it
costs is bounded first: a file over :data:`MAX_FILE_BYTES`, and a workbook
whose zip members unpack to more than :data:`~kldocs.engine.zipguard.MAX_MEMBER_BYTES` each or
:data:`~kldocs.engine.zipguard.MAX_UNPACKED_BYTES` in all, inflate more than :data:`~kldocs.engine.zipguard.MAX_RATIO`
times, number more than :data:`~kldocs.engine.zipguard.MAX_MEMBERS`, or whose sheet spans more than
:data:`MAX_CELLS` cells, is refused before openpyxl inflates any of it.
Whatever else openpyxl cannot read is one line, "is not a readable .xlsx
workbook (…)".

Every cell, of either kind of file, that is a number no one means —
``NaN``, ``Infinity``, ``1e999999``, more than :data:`MAX_NUMBER_DIGITS`
digits — is a problem naming its row and column, so no reader downstream
ever computes with it. So is a cell holding a control character (a broken
export's, never one typed), and a cell holding data under no heading, as
under a merged heading: nothing is dropped without a word. Headings are
compared in one Unicode spelling (NFC), as a Mac writes "å" in two parts.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kldocs.engine.cleantext import control_character
from kldocs.engine.zipguard import refusal
from kldocs.errors import InputError, KldocsError, Problem, locate
from kldocs.inputs.files import read_bounded
from kldocs.reference.municipalities import Municipality, lookup

Cell = str | int | float | dt.datetime | dt.date | bool | None

MAX_FILE_BYTES = 20_000_000
"""The largest .csv or .xlsx read (a sheet of all 98 municipalities is some 20 kB)."""
MAX_CELLS = 2_000_000
"""The most cells a sheet may span, counting the empty ones before each row's last cell."""
MAX_NUMBER_DIGITS = 100
"""A cell holding a number of more digits than this (``1e9999``) is refused."""
MAX_LISTED = 20
"""The most problems with single cells listed; the rest are counted."""

_UTF8_BOM = b"\xef\xbb\xbf"
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, kept by surrogateescape
_XSTRING = re.compile("_x([0-9A-Fa-f]{4})_")
_CONTROL_XSTRING = re.compile("_x(00[01][0-9A-Fa-f])_")  # the escapes of U+0000-U+001F, which XML cannot hold
_SPECIAL = re.compile(r"[+-]?(?:inf|infinity|s?nan\d*)", re.IGNORECASE)
_NUMERAL = re.compile(r"[+-]?(?P<mantissa>[\d.,\u00a0 ]+)(?:[eE](?P<exponent>[+-]?\d+))?")  # one run: no backtracking


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
    """A table read from a file: its column headings and its non-empty rows.

    ``sheet`` names the sheet read from a workbook with more than one
    visible sheet, so that problems say which one; None otherwise.
    """

    path: Path
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    sheet: str | None = None

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def where(self, row: int | None = None, column: str | None = None) -> str:
        """``registrations.csv, row 4, Kommune`` — where a problem is."""
        return locate(_source(self.path, self.sheet), row, column)

    def missing_columns(self, required: Iterable[str], why: Mapping[str, str] | None = None,
                        keys: Mapping[str, str] | None = None) -> list[Problem]:
        """A problem for each of ``required`` the table has no column for, with the closest heading it has.

        ``why`` says, of some columns, what needs them (``pricing.discount goes by it``); ``keys``, of some,
        the setting that names a heading of one's own instead (``registration.columns.municipality``).
        """
        problems = []
        for column in required:
            if column not in self.headers:
                close = difflib.get_close_matches(column, self.headers, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else f"; the columns are {', '.join(self.headers)}"
                reason = f" ({why[column]})" if why and column in why else ""
                if keys and column in keys:
                    hint += f"; a column of another heading is named in program.yaml, {keys[column]}: <its heading>"
                problems.append(Problem(self.where(1), f"the column '{column}' is missing{reason}{hint}"))
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
    """Read a ``.csv`` or ``.xlsx`` file into a Table; raise InputError naming file, row and column if unreadable."""
    suffix = path.suffix.lower()
    sheet: str | None = None
    if suffix == ".xlsx":
        headers, records, sheet = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        headers, records = _read_csv(path)
    else:
        raise InputError(Problem(path.name, "must be a .csv or .xlsx file"))
    source = _source(path, sheet)
    # a heading typed on a Mac or copied from a web form may spell "å" as "a" and a ring: compare the one spelling
    headers = [unicodedata.normalize("NFC", h.strip()) for h in headers]
    if not any(headers):
        raise InputError(Problem(source, "is empty; the first row must hold the column headings"))
    problems = []
    seen: set[str] = set()
    for index, h in enumerate(headers):
        refused = control_character(h)
        if refused is not None:
            problems.append(Problem(locate(source, 1, f"column {_letter(index + 1)}"), refused))
        if h and h in seen:
            problems.append(Problem(locate(source, 1), f"the column {h!r} appears twice"))
        seen.add(h)
    if problems:
        raise InputError(problems)
    title = _title_above(headers, records)
    if title is not None:
        raise InputError(Problem(locate(source, 1), title))
    rows = []
    cell_problems: list[Problem] = []
    for number, values in records:
        if all(_blank(v) for v in values):
            continue
        for index, value in enumerate(values):
            message = (isinstance(value, str) and control_character(value)) or absurd_number(value)
            if message is None and not _blank(value) and (index >= len(headers) or not headers[index]):
                message = (f"holds {_short(str(value).strip())} in a column with no heading; give the column a "
                           "heading in row 1, or empty the cell")
            if message is not None:
                cell_problems.append(Problem(locate(source, number, _column(headers, index)), message))
        cells = {h: v for h, v in zip(headers, values, strict=False) if h}
        rows.append(Row(number, cells))
    if cell_problems:
        raise InputError(_listed(cell_problems))
    return Table(path, [h for h in headers if h], rows, sheet)


def _title_above(headers: list[str], records: list[tuple[int, list[Cell]]]) -> str | None:
    """Why row 1 looks like a title above the table (a form's export line), its headings in the row below; else None.

    Row 1 has one cell, and the next row with anything in it has three or
    more, all text: without this, every heading below would be a cell "in a
    column with no heading".
    """
    if sum(1 for h in headers if h) != 1:
        return None
    number, values = next(((n, v) for n, v in records if not all(_blank(c) for c in v)), (0, []))
    texts = [str(v).strip() for v in values if not _blank(v)]
    if len(texts) < 3 or not all(isinstance(v, str) for v in values if not _blank(v)):
        return None
    shown = ", ".join(texts[:3]) + (", …" if len(texts) > 3 else "")
    return (f"holds only {_short(next(h for h in headers if h))}, and row {number} looks like the column headings "
            f"({shown}): delete row 1 and any row above the headings, so that the headings are in row 1")


def _blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def absurd_number(value: Cell) -> str | None:
    """Why ``value`` is a number no one means (NaN, infinite, over MAX_NUMBER_DIGITS digits); None if it is not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return f"{value!r} is not a number; write a number, or leave the cell empty"
        if abs(value) >= 10.0**MAX_NUMBER_DIGITS:
            return f"{value!r} is too large a number (more than {MAX_NUMBER_DIGITS} digits)"
        return None
    if isinstance(value, int):
        if abs(value).bit_length() > MAX_NUMBER_DIGITS * 3.33:
            return f"is too large a number (more than {MAX_NUMBER_DIGITS} digits)"
        return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _SPECIAL.fullmatch(text) and text != "Nan":  # Nan is also a name
        return f"{_short(text)} is not a number; write a number, or leave the cell empty"
    match = _NUMERAL.fullmatch(text)
    if match is None:
        return None
    digits = sum(c.isdigit() for c in match["mantissa"])
    if not digits:
        return None
    exponent = match["exponent"]
    if exponent is not None:
        unsigned = exponent.lstrip("+-").lstrip("0")
        if not exponent.startswith("-") and (len(unsigned) > 6 or digits + int(unsigned or 0) > MAX_NUMBER_DIGITS):
            return f"{_short(text)} is too large a number (more than {MAX_NUMBER_DIGITS} digits)"
    if digits > MAX_NUMBER_DIGITS:
        return f"{_short(text)} has more than {MAX_NUMBER_DIGITS} digits; is it a number?"
    return None


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "…")


def _source(path: Path, sheet: str | None) -> str:
    """The file a problem is in: ``registrations.xlsx``, or ``registrations.xlsx, sheet 'Ark2'``."""
    return f"{path.name}, sheet {sheet!r}" if sheet else path.name


def _column(headers: list[str], index: int) -> str:
    """The heading of the column at ``index`` (0-based), or its letter when it has none."""
    heading = headers[index].strip() if index < len(headers) else ""
    return heading or f"column {_letter(index + 1)}"


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _listed(problems: list[Problem]) -> list[Problem]:
    """``problems``, the first MAX_LISTED of them and a count of the rest."""
    if len(problems) <= MAX_LISTED:
        return problems
    more = len(problems) - MAX_LISTED
    return [*problems[:MAX_LISTED], Problem("", f"… and {more} more cells like these")]


def _read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, refused when missing, unreadable or larger than MAX_FILE_BYTES."""
    return read_bounded(path, MAX_FILE_BYTES, "a table kldocs reads")


def _check_size(path: Path) -> None:
    """Refuse ``path`` when missing, unreadable or larger than MAX_FILE_BYTES, without reading it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(Problem(path.name, f"not found in {path.parent}")) from None
    except OSError as exc:
        raise InputError(Problem(path.name, f"cannot be read ({exc.strerror or exc})")) from None
    if size > MAX_FILE_BYTES:
        raise InputError(Problem(path.name, f"is larger than {MAX_FILE_BYTES // 1_000_000} MB; "
                                 "a table kldocs reads is a few kilobytes"))


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    data = _read_bytes(path)
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise InputError(Problem(path.name, f"is not valid UTF-16 text (byte {exc.start})")) from None
        all_rows = _parse_csv(text, path)
    else:
        declared = data.startswith(_UTF8_BOM)
        if declared:
            data = data[len(_UTF8_BOM):]
        all_rows = _decode_cells(_parse_csv(data.decode("utf-8", "surrogateescape"), path), path, declared)
    if not all_rows:
        raise InputError(Problem(path.name, "is empty; the first row must hold the column headings"))
    records: list[tuple[int, list[Cell]]] = [
        (i, list(r)) for i, r in enumerate(all_rows[1:], start=2)
    ]
    return all_rows[0], records


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` reads as UTF-16 with no byte-order mark; None otherwise.

    Text in a Latin alphabet saved as UTF-16 has a zero byte in every other
    place: after each letter (little-endian, as Windows writes it) or before
    it. Text in UTF-8 or Windows-1252 has none.
    """
    sample = data[:4096]
    if b"\x00" not in sample or len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= pairs // 2 and even * 4 <= odd:
        return "utf-16-le"
    if even >= pairs // 2 and odd * 4 <= even:
        return "utf-16-be"
    return None


def _parse_csv(text: str, path: Path) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:
        raise InputError(Problem(locate(path, reader.line_num), f"is not valid CSV: {exc}")) from None


def _decode_cells(rows: list[list[str]], path: Path, declared: bool) -> list[list[str]]:
    """Rows read as UTF-8 with stray bytes escaped, with each cell in the one encoding of the file.

    A cell with escaped bytes is Windows-1252; one with other non-ASCII
    text is UTF-8. When both kinds occur, the file is refused at the first
    row of the kind in the minority (or, when a byte-order mark declares
    UTF-8, at the first Windows-1252 row).
    """
    utf8: list[tuple[int, int]] = []  # (row, column) of the first cell of its kind in each row
    cp1252: list[tuple[int, int]] = []
    for r, row in enumerate(rows):
        first_utf8 = first_cp1252 = None
        for c, cell in enumerate(row):
            if cell.isascii():
                continue
            if _ESCAPED.search(cell):
                first_cp1252 = c if first_cp1252 is None else first_cp1252
            elif first_utf8 is None:
                first_utf8 = c
        if first_utf8 is not None:
            utf8.append((r, first_utf8))
        if first_cp1252 is not None:
            cp1252.append((r, first_cp1252))
    if not cp1252:
        return rows
    headers = [_as_cp1252(h, errors="replace") for h in rows[0]]
    if utf8:
        cp1252_bad = declared or len(cp1252) < len(utf8) or (len(cp1252) == len(utf8) and cp1252[0] > utf8[0])
        r, c = cp1252[0] if cp1252_bad else utf8[0]
        shown = _as_cp1252(rows[r][c], errors="replace") if cp1252_bad else rows[r][c]
        kind, rest = ("Windows-1252", "UTF-8") if cp1252_bad else ("UTF-8", "Windows-1252")
        rest_is = "declared UTF-8 by its byte-order mark" if declared else f"in {rest}"
        raise InputError(Problem(
            locate(path, r + 1, _column(headers, c) if r else None),
            f"is written in {kind} ({_short(shown.strip())}), but the rest of the file is {rest_is}; "
            "save the whole file again from Excel, so that all of it is in one encoding",
        ))
    decoded = []
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            try:
                cells.append(_as_cp1252(cell) if _ESCAPED.search(cell) else cell)
            except UnicodeDecodeError as exc:
                raise InputError(Problem(
                    locate(path, r + 1, _column(headers, c) if r else None),
                    f"is neither UTF-8 nor Windows-1252 text (byte 0x{exc.object[exc.start]:02X})",
                )) from None
        decoded.append(cells)
    return decoded


def _as_cp1252(cell: str, errors: str = "strict") -> str:
    """A cell read as UTF-8 with its stray bytes escaped, read again as Windows-1252."""
    if not _ESCAPED.search(cell):
        return cell
    return cell.encode("utf-8", "surrogateescape").decode("cp1252", errors)


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[Cell]]], str | None]:
    """The headings, rows and (when it has several) sheet name of a workbook's active visible sheet."""
    _check_size(path)
    _check_archive(path)
    from openpyxl import load_workbook

    # openpyxl warns about parts it drops, which are not ours to print; and it leaves a file open when
    # loading fails, so it reads from a file this function closes.
    with warnings.catch_warnings(), path.open("rb") as stream:
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:  # a hostile or broken workbook can make openpyxl raise anything
            raise _unreadable(path, exc) from None
        try:
            return _read_sheet(workbook, path)
        except InputError:
            raise
        except Exception as exc:  # as above: broken sheet XML, bad coordinates, numbers openpyxl cannot cast
            raise _unreadable(path, exc) from None
        finally:
            workbook.close()


def _unreadable(path: Path, exc: BaseException) -> InputError:
    detail = " ".join(str(exc).split())[:160] or type(exc).__name__
    return InputError(Problem(path.name, f"is not a readable .xlsx workbook ({detail})"))


def _check_archive(path: Path) -> None:
    """Refuse a workbook whose zip would unpack to too much (a zip bomb) before anything inflates it."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _unreadable(path, exc) from None
    refuse = refusal(members, "a workbook")
    if refuse:
        raise InputError(Problem(path.name, f"{refuse}; it is refused unread (is it a zip bomb?)"))


def _read_sheet(workbook: Any, path: Path) -> tuple[list[str], list[tuple[int, list[Cell]]], str | None]:
    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise InputError(Problem(path.name, "has no visible sheet to read"))
    active = workbook.active
    sheet = next((ws for ws in visible if ws is active), visible[0])
    name = sheet.title if len(visible) > 1 else None
    source = _source(path, name)
    marked, inline = _scan_sheet(path, getattr(sheet, "_worksheet_path", None), source, sheet.title)
    sheet.reset_dimensions()  # read the cells there are, not the range the file claims
    header: list[str] | None = None
    records: list[tuple[int, list[Cell]]] = []
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_unescaped(v, inline=(number, i) in inline) if isinstance(v, str) and "_x" in v else v
                     for i, v in enumerate(values, start=1)]
            while cells and cells[-1] is None:
                cells.pop()
            if header is None:
                if cells:
                    header = ["" if v is None else str(v) for v in cells]
                continue
            records.append((number, cells))
    except Exception:
        if not marked:  # else openpyxl choked on a cell the scan has named
            raise
    if marked:
        raise InputError(_listed([
            Problem(locate(source, row, _column(header or [], column - 1) if row > 1 else f"column {_letter(column)}"),
                    message)
            for (row, column), message in sorted(marked.items())
        ]))
    if header is None:
        raise InputError(Problem(source, "is empty; the first row must hold the column headings"))
    return header, records, name


def _unescaped(text: str, *, inline: bool) -> str:
    """A workbook's text as Excel shows it: ``_x001B_`` is U+001B, ``_x005F_`` a ``_`` (ECMA-376 ST_Xstring).

    Excel writes an escape for each character XML cannot hold, and
    ``_x005F_`` before a ``_x`` typed into a cell. openpyxl leaves an inline
    string's escapes as they are, so all of them are read here, in one pass.
    From the shared strings (Excel's own files) it has already dropped every
    ``x005F_``, so a typed ``_x0041_`` comes from it as ``_x0041_``: only the
    control characters' escapes are read there, as Excel writes no others.
    """
    return (_XSTRING if inline else _CONTROL_XSTRING).sub(lambda m: chr(int(m.group(1), 16)), text)


def _scan_sheet(path: Path, member: str | None, source: str,
                title: str) -> tuple[dict[tuple[int, int], str], set[tuple[int, int]]]:
    """The cells of a sheet's XML holding a formula with no saved value, an Excel error or no number, by (row, column).

    And the cells holding an inline string (``t="inlineStr"``), whose
    escapes openpyxl leaves as written (see :func:`_unescaped`).

    Reads the XML as openpyxl does (rows and cells without ``r`` follow the
    one before), so the numbers match its rows; refuses a sheet spanning
    more than MAX_CELLS cells. openpyxl reading with ``data_only`` gives None
    for a formula Excel never calculated, the same as an empty cell; only
    the XML tells them apart: no ``<v>``, or an empty one where the value
    is not text (openpyxl writes formulas so, as it never calculates them;
    Excel saves a formula that gives "" as ``t="str"`` with an empty value).
    """
    import xml.etree.ElementTree as ET

    if member is None:  # pragma: no cover - openpyxl keeps the path of each read-only sheet
        return {}, set()
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as xml:
            return _scan_cells(ET.iterparse(xml, events=("start", "end")), source)
    except ET.ParseError as exc:
        raise InputError(Problem(path.name, f"is not a readable .xlsx workbook: the XML of its sheet {title!r} "
                                 f"is broken ({exc})")) from None


def _scan_cells(events: Iterator[tuple[str, Any]],
                source: str) -> tuple[dict[tuple[int, int], str], set[tuple[int, int]]]:
    from openpyxl.utils.cell import coordinate_to_tuple

    marked: dict[tuple[int, int], str] = {}
    inline: set[tuple[int, int]] = set()
    spanned = row_number = column = 0
    sheet_data = None
    for event, element in events:
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "sheetData":
                sheet_data = element
            elif tag == "row":
                r = element.get("r")
                row_number = int(float(r)) if r else row_number + 1
                column = 0
        elif tag == "c":
            r = element.get("r")
            column = coordinate_to_tuple(r)[1] if r else column + 1
            children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            saved = children.get("v")
            if element.get("t") == "inlineStr" and any("_x" in (e.text or "") for e in element.iter()):
                inline.add((row_number, column))  # only those with an escape: a sheet of inline strings is not held
            if "f" in children and (saved is None or (not saved.text and element.get("t") != "str")):
                formula = " ".join((children["f"].text or "").split())
                shown = f" (={formula if len(formula) <= 40 else formula[:37] + '…'})" if formula else ""
                marked[(row_number, column)] = (f"is a formula{shown} saved with no value; open the workbook "
                                                "in Excel and save it again, or type the value")
            elif element.get("t") == "e":
                error = (saved.text or "").strip() if saved is not None else ""
                marked[(row_number, column)] = f"holds the Excel error {error or '#VALUE!'}; type the value"
            elif element.get("t", "n") == "n" and saved is not None and saved.text:
                problem = _number_problem(saved.text.strip())
                if problem:
                    marked[(row_number, column)] = problem
        elif tag == "row":
            spanned += column
            if spanned > MAX_CELLS:
                raise InputError(Problem(source, f"spans more than {MAX_CELLS:,} cells; it is refused unread "
                                         "(a table kldocs reads has a few hundred)"))
            if sheet_data is not None:
                sheet_data.clear()  # the row is read: keep memory flat however long the sheet
    return marked, inline


def _number_problem(text: str) -> str | None:
    """What is wrong with the text of a number cell in sheet XML, which openpyxl would cast or choke on."""
    try:
        number = float(text)
    except ValueError:
        return f"{_short(text)} is not a number; write a number, or leave the cell empty"
    if not math.isfinite(number):  # NaN, Infinity, or beyond what a float holds (1e999999)
        return absurd_number(text) or f"{_short(text)} is not a number; write a number, or leave the cell empty"
    return absurd_number(number)
