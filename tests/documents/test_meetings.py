"""Meeting invitations: one per network or one for all, each with its calendar file and participant list."""

from __future__ import annotations

import csv
import datetime as dt
import email
import io
import json
import re
import subprocess
from email import policy
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import icalendar
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from lxml import etree
from openpyxl import load_workbook
from openxml_audit import FileFormat, OpenXmlValidator

from docxfactory import BODY, W, as_read, paragraphs, parts, table_rows, text, text_lines
from kldocs.app import build_all, check_folder, make, plan
from kldocs.cli import cli
from kldocs.danish.formatting import spell
from kldocs.documents.meetings import mail_text, meeting_view, when_text, written_lineup
from kldocs.errors import InputError, OutputExists
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import load_program
from kldocs.inputs.timeline import Milestone
from kldocs.networks.compose import lineup_for_folder
from programfactory import line_of, program_problems, replace_block

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

# Daylight saving time ends on 31 October 2021 and starts on 27 March 2022: the network meetings below fall on
# either side of both changes.
NETWORK_MEETINGS = """\
    - when: 28. oktober 2021 kl. 10.00
      text: Netværksmøde 1 – fysisk
      meeting: netværksmøde
      place: KL-Huset
      address: Weidekampsgade 10, 2300 København S
      ends: 15.00
    - when: 2021-11-04
      text: Netværksmøde 2 – virtuelt
      meeting: netværksmøde
      place: Virtuelt (Teams)
      starts: 9.00
      duration: 2 timer
    - when: 2022-03-24T13:00
      text: Netværksmøde 3
      meeting: netværksmøde
      networks: [2]
      place: Odense Congress Center
      ends: '16:00'
    - when: 2022-03-29
      text: Afsluttende seminar for hele partnerskabet
      meeting: seminar
      place: Hotel Nyborg Strand
      address: Østerøvej 2, 5800 Nyborg
      starts: 10.00
      ends: 29. marts 2022 kl. 16.00
    - when: 2022-05
      text: Netværksmøde 4
      meeting: netværksmøde
"""


COLUMN_HEADINGS = ["Kommune", "Kontaktperson", "Deltagere"]
"""The heading row of the table of the invited, under a network's label in a meeting for all."""


def set_meetings(folder: Path, milestones: str) -> None:
    """Replace the example's milestones with ``milestones`` (YAML list items, indented four spaces).

    The partnership then runs to June 2022, so that the meetings of May 2022 fall within it.
    """
    path = folder / "program.yaml"
    text = path.read_text(encoding="utf-8").replace("  end: 2022-03\n", "  end: 2022-06\n", 1)
    start = text.index("  milestones:\n") + len("  milestones:\n")
    end = text.index("\npricing:")
    path.write_text(text[:start] + milestones.rstrip("\n") + "\n" + text[end:], encoding="utf-8")


def no_politicians(folder: Path) -> None:
    """Register no politicians in any municipality of the folder's registrations.csv (as the example, cp1252)."""
    path = folder / "registrations.csv"
    with path.open(encoding="cp1252", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    column = rows[0].index("Antal politikere")
    for row in rows[1:]:
        row[column] = "0"
    with path.open("w", encoding="cp1252", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)


@pytest.fixture
def networked(example_copy: Path) -> Path:
    """The example with three network meetings (one for network 2 alone), a seminar and one without a day."""
    set_meetings(example_copy, NETWORK_MEETINGS)
    return example_copy


FOURTH = "    - when: 2022-05\n      text: Netværksmøde 4\n      meeting: netværksmøde\n"
"""The fourth network meeting of NETWORK_MEETINGS, with neither day nor place."""


def fourth_meeting(folder: Path, milestone: str) -> tuple[Any, list[Any]]:
    """The folder's meetings planned with ``milestone`` (YAML) for the fourth network meeting; its gatherings."""
    path = folder / "program.yaml"
    text = path.read_text(encoding="utf-8")
    assert FOURTH in text
    path.write_text(text.replace(FOURTH, milestone), encoding="utf-8")
    planned = plan("meetings", folder)
    return planned, [g for g in planned.computed if g.label.startswith("4. netværksmøde")]


def event(data: bytes) -> icalendar.Event:
    (found,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return found


def files_of(planned) -> dict[str, bytes]:
    return {f.relpath: f.make() for f in planned.files}


def letter(data: bytes) -> list[str]:
    """The paragraphs of a letter from its "Til" on, wherever the house style puts the letterhead column."""
    body = paragraphs(data)
    return body[body.index("Til"):]


def members(folder: Path, number: int) -> list[tuple[str, str]]:
    """The names and e-mail addresses of the contact persons of network ``number``, in Danish order."""
    network = lineup_for_folder(folder).networks[number - 1]
    return [(r.contact_name, r.email) for r in network.members]


class DescribeWhoIsInvited:
    def it_invites_each_network_to_its_own_network_meeting_and_all_to_a_seminar(self, networked):
        planned = plan("meetings", networked)
        assert [g.label for g in planned.computed] == [
            "1. netværksmøde i netværk 1", "1. netværksmøde i netværk 2", "1. netværksmøde i netværk 3",
            "2. netværksmøde i netværk 1", "2. netværksmøde i netværk 2", "2. netværksmøde i netværk 3",
            "3. netværksmøde i netværk 2", "seminar",
        ]
        assert sorted(f.relpath for f in planned.files if f.relpath.startswith(("netvaerksmoede-1-", "seminar"))) == [
            "netvaerksmoede-1-netvaerk-1-deltagere.xlsx", "netvaerksmoede-1-netvaerk-1.docx",
            "netvaerksmoede-1-netvaerk-1.ics", "netvaerksmoede-1-netvaerk-2-deltagere.xlsx",
            "netvaerksmoede-1-netvaerk-2.docx", "netvaerksmoede-1-netvaerk-2.ics",
            "netvaerksmoede-1-netvaerk-3-deltagere.xlsx", "netvaerksmoede-1-netvaerk-3.docx",
            "netvaerksmoede-1-netvaerk-3.ics", "seminar-1-deltagere.xlsx", "seminar-1.docx", "seminar-1.ics",
        ]
        assert planned.detail == "4 meetings"

    def it_gives_a_day_a_meeting_may_be_held_on_for_an_example(self):
        """Trial 17: 'when: 1. januar 2027' for a meeting of the first quarter, on New Year's Day."""
        from kldocs.documents.meetings import _a_working_day

        assert _a_working_day(dt.date(2027, 1, 1), dt.date(2027, 3, 31)) == dt.date(2027, 1, 4)  # a Friday off, a weekend
        assert _a_working_day(dt.date(2021, 12, 24), dt.date(2021, 12, 31)) == dt.date(2021, 12, 27)

    def it_says_which_meeting_gets_no_invitation_yet(self, networked):
        assert plan("meetings", networked).notes == (
            # its examples in the meeting's own period (its first weekday: 1 May 2022 is a Sunday), and a place
            # the plan has used
            "No invitation yet to Netværksmøde 4 (maj 2022): it needs a day (when: 2. maj 2022) and a place "
            "(place: KL-Huset) under timeline.milestones",
            # the fixture's meeting for network 2 alone, while the line-up is composed on each run
            "timeline.milestones[2].networks (2) names a network by its number, but the line-up is composed again "
            "on each run (the folder has no networks.csv), so the number may name other municipalities next time: "
            "in held, name a network by one of its members (networks: [Odense]), or keep the line-up by copying "
            "out/networks/networks.csv into the folder",
            # a KL letter is dated: undated, the invitation says so
            "Note: the invitations are not dated: give --date with the day they go out to date them (and their "
            "e-mails)",
        )
        assert not any("not dated" in n for n in plan("meetings", networked, date=dt.date(2021, 10, 1)).notes)

    def it_refuses_a_network_the_lineup_does_not_have_in_one_line(self, networked):
        path = networked / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("networks: [2]", "networks: [2, 4]"),
                        encoding="utf-8")
        with pytest.raises(InputError) as caught:
            plan("meetings", networked)
        assert caught.value.problems == [f"program.yaml, line {line_of(networked, 'networks: [2, 4]')}, "
                                         "timeline.milestones[2].networks: there is no network 4; "
                                         "the line-up has 3 networks (1, 2, 3)"]

    def it_invites_each_network_to_its_own_day_and_place_where_held_gives_them(self, networked):
        planned, fourth = fourth_meeting(networked, "    - when: 2022-05\n      text: Netværksmøde 4\n      meeting: "
                                         "netværksmøde\n      held:\n"
                                         "        - {networks: [1], when: 3. maj 2022 kl. 10.00, ends: '12.00', place: "
                                         "Aarhus Rådhus,\n           address: 'Rådhuspladsen 2, 8000 Aarhus C'}\n"
                                         "        - {networks: [3], when: 2022-05-05, starts: '13.00', duration: 2 "
                                         "timer, place: Virtuelt (Teams)}\n")
        assert [r.label for r in fourth] == ["4. netværksmøde i netværk 1", "4. netværksmøde i netværk 3"]
        views = [meeting_view(load_program(networked), g) for g in fourth]
        assert [(as_read(v.when), v.where) for v in views] == [
            ("tirsdag den 3. maj 2022 kl. 10.00–12.00", "Aarhus Rådhus, Rådhuspladsen 2, 8000 Aarhus C"),
            ("torsdag den 5. maj 2022 kl. 13.00–15.00", "Virtuelt (Teams)"),
        ]
        calendars = {f.relpath: event(f.make()) for f in planned.files if f.relpath.startswith("netvaerksmoede-4")
                     and f.relpath.endswith(".ics")}
        starts = {name: e.decoded("DTSTART") for name, e in calendars.items()}
        assert starts == {"netvaerksmoede-4-netvaerk-1.ics": dt.datetime(2022, 5, 3, 10, tzinfo=COPENHAGEN),
                          "netvaerksmoede-4-netvaerk-3.ics": dt.datetime(2022, 5, 5, 13, tzinfo=COPENHAGEN)}
        assert ("No invitation yet to Netværksmøde 4 (maj 2022) in netværk 2: held gives it no day and place"
                in planned.notes)
        invitation = plan("invitations", networked, to="Aarhus").files[0].make()
        rows = table_rows(invitation)
        assert [r for r in rows if "Netværksmøde 4" in r] == [["Maj 2022", "Netværksmøde 4"]]  # the plan keeps the month

    def it_takes_of_the_milestone_only_what_goes_with_what_a_network_gives_of_its_own(self, networked):
        _, fourth = fourth_meeting(networked, "    - when: 2022-05-03\n      text: Netværksmøde 4\n      meeting: "
                                   "netværksmøde\n      starts: '10.00'\n      duration: 2 timer\n      place: "
                                   "KL-Huset\n      address: Weidekampsgade 10, 2300 København S\n      held:\n"
                                   "        - {networks: [1], when: 4. maj 2022 kl. 13.00, ends: '15.30', place: "
                                   "Aarhus Rådhus}\n        - {networks: [2], when: 2022-05-05}\n")
        views = [meeting_view(load_program(networked), g) for g in fourth]
        assert [(as_read(v.when), v.where) for v in views] == [
            # its own day with its own time and end, its own place with no address of the milestone's
            ("onsdag den 4. maj 2022 kl. 13.00–15.30", "Aarhus Rådhus"),
            # its own day alone: the milestone's time and place
            ("torsdag den 5. maj 2022 kl. 10.00–12.00", "KL-Huset, Weidekampsgade 10, 2300 København S"),
            ("tirsdag den 3. maj 2022 kl. 10.00–12.00", "KL-Huset, Weidekampsgade 10, 2300 København S"),
        ]

    def it_takes_a_network_named_by_one_of_its_members_whatever_its_number(self, networked):
        third = lineup_for_folder(networked).networks[2].members[0].municipality.name
        path = networked / "program.yaml"
        text = path.read_text(encoding="utf-8")
        milestone = "      text: Netværksmøde 4\n      meeting: netværksmøde\n"
        path.write_text(text.replace(milestone, milestone + f"      held: [{{networks: [{third}], when: 2022-05-03, "
                                                            "place: Kalundborg Rådhus}]\n"), encoding="utf-8")
        fourth = [g for g in plan("meetings", networked).computed if g.label.startswith("4. netværksmøde")]
        assert [(g.label, meeting_view(load_program(networked), g).where) for g in fourth] == [
            ("4. netværksmøde i netværk 3", "Kalundborg Rådhus")]
        path.write_text(text.replace(milestone, milestone + f"      networks: [1]\n      held: [{{networks: [{third}], "
                                                            "when: 2022-05-03, place: Kalundborg}]\n"),
                        encoding="utf-8")
        with pytest.raises(InputError) as caught:  # as by its number: a network the meeting is not for
            plan("meetings", networked)
        assert caught.value.problems == [f"program.yaml, line {line_of(networked, 'held: [{networks: [')}, "
                                         "timeline.milestones[4].held: network 3 does not hold this meeting "
                                         "(networks: 1)"]
        path.write_text(text.replace(milestone, milestone + "      held: [{networks: [Læsø], when: 2022-05-03, "
                                                            "place: Læsø}]\n"), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            plan("meetings", networked)
        assert caught.value.problems == [f"program.yaml, line {line_of(networked, 'held: [{networks: [Læsø]')}, "
                                         "timeline.milestones[4]: held[0].networks: Læsø is in no "
                                         "network of the line-up (it has not registered); name the network by its "
                                         "number or by one of its members"]

    @pytest.mark.parametrize(("meeting", "held", "said"), [
        # a day alone: the milestone's time on it
        ({"when": "2025-10-07 10:00", "ends": "12.00"}, {"when": "2025-10-09"}, "torsdag den 9. oktober 2025 kl. "
                                                                                 "10.00–12.00"),
        # a meeting over two days moves with its first
        ({"when": "2025-10-07 10:00", "ends": "2025-10-08 12:00"}, {"when": "2025-10-20 10:00"},
         "mandag den 20. oktober 2025 kl. 10.00 til tirsdag den 21. oktober 2025 kl. 12.00"),
        ({"when": "2025-10-07", "starts": "10.00", "duration": "2 timer"}, {"when": "2025-10-20", "ends": "13.00"},
         "mandag den 20. oktober 2025 kl. 10.00–13.00"),
    ])
    def it_moves_the_milestones_times_with_a_networks_own_day(self, meeting, held, said):
        milestone = Milestone.model_validate({"text": "Netværksmøde", "meeting": "netværksmøde", "place": "KL-Huset",
                                              **meeting, "held": [{"networks": [2], **held}]})
        assert as_read(when_text(milestone.for_network(2))) == said

    def it_refuses_a_held_day_outside_the_milestones_period_and_a_network_the_lineup_does_not_have(self, networked):
        path = networked / "program.yaml"
        text = path.read_text(encoding="utf-8")
        milestone = "      text: Netværksmøde 4\n      meeting: netværksmøde\n"
        path.write_text(text.replace(milestone, milestone + "      held: [{networks: [1], when: 2022-06-02, "
                                                            "place: Aarhus}]\n"), encoding="utf-8")
        (line,) = program_problems(networked)
        assert line.endswith("timeline.milestones[4]: held[0].when: 2. juni 2022 is not in maj 2022, when the time "
                             "plan says the meeting is held")
        path.write_text(text.replace(milestone, milestone + "      held: [{networks: [4], when: 2022-05-02, "
                                                            "place: Aarhus}]\n"), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            plan("meetings", networked)
        assert caught.value.problems == [f"program.yaml, line {line_of(networked, 'held: [{networks: [4]')}, "
                                         "timeline.milestones[4].held: there is no network 4; "
                                         "the line-up has 3 networks (1, 2, 3)"]

    @pytest.mark.parametrize(("held", "message"), [
        ("[{networks: [1], when: 2022-05-03}, {networks: [1, 2], when: 2022-05-04}]",
         "held: [1].networks: network 1 is in held[0] already; give each network one day and place"),
        ("[{networks: [1], when: 2022-05-03, ends: '12.00'}]",
         "held[0].ends: the meeting has no start time"),
        ("[{networks: [0]}]", "give each network's number (1, 2, …) or municipality once"),
        ("[{networks: [Atlantis]}]", "'Atlantis' is not a network's number or a municipality"),
    ])
    def it_refuses_a_held_that_does_not_make_one_meeting_per_network(self, networked, held, message):
        path = networked / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "      text: Netværksmøde 4\n      meeting: netværksmøde\n",
            f"      text: Netværksmøde 4\n      meeting: netværksmøde\n      held: {held}\n"), encoding="utf-8")
        (line,) = program_problems(networked)
        assert "timeline.milestones[4]" in line and message in line

    def it_refuses_held_for_a_meeting_the_networks_hold_together(self, networked):
        path = networked / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "      meeting: seminar\n", "      meeting: seminar\n      held: [{networks: [1], place: Aarhus}]\n"),
            encoding="utf-8")
        (line,) = program_problems(networked)
        assert line.endswith("timeline: milestones[3].held: the networks hold this seminar together, so it has one "
                             "day and place; held is for a meeting each network holds on its own (networks: alle)")

    def it_invites_the_example_partnership_to_its_four_meetings_together(self, example_dir):
        planned = plan("meetings", example_dir)
        assert [g.label for g in planned.computed] == [
            "1. partnerskabsmøde", "2. partnerskabsmøde", "3. partnerskabsmøde", "4. partnerskabsmøde"]
        assert all(len(g.members) == 24 for g in planned.computed)


class DescribeTheInvitation:
    def it_names_what_when_and_where_and_the_networks_members_with_their_contacts(self, networked):
        files = files_of(plan("meetings", networked))
        body = letter(files["netvaerksmoede-1-netvaerk-2.docx"])
        assert body[:8] == [
            "Til", "Deltagerne i netværk 2", "Invitation til 1. netværksmøde i netværk 2",
            "KL inviterer hermed kommunerne i netværk 2 til det første netværksmøde i partnerskabet om stærke "
            "børnefællesskaber i dagtilbud.",
            "Hvad: Netværksmøde 1 – fysisk",
            "Hvornår: Torsdag den 28. oktober 2021 kl. 10.00–15.00",
            "Hvor: KL-Huset, Weidekampsgade 10, 2300 København S",
            "Deltagere",
        ]
        assert body[8] == ("Mødet er for de otte kommuner i netværk 2. Kommunernes kontaktpersoner og antal tilmeldte "
                           "deltagere fremgår af tabellen:")
        rows = table_rows(files["netvaerksmoede-1-netvaerk-2.docx"])
        assert rows[0] == ["Kommune", "Kontaktperson", "Deltagere"]
        assert [row[1].split(",")[0] for row in rows[1:]] == [name for name, _ in members(networked, 2)]
        assert rows[1] == ["Frederiksberg Kommune", "Jonas Ebbesen, pædagogisk konsulent", "5 (heraf 1 politiker)"]
        assert list(map(as_read, body[-4:])) == [
            "Praktisk",
            "Dagsorden og materiale til mødet sender vi inden mødet. Med invitationen følger en kalenderfil (.ics), "
            "så I kan lægge mødet i jeres kalender. Send gerne invitationen videre til kommunens øvrige deltagere.",
            "Har I spørgsmål, er I velkomne til at kontakte specialkonsulent Aleksandra Raaschou Beck, arbe@kl.dk, "
            "tlf. 3370 3469.",
            "Med venlig hilsen\n\nAleksandra Raaschou Beck\nSpecialkonsulent, KL",
        ]

    def it_says_the_milestones_own_details_under_praktisk_and_in_the_calendar(self, networked):
        path = networked / "program.yaml"
        text = path.read_text(encoding="utf-8")
        milestone = "      text: Netværksmøde 1 – fysisk\n"
        assert milestone in text
        path.write_text(text.replace(milestone, milestone + "      details: |\n        Program:\n\n"
                                     "        - 10.00 Velkomst & kaffe\n        - 12.00 Frokost\n\n"
                                     "        Deltag online via [Teams](https://teams.example/m?a=1&b=2).\n", 1),
                        encoding="utf-8")
        files = files_of(plan("meetings", networked))
        body = paragraphs(files["netvaerksmoede-1-netvaerk-2.docx"])
        start = body.index("Praktisk")
        assert body[start + 1:start + 6] == [
            "Program:", "10.00 Velkomst & kaffe", "12.00 Frokost", "Deltag online via Teams.",
            "Med invitationen følger en kalenderfil (.ics), så I kan lægge mødet i jeres kalender. Send gerne "
            "invitationen videre til kommunens øvrige deltagere."]
        description = str(event(files["netvaerksmoede-1-netvaerk-2.ics"])["DESCRIPTION"])
        assert "Program:\n\n- 10.00 Velkomst & kaffe\n- 12.00 Frokost\n\nDeltag online via Teams " \
               "(https://teams.example/m?a=1&b=2).\n\n" in description
        program = load_program(networked)  # and in the e-mail, which is what people click from
        view = next(meeting_view(program, g) for g in plan("meetings", networked).computed
                    if g.network is not None and g.network.number == 2 and g.milestone.text.startswith("Netværksmøde 1"))
        assert ("Sted: KL-Huset, Weidekampsgade 10, 2300 København S\n\nProgram:\n\n- 10.00 Velkomst & kaffe\n"
                "- 12.00 Frokost\n\nDeltag online via Teams (https://teams.example/m?a=1&b=2).\n\nInvitationen er "
                "vedhæftet") in mail_text(program, view)

    def it_groups_the_invited_by_network_for_a_meeting_for_all(self, networked):
        data = files_of(plan("meetings", networked))["seminar-1.docx"]
        body = letter(data)
        assert body[2:7] == [
            "Invitation til seminar",
            "KL inviterer hermed de deltagende kommuner til et seminar i partnerskabet om stærke "
            "børnefællesskaber i dagtilbud.",
            "Hvad: Afsluttende seminar for hele partnerskabet",
            "Hvornår: Tirsdag den 29. marts 2022 kl. 10.00–16.00",
            "Hvor: Hotel Nyborg Strand, Østerøvej 2, 5800 Nyborg",
        ]
        body = etree.fromstring(parts(data)[BODY]).find(f"{{{W}}}body")
        tables = [[[as_read("".join(t.text or "" for t in cell.iter(f"{{{W}}}t"))) for cell in row.iter(f"{{{W}}}tc")]
                   for row in table.iter(f"{{{W}}}tr")] for table in body.iter(f"{{{W}}}tbl")]
        assert [rows[:2] for rows in tables] == [[[f"Netværk {n}"], COLUMN_HEADINGS] for n in (1, 2, 3)]
        assert sum(len(rows) - 2 for rows in tables) == 24
        # a network's label and the column headings are repeated on the page its rows run onto
        for table in body.iter(f"{{{W}}}tbl"):
            repeated = [row.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None for row in table.iter(f"{{{W}}}tr")]
            assert repeated[:3] == [True, True, False] and not any(repeated[2:])

    @pytest.mark.soffice
    def it_repeats_a_networks_label_on_the_page_its_rows_run_onto(self, example_dir, tmp_path):
        written = make("meetings", example_dir, tmp_path, pdf=True)
        pdf = tmp_path / "partnerskabsmoede-1.pdf"
        assert "partnerskabsmoede-1.pdf" in written.paths
        pages = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        pages = [" ".join(page.split()) for page in pages.split("\f") if page.strip()]
        members = {f"{m.municipality.official_name}": f"Netværk {n.number}"
                   for n in lineup_for_folder(example_dir).networks for m in n.members}
        runs_on = set()
        for number, page in enumerate(pages, 1):
            for name, label in members.items():
                if f"{name} " in page:  # its row: under its network's label, on this page
                    assert label in page[:page.index(f"{name} ")], f"{name} on page {number} without '{label}' above"
                    runs_on |= {label} if number > 1 and pages[number - 2].count(label) else set()
        assert runs_on, "no network's rows ran onto a second page: the test needs a list that does"

    def it_lists_one_network_under_the_column_headings_alone(self, networked):
        data = files_of(plan("meetings", networked))["netvaerksmoede-1-netvaerk-2.docx"]
        (heading, *members) = table_rows(data)
        assert heading == COLUMN_HEADINGS and members and all(len(m) == 3 for m in members)

    def it_has_the_letterhead_without_a_date_and_page_numbers(self, example_dir):
        lines = text_lines(files_of(plan("meetings", example_dir))["partnerskabsmoede-2.docx"])
        assert "Sags ID: SAG-2021-00945" in lines
        assert "Hvor: Virtuelt (Teams)" in lines
        assert not any(line.startswith("Dato:") for line in lines)
        assert any(line.startswith("Side 1 af ") for line in lines)

    def it_prints_data_as_the_same_text(self, networked):
        path = networked / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "place: Hotel Nyborg Strand", "place: \"Hotel <b>Nyborg</b> & {{ program.title }}\""), encoding="utf-8")
        body = paragraphs(files_of(plan("meetings", networked))["seminar-1.docx"])
        assert "Hvor: Hotel <b>Nyborg</b> & {{ program.title }}, Østerøvej 2, 5800 Nyborg" in body

    def it_validates_against_the_office_schemas(self, networked, tmp_path):
        validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0)
        files = files_of(plan("meetings", networked))
        for name in ("netvaerksmoede-1-netvaerk-1.docx", "seminar-1.docx", "seminar-1-deltagere.xlsx"):
            path = tmp_path / name
            path.write_bytes(files[name])
            errors = [str(e) for e in validator.validate(path).errors]
            assert [e for e in errors if not e.startswith("[semantic]")] == [], name  # openpyxl: inline strings


TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ3%40thread.v2/0?context=%7b%22Tid%22%3a%22x%22%7d"
"""A link to join a Teams meeting, as long as they are."""


class DescribeAMeetingOnline:
    """``online:`` beside a place (held there and online), alone (online only), or ja (the link follows)."""

    @staticmethod
    def seminar(folder: Path, online: str, place: str = "      place: Hotel Nyborg Strand\n"
                                                           "      address: Østerøvej 2, 5800 Nyborg\n") -> dict[str, bytes]:
        set_meetings(folder, NETWORK_MEETINGS.replace(
            "      place: Hotel Nyborg Strand\n      address: Østerøvej 2, 5800 Nyborg\n", place + online))
        planned = plan("meetings", folder, eml=True)
        return {name: data for name, data in files_of(planned).items() if name.startswith("seminar-1")}

    def it_says_where_and_how_to_take_part_online_in_the_letter_event_and_e_mail(self, networked):
        files = self.seminar(networked, f"      online: '{TEAMS}'\n")
        body = letter(files["seminar-1.docx"])
        where = body.index("Hvor: Hotel Nyborg Strand, Østerøvej 2, 5800 Nyborg")
        assert body[where + 1] == "Online: Deltag i mødet online her"  # 120 characters of code under words
        document = docx.Document(io.BytesIO(files["seminar-1.docx"]))
        targets = [document.part.rels[link.get(qn("r:id"))].target_ref
                   for link in document.element.body.iter(qn("w:hyperlink"))]
        assert targets == [TEAMS]
        found = event(files["seminar-1.ics"])
        assert str(found["LOCATION"]) == "Hotel Nyborg Strand, Østerøvej 2, 5800 Nyborg"
        assert str(found["URL"]) == TEAMS and str(found["CONFERENCE"]) == TEAMS
        assert found["CONFERENCE"].params == {"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Deltag online"}
        assert f"Sted: Hotel Nyborg Strand, Østerøvej 2, 5800 Nyborg\nOnline: {TEAMS}\n" in str(found["DESCRIPTION"])
        raw = files["seminar-1.ics"].decode("utf-8").replace("\r\n ", "")
        assert f"URL:{TEAMS}\r\n" in raw  # a URI, its ; and , not escaped as text's
        mail = email.message_from_bytes(files["seminar-1.eml"], policy=policy.default)
        assert f"Sted: Hotel Nyborg Strand, Østerøvej 2, 5800 Nyborg\nOnline: {TEAMS}\n" in \
            mail.get_body(("plain",)).get_content().replace("\r\n", "\n")

    def it_prints_a_short_link_as_it_is(self, networked):
        body = letter(self.seminar(networked, "      online: https://kl.zoom.us/j/81234567\n")["seminar-1.docx"])
        assert "Online: https://kl.zoom.us/j/81234567" in body

    def it_invites_to_a_meeting_online_only_without_a_place(self, networked):
        files = self.seminar(networked, f"      online: '{TEAMS}'\n", place="")
        body = letter(files["seminar-1.docx"])
        assert body[body.index("Hvor: Online") + 1] == "Link: Deltag i mødet online her"  # not 'Online' twice
        found = event(files["seminar-1.ics"])
        assert str(found["LOCATION"]) == "Online" and f"Sted: Online\nLink: {TEAMS}\n" in str(found["DESCRIPTION"])

    def it_says_in_a_sentence_that_a_meeting_moved_online(self):
        from kldocs.documents.meetings import Moved

        assert Moved(time=False, place=True, before="Aarhus Rådhus").notice("Online") == \
            "Mødet er flyttet fra Aarhus Rådhus til online."
        assert Moved(time=True, place=True, before="torsdag den 7. oktober 2027 kl. 9.30–11.30, Online").notice(
            "torsdag den 14. oktober 2027 kl. 12.00–14.00, Middelfart Rådhus") == (
            "Mødet er flyttet fra torsdag den 7. oktober 2027 kl. 9.30–11.30, online, til torsdag den 14. oktober "
            "2027 kl. 12.00–14.00, Middelfart Rådhus.")

    def it_says_when_the_link_follows(self, networked):
        files = self.seminar(networked, "      online: ja\n")
        assert "Online: Linket til mødet sendes inden mødet." in letter(files["seminar-1.docx"])
        found = event(files["seminar-1.ics"])
        assert "URL" not in found and "Online: Linket til mødet sendes inden mødet." in str(found["DESCRIPTION"])

    def it_leaves_the_line_out_of_a_meeting_not_online(self, networked):
        files = self.seminar(networked, "      online: nej\n")
        assert not any(line.startswith("Online:") for line in letter(files["seminar-1.docx"]))
        assert "URL" not in event(files["seminar-1.ics"])

    def it_refuses_what_is_no_link(self, networked):
        set_meetings(networked, NETWORK_MEETINGS.replace("      starts: 10.00\n", "      online: Teams\n      "
                                                                                  "starts: 10.00\n"))
        (problem,) = program_problems(networked)
        assert problem.endswith(".online: must be the link to join online (https://…), or ja when the link "
                                "follows, not 'Teams'")

    def it_gives_a_network_its_own_link_and_a_place_of_its_own_none_of_the_milestones(self, networked):
        own = ("      online: https://kl.zoom.us/j/1\n      held:\n        - {networks: [1], online: "
               "'https://kl.zoom.us/j/2'}\n        - {networks: [3], place: Aarhus Rådhus}\n")
        set_meetings(networked, NETWORK_MEETINGS.replace("      starts: 9.00\n      duration: 2 timer\n",
                                                         "      starts: 9.00\n      duration: 2 timer\n" + own))
        files = files_of(plan("meetings", networked))
        lines = {n: letter(files[f"netvaerksmoede-2-netvaerk-{n}.docx"]) for n in (1, 2, 3)}
        assert "Online: https://kl.zoom.us/j/2" in lines[1] and "Online: https://kl.zoom.us/j/1" in lines[2]
        assert "Hvor: Aarhus Rådhus" in lines[3] and not any(line.startswith("Online:") for line in lines[3])
        set_meetings(networked, NETWORK_MEETINGS.replace("      starts: 9.00\n      duration: 2 timer\n",
                                                         "      starts: 9.00\n      duration: 2 timer\n" + own.replace(
                                                             "place: Aarhus Rådhus", "place: Online, online: ja")))
        third = letter(files_of(plan("meetings", networked))["netvaerksmoede-2-netvaerk-3.docx"])
        assert third[third.index("Hvor: Online") + 1] == "Link: Linket til mødet sendes inden mødet."


class DescribeTheCalendarFile:
    def it_is_a_request_with_the_time_zone_and_local_times_on_both_sides_of_the_changes(self, networked):
        files = files_of(plan("meetings", networked))
        expected = {
            "netvaerksmoede-1-netvaerk-1.ics": (dt.datetime(2021, 10, 28, 10), dt.datetime(2021, 10, 28, 15), 2),
            "netvaerksmoede-2-netvaerk-1.ics": (dt.datetime(2021, 11, 4, 9), dt.datetime(2021, 11, 4, 11), 1),
            "netvaerksmoede-3-netvaerk-2.ics": (dt.datetime(2022, 3, 24, 13), dt.datetime(2022, 3, 24, 16), 1),
            "seminar-1.ics": (dt.datetime(2022, 3, 29, 10), dt.datetime(2022, 3, 29, 16), 2),
        }
        for name, (start, end, hours) in expected.items():
            calendar = icalendar.Calendar.from_ical(files[name])
            assert (str(calendar["VERSION"]), str(calendar["METHOD"])) == ("2.0", "REQUEST")
            assert str(calendar["PRODID"]) == "-//KL//kldocs//DA"
            (zone,) = calendar.walk("VTIMEZONE")
            assert str(zone["TZID"]) == "Europe/Copenhagen"
            found = event(files[name])
            assert found["DTSTART"].params["TZID"] == "Europe/Copenhagen" == found["DTEND"].params["TZID"]
            assert found.decoded("DTSTART") == start.replace(tzinfo=COPENHAGEN), name
            assert found.decoded("DTEND") == end.replace(tzinfo=COPENHAGEN), name
            assert found.decoded("DTSTART").utcoffset() == dt.timedelta(hours=hours), name
            # the file's own definition of the zone gives the same offset as the zone database
            assert zone.to_tz().utcoffset(start) == dt.timedelta(hours=hours), name
        assert b"DTSTART;TZID=Europe/Copenhagen:20211028T100000\r\n" in files["netvaerksmoede-1-netvaerk-1.ics"]

    def it_names_the_meeting_in_danish_with_its_organizer_and_the_registered_contacts(self, networked):
        found = event(files_of(plan("meetings", networked))["netvaerksmoede-1-netvaerk-3.ics"])
        assert str(found["SUMMARY"]) == "1. netværksmøde i netværk 3 – Stærke børnefællesskaber"
        assert str(found["LOCATION"]) == "KL-Huset, Weidekampsgade 10, 2300 København S"
        description = str(found["DESCRIPTION"])
        assert description.startswith("Netværksmøde 1 – fysisk\n\nKL inviterer hermed kommunerne i netværk 3 til det første "
                                      "netværksmøde")
        assert "Tid: Torsdag den 28. oktober 2021 kl. 10.00–15.00\nSted: KL-Huset" in description
        assert "tabellen" not in description  # a calendar has the list, not the invitation's table
        listed = description.split("Kontaktpersoner og tilmeldte deltagere:\n", 1)[1].split("\n\n")[0].splitlines()
        assert len(listed) == len(members(networked, 3)) and all(re.fullmatch(r"- .+ Kommune: .+ \(\d+ deltagere?"
                                                                              r"(, heraf .+)?\)", line)
                                                                 for line in listed), listed
        assert str(found["ORGANIZER"]) == "mailto:arbe@kl.dk"
        assert found["ORGANIZER"].params["CN"] == "Aleksandra Raaschou Beck"
        attendees = found["ATTENDEE"]
        assert sorted((a.params["CN"], str(a).removeprefix("mailto:")) for a in attendees) == \
            sorted(members(networked, 3))
        assert {a.params["ROLE"] for a in attendees} == {"REQ-PARTICIPANT"}
        assert int(found["SEQUENCE"]) == 0
        assert str(found["UID"]) == "netvaerksmoede-1-netvaerk-3.sag-2021-00945@kl.dk"

    def it_keeps_each_uid_when_a_date_changes_and_counts_up_the_sequence(self, networked, tmp_path):
        out = tmp_path / "meetings"
        make("meetings", networked, out)
        before = {p.name: event(p.read_bytes()) for p in out.glob("*.ics")}
        assert {int(e["SEQUENCE"]) for e in before.values()} == {0}

        path = networked / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("when: 2021-11-04", "when: 2021-11-11"),
                        encoding="utf-8")
        with pytest.raises(OutputExists):
            make("meetings", networked, out)  # the invitations already sent are replaced only when asked
        written = make("meetings", networked, out, force=True)
        after = {p.name: event(p.read_bytes()) for p in out.glob("*.ics")}
        assert set(after) == set(before)
        assert {name: str(e["UID"]) for name, e in after.items()} == {name: str(e["UID"]) for name, e in before.items()}
        moved = {name for name in after if name.startswith("netvaerksmoede-2-")}
        assert {after[name].decoded("DTSTART").date() for name in moved} == {dt.date(2021, 11, 11)}
        assert {name: int(e["SEQUENCE"]) for name, e in after.items()} == {
            name: 1 if name in moved else 0 for name in after}
        assert "2. netværksmøde i netværk 1: changed since netvaerksmoede-2-netvaerk-1.ics was written; its event " \
               "is SEQUENCE 1, so calendars update it" in written.notes

        make("meetings", networked, out, force=True)  # nothing changed: every SEQUENCE stays
        assert {p.name: int(event(p.read_bytes())["SEQUENCE"]) for p in out.glob("*.ics")} == {
            name: 1 if name in moved else 0 for name in after}
        path.write_text(path.read_text(encoding="utf-8").replace("place: Virtuelt (Teams)", "place: KL-Huset"),
                        encoding="utf-8")
        make("meetings", networked, out, force=True)
        assert {int(event((out / name).read_bytes())["SEQUENCE"]) for name in moved} == {2}

    def it_says_in_the_letter_the_e_mail_and_the_event_that_a_meeting_moved_and_from_what(self, networked,
                                                                                             tmp_path):
        out, name = tmp_path / "meetings", "netvaerksmoede-2-netvaerk-1"
        make("meetings", networked, out, eml=True)
        assert not any("flyttet" in p for p in paragraphs((out / f"{name}.docx").read_bytes()))
        path = networked / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("when: 2021-11-04", "when: 2021-11-11"),
                        encoding="utf-8")
        make("meetings", networked, out, eml=True, force=True)
        notice = ("Mødet er flyttet fra torsdag den 4. november 2021 kl. 9.00–11.00 til torsdag den 11. november "
                  "2021 kl. 9.00–11.00.")
        lines = [as_read(p) for p in paragraphs((out / f"{name}.docx").read_bytes())]
        assert lines[lines.index("Ændret invitation til 2. netværksmøde i netværk 1") + 1] == notice  # under it
        message = email.message_from_bytes((out / f"{name}.eml").read_bytes(), policy=policy.default)
        assert message["Subject"] == "Ændret: 2. netværksmøde i netværk 1 – Stærke børnefællesskaber"
        assert message.get_body().get_content().replace("\r\n", "\n").split("\n\n")[1] == notice
        moved = event((out / f"{name}.ics").read_bytes())
        assert str(moved["SUMMARY"]) == "2. netværksmøde i netværk 1 – Stærke børnefællesskaber"
        assert notice in as_read(str(moved["DESCRIPTION"]))
        assert not any("flyttet" in p for p in paragraphs((out / "netvaerksmoede-1-netvaerk-1.docx").read_bytes()))
        written = {p.name: p.read_bytes() for p in out.iterdir()}
        make("meetings", networked, out, eml=True)  # again as it was: no --force, and it still says it moved
        assert {p.name: p.read_bytes() for p in out.iterdir()} == written
        path.write_text(path.read_text(encoding="utf-8").replace("place: Virtuelt (Teams)", "place: KL-Huset"),
                        encoding="utf-8")
        make("meetings", networked, out, eml=True, force=True)
        lines = [as_read(p) for p in paragraphs((out / f"{name}.docx").read_bytes())]
        assert "Mødet er flyttet fra Virtuelt (Teams) til KL-Huset." in lines

    def it_says_that_the_link_to_join_online_changed(self, networked, tmp_path):
        """Review 20: for a meeting held online its link is its place; a new one was updated in the event alone."""
        from kldocs.documents.meetings import Moved

        out, name = tmp_path / "meetings", "netvaerksmoede-2-netvaerk-1"
        path = networked / "program.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("      place: Virtuelt (Teams)\n      starts: 9.00\n",
                                     "      place: Virtuelt (Teams)\n      online: https://kl.zoom.us/j/1\n"
                                     "      starts: 9.00\n"), encoding="utf-8")
        make("meetings", networked, out, eml=True)
        path.write_text(path.read_text(encoding="utf-8").replace("zoom.us/j/1", "zoom.us/j/2"), encoding="utf-8")
        make("meetings", networked, out, eml=True, force=True)
        lines = [as_read(p) for p in paragraphs((out / f"{name}.docx").read_bytes())]
        assert lines[lines.index("Ændret invitation til 2. netværksmøde i netværk 1") + 1] == \
            "Linket til mødet er ændret."
        assert "Link: https://kl.zoom.us/j/2" not in lines and "Online: https://kl.zoom.us/j/2" in lines
        message = email.message_from_bytes((out / f"{name}.eml").read_bytes(), policy=policy.default)
        assert message["Subject"].startswith("Ændret: ")
        found = event((out / f"{name}.ics").read_bytes())
        assert int(found["SEQUENCE"]) == 1 and str(found["URL"]) == "https://kl.zoom.us/j/2"
        assert str(found["X-KLDOCS-MOVED"]) == "link" and "X-KLDOCS-BEFORE" not in found
        written = {p.name: p.read_bytes() for p in out.iterdir()}
        make("meetings", networked, out, eml=True)  # again as it was: it still says so, nothing replaced
        assert {p.name: p.read_bytes() for p in out.iterdir()} == written
        path.write_text(path.read_text(encoding="utf-8").replace("when: 2021-11-04", "when: 2021-11-11"),
                        encoding="utf-8")
        make("meetings", networked, out, eml=True, force=True)  # moved later: what changed since the link's letter
        lines = [as_read(p) for p in paragraphs((out / f"{name}.docx").read_bytes())]
        assert ("Mødet er flyttet fra torsdag den 4. november 2021 kl. 9.00–11.00 til torsdag den 11. november 2021 "
                "kl. 9.00–11.00.") in lines
        assert Moved(time=True, place=False, before="torsdag den 4. november 2021", link=True).notice(
            "torsdag den 11. november 2021") == ("Mødet er flyttet fra torsdag den 4. november 2021 til torsdag den "
                                                 "11. november 2021. Linket til mødet er ændret.")

    def it_warns_that_an_event_whose_file_is_gone_starts_again_at_sequence_0(self, networked, tmp_path):
        out = tmp_path / "meetings"
        make("meetings", networked, out)
        (out / "netvaerksmoede-2-netvaerk-1.ics").unlink()
        written = make("meetings", networked, out)
        assert (f"Warning: {out / 'netvaerksmoede-2-netvaerk-1.ics'} is gone, though manifest.json lists it: its "
                "event is written anew at SEQUENCE 0, which calendars that accepted it before may ignore (put the "
                "file back to update them instead)") in written.notes
        assert not any("is gone" in note for note in make("meetings", networked, out).notes)  # written again now

    def it_says_from_what_to_what_a_meeting_moved_in_one_sentence(self):
        from kldocs.documents.meetings import Moved

        both = Moved(time=True, place=True, before="torsdag den 7. oktober 2027 kl. 9.30–11.30, Svendborg Rådhus")
        assert both.notice("torsdag den 14. oktober 2027 kl. 12.00–14.00, Middelfart Rådhus") == (
            "Mødet er flyttet fra torsdag den 7. oktober 2027 kl. 9.30–11.30, Svendborg Rådhus, til torsdag den "
            "14. oktober 2027 kl. 12.00–14.00, Middelfart Rådhus.")
        assert Moved(time=False, place=True, before="Svendborg Rådhus").notice("Middelfart Rådhus") == (
            "Mødet er flyttet fra Svendborg Rådhus til Middelfart Rådhus.")

    def it_takes_a_new_end_or_an_address_corrected_at_the_same_place_for_no_move(self, networked, tmp_path):
        out = tmp_path / "meetings"
        make("meetings", networked, out)
        path = networked / "program.yaml"
        text = path.read_text(encoding="utf-8")
        assert "ends: 15.00" in text and "address: Weidekampsgade 10, 2300 København S" in text
        path.write_text(text.replace("ends: 15.00", "ends: 16.00").replace(
            "address: Weidekampsgade 10, 2300 København S", "address: Weidekampsgade 10, 2300 København S (indgang B)"),
            encoding="utf-8")
        make("meetings", networked, out, force=True)
        for written in out.glob("*.docx"):
            assert not any("flyttet" in p for p in paragraphs(written.read_bytes())), written.name

    def it_refuses_to_give_a_meeting_added_before_others_the_events_they_were_sent_with(self, networked, tmp_path):
        out = tmp_path / "meetings"
        make("meetings", networked, out)
        sent = {str(e["UID"]): e.decoded("DTSTART") for e in (event(p.read_bytes()) for p in out.glob("*.ics"))}
        files = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
        path = networked / "program.yaml"
        added = ("    - when: 2021-11-01\n      text: Ekstra netværksmøde\n      meeting: netværksmøde\n"
                 "      place: Virtuelt (Teams)\n      starts: 9.00\n      ends: 11.00\n")
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    - when: 2021-11-04\n", added + "    - when: 2021-11-04\n"), encoding="utf-8")
        with pytest.raises(InputError) as refused:
            make("meetings", networked, out, force=True)
        assert refused.value.problems == [
            "program.yaml, timeline.milestones[1]: 2. netværksmøde i netværk 1 (1. november 2021) would take the "
            "calendar event of netvaerksmoede-2-netvaerk-1.ics, the meeting on 4. november 2021, and move it in every "
            "calendar that accepted it: a netværksmøde was added or removed before it. Give each netværksmøde an id, "
            "the name of its calendar file for one already sent (id: netvaerksmoede-2 for the one on 4. november "
            "2021) and a name of its own for a new one, then run again"]
        assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == files  # nothing was written

        text = path.read_text(encoding="utf-8")
        for when, name in (("28. oktober 2021", "netvaerksmoede-1"), ("2021-11-01", "ekstra"),
                           ("2021-11-04", "netvaerksmoede-2"), ("2022-03-24T13:00", "netvaerksmoede-3"),
                           ("2022-05", "netvaerksmoede-4")):
            text = text.replace(f"    - when: {when}\n", f"    - when: {when}\n      id: {name}\n")
        path.write_text(text, encoding="utf-8")
        make("meetings", networked, out, force=True)
        now = {str(e["UID"]): e.decoded("DTSTART") for e in (event(p.read_bytes()) for p in out.glob("*.ics"))}
        assert {u: now[u] for u in sent} == sent  # every event sent keeps its meeting
        assert {u.partition(".")[0] for u in set(now) - set(sent)} == {f"ekstra-netvaerk-{n}" for n in (1, 2, 3)}

    def it_writes_a_meeting_moved_while_another_is_added_after_the_others(self, networked, tmp_path):
        out = tmp_path / "meetings"
        make("meetings", networked, out)
        path = networked / "program.yaml"
        last = "    - when: 2022-05\n      text: Netværksmøde 4\n      meeting: netværksmøde\n"
        text = path.read_text(encoding="utf-8").replace("when: 2021-11-04", "when: 2021-11-11")
        path.write_text(text.replace(last, last.replace("2022-05", "2022-05-12") + "      place: KL-Huset\n"),
                        encoding="utf-8")
        make("meetings", networked, out, force=True)
        moved = event((out / "netvaerksmoede-2-netvaerk-1.ics").read_bytes())
        assert moved.decoded("DTSTART").date() == dt.date(2021, 11, 11) and int(moved["SEQUENCE"]) == 1
        assert (out / "netvaerksmoede-4-netvaerk-1.ics").is_file()

    def it_writes_a_meeting_added_after_the_others_and_names_an_event_no_longer_planned(self, networked, tmp_path):
        out = tmp_path / "meetings"
        path = networked / "program.yaml"
        text = path.read_text(encoding="utf-8")
        last = "    - when: 2022-05\n      text: Netværksmøde 4\n      meeting: netværksmøde\n"
        planned = text.replace(last, last.replace("2022-05", "2022-05-12") + "      place: KL-Huset\n")
        path.write_text(text.replace(last, ""), encoding="utf-8")
        make("meetings", networked, out)
        path.write_text(planned, encoding="utf-8")
        make("meetings", networked, out, force=True)  # a fourth netværksmøde, after the others
        assert {p.name for p in out.glob("netvaerksmoede-4-*.ics")} == {
            f"netvaerksmoede-4-netvaerk-{n}.ics" for n in (1, 2, 3)}

        third = planned[planned.index("    - when: 2022-03-24T13:00\n"):planned.index("    - when: 2022-03-29\n")]
        renumbered = planned.replace(third, "").replace("2022-05-12\n", "2022-05-12\n      networks: [1, 3]\n")
        path.write_text(renumbered, encoding="utf-8")
        with pytest.raises(InputError) as refused:  # the fourth would be the third, beside its own event
            make("meetings", networked, out, force=True)
        (problem,) = refused.value.problems
        assert problem.startswith("program.yaml, timeline.milestones[3]: 3. netværksmøde i netværk 1 (12. maj "
                                  "2022) was sent as netvaerksmoede-4-netvaerk-1.ics, and would be a new calendar "
                                  "event beside that one in every calendar that accepted it")
        assert "(id: netvaerksmoede-4 for the one on 12. maj 2022)" in problem

        path.write_text(planned.replace("networks: [2]", "networks: [1]"), encoding="utf-8")
        written = make("meetings", networked, out, force=True)  # the third for another network: its own event
        assert "netvaerksmoede-3-netvaerk-2.ics: its meeting on 24. marts 2022 is no longer in the time plan; the " \
               "calendars that accepted its event keep it until it is cancelled there" in written.notes
        assert (out / "netvaerksmoede-3-netvaerk-1.ics").is_file()

        path.write_text(planned.replace(last.replace("2022-05", "2022-05-12") + "      place: KL-Huset\n", ""),
                        encoding="utf-8")
        written = make("meetings", networked, out, force=True)  # the last one removed
        assert "netvaerksmoede-4-netvaerk-1.ics: its meeting on 12. maj 2022 is no longer in the time plan; the " \
               "calendars that accepted its event keep it until it is cancelled there" in written.notes

    def it_makes_a_meeting_without_a_time_an_all_day_event(self, example_copy):
        set_meetings(example_copy, "    - when: 2021-10-28\n      text: Studietur\n      meeting: seminar\n"
                                   "      place: Aarhus\n")
        data = files_of(plan("meetings", example_copy))["seminar-1.ics"]
        found = event(data)
        assert (found.decoded("DTSTART"), found.decoded("DTEND")) == (dt.date(2021, 10, 28), dt.date(2021, 10, 29))
        assert b"DTSTART;VALUE=DATE:20211028" in data and b"VTIMEZONE" not in data


class DescribeTheParticipantList:
    def it_lists_every_registered_participant_with_a_column_to_tick(self, networked):
        data = files_of(plan("meetings", networked))["netvaerksmoede-1-netvaerk-2-deltagere.xlsx"]
        book = load_workbook(io.BytesIO(data))
        sheet = book["Deltagere"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows[0] == ["Kommune", "Netværk", "Deltager", "Navn", "Titel", "E-mail", "Til stede"]
        assert sheet.auto_filter.ref == f"A1:G{len(rows)}"
        assert sheet.freeze_panes == "A2"
        assert rows[1:6] == [
            ["Frederiksberg Kommune", 2, "Medarbejder", "Jonas Ebbesen", "Pædagogisk konsulent",
             "jonas.ebbesen@example.dk", None],
            ["Frederiksberg Kommune", 2, "Medarbejder", None, None, None, None],
            ["Frederiksberg Kommune", 2, "Medarbejder", None, None, None, None],
            ["Frederiksberg Kommune", 2, "Medarbejder", None, None, None, None],
            ["Frederiksberg Kommune", 2, "Politiker", None, None, None, None],
        ]  # four staff, the contact person on the first of their rows, then its politician
        network = lineup_for_folder(networked).networks[1]
        assert len(rows) - 1 == sum(r.participants + r.politicians for r in network.members)
        assert [row[3] for row in rows[1:] if row[3]] == [name for name, _ in members(networked, 2)]
        (ticks,) = sheet.data_validations.dataValidation
        assert ticks.formula1 == '"ja,nej"' and str(ticks.sqref) == f"G2:G{len(rows)}"

    def it_gives_the_meeting_with_its_day_as_a_danish_date(self, networked):
        data = files_of(plan("meetings", networked))["netvaerksmoede-1-netvaerk-2-deltagere.xlsx"]
        about = load_workbook(io.BytesIO(data))["Mødet"]
        facts = {row[0].value: row[1] for row in about.iter_rows(min_row=2) if row[0].value}
        assert facts["Dato"].value == dt.datetime(2021, 10, 28)
        assert facts["Dato"].number_format == "[$-406]d. mmmm yyyy"
        assert facts["Tid"].value == "Torsdag den 28. oktober 2021 kl. 10.00–15.00"
        assert facts["Netværk"].value == "Netværk 2"
        assert about["A1"].value == "Invitation til 1. netværksmøde i netværk 2"

    def it_is_the_same_bytes_every_time(self, networked):
        first = files_of(plan("meetings", networked))
        second = files_of(plan("meetings", networked))
        assert first == second


class DescribeTheDrafts:
    def it_writes_one_to_the_networks_registered_contacts_with_the_invitation_and_the_calendar(self, networked,
                                                                                               tmp_path):
        out = tmp_path / "meetings"
        written = make("meetings", networked, out, eml=True)
        assert written.summary().startswith("8 invitations, 8 e-mail drafts and 16 other files written to ")
        message = email.message_from_bytes((out / "netvaerksmoede-2-netvaerk-1.eml").read_bytes(),
                                           policy=policy.default)
        assert message["From"] == "Aleksandra Raaschou Beck <arbe@kl.dk>"
        assert sorted((a.display_name, a.addr_spec) for a in message["To"].addresses) == sorted(members(networked, 1))
        assert message["Subject"] == "2. netværksmøde i netværk 1 – Stærke børnefællesskaber"
        assert message["X-Unsent"] == "1"
        body = message.get_body().get_content()
        body = body.replace("\r\n", "\n")
        assert body.startswith("Kære kontaktpersoner i netværk 1\n\nKL inviterer hermed kommunerne i netværk 1 til "
                               "det andet netværksmøde")
        assert "Tid: Torsdag den 4. november 2021 kl. 9.00–11.00\nSted: Virtuelt (Teams)" in body
        attachments = {part.get_filename(): part for part in message.iter_attachments()}
        # named as the recipient reads them, not by the files' names
        assert set(attachments) == {"Invitation til 2. netværksmøde i netværk 1.docx",
                                    "2. netværksmøde i netværk 1.ics"}
        calendar = attachments["2. netværksmøde i netværk 1.ics"]
        assert calendar.get_content_type() == "text/calendar" and calendar.get_param("method") == "REQUEST"
        assert calendar.get_payload(decode=True) == (out / "netvaerksmoede-2-netvaerk-1.ics").read_bytes()

    def it_dates_the_invitation_and_the_draft_on_the_day_they_are_sent_and_leaves_the_event_as_it_is(
            self, networked, tmp_path):
        undated = tmp_path / "undated"
        make("meetings", networked, undated, eml=True)
        dated = tmp_path / "dated"
        result = CliRunner().invoke(cli, ["meetings", str(networked), "--out", str(dated), "--eml",
                                          "--date", "1.10.2021"])
        assert result.exit_code == 0, result.output
        name = "netvaerksmoede-2-netvaerk-1"
        assert "Dato: 1. oktober 2021" in paragraphs((dated / f"{name}.docx").read_bytes())
        assert not any(p.startswith("Dato:") for p in paragraphs((undated / f"{name}.docx").read_bytes()))
        message = email.message_from_bytes((dated / f"{name}.eml").read_bytes(), policy=policy.default)
        assert message["Date"].datetime.date() == dt.date(2021, 10, 1)
        assert (dated / f"{name}.ics").read_bytes() == (undated / f"{name}.ics").read_bytes()  # SEQUENCE stays

    @pytest.mark.parametrize(("options", "pdf", "draft"), [({}, None, ""), ({"pdf": True}, "", "pdf"),
                                                         ({"pdf": True, "pdfa": True}, "pdfa", "pdfa")])
    def it_records_what_pdf_a_draft_attaches_so_that_another_is_no_file_written_as_it_was(self, networked, options,
                                                                                          pdf, draft):
        files = plan("meetings", networked, eml=True, **options).files
        forms = {f.relpath.rpartition(".")[2]: f.form for f in files if f.relpath.startswith("seminar-1.")}
        assert forms == {"docx": "", "ics": "", "eml": draft, **({} if pdf is None else {"pdf": pdf})}

    def it_lists_them_in_the_manifest(self, networked, tmp_path):
        out = tmp_path / "meetings"
        make("meetings", networked, out, eml=True)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        kinds = {f["path"]: f["kind"] for f in manifest["files"]}
        assert kinds["seminar-1.docx"] == "meeting"
        assert kinds["seminar-1.ics"] == "meeting-ics"
        assert kinds["seminar-1-deltagere.xlsx"] == "meeting-participants"
        assert kinds["seminar-1.eml"] == "meeting-eml"


class DescribeTheNetworks:
    def it_takes_the_networks_kldocs_networks_wrote_beside_the_output_folder(self, networked, tmp_path):
        path = networked / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  min_size: 8\n", "  min_size: 6\n"),
                        encoding="utf-8")
        assert len(lineup_for_folder(networked)) == 3  # what kldocs composes unless told
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["networks", str(networked), "--out", str(out / "networks"),
                                          "--networks", "4"])
        assert result.exit_code == 0, result.output
        written = make("meetings", networked, out / "meetings")
        assert written.notes[0] == f"Networks from {out / 'networks' / 'networks.csv'}"
        assert sorted(p.name for p in (out / "meetings").glob("netvaerksmoede-1-*.docx")) == [
            f"netvaerksmoede-1-netvaerk-{n}.docx" for n in (1, 2, 3, 4)]
        # retitled, the folder it is in read as another partnership's: its own line-up, not the one written there
        path.write_text(path.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Et andet "), encoding="utf-8")
        manifest = out / "networks" / "manifest.json"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace(str(networked), "/et/andet/sted"),
                            encoding="utf-8")
        again = make("meetings", networked, tmp_path / "again" / "meetings")
        assert not any(note.startswith("Networks from") for note in again.notes)
        assert written_lineup(Folder(networked), out / "meetings") is None


class DescribeCheckAndBuild:
    def it_is_checked_by_kldocs_check(self, networked):
        report = check_folder(networked)
        assert report.problems == []
        assert "meeting.docx: fits the invitations to 4 meetings (8 invitations); 1 meeting without a day or a " \
               "place gets none yet" in report.ok

    def it_is_written_by_build_beside_the_other_kinds(self, example_dir, tmp_path):
        built = build_all(example_dir, tmp_path / "out")
        (line,) = [line for line in built.lines if line.startswith("Meetings:")]
        assert line.startswith("Meetings: 4 meetings; 4 invitations and 8 other files written to ")
        assert (tmp_path / "out" / "meetings" / "partnerskabsmoede-4.ics").is_file()

    def it_waits_for_registrations(self, example_copy):
        (example_copy / "registrations.csv").unlink()
        with pytest.raises(InputError) as caught:
            make("meetings", example_copy, example_copy.parent / "m")
        assert caught.value.problems == [f"{example_copy}: no meeting invitations can be written: there are no "
                                         "registrations yet"]


class DescribeTheCommand:
    def it_writes_the_invitations_calendars_and_lists_into_out(self, example_dir, tmp_path):
        out = tmp_path / "meetings"
        result = CliRunner().invoke(cli, ["meetings", str(example_dir), "--out", str(out), "--eml"])
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[-1].startswith(
            f"4 invitations, 4 e-mail drafts and 8 other files written to {out}")
        assert len(list(out.glob("*.ics"))) == 4

    def it_says_in_one_line_what_is_wrong(self, example_copy, tmp_path):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("ends: 15.30", "ends: 15.70", 1), encoding="utf-8")
        result = CliRunner().invoke(cli, ["meetings", str(example_copy), "--out", str(tmp_path / "m")])
        assert result.exit_code == 1
        (line,) = result.output.splitlines()
        assert line.startswith("Error: program.yaml, line ")
        assert ": timeline.milestones[2].ends: '15.70' is not an end; write a time of day: 15.00" in line



class DescribeWhoComesToWhichMeeting:
    """A participant group that takes part only in some kinds of meeting is counted and listed only at those."""

    def it_counts_politicians_only_at_the_seminars_they_come_to(self, networked):
        replace_block(networked, "participants", "groups:\n  - kind: staff\n    min: 3\n    max: 5\n"
                                                 "  - kind: politicians\n    max: 2\n    where: kun ved seminaret\n"
                                                 "    meetings: [seminar]")
        files = files_of(plan("meetings", networked))
        at_network = load_workbook(io.BytesIO(files["netvaerksmoede-1-netvaerk-2-deltagere.xlsx"]))["Deltagere"]
        network = lineup_for_folder(networked).networks[1]
        assert at_network.max_row - 1 == sum(r.participants for r in network.members)
        seminar = next(name for name in files if name.startswith("seminar") and name.endswith("-deltagere.xlsx"))
        at_seminar = load_workbook(io.BytesIO(files[seminar]))["Deltagere"]
        everyone = [r for n in lineup_for_folder(networked).networks for r in n.members]
        assert at_seminar.max_row - 1 == sum(r.participants + r.politicians for r in everyone)
        network_table = table_rows(files["netvaerksmoede-1-netvaerk-2.docx"])
        assert [row[2] for row in network_table[1:]] == [str(r.participants) for r in network.members]  # no "heraf"
        seminar_table = table_rows(files[seminar.removesuffix("-deltagere.xlsx") + ".docx"])
        counts = {row[0]: row[2] for row in seminar_table if len(row) == 3}
        frederiksberg = next(r for r in everyone if r.municipality.name == "Frederiksberg")
        assert counts["Frederiksberg Kommune"] == (f"{frederiksberg.participants + frederiksberg.politicians} "
                                                   f"(heraf {frederiksberg.politicians} politiker)")

    def it_tells_the_contacts_a_group_that_comes_only_to_some_meetings_is_asked_to_this_one(self, networked):
        replace_block(networked, "participants", "groups:\n  - kind: staff\n    min: 3\n    max: 5\n"
                                                 "  - kind: politicians\n    max: 2\n    meetings: [seminar]")
        program = load_program(networked)
        views = {g.noun.singular: meeting_view(program, g) for g in plan("meetings", networked).computed}
        assert views["seminar"].lead.endswith(" Til seminaret er også kommunernes politikere inviteret.")
        assert "politikere" not in views["netværksmøde"].lead
        files = files_of(plan("meetings", networked))
        seminar = next(name for name in files if name.startswith("seminar") and name.endswith(".docx"))
        assert "Til seminaret er også kommunernes politikere inviteret." in text(files[seminar])
        # a group at every meeting is no news at any of them, nor where only that group comes
        replace_block(networked, "participants", "groups:\n  - kind: staff\n    max: 5\n    meetings: [netværksmøde]\n"
                                                 "  - kind: politicians\n    max: 2\n    meetings: [seminar]")
        program = load_program(networked)
        assert all("også" not in meeting_view(program, g).lead for g in plan("meetings", networked).computed)
        # a meeting only they come to says it is theirs, and whom to pass it on to
        seminar = next(meeting_view(program, g) for g in plan("meetings", networked).computed
                       if g.noun.singular == "seminar")
        assert seminar.lead.endswith(" Seminaret er for kommunernes politikere.")
        assert "Send gerne invitationen videre til kommunens politikere." in mail_text(program, seminar)
        files = files_of(plan("meetings", networked))
        letter = next(name for name in files if name.startswith("seminar") and name.endswith(".docx"))
        assert "Send gerne invitationen videre til kommunens politikere." in as_read(text(files[letter]))

    def it_lists_each_seat_by_its_group_and_the_contact_only_where_the_staff_come(self, networked):
        replace_block(networked, "participants", "groups:\n  - kind: staff\n    max: 5\n    meetings: [netværksmøde]\n"
                                                 "  - kind: politicians\n    max: 2\n    meetings: [seminar]")
        files = files_of(plan("meetings", networked))
        seminar = next(name for name in files if name.startswith("seminar") and name.endswith("-deltagere.xlsx"))
        rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(files[seminar]))["Deltagere"].iter_rows()]
        everyone = [r for n in lineup_for_folder(networked).networks for r in n.members]
        assert {row[2] for row in rows[1:]} == {"Politiker"} and len(rows) - 1 == sum(r.politicians for r in everyone)
        assert all(row[3:6] == [None, None, None] for row in rows[1:])  # the contact does not come: no one's name
        at_network = load_workbook(io.BytesIO(files["netvaerksmoede-1-netvaerk-2-deltagere.xlsx"]))["Deltagere"]
        assert {row[2].value for row in at_network.iter_rows(min_row=2)} == {"Medarbejder"}
        about = load_workbook(io.BytesIO(files[seminar]))["Mødet"]
        facts = {row[0].value: row[1].value for row in about.iter_rows(min_row=2) if row[0].value}
        assert facts["Kommuner"] == len({row[0] for row in rows[1:]}) == sum(1 for r in everyone if r.politicians)

    def it_counts_by_group_without_heraf_where_the_staff_do_not_come(self, networked):
        replace_block(networked, "participants", "groups:\n  - kind: staff\n    max: 5\n    meetings: [netværksmøde]\n"
                                                 "  - kind: politicians\n    max: 2\n    meetings: [seminar]")
        files = files_of(plan("meetings", networked))
        seminar = next(name for name in files if name.startswith("seminar") and name.endswith(".docx"))
        listed = [row for row in table_rows(files[seminar]) if len(row) == 3 and row != COLUMN_HEADINGS]
        counts = {row[0]: row[2] for row in listed}
        everyone = [r for n in lineup_for_folder(networked).networks for r in n.members if r.politicians]
        assert len(listed) == len(everyone) and all(row[2] != "0" for row in listed)  # no one sending no one
        assert counts == {r.municipality.official_name: f"{r.politicians} politiker{'e' if r.politicians > 1 else ''}"
                          for r in everyone}  # "1 politiker", not a bare "1" a reader takes for staff
        description = icalendar.Calendar.from_ical(files[seminar.removesuffix(".docx") + ".ics"])
        text = str(next(iter(description.walk("VEVENT")))["DESCRIPTION"])
        assert "deltager" not in text.split("tilmeldte deltagere:", 1)[1].split("Spørgsmål")[0]

    def it_says_which_of_the_invited_the_table_lists_where_some_send_no_one(self, networked):
        replace_block(networked, "participants", "groups:\n  - kind: staff\n    max: 5\n    meetings: [netværksmøde]\n"
                                                 "  - kind: politicians\n    max: 2\n    meetings: [seminar]")
        files = files_of(plan("meetings", networked))
        seminar = next(name for name in files if name.startswith("seminar") and name.endswith(".docx"))
        sending = sum(1 for n in lineup_for_folder(networked).networks for r in n.members if r.politicians)
        text = " ".join(" ".join(paragraphs(files[seminar])).split())
        assert 0 < sending < 24
        assert (f"Mødet er for alle 24 kommuner i partnerskabet. De {spell(sending)} kommuner, der har tilmeldt "
                "deltagere til mødet, fremgår af tabellen med kontaktperson og antal deltagere") in text
        network = next(name for name in files if name.startswith("netvaerksmoede-1-netvaerk-2") and name.endswith("x"))
        assert "Kommunernes kontaktpersoner og antal tilmeldte deltagere fremgår af tabellen" in " ".join(
            paragraphs(files[network]))  # every municipality sends staff to a network meeting

    def it_writes_no_invitation_to_a_meeting_no_one_registered_comes_to(self, networked):
        replace_block(networked, "participants", "groups:\n  - kind: staff\n    max: 5\n    meetings: [netværksmøde]\n"
                                                 "  - kind: politicians\n    max: 2\n    meetings: [seminar]")
        no_politicians(networked)
        planned = plan("meetings", networked)
        assert not any(f.relpath.startswith("seminar") for f in planned.files)
        assert any(f.relpath.startswith("netvaerksmoede-1") for f in planned.files)
        assert "No invitation to seminar: no registered municipality sends anyone to it" in planned.notes
        report = check_folder(networked)
        assert "meeting.docx: no invitation to seminar: no registered municipality sends anyone to it" in report.ok
        set_meetings(networked, "    - when: 2022-03-29" + NETWORK_MEETINGS.split("    - when: 2022-03-29")[1])
        with pytest.raises(InputError, match="no meeting invitations can be written: no registered municipality "
                                             "sends anyone to seminar"):
            plan("meetings", networked)
        built = build_all(networked, networked / "out")  # the other kinds are written, as for a meeting with no day
        assert "Meetings: skipped, no registered municipality sends anyone to seminar" in built.lines

    def it_writes_no_invitation_dated_after_its_meeting(self, networked):
        everything = {f.relpath for f in plan("meetings", networked).files}
        planned = plan("meetings", networked, date=dt.date(2021, 11, 1))
        written = {f.relpath for f in planned.files}
        assert not any(name.startswith("netvaerksmoede-1") for name in written)
        assert written == {name for name in everything if not name.startswith("netvaerksmoede-1")}
        assert any(n.startswith("No invitation to 1. netværksmøde i netværk 1: it is held on 28. oktober 2021, "
                                "before --date 1. november 2021") for n in planned.notes), planned.notes
        out = networked / "out" / "meetings"
        make("meetings", networked, out)
        later = plan("meetings", networked, date=dt.date(2021, 11, 1), out_dir=out)
        assert not any("no longer in the time plan" in n for n in later.notes), later.notes  # held, not gone

    def it_names_each_group_where_several_come_without_the_staff(self):
        from kldocs.documents.meetings import Invited

        invited = Invited("Kalundborg Kommune", "Bo", 3, "2 politikere og 1 forvaltningschef", whole=True,
                          groups=2)
        assert (invited.people, invited.in_words) == ("3 (2 politikere og 1 forvaltningschef)",
                                                      "3 deltagere: 2 politikere og 1 forvaltningschef")
        with_staff = Invited("Kalundborg Kommune", "Bo", 7, "heraf 2 politikere", groups=1)
        assert (with_staff.people, with_staff.in_words) == ("7 (heraf 2 politikere)", "7 deltagere, heraf 2 politikere")

    def it_names_a_kind_of_meeting_the_plan_does_not_hold_in_one_line(self, networked):
        replace_block(networked, "participants", "groups:\n  - kind: staff\n    max: 5\n"
                                                 "  - kind: politicians\n    max: 2\n    meetings: [konference]")
        (found,) = program_problems(networked)
        assert "participants.groups[1].meetings: the time plan holds no 'konference'" in found
        assert found.startswith("program.yaml, line ") and line_of(networked, "participants:") > 0


class DescribeAKindOfMeetingWithAnAdjective:
    """``politisk topmøde``: the adjective takes its definite form after the number, in every part of a meeting."""

    @pytest.fixture
    def summits(self, example_copy: Path) -> Path:
        path = example_copy / "program.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n  milestones:\n", "\n  default_meeting: politisk topmøde\n  milestones:\n", 1),
                        encoding="utf-8")
        return example_copy

    def it_numbers_the_meetings_with_the_adjective_in_its_definite_form(self, summits):
        planned = plan("meetings", summits)
        assert [g.label for g in planned.computed] == [
            "1. politiske topmøde", "2. politiske topmøde", "3. politiske topmøde", "4. politiske topmøde"]
        files = files_of(planned)
        body = letter(files["politisk-topmoede-1.docx"])
        assert body[2] == "Invitation til 1. politiske topmøde"
        assert body[3].startswith("KL inviterer hermed de deltagende kommuner til det første politiske topmøde i ")
        found = event(files["politisk-topmoede-1.ics"])
        assert str(found["SUMMARY"]) == "1. politiske topmøde – Stærke børnefællesskaber"
        assert "til det første politiske topmøde i " in str(found["DESCRIPTION"])

    def it_counts_them_in_the_plural_in_the_letters(self, summits):
        assert load_program(summits).timeline.meetings_phrase == "fire politiske topmøder"
