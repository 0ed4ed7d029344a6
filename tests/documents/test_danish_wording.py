"""The Danish kldocs writes itself reads as a Danish editor would have it.

"fordelt på tre netværk", not "fordelt i"; "kort afstand til hinanden", not
"kort til hinanden"; "jo større andel", not "jo større en del"; a price
table that says "ex moms" does not switch to "inkl. moms"; one municipality
or one participant is counted in the singular; and when two focus areas
share first place, the sentence says so without "15 af de 24 kommuner hver".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import EXAMPLE_DIR
from docxfactory import as_read, text_lines
from kldocs.app import make, plan
from kldocs.documents.invitations import cover_text
from kldocs.documents.meetings import meeting_view
from kldocs.documents.summary.facts import build_summary, focus_ranking, focus_text, region_groups, regions_text
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import load_program
from kldocs.inputs.recipients import Recipient
from kldocs.inputs.registrations import Priority, Registration, Registrations
from kldocs.networks.chart import caption
from kldocs.reference.municipalities import lookup, registry


def registrations(program, choices: dict[str, list[str]], participants: int = 3) -> Registrations:
    """Registrations of the municipalities named, each with the focus areas (ids) it chose, in order."""
    areas = program.focus_areas.by_id()
    items = tuple(
        Registration(row=i + 2, municipality=lookup(name), contact_name="Kim Jensen", contact_title=None,
                     email="kim@example.dk", phone=None,
                     priorities=tuple(Priority(rank, areas[a]) for rank, a in enumerate(ids, start=1)),
                     participants=participants, politicians=0, add_ons=())
        for i, (name, ids) in enumerate(choices.items())
    )
    return Registrations(Path("registrations.csv"), items)


def focus(program, regs: Registrations) -> str:
    return focus_text(program, regs, focus_ranking(program, regs))


class DescribeTheSummarysSentences:
    def it_names_the_one_most_chosen_focus_area_with_how_many_chose_it(self, program):
        regs = registrations(program, {"Aarhus": ["mellemformer", "dialog", "ledelse"],
                                       "Horsens": ["mellemformer", "overgange", "co-teaching"],
                                       "Viborg": ["tvaerfagligt", "foraeldre", "udsatte-positioner"]})
        assert focus(program, regs) == (
            "Kommunerne har hver prioriteret tre af partnerskabets otte indsatsområder. Flest – to af de tre "
            "kommuner – har prioriteret ”Mellemformer i dagtilbud og kommunal tilbudsvifte”.")

    def it_names_the_areas_sharing_first_place_without_a_stray_hver(self, program):
        regs = registrations(program, {"Aarhus": ["mellemformer", "dialog", "ledelse"],
                                       "Horsens": ["dialog", "mellemformer", "overgange"],
                                       "Viborg": ["foraeldre", "tvaerfagligt", "co-teaching"]})
        text = focus(program, regs)
        assert text.endswith(
            " Flest har prioriteret ”Mellemformer i dagtilbud og kommunal tilbudsvifte” og ”Dialog mellem "
            "forvaltning og institution”, som hver er prioriteret af to af de tre kommuner.")
        assert "kommuner hver" not in text

    def it_says_alle_when_every_municipality_chose_it_and_begge_of_two(self, program):
        chosen = {"Aarhus": ["mellemformer", "dialog", "ledelse"], "Horsens": ["mellemformer", "overgange", "foraeldre"]}
        assert focus(program, registrations(program, chosen)).endswith(
            " Begge kommuner har prioriteret ”Mellemformer i dagtilbud og kommunal tilbudsvifte”.")
        chosen["Odder"] = ["mellemformer", "dialog", "foraeldre"]
        assert focus(program, registrations(program, chosen)).endswith(
            " Alle tre kommuner har prioriteret ”Mellemformer i dagtilbud og kommunal tilbudsvifte”.")

    def it_speaks_of_one_municipality_and_one_participant_in_the_singular(self, program):
        regs = registrations(program, {"Læsø": ["mellemformer", "dialog", "ledelse"]}, participants=1)
        assert focus(program, regs) == "Kommunen har prioriteret tre af partnerskabets otte indsatsområder."
        assert regions_text(regs, region_groups(regs, registry().all), participants=program.participants) == (
            "Den ene kommune kommer fra Region Nordjylland og har tilmeldt i alt én deltager.")


@pytest.fixture(scope="module")
def overview(tmp_path_factory):
    out = tmp_path_factory.mktemp("networks")
    make("networks", EXAMPLE_DIR, out)
    return "\n".join(text_lines((out / "netvaerk.docx").read_bytes()))


class DescribeTheNetworkOverview:
    def it_writes_as_a_danish_editor_would(self, overview):
        assert "er fordelt på tre netværk med otte kommuner i hvert." in overview
        assert "deler så mange prioriteringer som muligt og samtidig har kort afstand til hinanden." in overview
        assert "Længst fra hinanden ligger " in overview
        assert "jo større andel af netværkets kommuner har prioriteret det." in overview
        for wrong in ("fordelt i ", "har kort til", "større en del", "Længst er der"):
            assert wrong not in overview

    def it_captions_the_chart_in_the_same_words(self):
        assert "Jo mørkere feltet er, jo større andel af netværkets kommuner har prioriteret det." in caption()


class DescribeTheAgreementsPrices:
    def it_keeps_to_one_style_of_vat_words(self, example_dir, tmp_path):
        make("agreements", example_dir, tmp_path, municipalities=["Aarhus"])
        body = "\n".join(text_lines((tmp_path / "0751-aarhus-partnerskabsaftale.docx").read_bytes()))
        assert "I alt ex moms" in body and "I alt med moms" in body
        assert "inkl. moms" not in body
        assert "3-5" not in body and "de samme 3–5 medarbejdere" in body


POLITICAL = "Politisk partnerskab om stærke børnefællesskaber i dagtilbud"


@pytest.fixture
def political(example_copy: Path) -> Path:
    """The example as a political partnership: its title says so, and every document should follow it."""
    path = example_copy / "program.yaml"
    text = path.read_text(encoding="utf-8")
    old = "\ntitle: Kommunalt partnerskab om stærke børnefællesskaber i dagtilbud\n"
    assert old in text
    path.write_text(text.replace(old, f"\ntitle: {POLITICAL}\n", 1), encoding="utf-8")
    return example_copy


class DescribeThePartnershipNamedInASentence:
    """The title is a name for headings; a sentence names the partnership with its article, of the title's kind."""

    def it_sums_up_a_political_partnership_as_political(self, political):
        summary = build_summary(Folder(political), networks=False)
        assert summary.title == "Indsigter fra politisk partnerskab om stærke børnefællesskaber i dagtilbud"
        assert summary.facts.startswith("Det politiske partnerskab om stærke børnefællesskaber i dagtilbud er "
                                        "afsluttet. ")
        assert "kommunal" not in summary.title + summary.facts

    def it_says_which_partnership_a_meeting_is_in_with_its_article(self, political):
        program = load_program(political)
        views = [meeting_view(program, g) for g in plan("meetings", political).computed]
        assert views[0].addressee == ("Deltagerne i partnerskabet om stærke børnefællesskaber i dagtilbud",)
        assert views[0].lead == ("KL inviterer hermed de deltagende kommuner til det første partnerskabsmøde i "
                                 "partnerskabet om stærke børnefællesskaber i dagtilbud.")

    def it_reminds_of_the_political_partnership_with_its_article(self, political):
        planned = plan("reminders", political, date=dt.date(2021, 8, 9))
        record = next(r for r in planned.computed if r.label == "Læsø")
        assert record.context["reminder"].title == ("Påmindelse om tilmelding til det politiske partnerskab om "
                                                    "stærke børnefællesskaber i dagtilbud")
        assert as_read(record.context["reminder"].text[0].text) == (
            "Den 14. juni 2021 inviterede KL Læsø Kommune til at deltage i det politiske partnerskab om stærke "
            "børnefællesskaber i dagtilbud.")
        assert record.context["reminder"].subject == record.context["reminder"].title  # the e-mail draft's

    def it_sends_the_invitation_to_the_political_partnership_with_its_article(self, political):
        text = cover_text(load_program(political), lookup("Ærø"), Recipient(lookup("Ærø")))
        assert "Vedhæftet finder I invitationen til det politiske partnerskab om stærke børnefællesskaber i " \
               "dagtilbud." in text
