"""The summary's facts: computed from the data, checked against values computed here independently."""

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from conftest import EXAMPLE_DIR
from docxfactory import as_read
from kldocs.documents.summary.facts import NetworkView, build_summary, compose, facts_text
from kldocs.inputs.folder import Folder
from kldocs.inputs.registrations import load_registrations
from kldocs.inputs.results import RESULTS_FILE, load_results
from kldocs.reference.municipalities import REGIONS, lookup, registry


def csv_rows(folder: Path) -> list[dict[str, str]]:
    """The registrations as the CSV holds them, read with nothing but the csv module."""
    text = (folder / "registrations.csv").read_bytes().decode("cp1252")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.fixture(scope="module")
def summary():
    return build_summary(Folder(EXAMPLE_DIR), networks=False)


def edit_results(folder: Path, old: str, new: str) -> None:
    path = folder / RESULTS_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def three_networks(folder, program, registrations):
    members = registrations.municipalities
    return tuple(NetworkView(f"Netværk {i + 1}", members[i::3], program.focus_areas.catalogue[:3]) for i in range(3))


class DescribeTheFacts:
    def it_counts_the_municipalities_in_the_csv(self, summary, example_dir):
        rows = csv_rows(example_dir)
        assert summary.count == len(rows) == 24
        assert "24 af landets 98 kommuner har deltaget" in summary.facts

    def it_counts_participants_and_politicians(self, summary, example_dir):
        rows = csv_rows(example_dir)
        people = sum(int(r["Antal deltagere"]) for r in rows)
        politicians = sum(int(r["Antal politikere"] or 0) for r in rows)
        assert (summary.participants, summary.politicians) == (people, politicians)
        # the staff by their noun beside the politicians: a meeting's list counts both as its participants
        assert f"i alt {people} medarbejdere og {politicians} politikere" in summary.regions_text

    def it_groups_by_region_as_the_reference_data_places_them(self, summary, example_dir):
        expected = Counter(lookup(r["Kommune"]).region for r in csv_rows(example_dir))
        assert [(g.region, g.count) for g in summary.regions] == [(r, expected[r]) for r in REGIONS if expected[r]]
        totals = Counter(m.region for m in registry().all)
        assert all(g.total == totals[g.region] for g in summary.regions)
        assert sum(g.total for g in summary.regions) == 98

    def it_lists_each_region_in_danish_order(self, summary):
        south = next(g for g in summary.regions if g.region == "Region Syddanmark")
        north = next(g for g in summary.regions if g.region == "Region Nordjylland")
        assert [m.name for m in south.municipalities] == ["Esbjerg", "Kolding", "Odense", "Svendborg", "Aabenraa"]
        assert north.names == "Hjørring, Vesthimmerland og Aalborg"  # not the register's genitive

    def it_ranks_the_focus_areas_by_how_many_prioritised_them(self, summary, example_dir, program):
        titles = Counter(
            value for r in csv_rows(example_dir) for key, value in r.items()
            if key.startswith("Indsatsområde") and value
        )
        assert {r.area.title: r.count for r in summary.focus_ranking} == {
            a.title: titles[a.title] for a in program.focus_areas.catalogue}
        counts = [r.count for r in summary.focus_ranking]
        assert counts == sorted(counts, reverse=True)
        assert summary.focus_ranking[0].area.id == "mellemformer"
        assert summary.focus_ranking[0].count == 15

    def it_gives_equal_counts_the_same_rank(self, summary):
        ranks = [(r.rank, r.count) for r in summary.focus_ranking]
        assert ranks == [(1, 15), (2, 12), (3, 11), (4, 10), (4, 10), (4, 10), (4, 10), (8, 8)]

    def it_counts_first_priorities(self, summary, example_dir):
        firsts = Counter(r["Indsatsområde 1"] for r in csv_rows(example_dir))
        assert all(r.first == firsts[r.area.title] for r in summary.focus_ranking)

    def it_names_the_most_prioritised_area_in_prose(self, summary):
        assert summary.focus_text == (
            "Kommunerne har hver prioriteret mellem tre og fem af partnerskabets otte indsatsområder. "
            "Flest – 15 af de 24 kommuner – har prioriteret ”Mellemformer i dagtilbud og kommunal tilbudsvifte”."
        )

    def it_says_how_long_and_how_often_in_danish_prose(self, summary):
        assert summary.facts == (
            "Det kommunale partnerskab om stærke børnefællesskaber i dagtilbud er afsluttet. "
            "24 af landets 98 kommuner har deltaget i partnerskabet fra august 2021 til marts 2022. "
            "Kommunerne har mødt hinanden på fire partnerskabsmøder."
        )
        assert summary.regions_text.startswith("De 24 kommuner kommer fra alle fem regioner")

    def it_titles_the_summary_after_the_topic(self, summary):
        assert summary.title == "Indsigter fra kommunalt partnerskab om stærke børnefællesskaber i dagtilbud"
        assert as_read(summary.date_text) == "5. april 2022"


class DescribeNetworksAndMeetings:
    def it_spells_the_number_of_networks(self, example_dir):
        folder = Folder(example_dir)
        views = three_networks(example_dir, folder.program, folder.registrations)
        summary = compose(folder.program, folder.registrations, folder.results, views)
        assert "Kommunerne har arbejdet sammen i tre netværk og mødt hinanden på fire partnerskabsmøder." in summary.facts

    def it_says_they_worked_in_one_network_and_heads_its_table_in_the_singular(self, example_dir):
        folder = Folder(example_dir)
        members = folder.registrations.municipalities
        views = (NetworkView("Netværk 1", members, folder.program.focus_areas.catalogue[:3]),)
        summary = compose(folder.program, folder.registrations, folder.results, views)
        assert "Kommunerne har arbejdet sammen i ét netværk og mødt hinanden på fire partnerskabsmøder." in \
            summary.facts
        from kldocs.documents.summary.article import render_markdown

        markdown = render_markdown(summary)
        assert "### Netværkets indsatsområder" in markdown and "Netværkenes" not in markdown

    def it_leaves_networks_out_when_there_are_none(self, summary):
        assert "netværk" not in summary.facts

    def it_uses_the_folders_line_up_by_default(self, example_dir):
        summary = build_summary(Folder(example_dir))
        assert summary.networks is not None
        assert sorted(m.code for n in summary.networks for m in n.municipalities) == sorted(
            m.code for m in summary.registrations.municipalities)
        assert f"i {['', 'et', 'to', 'tre', 'fire'][len(summary.networks)]} netværk" in summary.facts

    def it_counts_only_meetings_held_before_publication(self, example_copy):
        edit_results(example_copy, "date: 2022-04-05", "date: 2021-12-01")
        summary = build_summary(Folder(example_copy), networks=False)
        assert summary.meetings_held == 2
        assert summary.facts.startswith("24 af landets 98 kommuner deltager i det kommunale partnerskab om")
        assert "Kommunerne har indtil nu mødt hinanden på to partnerskabsmøder." in summary.facts

    def it_says_nothing_more_is_to_come_once_every_meeting_is_held(self, example_copy):
        edit_results(example_copy, "date: 2022-04-05", "date: 2022-03-20")  # after the last meeting, before the end
        summary = build_summary(Folder(example_copy), networks=False)
        assert summary.facts.startswith("24 af landets 98 kommuner har deltaget i det kommunale partnerskab om")
        assert "der løber fra august 2021 til marts 2022." in as_read(summary.facts)
        assert "Kommunerne har mødt hinanden på fire partnerskabsmøder." in summary.facts

    def it_takes_the_number_of_meetings_when_given(self, example_copy):
        edit_results(example_copy, "date: 2022-04-05", "date: 2022-04-05\nmeetings_held: 1")
        summary = build_summary(Folder(example_copy), networks=False)
        assert summary.facts.endswith("Kommunerne har mødt hinanden på et partnerskabsmøde.")

    def it_counts_a_kind_of_meeting_with_an_adjective_in_the_plural(self, example_copy):
        path = example_copy / "program.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n  milestones:\n", "\n  default_meeting: politisk topmøde\n  milestones:\n", 1),
                        encoding="utf-8")
        summary = build_summary(Folder(example_copy), networks=False)
        assert summary.facts.endswith("Kommunerne har mødt hinanden på fire politiske topmøder.")

    def it_says_nothing_of_meetings_when_none_were_held(self, program):
        registrations = load_registrations(EXAMPLE_DIR, program)
        text = facts_text(program, registrations, program.timeline.end.end, None, 0)
        assert "møde" not in text


class DescribeTheInsights:
    def it_numbers_perspectives_across_sections(self, summary):
        numbers = [b.number for s in summary.sections for b in s.blocks if b.kind == "perspective"]
        assert numbers == ["01", "02", "03"]

    def it_introduces_recommendations_on_behalf_of_the_sender(self, summary):
        perspective = summary.sections[1].blocks[1]
        assert perspective.recommendations is not None
        assert perspective.recommendations.intro == "KL vil arbejde for, at"

    def it_leaves_out_an_intro_written_as_empty(self, summary):
        (block,) = summary.sections[2].blocks
        assert (block.kind, block.intro, block.numbered) == ("recommendations", "", True)
        assert block.heading == "Tre anbefalinger til Christiansborg"

    def it_joins_the_lines_of_a_paragraph(self, summary):
        assert "\n" not in summary.sections[0].blocks[0].text

    def it_dates_the_next_activities_in_danish(self, summary):
        assert [as_read(a.when) for a in summary.activities] == [
            "tirsdag den 10. maj 2022", "torsdag den 12. maj 2022", "2. kvartal 2022", "januar 2023"]

    def it_takes_a_title_from_results(self, example_copy):
        edit_results(example_copy, "date: 2022-04-05", "date: 2022-04-05\ntitle: Det lærte vi")
        assert build_summary(Folder(example_copy), networks=False).title == "Det lærte vi"


class DescribeTheCharts:
    def it_describes_each_chart_in_full_in_its_alt_text(self, summary):
        for group in summary.regions:
            assert f"{group.region}: {group.count} af {group.total} kommuner" in summary.region_chart.alt
        for rank in summary.focus_ranking:
            assert f"{rank.area.title}: {rank.count}" in summary.focus_chart.alt

    def it_draws_the_same_charts_from_the_same_data(self, summary, program):
        again = compose(program, load_registrations(EXAMPLE_DIR, program), load_results(EXAMPLE_DIR, program), None)
        assert again.region_chart.png == summary.region_chart.png
        assert again.focus_chart.png == summary.focus_chart.png


def test_a_series_of_counts_is_in_words_or_in_digits_throughout():
    from kldocs.danish.formatting import Noun
    from kldocs.documents.summary.facts import _series

    staff, leader = Noun("medarbejder", "medarbejdere", neuter=False), Noun("leder", "ledere", neuter=False)
    assert _series([(staff, 9), (leader, 1)]) == ["ni medarbejdere", "én leder"]
    assert _series([(staff, 31), (leader, 9)]) == ["31 medarbejdere", "9 ledere"]
    assert _series([(staff, 31), (leader, 1)]) == ["31 medarbejdere", "1 leder"]
