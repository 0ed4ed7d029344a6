import re
from pathlib import Path

import pytest

from kldocs.errors import InputError
from kldocs.inputs.tabular import read_table

DATA = Path(__file__).parents[1] / "data"

EXCEL_FORMS = [
    "registrations-cp1252-semicolon.csv",
    "registrations-utf8bom-semicolon.csv",
    "registrations-utf8-comma.csv",
    "registrations-utf16-tab.txt",
    "registrations.xlsx",
]


class DescribeReadingWhatExcelWrites:
    @pytest.mark.parametrize("name", EXCEL_FORMS)
    def it_reads_every_form_to_the_same_text(self, name):
        table = read_table(DATA / name)
        assert table.headers[:2] == ["Kommune", "Kontaktperson"]
        assert "Indsatsområde 1" in table.headers
        first, second, third = table.rows
        assert first.get("Kontaktperson") == "Søren Ærø-Åsted"
        assert second.get("Kommune") == "Århus"
        assert third.get("Kontaktperson") == 'Anne "Aase" Møller; Jensen'
        assert third.get("Titel") == "Chef, dagtilbud"
        assert third.get("Telefon") is None

    @pytest.mark.parametrize("name", EXCEL_FORMS)
    def it_never_produces_mojibake(self, name):
        table = read_table(DATA / name)
        text = " ".join(str(v) for row in table for v in row.cells.values())
        assert "Ã" not in text and "\ufffd" not in text

    def it_numbers_rows_as_excel_shows_them(self):
        table = read_table(DATA / "registrations-cp1252-semicolon.csv")
        assert [r.number for r in table] == [2, 3, 4]

    def it_keeps_xlsx_numbers_as_numbers(self):
        table = read_table(DATA / "registrations.xlsx")
        assert table.rows[0].get("Antal deltagere") == 5


class DescribeAwkwardFiles:
    def it_skips_the_empty_rows_excel_leaves_behind(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_bytes("Kommune;Antal\r\nOdense;3\r\n;;\r\n\r\nVejle;4\r\n".encode("cp1252"))
        table = read_table(path)
        assert [(r.number, r.get("Kommune")) for r in table] == [(2, "Odense"), (5, "Vejle")]

    def it_reads_cells_with_line_breaks_and_delimiters(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_text('Kommune;Note\nOdense;"første linje\nanden; linje"\n', encoding="utf-8")
        assert read_table(path).rows[0].get("Note") == "første linje\nanden; linje"

    def it_refuses_a_column_heading_given_twice(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_text("Kommune;Kommune\nOdense;Vejle\n", encoding="utf-8")
        with pytest.raises(InputError, match=re.escape("r.csv, row 1: the column 'Kommune' appears twice")):
            read_table(path)

    def it_refuses_an_empty_file(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_bytes(b"")
        with pytest.raises(InputError, match=re.escape("r.csv: is empty")):
            read_table(path)

    def it_refuses_a_file_that_is_not_a_table(self, tmp_path):
        path = tmp_path / "r.xlsx"
        path.write_bytes(b"not a workbook")
        with pytest.raises(InputError, match=re.escape("r.xlsx: is not a readable .xlsx workbook")):
            read_table(path)
        with pytest.raises(InputError, match=re.escape("must be a .csv or .xlsx file")):
            read_table(tmp_path / "r.pdf")
