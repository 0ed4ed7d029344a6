"""The section tree of program.yaml: its defaults, its shape, and one clear line for each wrong value."""

from __future__ import annotations

import re

import pytest

from kldocs.inputs.outline import AGREEMENT_ORDER, INVITATION_ORDER
from kldocs.inputs.program import load_program
from programfactory import add_yaml, program_problems, replace_block

TREE = """
numbered_headings: ja
sections:
  - heading: Baggrund og formål
    text: Kommunerne står over for en stor opgave.
    sections:
      - block: purpose
        heading: Formål
      - heading: Deltagerne
        style: run-in
        text: Op til fem personer pr. kommune.
  - block: focus_areas
  - block: timeline
    text: Tidsplanen er foreløbig.
  - block: economy
  - heading: Formidling
    text: Resultaterne formidles til alle kommuner.
    numbered: nej
  - block: registration
"""


class DescribeTheDefaultOrder:
    def it_is_the_2021_letter_section_by_section(self, program):
        assert program.outline.blocks == INVITATION_ORDER
        assert {e.style for e in program.outline} == {"h1"}
        assert [e.heading for e in program.outline][:2] == [program.background.heading, program.purpose.heading]

    def it_shows_the_success_criteria_under_the_purpose(self, program):
        (purpose,) = [e for e in program.outline if e.block == "purpose"]
        assert purpose.with_criteria

    def it_gives_the_agreement_its_own_order_and_headings(self, program):
        outline = program.agreement_outline
        assert outline.blocks == AGREEMENT_ORDER
        headings = {e.block: e.heading for e in outline}
        assert headings["preamble"] == "Baggrund" and headings["terms"] == "Aftalens gyldighed og udtræden"
        assert headings["focus_areas"] is None  # the template's, naming the municipality
        assert headings["timeline"] == program.timeline.heading


class DescribeATree:
    def it_flattens_in_reading_order_with_levels_and_styles(self, example_copy):
        program = load_program(add_yaml(example_copy, TREE))
        rows = [(e.level, e.style, e.block, e.heading) for e in program.outline]
        assert rows == [
            (1, "n1", None, "Baggrund og formål"),
            (2, "n2", "purpose", "Formål"),
            (2, "run-in", None, "Deltagerne"),
            (1, "n1", "focus_areas", program.focus_areas.heading),
            (1, "n1", "timeline", "Tidsplan"),
            (1, "n1", "economy", program.pricing.heading),
            (1, "h1", None, "Formidling"),
            (1, "n1", "registration", program.registration.heading),
        ]

    def it_gives_a_block_its_danish_default_heading(self, example_copy):
        source = (example_copy / "program.yaml").read_text(encoding="utf-8")
        (example_copy / "program.yaml").write_text(source.replace("  heading: Tidsplan\n", ""), encoding="utf-8")
        program = load_program(add_yaml(example_copy, "sections:\n  - block: timeline\n  - block: contacts\n"))
        assert [e.heading for e in program.outline] == ["Tidsplan", "Kontaktpersoner"]

    def it_leaves_out_blocks_it_does_not_name(self, example_copy):
        program = load_program(add_yaml(example_copy, "sections:\n  - block: economy\n"))
        assert program.outline.blocks == ("economy",)

    def it_keeps_the_criteria_apart_when_they_have_a_section(self, example_copy):
        program = load_program(add_yaml(example_copy, "sections:\n  - block: purpose\n  - block: success_criteria\n"))
        assert not program.outline.entries[0].with_criteria

    def it_gives_the_agreement_a_tree_of_its_own(self, example_copy):
        agreement = ("  numbered_headings: ja\n  sections:\n    - block: purpose\n"
                     "    - heading: Formidling\n      text: KL formidler resultaterne.\n    - block: economy\n")
        program = load_program(add_yaml(example_copy, "", agreement=agreement))
        assert [(e.style, e.block) for e in program.agreement_outline] == [
            ("n1", "purpose"), ("n1", None), ("n1", "economy")]
        assert program.outline.blocks == INVITATION_ORDER  # the invitation keeps its own


class DescribeWrongTrees:
    @pytest.mark.parametrize(("tree", "message"), [
        ("sections:\n  - block: prices\n", r"sections\[0\]\.block: must be .*'timeline'"),
        ("sections:\n  - block: timeline\n  - block: timeline\n", r"sections\[1\]\.block: 'timeline' is placed twice"),
        ("sections:\n  - heading: A\n    sections:\n      - heading: B\n        sections:\n"
         "          - heading: C\n            sections:\n              - heading: D\n",
         r"sections\[0\]\.sections\[0\]\.sections\[0\]\.sections\[0\]: sections go 3 levels deep at most"),
        ("sections:\n  - style: run-in\n    text: x\n", r"a run-in subheading needs a heading"),
        ("sections:\n  - {}\n", r"a section needs a heading, text, subsections or a block"),
        ("sections:\n  - heading: A\n    colour: red\n", r"colour"),
    ])
    def it_names_the_field_in_one_line(self, example_copy, tree, message):
        found = program_problems(add_yaml(example_copy, tree))
        assert len(found) == 1, found
        assert re.search(message, found[0]), found[0]
        assert found[0].startswith("program.yaml, line ")

    def it_refuses_an_invitation_block_in_the_agreement(self, example_copy):
        (found,) = program_problems(add_yaml(example_copy, "", agreement="  sections:\n    - block: registration\n"))
        assert "agreement.sections[0].block: must be 'preamble'" in found


def test_an_expression_of_interest_is_headed_as_one_by_default(example_copy):
    replace_block(example_copy, "registration", "mode: interest\ndeadline: 2021-08-16 12:00\nmin_focus_areas: 3")
    program = load_program(add_yaml(example_copy, "sections:\n  - block: registration\n"))
    assert [e.heading for e in program.outline] == ["Interessetilkendegivelse"]
