"""Reminders: to register while the deadline is ahead, to approve as the approval milestone nears, in the house style."""

from __future__ import annotations

import datetime as dt
import email
import json
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from openxml_audit import FileFormat, OpenXmlValidator

from docxfactory import as_read, text, text_lines
from docxfactory import paragraphs as all_paragraphs
from kldocs.app import build_all, check_folder, plan
from kldocs.cli import cli
from kldocs.danish.when import When
from kldocs.documents.reminders import (
    APPROVAL,
    REGISTRATION,
    Due,
    Window,
    approval_window,
    approved_by,
    due_phrase,
    due_reminders,
    late_to_approve,
    late_to_register,
    registration_window,
)
from kldocs.errors import InputError, OutputExists
from kldocs.inputs.program import load_program
from kldocs.reference.municipalities import lookup, registry
from kldocs.status import write_reminders
from programfactory import replace_block, with_registration_days

BEFORE = dt.date(2021, 8, 9)  # a week before the registration deadline, 16 August 2021 at noon
DEADLINE = dt.date(2021, 8, 16)
AFTER = dt.date(2021, 8, 17)
IN_OCTOBER = dt.date(2021, 10, 5)  # inside the approval window of a milestone in October 2021


def add_approval_milestone(folder: Path, when: str = "2021-10") -> None:
    """A milestone at the end of the time plan, marked as the one by which the councils approve."""
    path = folder / "program.yaml"
    milestone = (f"    - when: {when}\n      text: Kommunalbestyrelserne godkender partnerskabsaftalen\n"
                 "      kind: deadline\n      approval: ja\n")
    path.write_text(path.read_text(encoding="utf-8").replace("\n\npricing:", f"\n{milestone}\npricing:", 1),
                    encoding="utf-8")


def add_reminders(folder: Path, settings: str) -> None:
    """``reminders:`` with ``settings`` (YAML, indented under it) at the end of program.yaml."""
    path = folder / "program.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nreminders:\n" + settings, encoding="utf-8")


@pytest.fixture
def with_approval(example_copy: Path) -> Path:
    """The example with a milestone in October 2021 marked as the councils' approval."""
    add_approval_milestone(example_copy)
    return example_copy


def reminders_on(folder: Path, day: dt.date, **options):
    return plan("reminders", folder, date=day, **options)


def names(planned) -> list[str]:
    return [record.label for record in planned.computed]


def reasons(planned) -> set[str]:
    return {record.context["reminder"].reason for record in planned.computed}


# --- Who gets one, and when -------------------------------------------------------------------


class DescribeTheReminderToRegister:
    def it_goes_to_every_invited_municipality_that_has_not_registered_before_the_deadline(self, example_dir, example):
        planned = reminders_on(example_dir, BEFORE)
        registered = {r.municipality.name for r in example}
        assert len(planned.files) == 98 - 24 == 74
        assert set(names(planned)) == {m.name for m in registry().all} - registered
        assert reasons(planned) == {REGISTRATION}
        assert names(planned)[:3] == ["Albertslund", "Allerød", "Assens"] and names(planned)[-1] == "Ærø"

    def it_goes_only_to_those_invited(self, example_dir):
        planned = reminders_on(example_dir, BEFORE, to="nordjylland")
        # Nordjylland has 11 municipalities; Hjørring, Vesthimmerland and Aalborg registered
        assert names(planned) == ["Brønderslev", "Frederikshavn", "Jammerbugt", "Læsø", "Mariagerfjord", "Morsø",
                                  "Rebild", "Thisted"]

    def it_is_written_up_to_the_deadline_day_and_not_after(self, example_dir):
        assert len(reminders_on(example_dir, DEADLINE).files) == 74
        after = reminders_on(example_dir, AFTER)
        assert after.files == ()
        assert after.notes[0] == ("The registration deadline mandag den 16. august 2021 kl. 12.00 has passed: "
                                  "no reminders to register (kldocs status shows who registered)")

    def it_is_not_written_before_the_invitations_went_out(self, example_dir):
        assert reminders_on(example_dir, dt.date(2021, 6, 13)).files == ()
        assert len(reminders_on(example_dir, dt.date(2021, 6, 14)).files) == 74

    def it_waits_for_days_before_when_the_programme_says_so(self, example_copy):
        add_reminders(example_copy, "  registration:\n    days_before: 5\n")
        assert reminders_on(example_copy, BEFORE).files == ()
        assert len(reminders_on(example_copy, dt.date(2021, 8, 11)).files) == 74

    def it_says_why_in_a_note_before_the_count(self, example_dir):
        assert reminders_on(example_dir, BEFORE).notes == (
            "To register by mandag den 16. august 2021 kl. 12.00 (in 7 days): 74 invited municipalities not registered",
            "No milestone of the time plan marks the councils' approval (approval: ja under timeline.milestones): "
            "no reminders to approve",
            "registrations.csv has no column 'Tilmeldingsdato': every registration in it is counted as made by "
            "9. august 2021; give the day each registered in a column of that name, or name yours under "
            "registration.columns.registered",
        )


class DescribeTheReminderToApprove:
    def it_goes_to_each_registered_council_without_an_approval_date_as_the_milestone_nears(self, with_approval,
                                                                                           example):
        planned = reminders_on(with_approval, IN_OCTOBER)
        approved = {r.municipality.name for r in example if r.approved is not None}
        assert approved == {"Gladsaxe", "Aarhus"}
        assert reasons(planned) == {APPROVAL}
        assert set(names(planned)) == {r.municipality.name for r in example} - approved
        assert len(planned.files) == 22

    def it_is_written_from_days_before_to_the_milestones_last_day(self, with_approval):
        program = load_program(with_approval)
        assert approval_window(program) == Window(dt.date(2021, 10, 1), dt.date(2021, 10, 31))
        assert reasons(reminders_on(with_approval, dt.date(2021, 9, 30))) == set()
        assert len(reminders_on(with_approval, dt.date(2021, 10, 1)).files) == 22
        assert len(reminders_on(with_approval, dt.date(2021, 10, 31)).files) == 22
        assert reminders_on(with_approval, dt.date(2021, 11, 1)).files == ()

    def it_counts_an_approval_dated_after_the_day_as_not_given_yet(self, with_approval):
        # Gladsaxe approved on 2 September 2021, Aarhus on 8 September
        add_reminders(with_approval, "  approval:\n    days_before: 60\n")
        on_5_september = names(reminders_on(with_approval, dt.date(2021, 9, 5)))
        assert "Aarhus" in on_5_september and "Gladsaxe" not in on_5_september

    def it_counts_a_registration_dated_after_the_day_as_not_made_yet(self, with_approval):
        with_registration_days(with_approval, {"Aarhus Kommune": "2021-08-12 10:00:00"})
        on_9_august = reminders_on(with_approval, BEFORE)
        to_register = {r.label for r in on_9_august.computed if r.context["reminder"].reason == REGISTRATION}
        assert "Aarhus" in to_register and "Gladsaxe" not in to_register  # Aarhus registers three days later
        assert "Aarhus" not in names(reminders_on(with_approval, dt.date(2021, 8, 13)))

    def it_does_not_go_to_the_invited_who_have_not_registered(self, with_approval):
        assert reasons(reminders_on(with_approval, IN_OCTOBER, to="all")) == {APPROVAL}

    def it_goes_out_with_reminders_to_register_when_both_are_due(self, example_copy):
        add_approval_milestone(example_copy, "2021-08-31")
        with_approval = example_copy
        planned = reminders_on(with_approval, BEFORE)
        assert reasons(planned) == {REGISTRATION, APPROVAL}
        assert len(planned.files) == 74 + 24  # on 9 August no council has approved yet (Gladsaxe does on 2 September)
        assert names(planned).index("Esbjerg") < names(planned).index("Fanø")  # one list, in Danish order

    def it_needs_at_most_one_milestone_marked(self, with_approval):
        add_approval_milestone(with_approval, "2021-11")
        with pytest.raises(InputError) as caught:
            load_program(with_approval)
        assert "timeline.milestones[7].approval: only one milestone marks the councils' approval, and " \
               "timeline.milestones[6] does already" in str(caught.value)


class DescribeLateOrNot:
    def it_is_late_to_register_only_after_the_deadline_day(self, program):
        assert not late_to_register(program, BEFORE)
        assert not late_to_register(program, DEADLINE)
        assert late_to_register(program, AFTER)

    def it_is_never_late_to_approve_without_a_marked_milestone(self, program):
        assert not late_to_approve(program, dt.date(2030, 1, 1))
        assert approval_window(program) is None

    def it_is_late_to_approve_after_the_last_day_of_the_milestone(self, with_approval):
        program = load_program(with_approval)
        assert not late_to_approve(program, dt.date(2021, 10, 31))
        assert late_to_approve(program, dt.date(2021, 11, 1))

    def it_has_approved_on_and_after_the_approval_date(self):
        assert approved_by(dt.date(2021, 9, 2), dt.date(2021, 9, 2))
        assert not approved_by(dt.date(2021, 9, 2), dt.date(2021, 9, 1))
        assert not approved_by(None, dt.date(2030, 1, 1))

    def it_opens_the_window_to_register_on_the_invitations_date(self, program):
        window = registration_window(program)
        assert (window.first, window.last) == (dt.date(2021, 6, 14), DEADLINE)

    def it_chooses_among_given_municipalities(self, program, example):
        invited = [lookup("Læsø"), lookup("Aarhus")]
        assert due_reminders(program, invited, example, BEFORE) == [Due(lookup("Læsø"), REGISTRATION)]


# --- What the letter says ------------------------------------------------------------------------


def paragraphs(data: bytes) -> list[str]:
    """The letter's paragraphs from its "Til" on: wherever the house style puts the letterhead column."""
    found = all_paragraphs(data)
    return found[found.index("Til"):]


def letter(planned, name: str) -> bytes:
    (record,) = [r for r in planned.computed if r.label == name]
    (file,) = [f for f in planned.files if f.relpath == f"{record.stem}.docx"]
    return file.make()


class DescribeTheLetter:
    def it_is_a_letter_in_the_house_style_dated_the_day(self, example_dir):
        data = letter(reminders_on(example_dir, BEFORE), "Læsø")
        body = paragraphs(data)
        assert body[:4] == ["Til", "Forvaltningsdirektør med ansvar for dagtilbud og tilsyn",
                            "Forvaltningschef med ansvar for dagtilbud og tilsyn", "Læsø Kommune"]
        lines = text_lines(data)
        assert "Dato: 9. august 2021" in lines
        assert "Sags ID: SAG-2021-00945" in lines
        assert not any("Dok. ID" in line for line in lines)  # the invitation's document id names another document
        assert "Side 1 af 1" in lines

    def it_says_politely_that_the_registration_has_not_arrived_and_when_the_deadline_is(self, example_dir):
        body = paragraphs(letter(reminders_on(example_dir, BEFORE), "Læsø"))
        assert list(map(as_read, body[4:])) == [
            "Påmindelse om tilmelding til det kommunale partnerskab om stærke børnefællesskaber i dagtilbud",
            "Den 14. juni 2021 inviterede KL Læsø Kommune til at deltage i det kommunale partnerskab om stærke "
            "børnefællesskaber i dagtilbud.",
            "Vi har endnu ikke modtaget jeres tilmelding. Fristen for tilmelding er mandag den 16. august 2021 "
            "kl. 12.00. Tilmeldingen er bindende.",
            "I kan tilmelde jer via dette link: https://tilmeld.kl.dk/staerkebornefaellesskaber",
            "Har I allerede tilmeldt jer, kan I se bort fra denne påmindelse.",
            "Har I spørgsmål, er I velkomne til at kontakte specialkonsulent Aleksandra Raaschou Beck, arbe@kl.dk, "
            "tlf. 3370 3469.",
            "Med venlig hilsen\n\nAleksandra Raaschou Beck\nSpecialkonsulent, KL",
        ]

    def it_makes_the_link_to_register_clickable(self, example_dir):
        data = letter(reminders_on(example_dir, BEFORE), "Læsø")
        from docxfactory import parts

        rels = parts(data)["word/_rels/document.xml.rels"].decode()
        assert 'Target="https://tilmeld.kl.dk/staerkebornefaellesskaber"' in rels
        assert b"<w:hyperlink" in parts(data)["word/document.xml"]

    def it_reminds_the_registration_contact_that_the_council_has_not_approved(self, with_approval):
        body = paragraphs(letter(reminders_on(with_approval, IN_OCTOBER), "København"))
        assert body[:4] == ["Til", "Mette Søndergaard", "Dagtilbudschef", "Københavns Kommune"]
        assert body[4] == "Påmindelse om politisk godkendelse af partnerskabsaftalen"
        assert body[5] == "Tak for jeres tilmelding til det kommunale partnerskab om stærke børnefællesskaber i dagtilbud."
        assert body[6] == (
            "Kommunens deltagelse bygger på en politisk partnerskabsaftale mellem Københavns Kommunes "
            "Borgerrepræsentation og KL's bestyrelse. Vi har endnu ikke fået besked om, at Borgerrepræsentationen "
            "har godkendt aftalen. Efter tidsplanen skal aftalen være godkendt inden udgangen af oktober 2021.")
        assert "Er aftalen allerede godkendt, kan I se bort fra denne påmindelse." in body
        assert not any("tilmelde jer via" in line for line in body)

    def it_thanks_for_the_interest_where_municipalities_expressed_one(self, with_approval):
        replace_block(with_approval, "registration", "heading: Interesse og kontaktpersoner\nmode: interest\n"
                                                     "deadline: 2021-08-16 12:00\nlink: https://www.kl.dk/interesse")
        body = paragraphs(letter(reminders_on(with_approval, IN_OCTOBER), "København"))
        assert body[5] == ("Tak for jeres interesse i at deltage i det kommunale partnerskab om stærke "
                           "børnefællesskaber i dagtilbud.")
        assert not any("tilmeld" in line for line in body)

    def it_names_the_day_or_the_period_the_approval_is_due_by(self):
        assert as_read(due_phrase(When.parse("2021-10-01"))) == "senest fredag den 1. oktober 2021"
        assert as_read(due_phrase(When.parse("2021-10"))) == "inden udgangen af oktober 2021"
        assert as_read(due_phrase(When.parse("2021-Q4"))) == "inden udgangen af 4. kvartal 2021"
        assert as_read(due_phrase(When.parse("2027-Q1/2027-Q2"))) == "inden udgangen af 2. kvartal 2027"
        assert as_read(due_phrase(When.parse("5. – 8. oktober 2021"))) == "senest fredag den 8. oktober 2021"

    def it_takes_the_programmes_own_wording(self, example_copy):
        add_reminders(example_copy, "  registration:\n    title: Husk tilmeldingen\n"
                                    "    text: |\n      Vi mangler stadig jeres tilmelding.\n\n      - Frist: 16. august\n"
                                    "    closing: Tak for hjælpen.\n    subject: Påmindelse fra KL\n")
        planned = reminders_on(example_copy, BEFORE, to="Læsø")
        body = paragraphs(planned.files[0].make())
        assert body[4:9] == ["Husk tilmeldingen", "Vi mangler stadig jeres tilmelding.", "Frist: 16. august",
                             "I kan tilmelde jer via dette link: https://tilmeld.kl.dk/staerkebornefaellesskaber",
                             "Tak for hjælpen."]
        assert planned.computed[0].mail is None  # no recipients.csv: no address to write to

    def it_asks_for_an_e_mail_where_the_municipalities_register_by_e_mail(self, example_copy):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "  link: https://tilmeld.kl.dk/staerkebornefaellesskaber", "  link: mailto:tilmelding@kl.dk"),
            encoding="utf-8")
        (example_copy / "recipients.csv").write_text(RECIPIENTS, encoding="utf-8")
        planned = reminders_on(example_copy, BEFORE, to="Læsø", eml=True)
        body = paragraphs(letter(planned, "Læsø"))
        assert "I kan tilmelde jer ved at skrive til tilmelding@kl.dk." in body  # a sentence, with its full stop
        assert not any("link" in line or "mailto:" in line for line in body)
        assert "I kan tilmelde jer ved at skrive til tilmelding@kl.dk.\n" in planned.computed[0].mail.body

    def it_prints_data_as_the_same_text(self, example_copy):
        add_reminders(example_copy, "  registration:\n    text: 'Husk \"det\" & <b>nu</b> ]]>'\n")
        assert 'Husk "det" & <b>nu</b> ]]>' in text(reminders_on(example_copy, BEFORE, to="Læsø").files[0].make())

    def it_fills_in_the_municipality_and_the_deadline_where_the_programmes_wording_places_them(self, with_approval):
        add_reminders(with_approval, "  registration:\n    title: Påmindelse til {kommune}\n"
                                     "    text: |\n      Vi mangler **{kommune}s** tilmelding.\n\n"
                                     "      - Fristen er {frist}\n    subject: '{kommune}: husk {frist}'\n"
                                     "  approval:\n    text: Godkend aftalen senest {frist}, {kommune}.\n")
        planned = reminders_on(with_approval, BEFORE, to="Læsø")
        body = paragraphs(planned.files[0].make())
        assert body[4:7] == ["Påmindelse til Læsø Kommune", "Vi mangler Læsø Kommunes tilmelding.",
                             "Fristen er mandag den 16. august 2021 kl. 12.00"]
        view = planned.computed[0].context["reminder"]
        assert view.text[0].text.runs[1].bold  # the formatting kept around what was filled in
        assert as_read(view.subject) == "Læsø Kommune: husk mandag den 16. august 2021 kl. 12.00"
        body = paragraphs(letter(reminders_on(with_approval, IN_OCTOBER), "København"))
        # a period is named as the time plan names it, not as a day (a Sunday here) no one wrote
        assert "Godkend aftalen senest ved udgangen af oktober 2021, Københavns Kommune." in body

    @pytest.mark.parametrize(("when", "deadline"), [
        ("2021-10-08", "fredag den 8. oktober 2021"), ("2021-Q4", "ved udgangen af 4. kvartal 2021"),
        ("4. – 8. oktober 2021", "fredag den 8. oktober 2021"), ("2021-Q3/2021-Q4", "ved udgangen af 4. kvartal 2021"),
    ])
    def it_fills_in_the_approval_deadline_as_the_time_plan_names_it(self, example_copy, when, deadline):
        add_approval_milestone(example_copy, when)
        add_reminders(example_copy, "  approval:\n    days_before: 90\n    text: Fristen er {frist}.\n")
        body = paragraphs(letter(reminders_on(example_copy, IN_OCTOBER), "København"))
        assert f"Fristen er {deadline}." in body

    @pytest.mark.parametrize(("field", "written", "message"), [
        ("text", "Fristen er {fristen}.", "{fristen} is not a placeholder kldocs knows; write {kommune} or {frist}"),
        ("title", "Husk {{ program.title }}", "has a brace that is not part of a placeholder"),
        ("closing", "- Tak, {link}", "{link} is not a placeholder kldocs knows"),
        ("text", "Se [jeres side](https://x.dk/{kommune}/side).", "the link 'https://x.dk/%7Bkommune%7D/side' holds a "
                 "brace in its address, where nothing is filled in"),
        ("text", "Se <https://x.dk/{frist}>.", "holds a brace in its address"),
        ("text", "Til *{kommune*}.", "bold, italic or a link begins or ends inside a placeholder in 'Til {kommune}.': "
                                     "put the * or ** around the whole of it"),
        ("text", "Til *{komune*}.", "{komune*} is not a placeholder kldocs knows"),  # quoted as written
        ("text", "Fristen er {frist.__class__}.", "{frist.__class__} is not a placeholder kldocs knows"),
    ])
    def it_refuses_a_placeholder_it_does_not_know_instead_of_printing_it(self, example_copy, field, written,
                                                                          message):
        add_reminders(example_copy, f"  registration:\n    {field}: '{written}'\n")
        with pytest.raises(InputError) as refused:
            load_program(example_copy)
        assert f"reminders.registration.{field}" in str(refused.value)
        assert message in str(refused.value)

    def it_validates_against_the_office_schemas(self, with_approval, tmp_path):
        validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0)
        for day, name in ((BEFORE, "Læsø"), (IN_OCTOBER, "København")):
            path = tmp_path / f"{name}.docx"
            path.write_bytes(letter(reminders_on(with_approval, day), name))
            assert [str(e) for e in validator.validate(path).errors] == []


# --- Through the engine ---------------------------------------------------------------------------


RECIPIENTS = "Kommune;Navn;Titel;E-mail\nLæsø;Inge Holm;Børne- og kulturchef;inge.holm@laesoe.example\n" \
             "Fanø;Ole Fanø;Direktør;ole@fanoe.example\n"


class DescribeTheRun:
    def it_writes_a_manifest_and_names_each_file_by_its_day(self, example_dir, tmp_path):
        written = write_reminders(example_dir, tmp_path / "r", date=BEFORE, to="Læsø, Fanø, Aarhus")
        assert written.summary().startswith("2 reminders written to")
        manifest = json.loads((tmp_path / "r" / "manifest.json").read_text(encoding="utf-8"))
        assert [(f["path"], f["kind"], f["municipality_code"]) for f in manifest["files"]] == [
            ("0563-fanoe-tilmelding-2021-08-09.docx", "reminder", "0563"),
            ("0825-laesoe-tilmelding-2021-08-09.docx", "reminder", "0825"),
        ]

    def it_never_replaces_a_reminder_with_another_without_force_and_gives_the_same_bytes(self, example_copy,
                                                                                           tmp_path):
        out = tmp_path / "r"
        write_reminders(example_copy, out, date=BEFORE, to="Læsø")
        first = (out / "0825-laesoe-tilmelding-2021-08-09.docx").read_bytes()
        write_reminders(example_copy, out, date=BEFORE, to="Læsø")  # the same reminder again: nothing replaced
        assert (out / "0825-laesoe-tilmelding-2021-08-09.docx").read_bytes() == first
        program = example_copy / "program.yaml"
        program.write_text(program.read_text(encoding="utf-8").replace("phone: 3370 3370", "phone: 3370 3371"),
                           encoding="utf-8")
        write_reminders(example_copy, out, date=BEFORE, to="Læsø")  # a number it does not print: the same reminder
        program.write_text(program.read_text(encoding="utf-8").replace("phone: 3370 3469", "phone: 3370 3460"),
                           encoding="utf-8")
        with pytest.raises(OutputExists):  # the contact's number, which it prints: another reminder
            write_reminders(example_copy, out, date=BEFORE, to="Læsø")
        write_reminders(example_copy, out, date=BEFORE, to="Læsø", force=True)
        write_reminders(example_copy, out, date=dt.date(2021, 8, 12), to="Læsø")  # another day, another file
        assert len(list(out.glob("*.docx"))) == 2

    def it_leaves_the_folder_alone_when_nothing_is_due(self, example_dir, tmp_path):
        written = write_reminders(example_dir, tmp_path / "r", date=AFTER, to="all")
        assert written.documents == 0 and not (tmp_path / "r").exists()
        assert written.notes[0].startswith("The registration deadline mandag den 16. august 2021 kl. 12.00 has passed")

    def it_drafts_an_email_to_the_recipient_to_register(self, example_copy, tmp_path):
        (example_copy / "recipients.csv").write_text(RECIPIENTS, encoding="utf-8")
        out = tmp_path / "r"
        written = write_reminders(example_copy, out, date=BEFORE, to="Læsø, Fanø", eml=True)
        assert written.drafts == 2
        message = email.message_from_bytes((out / "0825-laesoe-tilmelding-2021-08-09.eml").read_bytes(),
                                           policy=policy.default)
        assert message["To"] == "Inge Holm <inge.holm@laesoe.example>"
        assert message["Subject"] == ("Påmindelse om tilmelding til det kommunale partnerskab om stærke "
                                      "børnefællesskaber i dagtilbud")
        body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        assert body.startswith("Kære Inge Holm\n\nDen 14. juni 2021 inviterede KL Læsø Kommune")
        assert "Vi har endnu ikke modtaget jeres tilmelding." in body
        assert "I kan tilmelde jer via dette link: https://tilmeld.kl.dk/staerkebornefaellesskaber" in body
        (attachment,) = message.iter_attachments()
        assert attachment.get_filename() == "Påmindelse om tilmelding til Læsø Kommune.docx"
        # the letter is addressed as the invitation was
        assert paragraphs((out / "0825-laesoe-tilmelding-2021-08-09.docx").read_bytes())[1:3] == [
            "Inge Holm", "Børne- og kulturchef"]

    def it_drafts_an_email_to_the_registrations_contact_to_approve(self, with_approval, tmp_path):
        out = tmp_path / "r"
        write_reminders(with_approval, out, date=IN_OCTOBER, to="all", eml=True)
        message = email.message_from_bytes((out / "0101-koebenhavn-godkendelse-2021-10-05.eml").read_bytes(),
                                           policy=policy.default)
        assert message["To"] == "Mette Søndergaard <mette.soendergaard@example.dk>"
        assert message["Subject"] == "Påmindelse om politisk godkendelse af partnerskabsaftalen"

    def it_refuses_eml_without_an_address_naming_whom(self, example_dir, tmp_path):
        with pytest.raises(InputError) as caught:
            write_reminders(example_dir, tmp_path / "r", date=BEFORE, to="Læsø, Fanø", eml=True)
        assert caught.value.problems == [
            "recipients.csv: is not in the programme folder; --eml needs the e-mail address of each municipality "
            "written to, in a recipients.csv with the columns Kommune and E-mail"]
        assert not (tmp_path / "r").exists()

    def it_needs_a_day(self, example_dir):
        with pytest.raises(InputError, match="--date: a reminder is written for a day"):
            plan("reminders", example_dir)


class DescribeCheckAndBuild:
    def it_is_checked_by_kldocs_check(self, example_dir, with_approval):
        assert ("reminder.docx: fits the reminders to register; no milestone marks the councils' approval "
                "(approval: ja), so there are none to approve") in check_folder(example_dir).ok
        assert ("reminder.docx: fits the reminders to register and to approve (by oktober 2021: "
                "Kommunalbestyrelserne godkender partnerskabsaftalen)") in check_folder(with_approval).ok

    def it_checks_a_template_of_ones_own(self, example_copy):
        import shutil

        from conftest import ROOT

        (example_copy / "templates").mkdir()
        shutil.copy(ROOT / "templates" / "invitation.docx", example_copy / "templates" / "reminder.docx")
        report = check_folder(example_copy)
        assert any("reminder.docx" in p and "registration_link" in p for p in report.problems), report.problems

    def it_is_skipped_by_build_which_is_the_same_every_day(self, example_dir, tmp_path):
        built = build_all(example_dir, tmp_path / "out")
        assert ("Reminders: skipped, a reminder is written for a day (kldocs build --date DATE, or kldocs reminders "
                "PROGRAM_DIR --date DATE)") in built.lines
        assert not (tmp_path / "out" / "reminders").exists()


class DescribeTheCommand:
    def it_reminds_those_the_invitations_went_to(self, example_dir, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        runner = CliRunner()
        assert runner.invoke(cli, ["invitations", str(example_dir), "--to", "nordjylland"]).exit_code == 0
        result = runner.invoke(cli, ["reminders", str(example_dir), "--date", "09-08-2021"])
        assert result.exit_code == 0, result.output
        assert "8 reminders written to" in result.output
        assert sorted(p.name for p in (tmp_path / "out" / "reminders").glob("*.docx"))[0] == \
            "0773-morsoe-tilmelding-2021-08-09.docx"

    def it_says_so_when_it_cannot_tell_who_was_invited(self, example_dir, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        result = CliRunner().invoke(cli, ["reminders", str(example_dir), "--date", "2021-08-09"])
        assert result.exit_code == 1
        assert result.output == ("Error: out/invitations: has no invitations in a manifest.json, so kldocs cannot "
                                 "tell who was invited; give the folder they were written to with --invitations, "
                                 "or say whom with --to\n")

    def it_refuses_a_day_that_is_not_one(self, example_dir):
        result = CliRunner().invoke(cli, ["reminders", str(example_dir), "--date", "31-02-2021", "--to", "all"])
        assert result.exit_code == 2
        assert "Invalid value for '--date': '31-02-2021' is not a real date (februar 2021 has 28 days)" in result.output
