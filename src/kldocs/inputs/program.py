"""The partnership: what ``program.yaml`` holds, validated on load.

A programme folder describes one partnership. :func:`load_program` reads its
``program.yaml`` into a :class:`Program`, reporting every problem at once as
``program.yaml, line N: path.to.field: message``. ``kldocs schema`` prints the
JSON Schema of this model for editors.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from kldocs.danish.when import When
from kldocs.errors import InputError
from kldocs.inputs.fieldtypes import (
    DateField,
    Email,
    Model,
    NonEmpty,
    PostCode,
    Text,
    YesNo,
)
from kldocs.inputs.logo import Logo, read_logo
from kldocs.inputs.outline import (
    AGREEMENT_BLOCKS,
    AGREEMENT_HEADINGS,
    AGREEMENT_ORDER,
    INVITATION_BLOCKS,
    INVITATION_HEADINGS,
    INVITATION_ORDER,
    AgreementSection,
    InvitationSection,
    Outline,
    build_outline,
    check_tree,
)
from kldocs.inputs.pricing import Pricing
from kldocs.inputs.signup import Participants, RegistrationSettings
from kldocs.inputs.timeline import Timeline
from kldocs.inputs.validation import validate
from kldocs.inputs.yamlio import load_yaml

if TYPE_CHECKING:
    from kldocs.engine.inline import Image

PROGRAM_FILE = "program.yaml"


class Sender(Model):
    """The organisation that sends the letters: its name and letterhead address."""

    name: NonEmpty
    street: NonEmpty
    postbox: str | None = None
    postcode: PostCode
    town: NonEmpty
    phone: str | None = None
    email: Email | None = None
    web: str | None = None
    board: str = Field("bestyrelse", description="What the organisation's board is called.")
    logo: NonEmpty | None = Field(
        None, description="A PNG in the programme folder (logo.png), or an SVG with a PNG of it beside it, "
                          "printed at the top of the letterhead instead of the name.",
    )
    _logo: Logo | None = PrivateAttr(None)

    @property
    def postal_line(self) -> str:
        """Postcode and town: ``2300 København S``."""
        return f"{self.postcode} {self.town}"

    def logo_picture(self, width_mm: float, height_mm: float) -> Image:
        """The logo as large as fits in a box of ``width_mm`` by ``height_mm``, with the sender's name as alt text.

        ValueError when there is no logo, or the programme was not loaded by
        :func:`load_program` (which reads the file).
        """
        if self._logo is None:
            raise ValueError("sender.logo: the programme has no logo, or it was not read from its folder")
        return self._logo.picture(width_mm, height_mm, self.name)


class Contact(Model):
    """A person at the sending organisation whom municipalities may contact."""

    id: str | None = Field(None, description="A short key other fields can refer to, e.g. initials.")
    title: NonEmpty = Field(description="Job title in lower case, as it reads mid-sentence.")
    name: NonEmpty
    email: Email
    phone: str | None = None


class Letterhead(Model):
    """The letterhead of a letter: date, case and document ids, and whom to reply to."""

    date: DateField
    case_id: str | None = Field(None, description="Sags ID.")
    document_id: str | None = Field(None, description="Dok. ID.")
    responsible: str | None = Field(
        None, description="The id of the contact whose e-mail and direct phone head the letter."
    )
    email: Email | None = Field(None, description="Overrides the responsible contact's e-mail.")
    direct_phone: str | None = Field(None, description="Overrides the responsible contact's phone.")


class Section(Model):
    """A titled section of running text."""

    heading: str | None = None
    text: Text = ()

    @property
    def is_empty(self) -> bool:
        """True when there is no text to print (the section then disappears)."""
        return not self.text


class Invitation(Model):
    """The opening of the invitation letter: its title and first paragraph."""

    title: NonEmpty
    lead: Text = ()
    subject: str | None = Field(None, description="Subject line of the e-mail drafts.")
    cover_text: Text = Field((), description="Body of the e-mail drafts (a Danish default if empty).")


class SuccessCriteria(Model):
    """What the partnership counts as success: an introducing sentence and a list."""

    intro: str | None = None
    items: tuple[str, ...] = ()


class FocusArea(Model):
    """One focus area (indsatsområde) in the catalogue municipalities choose from."""

    id: NonEmpty = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Stable key, e.g. 'mellemformer'.")
    title: NonEmpty
    description: str | None = None


class FocusAreas(Model):
    """The focus-area catalogue and the text around it in letters."""

    heading: str | None = None
    intro: str | None = None
    catalogue: tuple[FocusArea, ...] = Field(min_length=1)
    outro: Text = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> FocusAreas:
        seen: set[str] = set()
        for area in self.catalogue:
            if area.id in seen:
                raise ValueError(f"catalogue: focus area id '{area.id}' is used twice")
            seen.add(area.id)
        return self

    def by_id(self) -> dict[str, FocusArea]:
        """The catalogue keyed by id."""
        return {a.id: a for a in self.catalogue}


class Signatory(Model):
    """Someone who signs an agreement: a title as it reads mid-sentence, and a name."""

    title: NonEmpty = Field(description="In lower case, as it reads mid-sentence: 'formand'.")
    name: str | None = Field(
        None, description="Printed under the line to sign on; a final agreement needs it (see allow_blanks).",
    )

    @property
    def has_name(self) -> bool:
        """True when there is a name to print."""
        return bool(self.name and self.name.strip())


_DEFAULT_TEXT = "Leave it out for kldocs' Danish default, which names the parties: "


class Agreement(Model):
    """What the political partnership agreement says beyond the invitation.

    The agreement has its own background, purpose and terms: the invitation's
    text appeals to every municipality, the agreement binds one. Each text
    left out here is a Danish default that names the municipality and the
    association (:mod:`kldocs.documents.agreement_text`).
    """

    title: str = "Politisk partnerskabsaftale"
    intro: Text = Field((), description="A paragraph after the parties, e.g. what the agreement covers.")
    preamble: Text = Field(
        (),
        description="The agreement's background: why the parties enter it, written for the agreement rather "
                    "than the invitation's appeal. " + _DEFAULT_TEXT
                    + "'KL har inviteret kommunerne til at deltage i partnerskabet om …, og Aarhus Kommune har "
                      "tilmeldt sig. …'",
    )
    purpose: Text = Field(
        (),
        description="What the municipality's participation is to achieve. " + _DEFAULT_TEXT
                    + "'Aftalen skal sikre, at Aarhus Kommune får mest muligt ud af partnerskabet om …'",
    )
    association_obligations: Text = Field((), description="What the association delivers.")
    municipality_obligations: Text = Field((), description="What each municipality commits to.")
    local_goals: YesNo = Field(
        True,
        description="Whether the municipality sets a local goal for each of its focus areas (ja): a draft "
                    "then has lines for the goals not yet given, and a final agreement needs them all. With "
                    "nej the agreement lists the focus areas and prints only the goals given.",
    )
    binding: Text = Field(
        (),
        description="When the agreement takes effect, how long it lasts and whether it binds. " + _DEFAULT_TEXT
                    + "'Aftalen træder i kraft, når Aarhus Kommunes kommunalbestyrelse har godkendt den, og "
                      "begge parter har underskrevet den. …' (binding as registration.binding says).",
    )
    withdrawal: Text = Field(
        (),
        description="How a municipality leaves the partnership before its end, and what it then pays. "
                    + _DEFAULT_TEXT + "'Ønsker kommunen at træde ud af partnerskabet før tid, giver den KL "
                                      "skriftlig besked. …'",
    )
    invoicing: Text = Field(
        (),
        description="When and how the price is invoiced. " + _DEFAULT_TEXT
                    + "'KL fakturerer kommunen for det samlede beløb, når aftalen er underskrevet af begge "
                      "parter. …'",
    )
    allow_blanks: YesNo = Field(
        False,
        description="Whether a final agreement (--final) may print lines to fill in by hand for what the data "
                    "lacks: local goals, signatories' names, the council's approval date. Without it such an "
                    "agreement is refused, naming every blank.",
    )
    chair: Signatory = Signatory(title="formand")
    director: Signatory = Signatory(title="administrerende direktør")
    numbered_headings: YesNo = Field(
        False, description="Whether the agreement's section headings are numbered (1., 2., 2.1 …) by Word.",
        examples=["ja"],
    )
    sections: tuple[AgreementSection, ...] | None = Field(
        None,
        description="The agreement's sections in order, after the parties and before the approval and signatures: "
                    "free sections with a heading and text, and the agreement's blocks placed by name ("
                    + ", ".join(AGREEMENT_BLOCKS) + "). Without it: " + ", ".join(AGREEMENT_ORDER) + ".",
        examples=[[{"block": "preamble"}, {"block": "purpose"}, {"heading": "Formidling", "text": "..."},
                   {"block": "economy"}]],
    )

    @model_validator(mode="after")
    def _tree(self) -> Agreement:
        problem = check_tree(self.sections or ())
        if problem:
            raise ValueError(problem)
        return self


class NetworkSettings(Model):
    """How registered municipalities are grouped into networks."""

    min_size: int = Field(8, ge=2)
    max_size: int = Field(10, ge=2)
    min_focus_areas: int = Field(3, ge=1, description="Fewest shared focus areas per network.")
    max_focus_areas: int = Field(5, ge=1, description="Most shared focus areas per network.")
    travel_weight: float = Field(
        0.5, ge=0, le=1, description="0 matches on priorities only, 1 on travel only."
    )
    pin: dict[str, int] = Field(
        default_factory=dict, description="Municipality (code or name) → network number (1, 2, …)."
    )
    together: tuple[tuple[str, ...], ...] = Field((), description="Groups of municipalities kept in one network.")
    apart: tuple[tuple[str, ...], ...] = Field((), description="Groups of municipalities kept in different networks.")

    @model_validator(mode="after")
    def _ordered(self) -> NetworkSettings:
        if self.min_size > self.max_size:
            raise ValueError(f"min_size ({self.min_size}) must not exceed max_size ({self.max_size})")
        if self.min_focus_areas > self.max_focus_areas:
            raise ValueError("min_focus_areas must not exceed max_focus_areas")
        return self


class ReminderText(Model):
    """The wording of one reminder letter; each part left out is kldocs' Danish default."""

    title: str | None = Field(None, description="The letter's heading, and the e-mail's subject unless subject says.")
    text: Text = Field((), description="The letter's text, before the link to register (in a reminder to register).")
    closing: Text = Field(
        (), description="The paragraph after it, before whom to ask and the signature: 'Har I allerede tilmeldt "
                        "jer, kan I se bort fra denne påmindelse.'",
    )
    subject: str | None = Field(None, description="Subject line of the e-mail drafts.")


class RegistrationReminder(ReminderText):
    """The reminder to an invited municipality that has not registered, written while the deadline is ahead."""

    days_before: int | None = Field(
        None, ge=0,
        description="Write it only this many days before the registration deadline or fewer; by default "
                    "any day from the invitation's date to the deadline.",
    )


class ApprovalReminder(ReminderText):
    """The reminder to a registered municipality whose council has not approved its agreement yet."""

    days_before: int = Field(
        30, ge=0,
        description="Write it from this many days before the approval milestone (timeline.milestones[].approval) "
                    "to the milestone itself.",
    )


class ReminderSettings(Model):
    """The reminders ``kldocs reminders`` writes: to register, and to approve the agreement."""

    registration: RegistrationReminder = RegistrationReminder()
    approval: ApprovalReminder = ApprovalReminder()


class ProjectDescription(Model):
    """The project description: the invitation's sections under a title, without addressee or appeal."""

    title: str | None = Field(
        None, description="Its title; the programme's title by default.",
        examples=["Projektbeskrivelse: Kommunalt partnerskab om ældre borgeres trivsel"],
    )
    lead: Text = Field(
        (), description="The paragraph under the title; the invitation's lead by default.",
        examples=["Partnerskabet samler kommuner om ..."],
    )


class Program(Model):
    """One partnership, as described in ``program.yaml``."""

    title: NonEmpty = Field(
        description="Full title, e.g. 'Kommunalt partnerskab om stærke børnefællesskaber i dagtilbud'."
    )
    short_title: NonEmpty
    topic: NonEmpty = Field(
        description="What it is about, as it follows 'partnerskab om': 'stærke børnefællesskaber i dagtilbud'."
    )
    sender: Sender
    letter: Letterhead
    addressees: tuple[str, ...] = Field(
        (), description="The titles a letter is addressed to, unless recipients.csv gives a title per municipality; "
                        "the invitation needs them one way or the other, the project description none.",
    )
    contacts: tuple[Contact, ...] = Field(min_length=1)
    invitation: Invitation
    description: ProjectDescription = Field(
        default_factory=lambda: ProjectDescription(),
        description="The project description (projektbeskrivelse): the invitation's sections without addressee.",
    )
    numbered_headings: YesNo = Field(
        False,
        description="Whether the section headings of the invitation and the project description are numbered "
                    "(1., 2., 2.1 …) by Word's own list numbering; a section's numbered: says otherwise for it.",
        examples=["ja"],
    )
    sections: tuple[InvitationSection, ...] | None = Field(
        None,
        description="The sections of the invitation and the project description, in order: free sections with a "
                    "heading, text and subsections, and kldocs' blocks placed by name ("
                    + ", ".join(INVITATION_BLOCKS) + "). Without it: " + ", ".join(INVITATION_ORDER) + ".",
        examples=[[{"heading": "Baggrund", "text": "...", "sections": [{"heading": "Deltagerne",
                                                                        "block": "participants"}]},
                   {"block": "timeline"}, {"heading": "Formidling", "text": "..."}, {"block": "registration"}]],
    )
    background: Section = Section()
    purpose: Section = Section()
    success_criteria: SuccessCriteria = SuccessCriteria()
    content: Section = Section()
    focus_areas: FocusAreas
    participants: Participants = Participants()
    timeline: Timeline
    pricing: Pricing
    registration: RegistrationSettings
    agreement: Agreement = Agreement()
    networks: NetworkSettings = NetworkSettings()
    reminders: ReminderSettings = ReminderSettings()
    language: Literal["da"] = "da"

    @model_validator(mode="after")
    def _cross_checks(self) -> Program:
        ids = [c.id for c in self.contacts if c.id]
        if len(ids) != len(set(ids)):
            raise ValueError("contacts: two contacts have the same id")
        if self.letter.responsible and self.letter.responsible not in ids:
            raise ValueError(
                f"letter.responsible: '{self.letter.responsible}' is not the id of a contact "
                f"(known: {', '.join(ids) or 'none'})"
            )
        problem = check_tree(self.sections or ())
        if problem:
            raise ValueError(problem)
        marked = [i for i, m in enumerate(self.timeline.milestones) if m.approval]
        if len(marked) > 1:
            raise ValueError(
                f"timeline.milestones[{marked[1]}].approval: only one milestone marks the councils' approval, "
                f"and timeline.milestones[{marked[0]}] does already"
            )
        return self

    @property
    def outline(self) -> Outline:
        """The sections of the invitation and the project description in reading order."""
        headings = {
            "background": self.background.heading, "purpose": self.purpose.heading,
            "content": self.content.heading, "focus_areas": self.focus_areas.heading,
            "participants": self.participants.heading, "timeline": self.timeline.heading,
            "economy": self.pricing.heading, "registration": self.registration.heading,
        }
        resolved = {block: headings.get(block) or default for block, default in INVITATION_HEADINGS.items()}
        return build_outline(self.sections, INVITATION_ORDER, resolved, numbered=self.numbered_headings,
                             criteria_in_purpose=True)

    @property
    def agreement_outline(self) -> Outline:
        """The agreement's sections in reading order (the focus areas' heading is the template's)."""
        headings = {**AGREEMENT_HEADINGS, "timeline": self.timeline.heading or AGREEMENT_HEADINGS["timeline"]}
        return build_outline(self.agreement.sections, AGREEMENT_ORDER, {**headings, "focus_areas": None},
                             numbered=self.agreement.numbered_headings, where="agreement.sections")

    @property
    def responsible(self) -> Contact:
        """The contact whose e-mail and phone head the letters (the first one unless named)."""
        for contact in self.contacts:
            if contact.id and contact.id == self.letter.responsible:
                return contact
        return self.contacts[0]

    @property
    def letterhead_email(self) -> str:
        """The e-mail printed in the letterhead."""
        return self.letter.email or self.responsible.email

    @property
    def letterhead_phone(self) -> str | None:
        """The direct phone printed in the letterhead."""
        return self.letter.direct_phone or self.responsible.phone

    @property
    def period(self) -> tuple[When, When]:
        """When the partnership starts and ends."""
        return self.timeline.start, self.timeline.end

    @property
    def created(self) -> dt.datetime:
        """The moment documents of this programme say they were made: the letter's date at noon."""
        d = self.letter.date
        return dt.datetime(d.year, d.month, d.day, 12, 0, tzinfo=dt.UTC)


def load_program(folder: Path) -> Program:
    """Read and validate ``program.yaml`` in ``folder`` and the logo it names; raise InputError naming every problem."""
    doc = load_yaml(Path(folder) / PROGRAM_FILE)
    logo, logo_problems = read_logo(Path(folder), doc)
    try:
        program = validate(Program, doc)
    except InputError as exc:
        raise InputError([*exc.problems, *logo_problems]) from None
    if logo_problems:
        raise InputError(logo_problems)
    program.sender._logo = logo
    return program


def json_schema() -> str:
    """The JSON Schema of ``program.yaml``, for editors that complete and check YAML."""
    schema: dict[str, Any] = Program.model_json_schema(mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "kldocs program.yaml",
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False)
