"""The second bundled example, of another shape than the first, builds every kind with no workaround.

It has numbered sections with subsections and run-in subheadings, sections
after the economy, a price for the whole period, an add-on priced later, an
expression of interest instead of a binding sign-up, a time plan grouped by
year with quarters and a range of days, meetings of two kinds, registrations
in an Excel workbook, and an agreement with its own numbered sections.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docxfactory import as_read, styled_paragraphs, text
from kldocs.app import check_folder, plan
from kldocs.documents import KINDS
from kldocs.documents.invitations import cover_text
from kldocs.inputs.folder import Folder
from kldocs.inputs.recipients import Recipient
from kldocs.reference.municipalities import lookup

ROOT = Path(__file__).resolve().parents[2]
SECOND = ROOT / "fixtures" / "programs" / "faellesskaber-mod-ensomhed-2025"


@pytest.fixture(scope="module")
def folder() -> Folder:
    return Folder(SECOND)


def numbered(data: bytes) -> list[str]:
    return [words for style, words in styled_paragraphs(data) if style.startswith("Nummereret overskrift")]


class DescribeTheSecondExample:
    def it_passes_check_with_every_document_rendered(self):
        report = check_folder(SECOND)
        assert report.problems == []

    @pytest.mark.parametrize("kind", [k for k in KINDS if k != "reminders"])
    def it_plans_every_kind(self, folder, kind):
        files = plan(kind, folder).files
        assert files
        for file in files[:3]:
            if file.relpath.endswith(".docx"):
                assert file.make()

    def it_prints_numbered_sections_in_its_own_order(self, folder):
        data = plan("invitations", folder, to="Odense").files[0].make()
        assert numbered(data) == [
            "Baggrund", "Formål og succeskriterier", "Indhold og organisering", "Temaer", "Deltagerne",
            "Tidsplan", "Økonomi", "Formidling", "Sammenhæng med andre initiativer",
            "Interessetilkendegivelse og kontakt",
        ]
        runins = [w for s, w in styled_paragraphs(data) if s == "Underoverskrift"]
        assert runins == ["Netværksmøder", "Seminarer"]

    def it_groups_the_time_plan_by_year_without_repeating_it(self, folder):
        words = text(plan("invitations", folder, to="Odense").files[0].make())
        assert "Partnerskabet løber fra andet halvår 2025 til andet halvår 2027." in words
        for line in ("2026", "5. maj – 30. juni", "1. kvartal", "8. oktober kl. 10.00"):
            assert line in words.splitlines()

    def it_counts_its_meetings_by_kind(self, folder):
        words = text(plan("invitations", folder, to="Odense").files[0].make())
        assert "tre seminarer og fem netværksmøder" in words

    def it_gives_the_agreement_its_own_numbered_sections(self, folder):
        data = plan("agreements", folder, municipalities=("Odense",)).files[0].make()
        assert numbered(data)[:3] == ["Baggrund", "Formål", "Odense Kommunes temaer"]
        assert "Formidling" in numbered(data)
        assert numbered(data)[-1] == "Aftalens gyldighed og udtræden"

    def it_writes_a_project_description_beside_the_letters(self, folder):
        data = plan("description", folder).files[0].make()
        assert ("Heading 1", "Projektbeskrivelse: Kommunalt partnerskab om fællesskaber mod ensomhed blandt ældre") \
            in styled_paragraphs(data)
        assert numbered(data) == numbered(plan("invitations", folder, to="Odense").files[0].make())

    def it_states_no_vat_anywhere(self, folder):
        for data in (plan("invitations", folder, to="Odense").files[0].make(),
                     plan("agreements", folder, municipalities=("Odense",)).files[0].make(),
                     plan("description", folder).files[0].make()):
            assert "moms" not in text(data).lower()

    def it_prices_the_whole_period_and_the_add_on_later(self, folder):
        words = text(plan("invitations", folder, to="Odense").files[0].make())
        assert "90.000 kr. pr. kommune i alt for to år" in words
        assert "Lokalt forløb for kommunens frivillige: pris efter aftale" in words
        agreement = text(plan("agreements", folder, municipalities=("Odense",)).files[0].make())
        assert "Pris efter aftale" in agreement and "Januar 2027" in agreement and "45.000 kr." in agreement

    def it_asks_for_an_expression_of_interest_once(self, folder):
        words = text(plan("invitations", folder, to="Odense").files[0].make())
        assert "tilkendegive deres interesse i denne formular: https://www.kl.dk/interesse-ensomhed" in words
        assert words.count("2. juni 2025 kl. 12.00") == 1  # the time plan prints "2. juni kl. 12.00" under 2025
        assert "Tilkendegivelsen er ikke bindende." in words
        assert "tilmeld" not in words.split("Interessetilkendegivelse og kontakt")[1].lower()
        program = folder.program
        odense = lookup("Odense")
        mail = as_read(cover_text(program, odense, Recipient(municipality=odense, name="Kasper Riis")))
        assert "Fristen for at tilkendegive interesse er mandag den 2. juni 2025 kl. 12.00" in mail

    def it_states_the_participant_groups_and_where_they_take_part(self, folder):
        words = " ".join(text(plan("invitations", folder, to="Odense").files[0].make()).split())
        assert "op til fem personer i netværkene og op til to politikere ved seminarerne" in words

    def it_recalls_the_interest_in_the_agreement(self, folder):
        words = " ".join(text(plan("agreements", folder, municipalities=("Odense",)).files[0].make()).split())
        assert "og Odense Kommune har tilkendegivet sin interesse i at deltage." in words
        assert "tilmeld" not in words.lower()

    def it_makes_final_agreements_for_the_councils_that_approved(self, folder):
        data = plan("agreements", folder, municipalities=("Aarhus",), final=True).files[0].make()
        words = " ".join(text(data).split())
        assert "Aftalen er indgået mellem" in words and "UDKAST" not in words
        assert "Aarhus Kommunes kommunalbestyrelse" in words


def test_a_paragraph_that_leads_into_a_list_is_kept_with_it_and_no_other(folder):
    from lxml import etree

    from docxfactory import BODY, W, parts

    data = plan("invitations", folder, to="Odense").files[0].make()
    body = etree.fromstring(parts(data)[BODY]).find(f"{{{W}}}body")
    paragraphs = [p for p in body if p.tag == f"{{{W}}}p"]

    def words(p):
        return "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))

    def style(p):
        found = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        return "" if found is None else found.get(f"{{{W}}}val")

    def listed(p):
        return style(p).startswith("List")

    lead = next(p for p in paragraphs if words(p).startswith("KL samler erfaringerne"))
    assert words(lead).endswith(":") and listed(paragraphs[paragraphs.index(lead) + 1])
    leads = [p for i, p in enumerate(paragraphs[:-1]) if not style(p) and listed(paragraphs[i + 1])]
    plain = [p for i, p in enumerate(paragraphs[:-1]) if not style(p) and not listed(paragraphs[i + 1])]
    assert len(leads) == 4 and all(p.find(f"{{{W}}}pPr/{{{W}}}keepNext") is not None for p in leads)
    assert len(plain) > 5 and all(p.find(f"{{{W}}}pPr/{{{W}}}keepNext") is None for p in plain)


@pytest.mark.parametrize("kind", ["agreements", "networks", "summary", "invitations", "description"])
def test_it_calls_its_focus_areas_themes_everywhere(folder, kind):
    from docxfactory import parts

    data = next(f for f in plan(kind, folder).files if f.relpath.endswith(".docx")).make()
    xml = b"".join(parts(data)[name] for name in parts(data) if name.startswith("word/"))
    assert "indsatsområ".encode() not in xml.lower()  # nor the picture's alternative text
    if kind != "invitations":
        assert b"temaer" in xml.lower()


def test_a_common_noun_for_the_focus_areas_is_inflected_as_such(tmp_path):
    """noun: indsats (en): 'hver af partnerskabets indsatser', 'har prioriteret den', in the web article too."""
    import shutil

    from docxfactory import parts

    copy = tmp_path / "program"
    shutil.copytree(SECOND, copy, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    path = copy / "program.yaml"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("  noun: tema\n  plural: temaer\n  article: et\n",
                                   "  noun: indsats\n  plural: indsatser\n  article: en\n"), encoding="utf-8")
    texts = []
    for kind, options in (("networks", {}), ("summary", {"web": True}), ("agreements", {})):
        for file in plan(kind, Folder(copy), **options).files[:8]:
            if file.relpath.endswith(".docx"):
                texts += [v.decode() for k, v in parts(file.make()).items() if k.endswith(".xml")]
            elif file.relpath.endswith((".html", ".md")):
                texts.append(file.make().decode())
    everything = "\n".join(texts)
    assert "indsatsområ" not in everything.lower()
    for phrase in ("prioriteret hver af partnerskabets indsatser", "har prioriteret den.", "Indsatserne i netværkene",
                   "Netværkenes indsatser", "hver indsats"):
        assert phrase in everything, phrase
