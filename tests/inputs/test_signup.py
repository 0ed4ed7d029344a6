"""Participant groups and registration modes in program.yaml: what they hold, and one clear line for each wrong value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docxfactory import as_read
from kldocs.inputs.program import json_schema, load_program
from kldocs.inputs.signup import Piece, sentence_pieces
from programfactory import line_of, program_problems, replace_block

LINK = "https://tilmeld.kl.dk/staerkebornefaellesskaber"



def registration(folder: Path, yaml: str) -> None:
    """The registration block: ``yaml`` after a deadline (and the example's focus-area limits)."""
    replace_block(folder, "registration", f"deadline: 2021-08-16 12:00\nmin_focus_areas: 3\n{yaml}")




class DescribeTheRegistrationMode:
    def it_signs_up_bindingly_unless_told_otherwise(self, example_copy):
        registration(example_copy, f"link: {LINK}")
        settings = load_program(example_copy).registration
        assert (settings.mode, settings.binding, settings.is_interest) == ("sign-up", True, False)

    def it_takes_an_expression_of_interest_as_never_binding(self, example_copy):
        registration(example_copy, f"mode: interest\nlink: {LINK}")
        settings = load_program(example_copy).registration
        assert (settings.mode, settings.binding, settings.is_interest) == ("interest", False, True)

    def it_refuses_an_expression_of_interest_that_binds(self, example_copy):
        registration(example_copy, "mode: interest\nbinding: ja")
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, 'binding: ja')}: registration.binding: an expression of "
            "interest (mode: interest) does not bind; leave binding out, or register by mode: sign-up"]

    def it_reports_each_wrong_value_of_the_registration_at_once_on_its_own_line(self, example_copy):
        registration(example_copy, "mode: interest\nbinding: ja\nwording:\n  deadline: Frist {fristen}.\n"
                                   "text: Svar senest 16. august.")
        assert [p.split(": ", 2)[1] for p in program_problems(example_copy)] == [
            "registration.binding", "registration.wording.deadline", "registration.text"]

    def it_refuses_a_mode_it_does_not_know(self, example_copy):
        registration(example_copy, "mode: tilmelding")
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, 'mode: tilmelding')}: registration.mode: "
            "must be 'sign-up' or 'interest'"]


class DescribeTheDefaultWording:
    def it_asks_for_a_sign_up_through_the_link_and_gives_the_deadline(self, example_copy):
        registration(example_copy, f"link: {LINK}")
        settings = load_program(example_copy).registration
        assert as_read(settings.opening_text) == (
            f"Kommunerne opfordres til at tilmelde sig partnerskabet via dette link: {LINK}. "
            "Fristen for tilmelding er mandag den 16. august 2021 kl. 12.00.")
        assert settings.closing == (Piece("Tilmelding er bindende."),)

    def it_says_a_sign_up_does_not_bind_when_it_does_not(self, example_copy):
        registration(example_copy, "binding: nej")
        settings = load_program(example_copy).registration
        assert as_read(settings.opening_text) == ("Kommunerne opfordres til at tilmelde sig partnerskabet. "
                                         "Fristen for tilmelding er mandag den 16. august 2021 kl. 12.00.")
        assert settings.closing == (Piece("Tilmelding er ikke bindende."),)

    def it_asks_for_an_expression_of_interest_in_the_form(self, example_copy):
        registration(example_copy, "mode: interest\nlink: https://www.kl.dk/interesse")
        settings = load_program(example_copy).registration
        assert as_read(settings.opening_text) == (
            "Kommuner, der ønsker at deltage i partnerskabet, opfordres til at tilkendegive deres interesse i denne "
            "formular: https://www.kl.dk/interesse. Fristen for at tilkendegive interesse er mandag den 16. august "
            "2021 kl. 12.00.")
        assert settings.closing == (Piece("Tilkendegivelsen er ikke bindende."),)


class DescribeTheProgrammesOwnWording:
    def it_keeps_the_example_letters_words(self, program):
        assert as_read(program.registration.opening_text) == (
            f"Alle kommuner opfordres til at tilmelde sig udviklingspartnerskabet via dette link {LINK}. "
            "Deadline for tilmelding er mandag den 16. august 2021 kl. 12.00.")

    def it_leaves_out_the_deadline_sentence_when_the_appeal_gives_the_deadline(self, example_copy):
        registration(example_copy, "mode: interest\nlink: https://www.kl.dk/interesse\nwording:\n"
                                   "  appeal: Udfyld formularen {link} senest {frist}.")
        assert as_read(load_program(example_copy).registration.opening_text) == (
            "Udfyld formularen https://www.kl.dk/interesse senest mandag den 16. august 2021 kl. 12.00.")

    def it_may_leave_out_the_sentence_on_binding(self, example_copy):
        registration(example_copy, "wording:\n  binding: ''")
        assert load_program(example_copy).registration.closing == ()

    def it_cuts_a_sentence_into_text_and_placeholders_and_evaluates_nothing(self):
        assert sentence_pieces("Fristen er {frist}, se {link}.") == (
            Piece("Fristen er "), Piece(placeholder="frist"), Piece(", se "), Piece(placeholder="link"), Piece("."))
        assert sentence_pieces("Skriv til <KL> & os") == (Piece("Skriv til <KL> & os"),)

    @pytest.mark.parametrize(("sentence", "message"), [
        ("Fristen er {fristen}.", "{fristen} is not a placeholder kldocs knows; write {frist} or {link}"),
        ("Husk {{ program.title }} {frist}.",
         "has a brace that is not part of a placeholder ({frist} or {link}): 'Husk {{ program.title }} {frist}.'"),
        ("Fristen er {frist.__class__}.", "{frist.__class__} is not a placeholder kldocs knows; write {frist} or {link}"),
        ("Fristen er {frist.", "has a brace that is not part of a placeholder ({frist} or {link}): 'Fristen er {frist.'"),
    ])
    def it_refuses_a_placeholder_it_does_not_know_naming_the_field(self, example_copy, sentence, message):
        registration(example_copy, f"wording:\n  deadline: '{sentence}'")
        n = line_of(example_copy, "  deadline: '")
        assert program_problems(example_copy) == [f"program.yaml, line {n}: registration.wording.deadline: {message}"]

    def it_refuses_a_deadline_printed_twice(self, example_copy):
        registration(example_copy, "wording:\n  appeal: Tilmeld jer senest {frist}.\n"
                                   "  deadline: Fristen er {frist}.")
        (message,) = program_problems(example_copy)
        assert message.endswith("registration.wording: the deadline would be printed to times ({frist} in "
                                "wording.appeal and wording.deadline); place it in one sentence only")

    def it_refuses_a_deadline_printed_nowhere(self, example_copy):
        registration(example_copy, "wording:\n  deadline: Fristen står i formularen.")
        (message,) = program_problems(example_copy)
        assert message.endswith("registration.wording: the deadline is printed nowhere; place it with {frist} in "
                                "wording.deadline (or in wording.appeal)")

    def it_refuses_the_deadline_after_the_text(self, example_copy):
        registration(example_copy, "wording:\n  deadline: ''\n  binding: Tilmelding senest {frist} er bindende.")
        (message,) = program_problems(example_copy)
        assert message.endswith("registration.wording: the deadline belongs in wording.appeal or wording.deadline, "
                                "before registration.text, not in wording.binding")

    def it_refuses_a_link_placeholder_without_a_link(self, example_copy):
        registration(example_copy, "wording:\n  appeal: Tilmeld jer via {link}.")
        (message,) = program_problems(example_copy)
        assert message.endswith("registration.wording: wording.appeal uses {link}, but the registration has no link")

    def it_refuses_a_wording_that_loses_the_link(self, example_copy):
        registration(example_copy, f"link: {LINK}\nwording:\n  appeal: Tilmeld jer hurtigst muligt.")
        (message,) = program_problems(example_copy)
        assert message.endswith("registration.wording: the link is printed nowhere; place it with {link} in "
                                "wording.appeal")

    def it_refuses_a_text_that_repeats_the_deadline(self, example_copy):
        registration(example_copy, "text: Tilmeldingen skal ske senest 16. august 2021.")
        (message,) = program_problems(example_copy)
        assert message.endswith("registration.text: gives the deadline (16. august) that the registration's "
                                "paragraph prints already; leave it out, or word the sentence in wording.appeal "
                                "with {frist}")

    def it_does_not_take_another_day_for_the_deadline(self, example_copy):
        registration(example_copy, "text: Netværket mødes første gang 6. august og igen 26. august.")
        assert load_program(example_copy).registration.text


def participants(folder: Path, yaml: str) -> None:
    replace_block(folder, "participants", yaml)


class DescribeParticipantGroups:
    def it_reads_the_shorthand_as_a_group_of_staff_and_one_of_politicians(self, program):
        rules = program.participants
        assert [(g.kind, g.min, g.max, g.where) for g in rules.groups] == [
            ("staff", 3, 5, None), ("politicians", 0, 2, None)]
        assert (rules.min, rules.max, rules.max_politicians) == (3, 5, 2)
        assert rules.phrase == "3–5 personer og op til to politikere"

    def it_words_groups_with_their_limits_and_where_they_take_part(self, example_copy):
        participants(example_copy, "groups:\n  - {kind: staff, max: 5, where: i netværkene}\n"
                                   "  - {kind: politicians, max: 2, where: kun ved seminarerne}")
        rules = load_program(example_copy).participants
        assert rules.phrase == "op til fem personer i netværkene og op til to politikere kun ved seminarerne"
        assert (rules.min, rules.max, rules.max_politicians) == (1, 5, 2)  # a registration sends someone

    def it_keeps_groups_apart_whose_places_are_joined_by_og(self, example_copy):
        participants(example_copy, "groups:\n  - {kind: staff, max: 4, where: i netværkene og ved konferencen}\n"
                                   "  - {kind: politicians, min: 1, max: 3, where: ved temadagen og konferencen}")
        rules = load_program(example_copy).participants
        assert rules.phrase == ("op til fire personer i netværkene og ved konferencen, og 1–3 politikere ved "
                                "temadagen og konferencen")
        assert rules.limits == "op til fire medarbejdere og 1–3 politikere ved temadagen og konferencen"  # clear
        participants(example_copy, "max: 5\nmax_politicians: 2")
        assert load_program(example_copy).participants.limits == "op til fem medarbejdere og op til to politikere"

    def it_invents_no_lower_bound(self, example_copy):
        participants(example_copy, "max: 5")
        rules = load_program(example_copy).participants
        assert (rules.phrase, rules.max_politicians) == ("op til fem personer", 0)

    def it_takes_the_programmes_own_noun_and_counts_exactly(self, example_copy):
        participants(example_copy, "groups:\n  - {min: 3, max: 3, noun: deltager, plural: deltagere}\n"
                                   "  - {kind: politicians, max: 1, noun: byrådsmedlem, plural: byrådsmedlemmer, "
                                   "article: et, where: ved konferencen}")
        assert load_program(example_copy).participants.phrase == "tre deltagere og op til ét byrådsmedlem ved konferencen"

    def it_limits_the_staff_in_the_invitation_as_kls_letter_does(self, example_copy):
        participants(example_copy, "max: 5")
        assert load_program(example_copy).participants.staff_limit == "op til fem deltagere"
        participants(example_copy, "groups:\n  - {max: 1, noun: byrådsmedlem, plural: byrådsmedlemmer, article: et}\n"
                                   "  - {kind: politicians, max: 2}")
        assert load_program(example_copy).participants.staff_limit == "op til ét byrådsmedlem"  # beside politicians

    def it_stresses_a_count_of_one(self, example_copy):
        participants(example_copy, "groups:\n  - {min: 1, max: 1, noun: koordinator, plural: koordinatorer}\n"
                                   "  - {kind: politicians, max: 1, noun: udvalgsformand, plural: udvalgsformænd}")
        assert load_program(example_copy).participants.phrase == "én koordinator og op til én udvalgsformand"

    @pytest.mark.parametrize(("yaml", "message"), [
        ("groups:\n  - {kind: politicians, max: 2}",
         "participants: groups: one group must be of kind staff (the people counted in 'Antal deltagere')"),
        ("groups:\n  - {max: 5}\n  - {kind: staff, max: 3}",
         "participants: groups[1]: a second group of kind staff (groups[0] is one); each kind is given once"),
        ("max: 5\ngroups:\n  - {max: 5}", "participants: give the limits either as groups or as max, not both"),
        ("max: fem", "participants: max: must be a whole number, not 'fem'"),
        ("max: 0", "participants: max: must be 1 or more, not 0"),
        ("groups:\n  - {max: 5, noun: deltager}",
         "participants.groups[0]: noun is given without plural; give both (e.g. noun: deltager, plural: deltagere)"),
        ("groups:\n  - {kind: borgere, max: 5}", "participants.groups[0].kind: must be 'staff', 'politicians' or 'other'"),
    ])
    def it_gives_one_line_for_each_wrong_value(self, example_copy, yaml, message):
        participants(example_copy, yaml)
        (found,) = program_problems(example_copy)
        assert found.split(": ", 1)[1] == message

    def it_names_the_group_whose_limits_are_in_the_wrong_order(self, example_copy):
        participants(example_copy, "groups:\n  - max: 5\n  - kind: politicians\n    min: 3\n    max: 2")
        assert program_problems(example_copy) == [f"program.yaml, line {line_of(example_copy, 'kind: politicians')}: "
                                          "participants.groups[1]: min (3) must not exceed max (2)"]


class DescribeTheSchema:
    def it_describes_every_new_field_with_an_example(self):
        defs = json.loads(json_schema())["$defs"]
        fields = {
            "RegistrationSettings": ["mode", "link", "binding", "wording", "heading"],
            "RegistrationWording": ["appeal", "deadline", "binding"],
            "Participants": ["groups", "state_limits", "heading", "min", "max", "max_politicians"],
            "ParticipantGroup": ["kind", "min", "max", "where", "noun", "plural", "article"],
        }
        for model, names in fields.items():
            properties = defs[model]["properties"]
            for name in names:
                assert properties[name].get("description"), f"{model}.{name} has no description"
                assert properties[name].get("examples"), f"{model}.{name} has no example"


def test_a_registration_link_with_a_space_is_one_line_in_check(example_copy):
    registration(example_copy, "link: https://www.kl.dk/interesse ensomhed")
    (found,) = program_problems(example_copy)
    assert found.startswith(f"program.yaml, line {line_of(example_copy, 'interesse ensomhed')}: registration.link: ")
    assert "must be one address without spaces" in found
