"""Hostile inputs: each is refused with one line naming file, row or field, fast and in little memory.

A bomb is loaded in a child process, which reports how long the load took
and the most memory it held, so a regression fails the test instead of
hanging or swapping the run.
"""

import json
import os
import re
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import Workbook

from kldocs.engine import zipguard
from kldocs.errors import InputError
from kldocs.inputs import tabular
from kldocs.inputs.program import load_program
from kldocs.inputs.registrations import load_registrations
from kldocs.inputs.tabular import read_table
from kldocs.inputs.yamlio import MAX_DEPTH, load_yaml

SECONDS = 10
MEGABYTES = 500

_CHILD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from kldocs.errors import KldocsError
    {imports}
    folder = Path(sys.argv[1])

    def peak_kb():  # VmHWM is this process's own peak; ru_maxrss would carry over the parent's across fork
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

    before = peak_kb()
    start = time.perf_counter()
    try:
        {call}
        problems = None
    except KldocsError as exc:
        problems = exc.problems
    seconds = time.perf_counter() - start
    after = peak_kb()
    print(json.dumps({{"seconds": seconds, "megabytes": after / 1024, "grew": (after - before) / 1024,
                       "problems": problems}}))
""")

LOADERS = {
    "program": ("from kldocs.inputs.program import load_program", "load_program(folder)"),
    "results": ("from kldocs.inputs.program import load_program\nfrom kldocs.inputs.results import load_results",
                "load_results(folder, load_program(folder))"),
    "registrations": ("from kldocs.inputs.program import load_program\n"
                      "from kldocs.inputs.registrations import load_registrations",
                      "load_registrations(folder, load_program(folder))"),
    "table": ("from kldocs.inputs.tabular import read_table", "read_table(folder / sys.argv[2])"),
}


def refused(folder: Path, loader: str, *args: str) -> tuple[list[str], dict]:
    """Load ``folder`` with ``loader`` in a child; its problems and measurements, asserted within bounds."""
    imports, call = LOADERS[loader]
    code = _CHILD.format(imports=imports, call=call)
    done = subprocess.run([sys.executable, "-c", code, str(folder), *args], capture_output=True, text=True,
                          timeout=6 * SECONDS)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["problems"], "was not refused"
    assert report["seconds"] < SECONDS, report
    assert report["megabytes"] < MEGABYTES, report
    return report["problems"], report


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: each level lists the one before nine times; 9**9 values in all."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


class DescribeYamlLimits:
    def it_refuses_an_alias_bomb_in_program_yaml_fast_and_small(self, example_copy):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8") + billion_laughs(), encoding="utf-8")
        problems, report = refused(example_copy, "program")
        assert len(problems) == 1
        assert problems[0].startswith("program.yaml, line ")
        assert "alias" in problems[0]
        assert report["seconds"] < 2

    def it_refuses_an_alias_bomb_in_results_yaml(self, example_copy):
        (example_copy / "results.yaml").write_text("date: 2022-04-05\n" + billion_laughs(), encoding="utf-8")
        problems, _ = refused(example_copy, "results")
        assert len(problems) == 1
        assert problems[0].startswith("results.yaml, line ")

    def it_still_reads_an_alias_used_a_few_times(self, tmp_path):
        path = tmp_path / "x.yaml"
        path.write_text("a: &who {name: Ida, phone: '1234'}\nb: *who\nc: [*who, *who]\n", encoding="utf-8")
        data = load_yaml(path).data
        assert data["b"] == data["c"][1] == {"name": "Ida", "phone": "1234"}

    def it_refuses_an_alias_inside_what_it_names(self, tmp_path):
        path = tmp_path / "x.yaml"
        path.write_text("a: &a\n  b: *a\n", encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_yaml(path)
        assert info.value.problems == ["x.yaml, line 1: refers to itself (an alias inside what it names)"]

    @pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "".join(" " * i + "a:\n" for i in range(300))])
    def it_refuses_nesting_deeper_than_python_can_recurse(self, tmp_path, text):
        path = tmp_path / "x.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_yaml(path)
        [problem] = info.value.problems
        assert re.fullmatch(rf"x\.yaml, line \d+: is nested more than {MAX_DEPTH} levels deep", problem)

    def it_refuses_a_file_too_large_to_be_a_programme_without_parsing_it(self, example_copy):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "# " + "x" * 2_000_000 + "\n", encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_program(example_copy)
        assert info.value.problems == ["program.yaml: is larger than 1 MB; a YAML file kldocs reads is a few kilobytes"]

    @pytest.mark.parametrize(("text", "line"), [("\x1f\ntitle: x\n", 1), ("title: x\nlead: a\x07b\n", 2)])
    def it_names_the_line_of_a_control_character_in_one_line(self, tmp_path, text, line):
        path = tmp_path / "x.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_yaml(path)
        code = next(f"{ord(c):04X}" for c in text if ord(c) < 32 and c != "\n")
        assert info.value.problems == [f"x.yaml, line {line}: is not valid YAML: it holds the control character "
                                       f"U+{code}, which YAML does not allow"]

    def it_refuses_a_folder_named_like_the_file(self, tmp_path):
        (tmp_path / "program.yaml").mkdir()
        with pytest.raises(InputError, match=r"^program\.yaml: cannot be read"):
            load_yaml(tmp_path / "program.yaml")



ABSURD = ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e9999", "1e999999"]

NUMBER_FIELDS = [  # (text in the example's program.yaml, what to put instead around {}, field path)
    ("  price: 55.000", "  price: {}", "pricing.price"),
    ("  vat_rate: 25 %", "  vat_rate: {}", "pricing.vat_rate"),
    ("      price: 15.000", "      price: {}", "pricing.add_ons[0].price"),
    ("  travel_weight: 0.5", "  travel_weight: {}", "networks.travel_weight"),
    ("  max_size: 10", "  max_size: {}", "networks.max_size"),
]


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "program.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, text: str) -> int:
    lines = (folder / "program.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, content in enumerate(lines, start=1) if content == text)


class DescribeAbsurdNumbersInProgramYaml:
    @pytest.mark.parametrize("value", ABSURD)
    @pytest.mark.parametrize(("old", "new", "field"), NUMBER_FIELDS, ids=[f for _, _, f in NUMBER_FIELDS])
    def it_refuses_them_in_every_number_field_naming_it(self, example_copy, value, old, new, field):
        line = line_of(example_copy, old)
        edit(example_copy, old, new.format(value))
        with pytest.raises(InputError) as info:
            load_program(example_copy)
        [problem] = info.value.problems
        assert problem.startswith(f"program.yaml, line {line}: {field}: ")

    @pytest.mark.parametrize(("value", "says"), [
        ("NaN", "'NaN' is not a number"),
        ("-Infinity", "'-Infinity' is not a number"),
        ("1e999999", "'1e999999' is too large (more than 15 digits)"),
        ("1.000.000.000.000.000", "'1.000.000.000.000.000' is too large (more than 15 digits)"),
    ])
    def it_says_what_is_wrong_with_an_amount(self, example_copy, value, says):
        line = line_of(example_copy, "  price: 55.000")
        edit(example_copy, "  price: 55.000", f"  price: '{value}'")
        with pytest.raises(InputError) as info:
            load_program(example_copy)
        assert info.value.problems == [
            f"program.yaml, line {line}: pricing.price: must be an amount in kroner such as 55000 or 55.000,50: {says}"]

    def it_still_reads_a_large_honest_amount(self, example_copy):
        edit(example_copy, "  price: 55.000", "  price: 999.999.999.999,50")
        assert str(load_program(example_copy).pricing.price) == "999999999999.50"


DATA = Path(__file__).parents[1] / "data"
HEAD = ["Kommune", "Kontaktperson", "Antal deltagere"]
SHEET = "xl/worksheets/sheet1.xml"


def workbook(path: Path, *rows: list, sheets: dict[str, list[list]] | None = None, active: int = 0,
             hidden: tuple[str, ...] = ()) -> Path:
    """An .xlsx written by openpyxl: ``rows`` on one sheet, or ``sheets`` by name."""
    book = Workbook()
    book.remove(book.active)
    for title, content in (sheets or {"Tilmeldinger": [HEAD, *rows]}).items():
        sheet = book.create_sheet(title)
        for row in content:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.active = active
    book.save(path)
    return path


def rezip(path: Path, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          edit: tuple[str, str] | None = None) -> Path:
    """``path`` with some members replaced or added, or ``edit`` (old, new) done in the first sheet's XML."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    if edit is not None:
        xml = members[SHEET].decode()
        assert edit[0] in xml, xml
        members[SHEET] = xml.replace(edit[0], edit[1]).encode()
    members.update(replace or {})
    members.update(add or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def table_problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_table(path)
    return info.value.problems


class DescribeAbsurdNumbersInCells:
    @pytest.mark.parametrize("value", [*ABSURD, "sNaN", "+inf", "9" * 101, "1,5e200"])
    def it_refuses_them_in_a_csv_naming_row_and_column(self, tmp_path, value):
        path = tmp_path / "registrations.csv"
        path.write_bytes(f"Kommune;Antal deltagere\r\nOdense;3\r\nVejle;{value}\r\n".encode("cp1252"))
        [problem] = table_problems(path)
        assert problem.startswith("registrations.csv, row 3, Antal deltagere: ")

    @pytest.mark.parametrize("value", ["Nan", "3", "1e5", "12345678901234567890", "5.798.000.000.000", "3366 3366"])
    def it_reads_numbers_and_names_that_only_look_odd(self, tmp_path, value):
        path = tmp_path / "registrations.csv"
        path.write_bytes(f"Kommune;Kontaktperson\r\nOdense;{value}\r\n".encode("cp1252"))
        assert read_table(path).rows[0].get("Kontaktperson") == value

    @pytest.mark.parametrize("value", ["Infinity", "1e999999"])
    def it_keeps_registrations_from_computing_with_them(self, tmp_path, program, value):
        path = tmp_path / "registrations.csv"
        path.write_bytes(("Kommune;Kontaktperson;Titel;E-mail;Telefon;Indsatsområde 1;Indsatsområde 2;"
                          "Indsatsområde 3;Antal deltagere;Antal politikere;Tilkøb\r\n"
                          f"Odense;Ida Holm;Chef;ih@odense.example.dk;;mellemformer;ledelse;dialog;{value};1;\r\n")
                         .encode("cp1252"))
        with pytest.raises(InputError) as info:
            load_registrations(tmp_path, program)
        assert info.value.problems[0].startswith("registrations.csv, row 2, Antal deltagere: ")

    @pytest.mark.parametrize(("xml", "says"), [
        ("1e999999", "'1e999999' is too large a number (more than 100 digits)"),
        ("NaN", "'NaN' is not a number"),
        ("-Infinity", "'-Infinity' is not a number"),
        ("1e300", "1e+300 is too large a number (more than 100 digits)"),
    ])
    def it_refuses_them_in_a_workbooks_number_cells(self, tmp_path, xml, says):
        path = rezip(workbook(tmp_path / "r.xlsx", ["Odense", "Ida", 3]), edit=("<v>3</v>", f"<v>{xml}</v>"))
        [problem] = table_problems(path)
        assert problem.startswith(f"r.xlsx, row 2, Antal deltagere: {says}")

    def it_lists_twenty_and_counts_the_rest(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_text("Kommune;Antal\n" + "".join(f"K{i};NaN\n" for i in range(30)), encoding="utf-8")
        problems = table_problems(path)
        assert len(problems) == 21
        assert problems[-1] == "… and 10 more cells like these"


class DescribeMixedEncodings:
    def it_refuses_a_windows_1252_file_with_a_row_pasted_in_as_utf8_at_that_row(self):
        [problem] = table_problems(DATA / "registrations-cp1252-with-utf8-row.csv")
        assert problem == ("registrations-cp1252-with-utf8-row.csv, row 3, Kommune: is written in UTF-8 ('Århus'), "
                           "but the rest of the file is in Windows-1252; save the whole file again from Excel, "
                           "so that all of it is in one encoding")

    def it_refuses_a_utf8_file_with_a_windows_1252_row(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_bytes("Kommune;Navn\nOdense;Jørgen\nVejle;Åse\n".encode() + "Aarhus;Søren\n".encode("cp1252"))
        assert table_problems(path) == [
            "r.csv, row 4, Navn: is written in Windows-1252 ('Søren'), but the rest of the file is in UTF-8; "
            "save the whole file again from Excel, so that all of it is in one encoding"]

    def it_trusts_a_byte_order_mark_over_a_count_of_rows(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_bytes(b"\xef\xbb\xbf" + "Kommune;Navn\nOdense;Jørgen\n".encode()
                         + "Vejle;Åse\nAarhus;Søren\n".encode("cp1252"))
        assert table_problems(path)[0].startswith("r.csv, row 3, Navn: is written in Windows-1252 ('Åse'), "
                                                  "but the rest of the file is declared UTF-8 by its byte-order mark")

    @pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
    def it_reads_a_file_in_one_encoding_right(self, tmp_path, encoding):
        path = tmp_path / "r.csv"
        path.write_bytes("Kommune;Navn\nOdense;Søren Ærø-Åsted\nVejle;\n".encode(encoding))
        assert read_table(path).rows[0].get("Navn") == "Søren Ærø-Åsted"

    def it_names_the_row_of_a_byte_neither_encoding_has(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_bytes("Kommune;Navn\nOdense;Jørgen\n".encode("cp1252") + b"Vejle;\x81\n")
        assert table_problems(path) == ["r.csv, row 3, Navn: is neither UTF-8 nor Windows-1252 text (byte 0x81)"]

    def it_refuses_broken_utf16_in_one_line(self, tmp_path):
        path = tmp_path / "r.txt"
        path.write_bytes("Kommune\tNavn\n".encode("utf-16") + b"\x00")
        [problem] = table_problems(path)
        assert re.fullmatch(r"r\.txt: is not valid UTF-16 text \(byte \d+\)", problem)


class DescribeWorkbooks:
    def it_reads_the_active_sheet_not_a_hidden_first_one(self, tmp_path):
        path = workbook(tmp_path / "r.xlsx", sheets={"Gammel": [["Gammelt"], ["x"]],
                                                     "Tilmeldinger": [HEAD, ["Odense", "Ida", 3]]},
                        active=1, hidden=("Gammel",))
        table = read_table(path)
        assert table.headers == HEAD
        assert table.sheet is None  # one visible sheet: problems need not name it

    def it_reads_the_first_visible_sheet_when_the_active_one_is_hidden(self, tmp_path):
        path = workbook(tmp_path / "r.xlsx", sheets={"Gammel": [["Gammelt"]], "Tilmeldinger": [HEAD]},
                        active=1, hidden=("Gammel",))
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("xl/workbook.xml").decode()
        rezip(path, replace={"xl/workbook.xml": re.sub(r'activeTab="\d+"', 'activeTab="0"', xml).encode()})
        assert read_table(path).headers == HEAD

    def it_names_the_sheet_when_there_are_several_visible(self, tmp_path):
        path = workbook(tmp_path / "r.xlsx", sheets={"Noter": [["Note"]], "Tilmeldinger": [HEAD, ["Odense", "Ida", "NaN"]]},
                        active=1)
        assert table_problems(path) == ["r.xlsx, sheet 'Tilmeldinger', row 2, Antal deltagere: 'NaN' is not a number; "
                                        "write a number, or leave the cell empty"]

    def it_refuses_a_workbook_with_no_visible_sheet(self, tmp_path):
        path = workbook(tmp_path / "r.xlsx", sheets={"A": [HEAD], "B": [HEAD]}, active=0)
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("xl/workbook.xml").decode()
        rezip(path, replace={"xl/workbook.xml": xml.replace('state="visible"', 'state="hidden"').encode()})
        assert table_problems(path) == ["r.xlsx: has no visible sheet to read"]

    def it_reads_a_formula_as_the_value_excel_saved(self, tmp_path):
        path = rezip(workbook(tmp_path / "r.xlsx", ["Odense", "Ida", "=1+2"]), edit=("<v></v>", "<v>3</v>"))
        assert read_table(path).rows[0].get("Antal deltagere") == 3

    def it_reads_a_formula_that_gave_empty_text_as_empty(self, tmp_path):
        path = rezip(workbook(tmp_path / "r.xlsx", ["Odense", '=""', 3]),
                     edit=('<c r="B2">', '<c r="B2" t="str">'))
        assert read_table(path).rows[0].get("Kontaktperson") is None

    def it_refuses_a_formula_saved_without_a_value_naming_the_cell(self, tmp_path):
        path = workbook(tmp_path / "r.xlsx", ["Odense", "Ida", "=SUM(C3:C9)"])  # openpyxl never calculates
        assert table_problems(path) == [
            "r.xlsx, row 2, Antal deltagere: is a formula (=SUM(C3:C9)) saved with no value; "
            "open the workbook in Excel and save it again, or type the value"]

    def it_refuses_an_excel_error_naming_the_cell(self, tmp_path):
        path = rezip(workbook(tmp_path / "r.xlsx", ["Odense", "Ida", "=1/0"]),
                     edit=('<c r="C2"><f>1/0</f><v></v></c>', '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))
        assert table_problems(path) == ["r.xlsx, row 2, Antal deltagere: holds the Excel error #DIV/0!; type the value"]

    def it_gives_one_line_for_broken_sheet_xml(self, tmp_path):
        path = workbook(tmp_path / "r.xlsx", ["Odense", "Ida", 3])
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(SHEET)
        rezip(path, replace={SHEET: xml[: len(xml) * 2 // 3]})
        [problem] = table_problems(path)
        assert problem.startswith("r.xlsx: is not a readable .xlsx workbook: the XML of its sheet 'Tilmeldinger' "
                                  "is broken (")

    @pytest.mark.parametrize("member", ["xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml",
                                        "xl/_rels/workbook.xml.rels"])
    def it_gives_one_line_for_any_broken_part(self, tmp_path, member):
        path = rezip(workbook(tmp_path / "r.xlsx", ["Odense", "Ida", 3]), replace={member: b"<oops"})
        [problem] = table_problems(path)
        assert problem.startswith("r.xlsx: is not a readable .xlsx workbook (")

    def it_ignores_a_dimension_that_claims_the_whole_sheet(self, tmp_path):
        path = rezip(workbook(tmp_path / "r.xlsx", ["Odense", "Ida", 3]),
                     edit=('<dimension ref="A1:C2"/>', '<dimension ref="A1:XFD1048576"/>'))
        table = read_table(path)
        assert len(table.rows) == 1
        assert table.headers == HEAD


def bomb(path: Path, members: dict[str, bytes], name: str, megabytes: int) -> None:
    """A zip of ``members`` (stored) and ``name``: ``megabytes`` MiB of spaces, deflated a thousandfold.

    Deflating a gigabyte takes seconds; after a full flush deflate forgets
    what it saw, so one MiB deflated once, repeated, is the same stream.
    """
    chunk = b" " * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    assert packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH) == piece
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    entries = [(n, 0, data, zlib.crc32(data), len(data)) for n, data in members.items()]
    entries.append((name, 8, piece * megabytes + packer.flush(), crc, megabytes << 20))
    out, central = bytearray(), bytearray()
    day = (2021 - 1980) << 9 | 6 << 5 | 14
    for entry_name, method, data, checksum, size in entries:
        encoded = entry_name.encode()
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, day, checksum, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, len(out)) + encoded
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, day, checksum, len(data), size,
                           len(encoded), 0) + encoded + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))


class DescribeZipBombs:
    def it_refuses_a_part_that_unpacks_to_a_gigabyte_fast_and_small(self, tmp_path):
        path = workbook(tmp_path / "r.xlsx", ["Odense", "Ida", 3])
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist() if name != SHEET}
        bomb(path, members, SHEET, megabytes=1024)
        assert path.stat().st_size < 2_000_000
        problems, _ = refused(tmp_path, "table", "r.xlsx")
        assert problems == ["r.xlsx: has a part (xl/worksheets/sheet1.xml) that unpacks to 1,073,741,824 bytes; "
                            "it is refused unread (is it a zip bomb?)"]

    def it_refuses_a_part_that_inflates_a_thousand_times(self, tmp_path):
        rezip(workbook(tmp_path / "r.xlsx", ["Odense", "Ida", 3]), add={"xl/media/padding.bin": b" " * 20_000_000})
        problems, _ = refused(tmp_path, "table", "r.xlsx")
        [problem] = problems
        assert re.fullmatch(r"r\.xlsx: has a part \(xl/media/padding\.bin\) that inflates [\d,]+ times; "
                            r"it is refused unread \(is it a zip bomb\?\)", problem)

    def it_refuses_a_workbook_of_too_many_parts(self, tmp_path):
        path = rezip(workbook(tmp_path / "r.xlsx", ["Odense", "Ida", 3]),
                     add={f"xl/media/{i}.bin": b"" for i in range(zipguard.MAX_MEMBERS + 1)})
        with zipfile.ZipFile(path) as archive:
            count = len(archive.infolist())
        problems, _ = refused(tmp_path, "table", "r.xlsx")
        assert problems == [f"r.xlsx: holds {count} parts; a workbook holds a few dozen at most; "
                            "it is refused unread (is it a zip bomb?)"]

    def it_refuses_parts_that_unpack_to_too_much_together(self, tmp_path, monkeypatch):
        monkeypatch.setattr(zipguard, "MAX_UNPACKED_BYTES", 100_000)
        path = rezip(workbook(tmp_path / "r.xlsx", ["Odense", "Ida", 3]),
                     add={f"xl/media/{i}.bin": os.urandom(30_000) for i in range(4)})
        [problem] = table_problems(path)
        assert problem == ("r.xlsx: unpacks to more than 100,000 bytes; it is refused unread (is it a zip bomb?)")

    def it_refuses_a_part_that_inflates_past_the_size_it_declares(self, tmp_path):
        path = workbook(tmp_path / "r.xlsx", ["Odense", "Ida", 3])
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        members[SHEET] = members[SHEET].replace(b"</sheetData>", b" " * 5_000_000 + b"</sheetData>")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        data = bytearray(path.read_bytes())
        size = len(members[SHEET]).to_bytes(4, "little")
        assert data.count(size) == 2  # the local header and the central directory give the size
        path.write_bytes(bytes(data).replace(size, (1000).to_bytes(4, "little")))
        problems, _ = refused(tmp_path, "table", "r.xlsx")
        [problem] = problems
        assert problem.startswith("r.xlsx: is not a readable .xlsx workbook (")

    def it_refuses_a_sheet_of_cells_far_apart_before_openpyxl_pads_them(self, tmp_path):
        rows = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(3, 200))
        rezip(workbook(tmp_path / "r.xlsx", ["Odense", "Ida", 3]), edit=("</sheetData>", rows + "</sheetData>"))
        problems, _ = refused(tmp_path, "table", "r.xlsx")
        assert problems == [f"r.xlsx: spans more than {tabular.MAX_CELLS:,} cells; it is refused unread "
                            "(a table kldocs reads has a few hundred)"]

    def it_refuses_a_file_too_large_to_be_a_table_without_reading_it(self, tmp_path):
        path = tmp_path / "r.csv"
        with path.open("wb") as file:
            file.truncate(tabular.MAX_FILE_BYTES + 1)
        assert table_problems(path) == ["r.csv: is larger than 20 MB; a table kldocs reads is a few kilobytes"]
