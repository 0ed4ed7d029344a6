import json
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import DATA, EXAMPLE_DIR
from docxfactory import parts, text
from kldocs.app import check_folder, make
from kldocs.cli import cli
from kldocs.documents import KINDS
from kldocs.documents.networks import sizes_phrase
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import load_program
from kldocs.networks.compose import folder_lineup
from kldocs.networks.lineup import LINEUP_FILE

EDITED = DATA / "networks" / "edited-cp1252.csv"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    folder = Folder(EXAMPLE_DIR)
    make("networks", folder, out)
    return SimpleNamespace(lineup=folder_lineup(folder)), out  # the line-up the run wrote, kept by the folder


class DescribeTheOutputs:
    def it_writes_networks_csv_the_overview_and_a_manifest(self, written):
        _, out = written
        assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "netvaerk.docx", "networks.csv"]
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        kinds = {e["path"]: e["kind"] for e in manifest["files"]}
        assert kinds == {"networks.csv": "networks-csv", "netvaerk.docx": "networks"}

    def it_writes_the_line_up_it_reports(self, written):
        result, out = written
        rows = (out / "networks.csv").read_bytes().decode("utf-8-sig").splitlines()[1:]
        assert {(int(r.split(";")[0]), int(r.split(";")[3])) for r in rows} == set(result.lineup.assignment.items())

    def it_gives_the_same_bytes_every_time(self, written, example_dir, tmp_path):
        _, out = written
        make("networks", example_dir, tmp_path)
        for name in ("networks.csv", "netvaerk.docx"):
            assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


@pytest.fixture(scope="module")
def body(tmp_path_factory):
    """The overview of a line-up of one network, as one line of text."""
    folder = tmp_path_factory.mktemp("one") / "program"
    shutil.copytree(EXAMPLE_DIR, folder)
    path = folder / "program.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  max_size: 10\n", "  max_size: 30\n"), encoding="utf-8")
    out = folder.parent / "out"
    make("networks", Folder(folder), out, networks=1)
    return " ".join(text((out / "netvaerk.docx").read_bytes()).split())


def test_a_single_municipality_forms_its_network_in_the_singular(tmp_path):
    folder = Path(shutil.copytree(EXAMPLE_DIR, tmp_path / "program"))
    path = folder / "registrations.csv"
    path.write_bytes(b"\r\n".join(path.read_bytes().splitlines()[:2]) + b"\r\n")  # København alone
    make("networks", Folder(folder), tmp_path / "out")
    body = " ".join(text((tmp_path / "out" / "netvaerk.docx").read_bytes()).split())
    assert "Partnerskabets ene kommune udgør ét netværk." in body and "Netværket har én kommune." in body
    assert "Kommunen har sin 1. prioritet blandt netværkets indsatsområder." in body
    assert " en kommuner" not in body and "km fra hinanden" not in body


class DescribeOneNetwork:
    """A line-up of one network is written of as one: nothing was divided, and nothing is plural."""

    def it_says_they_form_one_network_and_speaks_of_it_in_the_singular(self, body):
        assert "De 24 kommuner i partnerskabet udgør ét netværk." in body
        assert "Indsatsområderne i netværket" in body and "Antal kommuner i netværket, der har prioriteret" in body
        assert "Figuren viser, hvor mange af kommunerne der har prioriteret" in body
        assert "netværkene" not in body.lower() and "hvert netværk" not in body
        assert "Kommunerne i et netværk" not in body

    def it_leaves_out_how_the_networks_were_composed(self, body):
        assert "Sådan er netværkene sammensat" not in body and "Fælles prioriteringer vægter" not in body


class DescribeTheOverview:
    def it_names_every_network_its_members_and_focus_areas(self, written):
        result, out = written
        body = text((out / "netvaerk.docx").read_bytes())
        assert "Netværk i partnerskabet om stærke børnefællesskaber i dagtilbud" in body
        assert "De 24 kommuner i partnerskabet er fordelt på tre netværk med otte kommuner i hvert." in body
        for network in result.lineup:
            assert network.name in body
            for m in network.municipalities:
                assert m.name in body
            for area in network.focus_areas:
                assert area.title in body

    def it_says_how_far_apart_the_members_are_and_who_prioritised_what(self, written):
        result, out = written
        body = text((out / "netvaerk.docx").read_bytes())
        first = result.lineup.networks[0]
        assert (f"Netværket har otte kommuner, som i gennemsnit ligger {round(first.score.mean_km)} km fra "
                "hinanden i fugleflugt.") in body
        assert re.search(r"Længst fra hinanden ligger \w+ og \w+ \(\d+ km\)\.", body)
        assert "1. prioritet: " in body
        assert re.search(r"\n\d af 8\n", body)

    def it_counts_the_members_whose_first_priority_the_network_works_on(self, written):
        result, out = written
        body = text((out / "netvaerk.docx").read_bytes())
        words = {0: "Ingen af", 1: "En af", 6: "Seks af", 7: "Syv af", 8: "Alle"}
        for network in result.lineup:
            covered = network.first_priorities_covered()
            whose = "sin" if covered < 2 else "deres"  # "En af …" and "Ingen af …" are one: sin
            assert (f"{words[covered]} netværkets otte kommuner har {whose} 1. prioritet blandt netværkets "
                    "indsatsområder.") in body

    def it_explains_how_the_networks_were_composed(self, written):
        body = text((written[1] / "netvaerk.docx").read_bytes())
        assert "Fælles prioriteringer vægter 50 pct. og kort afstand 50 pct." in body
        assert "så en fælles 1. prioritet tæller mest og en fælles 5. prioritet mindst." in body
        assert "tilpasset" not in body

    def it_weighs_as_many_priorities_as_the_programme_allows(self, example_copy, tmp_path):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  max_focus_areas: 5\n\nagreement:",
                                                                 "  max_focus_areas: 6\n\nagreement:"),
                        encoding="utf-8")
        make("networks", example_copy, tmp_path / "out")
        body = text((tmp_path / "out" / "netvaerk.docx").read_bytes())
        assert "en fælles 1. prioritet tæller mest og en fælles 6. prioritet mindst." in body

    def it_weighs_no_more_priorities_than_the_catalogue_has(self, example_copy, tmp_path):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  max_focus_areas: 5\n\nagreement:",
                                                                 "  max_focus_areas: 9\n\nagreement:"),
                        encoding="utf-8")
        catalogue = len(load_program(example_copy).focus_areas.catalogue)
        assert catalogue < 9
        make("networks", example_copy, tmp_path / "out")
        body = text((tmp_path / "out" / "netvaerk.docx").read_bytes())
        assert f"en fælles 1. prioritet tæller mest og en fælles {catalogue}. prioritet mindst." in body

    def it_embeds_the_chart_with_alt_text(self, written):
        package = parts((written[1] / "netvaerk.docx").read_bytes())
        media = [name for name in package if name.startswith("word/media/")]
        assert len(media) == 1 and package[media[0]].startswith(b"\x89PNG")
        root = etree.fromstring(package["word/document.xml"])
        descr = [e.get("descr") for e in root.iter("{*}docPr")]
        assert len(descr) == 1 and descr[0].startswith("Varmekort med 8 indsatsområder og 3 netværk")

    def it_says_when_the_line_up_was_edited_by_hand(self, example_copy, tmp_path):
        shutil.copy(EDITED, example_copy / LINEUP_FILE)
        result = make("networks", example_copy, tmp_path / "out")
        assert f"Line-up read from {example_copy / LINEUP_FILE} (edited by hand)" in result.notes
        body = text((tmp_path / "out" / "netvaerk.docx").read_bytes())
        assert "Fordelingen er efterfølgende tilpasset af KL." in body
        assert "Frederiksberg" in body.split("Netværk 1")[1].split("Netværk 2")[0]

    @pytest.mark.parametrize(("sizes", "phrase"), [
        ((8, 8, 8), "med otte kommuner i hvert"),
        ((9, 9, 8), "med otte eller ni kommuner i hvert"),
        ((10, 8, 7), "med mellem syv og ti kommuner i hvert"),
    ])
    def it_says_the_sizes_as_prose_does(self, sizes, phrase):
        assert sizes_phrase(sizes) == phrase


class DescribeTheCheck:
    def it_accepts_a_good_networks_csv(self, example_copy, program):
        from kldocs.errors import Report

        shutil.copy(EDITED, example_copy / LINEUP_FILE)
        report = Report()
        KINDS["networks"].check(Folder(example_copy), report)
        assert report.problems == []
        assert report.ok[0].startswith("networks.csv: 3 networks of 8 members, ")

    def it_reports_a_broken_networks_csv_through_check_folder(self, example_copy):
        data = EDITED.read_bytes().replace(b"147;Frederiksberg", b";Frederiksbjerg")
        (example_copy / LINEUP_FILE).write_bytes(data)
        report = check_folder(example_copy)
        assert any(p.startswith("networks.csv, row 3, Kommune: 'Frederiksbjerg' is not a municipality")
                   for p in report.problems)

    def it_needs_registrations_to_check_networks_csv_against(self, example_copy, program):
        from kldocs.errors import Report

        shutil.copy(EDITED, example_copy / LINEUP_FILE)
        (example_copy / "registrations.csv").unlink()
        report = Report()
        KINDS["networks"].check(Folder(example_copy), report)
        assert report.problems == ["networks.csv: there are no registrations to check it against"]


def run(*args):
    return CliRunner().invoke(cli, ["networks", *map(str, args)])


class DescribeTheCommand:
    def it_writes_the_line_up_and_reports_each_network(self, example_dir, tmp_path):
        result = run(example_dir, "--out", tmp_path)
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert [line.split(":")[0] for line in lines[:3]] == ["Network 1", "Network 2", "Network 3"]
        assert re.match(r"Network 1: 8 members, \d+ km apart on average \(longest \d+ km\), shared priorities \d\.\d\d, "
                        r"score \d\.\d\d; ", lines[0])
        assert lines[3].startswith("All networks: ")
        assert f"copy {tmp_path / 'networks.csv'} to {example_dir / 'networks.csv'}" in lines[-1]
        assert (tmp_path / "networks.csv").is_file() and (tmp_path / "netvaerk.docx").is_file()

    def it_asks_for_force_before_replacing_a_line_up_with_another(self, example_copy, tmp_path):
        assert run(example_copy, "--out", tmp_path).exit_code == 0
        assert run(example_copy, "--out", tmp_path).exit_code == 0  # the same line-up again: nothing replaced
        program = example_copy / "program.yaml"
        program.write_text(program.read_text(encoding="utf-8").replace("travel_weight: 0.5", "travel_weight: 0.9"),
                           encoding="utf-8")
        again = run(example_copy, "--out", tmp_path)
        assert again.exit_code == 1 and "Use --force to replace them" in again.output
        assert run(example_copy, "--out", tmp_path, "--force").exit_code == 0

    def it_makes_the_number_of_networks_asked_for_or_says_why_not(self, example_dir, tmp_path):
        result = run(example_dir, "--out", tmp_path, "--networks", "4")
        assert result.exit_code == 1
        assert ("Error: --networks 4: 24 municipalities in 4 networks gives 6 members, but networks have "
                "8–10 members") in result.output
        assert not tmp_path.joinpath("networks.csv").exists()
        assert run(example_dir, "--out", tmp_path, "--networks", "3").exit_code == 0

    def it_says_when_the_sizes_break_the_settings(self, example_copy, tmp_path):
        text_ = (example_copy / "program.yaml").read_text(encoding="utf-8")
        (example_copy / "program.yaml").write_text(text_.replace("min_size: 8", "min_size: 9"), encoding="utf-8")
        result = run(example_copy, "--out", tmp_path)
        assert result.exit_code == 0, result.output
        assert ("Note: 24 registered municipalities cannot form networks of 9–10 members (program.yaml, "
                "networks.min_size/max_size); using the nearest: 3 networks of 8 members") in result.output

    def it_refuses_infeasible_constraints_with_a_clear_error(self, example_copy, tmp_path):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "  travel_weight: 0.5", "  travel_weight: 0.5\n  together: [[Odense, Svendborg]]\n"
                                    "  apart: [[Svendborg, Odense]]"), encoding="utf-8")
        result = run(example_copy, "--out", tmp_path)
        assert result.exit_code == 1
        assert result.output == (
            "Error: program.yaml, networks.apart[0]: Svendborg and Odense must be apart, "
            "but networks.together keeps them together\n"
        )

    def it_uses_an_edited_networks_csv_and_refuses_a_count_with_it(self, example_copy, tmp_path):
        shutil.copy(EDITED, example_copy / LINEUP_FILE)
        result = run(example_copy, "--out", tmp_path)
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Line-up read from {example_copy / LINEUP_FILE}")
        refused = run(example_copy, "--out", tmp_path, "--networks", "3", "--force")
        assert refused.exit_code == 1
        assert "networks.csv fixes the line-up; rename or remove it to compute a new one" in refused.output

    def it_has_help_with_an_example(self):
        result = CliRunner().invoke(cli, ["networks", "--help"])
        assert result.exit_code == 0
        assert "kldocs networks fixtures/programs/staerke-boernefaellesskaber-2021" in result.output
        assert "--networks K" in result.output


@pytest.mark.soffice
class DescribeAsPrinted:
    def it_prints_the_overview_with_its_chart_and_page_numbers(self, example_dir, tmp_path):
        make("networks", example_dir, tmp_path, pdf=True)
        pdf = tmp_path / "netvaerk.pdf"
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")
        pages = [p for p in pages if p.strip()]
        assert len(pages) == 5
        assert "Netværk i partnerskabet om stærke" in pages[0] and "Overblik" in pages[0]
        assert "Figur 1." in pages[1] and "Sådan er netværkene sammensat" in pages[1]
        for number, page in enumerate(pages[2:], start=1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            assert f"Netværk {number}" in lines[:2], "each network starts its own page"
        assert all(f"Side {i} af 5" in page for i, page in enumerate(pages, start=1))


def test_the_overview_says_what_was_placed_by_hand(example_copy, tmp_path):
    path = example_copy / "program.yaml"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("  travel_weight: 0.5\n", "  travel_weight: 0.5\n  pin: {Aalborg: 2, kobenhavn: 3}\n"
                                   "  together: [[Frederiksberg, København]]\n  apart: [[Aarhus, Aalborg]]\n"),
                    encoding="utf-8")
    sentence = ("Nogle kommuner er placeret på forhånd: Frederiksberg og København i samme netværk, Aarhus og Aalborg "
                "i hvert sit netværk, Aalborg i netværk 2, og København i netværk 3.")  # the comma: the groups hold og
    assert load_program(example_copy).networks.placed_by_hand == sentence
    make("networks", example_copy, tmp_path / "out")
    assert sentence in text((tmp_path / "out" / "netvaerk.docx").read_bytes())
    assert load_program(EXAMPLE_DIR).networks.placed_by_hand == ""  # nothing by hand: nothing said


def test_the_placing_by_hand_names_each_municipality_once_and_leaves_out_what_places_nothing(example_copy):
    path = example_copy / "program.yaml"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("  travel_weight: 0.5\n", "  travel_weight: 0.5\n  pin: {'751': 3, Århus: 3}\n"
                                   "  together: [[Viborg]]\n  apart: [[Aarhus]]\n"), encoding="utf-8")
    assert load_program(example_copy).networks.placed_by_hand == "Én kommune er placeret på forhånd: Aarhus i netværk 3."


@pytest.mark.parametrize(("value", "digits", "text"), [(-0.0001, 2, "0.00"), (-0.0, 3, "0.000"), (-0.004, 2, "0.00"),
                                                       (-0.006, 2, "-0.01"), (0.583, 3, "0.583"), (1.0, 2, "1.00")])
def test_a_figure_a_hair_below_nothing_is_nothing(value, digits, text):
    from kldocs.documents.networks import _figure

    assert _figure(value, digits) == text
