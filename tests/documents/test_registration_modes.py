"""Registration modes and participant groups, as the invitation, the agreement and the reminders word them.

Each test renders real documents from a copy of the bundled example with its
``registration:`` or ``participants:`` changed, and reads their text.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from kldocs.templates import housestyle as hs
from kldocs.templates import signup

from docxfactory import as_read, paragraphs, styled_paragraphs
from kldocs.app import plan
from programfactory import replace_block

LINK = "https://tilmeld.kl.dk/staerkebornefaellesskaber"
FORM = "https://www.kl.dk/interesse"
HEADING = "Tilmelding og kontaktpersoner"




def participants(folder: Path, yaml: str) -> None:
    replace_block(folder, "participants", yaml)


def invitation(folder: Path, name: str = "Aarhus") -> bytes:
    (letter,) = plan("invitations", folder, to=name).files
    return letter.make()


def registration_section(folder: Path, name: str = "Aarhus") -> list[str]:
    """The paragraphs of ``name``'s invitation's registration section: the registration and whom to ask."""
    body = paragraphs(invitation(folder, name))
    start = body.index(HEADING) + 1
    return [as_read(p) for p in body[start:start + 2]]  # as read: a phone number's no-break space is a space


def sign_up(folder: Path, yaml: str) -> None:
    """The example's registration with ``yaml`` in place of its mode, link, binding and wording."""
    replace_block(folder, "registration", f"heading: {HEADING}\ndeadline: 2021-08-16 12:00\nmin_focus_areas: 3\n"
                                  f"text: Herefter vil KL tage kontakt med henblik på forventningsafstemning.\n{yaml}")


def agreement(folder: Path, name: str = "Aarhus") -> list[str]:
    files = plan("agreements", folder, municipalities=[name]).files
    (document,) = [f for f in files if f.relpath.endswith(".docx")]
    return paragraphs(document.make())


def reminder(folder: Path, name: str = "Læsø") -> list[str]:
    files = plan("reminders", folder, date=dt.date(2021, 8, 9), to=name).files
    (document,) = [f for f in files if f.relpath.endswith(".docx")]
    body = paragraphs(document.make())
    return body[body.index("Til"):]


class DescribeTheInvitationsRegistration:
    def it_reads_as_the_example_letter_does(self, example_dir):
        assert registration_section(example_dir) == [
            f"Alle kommuner opfordres til at tilmelde sig udviklingspartnerskabet via dette link {LINK}. "
            "Deadline for tilmelding er mandag den 16. august 2021 kl. 12.00. Herefter vil KL tage kontakt med "
            "henblik på forventningsafstemning. Tilmelding er bindende.",
            "Eventuelle spørgsmål til projektet og tilmelding kan rettes til specialkonsulent Aleksandra Raaschou "
            "Beck, arbe@kl.dk, 3370 3469 eller chefkonsulent Lisbeth Due Pedersen, ldpe@kl.dk, 3370 3316.",
        ]

    def it_prints_a_text_of_paragraphs_and_lists_as_written_between_the_appeal_and_the_binding(self, example_copy):
        replace_block(example_copy, "registration", f"heading: {HEADING}\ndeadline: 2021-08-16 12:00\n"
                      f"min_focus_areas: 3\nlink: {LINK}\ntext: |\n  Herefter sker følgende:\n\n"
                      "  - KL kontakter **kommunen**\n  - Kommunen vælger deltagere\n")
        styled = styled_paragraphs(invitation(example_copy))
        start = next(i for i, (_, line) in enumerate(styled) if line.startswith("Kommunerne opfordres"))
        assert [line for _, line in styled[start:start + 5]] == [
            f"Kommunerne opfordres til at tilmelde sig partnerskabet via dette link: {LINK}. Fristen for "
            "tilmelding er mandag den 16. august 2021 kl. 12.00.", "Herefter sker følgende:",
            "KL kontakter kommunen", "Kommunen vælger deltagere", "Tilmelding er bindende."]
        assert [style for style, _ in styled[start + 2:start + 4]] == ["List Bullet", "List Bullet"]

    def it_tells_three_contacts_apart_by_semicolons(self, example_copy):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "    phone: 3370 3316\n", "    phone: 3370 3316\n  - title: konsulent\n    name: Mads Brix Ravn\n"
                                    "    email: mabr@kl.dk\n", 1), encoding="utf-8")
        assert registration_section(example_copy)[1] == (
            "Eventuelle spørgsmål til projektet og tilmelding kan rettes til specialkonsulent Aleksandra Raaschou "
            "Beck, arbe@kl.dk, 3370 3469; chefkonsulent Lisbeth Due Pedersen, ldpe@kl.dk, 3370 3316 eller konsulent "
            "Mads Brix Ravn, mabr@kl.dk.")

    def it_asks_for_a_binding_sign_up_in_its_own_danish_by_default(self, example_copy):
        sign_up(example_copy, f"link: {LINK}")
        assert registration_section(example_copy)[0] == (
            f"Kommunerne opfordres til at tilmelde sig partnerskabet via dette link: {LINK}. Fristen for "
            "tilmelding er mandag den 16. august 2021 kl. 12.00. Herefter vil KL tage kontakt med henblik på "
            "forventningsafstemning. Tilmelding er bindende.")

    @pytest.mark.parametrize(("to", "mode", "begins"), [
        ("Region Nordjylland", "", "Kommunerne i Region Nordjylland opfordres til at tilmelde sig partnerskabet via"),
        ("Region Nordjylland, Region Midtjylland", "mode: interest\n",
         "Kommunerne i Region Midtjylland og Region Nordjylland, der ønsker at deltage i partnerskabet, opfordres til "
         "at tilkendegive deres interesse i denne formular"),
        ("Region Nordjylland, Aarhus", "", "De inviterede kommuner opfordres til at tilmelde sig partnerskabet via"),
        ("Aalborg", "", "Aalborg Kommune opfordres til at tilmelde sig partnerskabet via"),
        ("Aalborg", "mode: interest\n", "Aalborg Kommune opfordres til at tilkendegive sin interesse i at deltage i "
                                       "partnerskabet i denne formular"),
    ])
    def it_names_whom_a_partnership_not_open_to_all_asks_to_register(self, example_copy, to, mode, begins):
        """The project description is read on the web too: 'Kommunerne opfordres' reads as an offer to all."""
        sign_up(example_copy, f"{mode}link: {FORM if mode else LINK}")
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("\ninvitation:\n", f"\ninvitation:\n  to: '{to}'\n"),
                        encoding="utf-8")
        (description,) = plan("description", example_copy).files
        assert any(as_read(p).startswith(begins) for p in paragraphs(description.make()))
        assert registration_section(example_copy, "Aalborg")[0].startswith(begins)

    def it_leaves_the_programmes_own_appeal_as_it_is_whoever_it_is_open_to(self, example_copy):
        sign_up(example_copy, f"link: {LINK}\nwording:\n  appeal: Kommunerne opfordres til at tilmelde sig på {{link}}.")
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("\ninvitation:\n", "\ninvitation:\n  to: nordjylland\n"),
                        encoding="utf-8")
        assert registration_section(example_copy, "Aalborg")[0].startswith(
            f"Kommunerne opfordres til at tilmelde sig på {LINK}.")

    def it_links_the_address_wherever_the_wording_places_it(self, example_copy):
        sign_up(example_copy, f"link: {LINK}\nwording:\n  appeal: Tilmeld jer senest {{frist}} på {{link}}.")
        data = invitation(example_copy)
        document = docx.Document(io.BytesIO(data))
        (link,) = document.element.body.iter(qn("w:hyperlink"))
        assert document.part.rels[link.get(qn("r:id"))].target_ref == LINK
        (paragraph, _contacts) = registration_section(example_copy)
        assert paragraph.startswith(f"Tilmeld jer senest mandag den 16. august 2021 kl. 12.00 på {LINK}. Herefter")

    def it_says_a_sign_up_does_not_bind_when_it_does_not(self, example_copy):
        sign_up(example_copy, f"link: {LINK}\nbinding: nej")
        assert registration_section(example_copy)[0].endswith("forventningsafstemning. Tilmelding er ikke bindende.")

    def it_asks_for_a_non_binding_expression_of_interest_in_the_form(self, example_copy):
        sign_up(example_copy, f"mode: interest\nlink: {FORM}")
        paragraph, contacts = registration_section(example_copy)
        assert paragraph == (
            "Kommuner, der ønsker at deltage i partnerskabet, opfordres til at tilkendegive deres interesse i denne "
            f"formular: {FORM}. Fristen for at tilkendegive interesse er mandag den 16. august 2021 kl. 12.00. "
            "Herefter vil KL tage kontakt med henblik på forventningsafstemning. Tilkendegivelsen er ikke bindende.")
        assert contacts.startswith("Eventuelle spørgsmål til projektet kan rettes til specialkonsulent")
        assert "tilmeld" not in paragraph + contacts

    def it_sends_an_interest_without_a_form_to_the_contacts(self, example_copy):
        sign_up(example_copy, "mode: interest")
        paragraph, contacts = registration_section(example_copy)
        assert paragraph.startswith("Kommuner, der ønsker at deltage i partnerskabet, opfordres til at tilkendegive "
                                    "deres interesse. Fristen for at tilkendegive interesse er mandag")
        assert contacts.startswith("Tilkendegivelser af interesse og eventuelle spørgsmål til projektet kan rettes til "
                                   "specialkonsulent Aleksandra Raaschou Beck")

    def it_prints_the_deadline_once_when_the_programmes_sentence_gives_it(self, example_copy):
        sign_up(example_copy, f"mode: interest\nlink: {FORM}\nwording:\n"
                              "  appeal: Giv os besked i formularen {link} senest {frist}, hvis I er interesserede.")
        paragraph, _contacts = registration_section(example_copy)
        assert paragraph.count("16. august 2021") == 1
        assert paragraph.startswith(f"Giv os besked i formularen {FORM} senest mandag den 16. august 2021 kl. 12.00, "
                                    "hvis I er interesserede. Herefter vil KL")

    def it_prints_the_programmes_words_as_the_same_text(self, example_copy):
        sign_up(example_copy, "wording:\n  deadline: 'Svar <senest> {frist} & skriv \"ja\" – tak.'")
        assert registration_section(example_copy)[0].startswith(
            'Kommunerne opfordres til at tilmelde sig partnerskabet. Svar <senest> mandag den 16. august 2021 '
            'kl. 12.00 & skriv "ja" – tak. Herefter vil KL')

    def it_may_leave_out_the_sentence_on_binding(self, example_copy):
        sign_up(example_copy, f"link: {LINK}\nwording:\n  binding: ''")
        assert registration_section(example_copy)[0].endswith("med henblik på forventningsafstemning.")


class DescribeTheAgreementsParticipants:
    def it_reads_as_the_example_agreement_does(self, example_dir):
        assert ("Aarhus Kommune deltager i partnerskabet med fem medarbejdere og to politikere. "
                "Hver kommune kan deltage med 3–5 medarbejdere og op til to politikere.") in agreement(example_dir)

    def it_words_each_group_with_its_limit_and_where_it_takes_part(self, example_copy):
        participants(example_copy, "heading: Deltagerne\ngroups:\n  - {kind: staff, max: 5, where: i netværkene}\n"
                                   "  - {kind: politicians, max: 2, where: kun ved seminarerne}")
        assert ("Aarhus Kommune deltager i partnerskabet med fem medarbejdere og to politikere. Hver kommune kan "
                "deltage med op til fem medarbejdere i netværkene og op til to politikere kun ved seminarerne."
                ) in agreement(example_copy)  # the staff named alike in both sentences

    def it_states_no_minimum_the_programme_does_not_give(self, example_copy):
        participants(example_copy, "heading: Deltagerne\nmax: 5\nmax_politicians: 2")
        body = agreement(example_copy)
        assert any(p.endswith("Hver kommune kan deltage med op til fem medarbejdere og op til to politikere.")
                   for p in body)
        assert not any("1–5" in p for p in body)

    def it_does_not_bind_a_municipality_that_expressed_an_interest(self, example_copy):
        sign_up(example_copy, f"mode: interest\nlink: {FORM}")
        text = "\n".join(agreement(example_copy))
        assert "bindende" not in text
        assert "forpligter begge parter, så længe kommunen deltager" in text


class DescribeTheInvitationsParticipants:
    def build_template(self, folder: Path) -> None:
        """The programme's own invitation: the bundled participants and registration blocks, nothing else."""
        doc = hs.new_document("Invitation")
        hs.heading(doc, "Deltagerne")
        signup.invitation_participants(doc)
        hs.heading(doc, HEADING)
        signup.registration(doc)
        (folder / "templates").mkdir(exist_ok=True)
        hs.save(doc, folder / "templates" / "invitation.docx")

    def it_states_the_groups_after_the_text(self, example_copy):
        participants(example_copy, "heading: Deltagerne\ntext: Målgruppen er ledere og konsulenter.\ngroups:\n"
                                   "  - {max: 5, noun: deltager, plural: deltagere, where: i netværkene}\n"
                                   "  - {kind: politicians, max: 2, where: kun ved seminarerne}")
        self.build_template(example_copy)
        body = paragraphs(invitation(example_copy))
        start = body.index("Deltagerne") + 1
        assert body[start:start + 3] == [
            "Målgruppen er ledere og konsulenter.",
            "Hver kommune kan deltage med op til fem deltagere i netværkene og op til to politikere kun ved "
            "seminarerne.",
            HEADING,
        ]

    def it_leaves_them_to_the_text_when_told_as_the_example_is(self, example_copy):
        self.build_template(example_copy)
        body = paragraphs(invitation(example_copy))
        start = body.index("Deltagerne") + 1
        assert body[start + 2].startswith("Kommunerne kan deltage med 3-5 personer i netværket, og der lægges vægt på")
        assert body[start + 3] == HEADING


class DescribeTheReminders:
    def it_reminds_of_a_sign_up_as_binding(self, example_dir):
        body = reminder(example_dir)
        assert "Vi har endnu ikke modtaget jeres tilmelding. Fristen for tilmelding er mandag den 16. august 2021 " \
               "kl. 12.00. Tilmeldingen er bindende." in body
        assert f"I kan tilmelde jer via dette link: {LINK}" in body

    def it_reminds_of_an_expression_of_interest_as_such(self, example_copy):
        sign_up(example_copy, f"mode: interest\nlink: {FORM}")
        body = reminder(example_copy)
        assert body[4:9] == [
            "Påmindelse om tilkendegivelse af interesse for deltagelse i det kommunale partnerskab om stærke "
            "børnefællesskaber i dagtilbud",
            "Den 14. juni 2021 inviterede KL Læsø Kommune til at deltage i det kommunale partnerskab om stærke "
            "børnefællesskaber i dagtilbud.",
            "Vi har endnu ikke modtaget jeres tilkendegivelse af interesse. Fristen for at tilkendegive interesse er "
            "mandag den 16. august 2021 kl. 12.00. Tilkendegivelsen er ikke bindende.",
            f"I kan tilkendegive jeres interesse i denne formular: {FORM}",
            "Har I allerede tilkendegivet jeres interesse, kan I se bort fra denne påmindelse.",
        ]
        assert not any("tilmeld" in p for p in body)

    def it_drafts_the_email_for_an_interest_too(self, example_copy):
        sign_up(example_copy, f"mode: interest\nlink: {FORM}")
        (example_copy / "recipients.csv").write_text("Kommune;E-mail\nLæsø;post@laesoe.dk\n", encoding="utf-8")
        planned = plan("reminders", example_copy, date=dt.date(2021, 8, 9), to="Læsø", eml=True)
        (record,) = planned.computed
        assert record.mail is not None
        assert f"I kan tilkendegive jeres interesse i denne formular: {FORM}" in record.mail.body
        assert "tilmeld" not in record.mail.body



def test_the_agreement_counts_a_group_by_the_programmes_own_noun(example_copy):
    participants(example_copy, "groups:\n  - kind: staff\n    max: 5\n  - kind: politicians\n    max: 2\n"
                               "    noun: byrådsmedlem\n    plural: byrådsmedlemmer\n    article: et")
    text = " ".join(agreement(example_copy, "København"))  # it sends five staff and two politicians
    assert "Københavns Kommune deltager i partnerskabet med fem medarbejdere og to byrådsmedlemmer." in text
