"""Sections in the documents: the programme's order, numbered headings, run-in subheadings, and free sections.

Each test gives a copy of the bundled example a tree of sections and reads
the rendered invitation, project description or agreement: the headings in
order with their paragraph styles, and, through LibreOffice, the numbers
Word's list numbering gives them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from docxfactory import parts, styled_paragraphs, text
from kldocs.app import as_folder, plan
from kldocs.cli import cli
from kldocs.engine.pdf import convert_to_pdf
from programfactory import add_yaml, replace_block

TREE = """
numbered_headings: ja
sections:
  - heading: Baggrund og formål
    text: Kommunerne står over for en stor opgave.
    sections:
      - block: purpose
        heading: Formål
      - heading: Deltagerne
        style: run-in
        text: Op til fem personer pr. kommune.
  - block: focus_areas
  - heading: Partnerskabets forløb
    sections:
      - block: timeline
        text: Tidsplanen er foreløbig.
      - block: economy
  - heading: Formidling
    text: Resultaterne formidles til alle kommuner.
  - heading: Sammenhæng med andre initiativer
    text: Partnerskabet bygger videre på KL's udspil.
  - block: registration
"""

HEADINGS = {"Heading 2", "Heading 3", "Heading 4", "Nummereret overskrift 1", "Nummereret overskrift 2",
            "Nummereret overskrift 3", "Underoverskrift"}


def with_tree(folder: Path, tree: str = TREE, *, agreement: str = "") -> Path:
    return add_yaml(folder, tree, agreement=agreement)


def invitation(folder: Path) -> bytes:
    return plan("invitations", folder, to="Aarhus").files[0].make()


def headings(data: bytes) -> list[tuple[str, str]]:
    return [(style, words) for style, words in styled_paragraphs(data) if style in HEADINGS]


class DescribeTheInvitation:
    def it_prints_the_sections_in_the_programmes_order(self, example_copy):
        found = headings(invitation(with_tree(example_copy)))
        assert found == [
            ("Nummereret overskrift 1", "Baggrund og formål"),
            ("Nummereret overskrift 2", "Formål"),
            ("Underoverskrift", "Deltagerne"),
            ("Nummereret overskrift 1", "Fokus og indsatsområder"),
            ("Nummereret overskrift 1", "Partnerskabets forløb"),
            ("Nummereret overskrift 2", "Tidsplan"),
            ("Nummereret overskrift 2", "Økonomi og tilmelding"),
            ("Nummereret overskrift 1", "Formidling"),
            ("Nummereret overskrift 1", "Sammenhæng med andre initiativer"),
            ("Nummereret overskrift 1", "Tilmelding og kontaktpersoner"),
        ]

    def it_puts_a_sections_text_under_its_heading_and_before_its_block(self, example_copy):
        lines = [words for _, words in styled_paragraphs(invitation(with_tree(example_copy)))]
        at = lines.index("Tidsplan")
        assert lines[at + 1] == "Tidsplanen er foreløbig."
        assert "Partnerskabet løber fra" in lines[at + 2]
        assert lines[lines.index("Formidling") + 1] == "Resultaterne formidles til alle kommuner."

    def it_leaves_out_what_the_tree_does_not_name(self, example_copy):
        words = text(invitation(with_tree(example_copy)))
        assert "Indhold og organisering" not in words
        assert program_background_start not in words

    def it_keeps_the_success_criteria_with_the_purpose(self, example_copy):
        words = text(invitation(with_tree(example_copy)))
        assert "Succeskriterier for deltagelse i partnerskabet er:" in words

    def it_ties_numbered_headings_to_words_multilevel_list(self, example_copy):
        data = invitation(with_tree(example_copy))
        styles = parts(data)["word/styles.xml"].decode()
        numbering = parts(data)["word/numbering.xml"].decode()
        style = re.search(r'<w:style [^>]*w:styleId="Nummereretoverskrift2".*?</w:style>', styles, re.S)
        assert style and '<w:ilvl w:val="1"/>' in style.group(0) and '<w:numId w:val="80"/>' in style.group(0)
        assert '<w:lvlText w:val="%1.%2"/>' in numbering
        # the numbers are Word's, not typed into the text
        assert not re.search(r"\b\d\.\d? ?Formål", text(data))

    def it_prints_no_number_where_the_programme_says_so(self, example_copy):
        tree = TREE.replace("  - heading: Formidling\n", "  - heading: Formidling\n    numbered: nej\n")
        found = dict((w, s) for s, w in headings(invitation(with_tree(example_copy, tree))))
        assert found["Formidling"] == "Heading 2" and found["Tilmelding og kontaktpersoner"] == "Nummereret overskrift 1"

    @pytest.mark.soffice
    def it_reads_with_its_numbers_in_the_pdf(self, example_copy, tmp_path):
        docx_path = tmp_path / "invitation.docx"
        docx_path.write_bytes(invitation(with_tree(example_copy)))
        (pdf,) = convert_to_pdf([docx_path], tmp_path / "pdf")
        # -layout keeps a heading's number on its line (the letterhead column is read beside it, not between)
        words = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                        check=True).stdout.split())
        for number, heading in (("1.", "Baggrund og formål"), ("1.1", "Formål"), ("2.", "Fokus og indsatsområder"),
                                ("3.", "Partnerskabets forløb"), ("3.1", "Tidsplan"), ("3.2", "Økonomi og tilmelding"),
                                ("4.", "Formidling"), ("5.", "Sammenhæng med andre initiativer"),
                                ("6.", "Tilmelding og kontaktpersoner")):
            assert f"{number} {heading}" in words
        assert "Deltagerne Op til fem personer" in words  # the run-in subheading has no number


program_background_start = "Inklusion, trivsel og stærke børnefællesskaber"


class DescribeTheAgreement:
    def it_has_its_own_tree(self, example_copy):
        agreement = ("  numbered_headings: ja\n  sections:\n    - block: purpose\n    - block: focus_areas\n"
                     "    - heading: Formidling\n      text: KL formidler resultaterne.\n    - block: economy\n")
        data = plan("agreements", with_tree(example_copy, "", agreement=agreement),
                    municipalities=("Aarhus",)).files[0].make()
        names = [w for s, w in headings(data) if s == "Nummereret overskrift 1"]
        assert names == ["Formål", "Aarhus Kommunes indsatsområder og lokale mål", "Formidling", "Økonomi"]
        # the focus areas numbered under their section (2.1, 2.2 …), in the municipality's order, not 1., 2. again
        areas = [w for s, w in headings(data) if s == "Nummereret overskrift 2"]
        registration = next(r for r in as_folder(example_copy).registrations if r.municipality.name == "Aarhus")
        assert areas == [p.area.title for p in registration.priorities]
        words = text(data)
        assert "KL formidler resultaterne." in words
        assert "Parternes forpligtelser" not in words and "Tidsplan" not in words
        assert "For Aarhus Kommune" in words  # the signatures still end it

    def it_keeps_the_invitations_appeal_out_by_default(self, example_copy):
        data = plan("agreements", with_tree(example_copy), municipalities=("Aarhus",)).files[0].make()
        words = text(data)
        assert "Formidling" not in words and "Partnerskabets forløb" not in words
        assert ("Heading 2", "Baggrund") in headings(data)


class DescribeTheProjectDescription:
    def it_has_the_invitations_sections_without_an_addressee(self, example_copy):
        folder = with_tree(example_copy)
        (file,) = plan("description", folder).files
        data = file.make()
        assert file.relpath == "projektbeskrivelse.docx"
        lines = [w for _, w in styled_paragraphs(data)]
        assert "Til" not in lines and "Aarhus Kommune" not in lines
        assert lines[0] == "KL" and "Dato: 14. juni 2021" in lines  # the letterhead
        assert headings(data) == headings(invitation(folder))
        # says what it is, when the programme gives it no title of its own
        assert ("Heading 1", "Projektbeskrivelse: Kommunalt partnerskab om stærke børnefællesskaber i dagtilbud") \
            in styled_paragraphs(data)
        footers = [name for name in parts(data) if name.startswith("word/footer")]
        assert any("NUMPAGES" in parts(data)[name].decode() for name in footers)  # Side X af Y

    def it_takes_its_own_title_and_lead(self, example_copy):
        replace_block(example_copy, "description", "title: Projektbeskrivelse\nlead: Kort om projektet.")
        folder = example_copy
        lines = [(s, w) for s, w in styled_paragraphs(plan("description", folder).files[0].make())
                 if s in ("Heading 1", "Manchet")]
        assert lines == [("Heading 1", "Projektbeskrivelse"), ("Manchet", "Kort om projektet.")]

    def it_needs_no_addressees(self, example_copy):
        path = example_copy / "program.yaml"
        source = path.read_text(encoding="utf-8")
        source = re.sub(r"(?ms)^addressees:.*?(?=^contacts:)", "", source)
        path.write_text(source, encoding="utf-8")
        assert plan("description", example_copy).files
        result = CliRunner().invoke(cli, ["invitations", str(example_copy), "--out", str(example_copy / "o")])
        assert result.exit_code != 0
        assert "addressees: an invitation is addressed to someone" in result.output

    def it_is_written_by_its_command(self, example_copy, tmp_path):
        result = CliRunner().invoke(cli, ["description", str(example_copy), "--out", str(tmp_path / "d")])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "d" / "projektbeskrivelse.docx").exists()


class DescribeAContactsSectionBesideTheRegistration:
    """Where the programme places the contacts block, the registration does not name them again."""

    def it_names_the_contacts_once_under_kls_sentence_on_whom_to_ask(self, example_copy):
        data = invitation(with_tree(example_copy, "sections:\n  - block: registration\n  - block: contacts\n"))
        body = text(data)
        assert body.count("ldpe@kl.dk") == 1  # in the contacts section, not in the registration too
        assert body.count("Eventuelle spørgsmål til projektet") == 1
        opening = body.index("Eventuelle spørgsmål til projektet og tilmelding kan rettes til:")
        assert opening < body.index("ldpe@kl.dk")  # the section opens with the sentence, then lists them

    def it_keeps_them_in_the_registration_when_there_is_no_contacts_section(self, example_copy):
        body = text(invitation(with_tree(example_copy, "sections:\n  - block: registration\n")))
        assert "Eventuelle spørgsmål til projektet og tilmelding kan rettes til" in body

    def it_keeps_them_where_one_registers_with_them(self, example_copy):
        folder = with_tree(example_copy, "sections:\n  - block: registration\n  - block: contacts\n")
        path = folder / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "  link: https://tilmeld.kl.dk/staerkebornefaellesskaber\n", "").replace(
            " via dette link {link}.", "."), encoding="utf-8")
        assert "Eventuelle spørgsmål til projektet og tilmelding kan rettes til" in text(invitation(folder))
