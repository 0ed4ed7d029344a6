"""A partnership open to some municipalities only (``invitation.to``): a region, several, or a list."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kldocs.app import check_folder, make, plan
from kldocs.cli import cli
from kldocs.documents.agreement_text import preamble
from kldocs.documents.summary.facts import build_summary, how_many_of, regions_text
from kldocs.errors import KldocsError
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import load_program
from kldocs.inputs.registrations import load_registrations
from kldocs.reference.municipalities import lookup, registry
from programfactory import program_problems

REGISTRATIONS = "registrations.csv"


def open_to(folder: Path, spec: str) -> Path:
    """The example folder with ``invitation.to: spec``."""
    path = folder / "program.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ninvitation:\n", f"\ninvitation:\n  to: '{spec}'\n", 1), encoding="utf-8")
    return folder


def keep_registrations(folder: Path, regions: set[str]) -> list[str]:
    """Keep the registrations of municipalities in ``regions``; the names of those kept."""
    path = folder / REGISTRATIONS
    text = path.read_bytes().decode("cp1252")
    lines = text.splitlines(keepends=True)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    kept = [lines[0]] + [line for line, row in zip(lines[1:], rows[1:], strict=True)
                         if lookup(row[0]).region in regions]
    path.write_bytes("".join(kept).encode("cp1252"))
    return [row[0] for row in rows[1:] if lookup(row[0]).region in regions]


def invited(folder: Path, to: str | None = None) -> list[str]:
    return [record.label for record in plan("invitations", folder, to=to).computed]


class DescribeWhoIsInvited:
    def it_is_all_98_when_the_programme_does_not_say(self, example_dir):
        program = load_program(example_dir)
        assert program.invitation.to == "all"
        assert program.open_to == registry().all

    def it_invites_the_region_the_partnership_is_open_to(self, example_copy):
        folder = open_to(example_copy, "Region Nordjylland")
        keep_registrations(folder, {"Region Nordjylland"})
        north = [m.name for m in registry().in_region("nordjylland")]
        assert invited(folder) == north
        assert len(north) == 11
        assert invited(folder, "all") == north  # all: all it is open to
        assert invited(folder, "Aalborg, Læsø") == ["Læsø", "Aalborg"]  # in Danish order: Aa last

    def it_refuses_to_invite_a_municipality_outside_it(self, example_copy):
        folder = open_to(example_copy, "nordjylland, 751")
        keep_registrations(folder, {"Region Nordjylland", "Region Midtjylland"})
        assert "Aarhus" in invited(folder)
        with pytest.raises(KldocsError) as refused:
            invited(folder, "Aarhus, Odense, midtjylland")
        (line,) = refused.value.problems
        assert line.startswith("--to: Favrskov, Hedensted, Herning and 16 more are not among the 12 municipalities "
                               "the partnership is open to (invitation.to in program.yaml)")

    def it_names_a_region_asked_for_when_none_of_it_is_open(self, example_copy):
        folder = open_to(example_copy, "nordjylland")
        keep_registrations(folder, {"Region Nordjylland"})
        with pytest.raises(KldocsError) as refused:
            invited(folder, "midtjylland, Odense")
        assert refused.value.problems == ["--to: Region Midtjylland and Odense are not among the 11 municipalities "
                                          "the partnership is open to (invitation.to in program.yaml)"]

    def it_may_be_a_yaml_list(self, example_copy):
        path = example_copy / "program.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\ninvitation:\n", "\ninvitation:\n  to:\n    - Region Nordjylland\n"
                                                        "    - Aarhus\n    - 147\n", 1), encoding="utf-8")
        program = load_program(example_copy)
        assert program.invitation.to == "Region Nordjylland, Aarhus, 147"
        assert len(program.open_to) == 13

    def it_refuses_an_entry_that_is_not_a_region_or_a_municipality(self, example_copy):
        open_to(example_copy, "Region Nordjyland, Aarhus, Atlantis")
        (line,) = program_problems(example_copy)
        assert "invitation.to: 'Region Nordjyland' is not a municipality, a region or 'all'" in line
        assert "(did you mean Region Nordjylland" in line
        assert "; 'Atlantis' is not a municipality, a region" in line  # every entry at once

    def it_refuses_a_registration_from_outside_it(self, example_copy):
        folder = open_to(example_copy, "Region Hovedstaden")
        problems = [line for line in _problems(folder) if "not among" in line]
        assert problems
        assert all(line.startswith(f"{REGISTRATIONS}, row ") and ", Kommune: " in line for line in problems)
        assert any("Aarhus is not among the municipalities the partnership is open to (invitation.to in "
                   "program.yaml: Region Hovedstaden); add it there to take its registration" in line
                   for line in problems)

    def it_writes_the_region_on_the_command_line_too(self, example_copy, tmp_path):
        folder = open_to(example_copy, "Region Nordjylland")
        keep_registrations(folder, {"Region Nordjylland"})
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["invitations", str(folder), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert len(list(out.glob("*.docx"))) == 11


def _problems(folder: Path) -> list[str]:
    with pytest.raises(KldocsError) as refused:
        Folder(folder).registrations  # noqa: B018 - reading them is the test
    return refused.value.problems


class DescribeTheDisseminationMaterial:
    def it_counts_the_participants_against_the_regions_it_was_open_to(self, example_copy):
        folder = open_to(example_copy, "Region Hovedstaden, Region Sjælland")
        kept = keep_registrations(folder, {"Region Hovedstaden", "Region Sjælland"})
        summary = build_summary(Folder(folder), networks=False)
        open_count = len(registry().in_region("hovedstaden")) + len(registry().in_region("sjælland"))
        assert summary.all_municipalities == open_count == 46
        assert (f"af de {open_count} kommuner i Region Hovedstaden og Region Sjælland har deltaget"
                in summary.facts)
        assert sum(g.count for g in summary.regions) == len(kept)
        assert {g.region: g.total for g in summary.regions} == {"Region Hovedstaden": 29, "Region Sjælland": 17}

    @pytest.mark.parametrize(("n", "to", "said"), [
        (24, "all", "24 af landets 98 kommuner"),
        (98, "all", "alle landets 98 kommuner"),
        (9, "nordjylland", "ni af de elleve kommuner i Region Nordjylland"),
        (11, "nordjylland", "alle elleve kommuner i Region Nordjylland"),
        (0, "nordjylland", "ingen af de elleve kommuner i Region Nordjylland"),
        (1, "Læsø", "den inviterede kommune"),
        (2, "Læsø, Fanø", "begge inviterede kommuner"),
        (1, "Læsø, Fanø, Ærø", "en af de tre inviterede kommuner"),
        (12, "sjælland", "12 af de 17 kommuner i Region Sjælland"),  # beside 17, in digits too
    ])
    def it_counts_the_participants_as_a_danish_report_would(self, n, to, said):
        if to == "all":
            whom = registry().all
        elif to in ("nordjylland", "sjælland"):
            whom = registry().in_region(to)
        else:
            whom = tuple(lookup(name) for name in to.split(", "))
        assert how_many_of(n, whom) == said

    def it_counts_the_regions_among_those_it_was_open_to(self, example_copy):
        folder = open_to(example_copy, "Region Hovedstaden, Region Sjælland")
        keep_registrations(folder, {"Region Hovedstaden", "Region Sjælland"})
        summary = build_summary(Folder(folder), networks=False)
        assert " fra begge regioner og har tilmeldt i alt " in summary.regions_text
        three = registry().in_region("hovedstaden") + registry().in_region("sjælland") + registry().in_region("syddanmark")
        assert " fra to af de tre regioner og " in regions_text(Folder(folder).registrations, summary.regions, three,
                                                                participants=Folder(folder).program.participants)

    def it_counts_them_against_the_invited_when_it_was_open_to_a_list(self, example_copy):
        folder = open_to(example_copy, "København, Frederiksberg, Gentofte, Aarhus")
        path = folder / REGISTRATIONS
        lines = path.read_bytes().decode("cp1252").splitlines(keepends=True)
        path.write_bytes("".join(line for line in lines if line.startswith(("Kommune;", "Frederiksberg;")))
                         .encode("cp1252"))
        summary = build_summary(Folder(folder), networks=False)
        assert "afsluttet. En af de fire inviterede kommuner har deltaget" in summary.facts
        assert [(g.region, g.count, g.total) for g in summary.regions] == [("Region Hovedstaden", 1, 3)]
        assert summary.regions[0].of_total == "1 af 3 inviterede kommuner"
        one = dataclasses.replace(summary.regions[0], total=1)
        assert one.of_total == "1 af 1 inviteret kommune" and \
            dataclasses.replace(one, invited=False).of_total == "1 af 1 kommune"
        assert summary.region_chart.caption == ("Deltagende kommuner pr. region (mørk) ud af regionens inviterede "
                                                "kommuner i alt (lys).")
        # the chart shows the invited region none of whose municipalities took part, which the text leaves out
        assert summary.region_chart.alt.endswith(
            ". Region Hovedstaden: 1 af 3 inviterede kommuner; Region Midtjylland: 0 af 1 inviteret kommune.")



def keep_open(folder: Path) -> None:
    """Keep the registrations of the municipalities the partnership is open to."""
    codes = {m.code for m in load_program(folder).open_to}
    path = folder / REGISTRATIONS
    text = path.read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    lines = text.splitlines(keepends=True)
    path.write_bytes("".join([lines[0]] + [line for line, row in zip(lines[1:], rows[1:], strict=True)
                                            if lookup(row[0]).code in codes]).encode("cp1252"))


class DescribeTheAgreement:
    @pytest.mark.parametrize(("to", "whom"), [
        ("all", "kommunerne"),
        ("Region Hovedstaden, Region Sjælland", "kommunerne i Region Hovedstaden og Region Sjælland"),
        ("København, Frederiksberg, Gentofte, Aarhus", "fire kommuner"),
    ])
    def it_says_whom_the_partnership_was_open_to(self, example_copy, to, whom):
        folder = open_to(example_copy, to)
        keep_open(folder)
        program = load_program(folder)
        registration = next(iter(load_registrations(folder, program)))
        text = " ".join(str(b.text) for b in preamble(program, registration))
        assert text.startswith(f"KL har inviteret {whom} til at deltage i partnerskabet om ")
        assert f", og {registration.municipality.official_name} har tilmeldt sig." in text

    def it_calls_the_one_invited_municipality_kommunen_the_second_time(self, example_copy):
        folder = open_to(example_copy, "Frederiksberg")
        keep_open(folder)
        program = load_program(folder)
        (registration,) = load_registrations(folder, program)
        text = " ".join(str(b.text) for b in preamble(program, registration))
        assert text.startswith("KL har inviteret Frederiksberg Kommune til at deltage i partnerskabet om ")
        assert ", og kommunen har tilmeldt sig." in text


def test_the_rows_of_recipients_csv_for_municipalities_not_invited_are_noted(example_copy):
    folder = open_to(example_copy, "Region Nordjylland")
    keep_registrations(folder, {"Region Nordjylland"})
    (folder / "recipients.csv").write_text("Kommune;Navn;Titel\nAalborg;Anne Holm;Direktør\n"
                                           "Aarhus;Bo Lund;Direktør\nOdense;Kim Dahl;Chef\n", encoding="utf-8")
    note = ("recipients.csv, rows 3 and 4: Aarhus and Odense are not among the municipalities the partnership is "
            "open to (invitation.to in program.yaml), so their rows are not used")
    assert note in check_folder(folder).notes
    assert note in plan("invitations", folder).notes
    (folder / "recipients.csv").write_text("Kommune;Navn;Titel\nAalborg;Anne Holm;Direktør\n", encoding="utf-8")
    assert not any("recipients.csv" in line for line in check_folder(folder).notes)


def test_the_summary_of_a_partnership_for_one_region_draws_no_chart_of_one_bar(example_copy, tmp_path):
    """Trial 17: Figure 1, 'Deltagende kommuner pr. region', was one bar beside the list of its municipalities."""
    folder = open_to(example_copy, "Region Syddanmark")
    keep_registrations(folder, {"Region Syddanmark"})
    out = tmp_path / "out"
    make("summary", folder, out, web=True)
    assert not (out / "formidling-regioner.png").exists() and (out / "formidling-indsatsomraader.png").exists()
    from docxfactory import BODY, text

    body = text((out / "formidling.docx").read_bytes(), BODY)
    assert "Figur 1. " in body and "Figur 2." not in body
    assert "Region Syddanmark (5 af 22 kommuner): Esbjerg, Kolding, Odense, Svendborg og Aabenraa" in body
    for name in ("formidling.md", "formidling.html"):
        web = (out / name).read_text(encoding="utf-8")
        assert web.count("Figur 1.") == 1 and "Figur 2." not in web and "regioner.png" not in web, name
