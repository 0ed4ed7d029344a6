"""Text no one types — control characters, UTF-16 without its mark, cells under no heading — is named, not lost.

Each case was once read without a word: a character removed or replaced,
a file decoded as garbage, a column dropped. Each now gives one line naming
file, row and field, or is read as the text the file holds.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from kldocs.app import check_folder, plan
from kldocs.engine.cleantext import control_character, one_line, xml_text
from kldocs.errors import InputError
from kldocs.inputs.fieldtypes import email_problem
from kldocs.inputs.program import load_program
from kldocs.inputs.registrations import load_registrations
from kldocs.inputs.tabular import read_table

CONTROLS = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x80", "\x9f", "\ufffe", "\uffff"]


def shared_strings(path: Path, strings: list[str]) -> None:
    """Rewrite an openpyxl workbook of inline strings as Excel saves it: each cell's text, in order, in sharedStrings."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    cells = iter(range(len(strings)))
    sheet = re.sub(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>[^<]*</t></is></c>',
                   lambda m: f'<c r="{m.group(1)}" t="s"><v>{next(cells)}</v></c>', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_table(path)
    return info.value.problems


class DescribeControlCharacters:
    @pytest.mark.parametrize("char", CONTROLS)
    def it_names_the_code_point(self, char):
        assert control_character(f"Mette{char}Søndergaard") == (
            f"holds the control character U+{ord(char):04X}, which cannot be printed; remove it")

    @pytest.mark.parametrize("text", ["Søndergaard", "to\nlinjer", "tab\there", "crlf\r\n", "Vt\x0bFf\x0c",
                                      "nel\x85", "Ærø – 😀", "\u2028\u2029", ""])
    def it_lets_text_and_line_endings_through(self, text):
        assert control_character(text) is None

    def it_treats_nel_as_a_line_ending_everywhere_text_is_cleaned(self):
        assert xml_text("Invitation\x85til") == "Invitation\ntil"
        assert one_line("Invitation\x85til") == "Invitation til"

    @pytest.mark.parametrize("char", CONTROLS)
    def it_refuses_one_in_a_csv_cell_at_its_row_and_column(self, tmp_path, char):
        path = tmp_path / "registrations.csv"
        path.write_text(f"Kommune;Kontaktperson\nOdense;Ida\nVejle;Mette{char}Sønder\n", encoding="utf-8")
        assert problems_of(path) == [
            f"registrations.csv, row 3, Kontaktperson: holds the control character U+{ord(char):04X}, "
            "which cannot be printed; remove it"]

    def it_refuses_one_in_a_heading(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_text("Kommune;Kontakt\x02person\nOdense;Ida\n", encoding="utf-8")
        assert problems_of(path) == ["r.csv, row 1, column B: holds the control character U+0002, "
                                     "which cannot be printed; remove it"]

    def it_refuses_one_in_a_workbook_cell(self, tmp_path):
        book = Workbook()
        book.active.append(["Kommune", "Kontaktperson"])
        book.active.append(["Odense", "Ida_x001B_[31m"])  # how Excel escapes ESC in its XML
        book.save(tmp_path / "r.xlsx")
        assert problems_of(tmp_path / "r.xlsx") == [
            "r.xlsx, row 2, Kontaktperson: holds the control character U+001B, which cannot be printed; remove it"]

    def it_reads_excels_other_escapes_as_the_characters_they_stand_for(self, tmp_path):
        book = Workbook()
        book.active.append(["Kommune", "Kontaktperson"])
        book.active.append(["Odense", "Ida_x005F_x0041_ Bo_x00E6_"])  # "_x" typed in a cell, and an "æ"
        book.save(tmp_path / "r.xlsx")
        assert read_table(tmp_path / "r.xlsx").rows[0].get("Kontaktperson") == "Ida_x0041_ Boæ"

    def it_names_a_title_row_above_the_headings_in_one_line(self, tmp_path):
        book = Workbook()
        book.active.append(["Eksport fra formular 2027-03-16"])
        book.active.append(["Kommune", "Kontaktperson", "Titel", "E-mail"])
        book.active.append(["Odense", "Ida", "Chef", "ida@odense.example.dk"])
        book.save(tmp_path / "r.xlsx")
        assert problems_of(tmp_path / "r.xlsx") == [
            "r.xlsx, row 1: holds only 'Eksport fra formular 2027-03-16', and row 2 looks like the column headings "
            "(Kommune, Kontaktperson, Titel, …): delete row 1 and any row above the headings, so that the headings "
            "are in row 1"]

    def it_reads_a_typed_escape_from_excels_shared_strings_as_typed(self, tmp_path):
        book = Workbook()
        book.active.append(["Kommune", "Kontaktperson"])
        book.active.append(["Odense", "Ida"])
        book.save(tmp_path / "r.xlsx")
        shared_strings(tmp_path / "r.xlsx", ["Kommune", "Kontaktperson", "Odense", "Ida_x005F_x0041_ Bo_x005F_"])
        assert read_table(tmp_path / "r.xlsx").rows[0].get("Kontaktperson") == "Ida_x0041_ Bo_"  # an escaped "_" alone is a "_"

    def it_reads_a_control_character_escaped_in_the_shared_strings(self, tmp_path):
        book = Workbook()
        book.active.append(["Kommune", "Kontaktperson"])
        book.active.append(["Odense", "Ida"])
        book.save(tmp_path / "r.xlsx")
        shared_strings(tmp_path / "r.xlsx", ["Kommune", "Kontaktperson", "Odense", "Ida_x001B_[31m"])
        assert problems_of(tmp_path / "r.xlsx") == [
            "r.xlsx, row 2, Kontaktperson: holds the control character U+001B, which cannot be printed; remove it"]

    def it_refuses_one_written_as_an_escape_in_program_yaml_at_its_line(self, example_copy):
        path = example_copy / "program.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        number = next(i for i, line in enumerate(lines) if line.startswith("short_title:"))
        lines[number] = 'short_title: "Stærke\\x01 børnefællesskaber"\n'
        path.write_text("".join(lines), encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_program(example_copy)
        assert info.value.problems == [f"program.yaml, line {number + 1}: short_title: holds the control character "
                                       "U+0001, which cannot be printed; remove it"]

    def it_refuses_a_nul_in_a_nested_markdown_field(self, example_copy):
        path = example_copy / "program.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nbackground:\n", '\nbackground:\n  note: "x\\0y"\n', 1), encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_program(example_copy)
        assert any(re.fullmatch(r"program\.yaml, line \d+: background\.note: holds the control character U\+0000, "
                                r"which cannot be printed; remove it", p) for p in info.value.problems)

    def it_is_a_problem_check_reports_not_a_crash(self, example_copy):
        path = example_copy / "registrations.csv"
        raw = path.read_text(encoding="cp1252").replace("Mette Søndergaard", "Mette\x01Søndergaard")
        path.write_text(raw, encoding="utf-8")
        problems = [line for line in check_folder(example_copy).problems]
        assert problems == ["registrations.csv, row 2, Kontaktperson: holds the control character U+0001, "
                            "which cannot be printed; remove it"]


class DescribeUtf16WithoutAByteOrderMark:
    TEXT = "Kommune\tKontaktperson\nOdense\tMette Søndergaard – Łukasz Ōno 😀\n"

    @pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
    def it_reads_the_text_the_file_holds(self, tmp_path, encoding):
        path = tmp_path / "r.csv"
        path.write_bytes(self.TEXT.encode(encoding))
        table = read_table(path)
        assert table.headers == ["Kommune", "Kontaktperson"]
        assert table.rows[0].get("Kontaktperson") == "Mette Søndergaard – Łukasz Ōno 😀"

    def it_refuses_a_utf8_file_with_a_nul_instead_of_dropping_it(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_bytes(b"Kommune;Kontaktperson\nOdense;Ida\x00X\n")
        assert problems_of(path) == ["r.csv, row 2, Kontaktperson: holds the control character U+0000, "
                                     "which cannot be printed; remove it"]


class DescribeCellsUnderNoHeading:
    def it_names_a_cell_beyond_the_last_heading(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_text("Kommune;Kontaktperson\nOdense;Ida\nVejle;Bo;Dagtilbudschef\n", encoding="utf-8")
        assert problems_of(path) == ["r.csv, row 3, column C: holds 'Dagtilbudschef' in a column with no heading; "
                                     "give the column a heading in row 1, or empty the cell"]

    def it_names_a_cell_under_a_merged_or_blank_heading(self, tmp_path):
        book = Workbook()
        sheet = book.active
        sheet.append(["Kommune", "Kontaktperson", None, "E-mail"])
        sheet.append(["Odense", "Mette Søndergaard", "Dagtilbudschef", "m@odense.dk"])
        sheet.merge_cells("B1:C1")
        book.save(tmp_path / "r.xlsx")
        assert problems_of(tmp_path / "r.xlsx") == [
            "r.xlsx, row 2, column C: holds 'Dagtilbudschef' in a column with no heading; "
            "give the column a heading in row 1, or empty the cell"]

    def it_lets_empty_cells_and_empty_columns_be(self, tmp_path):
        path = tmp_path / "r.csv"
        path.write_text("Kommune;;Kontaktperson;\nOdense;;Ida; \n", encoding="utf-8")
        assert read_table(path).rows[0].cells == {"Kommune": "Odense", "Kontaktperson": "Ida"}


class DescribeOddlyWrittenFiles:
    def it_calls_a_file_of_whitespace_empty(self, tmp_path):
        path = tmp_path / "registrations.csv"
        path.write_bytes(b"   \r\n\r\n")
        assert problems_of(path) == ["registrations.csv: is empty; the first row must hold the column headings"]

    def it_reads_headings_written_decomposed_as_macos_writes_them(self, example_copy):
        path = example_copy / "registrations.csv"
        raw = path.read_text(encoding="cp1252")
        head, rest = raw.split("\n", 1)
        path.write_text(unicodedata.normalize("NFD", head) + "\n" + rest, encoding="utf-8")
        assert len(plan("agreements", example_copy).files) == 24

    def it_matches_focus_areas_and_add_ons_written_decomposed(self, example_copy):
        path = example_copy / "registrations.csv"
        before = load_registrations(example_copy, load_program(example_copy))
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="cp1252")), encoding="utf-8")
        after = load_registrations(example_copy, load_program(example_copy))
        assert [(r.priorities, r.add_ons) for r in after] == [(r.priorities, r.add_ons) for r in before]
        assert any(r.add_ons for r in after) and any("ø" in p.area.title for r in after for p in r.priorities)


class DescribeEmailAddresses:
    @pytest.mark.parametrize("address", ["mette.sondergaard@kk.dk", "m@ærø.dk", "Bo.O'Neil+kl@Aarhus.DK", "a@b.dk"])
    def it_takes_addresses_mail_systems_take(self, address):
        assert email_problem(address) is None

    @pytest.mark.parametrize(("address", "reason"), [
        ("æøå@example.dk", "internationalized characters before the @-sign are not supported: 'å', 'æ', 'ø'"),
        ("line@x.dk\u200b", "the e-mail address contains unsafe characters: ZERO WIDTH SPACE"),
        ("a(comment)@x.dk", "the e-mail address contains invalid characters before the @-sign: '(', ')'"),
        ("<script>@x.dk", None), ("bo@kk", None), ("a..b@kk.dk", None), ("ldpe at kl.dk", None),
    ])
    def it_refuses_what_a_mail_system_would_not_deliver(self, address, reason):
        problem = email_problem(address)
        assert problem is not None and (reason is None or problem == reason)

    def it_names_the_row_of_a_registration_with_one(self, example_copy):
        path = example_copy / "registrations.csv"
        path.write_text(path.read_text(encoding="cp1252").replace("@", "\u200b@", 1), encoding="utf-8")
        problems = check_folder(example_copy).problems
        assert problems == ["registrations.csv, row 2, E-mail: 'mette.soendergaard\\u200b@example.dk' is not an e-mail "
                            "address (internationalized characters before the @-sign are not supported: ZERO WIDTH "
                            "SPACE)"]


class DescribeNamesOnOneLine:
    @pytest.mark.parametrize("name", ["Aleksandra\\nRaaschou Beck", "Aleksandra\\tBeck", "Aleksandra\\u2028Beck"])
    def it_refuses_a_line_break_in_a_name_in_program_yaml(self, example_copy, name):
        path = example_copy / "program.yaml"
        text = path.read_text(encoding="utf-8")
        assert "name: Aleksandra Raaschou Beck" in text
        path.write_text(text.replace("name: Aleksandra Raaschou Beck", f'name: "{name}"', 1), encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_program(example_copy)
        (problem,) = info.value.problems
        assert re.fullmatch(r"program\.yaml, line \d+: contacts\[0\]\.name: must be one line, as a name or a title is "
                            r"printed in a sentence and in an e-mail header alike; it holds a (line break|tab) \(.+\)",
                            problem), problem

    @pytest.mark.parametrize(("written", "field"), [
        ("  board: bestyrelse\n", "sender.board"),
        ("  postbox: Postboks 3370\n", "sender.postbox"),
        ("  web: www.kl.dk\n", "sender.web"),
        ("  phone: 3370 3370\n", "sender.phone"),
        ("  case_id: SAG-2021-00945\n", "letter.case_id"),
        ("  document_id: 3069036\n", "letter.document_id"),
        ("  subject: Invitation til kommunalt partnerskab om stærke børnefællesskaber i dagtilbud\n",
         "invitation.subject"),
        ("agreement:\n", "agreement.title"),
        ("    name: Jacob Bundsgaard\n", "agreement.chair.name"),
        ("\ndescription:\n", "description.title"),
        ("agreement:\n", "reminders.registration.title"),
        ("agreement:\n", "reminders.approval.subject"),
    ])
    def it_refuses_one_in_every_name_title_and_subject_of_program_yaml(self, example_copy, written, field):
        path = example_copy / "program.yaml"
        text = path.read_text(encoding="utf-8")
        assert written in text
        key = field.rsplit(".", 1)[1]
        parts = field.split(".")
        if written.strip() in ("agreement:", f"{parts[0]}:"):  # a field the example leaves out: given, under its part
            lines = "".join(f"{'  ' * i}{part}:\n" for i, part in enumerate(parts[:-1]))
            given = f"{lines}{'  ' * (len(parts) - 1)}{key}: \"To\\nlinjer\"\n"
            if written.strip() == f"{parts[0]}:":  # under the part the example has
                changed = text.replace(written, written[:-len(f"{parts[0]}:\n")] + given, 1)
            else:
                changed = text + "\n" + given
        else:
            indent = written[:len(written) - len(written.lstrip())]
            changed = text.replace(written, f"{indent}{key}: \"To\\nlinjer\"\n", 1)
        path.write_text(changed, encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_program(example_copy)
        (problem,) = info.value.problems
        assert re.fullmatch(rf"program\.yaml, line \d+: {re.escape(field)}: must be one line, .* it holds a line "
                            r"break \('To\\nlinjer'\)", problem), problem

    def it_takes_a_blank_signatory_name_as_none(self, example_copy):
        path = example_copy / "program.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    name: Jacob Bundsgaard\n", "    name: ' '\n", 1), encoding="utf-8")
        assert not load_program(example_copy).agreement.chair.has_name

    @pytest.mark.parametrize("field", ["title", "next_activities_heading"])
    def it_refuses_one_in_a_heading_of_results_yaml(self, example_copy, field):
        path = example_copy / "results.yaml"
        text = re.sub(rf"(?m)^{field}: .*\n", "", path.read_text(encoding="utf-8"))
        path.write_text(text + f'\n{field}: "To\\nlinjer"\n', encoding="utf-8")
        problems = check_folder(example_copy).problems
        assert len(problems) == 1 and re.fullmatch(rf"results\.yaml, line \d+: {field}: must be one line, .*",
                                                   problems[0]), problems

    def it_refuses_one_in_a_section_heading_and_a_quotes_name(self, example_copy):
        path = example_copy / "results.yaml"
        text = path.read_text(encoding="utf-8")
        assert "  - heading: Vigtige elementer" in text and "name: Anne Bust" in text
        path.write_text(text.replace("  - heading: Vigtige elementer", '  - heading: "Vigtige\\nelementer', 1)
                        .replace("Vigtige\\nelementer i arbejdet med stærke børnefællesskaber",
                                 'Vigtige\\nelementer i arbejdet med stærke børnefællesskaber"', 1)
                        .replace("name: Anne Bust", 'name: "Anne\\nBust"', 1), encoding="utf-8")
        problems = check_folder(example_copy).problems
        assert [re.sub(r"line \d+", "line N", p).split(": must be one line")[0] for p in problems] == [
            "results.yaml, line N: sections[0].heading", "results.yaml, line N: sections[0].blocks[4].quote.name"]

    @pytest.mark.parametrize(("written", "field"), [
        ("          title: dagtilbudschef i Horsens Kommune\n", "sections[0].blocks[4].quote.title"),
        ("  - title: KL's Børn & Unge Topmøde\n", "next_activities[3].title"),
    ])
    def it_names_the_line_and_field_of_a_quote_or_activity_title_on_two_lines(self, example_copy, written, field):
        path = example_copy / "results.yaml"
        text = path.read_text(encoding="utf-8")
        assert written in text
        start, value = written.rstrip("\n").split("title: ")
        two_lines = value.replace(" ", "\n", 1)
        path.write_text(text.replace(written, f"{start}title: {json.dumps(two_lines)}\n", 1), encoding="utf-8")
        problems = check_folder(example_copy).problems
        assert len(problems) == 1 and re.fullmatch(
            rf"results\.yaml, line \d+: {re.escape(field)}: must be one line, as a name or a title is printed in a "
            rf"sentence and in an e-mail header alike; it holds a line break \({re.escape(repr(two_lines))}\)",
            problems[0]), problems

    def it_refuses_one_in_a_mayors_name_and_a_recipients_name(self, tmp_path, example_copy):
        path = example_copy / "registrations.csv"
        rows = path.read_text(encoding="cp1252").splitlines()
        rows[0] += ";Borgmester"
        rows[1] += ';"Sophie\nHæstorp Andersen"'
        path.write_text("\n".join(rows) + "\n", encoding="cp1252")
        (example_copy / "recipients.csv").write_text('Kommune;Navn;Titel\n101;"Mette\nHansen";Direktør\n',
                                                     encoding="utf-8")
        problems = check_folder(example_copy).problems
        assert sorted(p.split(": must be one line")[0] for p in problems) == [
            "recipients.csv, row 2, Navn", "registrations.csv, row 2, Borgmester"], problems

    @pytest.mark.parametrize("column", ["Borgmester", "Kommunaldirektør"])
    def it_names_the_row_and_column_of_a_signatory_on_two_lines(self, example_copy, column):
        path = example_copy / "registrations.csv"
        rows = path.read_text(encoding="cp1252").splitlines()
        rows[0] += f";{column}"
        rows[1] += ';"Sophie\nHæstorp Andersen"'
        path.write_text("\n".join(rows) + "\n", encoding="cp1252")
        assert check_folder(example_copy).problems == [
            f"registrations.csv, row 2, {column}: must be one line, as a name or a title is printed in a sentence "
            "and in an e-mail header alike; it holds a line break ('Sophie\\nHæstorp Andersen')"]

    @pytest.mark.parametrize(("row", "column", "value"), [
        ('"Mette\nHansen";Direktør', "Navn", "'Mette\\nHansen'"),
        ('Mette Hansen;"Direktør\r\nfor børn"', "Titel", "'Direktør\\r\\nfor børn'"),
        ('Mette Hansen;"Direktør\tfor børn"', "Titel", "'Direktør\\tfor børn'"),
    ])
    def it_names_the_row_and_column_of_a_recipient_on_two_lines(self, example_copy, row, column, value):
        (example_copy / "recipients.csv").write_text(f"Kommune;Navn;Titel\n147;Ida Berg;Chef\n101;{row}\n",
                                                     encoding="utf-8")
        what = "a tab" if "\t" in row else "a line break"
        assert check_folder(example_copy).problems == [
            f"recipients.csv, row 3, {column}: must be one line, as a name or a title is printed in a sentence "
            f"and in an e-mail header alike; it holds {what} ({value})"]

    def it_refuses_one_in_a_registrations_contact_person(self, example_copy):
        path = example_copy / "registrations.csv"
        raw = path.read_text(encoding="cp1252").replace("Mette Søndergaard", '"Mette\nSøndergaard"', 1)
        path.write_text(raw, encoding="cp1252")
        problems = check_folder(example_copy).problems
        assert problems == ["registrations.csv, row 2, Kontaktperson: must be one line, as a name or a title is "
                            "printed in a sentence and in an e-mail header alike; it holds a line break "
                            "('Mette\\nSøndergaard')"]
