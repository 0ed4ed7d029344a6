import shutil
from pathlib import Path

import pytest

from kldocs.errors import InputError
from kldocs.inputs.recipients import field_name, load_recipients
from kldocs.reference.municipalities import lookup

DATA = Path(__file__).parents[1] / "data" / "recipients"


@pytest.fixture
def folder(tmp_path):
    shutil.copy(DATA / "recipients.csv", tmp_path / "recipients.csv")
    return tmp_path


def write(tmp_path, text):
    (tmp_path / "recipients.csv").write_text(text, encoding="utf-8")
    return tmp_path


class DescribeLoadRecipients:
    def it_gives_no_recipients_without_a_file(self, tmp_path):
        recipients = load_recipients(tmp_path)
        assert len(recipients) == 0
        aarhus = recipients.get(lookup("Aarhus"))
        assert (aarhus.name, aarhus.title, aarhus.email, dict(aarhus.fields)) == (None, None, None, {})

    def it_reads_a_danish_excel_csv_by_forgiving_municipality(self, folder):
        recipients = load_recipients(folder)
        assert len(recipients) == 3
        aarhus = recipients.get(lookup("Aarhus"))
        assert aarhus.name == "Søren Ærø"
        assert aarhus.title == "Dagtilbudschef"
        assert aarhus.email == "soren.aero@aarhus.example"
        assert aarhus.fields == {"andel_i_specialtilbud": "3,9 %"}
        assert aarhus.row == 2
        assert recipients.columns == ("andel_i_specialtilbud",)
        assert recipients.get(lookup("København")).name == "Lise & Co <Hansen>"

    def it_leaves_out_empty_cells(self, folder):
        recipients = load_recipients(folder)
        copenhagen = recipients.get(lookup("København"))
        assert copenhagen.title is None
        assert copenhagen.fields == {}

    def it_shows_templates_the_known_fields_always_and_further_ones_where_given(self, folder):
        recipients = load_recipients(folder)
        aero = recipients.get(lookup("Ærø")).for_template()
        assert aero.name is None and aero.email is None
        assert aero.andel_i_specialtilbud == "2,1 %"
        copenhagen = recipients.get(lookup("København")).for_template()
        assert not hasattr(copenhagen, "andel_i_specialtilbud")

    def it_reports_every_bad_row_at_once(self, tmp_path):
        write(tmp_path, "Kommune,E-mail\nÅrhuz,a@b.dk\nAarhus,not-an-address\n751,c@d.dk\n,e@f.dk\n")
        with pytest.raises(InputError) as exc:
            load_recipients(tmp_path)
        problems = exc.value.problems
        assert problems[0].startswith("recipients.csv, row 2, Kommune: 'Århuz' is not a municipality")
        assert "did you mean Aarhus" in problems[0]
        assert problems[1] == ("recipients.csv, row 3, E-mail: 'not-an-address' is not an e-mail address "
                               "(an e-mail address must have an @-sign)")
        assert problems[2] == "recipients.csv, row 4, Kommune: Aarhus is given twice (also in row 3)"
        assert problems[3] == "recipients.csv, row 5, Kommune: is empty"

    def it_needs_a_municipality_column(self, tmp_path):
        write(tmp_path, "Navn,E-mail\nA,a@b.dk\n")
        with pytest.raises(InputError, match="has no 'Kommune' column"):
            load_recipients(tmp_path)

    def it_refuses_headings_templates_cannot_name(self, tmp_path):
        write(tmp_path, "Kommune,2021,Navn,Name\n751,x,y,z\n")
        with pytest.raises(InputError) as exc:
            load_recipients(tmp_path)
        assert exc.value.problems == [
            "recipients.csv, row 1, 2021: a column heading must start with a letter, so templates can name it",
            "recipients.csv, row 1, Name: says the same as the column 'Navn'",
        ]


class DescribeFieldName:
    def it_makes_a_heading_a_template_name(self):
        assert field_name("Andel i specialtilbud") == "andel_i_specialtilbud"
        assert field_name(" Børn pr. 1.000 ") == "boern_pr_1_000"
        assert field_name("Område (Å)") == "omraade_aa"
