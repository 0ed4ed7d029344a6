import datetime as dt
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import SECOND_EXAMPLE
from kldocs.danish.when import EXAMPLES, When
from kldocs.inputs.program import json_schema, load_program
from programfactory import line_of, program_problems


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "program.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")




class DescribeTheExample:
    def it_holds_the_seed_letters_facts(self, program):
        assert program.letter.case_id == "SAG-2021-00945"
        assert program.letter.document_id == "3069036"
        assert str(program.letter.date) == "2021-06-14"
        assert program.pricing.price == Decimal(55000)
        assert program.pricing.vat == "ex"
        assert program.pricing.vat_rate == Decimal("0.25")
        assert program.sender.postal_line == "2300 København S"
        assert str(program.registration.deadline) == "2021-08-16 12:00"
        assert program.registration.binding is True
        assert [c.name for c in program.contacts] == ["Aleksandra Raaschou Beck", "Lisbeth Due Pedersen"]
        assert program.letterhead_email == "ARBE@kl.dk"
        assert program.letterhead_phone == "3370 3469"
        assert len(program.focus_areas.catalogue) == 8
        assert len(program.timeline.meetings) == 4

    def it_groups_the_time_plan_by_half_year(self, program):
        groups = [(g.label, [m.text for m in g.milestones]) for g in program.timeline.groups]
        assert groups == [
            ("2021 – andet halvår", ["Deadline for tilmelding", "Dialog med deltagerkommuner.",
                                     "Partnerskabsmøde 1 – afholdes fysisk", "Partnerskabsmøde 2 – afholdes virtuelt"]),
            ("2022 – første halvår", ["Partnerskabsmøde 3 – afholdes virtuelt", "Partnerskabsmøde 4 – afholdes fysisk"]),
        ]

    def it_splits_running_text_into_paragraphs_and_bullets(self, program):
        kinds = [b.kind for b in program.content.text]
        assert kinds == ["paragraph", "paragraph", "paragraph", "bullets", "paragraph"]
        bullets = program.content.text[3].items
        assert bullets[1].text == "Sparringsgrupper med andre relevante kommuner fra partnerskabet."
        assert bullets[0].text.endswith("styringsformer, organisering mv.")


class DescribeYamlTraps:
    def it_reads_a_price_with_a_thousands_dot_as_danes_mean_it(self, example_copy):
        edit(example_copy, "price: 55.000", "price: 55.000,50")
        assert load_program(example_copy).pricing.price == Decimal("55000.50")

    def it_refuses_a_price_in_english_notation(self, example_copy):
        edit(example_copy, "price: 55.000", "price: 55,000.00")
        (message,) = program_problems(example_copy)
        assert "pricing.price: must be an amount in kroner" in message
        assert "did you mean '55.000,00'?" in message

    def it_keeps_a_postcode_with_a_leading_zero(self, example_copy):
        edit(example_copy, "postcode: 2300", "postcode: 0800")
        assert load_program(example_copy).sender.postcode == "0800"

    def it_keeps_a_document_id_as_written(self, example_copy):
        edit(example_copy, "document_id: 3069036", "document_id: 0306903")
        assert load_program(example_copy).letter.document_id == "0306903"

    def it_reads_ja_and_nej(self, example_copy):
        edit(example_copy, "binding: ja", "binding: nej")
        assert load_program(example_copy).registration.binding is False

    def it_does_not_turn_no_into_false_where_text_is_expected(self, example_copy):
        edit(example_copy, "short_title: Stærke børnefællesskaber", "short_title: no")
        assert load_program(example_copy).short_title == "no"


class DescribeValidationMessages:
    def it_names_the_path_of_a_bad_add_on_price(self, example_copy):
        edit(example_copy, "price: 15.000", "price: 0")
        n = line_of(example_copy, "price: 0")
        assert program_problems(example_copy) == [f"program.yaml, line {n}: pricing.add_ons[0].price: must be greater than 0"]

    def it_suggests_the_key_meant(self, example_copy):
        edit(example_copy, "  covers:", "  cover:")
        n = line_of(example_copy, "  cover:")
        assert program_problems(example_copy) == [f"program.yaml, line {n}: pricing.cover: unknown key (did you mean 'covers'?)"]

    def it_lists_the_known_keys_when_nothing_is_close(self, example_copy):
        edit(example_copy, "  covers:", "  zzz:")
        (message,) = program_problems(example_copy)
        n = line_of(example_copy, "zzz:")
        assert message.startswith(f"program.yaml, line {n}: pricing.zzz: unknown key; expected one of heading, price")

    def it_names_a_missing_field(self, example_copy):
        edit(example_copy, "  deadline: 2021-08-16 12:00\n", "")
        n = line_of(example_copy, "registration:") + 1  # the mapping starts on the line after its key
        assert program_problems(example_copy) == [f"program.yaml, line {n}: registration.deadline: is required"]

    def it_refuses_a_month_as_deadline(self, example_copy):
        edit(example_copy, "  deadline: 2021-08-16 12:00", "  deadline: 2021-08")
        (message,) = program_problems(example_copy)
        assert "registration.deadline: must be a day (YYYY-MM-DD) with an optional time (HH:MM), not 2021-08" in message

    def it_refuses_a_milestone_date_that_does_not_exist(self, example_copy):
        edit(example_copy, "when: 2021-09-14", "when: 2021-09-31")
        (message,) = program_problems(example_copy)
        n = line_of(example_copy, "when: 2021-09-31")
        assert message.startswith(f"program.yaml, line {n}: timeline.milestones[2].when: '2021-09-31' is not a real date")

    def it_refuses_a_bad_postcode_and_email(self, example_copy):
        edit(example_copy, "postcode: 2300", "postcode: 230")
        edit(example_copy, "email: ldpe@kl.dk", "email: ldpe at kl.dk")
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, 'postcode: 230')}: sender.postcode: "
            "must be a Danish postcode of four digits, such as 0800, not '230'",
            f"program.yaml, line {line_of(example_copy, 'ldpe at kl.dk')}: contacts[1].email: "
            "must be an e-mail address, not 'ldpe at kl.dk' (an e-mail address must have an @-sign)",
        ]

    def it_refuses_an_unknown_responsible_contact(self, example_copy):
        edit(example_copy, "responsible: arbe", "responsible: xyz")
        (message,) = program_problems(example_copy)
        assert "letter.responsible: 'xyz' is not the id of a contact (known: arbe, ldpe)" in message

    def it_names_every_problem_between_the_parts_at_once_each_at_its_line(self, example_copy):
        edit(example_copy, "responsible: arbe", "responsible: xyz")
        edit(example_copy, "  - id: ldpe\n", "  - id: arbe\n")
        edit(example_copy, "deadline: 2021-08-16 12:00", "deadline: 2021-06-01 12:00")  # before the letter
        found = program_problems(example_copy)
        assert found[:3] == [
            f"program.yaml, line {line_of(example_copy, '  - id: arbe', after=line_of(example_copy, 'id: arbe'))}: "
            "contacts[1].id: 'arbe' is the id of another contact too; give each contact an id of its own",
            f"program.yaml, line {line_of(example_copy, 'responsible: xyz')}: letter.responsible: 'xyz' is not the id "
            "of a contact (known: arbe)",
            f"program.yaml, line {line_of(example_copy, 'deadline: 2021-06-01')}: registration.deadline: tirsdag den "
            "1. juni 2021 kl. 12.00 is not after the letter's date (14. juni 2021, letter.date)",
        ]  # and the time plan's deadline milestone, which no longer gives the same day

    def it_refuses_a_vat_status_other_than_ex_or_incl(self, example_copy):
        edit(example_copy, "vat: ex", "vat: med")
        (message,) = program_problems(example_copy)
        assert "pricing.vat: must be 'ex' or 'incl'" in message

    def it_refuses_participant_limits_in_the_wrong_order(self, example_copy):
        edit(example_copy, "  min: 3\n", "  min: 7\n")
        (message,) = program_problems(example_copy)
        assert "participants: min (7) must not exceed max (5)" in message

    def it_refuses_a_key_given_twice(self, example_copy):
        edit(example_copy, "short_title: Stærke børnefællesskaber", "short_title: A\nshort_title: B")
        assert program_problems(example_copy) == [f"program.yaml, line {line_of(example_copy, 'short_title: B')}: short_title: is given twice"]

    def it_reports_every_problem_at_once(self, example_copy):
        edit(example_copy, "postcode: 2300", "postcode: x")
        edit(example_copy, "price: 15.000", "price: -1")
        edit(example_copy, "  covers:", "  cover:")
        assert len(program_problems(example_copy)) == 3

    def it_reports_broken_yaml_with_its_line(self, example_copy):
        edit(example_copy, "short_title: Stærke børnefællesskaber", "short_title: [unclosed")
        (message,) = program_problems(example_copy)
        assert message.startswith("program.yaml, line 1") and "is not valid YAML" in message

    @pytest.mark.parametrize(("old", "new", "said"), [
        ("\ninvitation:\n  title:", "\ninvitation:\n   title:",
         "the indentation of this line or of the lines just above it does not match: keys at one level start in the "
         "same column"),
        ("\ninvitation:\n  title: Invitation", "\ninvitation:\n  title: Invitation: til",
         "a value holds ': ' (a colon and a space); put the whole value in quotes"),
        ("\ninvitation:\n  title:", "\ninvitation:\n\ttitle:", "it holds a tab; indent with spaces"),
        ("short_title: Stærke børnefællesskaber", "short_title: [Stærke, børnefællesskaber",
         "a list in [ ] is not closed, or a value in it holds a comma"),
    ])
    def it_says_what_is_wrong_with_broken_yaml_in_plain_words(self, example_copy, old, new, said):
        edit(example_copy, old, new)
        (message,) = program_problems(example_copy)
        assert f": is not valid YAML: {said}" in message
        assert message.endswith(")")  # PyYAML's own words last, in brackets, for whoever knows them

    def it_says_when_program_yaml_is_missing(self, tmp_path):
        assert program_problems(tmp_path) == [f"program.yaml: not found in {tmp_path}"]


class DescribeSchema:
    def it_is_json_schema_for_editors(self):
        schema = json.loads(json_schema())
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert {"title", "sender", "pricing", "timeline"} <= set(schema["properties"])
        assert schema["additionalProperties"] is False

    def it_lets_an_editor_take_the_open_municipalities_as_text_or_a_list(self):
        to = json.loads(json_schema())["$defs"]["Invitation"]["properties"]["to"]
        # the text may look like a number to an editor (a code: 0751), which kldocs reads as the text written
        assert [kind["type"] for kind in to["anyOf"]] == [["string", "number"], "array"] and "type" not in to

    def it_describes_the_special_fields(self):
        text = json_schema()
        assert "Danish notation" in text and "4. kvartal 2025 or 2025-Q4" in text

    def it_describes_the_time_plan_with_an_example_of_every_form(self):
        timeline = json.loads(json_schema())["$defs"]["Timeline"]["properties"]
        milestone = json.loads(json_schema())["$defs"]["Milestone"]["properties"]
        assert milestone["when"]["examples"] == list(EXAMPLES)
        assert "pattern" not in milestone["when"]  # an editor must not flag '4. kvartal 2017'
        assert "andet halvår 2025" in timeline["start"]["examples"]
        assert timeline["group_by"]["enum"] == ["half-year", "year", "none"]
        assert timeline["group_by"]["default"] == "half-year" and timeline["group_by"]["examples"]
        for field in ("group_by", "repeat_year", "default_meeting", "meeting_kinds"):
            assert timeline[field]["description"]
        assert "netværksmøde" in milestone["meeting"]["examples"]
        assert milestone["meeting"]["description"]


TIMELINE = """timeline:
  heading: Tidsplan
  start: {start}
  end: {end}{extra}
  milestones:{milestones}
"""


def timeline(folder: Path, milestones: list[str], *, start: str = "andet halvår 2025", end: str = "andet halvår 2027",
             extra: str = "") -> None:
    """Replace the example's time plan with one of ``milestones`` (YAML flow mappings, one a line)."""
    path = folder / "program.yaml"
    text = path.read_text(encoding="utf-8")
    block = TIMELINE.format(start=start, end=end, extra=extra, milestones="".join(f"\n    - {m}" for m in milestones) or " []")
    text = re.sub(r"(?ms)^timeline:.*?(?=^pricing:)", block + "\n", text)
    path.write_text(text, encoding="utf-8")


class DescribeTheTimePlan:
    @pytest.mark.parametrize(
        ("written", "iso"),
        [("4. kvartal 2027", "2027-Q4"), ("andet halvår 2025", "2025-H2"), ("5. maj 2025 kl. 12.00", "2025-05-05 12:00"),
         ("5. maj – 30. juni 2025", "2025-05-05/2025-06-30"), ("maj 2025", "2025-05"), ("2025", "2025"),
         ("2025-05-05", "2025-05-05"), ("2025-05-05T12:00", "2025-05-05 12:00"), ("2025-05", "2025-05"),
         ("2025-Q4", "2025-Q4"), ("2025-H2", "2025-H2"), ("2025-05-05/2025-06-30", "2025-05-05/2025-06-30")],
    )
    def it_reads_a_milestone_in_every_form(self, example_copy, written, iso):
        timeline(example_copy, [f"{{when: '{written}', text: Møde}}"])
        (milestone,) = load_program(example_copy).timeline.milestones
        assert str(milestone.when) == iso

    def it_reads_the_period_in_the_danish_it_prints(self, example_copy):
        timeline(example_copy, [], start="4. kvartal 2017", end="andet halvår 2019")
        program = load_program(example_copy)
        assert [str(w) for w in program.period] == ["2017-Q4", "2019-H2"]

    def it_gives_one_line_naming_the_field_for_a_wrong_value(self, example_copy):
        timeline(example_copy, ["{when: 14. septembr 2025, text: Møde}"])
        (message,) = program_problems(example_copy)
        n = line_of(example_copy, "septembr")
        assert message.startswith(
            f"program.yaml, line {n}: timeline.milestones[0].when: '14. septembr 2025' is not a date "
            "(did you mean 'september'?); write a day (5. maj 2025, 5. maj 2025 kl. 12.00), uge 12 2026"
        )
        assert message.endswith("or in ISO form (2025-05-05T12:00, 2026-W12, 2025-Q4, 2025-05-05/2025-06-30)")
        assert "\n" not in message

    def it_refuses_a_range_as_an_end_of_the_period(self, example_copy):
        timeline(example_copy, [], start="5. maj – 30. juni 2025")
        (message,) = program_problems(example_copy)
        assert "timeline.start: must be one point in time (a date, a week, a month, a quarter, a half-year or a year), " \
               "not the range 2025-05-05/2025-06-30" in message

    def it_reads_the_deadline_and_the_letters_date_in_danish_too(self, example_copy):
        edit(example_copy, "  deadline: 2021-08-16 12:00", "  deadline: mandag den 16. august 2021 kl. 12.00")
        edit(example_copy, "  date: 2021-06-14", "  date: 14. juni 2021")
        program = load_program(example_copy)
        assert str(program.registration.deadline) == "2021-08-16 12:00"
        assert str(program.letter.date) == "2021-06-14"

    def it_refuses_a_period_that_ends_before_it_starts(self, example_copy):
        timeline(example_copy, [], start="2027", end="andet halvår 2025")
        (message,) = program_problems(example_copy)
        assert "timeline: end (2025-H2) is before start (2027)" in message

    def it_groups_by_half_year_by_default_with_the_year_in_each_date(self, program):
        assert program.timeline.group_by == "half-year"
        assert [(g.label, g.year, g.half, g.omit_year) for g in program.timeline.groups] == [
            ("2021 – andet halvår", 2021, 2, None), ("2022 – første halvår", 2022, 1, None)]

    def it_groups_by_year_leaving_the_year_out_of_the_dates(self, example_copy):
        timeline(example_copy, ["{when: 2026-01-15, text: B}", "{when: 2025-09-04, text: A}", "{when: 2026, text: C}"],
                 extra="\n  group_by: year")
        groups = load_program(example_copy).timeline.groups
        assert [(g.label, g.year, g.half, g.omit_year, [m.text for m in g.milestones]) for g in groups] == [
            ("2025", 2025, None, 2025, ["A"]), ("2026", 2026, None, 2026, ["B", "C"])]

    def it_groups_by_half_year_leaving_the_year_out_when_told(self, example_copy):
        timeline(example_copy, ["{when: 2026-01-15, text: B}", "{when: 2025-09-04, text: A}"],
                 extra="\n  repeat_year: nej")
        groups = load_program(example_copy).timeline.groups
        assert [(g.label, g.omit_year) for g in groups] == [("2025 – andet halvår", 2025), ("2026 – første halvår", 2026)]

    def it_keeps_the_year_in_a_year_group_when_told(self, example_copy):
        timeline(example_copy, ["{when: 2025-09-04, text: A}"], extra="\n  group_by: year\n  repeat_year: ja")
        (group,) = load_program(example_copy).timeline.groups
        assert group.omit_year is None

    def it_puts_the_groups_in_calendar_order_whatever_their_milestones_end(self, example_copy):
        # a year sorts at its end, after the second half's dates, yet its group, the year's own, comes first
        timeline(example_copy, ["{when: 2025, text: Hele året}", "{when: 2025-09-04, text: Efterår}"])
        groups = load_program(example_copy).timeline.groups
        assert [(g.label, [m.text for m in g.milestones]) for g in groups] == [
            ("2025", ["Hele året"]), ("2025 – andet halvår", ["Efterår"])]

    def it_lists_every_milestone_in_one_group_without_a_heading_when_not_grouped(self, example_copy):
        timeline(example_copy, ["{when: 2026-01-15, text: B}", "{when: 2025-09-04, text: A}"], extra="\n  group_by: none")
        (group,) = load_program(example_copy).timeline.groups
        assert (group.label, group.year, group.omit_year, [m.text for m in group.milestones]) == (None, None, None, ["A", "B"])

    def it_has_no_groups_without_milestones(self, example_copy):
        timeline(example_copy, [], extra="\n  group_by: none")
        assert load_program(example_copy).timeline.groups == ()

    def it_refuses_repeat_year_for_a_plan_without_groups(self, example_copy):
        timeline(example_copy, [], extra="\n  group_by: none\n  repeat_year: ja")
        (message,) = program_problems(example_copy)
        assert "timeline: repeat_year: only a grouped time plan has a year to repeat" in message

    def it_refuses_an_unknown_grouping(self, example_copy):
        timeline(example_copy, [], extra="\n  group_by: quarter")
        (message,) = program_problems(example_copy)
        assert "timeline.group_by: must be 'half-year', 'year' or 'none'" in message


class DescribeMeetings:
    def it_counts_the_examples_meetings_as_partnerskabsmøder(self, program):
        assert program.timeline.meetings_phrase == "fire partnerskabsmøder"
        assert [(k.singular, n) for k, n in program.timeline.meeting_counts()] == [("partnerskabsmøde", 4)]

    def it_counts_meetings_by_kind(self, example_copy):
        timeline(example_copy, [
            "{when: 2025-09-04, text: Netværksmøde 1, meeting: netværksmøde}",
            "{when: 2025-10-02, text: Seminar 1, meeting: seminar}",
            "{when: 2025-11-06, text: Netværksmøde 2, meeting: netværksmøde}",
            "{when: 2026-01-15, text: Netværksmøde 3, meeting: netværksmøde}",
            "{when: 2026-03-05, text: Seminar 2, meeting: seminar}",
            "{when: 2026-04-16, text: Netværksmøde 4, meeting: netværksmøde}",
            "{when: 2026-06-11, text: Netværksmøde 5, meeting: netværksmøde}",
            "{when: 2026-09-03, text: Seminar 3, meeting: seminar}",
            "{when: 2026-10-01, text: Deadline for evaluering, kind: deadline}",
        ])
        plan = load_program(example_copy).timeline
        assert [m.kind for m in plan.milestones].count("meeting") == 8
        assert plan.meetings_phrase == "fem netværksmøder og tre seminarer"
        assert plan.meetings_text(dt.date(2025, 12, 31)) == "to netværksmøder og et seminar"
        assert plan.meetings_text(dt.date(2025, 9, 1)) == ""

    def it_calls_a_meeting_by_the_plans_default(self, example_copy):
        timeline(example_copy, ["{when: 2025-09-04, text: Møde 1, kind: meeting}", "{when: 2025-10-02, text: Møde 2, "
                                "kind: meeting}", "{when: 2025-11-06, text: Konference, meeting: konference}"],
                 extra="\n  default_meeting: netværksmøde")
        assert load_program(example_copy).timeline.meetings_phrase == "to netværksmøder og en konference"

    def it_takes_the_plural_of_a_declared_kind(self, example_copy):
        timeline(example_copy, ["{when: 2025-09-04, text: Lab, meeting: læringslab}",
                                "{when: 2025-10-04, text: Lab, meeting: læringslab}"],
                 extra="\n  meeting_kinds:\n    - {noun: læringslab, plural: læringslabs, article: et}")
        assert load_program(example_copy).timeline.meetings_phrase == "to læringslabs"

    def it_takes_the_definite_plural_of_a_declared_kind_where_given(self, example_copy):
        labs = ["{when: 2025-09-04, text: Lab, meeting: læringslab}", "{when: 2025-10-04, text: Lab, meeting: læringslab}"]
        timeline(example_copy, labs,
                 extra="\n  meeting_kinds:\n    - {noun: læringslab, plural: læringslabs, article: et}")
        (kind,) = load_program(example_copy).timeline.kinds_of_meeting
        assert kind.definite_plural == "læringslabsene"  # by rule: not what Danish says
        timeline(example_copy, labs, extra="\n  meeting_kinds:\n    - {noun: læringslab, plural: læringslabs, "
                                           "article: et, definite_plural: læringslabbene}")
        (kind,) = load_program(example_copy).timeline.kinds_of_meeting
        assert kind.definite_plural == "læringslabbene"

    def it_asks_for_the_plural_of_a_noun_it_cannot_inflect(self, example_copy):
        timeline(example_copy, ["{when: 2025-09-04, text: Møde}", "{when: 2025-10-04, text: Lab, meeting: læringslab}"])
        (message,) = program_problems(example_copy)
        assert "timeline: milestones[1].meeting: kldocs does not know the plural of 'læringslab'; add it under " \
               "timeline.meeting_kinds with its plural and article" in message

    def it_inflects_the_adjective_before_a_kind_of_meeting(self, example_copy):
        timeline(example_copy, ["{when: 2025-09-04, text: Topmøde, meeting: politisk topmøde}",
                                "{when: 2025-10-04, text: Topmøde, meeting: politisk topmøde}",
                                "{when: 2025-11-04, text: Seminar, meeting: fagligt seminar}",
                                "{when: 2026-01-04, text: Seminar, meeting: fagligt seminar}",
                                "{when: 2026-02-04, text: Afslutning, meeting: afsluttende konference}"])
        plan = load_program(example_copy).timeline
        assert plan.meetings_phrase == "to politiske topmøder, to faglige seminarer og en afsluttende konference"
        assert [plan.noun_of(m).nth(1) for m in plan.milestones[::2]] == [
            "1. politiske topmøde", "1. faglige seminar", "1. afsluttende konference"]

    def it_asks_for_the_definite_form_after_an_adjective_it_cannot_inflect(self, example_copy):
        timeline(example_copy, ["{when: 2025-09-04, text: Topmøde, meeting: smart topmøde}"])
        (message,) = program_problems(example_copy)
        assert "timeline: milestones[0].meeting: kldocs cannot inflect 'smart' in 'smart topmøde'" in message
        assert "add it under timeline.meeting_kinds with its plural, definite form and article, e.g. " \
               "{noun: smart topmøde, plural: smarte topmøder, definite: det smarte topmøde, article: et}" in message

    @staticmethod
    def declared(folder, *kinds: tuple[str, str]):
        """The time plan of a meeting of each kind, one a month from September 2025, each declared as given."""
        timeline(folder, [f"{{when: 2025-{9 + n:02d}-04, text: Møde, meeting: {noun}}}"
                          for n, (noun, _) in enumerate(kinds)],
                 extra="\n  meeting_kinds:\n" + "".join(f"    - {{noun: {noun}, {fields}}}\n" for noun, fields in kinds))
        return load_program(folder).timeline

    def it_takes_the_definite_form_of_a_declared_kind(self, example_copy):
        plan = self.declared(example_copy,
                             ("smart topmøde", "plural: smarte topmøder, article: et, definite: det smarte topmøde"),
                             ("politisk topmøde", "plural: politiske topmøder, article: et"))
        assert plan.meetings_phrase == "et smart topmøde og et politisk topmøde"
        assert [plan.noun_of(m).nth(1) for m in plan.milestones] == ["1. smarte topmøde", "1. politiske topmøde"]

    def it_takes_the_definite_form_of_a_declared_kind_of_one_word_where_the_rule_does_not_give_it(self, example_copy):
        plan = self.declared(example_copy, ("læringslab", "plural: læringslabs, article: et, definite: læringslabbet, "
                                                          "definite_plural: læringslabbene"),
                             ("studiekreds", "plural: studiekredse, article: en"))
        lab, circle = (plan.noun_of(m) for m in plan.milestones)
        assert (lab.definite, lab.definite_plural, lab.nth(1)) == ("læringslabbet", "læringslabbene", "1. læringslab")
        assert (circle.definite, circle.definite_plural) == ("studiekredsen", "studiekredsene")

    @pytest.mark.parametrize(
        ("kind", "message"),
        [
            ("{noun: smart topmøde, plural: smarte topmøder, article: et}",
             "kldocs cannot inflect 'smart' in 'smart topmøde' (as in 'politiske topmøder', 'det 1. politiske "
             "topmøde'); give its definite form as well, e.g. definite: det smarte topmøde"),
            ("{noun: smart topmøde, plural: smarte topmøder, article: et, definite: den smarte topmøde}",
             "definite: 'den smarte topmøde' begins with 'den', but a noun with article et takes 'det'"),
            ("{noun: smart topmøde, plural: smarte topmøder, article: et, definite: smarte topmødet}",
             "definite: 'smarte topmødet' is not 'smart topmøde' after 'det': the adjectives take their definite "
             "form and the noun stays as it is (det … topmøde)"),
            ("{noun: læringslab, plural: læringslabs, article: et, definite: det læringslabbet}",
             "definite: 'det læringslabbet' is not 'læringslab' with its article at its end: a noun of one word "
             "takes it as one word (læringslabet)"),
            ("{noun: læringslab, plural: læringslabs, article: et, definite: læringslabben}",
             "definite: 'læringslabben' is not 'læringslab' with its article at its end"),
            ("{noun: læringslab, plural: læringslabs, article: et, definite: laboratoriet}",
             "definite: 'laboratoriet' is not 'læringslab' with its article at its end"),
        ],
    )
    def it_refuses_a_declared_kind_without_a_definite_form_it_can_use(self, example_copy, kind, message):
        timeline(example_copy, ["{when: 2025-09-04, text: Topmøde, kind: meeting}"],
                 extra=f"\n  meeting_kinds:\n    - {kind}")
        (problem,) = program_problems(example_copy)
        assert "timeline.meeting_kinds[0]" in problem and message in problem, problem

    def it_refuses_a_deadline_that_names_a_meeting(self, example_copy):
        timeline(example_copy, ["{when: 2025-09-04, text: X, kind: deadline, meeting: seminar}"])
        (message,) = program_problems(example_copy)
        assert "timeline.milestones[0]: meeting: a deadline is not a meeting" in message


class DescribeThePartnershipMidSentence:
    """How documents name the partnership in a sentence: of the kind its title says, with the article before it."""

    @pytest.mark.parametrize(
        ("title", "in_a_sentence", "in_a_heading"),
        [
            ("Kommunalt partnerskab om X", "det kommunale partnerskab om X", "kommunalt partnerskab om X"),
            ("Politisk partnerskab om X", "det politiske partnerskab om X", "politisk partnerskab om X"),
            ("Treårigt politisk partnerskab om X", "det treårige politiske partnerskab om X",
             "treårigt politisk partnerskab om X"),
            ("Partnerskab om X", "partnerskabet om X", "partnerskabet om X"),
            ("KL's partnerskab om X", "partnerskabet om X", "KL's partnerskab om X"),
            ("Fremtidens folkeskole", "partnerskabet om X", "partnerskabet om X"),
            ("Invitation til kommunalt partnerskab om X", "partnerskabet om X", "partnerskabet om X"),
        ],
    )
    def it_follows_the_kind_its_title_says(self, program, title, in_a_sentence, in_a_heading):
        titled = program.model_copy(update={"title": title, "topic": "X"})
        assert titled.the_titled_partnership == in_a_sentence
        assert titled.titled_partnership == in_a_heading
        assert titled.the_partnership == "partnerskabet om X"

    def it_reads_the_bundled_examples_as_before(self, program):
        assert program.the_titled_partnership == "det kommunale partnerskab om stærke børnefællesskaber i dagtilbud"
        assert load_program(SECOND_EXAMPLE).the_titled_partnership == \
            "det kommunale partnerskab om fællesskaber mod ensomhed blandt ældre"


class DescribeTheFocusAreasOwnWord:
    def it_is_indsatsomraade_unless_the_programme_names_it(self, example_copy):
        assert load_program(example_copy).focus_areas.word.plural == "indsatsområder"
        edit(example_copy, "  heading: Fokus og indsatsområder\n", "  noun: indsats\n  plural: indsatser\n  article: en\n")
        program = load_program(example_copy)
        assert (program.focus_areas.word.count(1), program.focus_areas.word.each) == ("en indsats", "hver indsats")
        assert "Indsatser" in [entry.heading for entry in program.outline.entries]  # the section's default heading

    def it_wants_the_plural_with_the_noun(self, example_copy):
        edit(example_copy, "  heading: Fokus og indsatsområder\n", "  noun: tema\n")
        (message,) = program_problems(example_copy)
        assert message.endswith("focus_areas: noun is given without plural and article; give all three "
                                "(e.g. noun: tema, plural: temaer, article: et)")


class DescribeDaysThatContradictOneAnother:
    def it_refuses_a_registration_deadline_on_or_before_the_letters_date(self, example_copy):
        edit(example_copy, "  deadline: 2021-08-16 12:00", "  deadline: 2021-06-14 12:00")
        edit(example_copy, "    - when: 2021-08-16 12:00\n      text: Deadline", "    - when: 2021-06-14 12:00\n"
                           "      text: Deadline")
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, 'deadline: 2021-06-14')}: registration.deadline: mandag den "
            "14. juni 2021 kl. 12.00 is not after the letter's date (14. juni 2021, letter.date)"]

    def it_refuses_a_registration_deadline_after_the_first_meeting(self, example_copy):
        edit(example_copy, "  deadline: 2021-08-16 12:00", "  deadline: 2021-12-01 12:00")
        problems = program_problems(example_copy)
        assert any(p.endswith("registration.deadline: onsdag den 1. december 2021 kl. 12.00 is after the first "
                              "meeting of the time plan (timeline.milestones[2], 14. september 2021); a meeting "
                              "before the deadline that is not the partnership's own (an information meeting) is "
                              "kind: other") for p in problems)

    def it_counts_a_networks_own_day_as_a_meeting_before_the_deadline(self, example_copy):
        edit(example_copy, "    - when: 2021-09-14\n", "    - when: 2021-08\n      text: Netværksmøde\n"
                           "      meeting: netværksmøde\n      held: [{networks: [1], when: 2021-08-10, place: "
                           "Aarhus}]\n    - when: 2021-09-14\n")
        problems = program_problems(example_copy)
        assert any(p.endswith("registration.deadline: mandag den 16. august 2021 kl. 12.00 is after the first "
                              "meeting of the time plan (timeline.milestones[2], 10. august 2021); a meeting "
                              "before the deadline that is not the partnership's own (an information meeting) is "
                              "kind: other") for p in problems), problems

    def it_lets_other_deadlines_of_signing_up_stand_beside_the_registrations(self, example_copy):
        edit(example_copy, "    - when: 2021-08\n      text: Dialog", "    - when: 2021-06-21\n      text: "
                           "Tilmeldingen åbner\n      kind: deadline\n    - when: 2021-07-15\n      text: Frist for "
                           "tilmelding med rabat\n      kind: deadline\n    - when: 2021-09-01\n      text: Frist "
                           "for tilmelding af deltagere til 1. partnerskabsmøde\n      kind: deadline\n"
                           "    - when: 2021-08\n      text: Dialog")
        assert len(load_program(example_copy).timeline.milestones) == 9  # it loads


    def it_refuses_the_registration_deadline_on_the_discounts_day_unless_it_is_the_discounts(self, example_copy):
        edit(example_copy, "    - when: 2021-08-16 12:00\n      text: Deadline", "    - when: 2021-08-01 12:00\n"
                           "      text: Deadline")
        edit(example_copy, "\nregistration:\n", "\n  discount: {until: 2021-08-01, percent: 10 %}\n\nregistration:\n")
        (line,) = program_problems(example_copy)
        assert "timeline.milestones[0].when: 1. august 2021 kl. 12.00 is not the registration deadline" in line
        edit(example_copy, "      text: Deadline for tilmelding", "      text: Deadline for tilmelding med rabat")
        assert load_program(example_copy).pricing.discount is not None  # the discount's own day: it loads

    @pytest.mark.parametrize(("when", "said", "what"), [("2021-08-20", "20. august 2021", "day"),
                                                        ("2021-08-16 10:00", "16. august 2021 kl. 10.00", "time")])
    def it_refuses_a_time_plan_giving_another_registration_deadline_than_the_registration(self, example_copy, when,
                                                                                           said, what):
        edit(example_copy, "    - when: 2021-08-16 12:00\n      text: Deadline", f"    - when: {when}\n"
                           "      text: Deadline")
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, f'when: {when}')}: timeline.milestones[0].when: {said} is "
            "not the registration deadline (mandag den 16. august 2021 kl. 12.00), and the invitation prints both: "
            f"write the same {what} in both places"]

    def it_lets_an_invoice_come_before_the_day_by_which_the_councils_approve(self, tmp_path):
        folder = tmp_path / "p"
        shutil.copytree(SECOND_EXAMPLE, folder, ignore=shutil.ignore_patterns("__init__.py"))
        text = (folder / "program.yaml").read_text(encoding="utf-8")
        approval = re.search(r"(?m)^    - when: (4\. kvartal 2025)\n(?:      .*\n)*?      approval: ja", text)
        assert approval, "the second example's approval milestone"
        edit(folder, approval[0], approval[0].replace(approval[1], "2025-12-01", 1))
        edit(folder, "    - when: januar 2027\n      share: 50 %", "    - when: november 2025\n      share: 50 %")
        # a council may approve before the day it is to have approved by
        assert load_program(folder).pricing.schedule[1].when == When.parse("november 2025")

    def it_refuses_an_invoice_before_the_councils_approve(self, tmp_path):
        folder = tmp_path / "p"
        shutil.copytree(SECOND_EXAMPLE, folder, ignore=shutil.ignore_patterns("__init__.py"))
        edit(folder, "    - when: januar 2027\n      share: 50 %", "    - when: august 2025\n      share: 50 %")
        assert program_problems(folder) == [
            f"program.yaml, line {line_of(folder, 'when: august 2025')}: pricing.schedule[1].when: invoices august "
            "2025, before the councils approve the agreement (4. kvartal 2025, the time plan's approval milestone), "
            "and the agreement binds only once approved"]


@pytest.mark.parametrize(("value", "message"), [
    ("04-05-2026", "letter.date: '04-05-2026' is not a day: write it as Danes do or in ISO form, 4. maj 2026 or "
                   "2026-05-04"),
    ("maj 2026", "letter.date: 'maj 2026' is not a day: write it as Danes do or in ISO form"),
    ("2026-02-30", "letter.date: '2026-02-30' is not a real date (day is out of range for month)"),
])
def test_a_day_that_is_not_one_is_refused_with_the_forms_it_takes(example_copy, value, message):
    path = example_copy / "program.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  date: 2021-06-14\n", f"  date: {value}\n", 1),
                    encoding="utf-8")
    (problem,) = program_problems(example_copy)
    assert message in problem, problem
