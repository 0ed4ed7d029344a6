import json
from decimal import Decimal
from pathlib import Path

import pytest

from kldocs.errors import InputError
from kldocs.inputs.program import json_schema, load_program


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "program.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line(folder: Path, text: str) -> int:
    """The line of program.yaml holding ``text`` (the first one)."""
    lines = (folder / "program.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, content in enumerate(lines, start=1) if text in content)


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_program(folder)
    return info.value.problems


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
        assert bullets[1] == "Sparringsgrupper med andre relevante kommuner fra partnerskabet."
        assert bullets[0].endswith("styringsformer, organisering mv.")


class DescribeYamlTraps:
    def it_reads_a_price_with_a_thousands_dot_as_danes_mean_it(self, example_copy):
        edit(example_copy, "price: 55.000", "price: 55.000,50")
        assert load_program(example_copy).pricing.price == Decimal("55000.50")

    def it_refuses_a_price_in_english_notation(self, example_copy):
        edit(example_copy, "price: 55.000", "price: 55,000.00")
        (message,) = problems(example_copy)
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
        n = line(example_copy, "price: 0")
        assert problems(example_copy) == [f"program.yaml, line {n}: pricing.add_ons[0].price: must be greater than 0"]

    def it_suggests_the_key_meant(self, example_copy):
        edit(example_copy, "  covers:", "  cover:")
        n = line(example_copy, "  cover:")
        assert problems(example_copy) == [f"program.yaml, line {n}: pricing.cover: unknown key (did you mean 'covers'?)"]

    def it_lists_the_known_keys_when_nothing_is_close(self, example_copy):
        edit(example_copy, "  covers:", "  zzz:")
        (message,) = problems(example_copy)
        n = line(example_copy, "zzz:")
        assert message.startswith(f"program.yaml, line {n}: pricing.zzz: unknown key; expected one of heading, price")

    def it_names_a_missing_field(self, example_copy):
        edit(example_copy, "  deadline: 2021-08-16 12:00\n", "")
        n = line(example_copy, "registration:") + 1  # the mapping starts on the line after its key
        assert problems(example_copy) == [f"program.yaml, line {n}: registration.deadline: is required"]

    def it_refuses_a_month_as_deadline(self, example_copy):
        edit(example_copy, "  deadline: 2021-08-16 12:00", "  deadline: 2021-08")
        (message,) = problems(example_copy)
        assert "registration.deadline: must be a day (YYYY-MM-DD) with an optional time (HH:MM), not 2021-08" in message

    def it_refuses_a_milestone_date_that_does_not_exist(self, example_copy):
        edit(example_copy, "when: 2021-09-14", "when: 2021-09-31")
        (message,) = problems(example_copy)
        n = line(example_copy, "when: 2021-09-31")
        assert message.startswith(f"program.yaml, line {n}: timeline.milestones[2].when: '2021-09-31' is not a real date")

    def it_refuses_a_bad_postcode_and_email(self, example_copy):
        edit(example_copy, "postcode: 2300", "postcode: 230")
        edit(example_copy, "email: ldpe@kl.dk", "email: ldpe at kl.dk")
        assert problems(example_copy) == [
            f"program.yaml, line {line(example_copy, 'postcode: 230')}: sender.postcode: "
            "must be a Danish postcode of four digits, such as 0800, not '230'",
            f"program.yaml, line {line(example_copy, 'ldpe at kl.dk')}: contacts[1].email: "
            "must be an e-mail address, not 'ldpe at kl.dk'",
        ]

    def it_refuses_an_unknown_responsible_contact(self, example_copy):
        edit(example_copy, "responsible: arbe", "responsible: xyz")
        (message,) = problems(example_copy)
        assert "letter.responsible: 'xyz' is not the id of a contact (known: arbe, ldpe)" in message

    def it_refuses_a_vat_status_other_than_ex_or_incl(self, example_copy):
        edit(example_copy, "vat: ex", "vat: med")
        (message,) = problems(example_copy)
        assert "pricing.vat: must be 'ex' or 'incl'" in message

    def it_refuses_participant_limits_in_the_wrong_order(self, example_copy):
        edit(example_copy, "  min: 3\n", "  min: 7\n")
        (message,) = problems(example_copy)
        assert "participants: min (7) must not exceed max (5)" in message

    def it_refuses_a_key_given_twice(self, example_copy):
        edit(example_copy, "short_title: Stærke børnefællesskaber", "short_title: A\nshort_title: B")
        assert problems(example_copy) == [f"program.yaml, line {line(example_copy, 'short_title: B')}: short_title: is given twice"]

    def it_reports_every_problem_at_once(self, example_copy):
        edit(example_copy, "postcode: 2300", "postcode: x")
        edit(example_copy, "price: 15.000", "price: -1")
        edit(example_copy, "  covers:", "  cover:")
        assert len(problems(example_copy)) == 3

    def it_reports_broken_yaml_with_its_line(self, example_copy):
        edit(example_copy, "short_title: Stærke børnefællesskaber", "short_title: [unclosed")
        (message,) = problems(example_copy)
        assert message.startswith("program.yaml, line 1") and "is not valid YAML" in message

    def it_says_when_program_yaml_is_missing(self, tmp_path):
        assert problems(tmp_path) == [f"program.yaml: not found in {tmp_path}"]


class DescribeSchema:
    def it_is_json_schema_for_editors(self):
        schema = json.loads(json_schema())
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert {"title", "sender", "pricing", "timeline"} <= set(schema["properties"])
        assert schema["additionalProperties"] is False

    def it_describes_the_special_fields(self):
        text = json_schema()
        assert "Danish notation" in text and "YYYY-Q1" in text
