"""What a meeting of the time plan says for its invitation: place, times, length, networks and lasting name."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from docxfactory import as_read
from kldocs.danish.formatting import format_date
from kldocs.inputs.program import json_schema, load_program
from kldocs.inputs.timeline import EACH, TOGETHER, parse_clock, parse_duration, parse_networks
from programfactory import line_of, program_problems


def set_meetings(folder: Path, milestones: str) -> None:
    """Replace the example's milestones with ``milestones`` (YAML list items, indented four spaces)."""
    path = folder / "program.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  milestones:\n") + len("  milestones:\n")
    end = text.index("\npricing:")
    path.write_text(text[:start] + milestones.rstrip("\n") + "\n" + text[end:], encoding="utf-8")




def meeting(extra: str, when: str = "2021-10-28", kind: str = "meeting: netværksmøde") -> str:
    return f"    - when: {when}\n      text: Netværksmøde 1\n      {kind}\n" + "".join(
        f"      {line}\n" for line in extra.splitlines() if line)


class DescribeTheExample:
    def it_gives_each_meeting_its_place_and_times_and_prints_the_day_alone(self, program):
        meetings = program.timeline.meetings
        assert [(m.place, m.address, str(m.start), str(m.end)) for m in meetings] == [
            ("KL-Huset", "Weidekampsgade 10, 2300 København S", "2021-09-14 10:00:00", "2021-09-14 15:30:00"),
            ("Virtuelt (Teams)", None, "2021-11-25 09:30:00", "2021-11-25 14:30:00"),
            ("Virtuelt (Teams)", None, "2022-01-13 09:30:00", "2022-01-13 14:30:00"),
            ("Odense Congress Center", "Ørbækvej 350, 5220 Odense SØ", "2022-03-15 10:00:00", "2022-03-15 15:30:00"),
        ]
        # the time plan prints `when`, which keeps the day alone, as the letter of 2021 does
        assert [as_read(format_date(m.when)) for m in meetings] == ["14. september 2021", "25. november 2021",
                                                          "13. januar 2022", "15. marts 2022"]

    def it_holds_its_partnerskabsmoeder_for_all_together_and_names_them_by_number(self, program):
        timeline = program.timeline
        assert [timeline.networks_of(m) for m in timeline.meetings] == [TOGETHER] * 4
        assert [timeline.meeting_id(m) for m in timeline.meetings] == [
            "partnerskabsmoede-1", "partnerskabsmoede-2", "partnerskabsmoede-3", "partnerskabsmoede-4"]


class DescribeTimes:
    def it_reads_the_start_in_when_and_the_end_as_a_time_of_day_danish_or_iso(self, example_copy):
        set_meetings(example_copy, meeting("place: KL-Huset\nends: 15.00", when="28. oktober 2021 kl. 10.00")
                     + meeting("place: KL-Huset\nends: '16:30'", when="2021-11-04T09:00"))
        first, second = load_program(example_copy).timeline.meetings
        assert (first.start, first.end) == (dt.datetime(2021, 10, 28, 10), dt.datetime(2021, 10, 28, 15))
        assert (second.start, second.end) == (dt.datetime(2021, 11, 4, 9), dt.datetime(2021, 11, 4, 16, 30))

    def it_reads_a_start_beside_the_day_and_a_duration(self, example_copy):
        set_meetings(example_copy, meeting("place: KL-Huset\nstarts: kl. 9.30\nduration: 2 timer og 30 minutter"))
        (m,) = load_program(example_copy).timeline.meetings
        assert (m.start, m.end) == (dt.datetime(2021, 10, 28, 9, 30), dt.datetime(2021, 10, 28, 12))

    def it_reads_an_end_on_a_later_day(self, example_copy):
        set_meetings(example_copy, meeting("place: Hotel Koldingfjord\nends: 29. oktober 2021 kl. 12.00",
                                           when="2021-10-28 13:00", kind="meeting: seminar"))
        (m,) = load_program(example_copy).timeline.meetings
        assert m.end == dt.datetime(2021, 10, 29, 12)

    @pytest.mark.parametrize(("written", "minutes"), [
        ("2 timer", 120), ("1 time", 60), ("1½ time", 90), ("1,5 timer", 90), ("90 minutter", 90), ("45 min.", 45),
        ("2 timer og 30 minutter", 150), ("en time", 60), ("PT2H30M", 150), ("pt45m", 45),
    ])
    def it_reads_a_length_in_danish_or_iso(self, written, minutes):
        assert parse_duration(written) == dt.timedelta(minutes=minutes)

    @pytest.mark.parametrize(("written", "time"), [
        ("15.00", dt.time(15)), ("kl. 15.30", dt.time(15, 30)), ("15:00", dt.time(15)), ("klokken 9", dt.time(9)),
        ("9.05", dt.time(9, 5)),
    ])
    def it_reads_a_time_of_day_as_danes_write_it(self, written, time):
        assert parse_clock(written) == time


class DescribeWrongValues:
    def it_names_the_file_line_and_field_of_an_impossible_time(self, example_copy):
        set_meetings(example_copy, meeting("place: KL-Huset\nstarts: 10.00\nends: 25.00"))
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, 'ends: 25.00')}: timeline.milestones[0].ends: '25.00' is "
            "not an end; write a time of day: 15.00, kl. 15.00, 15:00 or 15, or for a meeting over more than one "
            "day a day and time: 15. september 2021 kl. 12.00 or 2021-09-15T12:00"]

    def it_refuses_an_end_without_a_start(self, example_copy):
        set_meetings(example_copy, meeting("place: KL-Huset\nends: 15.00"))
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, 'ends: 15.00')}: timeline.milestones[0].ends: the meeting "
            "has no start time; write when: 28. oktober 2021 kl. 10.00, or starts: 10.00"]

    def it_refuses_an_end_before_the_start(self, example_copy):
        set_meetings(example_copy, meeting("place: KL-Huset\nends: 9.00", when="28. oktober 2021 kl. 10.00"))
        (message,) = program_problems(example_copy)
        assert message.endswith("timeline.milestones[0].ends: kl. 9.00 is not after the meeting starts (kl. 10.00)")

    def it_refuses_both_an_end_and_a_duration(self, example_copy):
        set_meetings(example_copy, meeting("place: KL-Huset\nstarts: 10.00\nends: 12.00\nduration: 2 timer"))
        (message,) = program_problems(example_copy)
        assert message.endswith("timeline.milestones[0].duration: give ends or duration, not both")

    def it_refuses_a_time_for_a_meeting_without_a_day(self, example_copy):
        set_meetings(example_copy, meeting("starts: 10.00", when="2021-10"))
        (message,) = program_problems(example_copy)
        assert message.endswith("timeline.milestones[0].starts: the meeting has no day yet (oktober 2021); a time "
                                "needs one, as in when: 14. september 2021, or a day for each network in held")

    def it_gives_its_times_to_the_days_each_network_holds_it_on(self, example_copy):
        held = ("held:\n  - {networks: [1], when: 2021-10-05, place: Aarhus Rådhus}\n"
                "  - {networks: [2, 3], when: 2021-10-07, place: Odense Rådhus}")
        set_meetings(example_copy, meeting(f"place: KL-Huset\nstarts: 9.30\nduration: 3 timer\n{held}",
                                           when="uge 40 2021"))
        (milestone,) = load_program(example_copy).timeline.meetings
        assert [(str(m.start), str(m.end)) for m in (milestone.for_network(1), milestone.for_network(2))] == [
            ("2021-10-05 09:30:00", "2021-10-05 12:30:00"), ("2021-10-07 09:30:00", "2021-10-07 12:30:00")]

    def it_refuses_an_end_on_a_day_of_its_own_for_days_each_network_gives(self, example_copy):
        held = "held:\n  - {networks: [1, 2, 3], when: 2021-10-05, place: Aarhus Rådhus}"
        set_meetings(example_copy, meeting(f"place: KL-Huset\nstarts: 9.30\nends: 20. december 2021 kl. 12.00\n"
                                           f"{held}", when="uge 40 2021"))
        (message,) = program_problems(example_copy)
        assert message.endswith("timeline.milestones[0].ends: a meeting held on each network's own day ends that "
                                "day: give the time of day alone (ends: 12.00), or a day and time in each network's "
                                "held")

    def it_refuses_a_start_twice(self, example_copy):
        set_meetings(example_copy, meeting("starts: 10.00", when="28. oktober 2021 kl. 10.00"))
        (message,) = program_problems(example_copy)
        assert message.endswith("timeline.milestones[0].starts: when gives the time already (kl. 10.00); leave out "
                                "one of them")

    def it_refuses_a_place_for_what_is_not_a_meeting(self, example_copy):
        set_meetings(example_copy, "    - when: 2021-08-16\n      text: Frist\n      kind: deadline\n"
                                   "      place: KL-Huset\n")
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, 'place: KL-Huset')}: timeline.milestones[0].place: only a "
            "meeting has a place; write kind: meeting (or meeting: netværksmøde, seminar …), or leave it out"]

    def it_refuses_an_address_without_a_place(self, example_copy):
        set_meetings(example_copy, meeting("address: Weidekampsgade 10, 2300 København S"))
        (message,) = program_problems(example_copy)
        assert message.endswith("timeline.milestones[0].address: give the place too (place: KL-Huset), which the "
                                "invitation names before the address")

    def it_refuses_a_length_it_cannot_read(self, example_copy):
        set_meetings(example_copy, meeting("place: KL-Huset\nstarts: 10.00\nduration: to timer"))
        (message,) = program_problems(example_copy)
        assert message.endswith("timeline.milestones[0].duration: 'to timer' is not a length of time; write hours "
                                "and minutes: 2 timer, 1½ time, 90 minutter, 2 timer og 30 minutter, or ISO 8601: "
                                "PT2H30M")

    def it_refuses_networks_it_cannot_read(self, example_copy):
        set_meetings(example_copy, meeting("networks: nogle"))
        (message,) = program_problems(example_copy)
        assert "timeline.milestones[0].networks: 'nogle' names no networks; write alle (each network meets on its " \
               "own), fælles (all networks together), or the numbers of the networks" in message


class DescribeNetworks:
    @pytest.mark.parametrize(("written", "read"), [
        ("alle", EACH), ("hvert", EACH), ("fælles", TOGETHER), ("samlet", TOGETHER), (["3", "1"], (1, 3)),
        ("1 og 3", (1, 3)), ("2", (2,)), ("1, 2, 2", (1, 2)),
    ])
    def it_reads_each_all_together_or_the_numbers(self, written, read):
        assert parse_networks(written) == read

    def it_holds_a_network_meeting_per_network_and_a_seminar_for_all_by_default(self, example_copy):
        set_meetings(example_copy, meeting("") + meeting("", kind="meeting: seminar")
                     + meeting("networks: [1, 3]") + meeting("networks: fælles"))
        timeline = load_program(example_copy).timeline
        assert [timeline.networks_of(m) for m in timeline.milestones] == [EACH, TOGETHER, (1, 3), TOGETHER]


class DescribeTheLastingName:
    def it_numbers_the_meetings_of_each_kind_in_calendar_order_counting_those_without_a_day(self, example_copy):
        set_meetings(example_copy, meeting("", when="2021-12") + meeting("", when="2021-10-28")
                     + meeting("", kind="meeting: seminar") + meeting("id: Afslutning", when="2022-03-01"))
        timeline = load_program(example_copy).timeline
        assert [timeline.meeting_id(m) for m in timeline.milestones] == [
            "netvaerksmoede-2", "netvaerksmoede-1", "seminar-1", "afslutning"]

    def it_keeps_the_name_when_the_date_changes(self, example_copy):
        set_meetings(example_copy, meeting("") + meeting("", when="2021-12-02"))
        timeline = load_program(example_copy).timeline
        before = [timeline.meeting_id(m) for m in timeline.milestones]
        set_meetings(example_copy, meeting("", when="2021-11-04") + meeting("", when="2021-12-09"))
        timeline = load_program(example_copy).timeline
        assert [timeline.meeting_id(m) for m in timeline.milestones] == before == ["netvaerksmoede-1",
                                                                                   "netvaerksmoede-2"]

    def it_refuses_two_meetings_of_one_name(self, example_copy):
        set_meetings(example_copy, meeting("") + meeting("id: netvaerksmoede-1", when="2021-12-02"))
        (message,) = program_problems(example_copy)
        assert message.endswith("timeline: milestones[1].id: 'netvaerksmoede-1' names milestones[0] too; give each "
                                "meeting an id of its own")


class DescribeTheSchema:
    def it_describes_every_field_of_a_meeting_with_examples(self):
        schema = json.loads(json_schema())
        properties = schema["$defs"]["Milestone"]["properties"]
        for name in ("id", "place", "address", "starts", "ends", "duration", "networks"):
            assert properties[name].get("description"), name
            assert properties[name].get("examples"), name


def test_a_held_network_is_a_number_and_a_municipality_its_code_or_name():
    from kldocs.inputs.timeline import HeldBy

    assert HeldBy(networks=["2", "0751", "101", "Læsø"], place="x").networks == (2, "Aarhus", "København", "Læsø")
