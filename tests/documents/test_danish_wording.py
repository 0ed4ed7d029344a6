"""The Danish kldocs writes itself reads as a Danish editor would have it.

"fordelt på tre netværk", not "fordelt i"; "kort afstand til hinanden", not
"kort til hinanden"; "jo større andel", not "jo større en del"; a price
table that says "ex moms" does not switch to "inkl. moms"; one municipality
or one participant is counted in the singular; and when two focus areas
share first place, the sentence says so without "15 af de 24 kommuner hver".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE_DIR
from docxfactory import text_lines
from kldocs.app import make
from kldocs.documents.summary.facts import focus_ranking, focus_text, region_groups, regions_text
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
        assert regions_text(regs, region_groups(regs, registry().all)) == (
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
        assert "3-5" not in body and "de samme 3–5 personer" in body
