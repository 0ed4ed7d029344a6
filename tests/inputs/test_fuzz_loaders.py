"""Fuzzing the real loaders: whatever bytes a programme folder holds, the only exception is a KldocsError.

Each test starts from the bundled example — its program.yaml, its
registrations.csv, a small workbook of the same rows — and breaks it the
ways files break: lines replaced by hostile YAML, bytes inserted, cut or
changed, cells of odd values, XML parts mangled. The loaders are the ones
the command line uses. Runs are bounded and derandomised (the same examples
every run, nothing stored between runs), so they never flake.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kldocs.errors import KldocsError
from kldocs.inputs.program import load_program
from kldocs.inputs.recipients import load_recipients
from kldocs.inputs.registrations import load_registrations
from kldocs.inputs.results import load_results

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "programs" / "staerke-boernefaellesskaber-2021"
PROGRAM_LINES = (EXAMPLE / "program.yaml").read_text(encoding="utf-8").splitlines()
RESULTS_LINES = (EXAMPLE / "results.yaml").read_text(encoding="utf-8").splitlines()
REGISTRATIONS = (EXAMPLE / "registrations.csv").read_bytes()

FUZZ = settings(max_examples=200, deadline=5000, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PROGRAM = load_program(EXAMPLE)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder each example writes the one file it fuzzes into (with the example's photos, for results.yaml)."""
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(EXAMPLE / "billeder", folder / "billeder")
    return folder


def only(folder: Path, name: str, data: bytes) -> Path:
    """``folder`` holding ``name`` with ``data`` and none of the other table files."""
    for stale in ("registrations.csv", "registrations.xlsx", "recipients.csv"):
        (folder / stale).unlink(missing_ok=True)
    (folder / name).write_bytes(data)
    return folder


def only_kldocs_errors(load, *args) -> None:
    """Call ``load``; a KldocsError is an answer, any other exception fails the test."""
    try:
        load(*args)
    except KldocsError as exc:
        assert exc.problems, "a KldocsError says what is wrong"
        assert all(p.strip() for p in exc.problems)


def mutated(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``data`` with each (position, cut, insert) edit applied: ``cut`` bytes replaced by ``insert``."""
    out = bytearray(data)
    for position, cut, insert in edits:
        at = position % (len(out) + 1)
        out[at:at + cut] = insert
    return bytes(out)


YAML_SNIPPETS = st.sampled_from([
    "", "~", "null", "[]", "{}", "- ", "? ", ": ", "&a", "*a", "&a [*a, *a]", "!!python/object:os.system", "!!binary AAAA",
    "{{ 7 * 7 }}", "{% for x in y %}", "NaN", ".nan", ".inf", "-.inf", "1e999999", "Infinity", "0x1F", "0o17",
    "2021-13-45", "2021-02-30 25:61", "'", '"', "\"\\x00\"", "|", ">", "---", "...", "%YAML 1.1", "\t", "\x00",
    "\x85", "\ufeff", "[" * 60, "{a: " * 60, "<<: *a", "ja", "nej", "yes", "no", "-1", "0", "55.000,5", "99 %",
    "100000000000000000000", "ø" * 3, "\U0001F600",
])


@st.composite
def yaml_texts(draw, original: list[str]) -> str:
    """The lines of an example YAML file with some replaced, repeated, or given hostile values."""
    lines = list(original)
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        key, colon, _value = line.partition(":")
        choice = draw(st.integers(0, 3))
        if choice == 0 and colon:
            lines[index] = f"{key}: {draw(YAML_SNIPPETS)}"
        elif choice == 1:
            lines[index] = draw(YAML_SNIPPETS)
        elif choice == 2:
            lines.insert(index, line)
        else:
            lines[index] = draw(st.text(max_size=40))
    return "\n".join(lines) + "\n"


class DescribeProgramYaml:
    @FUZZ
    @given(text=yaml_texts(PROGRAM_LINES))
    def it_raises_only_kldocs_errors_for_any_edit_of_program_yaml(self, work, text):
        only_kldocs_errors(load_program, only(work, "program.yaml", text.encode("utf-8", "surrogatepass")))

    @FUZZ
    @given(data=st.binary(max_size=400))
    def it_raises_only_kldocs_errors_for_any_bytes_as_program_yaml(self, work, data):
        only_kldocs_errors(load_program, only(work, "program.yaml", data))

    @FUZZ
    @given(text=yaml_texts(RESULTS_LINES))
    def it_raises_only_kldocs_errors_for_any_edit_of_results_yaml(self, work, text):
        only_kldocs_errors(load_results, only(work, "results.yaml", text.encode("utf-8", "surrogatepass")), PROGRAM)


CSV_PIECES = st.sampled_from([
    b";", b",", b"\t", b'"', b'""', b"\r\n", b"\n", b"\r", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3\xb8", b"\xf8",
    b"\x81", b"\xc3", b"NaN", b"Infinity", b"-Infinity", b"1e999999", b"1e9999", b"sNaN", b"9" * 120, b"=1+2",
    b"'", b"0101", b"K\xf8benhavn", b"Aarhus", b"Kommune", b"Antal deltagere", b";;;;;;;;", b"ja", b"-1", b"3,5",
    b"2021-02-30", b"31.12.2021", b"{{ x }}", b"\xe2\x80\xa8",
])


@st.composite
def csv_edits(draw) -> list[tuple[int, int, bytes]]:
    pieces = st.one_of(CSV_PIECES, st.binary(max_size=8))
    return draw(st.lists(st.tuples(st.integers(0, len(REGISTRATIONS)), st.integers(0, 12), pieces),
                         min_size=1, max_size=8))


class DescribeCsv:
    @FUZZ
    @given(edits=csv_edits())
    def it_raises_only_kldocs_errors_for_any_edit_of_registrations_csv(self, work, edits):
        only_kldocs_errors(load_registrations, only(work, "registrations.csv", mutated(REGISTRATIONS, edits)), PROGRAM)

    @FUZZ
    @given(data=st.binary(max_size=600))
    def it_raises_only_kldocs_errors_for_any_bytes_as_a_table(self, work, data):
        only_kldocs_errors(load_recipients, only(work, "recipients.csv", b"Kommune;Navn\r\n" + data))


HEADS = ["Kommune", "Kontaktperson", "Titel", "E-mail", "Telefon", "Indsatsområde 1", "Indsatsområde 2",
         "Indsatsområde 3", "Antal deltagere", "Antal politikere", "Tilkøb", "Tiltrådt"]
GOOD_ROW = ["Odense", "Ida Holm", "Chef", "ih@odense.example.dk", "6551 1000", "mellemformer", "ledelse",
            "dialog", 3, 1, None, None]


class Xml(str):
    """A cell given as its XML, for what openpyxl will not write: formulas with or without a saved value, errors."""


CELLS = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.sampled_from(["Odense", "0101", "Aarhus", "Kommune", "ledelse", "NaN", "Infinity", "1e999999", "=1+2",
                     "#N/A", "ja", "2021-09-08", "ih@odense.example.dk", "'=x", "Nan", "9" * 120]),
    st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from([Xml("<f>1+2</f>"), Xml("<f>1+2</f><v>3</v>"), Xml("<f>SUM(A1:A9)</f><v></v>"),
                     Xml('t="e"><v>#DIV/0!'), Xml('t="str"><f>""</f><v></v>'), Xml("<v>NaN</v>"),
                     Xml("<v>1e999999</v>"), Xml("<v>99999999</v>"), Xml('t="s"><v>99'), Xml('t="b"><v>7'),
                     Xml('s="99"><v>1'), Xml('t="d"><v>2021-02-30')]),
)


def _template(hidden_first: bool) -> tuple[dict[str, bytes], str]:
    """The parts of a workbook openpyxl writes, and the name of the part holding the sheet to fill."""
    book = Workbook()
    sheet = book.active
    if hidden_first:
        sheet.title = "Gammel"
        sheet.append(["Noget andet"])
        sheet.sheet_state = "hidden"
        book.create_sheet("Tilmeldinger")
        book.active = 1
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}, f"xl/worksheets/sheet{1 + hidden_first}.xml"


TEMPLATES = {hidden: _template(hidden) for hidden in (False, True)}
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _cell(reference: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, Xml):
        if value.startswith("<"):
            return f'<c r="{reference}">{value}</c>'
        attributes, _, content = value.partition(">")
        return f'<c r="{reference}" {attributes}>{content}{"</v>" if content.startswith("<v>") else ""}</c>'
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{reference}" t="d"><v>{value.isoformat()}</v></c>'
    text = "".join(c for c in value if c in "\t\n\r" or (ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF
                                                          and c not in "\ufffe\uffff"))
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def xlsx(rows: list[list], hidden_first: bool) -> dict[str, bytes]:
    """The parts of a workbook whose sheet holds ``rows`` (written as XML: openpyxl writing would cost more)."""
    members, sheet = TEMPLATES[hidden_first]
    xml = "".join(f'<row r="{r}">' + "".join(_cell(f"{get_column_letter(c)}{r}", v) for c, v in enumerate(row, 1))
                  + "</row>" for r, row in enumerate(rows, 1))
    return {**members, sheet: f'<worksheet xmlns="{MAIN}"><sheetData>{xml}</sheetData></worksheet>'.encode()}


@st.composite
def workbooks(draw) -> bytes:
    rows = [HEADS, GOOD_ROW]
    for _ in range(draw(st.integers(0, 3))):
        rows.append(draw(st.lists(CELLS, min_size=0, max_size=len(HEADS) + 2)))
    for _ in range(draw(st.integers(0, 3))):
        row, column = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(HEADS) - 1))
        rows[row] = list(rows[row]) + [None] * max(0, column + 1 - len(rows[row]))
        rows[row][column] = draw(CELLS)
    members = xlsx(rows, draw(st.booleans()))
    if draw(st.booleans()):  # mangle one part's XML
        name = draw(st.sampled_from(sorted(members)))
        edits = draw(st.lists(st.tuples(st.integers(0, len(members[name])), st.integers(0, 20),
                                        st.one_of(st.binary(max_size=10), st.sampled_from(
                                            [b"<", b">", b"</row>", b'r="XFD9"', b'<v>NaN</v>', b"<f>1+1</f>",
                                             b't="e"', b't="s"', b'<v>99999</v>', b"&lol;", b"<!DOCTYPE x>"]))),
                              min_size=1, max_size=4))
        members[name] = mutated(members[name], edits)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return out.getvalue()


class DescribeXlsx:
    @FUZZ
    @given(data=workbooks())
    def it_raises_only_kldocs_errors_for_small_odd_workbooks(self, work, data):
        only_kldocs_errors(load_registrations, only(work, "registrations.xlsx", data), PROGRAM)
