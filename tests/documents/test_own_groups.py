"""A participant group of the programme's own (kind other), counted in a column of its own: its leaders, say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_meetings import NETWORK_MEETINGS, set_meetings

from docxfactory import as_read, paragraphs, text
from kldocs.app import check_folder, plan
from kldocs.documents.meetings import headcount, meeting_view
from kldocs.documents.summary.facts import build_summary
from kldocs.english import plain
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import load_program
from programfactory import program_problems, replace_block

GROUPS = """\
heading: Deltagerne
groups:
  - {kind: staff, min: 3, max: 5, where: i netværkene}
  - {kind: politicians, max: 2, where: kun ved seminarerne, meetings: [seminar]}
  - {kind: other, noun: leder, plural: ledere, max: 2, column: Antal ledere, where: ved seminarerne,
     meetings: [seminar]}
"""


def with_leaders(folder: Path, leaders: dict[str, str], default: str = "0") -> None:
    """The example's registrations with an 'Antal ledere' column: ``leaders`` by municipality as the CSV names it."""
    path = folder / "registrations.csv"
    lines = path.read_bytes().decode("cp1252").splitlines()
    out = [lines[0] + ";Antal ledere"] + [f"{line};{leaders.get(line.split(';')[0], default)}" for line in lines[1:]]
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("cp1252"))


@pytest.fixture
def folder(example_copy: Path) -> Path:
    set_meetings(example_copy, NETWORK_MEETINGS)  # network meetings and a seminar
    replace_block(example_copy, "participants", GROUPS)
    with_leaders(example_copy, {"Aarhus Kommune": "1", "Københavns Kommune": "2"})
    return example_copy


def test_the_invitation_names_the_group_with_the_others(folder):
    body = text(plan("invitations", folder, to="Aarhus").files[0].make())
    assert ("Hver kommune kan deltage med 3–5 personer i netværkene, op til to politikere kun ved seminarerne og "
            "op til to ledere ved seminarerne.") in body


def test_the_invitation_keeps_apart_groups_whose_places_are_joined_by_og(example_copy):
    groups = ("groups:\n  - {kind: staff, max: 4, where: i netværkene og ved konferencen}\n"
              "  - {kind: politicians, min: 1, max: 3, where: ved temadagen og konferencen}")
    replace_block(example_copy, "participants", "state_limits: nej\n" + groups)  # in the economy paragraph
    body = as_read(text(plan("invitations", example_copy, to="Aarhus").files[0].make()))
    assert "Hver kommune kan tilmelde op til fire medarbejdere og 1–3 politikere ved temadagen og konferencen." in body
    replace_block(example_copy, "participants", groups)  # after the participants' text
    body = as_read(text(plan("invitations", example_copy, to="Aarhus").files[0].make()))
    assert ("Hver kommune kan deltage med op til fire personer i netværkene og ved konferencen, og 1–3 politikere "
            "ved temadagen og konferencen.") in body


def test_a_group_that_comes_to_some_meetings_only_is_placed_at_them(example_copy):
    set_meetings(example_copy, NETWORK_MEETINGS)  # four network meetings and one seminar
    replace_block(example_copy, "participants", "groups:\n  - {kind: staff, max: 5}\n"
                                                "  - {kind: politicians, max: 2, meetings: [seminar]}")
    rules = load_program(example_copy).participants
    assert rules.phrase == "op til fem personer og op til to politikere ved seminaret"
    body = as_read(text(plan("invitations", example_copy, to="Aarhus").files[0].make()))
    assert "Hver kommune kan deltage med op til fem personer og op til to politikere ved seminaret." in body
    replace_block(example_copy, "participants", "groups:\n  - {kind: staff, max: 5, meetings: [netværksmøde]}\n"
                                                "  - {kind: politicians, max: 2, meetings: [seminar, netværksmøde], "
                                                "where: kun ved seminaret}")
    rules = load_program(example_copy).participants  # a where of its own stays
    assert rules.phrase == "op til fem personer ved netværksmøderne og op til to politikere kun ved seminaret"


def test_the_agreement_counts_what_the_municipality_sends_of_it(folder):
    (file,) = plan("agreements", folder, municipalities=["Aarhus"]).files
    assert any(p.startswith("Aarhus Kommune deltager i partnerskabet med ") and " og én leder. " in p
               for p in paragraphs(file.make()))
    (file,) = plan("agreements", folder, municipalities=["Frederiksberg"]).files  # none of them: not named
    (sent,) = [p.split(". ")[0] for p in paragraphs(file.make()) if "deltager i partnerskabet med" in p]
    assert sent.startswith("Frederiksberg Kommune deltager i partnerskabet med ") and "leder" not in sent


def test_a_meeting_counts_the_group_where_it_takes_part(folder):
    program = load_program(folder)
    found = plan("meetings", folder).computed
    seminar = next(g for g in found if g.label == "seminar")
    network_meeting = next(g for g in found if g.network is not None)
    aarhus = next(r for _, members in seminar.groups for r in members if r.municipality.name == "Aarhus")
    assert headcount(program, seminar, aarhus) == aarhus.participants + aarhus.politicians + 1
    invited = [i for group in meeting_view(program, seminar).groups for i in group.members
               if i.municipality == "Aarhus Kommune"]
    assert [plain(i.of_whom) for i in invited] == [f"heraf {aarhus.politicians} politikere og 1 leder"]
    in_network = [r for _, members in network_meeting.groups for r in members]
    assert all(headcount(program, network_meeting, r) == r.participants for r in in_network)


def test_a_count_over_the_groups_limit_is_refused_with_its_row_and_column(example_copy):
    set_meetings(example_copy, NETWORK_MEETINGS)
    replace_block(example_copy, "participants", GROUPS)
    with_leaders(example_copy, {"Aarhus Kommune": "3"})
    folder = example_copy
    path = folder / "registrations.csv"
    lines = path.read_bytes().decode("cp1252").splitlines()
    row = next(i for i, line in enumerate(lines, start=1) if line.startswith("Aarhus Kommune;"))
    assert f"registrations.csv, row {row}, Antal ledere: 3 is more than the 2 allowed" in \
        check_folder(folder).problems


def test_the_groups_column_must_be_in_the_export(example_copy):
    set_meetings(example_copy, NETWORK_MEETINGS)
    replace_block(example_copy, "participants", GROUPS)
    assert any("Antal ledere" in p for p in check_folder(example_copy).problems)


@pytest.mark.parametrize(("group", "message"), [
    ("{kind: other, max: 2, column: Antal ledere}", "a group of kind other needs its noun and plural"),
    ("{kind: other, noun: leder, plural: ledere, max: 2}", "and the registrations' column that counts it"),
    ("{kind: politicians, max: 2, column: Antal}", "column: a group of kind politicians is counted in "
                                                   "registration.columns.politicians; column is for kind other"),
])
def test_a_group_of_its_own_needs_its_noun_and_its_column(example_copy, group, message):
    replace_block(example_copy, "participants", f"groups:\n  - {{max: 5}}\n  - {group}\n")
    (line,) = program_problems(example_copy)
    assert message in line


def test_two_groups_cannot_share_a_column(example_copy):
    replace_block(example_copy, "participants", "groups:\n  - {max: 5}\n"
                  "  - {kind: other, noun: leder, plural: ledere, max: 1, column: Antal}\n"
                  "  - {kind: other, noun: elev, plural: elever, max: 1, column: antal}\n")
    (line,) = program_problems(example_copy)
    assert "groups[2].column: 'antal' counts groups[1] already; give each group a column of its own" in line


@pytest.mark.parametrize(("column", "field"), [("Antal politikere", "registration.columns.politicians"),
                                               ("antal deltagere", "registration.columns.participants"),
                                               ("Indsatsområde 2", "registration.columns.focus_area (2)")])
def test_a_group_cannot_be_counted_in_a_column_kldocs_reads_for_something_else(example_copy, column, field):
    replace_block(example_copy, "participants", "groups:\n  - {max: 5}\n  - {kind: politicians, max: 2}\n"
                  f"  - {{kind: other, noun: leder, plural: ledere, max: 5, column: {column}}}\n")
    (line,) = program_problems(example_copy)
    assert line.endswith(f"participants.groups[2].column: {column!r} is the registrations' column of {field} "
                         "already, and its people would be counted twice; give the group a column of its own")


def test_the_dissemination_material_counts_them_with_the_others(folder):
    summary = build_summary(Folder(folder), networks=False)
    assert summary.regions_text.endswith(" politikere og 3 ledere.")  # Aarhus 1 and København 2, in digits as the others
    # beside other groups, the staff are counted by their noun, as the agreements count them: all are participants
    assert re.search(r"har tilmeldt i alt \d+ medarbejdere, ", summary.regions_text), summary.regions_text


def test_every_document_names_the_groups_in_the_programmes_order(folder):
    groups = GROUPS.replace(  # the leaders before the politicians
        "  - {kind: politicians, max: 2, where: kun ved seminarerne, meetings: [seminar]}\n", "")
    groups += "  - {kind: politicians, max: 2, where: kun ved seminarerne, meetings: [seminar]}\n"
    replace_block(folder, "participants", groups)
    assert load_program(folder).participants.phrase == (
        "3–5 personer i netværkene, op til to ledere ved seminarerne og op til to politikere kun ved seminarerne")
    (file,) = plan("agreements", folder, municipalities=["Aarhus"]).files
    (sent,) = [p.split(". ")[0] for p in paragraphs(file.make()) if "deltager i partnerskabet med" in p]
    assert re.fullmatch(r"Aarhus Kommune deltager i partnerskabet med \w+ medarbejdere, én leder og \w+ politikere?",
                        as_read(sent)), sent
    summary = build_summary(Folder(folder), networks=False)
    assert re.search(r"har tilmeldt i alt \d+ medarbejdere, 3 ledere og \d+ politikere\.$", summary.regions_text)


def test_a_group_at_every_kind_of_meeting_is_placed_at_none(example_copy):
    set_meetings(example_copy, NETWORK_MEETINGS)  # network meetings and a seminar
    replace_block(example_copy, "participants", "groups:\n  - {kind: staff, max: 5, meetings: [netværksmøde, seminar]}\n"
                                                "  - {kind: politicians, max: 2, meetings: [seminar]}")
    assert load_program(example_copy).participants.phrase == "op til fem personer og op til to politikere ved seminaret"
