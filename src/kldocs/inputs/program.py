"""The partnership: what ``program.yaml`` holds, validated on load.

A programme folder describes one partnership. :func:`load_program` reads its
``program.yaml`` into a :class:`Program`, reporting every problem at once as
``program.yaml, line N: path.to.field: message``. ``kldocs schema`` prints the
JSON Schema of this model for editors.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, Field, PrivateAttr, WithJsonSchema, model_validator

from kldocs.danish.formatting import Noun, counts_text, half_year_label, noun, with_vat
from kldocs.danish.formatting import vat_amount as _vat_amount
from kldocs.danish.when import EXAMPLES, FORMS, When
from kldocs.errors import InputError
from kldocs.inputs.fieldtypes import (
    DateField,
    DayOrTime,
    Email,
    Model,
    NonEmpty,
    Percent,
    PositiveMoney,
    PostCode,
    Text,
    WhenField,
    YesNo,
)
from kldocs.inputs.logo import Logo, read_logo
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


class Participants(Model):
    """Who takes part from each municipality, and the limits on how many."""

    heading: str | None = None
    text: Text = ()
    min: int = Field(1, ge=0, description="Fewest participants per municipality.")
    max: int = Field(5, ge=1, description="Most participants per municipality.")
    max_politicians: int = Field(0, ge=0, description="Most politicians per municipality.")

    @model_validator(mode="after")
    def _ordered(self) -> Participants:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not exceed max ({self.max})")
        return self


_TIME_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "string"}, {"type": "integer"}],
    "description": f"A point or span in time, Danish or ISO: {FORMS}.",
    "examples": list(EXAMPLES),
}

TimeField = Annotated[WhenField, WithJsonSchema(_TIME_SCHEMA)]
"""A point or span in a time plan, written in the Danish kldocs prints or in ISO (see :class:`When`)."""


def _one_point(when: When) -> When:
    if when.kind == "range":
        raise ValueError(
            f"must be one point in time (a date, a month, a quarter, a half-year or a year), not the range {when}"
        )
    return when


PeriodEnd = Annotated[
    WhenField,
    AfterValidator(_one_point),
    WithJsonSchema({**_TIME_SCHEMA, "description": f"One point in time, Danish or ISO, not a range: {FORMS}.",
                    "examples": ["august 2021", "2021-08", "andet halvår 2025", "2025-H2", "4. kvartal 2025"]}),
]
"""Where the partnership's period starts or ends: any point :class:`When` reads, but not a range."""

DEFAULT_MEETING = "partnerskabsmøde"
"""What a meeting in the time plan is called when neither it nor the plan says otherwise."""


class Milestone(Model):
    """One line of the time plan."""

    when: TimeField = Field(description=f"When it happens, Danish or ISO: {FORMS}.")
    text: NonEmpty
    kind: Literal["meeting", "deadline", "other"] = Field(
        "other", description="meeting, deadline or other; a milestone with a 'meeting' is a meeting."
    )
    meeting: NonEmpty | None = Field(
        None,
        description="The kind of meeting, a Danish noun in the singular as it reads mid-sentence; documents "
                    "count meetings by it ('fem netværksmøder og tre seminarer'). Makes the milestone a meeting; "
                    "without it a meeting is the time plan's default_meeting.",
        examples=["netværksmøde", "seminar", "konference", "besøg"],
    )
    approval: YesNo = Field(
        False,
        description="ja marks the milestone by which each council is to have approved its partnership "
                    "agreement (e.g. 'Politisk godkendelse af partnerskabsaftalen'): kldocs status counts a "
                    "council without an approval date late after it, and kldocs reminders writes to those "
                    "councils as it nears. At most one milestone is marked.",
        examples=["ja"],
    )

    @model_validator(mode="before")
    @classmethod
    def _meeting_is_a_meeting(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("meeting") is not None:
            if "kind" not in data:
                return {**data, "kind": "meeting"}
            if data["kind"] != "meeting":
                raise ValueError(
                    f"meeting: a {data['kind']} is not a meeting; write kind: meeting or leave out meeting"
                )
        return data


class MeetingKind(Model):
    """A kind of meeting whose Danish plural and gender kldocs cannot tell by itself."""

    noun: NonEmpty = Field(description="The singular, as a milestone's meeting names it.", examples=["læringslab"])
    plural: NonEmpty = Field(description="The plural: 'fem læringslabs'.", examples=["læringslabs"])
    article: Literal["en", "et"] = Field(description="en or et: 'et læringslab'.", examples=["et"])

    @property
    def as_noun(self) -> Noun:
        """The noun, for counting."""
        return Noun(self.noun, self.plural, self.article == "et")


class TimelineGroup(Model):
    """Milestones of one half-year or year (or all of them, ungrouped), as the time-plan table prints them.

    ``label`` heads the group (none when the plan is not grouped);
    ``omit_year`` is the year its dates leave out, since the label names it
    (``{{ milestone.when|date(omit_year=group.omit_year) }}``), or None.
    """

    year: int | None
    half: int | None
    label: str | None
    omit_year: int | None = None
    milestones: tuple[Milestone, ...]


class Timeline(Model):
    """The time plan: the partnership's period and its milestones, grouped as the programme chooses."""

    heading: str | None = None
    intro: Text = ()
    start: PeriodEnd = Field(description="When the partnership starts, as precisely as it is known: "
                                         "'august 2021', '2021-08', 'andet halvår 2025'.")
    end: PeriodEnd = Field(description="When it ends: 'marts 2022', '2022-03', 'andet halvår 2027'.")
    note: Text = ()
    milestones: tuple[Milestone, ...] = ()
    group_by: Literal["half-year", "year", "none"] = Field(
        "half-year",
        description="How the time-plan table groups its milestones: under a heading per half-year "
                    "('2021 – andet halvår'), per year ('2025'), or not at all (none).",
        examples=["half-year", "year", "none"],
    )
    repeat_year: YesNo | None = Field(
        None,
        description="Whether dates under a group heading repeat its year. By default they do under a "
                    "half-year heading ('14. september 2021', as KL's letters of 2021) and do not under a "
                    "year heading ('5. maj'). Only for a grouped time plan.",
        examples=["nej"],
    )
    default_meeting: NonEmpty = Field(
        DEFAULT_MEETING,
        description="What a milestone of kind meeting is, when it names no meeting: a Danish noun in the singular.",
        examples=[DEFAULT_MEETING, "netværksmøde"],
    )
    meeting_kinds: tuple[MeetingKind, ...] = Field(
        (),
        description="Kinds of meeting with their plural and article, for nouns kldocs cannot inflect itself "
                    "(it knows compounds of møde, seminar, konference, besøg, workshop, dag and more).",
    )

    @model_validator(mode="after")
    def _in_order(self) -> Timeline:
        if self.end.sort_key < self.start.sort_key:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        if self.repeat_year is not None and self.group_by == "none":
            raise ValueError("repeat_year: only a grouped time plan has a year to repeat (group_by: half-year or year)")
        try:
            self.noun_of(None)
        except ValueError as exc:
            raise ValueError(f"default_meeting: {exc}") from None
        for i, milestone in enumerate(self.milestones):
            if milestone.kind == "meeting":
                try:
                    self.noun_of(milestone)
                except ValueError as exc:
                    raise ValueError(f"milestones[{i}].meeting: {exc}") from None
        return self

    def noun_of(self, milestone: Milestone | None) -> Noun:
        """The noun a meeting is counted by (the default meeting's for None); a ValueError if it cannot be inflected."""
        word = (milestone.meeting if milestone is not None else None) or self.default_meeting
        for kind in self.meeting_kinds:
            if kind.noun.casefold() == word.casefold():
                return kind.as_noun
        try:
            return noun(word)
        except ValueError as exc:
            raise ValueError(
                f"{exc}; add it under timeline.meeting_kinds with its plural and article, "
                f"e.g. {{noun: {word}, plural: {word}er, article: en}}"
            ) from None

    @property
    def sorted_milestones(self) -> tuple[Milestone, ...]:
        """Milestones in calendar order."""
        return tuple(sorted(self.milestones, key=lambda m: m.when.sort_key))

    @property
    def meetings(self) -> tuple[Milestone, ...]:
        """The milestones that are meetings, in calendar order."""
        return tuple(m for m in self.sorted_milestones if m.kind == "meeting")

    def meetings_until(self, day: dt.date | None = None) -> tuple[Milestone, ...]:
        """The meetings over by ``day`` (all of them without one), in calendar order."""
        return tuple(m for m in self.meetings if day is None or m.when.end <= day)

    def meeting_counts(self, day: dt.date | None = None) -> tuple[tuple[Noun, int], ...]:
        """How many meetings of each kind (over by ``day``, or all), kinds in the order they first meet."""
        counts: dict[str, tuple[Noun, int]] = {}
        for m in self.meetings_until(day):
            kind = self.noun_of(m)
            known = counts.get(kind.singular.casefold())
            counts[kind.singular.casefold()] = (known[0] if known else kind, (known[1] if known else 0) + 1)
        return tuple(counts.values())

    def meetings_text(self, day: dt.date | None = None) -> str:
        """The meetings (over by ``day``, or all) counted by kind in prose: ``fem netværksmøder og tre seminarer``."""
        return counts_text(self.meeting_counts(day))

    @property
    def meetings_phrase(self) -> str:
        """Every meeting of the plan counted by kind: ``fire partnerskabsmøder``; empty without meetings."""
        return self.meetings_text()

    @property
    def kinds_of_meeting(self) -> tuple[Noun, ...]:
        """The kinds of meeting in the plan, in the order they first meet."""
        return tuple(kind for kind, _ in self.meeting_counts())

    @property
    def groups(self) -> tuple[TimelineGroup, ...]:
        """The milestones as the time-plan table groups them (``group_by``), groups and milestones in calendar order.

        A milestone belongs to the half-year or year it starts in.
        """
        if self.group_by == "none":
            if not self.milestones:
                return ()
            return (TimelineGroup(year=None, half=None, label=None, milestones=self.sorted_milestones),)
        by_half = self.group_by == "half-year"
        omit = self.repeat_year is False if by_half else self.repeat_year is not True
        groups: dict[tuple[int, int], list[Milestone]] = {}
        for m in self.sorted_milestones:
            groups.setdefault((m.when.year, m.when.half if by_half else 0), []).append(m)
        return tuple(
            TimelineGroup(
                year=y, half=h or None, label=half_year_label(y, h) if by_half else str(y),
                omit_year=y if omit else None, milestones=tuple(ms),
            )
            for (y, h), ms in sorted(groups.items(), key=lambda item: item[0])
        )


class AddOn(Model):
    """An optional extra a municipality can buy on top of the base price."""

    id: NonEmpty = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: NonEmpty
    price: PositiveMoney
    description: str | None = None


class InvoiceLine(Model):
    """One line of a municipality's price: what it is and what it costs."""

    text: str
    amount: Decimal


class Invoice(Model):
    """What one municipality pays: its lines, their sum, the VAT and the total."""

    lines: tuple[InvoiceLine, ...]
    subtotal: Decimal
    vat: Decimal
    total: Decimal
    vat_status: Literal["ex", "incl"]


class Pricing(Model):
    """What participation costs, whether prices are ex or incl. VAT, and the add-ons."""

    heading: str | None = None
    price: PositiveMoney = Field(description="Price per municipality.")
    vat: Literal["ex", "incl"] = Field("ex", description="Whether the prices are ex or incl. VAT (moms).")
    vat_rate: Percent = Field(Decimal("0.25"), description="The VAT rate; 25 % in Denmark.")
    covers: str | None = Field(None, description="What the price covers, e.g. 'fire partnerskabsmøder'.")
    add_ons: tuple[AddOn, ...] = ()
    text: Text = ()

    @model_validator(mode="after")
    def _check(self) -> Pricing:
        ids = [a.id for a in self.add_ons]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"add_ons: id '{dupes[0]}' is used twice")
        return self

    def invoice(
        self, add_on_ids: tuple[str, ...] | list[str] = (), base_text: str = "Deltagelse i partnerskabet"
    ) -> Invoice:
        """The price for a municipality that chose ``add_on_ids``: lines, subtotal, VAT and total.

        With prices ex VAT the VAT is added; with prices incl. VAT the VAT
        contained in the total is shown and the total is the subtotal.
        """
        by_id = {a.id: a for a in self.add_ons}
        lines = [InvoiceLine(text=base_text, amount=self.price)]
        lines += [InvoiceLine(text=by_id[i].title, amount=by_id[i].price) for i in add_on_ids]
        subtotal = sum((line.amount for line in lines), Decimal(0))
        if self.vat == "ex":
            vat = _vat_amount(subtotal, self.vat_rate)
            total = with_vat(subtotal, self.vat_rate)
        else:
            vat = (subtotal - subtotal / (1 + self.vat_rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            total = subtotal
        return Invoice(lines=tuple(lines), subtotal=subtotal, vat=vat, total=total, vat_status=self.vat)


DEFAULT_COLUMNS: dict[str, str] = {
    "municipality": "Kommune",
    "contact_name": "Kontaktperson",
    "contact_title": "Titel",
    "email": "E-mail",
    "phone": "Telefon",
    "focus_area": "Indsatsområde",
    "goal": "Mål",
    "participants": "Antal deltagere",
    "politicians": "Antal politikere",
    "add_ons": "Tilkøb",
    "mayor": "Borgmester",
    "director": "Kommunaldirektør",
    "approved": "Tiltrådt",
}
"""Column headings of a registrations export; ``focus_area`` and ``goal`` are followed by 1…5."""


class Columns(Model):
    """Column headings of the registrations export, where they differ from the Danish defaults."""

    municipality: str = DEFAULT_COLUMNS["municipality"]
    contact_name: str = DEFAULT_COLUMNS["contact_name"]
    contact_title: str = DEFAULT_COLUMNS["contact_title"]
    email: str = DEFAULT_COLUMNS["email"]
    phone: str = DEFAULT_COLUMNS["phone"]
    focus_area: str = Field(DEFAULT_COLUMNS["focus_area"], description="Followed by 1…5 in the export.")
    goal: str = Field(DEFAULT_COLUMNS["goal"], description="Followed by 1…5: local goal per focus area.")
    participants: str = DEFAULT_COLUMNS["participants"]
    politicians: str = DEFAULT_COLUMNS["politicians"]
    add_ons: str = DEFAULT_COLUMNS["add_ons"]
    mayor: str = DEFAULT_COLUMNS["mayor"]
    director: str = DEFAULT_COLUMNS["director"]
    approved: str = DEFAULT_COLUMNS["approved"]


class RegistrationSettings(Model):
    """How municipalities sign up: deadline, link, whether it binds, and the export's columns."""

    heading: str | None = None
    deadline: DayOrTime
    link: str | None = None
    binding: YesNo = True
    text: Text = ()
    min_focus_areas: int = Field(1, ge=0, description="Fewest focus areas a municipality must prioritise.")
    max_focus_areas: int = Field(5, ge=1, le=9, description="Most focus areas a municipality may prioritise.")
    columns: Columns = Columns()


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
    addressees: tuple[str, ...] = Field(min_length=1, description="The titles a letter is addressed to.")
    contacts: tuple[Contact, ...] = Field(min_length=1)
    invitation: Invitation
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
        marked = [i for i, m in enumerate(self.timeline.milestones) if m.approval]
        if len(marked) > 1:
            raise ValueError(
                f"timeline.milestones[{marked[1]}].approval: only one milestone marks the councils' approval, "
                f"and timeline.milestones[{marked[0]}] does already"
            )
        return self

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
