"""The time plan in the documents: every form of time, the period, the grouping, and meetings counted by kind.

Each test writes a time plan into a copy of the bundled example and reads the
rendered invitation (and, where it says the same, the agreement and the
summary), as a municipality would read them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import EXAMPLE_DIR
from docxfactory import BODY, W, as_read, paragraph_text, parts, styled_paragraphs, text
from kldocs.app import plan
from kldocs.cli import cli
from kldocs.documents.summary.facts import build_summary
from kldocs.inputs.folder import Folder


def write_timeline(folder: Path, milestones: list[str], *, start: str = "andet halvår 2025",
                   end: str = "andet halvår 2027", extra: str = "", covers: bool = False) -> None:
    """Replace the example's time plan with ``milestones`` (YAML flow mappings); without ``covers`` its price covers what the plan counts."""
    path = folder / "program.yaml"
    source = path.read_text(encoding="utf-8")
    items = "".join(f"\n    - {m}" for m in milestones) or " []"
    block = f"timeline:\n  heading: Tidsplan\n  start: {start}\n  end: {end}{extra}\n  milestones:{items}\n\n"
    source = re.sub(r"(?ms)^timeline:.*?(?=^pricing:)", block, source)
    if not covers:
        source = source.replace("  covers: fire partnerskabsmøder\n", "")
    for milestone in milestones:  # the registration's deadline is the time plan's, as a real programme has it
        if found := re.search(r"when: '([^']+)', text: Deadline for tilmelding, kind: deadline", milestone):
            source = source.replace("  deadline: 2021-08-16 12:00\n", f"  deadline: {found.group(1)}\n")
    path.write_text(source, encoding="utf-8")


def invitation(folder: Path) -> bytes:
    return plan("invitations", folder, to="Aarhus").files[0].make()


def agreement(folder: Path) -> bytes:
    return plan("agreements", folder, municipalities=("Aarhus",)).files[0].make()


COLUMN_HEADINGS = ["Hvornår", "Hvad"]
"""The time plan's heading row, repeated on every page and announced by a screen reader as the columns' headings."""


def plan_rows(data: bytes) -> list[list[str]]:
    """The rows of the time plan under its column headings: the tables after the paragraph that gives the period.

    A group (a half-year, a year) is a table of its own, headed by its label:
    a heading row, which Word repeats at the top of each page the group runs
    onto, so that a milestone after a page break is never read as the group
    before's. The first table is headed by the column headings before that.
    """
    body = etree.fromstring(parts(data)[BODY]).find(f"{{{W}}}body")
    after_period, rows, tables = False, [], 0
    for element in body:
        if element.tag == f"{{{W}}}p" and "Partnerskabet løber fra" in paragraph_text(element):
            after_period = True
        elif element.tag == f"{{{W}}}tbl" and after_period:
            found = list(element.iter(f"{{{W}}}tr"))
            if not tables:
                heading = found.pop(0)
                assert heading.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None
                assert cells(heading) == COLUMN_HEADINGS
            labels = [len(cells(row)) == 1 for row in found]
            assert [row.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None for row in found] == labels
            assert labels[1:] == [False] * (len(labels) - 1), "a label heads its table"
            rows += [cells(row) for row in found]
            tables += 1
        elif tables and not (element.tag == f"{{{W}}}p" and not paragraph_text(element).strip()):
            break  # after the gaps between the tables
    return rows


def cells(row: etree._Element) -> list[str]:
    return [as_read("".join(t.text or "" for t in cell.iter(f"{{{W}}}t"))) for cell in row.iter(f"{{{W}}}tc")]


def paragraph_with(data: bytes, start: str) -> str:
    (found,) = [line for line in text(data).splitlines() if line.startswith(start)]
    return found


# A real second partnership: 2025–2027, five network meetings and three seminars for all networks.
NETWORK_MEETINGS_AND_SEMINARS = [
    "{when: '5. maj 2025 kl. 12.00', text: Deadline for tilmelding, kind: deadline}",
    "{when: '5. maj – 30. juni 2025', text: Dialog med deltagerkommuner}",
    "{when: 2025-09-04, text: Netværksmøde 1, meeting: netværksmøde}",
    "{when: 4. kvartal 2025, text: Seminar for alle netværk, meeting: seminar}",
    "{when: 15. januar 2026, text: Netværksmøde 2, meeting: netværksmøde}",
    "{when: 2026-03-12, text: Netværksmøde 3, meeting: netværksmøde}",
    "{when: 2026-Q2, text: Seminar om ledelse, meeting: seminar}",
    "{when: andet halvår 2026, text: Netværksmøde 4, meeting: netværksmøde}",
    "{when: 2027, text: Lokalt udviklingsarbejde}",
    "{when: 2027-05-06T09:30, text: Netværksmøde 5, meeting: netværksmøde}",
    "{when: 2027-09, text: Afsluttende seminar, meeting: seminar}",
]


EXAMPLE_ROWS = [
    ["2021 – andet halvår"],
    ["16. august 2021 kl. 12.00", "Deadline for tilmelding"],
    ["August 2021", "Dialog med deltagerkommuner."],
    ["14. september 2021", "Partnerskabsmøde 1 – afholdes fysisk"],
    ["25. november 2021", "Partnerskabsmøde 2 – afholdes virtuelt"],
    ["2022 – første halvår"],
    ["13. januar 2022", "Partnerskabsmøde 3 – afholdes virtuelt"],
    ["15. marts 2022", "Partnerskabsmøde 4 – afholdes fysisk"],
]
"""The bundled example's time plan, as its invitation and agreement have always printed it."""


def test_a_meeting_after_the_partnerships_end_is_refused(example_copy):
    from programfactory import program_problems

    write_timeline(example_copy, [
        "{when: '16. august 2021 kl. 12.00', text: Deadline for tilmelding, kind: deadline}",
        "{when: 2021-09-14, text: Partnerskabsmøde 1, kind: meeting}",
        "{when: 2022-03-04, text: Partnerskabsmøde 2, kind: meeting}",
        "{when: 2022-03-31, text: Formidling af resultaterne}",  # not a meeting: may come after
    ], start="august 2021", end="februar 2022")
    (problem,) = program_problems(example_copy)
    assert problem.endswith("timeline.milestones[2].when: a meeting on 4. marts 2022 is after the partnership's end "
                            "(februar 2022, timeline.end); is the year right?")


def test_a_step_before_the_letters_date_is_noted_and_a_deadline_refused(example_copy):
    from kldocs.app import check_folder
    from programfactory import line_of, program_problems

    write_timeline(example_copy, [  # the letter is dated 14 June 2021
        "{when: maj 2021, text: KL's bestyrelse godkender partnerskabet}",  # came before the invitation: right
        "{when: uge 7 2020, text: Sammensætning af netværk}",
        "{when: '16. august 2021 kl. 12.00', text: Deadline for tilmelding, kind: deadline}",
        "{when: 2021-09-14, text: Partnerskabsmøde 1, kind: meeting}",
    ], start="august 2021", end="februar 2022")
    report = check_folder(example_copy, render=False)
    assert report.problems == []
    assert ("timeline.milestones[1].when: uge 7 2020 ('Sammensætning af netværk') is before the letter's date (14. "
            "juni 2021, letter.date): right for a step that came before the invitation; else, is the year right?"
            ) in report.notes
    assert sum("before the letter's date" in note for note in report.notes) == 2
    write_timeline(example_copy, [
        "{when: '16. august 2021 kl. 12.00', text: Deadline for tilmelding, kind: deadline}",
        "{when: 2020-09-01, text: Frist for tilmelding af deltagere, kind: deadline}",
        "{when: 2021-09-14, text: Partnerskabsmøde 1, kind: meeting}",
    ], start="august 2021", end="februar 2022")
    assert program_problems(example_copy) == [
        f"program.yaml, line {line_of(example_copy, '2020-09-01')}: timeline.milestones[1].when: a deadline on 1. "
        "september 2020 is before the letter's date (14. juni 2021, letter.date); is the year right?"]


def test_a_meeting_before_the_letters_date_is_refused_at_its_own_line_not_the_deadlines(example_copy):
    from programfactory import line_of, program_problems

    write_timeline(example_copy, [
        "{when: '16. august 2021 kl. 12.00', text: Deadline for tilmelding, kind: deadline}",
        "{when: 2020-09-14, text: Partnerskabsmøde 1, kind: meeting}",
        "{when: 2021-11-04, text: Netværksmøde, kind: meeting, networks: alle, held: [{networks: [1], when: 2021-05-04}]}",
    ], start="august 2021", end="februar 2022")
    assert program_problems(example_copy) == [
        f"program.yaml, line {line_of(example_copy, '2020-09-14')}: timeline.milestones[1].when: a meeting on 14. "
        "september 2020 is before the letter's date (14. juni 2021, letter.date); is the year right?",
        f"program.yaml, line {line_of(example_copy, '2021-11-04')}: timeline.milestones[2].when: a meeting on 4. maj "
        "2021 is before the letter's date (14. juni 2021, letter.date); is the year right?",
    ]


class DescribeANetworkMeetingHeldOnDaysOfItsOwn:
    def it_prints_the_span_of_the_days_the_networks_meet_on(self, example_copy):
        write_timeline(example_copy, [
            "{when: '16. august 2021 kl. 12.00', text: Deadline for tilmelding, kind: deadline}",
            "{when: '14. september 2021 kl. 10.00', text: Netværksmøde 1, kind: meeting, meeting: netværksmøde, "
            "place: KL-Huset, ends: '14.00', held: [{networks: [2], when: '15. september 2021 kl. 10.00', "
            "place: Odense}, {networks: [3], when: '16. september 2021 kl. 9.30', place: Aarhus}]}",
            "{when: 4. kvartal 2021, text: Netværksmøde 2, kind: meeting, meeting: netværksmøde, "
            "held: [{networks: [1], when: '7. oktober 2021', place: Aarhus}]}",
        ], start="august 2021", end="december 2021", extra="\n  group_by: none")
        rows = [["16. august 2021 kl. 12.00", "Deadline for tilmelding"],
                ["14.–16. september 2021", "Netværksmøde 1"],  # not 14 September alone: two networks meet later
                ["4. kvartal 2021", "Netværksmøde 2"]]  # its days within the quarter it gives
        assert plan_rows(invitation(example_copy)) == rows
        assert plan_rows(agreement(example_copy)) == rows[1:]


class DescribeTheAgreementsTimePlan:
    """A municipality with an agreement has signed up: the deadline of signing up is no longer its concern."""

    def it_leaves_out_the_deadlines_of_signing_up_and_keeps_every_other(self, example_copy):
        write_timeline(example_copy, [
            "{when: '16. august 2021 kl. 12.00', text: Deadline for tilmelding, kind: deadline}",
            "{when: 2021-09-01, text: Frist for tilmelding af deltagere til partnerskabsmøde 1, kind: deadline}",
            "{when: 2021-09-14, text: Partnerskabsmøde 1, kind: meeting}",
            "{when: 2021-10-01, text: Frist for tilmelding af deltagere til temadagen, kind: deadline}",
            "{when: 2021-11-25, text: Frist for kommunalbestyrelsens godkendelse, kind: deadline, approval: ja}",
            "{when: 2021-12-02, text: Temadag, kind: meeting, meeting: temadag}",
        ], start="august 2021", end="december 2021", extra="\n  group_by: none")
        everything = [["16. august 2021 kl. 12.00", "Deadline for tilmelding"],
                      ["1. september 2021", "Frist for tilmelding af deltagere til partnerskabsmøde 1"],
                      ["14. september 2021", "Partnerskabsmøde 1"],
                      ["1. oktober 2021", "Frist for tilmelding af deltagere til temadagen"],
                      ["25. november 2021", "Frist for kommunalbestyrelsens godkendelse"],
                      ["2. december 2021", "Temadag"]]
        assert plan_rows(invitation(example_copy)) == everything
        assert plan_rows(agreement(example_copy)) == everything[1:]

    def it_leaves_out_a_deadline_of_telling_interest(self, example_copy):
        write_timeline(example_copy, [
            "{when: '16. august 2021 kl. 12.00', text: Frist for interessetilkendegivelse, kind: deadline}",
            "{when: 2021-09-14, text: Partnerskabsmøde 1, kind: meeting}",
        ], start="august 2021", end="december 2021", extra="\n  group_by: none")
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  mode: sign-up\n", "  mode: interest\n")
                        .replace("  binding: ja\n", ""),
                        encoding="utf-8")
        assert plan_rows(agreement(example_copy)) == [["14. september 2021", "Partnerskabsmøde 1"]]


class DescribeTheBundledExample:
    """The example's documents are as before: grouped by half-year, every date with its year."""

    def it_prints_the_invitations_time_plan_as_the_seed(self):
        data = invitation(EXAMPLE_DIR)
        assert plan_rows(data) == EXAMPLE_ROWS
        assert "Partnerskabet løber fra august 2021 til marts 2022. Tidsplanen er tentativ" in text(data)
        assert "Prisen dækker fire partnerskabsmøder." in text(data)

    def it_prints_the_agreements_time_plan_without_the_deadline_it_was_signed_up_by(self):
        data = agreement(EXAMPLE_DIR)
        assert plan_rows(data) == [row for row in EXAMPLE_ROWS if row[-1] != "Deadline for tilmelding"]
        assert "Partnerskabet løber fra august 2021 til marts 2022. Tidsplanen er tentativ" in text(data)

    def it_counts_the_example_meetings_in_the_summary_as_before(self):
        assert build_summary(Folder(EXAMPLE_DIR), networks=False).facts.endswith(
            "Kommunerne har mødt hinanden på fire partnerskabsmøder.")


class DescribeEveryFormOfTime:
    @pytest.mark.parametrize(
        ("danish", "iso", "printed"),
        [
            ("5. maj 2025", "2025-05-05", "5. maj 2025"),
            ("5. maj 2025 kl. 12.00", "2025-05-05T12:00", "5. maj 2025 kl. 12.00"),
            ("5. maj – 30. juni 2025", "2025-05-05/2025-06-30", "5. maj – 30. juni 2025"),
            ("uge 38 2025", "2025-W38", "Uge 38 2025"),
            ("maj 2025", "2025-05", "Maj 2025"),
            ("4. kvartal 2025", "2025-Q4", "4. kvartal 2025"),
            ("andet halvår 2025", "2025-H2", "Andet halvår 2025"),
            ("2025", "2025", "2025"),
        ],
    )
    def it_prints_each_form_whether_written_in_danish_or_iso(self, example_copy, danish, iso, printed):
        for written in (danish, iso):
            write_timeline(example_copy, [f"{{when: '{written}', text: Milepæl}}"], extra="\n  group_by: none")
            assert plan_rows(invitation(example_copy)) == [[printed, "Milepæl"]]

    def it_reads_the_seeds_own_spelling_of_a_time(self, example_copy):
        write_timeline(example_copy, ["{when: '16. august 2021 kl.12.00', text: Deadline for tilmelding}"],
                       start="august 2021", end="marts 2022", extra="\n  group_by: none")
        assert plan_rows(invitation(example_copy)) == [["16. august 2021 kl. 12.00", "Deadline for tilmelding"]]


class DescribeThePeriod:
    @pytest.mark.parametrize(
        ("start", "end", "sentence"),
        [
            ("andet halvår 2025", "andet halvår 2027", "fra andet halvår 2025 til andet halvår 2027."),
            ("2025-H2", "2027-H2", "fra andet halvår 2025 til andet halvår 2027."),
            ("august 2021", "marts 2022", "fra august 2021 til marts 2022."),
            ("4. kvartal 2017", "2. kvartal 2018", "fra 4. kvartal 2017 til 2. kvartal 2018."),
            ("2025", "2027", "fra 2025 til 2027."),
            ("1. september 2025", "2026-06-30", "fra 1. september 2025 til 30. juni 2026."),
            ("maj 2025", "december 2025", "fra maj til december 2025."),
        ],
    )
    def it_follows_the_precision_of_its_ends(self, example_copy, start, end, sentence):
        write_timeline(example_copy, [], start=start, end=end)
        assert paragraph_with(invitation(example_copy), "Partnerskabet løber").endswith(f"løber {sentence}")
        assert paragraph_with(agreement(example_copy), "Partnerskabet løber").endswith(f"løber {sentence}")


class DescribeTheGrouping:
    def it_groups_by_half_year_with_the_year_in_each_date_by_default(self, example_copy):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS[:5])
        assert plan_rows(invitation(example_copy)) == [
            ["2025 – første halvår"],
            ["5. maj 2025 kl. 12.00", "Deadline for tilmelding"],
            ["5. maj – 30. juni 2025", "Dialog med deltagerkommuner"],
            ["2025 – andet halvår"],
            ["4. september 2025", "Netværksmøde 1"],
            ["4. kvartal 2025", "Seminar for alle netværk"],
            ["2026 – første halvår"],
            ["15. januar 2026", "Netværksmøde 2"],
        ]

    def it_leaves_the_year_out_under_a_half_year_when_told(self, example_copy):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS[:5], extra="\n  repeat_year: nej")
        assert plan_rows(invitation(example_copy)) == [
            ["2025 – første halvår"],
            ["5. maj kl. 12.00", "Deadline for tilmelding"],
            ["5. maj – 30. juni", "Dialog med deltagerkommuner"],
            ["2025 – andet halvår"],
            ["4. september", "Netværksmøde 1"],
            ["4. kvartal", "Seminar for alle netværk"],
            ["2026 – første halvår"],
            ["15. januar", "Netværksmøde 2"],
        ]

    @pytest.mark.parametrize(("repeat", "printed"), [("nej", "I løbet af året"), ("ja", "2027")])
    def it_puts_a_whole_year_under_its_year_before_the_halves(self, example_copy, repeat, printed):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS[8:], extra=f"\n  repeat_year: {repeat}")
        assert plan_rows(invitation(example_copy)) == [
            ["2027"],
            [printed, "Lokalt udviklingsarbejde"],  # not under "2027 – første halvår", as if it were that half
            ["2027 – første halvår"],
            ["6. maj kl. 9.30" if repeat == "nej" else "6. maj 2027 kl. 9.30", "Netværksmøde 5"],
            ["2027 – andet halvår"],
            ["September" if repeat == "nej" else "September 2027", "Afsluttende seminar"],
        ]

    def it_groups_by_year_leaving_the_year_out_of_the_dates(self, example_copy):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS, extra="\n  group_by: year")
        assert plan_rows(invitation(example_copy)) == [
            ["2025"],
            ["5. maj kl. 12.00", "Deadline for tilmelding"],
            ["5. maj – 30. juni", "Dialog med deltagerkommuner"],
            ["4. september", "Netværksmøde 1"],
            ["4. kvartal", "Seminar for alle netværk"],
            ["2026"],
            ["15. januar", "Netværksmøde 2"],
            ["12. marts", "Netværksmøde 3"],
            ["2. kvartal", "Seminar om ledelse"],
            ["Andet halvår", "Netværksmøde 4"],
            ["2027"],
            ["I løbet af året", "Lokalt udviklingsarbejde"],  # under its own heading, not "2027" twice
            ["6. maj kl. 9.30", "Netværksmøde 5"],  # the year holds it: in the order the programme gives
            ["September", "Afsluttende seminar"],
        ]

    def it_prints_the_parts_of_a_month_or_year_and_the_seasons_as_written(self, example_copy):
        write_timeline(example_copy, [
            "{when: 'primo maj 2025', text: Opstart}",
            "{when: efteråret 2025, text: Netværksmøde 1, meeting: netværksmøde}",
            "{when: vinteren 2025/26, text: Lokalt arbejde}",
            "{when: ultimo 2026, text: Midtvejsevaluering}",
            "{when: 'medio marts 2027', text: Afsluttende seminar, meeting: seminar}",
        ], start="foråret 2025", end="ultimo juni 2027", extra="\n  group_by: year")
        data = invitation(example_copy)
        assert plan_rows(data) == [
            ["2025"], ["Primo maj", "Opstart"], ["Efteråret", "Netværksmøde 1"],
            ["Vinteren 2025/26", "Lokalt arbejde"],  # in two years: both said, under the year it starts in
            ["2026"], ["Ultimo året", "Midtvejsevaluering"],
            ["2027"], ["Medio marts", "Afsluttende seminar"],
        ]
        assert "Partnerskabet løber fra foråret 2025 til ultimo juni 2027." in as_read(text(data))

    def it_puts_a_week_under_the_year_that_numbers_it(self, example_copy):
        # week 1 of 2026 begins on Monday 29 December 2025; week 27 of 2026 (29 June - 5 July) is mostly July
        write_timeline(example_copy, ["{when: '2025-12-15', text: Julemøde}", "{when: 'uge 1 2026', text: Opstart}",
                                      "{when: 'uge 27 2026', text: Sommermøde}"], extra="\n  group_by: year")
        assert plan_rows(invitation(example_copy)) == [["2025"], ["15. december", "Julemøde"], ["2026"],
                                                       ["Uge 1", "Opstart"], ["Uge 27", "Sommermøde"]]
        write_timeline(example_copy, ["{when: 'uge 27 2026', text: Sommermøde}"])
        assert plan_rows(invitation(example_copy)) == [["2026 – andet halvår"], ["Uge 27 2026", "Sommermøde"]]

    def it_keeps_the_programmes_order_where_the_calendar_gives_none_and_puts_the_rest_in_order(self, example_copy):
        write_timeline(example_copy, [
            "{when: 2025-10-08, text: Midtvejsseminar}",
            "{when: 3. kvartal 2025, text: Sammensætning af netværk}",  # over after the seminar below begins
            "{when: 2025-09-25T14:00, text: Opstartsseminar om eftermiddagen}",
            "{when: 2025-09-25T10:00, text: Opstartsseminar om formiddagen}",  # earlier the same day
            "{when: 2025-09-25, text: Tilmelding lukker}",  # the whole day, beside its times
        ], extra="\n  group_by: none")
        assert plan_rows(invitation(example_copy)) == [
            ["3. kvartal 2025", "Sammensætning af netværk"],
            ["25. september 2025 kl. 10.00", "Opstartsseminar om formiddagen"],
            ["25. september 2025 kl. 14.00", "Opstartsseminar om eftermiddagen"],
            ["25. september 2025", "Tilmelding lukker"],
            ["8. oktober 2025", "Midtvejsseminar"],
        ]

    def it_keeps_the_year_of_a_range_that_runs_into_the_next(self, example_copy):
        write_timeline(example_copy, ["{when: '15. december 2025 – 15. januar 2026', text: Evaluering}",
                                      "{when: 2025-09-04, text: Netværksmøde 1}"], extra="\n  group_by: year")
        assert plan_rows(invitation(example_copy)) == [
            ["2025"], ["4. september", "Netværksmøde 1"], ["15. december 2025 – 15. januar 2026", "Evaluering"]]

    def it_lists_the_plan_without_headings_when_not_grouped(self, example_copy):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS[:5], extra="\n  group_by: none")
        assert plan_rows(invitation(example_copy)) == [
            ["5. maj 2025 kl. 12.00", "Deadline for tilmelding"],
            ["5. maj – 30. juni 2025", "Dialog med deltagerkommuner"],
            ["4. september 2025", "Netværksmøde 1"],
            ["4. kvartal 2025", "Seminar for alle netværk"],
            ["15. januar 2026", "Netværksmøde 2"],
        ]

    def it_prints_the_same_plan_in_the_agreement_but_the_deadline_of_signing_up(self, example_copy):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS, extra="\n  group_by: year")
        deadline = ["5. maj kl. 12.00", "Deadline for tilmelding"]
        assert plan_rows(agreement(example_copy)) == [row for row in plan_rows(invitation(example_copy))
                                                      if row != deadline]
        assert deadline in plan_rows(invitation(example_copy))


class DescribeMeetingsByKind:
    def it_counts_each_kind_where_the_price_says_what_it_covers(self, example_copy):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS)
        assert "Prisen dækker fem netværksmøder og tre seminarer." in text(invitation(example_copy))
        assert "Prisen for deltagelse dækker fem netværksmøder og tre seminarer." in text(agreement(example_copy))

    def it_counts_one_of_a_kind_with_its_article(self, example_copy):
        write_timeline(example_copy, ["{when: 2025-09-04, text: Møde, meeting: netværksmøde}",
                                      "{when: 2025-10-04, text: Konference, meeting: konference}",
                                      "{when: 2025-11-04, text: Besøg, meeting: besøg}",
                                      "{when: 2025-12-04, text: Besøg, meeting: besøg}"])
        assert "Prisen dækker et netværksmøde, en konference og to besøg." in text(invitation(example_copy))

    def it_keeps_what_the_programme_says_its_price_covers(self, example_copy):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS, covers=True)
        assert "Prisen dækker fire partnerskabsmøder." in text(invitation(example_copy))

    def it_says_nothing_of_meetings_when_the_plan_has_none(self, example_copy):
        write_timeline(example_copy, ["{when: 2025-09-04, text: Opstart}"])
        assert "Prisen dækker" not in text(invitation(example_copy))

    def it_counts_each_kind_in_the_summary(self, example_copy):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS)
        results = example_copy / "results.yaml"
        results.write_text(results.read_text(encoding="utf-8").replace("date: 2022-04-05", "date: 2028-01-10", 1),
                           encoding="utf-8")
        facts = build_summary(Folder(example_copy), networks=False).facts
        assert "fra andet halvår 2025 til andet halvår 2027." in facts
        assert facts.endswith("Kommunerne har mødt hinanden på fem netværksmøder og tre seminarer.")
        assert "otte" not in facts

    def it_counts_only_the_meetings_held_so_far_in_the_summary(self, example_copy):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS)
        results = example_copy / "results.yaml"
        results.write_text(results.read_text(encoding="utf-8").replace("date: 2022-04-05", "date: 2026-01-20", 1),
                           encoding="utf-8")
        facts = build_summary(Folder(example_copy), networks=False).facts
        assert facts.endswith("Kommunerne har indtil nu mødt hinanden på to netværksmøder og et seminar.")


class DescribeTheCommandLine:
    def it_gives_one_line_for_a_wrong_value(self, example_copy):
        write_timeline(example_copy, ["{when: 4. kvartl 2025, text: Seminar}"])
        result = CliRunner().invoke(cli, ["check", str(example_copy)])
        assert result.exit_code == 1
        (line,) = [line for line in result.output.splitlines() if "timeline" in line]
        assert "timeline.milestones[0].when: '4. kvartl 2025' is not a date (did you mean 'kvartal'?); write a day " \
               "(5. maj 2025, 5. maj 2025 kl. 12.00)" in line
        assert "4. kvartal 2025" in line and "2025-Q4" in line

    def it_passes_the_danish_kldocs_prints(self, example_copy):
        write_timeline(example_copy, NETWORK_MEETINGS_AND_SEMINARS, start="4. kvartal 2025", end="andet halvår 2027",
                       extra="\n  group_by: year")
        result = CliRunner().invoke(cli, ["check", str(example_copy)])
        assert result.exit_code == 0, result.output

    def it_describes_the_new_fields_in_the_schema(self):
        result = CliRunner().invoke(cli, ["schema"])
        schema = json.loads(result.output)
        timeline = schema["$defs"]["Timeline"]["properties"]
        assert timeline["group_by"]["examples"] == ["half-year", "year", "none"]
        assert "andet halvår 2025" in schema["$defs"]["Milestone"]["properties"]["when"]["examples"]
        assert "seminar" in schema["$defs"]["Milestone"]["properties"]["meeting"]["examples"]


class DescribeTheOpening:
    def it_prints_an_intro_of_paragraphs_and_lists_as_written_then_the_period(self, example_copy):
        path = example_copy / "program.yaml"
        source = path.read_text(encoding="utf-8")
        intro = re.search(r"(?ms)^  intro: >-\n.*?(?=^  start:)", source)
        assert intro, "the example's intro"
        path.write_text(source.replace(intro[0], "  intro: |\n    Tidsplanen har to faser:\n\n    - **Opstart** i "
                                                 "foråret\n    - Afprøvning\n"), encoding="utf-8")
        for data in (invitation(example_copy), agreement(example_copy)):
            styled = styled_paragraphs(data)
            start = next(i for i, (_, line) in enumerate(styled) if line == "Tidsplanen har to faser:")
            assert styled[start + 1:start + 5] == [
                ("List Bullet", "Opstart i foråret"), ("List Bullet", "Afprøvning"),
                ("Normal", "Partnerskabet løber fra august 2021 til marts 2022."),
                ("Normal", "Tidsplanen er tentativ, og der kan forekomme datoændringer.")]

    def it_leaves_out_the_period_when_the_programme_says_so(self, example_copy):
        path = example_copy / "program.yaml"
        source = path.read_text(encoding="utf-8")
        path.write_text(source.replace("  end: 2022-03\n", "  end: 2022-03\n  state_period: nej\n", 1),
                        encoding="utf-8")
        words = text(invitation(example_copy))
        assert "Partnerskabet løber fra" not in words
        assert ("partnerskabets gennemførelse. Tidsplanen er tentativ, og der kan forekomme datoændringer."
                in words)


def test_every_agreement_of_a_batch_gets_the_same_time_plan_object(example_dir):
    """So that the batch renders the time plan once (kldocs.engine.pieces compares objects by identity)."""
    from kldocs.documents.agreements import agreement_timeline

    program = Folder(example_dir).program
    first = agreement_timeline(program)
    assert first is agreement_timeline(program)
    assert len(first.milestones) == len(program.timeline.milestones) - 1  # without the sign-up deadline
    assert program.timeline.without(()) is program.timeline
