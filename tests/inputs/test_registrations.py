import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from kldocs.errors import InputError
from kldocs.inputs.registrations import load_registrations, parse_day

DATA = Path(__file__).parents[1] / "data"

HEAD = ("Kommune;Kontaktperson;Titel;E-mail;Telefon;Indsatsområde 1;Indsatsområde 2;"
        "Indsatsområde 3;Antal deltagere;Antal politikere;Tilkøb")
GOOD = "Odense;Ida Holm;Chef;ih@odense.example.dk;;mellemformer;ledelse;dialog;3;1;"


def write(folder: Path, *rows: str, head: str = HEAD, encoding: str = "cp1252") -> Path:
    path = folder / "registrations.csv"
    path.write_bytes(("\r\n".join([head, *rows]) + "\r\n").encode(encoding))
    return path


def problems(folder: Path, program) -> list[str]:
    with pytest.raises(InputError) as info:
        load_registrations(folder, program)
    return info.value.problems


class DescribeTheExample:
    def it_reads_the_example_registrations(self, example_dir, program):
        regs = load_registrations(example_dir, program)
        assert len(regs) == 24
        assert {m.region for m in regs.municipalities} == {
            "Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland",
        }
        aarhus = regs.by_code()[751]
        assert [p.area.id for p in aarhus.priorities] == ["mellemformer", "tvaerfagligt", "ledelse", "udsatte-positioner"]
        assert aarhus.priorities[0].goal == "Flere børn i almene dagtilbud med støtte fra PPR"
        assert aarhus.add_on_ids == ("lokal-workshop",)
        assert str(aarhus.approved) == "2021-09-08"
        for r in regs:
            assert 3 <= len(r.priorities) <= 5

    def it_lists_them_in_danish_order(self, example_dir, program):
        names = [m.name for m in load_registrations(example_dir, program).municipalities]
        assert names[-3:] == ["Aabenraa", "Aalborg", "Aarhus"]

    def it_reads_the_same_sheet_saved_as_xlsx_to_the_same_registrations(self, example_dir, program, tmp_path):
        shutil.copy(DATA / "example-registrations.xlsx", tmp_path / "registrations.xlsx")
        from_xlsx = load_registrations(tmp_path, program)
        from_csv = load_registrations(example_dir, program)

        def strip(regs):
            return [(r.municipality, r.contact_name, r.email, r.phone, r.priorities, r.participants,
                     r.politicians, r.add_ons, r.approved) for r in regs]

        assert strip(from_xlsx) == strip(from_csv)


class DescribeEncodings:
    @pytest.mark.parametrize("name", ["registrations-cp1252-semicolon.csv", "registrations-utf8bom-semicolon.csv",
                                      "registrations-utf8-comma.csv", "registrations.xlsx"])
    def it_reads_every_excel_form(self, name, program, tmp_path):
        suffix = ".xlsx" if name.endswith(".xlsx") else ".csv"
        shutil.copy(DATA / name, tmp_path / f"registrations{suffix}")
        regs = load_registrations(tmp_path, program)
        assert [r.municipality.name for r in regs] == ["København", "Aabenraa", "Aarhus"]
        assert regs.by_code()[101].contact_name == "Søren Ærø-Åsted"
        assert regs.by_code()[751].add_on_ids == ("lokal-workshop",)


class DescribeProblems:
    def it_names_file_row_and_column_for_an_unknown_municipality(self, tmp_path, program):
        write(tmp_path, GOOD, GOOD.replace("Odense", "Fredriksberg"))
        assert problems(tmp_path, program) == [
            "registrations.csv, row 3, Kommune: 'Fredriksberg' is not a municipality "
            "(did you mean Frederiksberg, Fredensborg or Frederikssund?)"
        ]

    def it_refuses_a_municipality_registered_twice(self, tmp_path, program):
        write(tmp_path, GOOD, GOOD.replace("Odense", "Odense Kommune"))
        assert problems(tmp_path, program) == [
            "registrations.csv, row 3, Kommune: Odense is registered twice (also in row 2)"
        ]

    @pytest.mark.parametrize(("first", "second", "said"), [
        ("12-08-2021", "13-08-2021", "; this row is the later answer: delete row 2 if this one replaces it"),
        ("13-08-2021", "12-08-2021", "; row 2 is the later answer: delete this row if that one replaces it"),
        ("12-08-2021", "12-08-2021", ""),
    ])
    def it_says_which_answer_of_a_form_sent_twice_is_the_later(self, tmp_path, program, first, second, said):
        write(tmp_path, f"{GOOD};{first}", f"{GOOD};{second}", head=HEAD + ";Tilmeldingsdato")
        assert problems(tmp_path, program) == [
            f"registrations.csv, row 3, Kommune: Odense is registered twice (also in row 2){said}"]

    @pytest.mark.parametrize("answer", ["nej", "Nej tak", "INGEN", "-"])
    def it_takes_a_forms_no_for_no_add_on(self, tmp_path, program, answer):
        write(tmp_path, GOOD + answer)
        assert load_registrations(tmp_path, program).by_code()[461].add_on_ids == ()

    def it_takes_a_forms_yes_for_an_add_on_only_where_there_is_one(self, tmp_path, program):
        (one,) = program.pricing.add_ons  # the example offers one
        write(tmp_path, GOOD + "Ja")
        assert load_registrations(tmp_path, program).by_code()[461].add_on_ids == (one.id,)
        other = one.model_copy(update={"id": "ekstra-netvaerksmoede", "title": "Ekstra netværksmøde"})
        two = program.model_copy(update={"pricing": program.pricing.model_copy(update={"add_ons": (one, other)})})
        assert problems(tmp_path, two) == [
            "registrations.csv, row 2, Tilkøb: 'Ja' does not say which add-on: name it ('Lokal workshop for "
            "dagtilbudsledere' or 'Ekstra netværksmøde')"]

    def it_says_a_row_is_a_second_one_with_its_other_problems(self, tmp_path, program):
        # a withdrawal answered in the same form: no focus areas, no participants; the repeat is said at once
        write(tmp_path, GOOD, "Odense;Ida Holm;Chef;ih@odense.example.dk;;;;;0;;")
        found = problems(tmp_path, program)
        assert found[-1] == "registrations.csv, row 3, Kommune: Odense is registered twice (also in row 2)"
        assert len(found) > 1 and all(p.startswith("registrations.csv, row 3") for p in found)

    def it_refuses_an_unknown_focus_area_with_a_suggestion(self, tmp_path, program):
        write(tmp_path, GOOD.replace(";ledelse;", ";Ledelsesrolen;"))
        assert problems(tmp_path, program) == [
            "registrations.csv, row 2, Indsatsområde 2: 'Ledelsesrolen' is not a focus area "
            "(did you mean 'Ledelsesrollen i arbejdet med stærke børnefællesskaber'?)"
        ]

    def it_refuses_more_participants_than_allowed(self, tmp_path, program):
        write(tmp_path, GOOD.replace(";3;1;", ";6;1;"))
        assert problems(tmp_path, program) == [
            "registrations.csv, row 2, Antal deltagere: 6 participants is more than the 5 allowed"
        ]

    @pytest.mark.parametrize(("cells", "columns", "message"), [
        (";01-05-2020", ";Tiltrådt",
         "registrations.csv, row 2, Tiltrådt: 1. maj 2020 is before the invitation's date (14. juni 2021, "
         "letter.date): a council approves the agreement after it is invited; is the year right?"),
        (";01-11-2020", ";Tilmeldingsdato",
         "registrations.csv, row 2, Tilmeldingsdato: 1. november 2020 is before the invitation's date (14. juni "
         "2021, letter.date): a municipality registers after it is invited; is the year right, or is the row of an "
         "earlier round (which has a folder of its own)?"),
        (";12-08-2021;05-08-2021", ";Tilmeldingsdato;Tiltrådt",
         "registrations.csv, row 2, Tiltrådt: 5. august 2021 is before the day the municipality registered (12. "
         "august 2021, Tilmeldingsdato): its council approves the agreement made after it registered; is the year "
         "right?"),
    ], ids=["approval before the invitation", "registration before the invitation",
            "approval before the registration"])
    def it_refuses_a_day_before_the_one_it_must_follow(self, tmp_path, program, cells, columns, message):
        write(tmp_path, GOOD + cells, head=HEAD + columns)
        assert problems(tmp_path, program) == [message]

    def it_takes_an_approval_on_the_day_of_the_registration(self, tmp_path, program):
        write(tmp_path, GOOD + ";12-08-2021;12-08-2021", head=HEAD + ";Tilmeldingsdato;Tiltrådt")
        (same_day,) = load_registrations(tmp_path, program)  # in a council meeting that evening
        assert same_day.approved == same_day.registered == dt.date(2021, 8, 12)

    def it_counts_one_participant_in_english_too(self, tmp_path, program):
        at_least_three = program.model_copy(update={"participants": type(program.participants).model_validate(
            {"groups": [{"kind": "staff", "min": 3, "max": 5}, {"kind": "politicians", "max": 2}]})})
        write(tmp_path, GOOD.replace(";3;1;", ";1;1;"))
        assert problems(tmp_path, at_least_three) == [
            "registrations.csv, row 2, Antal deltagere: 1 participant is fewer than the 3 required"
        ]

    def it_refuses_more_politicians_than_allowed(self, tmp_path, program):
        write(tmp_path, GOOD.replace(";3;1;", ";3;3;"))
        assert problems(tmp_path, program) == [
            "registrations.csv, row 2, Antal politikere: 3 politicians is more than the 2 allowed"
        ]

    def it_refuses_fewer_politicians_than_a_political_partnership_requires(self, tmp_path, program):
        political = program.model_copy(update={"participants": type(program.participants).model_validate(
            {"groups": [{"kind": "staff", "min": 1, "max": 5},
                        {"kind": "politicians", "min": 1, "max": 3}]})})
        write(tmp_path, GOOD.replace(";3;1;", ";3;0;"), GOOD.replace("Odense", "Vejle").replace(";3;1;", ";3;;"))
        assert problems(tmp_path, political) == [
            "registrations.csv, row 2, Antal politikere: 0 politicians is fewer than the 1 required",
            "registrations.csv, row 3, Antal politikere: 0 politicians is fewer than the 1 required",
        ]

    def it_refuses_politicians_where_the_partnership_takes_none(self, tmp_path, program):
        staff_only = program.model_copy(update={"participants": type(program.participants).model_validate(
            {"groups": [{"kind": "staff", "min": 1, "max": 5}]})})
        write(tmp_path, GOOD.replace(";3;1;", ";3;2;"))
        assert problems(tmp_path, staff_only) == [
            "registrations.csv, row 2, Antal politikere: gives 2, but the partnership takes no politicians "
            "(participants in program.yaml has no group of them); leave the cell empty"]

    def it_refuses_an_unknown_add_on(self, tmp_path, program):
        write(tmp_path, GOOD + "lokal-workshop, foredrag")
        assert problems(tmp_path, program) == [
            "registrations.csv, row 2, Tilkøb: 'foredrag' is not an add-on; choose an id from: lokal-workshop"
        ]

    def it_refuses_an_empty_required_cell(self, tmp_path, program):
        write(tmp_path, GOOD.replace("Ida Holm", ""))
        assert problems(tmp_path, program) == ["registrations.csv, row 2, Kontaktperson: is empty"]

    def it_refuses_a_number_in_english_notation(self, tmp_path, program):
        write(tmp_path, GOOD.replace(";3;1;", ';"3.0";1;'))
        (message,) = problems(tmp_path, program)
        assert message.startswith("registrations.csv, row 2, Antal deltagere: '3.0' is not a number in Danish notation")

    def it_refuses_too_few_focus_areas(self, tmp_path, program):
        write(tmp_path, GOOD.replace(";ledelse;dialog;", ";;;"))
        assert problems(tmp_path, program) == [
            "registrations.csv, row 2, Indsatsområde 1: at least 3 focus areas must be chosen, found 1"
        ]

    def it_refuses_a_focus_area_chosen_twice(self, tmp_path, program):
        write(tmp_path, GOOD.replace(";dialog;", ";Mellemformer i dagtilbud og kommunal tilbudsvifte;"))
        assert problems(tmp_path, program) == [
            "registrations.csv, row 2, Indsatsområde 3: 'Mellemformer i dagtilbud og kommunal tilbudsvifte' "
            "is already chosen in 'Indsatsområde 1'"
        ]

    def it_reports_every_problem_at_once(self, tmp_path, program):
        write(tmp_path, GOOD.replace("Odense", "Atlantis"), GOOD.replace(";3;1;", ";9;1;"),
              GOOD.replace("ih@odense.example.dk", "ikke en adresse").replace("Odense;", "Kolding;"))
        found = problems(tmp_path, program)
        assert [p.split(":")[0] for p in found] == [
            "registrations.csv, row 2, Kommune", "registrations.csv, row 3, Antal deltagere",
            "registrations.csv, row 4, E-mail",
        ]

    def it_names_a_missing_column_with_a_suggestion(self, tmp_path, program):
        write(tmp_path, GOOD, head=HEAD.replace("Kontaktperson", "Kontakt person"))
        assert problems(tmp_path, program) == [
            "registrations.csv, row 1: the column 'Kontaktperson' is missing (did you mean 'Kontakt person'?); a "
            "column of another heading is named in program.yaml, registration.columns.contact_name: <its heading>"
        ]

    def it_says_which_setting_names_a_column_of_the_forms_own_heading(self, tmp_path, program):
        write(tmp_path, GOOD, head=HEAD.replace("Kommune;", "Hvilken kommune repræsenterer du?;")
              .replace("Indsatsområde 1;", "Prioritet 1;"))
        found = problems(tmp_path, program)
        assert found[0].startswith("registrations.csv, row 1: the column 'Kommune' is missing; the columns are "
                                   "Hvilken kommune repræsenterer du?, ")
        assert found[0].endswith("; a column of another heading is named in program.yaml, "
                                 "registration.columns.municipality: <its heading>")
        assert any(p.endswith("registration.columns.focus_area (the heading before the numbers 1, 2 …): <its heading>")
                   for p in found), found

    def it_says_when_there_is_no_registrations_file(self, tmp_path, program):
        assert problems(tmp_path, program)[0].endswith("has no registrations.csv or registrations.xlsx "
                                                       "(one row per municipality)")

    def it_refuses_two_registration_files(self, tmp_path, program):
        write(tmp_path, GOOD)
        shutil.copy(DATA / "registrations.xlsx", tmp_path / "registrations.xlsx")
        assert "holds both registrations.csv and registrations.xlsx" in problems(tmp_path, program)[0]


class DescribeColumnsAndExtras:
    def it_keeps_columns_it_does_not_know_for_templates(self, tmp_path, program):
        write(tmp_path, GOOD + ";Ring efter kl. 10", head=HEAD + ";Bemærkning")
        (reg,) = load_registrations(tmp_path, program)
        assert reg.extra == {"Bemærkning": "Ring efter kl. 10"}

    def it_reads_focus_areas_by_title_or_id_forgivingly(self, tmp_path, program):
        write(tmp_path, GOOD.replace(";mellemformer;", ";MELLEMFORMER I DAGTILBUD OG KOMMUNAL TILBUDSVIFTE;")
              .replace(";ledelse;", ";Co teaching;"))
        (reg,) = load_registrations(tmp_path, program)
        assert [p.area.id for p in reg.priorities] == ["mellemformer", "co-teaching", "dialog"]

    def it_reads_a_forms_ranking_question_from_one_cell_in_order(self, tmp_path, program):
        ranked = "Kommune;Kontaktperson;Titel;E-mail;Telefon;Indsatsområde;Antal deltagere;Antal politikere;Tilkøb"
        path = write(tmp_path, 'Odense;Ida Holm;Chef;ih@odense.example.dk;;"Dialog mellem forvaltning og institution;'
                               'Co-teaching i dagtilbud;ledelse;";3;1;', head=ranked)
        (reg,) = load_registrations(tmp_path, program)
        assert [(p.rank, p.area.id) for p in reg.priorities] == [(1, "dialog"), (2, "co-teaching"), (3, "ledelse")]
        # Forms has every option ranked: the first max_focus_areas (5) are the priorities
        every = ";".join(a.title for a in program.focus_areas.catalogue[::-1]) + ";"
        path.write_bytes(path.read_bytes().replace(
            '"Dialog mellem forvaltning og institution;Co-teaching i dagtilbud;ledelse;"'.encode("cp1252"),
            f'"{every}"'.encode("cp1252")))
        (reg,) = load_registrations(tmp_path, program)
        assert [p.area.id for p in reg.priorities] == [a.id for a in program.focus_areas.catalogue[::-1]][:5]
        path.write_bytes(path.read_bytes().replace(f'"{every}"'.encode("cp1252"),
                                                   b'"dialog;co-teaching;ledelse;"'))
        # the same in the first numbered column, the others empty
        path.write_bytes(path.read_bytes().replace(b"Indsatsomr\xe5de;", b"Indsatsomr\xe5de 1;"))
        (reg,) = load_registrations(tmp_path, program)
        assert [p.area.id for p in reg.priorities] == ["dialog", "co-teaching", "ledelse"]

    def it_asks_for_a_count_of_0_or_more(self, tmp_path, program):
        write(tmp_path, GOOD.replace(";3;1;", ";-1;1;"))
        assert problems(tmp_path, program) == [
            "registrations.csv, row 2, Antal deltagere: must be a whole number of 0 or more, not '-1'"]

    def it_names_the_ranking_cell_of_a_part_that_is_no_focus_area(self, tmp_path, program):
        ranked = "Kommune;Kontaktperson;Titel;E-mail;Telefon;Indsatsområde;Antal deltagere;Antal politikere;Tilkøb"
        write(tmp_path, 'Odense;Ida Holm;Chef;ih@odense.example.dk;;"dialog;Sprogarbejde;dialog";3;1;', head=ranked)
        assert problems(tmp_path, program) == [
            "registrations.csv, row 2, Indsatsområde: 'Sprogarbejde' is not a focus area; choose an id from: "
            "mellemformer, co-teaching, udsatte-positioner, tvaerfagligt, dialog, foraeldre, ledelse, overgange",
            "registrations.csv, row 2, Indsatsområde: 'Dialog mellem forvaltning og institution' is ranked twice"]

    def it_prices_a_registration_from_the_programme(self, example_dir, program):
        regs = load_registrations(example_dir, program).by_code()
        with_add_on = program.pricing.invoice(regs[751].add_on_ids)
        without = program.pricing.invoice(regs[101].add_on_ids)
        assert (with_add_on.subtotal, with_add_on.vat, with_add_on.total) == (
            Decimal(70000), Decimal(17500), Decimal(87500))
        assert (without.subtotal, without.vat, without.total) == (Decimal(55000), Decimal(13750), Decimal(68750))


@pytest.mark.parametrize(("text", "day"), [("14-06-2021", "2021-06-14"), ("14.6.2021", "2021-06-14"),
                                           ("2021-06-14", "2021-06-14"), ("1/2/2022", "2022-02-01"),
                                           ("14-06-2021 kl. 10.32", "2021-06-14"), ("14.6.2021 10:32:05", "2021-06-14"),
                                           # a form's timestamp in UTC is the day it was in Denmark
                                           ("2021-07-01T23:30:00Z", "2021-07-02"),
                                           ("2021-07-01T21:30:00+00:00", "2021-07-01")])
def test_approval_dates_are_read_as_danes_write_them(text, day):
    assert str(parse_day(text)) == day


def test_an_excel_date_number_in_a_cell_that_lost_its_date_format_is_read_as_the_day():
    assert parse_day(46370) == dt.date(2026, 12, 14) and parse_day(44440.4375) == dt.date(2021, 9, 1)


def test_a_number_that_is_no_plausible_day_or_digits_in_a_csv_are_refused_with_a_hint():
    with pytest.raises(ValueError, match="2021 is a number, not a date"):
        parse_day(2021)
    with pytest.raises(ValueError, match=r"'46370' is not a date; .* \(46370 looks like an Excel date number, "
                                         r"14-12-2026: format the column as a date"):
        parse_day("46370")


def test_an_xlsx_approval_day_given_as_a_number_reaches_the_registration(program, tmp_path):
    import openpyxl

    shutil.copy(DATA / "example-registrations.xlsx", tmp_path / "source.xlsx")
    book = openpyxl.load_workbook(tmp_path / "source.xlsx")
    sheet = book.active
    column = [c.value for c in sheet[1]].index("Tiltrådt") + 1
    sheet.cell(2, column).value = 44440  # 1 September 2021, in a cell of the General format
    sheet.cell(2, column).number_format = "General"
    book.save(tmp_path / "registrations.xlsx")
    (first,) = [r for r in load_registrations(tmp_path, program) if r.row == 2]
    assert first.approved == dt.date(2021, 9, 1)


@pytest.mark.parametrize(("text", "why"), [
    ("31-06-2021", "juni 2021 has 30 days"), ("30-02-2027", "februar 2027 has 28 days"),
    ("29.2.2024", None), ("2027-02-30", "februar 2027 has 28 days"), ("2027-13-01", "there is no month 13"),
])
def test_an_impossible_date_is_refused_with_why_the_calendar_has_no_such_day(text, why):
    if why is None:  # a leap day is a day
        assert parse_day(text) == dt.date(2024, 2, 29)
        return
    with pytest.raises(ValueError) as info:
        parse_day(text)
    assert str(info.value) == f"{text!r} is not a real date ({why})"  # it is written as asked: say what is wrong


@pytest.mark.parametrize(("value", "moment"), [
    ("14-06-2021 kl. 10.32", dt.datetime(2021, 6, 14, 10, 32)),
    ("2021-06-14 10:32:05", dt.datetime(2021, 6, 14, 10, 32, 5)),
    ("2021-06-14T08:32:05Z", dt.datetime(2021, 6, 14, 10, 32, 5)),  # UTC, read as Danish summer time
    (dt.datetime(2021, 6, 14, 10, 32), dt.datetime(2021, 6, 14, 10, 32)),
    (44361.4375, dt.datetime(2021, 6, 14, 10, 30)),  # an Excel date number with its time of day
    ("2021-06-14 12.59", dt.datetime(2021, 6, 14, 12, 59)),  # not 12:00 and 0.59 seconds, as Python reads it
    ("2021-06-14 kl. 9.05", dt.datetime(2021, 6, 14, 9, 5)),
    ("14-06-2021", None), ("2021-06-14", None), (dt.datetime(2021, 6, 14), None),  # a day alone
])
def test_a_registrations_time_is_read_where_the_export_gives_it(value, moment):
    from kldocs.inputs.registrations import parse_moment

    assert parse_moment(value) == (dt.date(2021, 6, 14), moment)


def test_an_excel_date_number_just_before_midnight_is_the_next_day_to_the_second():
    from kldocs.inputs.registrations import parse_moment

    assert parse_moment(44361.99999999) == (dt.date(2021, 6, 15), None)
