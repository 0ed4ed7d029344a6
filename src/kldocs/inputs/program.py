"""The partnership: what ``program.yaml`` holds, validated on load.

A programme folder describes one partnership. :func:`load_program` reads its
``program.yaml`` into a :class:`Program`, reporting every problem at once as
``program.yaml, line N: path.to.field: message``. ``kldocs schema`` prints the
JSON Schema of this model for editors.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import pickle
import re
import sys
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import BaseModel, Field, ModelWrapValidatorHandler, PrivateAttr, field_validator, model_validator

from kldocs.danish.formatting import (
    Noun,
    and_list,
    and_phrases,
    capfirst,
    format_date,
    format_money,
    format_weekday_date,
    lower_first,
    weak_form,
)
from kldocs.danish.when import When
from kldocs.engine.wordmark import SIZES, wordmark_size
from kldocs.errors import InputError, KldocsError
from kldocs.inputs.fieldtypes import (
    DateField,
    Email,
    Model,
    NonEmpty,
    OneLine,
    PostCode,
    Text,
    TextBlock,
    YesNo,
)
from kldocs.inputs.files import YAML_LIMIT, YAML_WHAT, read_bounded
from kldocs.inputs.logo import Logo, logo_unchanged, read_logo
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
from kldocs.inputs.pricing import Pricing, uneven_years
from kldocs.inputs.richtext import runs_in
from kldocs.inputs.selection import select_municipalities
from kldocs.inputs.signup import Participants, RegistrationSettings, sentence_pieces
from kldocs.inputs.timeline import Timeline
from kldocs.inputs.validation import format_loc, raise_at, validate
from kldocs.reference.municipalities import Municipality, registry, whole_regions
from kldocs.resources import code_version, kept_in, module_file, read_cached, write_cached

if TYPE_CHECKING:
    from kldocs.engine.inline import Image

PROGRAM_FILE = "program.yaml"


class Sender(Model):
    """The organisation that sends the letters: its name and letterhead address."""

    name: OneLine = Field(
        description="The organisation's name as the letters write it: in the letterhead (when there is no logo), "
                    "in the signature and as the agreement's party ('KL's bestyrelse').",
        examples=["KL"],
    )
    street: OneLine = Field(
        description="The street address in the letterhead: street and number.", examples=["Weidekampsgade 10"],
    )
    postbox: OneLine | None = Field(
        None, description="A postbox, printed in the letterhead under the street; left out, none is printed.",
        examples=["Postboks 3370"],
    )
    postcode: PostCode = Field(
        description="The postcode in the letterhead: four digits, read as text (0800 stays 0800).",
        examples=["2300"],
    )
    town: OneLine = Field(
        description="The town after the postcode in the letterhead ('2300 København S').", examples=["København S"],
    )
    phone: OneLine | None = Field(
        None, description="The organisation's main phone number, as Danes write it; the letterhead prints the "
                          "responsible contact's direct phone, not this.",
        examples=["3370 3370"],
    )
    email: Email | None = Field(
        None, description="The organisation's main e-mail address; the letterhead prints the responsible "
                          "contact's, not this.",
        examples=["kl@kl.dk"],
    )
    web: OneLine | None = Field(
        None, description="The web address printed in the letterhead and the web article's footer, without "
                          "https://; left out, none is printed.",
        examples=["www.kl.dk"],
    )
    board: OneLine = Field(
        "bestyrelse", description="What the organisation's board is called, as it reads after its name in the "
                                  "agreement ('KL's bestyrelse') and the reminders.",
        examples=["bestyrelse", "hovedbestyrelse"],
    )
    logo: NonEmpty | None = Field(
        None, description="A PNG in the programme folder (logo.png), or an SVG with a PNG of it beside it, "
                          "printed at the top of the letterhead instead of the name.",
        examples=["logo.png"],
    )
    _logo: Logo | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _name_fits(self) -> Self:
        if self.logo is None and self.wordmark_size is None:
            smallest = SIZES[-1][0]
            raise ValueError(
                f"the name {self.name!r} does not fit at the top of the letterhead, 4 cm wide, even at {smallest} pt "
                "(a word of it is wider than the column, or it needs more lines than there is room for); "
                "shorten it, or give the sender's logo (logo: logo.png), which is fitted to the room")
        return self

    @property
    def wordmark_size(self) -> int | None:
        """The size (points) the name takes at the top of the letterhead: 18 for ``KL``, less for a longer name."""
        return wordmark_size(self.name)

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

    id: str | None = Field(
        None, description="A short key other fields can refer to, e.g. initials (letter.responsible).",
        examples=["arbe"],
    )
    title: OneLine = Field(
        description="Job title in lower case, as it reads mid-sentence.",
        examples=["specialkonsulent", "chefkonsulent"],
    )
    name: OneLine = Field(description="The person's full name.", examples=["Aleksandra Raaschou Beck"])
    email: Email = Field(description="The person's e-mail address.", examples=["arbe@kl.dk"])
    phone: OneLine | None = Field(
        None, description="The person's direct phone, as Danes write it; left out, the letters give the e-mail "
                          "alone.",
        examples=["3370 3469"],
    )


class Letterhead(Model):
    """The letterhead of a letter: date, case and document ids, and whom to reply to."""

    date: DateField = Field(
        description="The letter's date, as YYYY-MM-DD; the letterhead prints it in Danish (14. juni 2021), and the "
                    "documents made from the programme are dated by it.",
        examples=["2021-06-14"],
    )
    case_id: OneLine | None = Field(None, description="Sags ID.", examples=["SAG-2021-00945"])
    document_id: OneLine | None = Field(None, description="Dok. ID.", examples=["3069036"])
    responsible: str | None = Field(
        None, description="The id of the contact whose e-mail and direct phone head the letter.", examples=["arbe"],
    )
    email: Email | None = Field(
        None, description="Overrides the responsible contact's e-mail.", examples=["ARBE@kl.dk"],
    )
    direct_phone: OneLine | None = Field(
        None, description="Overrides the responsible contact's phone.", examples=["3370 3469"],
    )


class Section(Model):
    """A titled section of running text."""

    heading: str | None = Field(
        None,
        description="The section's heading. Left out, kldocs' Danish heading for it ('Baggrund', 'Formål', "
                    "'Indhold og organisering'), unless its place in sections: gives one.",
        examples=["Partnerskab om stærke børnefællesskaber i dagtilbud", "Formål, succeskriterier og leverancer"],
    )
    text: Text = ()

    @property
    def is_empty(self) -> bool:
        """True when there is no text to print (the section then disappears)."""
        return not self.text


_SIGN_OFF = re.compile(r"(^|[.!?]\s+|\n)((med )?(venlig(st)?|mange) hilsen(er)?|mvh\.?)(\s|$)", re.IGNORECASE)
"""A letter's sign-off, where a sentence begins: ``Med venlig hilsen``, ``Venlig hilsen``, ``Mvh``."""


def _string_or_list(schema: dict[str, Any]) -> None:
    """The schema of a field written as text, or as a YAML list of its entries (``invitation.to``)."""
    del schema["type"]
    schema["anyOf"] = [{"type": "string"}, {"type": "array", "items": {"type": ["string", "integer"]}, "minItems": 1}]


class Invitation(Model):
    """The opening of the invitation letter: its title and first paragraph."""

    title: OneLine = Field(
        description="The invitation's title, its first heading.",
        examples=["Invitation til kommunalt partnerskab om stærke børnefællesskaber i dagtilbud"],
    )
    lead: Text = ()
    subject: OneLine | None = Field(
        None, description="Subject line of the e-mail drafts.",
        examples=["Invitation til kommunalt partnerskab om stærke børnefællesskaber i dagtilbud"],
    )
    cover_text: Text = Field(
        (), description="Body of the e-mail drafts (a Danish default if empty), between the greeting kldocs writes "
                        "('Kære <navn>' or 'Til <kommune>') and the responsible contact's signature, which it adds; "
                        "write neither.",
    )

    to: NonEmpty = Field(
        "all",
        description="The municipalities the partnership is open to, written as --to writes them: 'all' (the 98, "
                    "when left out), regions, codes and names, mixed, with commas between or as a list. The "
                    "invitations go to them (--to may choose "
                    "fewer), a registration from any other municipality is refused, and the dissemination "
                    "material counts the participants against them.",
        examples=["Region Nordjylland", "Region Hovedstaden, Region Sjælland", "nordjylland, 791",
                  ["Region Nordjylland", "Aarhus"]],
        json_schema_extra=lambda schema: _string_or_list(schema),
    )

    @field_validator("cover_text")
    @classmethod
    def _no_greeting_or_signature(cls, blocks: tuple[TextBlock, ...]) -> tuple[TextBlock, ...]:
        texts = [str(b.text) for b in blocks if not b.is_list]
        if texts and re.match(r"(kære|hej)\b", texts[0].strip(), re.IGNORECASE):
            raise ValueError("kldocs writes the greeting itself ('Kære <navn>' or 'Til <kommune>'): leave "
                             f"{texts[0].strip()[:40]!r} out")
        ending = texts[-1].strip()[-80:] if texts else ""  # 'Vi ses. Med venlig hilsen Sofie', at its end
        if _SIGN_OFF.search(ending):
            raise ValueError("kldocs adds the responsible contact's signature itself: leave out "
                             f"{texts[-1].strip()[:60]!r}")
        return blocks

    @field_validator("to", mode="before")
    @classmethod
    def _listed(cls, value: Any) -> Any:
        """A YAML list of them (``[Region Nordjylland, Aarhus]``) is the same as the names with commas between."""
        if isinstance(value, list | tuple) and all(isinstance(v, str | int) and not isinstance(v, bool) for v in value):
            return ", ".join(str(v) for v in value)
        return value

    @field_validator("to")
    @classmethod
    def _known(cls, value: str) -> str:
        open_to(value)
        return value

    @property
    def open_to(self) -> tuple[Municipality, ...]:
        """The municipalities the partnership is open to, in Danish alphabetical order (all 98 by default)."""
        return open_to(self.to)


def _appealed_to(municipalities: Sequence[Municipality]) -> str | None:
    """Whom the registration's appeal names: None for all 98, ``Kommunerne i Region Syddanmark`` for regions.

    One municipality is named (``Aarhus Kommune``), a list of others is ``De inviterede kommuner``.
    """
    if len(municipalities) == len(registry().all):
        return None
    if len(municipalities) == 1:
        return municipalities[0].official_name
    regions = whole_regions(municipalities)
    return f"Kommunerne i {and_list(regions)}" if regions is not None else "De inviterede kommuner"


@functools.cache
def open_to(spec: str) -> tuple[Municipality, ...]:
    """The municipalities ``spec`` (``invitation.to``) names; a ValueError saying which entry is not one."""
    try:
        return select_municipalities(spec, where="")
    except KldocsError as exc:
        raise ValueError("; ".join(exc.problems)) from None


class SuccessCriteria(Model):
    """What the partnership counts as success: an introducing sentence and a list."""

    intro: str | None = Field(
        None, description="The sentence before the list; left out, the list stands alone.",
        examples=["Succeskriterier for deltagelse i partnerskabet er:", "Partnerskabet er lykkedes, hvis:"],
    )
    items: tuple[str, ...] = Field(
        (),
        description="The criteria, one list item each, printed as bullets with the purpose in the invitation and "
                    "in the agreement (or where a success_criteria block is placed); left out, no criteria are "
                    "printed.",
        examples=[["At kommunerne kortlægger det kommunale udfordringsbillede",
                   "At opbygge viden om stærke børnefællesskaber på 0-6-årsområdet"]],
    )


class FocusArea(Model):
    """One focus area (indsatsområde) in the catalogue municipalities choose from."""

    id: NonEmpty = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="Stable key, e.g. 'mellemformer': lower-case letters a–z, digits, - and _. Registrations may "
                    "name the focus area by it or by its title.",
        examples=["mellemformer", "co-teaching"],
    )
    title: OneLine = Field(
        description="The focus area's name as the letters list it, and as the registrations name it.",
        examples=["Mellemformer i dagtilbud og kommunal tilbudsvifte"],
    )
    description: str | None = Field(
        None, description="A sentence on what the focus area covers, printed under its title in the agreement "
                          "(and after it in the invitation and the project description with focus_areas.describe); "
                          "left out, the title stands alone.",
        examples=["Tilbud mellem almen- og specialområdet, så flere børn kan blive i de almene børnefællesskaber "
                  "med den rette støtte."],
    )


FOCUS_AREA = Noun("indsatsområde", "indsatsområder", neuter=True)
"""What a focus area is called where the programme does not say (``focus_areas.noun``)."""


class FocusAreas(Model):
    """The focus-area catalogue and the text around it in letters."""

    heading: str | None = Field(
        None, description="The heading of the focus areas' section in the invitation; left out, 'Indsatsområder'.",
        examples=["Fokus og indsatsområder"],
    )
    intro: str | None = Field(
        None, description="The sentence before the list of focus areas; left out, the list stands alone.",
        examples=["Det forventes, at partnerskabet vil berøre:"],
    )
    catalogue: tuple[FocusArea, ...] = Field(
        min_length=1,
        description="The focus areas (indsatsområder) municipalities choose from, at least one, in the order the "
                    "letters list them; each with an id and a title.",
        examples=[[{"id": "mellemformer", "title": "Mellemformer i dagtilbud og kommunal tilbudsvifte"},
                   {"id": "co-teaching", "title": "Co-teaching i dagtilbud",
                    "description": "Pædagoger og fagpersoner, der planlægger og gennemfører pædagogiske "
                                   "aktiviteter sammen i børnegruppen."}]],
    )
    outro: Text = ()
    describe: YesNo = Field(
        False,
        description="Whether the invitation and the project description print each focus area's description "
                    "after its title ('Co-teaching i dagtilbud: Pædagoger og fagpersoner, der …'), for the "
                    "municipalities to choose by; the agreement prints them always.",
        examples=["ja"],
    )
    noun: NonEmpty | None = Field(
        None,
        description="What the programme calls a focus area, in the singular, where not 'indsatsområde': the "
                    "agreement, the network overview and the summary name them so; give plural and article with it.",
        examples=["tema", "fokusområde"],
    )
    plural: NonEmpty | None = Field(
        None, description="The noun's plural, given with noun: 'kommunens tre temaer'.", examples=["temaer"],
    )
    article: Literal["en", "et"] | None = Field(
        None, description="en or et, as the noun takes: 'et tema', 'en indsats'; given with noun.", examples=["en"],
    )

    @model_validator(mode="after")
    def _consistent(self) -> FocusAreas:
        seen: set[str] = set()
        for area in self.catalogue:
            if area.id in seen:
                raise ValueError(f"catalogue: focus area id '{area.id}' is used twice")
            seen.add(area.id)
        named = {"noun": self.noun, "plural": self.plural, "article": self.article}
        given = [key for key, value in named.items() if value is not None]
        if given and len(given) < len(named):
            missing = [key for key in named if key not in given]
            raise ValueError(f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} given without "
                             f"{' and '.join(missing)}; give all three (e.g. noun: tema, plural: temaer, article: et)")
        return self

    @functools.cached_property
    def word(self) -> Noun:
        """What a focus area is called: the programme's noun, or ``indsatsområde``; made once."""
        if self.noun is not None and self.plural is not None:
            return Noun(self.noun, self.plural, self.article == "et")
        return FOCUS_AREA

    def by_id(self) -> dict[str, FocusArea]:
        """The catalogue keyed by id."""
        return {a.id: a for a in self.catalogue}


class Signatory(Model):
    """Someone who signs an agreement: a title as it reads mid-sentence, and a name."""

    title: OneLine = Field(
        description="In lower case, as it reads mid-sentence: 'formand'.",
        examples=["formand", "administrerende direktør"],
    )
    name: OneLine | None = Field(
        None, description="Printed under the line to sign on; a final agreement needs it (see allow_blanks).",
        examples=["Jacob Bundsgaard"],
    )

    @field_validator("name", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        """A name left blank (``name: ''``) is no name, as one left out: a line to sign on, without a name."""
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def has_name(self) -> bool:
        """True when there is a name to print."""
        return self.name is not None


_DEFAULT_TEXT = "Leave it out for kldocs' Danish default, which names the parties: "


class Agreement(Model):
    """What the political partnership agreement says beyond the invitation.

    The agreement has its own background, purpose and terms: the invitation's
    text appeals to every municipality, the agreement binds one. Each text
    left out here is a Danish default that names the municipality and the
    association (:mod:`kldocs.documents.agreement_text`).
    """

    title: OneLine = Field(
        "Politisk partnerskabsaftale", description="The agreement's title, its first heading.",
        examples=["Partnerskabsaftale"],
    )
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
    chair: Signatory = Field(
        Signatory.model_construct(title="formand"),  # valid as it is: not validated on import
        description="Who signs first for the association: a title and, for a final agreement, a name. Left out, "
                    "the association's formand, without a name.",
        examples=[{"title": "formand", "name": "Jacob Bundsgaard"}],
    )
    director: Signatory = Field(
        Signatory.model_construct(title="administrerende direktør"),  # valid as it is: not validated on import
        description="Who signs for the association beside the chair. Left out, its administrerende direktør, "
                    "without a name.",
        examples=[{"title": "administrerende direktør", "name": "Kristian Wendelboe"}],
    )
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
            raise ValueError(f"{format_loc(problem[0])}: {problem[1]}")
        return self


class NetworkSettings(Model):
    """How registered municipalities are grouped into networks."""

    min_size: int = Field(
        8, ge=2, description="The fewest municipalities in a network (2 or more); 8 when left out.", examples=[5],
    )
    max_size: int = Field(
        10, ge=2, description="The most municipalities in a network, at least min_size; 10 when left out.",
        examples=[8],
    )
    min_focus_areas: int = Field(3, ge=1, description="Fewest shared focus areas per network.", examples=[3])
    max_focus_areas: int = Field(5, ge=1, description="Most shared focus areas per network.", examples=[5])
    travel_weight: float = Field(
        0.5, ge=0, le=1, description="0 matches on priorities only, 1 on travel only.", examples=[0.6],
    )
    pin: dict[str, int] = Field(
        default_factory=dict,
        description="Municipality (code or name) → network number (1, 2, …): puts a registered municipality in "
                    "that network. Left out, kldocs places every municipality itself.",
        examples=[{"Aarhus": 1, "Odense": 2}],
    )
    together: tuple[tuple[str, ...], ...] = Field(
        (), description="Groups of municipalities kept in one network.", examples=[[["Frederiksberg", "København"]]],
    )
    apart: tuple[tuple[str, ...], ...] = Field(
        (), description="Groups of municipalities kept in different networks.", examples=[[["Aarhus", "Aalborg"]]],
    )

    @model_validator(mode="after")
    def _ordered(self) -> NetworkSettings:
        if self.min_size > self.max_size:
            raise ValueError(f"min_size ({self.min_size}) must not exceed max_size ({self.max_size})")
        if self.min_focus_areas > self.max_focus_areas:
            raise ValueError("min_focus_areas must not exceed max_focus_areas")
        return self

    @property
    def placed_by_hand(self) -> str:
        """The network overview's sentence on what was placed by hand (pin, together, apart); empty for nothing.

        ``Nogle kommuner er placeret på forhånd: København og Frederiksberg i
        samme netværk, Viborg og Horsens i hvert sit netværk og Hjørring i
        netværk 2.`` Without it the overview would present a choice made by
        hand as the search's. A municipality is named once in a group however
        it is written (``751`` and ``Århus``), and a group of one, which
        places nothing, is left out.
        """
        def names(given: Sequence[str]) -> list[str]:
            return list(dict.fromkeys(registry().lookup(name).name for name in given))

        by_network: dict[int, list[str]] = {}
        for name, number in self.pin.items():
            by_network.setdefault(number, []).append(name)
        groups = [(names(group), "i samme netværk") for group in self.together]
        groups += [(names(group), "i hvert sit netværk") for group in self.apart]
        groups = [(members, where) for members, where in groups if len(members) > 1]
        groups += [(names(by_network[n]), f"i netværk {n}") for n in sorted(by_network)]
        if not groups:
            return ""
        one = len({name for members, _ in groups for name in members}) == 1
        lead = "Én kommune er placeret på forhånd" if one else "Nogle kommuner er placeret på forhånd"
        return f"{lead}: {and_phrases(f'{and_list(members)} {where}' for members, where in groups)}."


REMINDER_PLACEHOLDERS: dict[str, str] = {
    "kommune": "the municipality written to (Aarhus Kommune)",
    "frist": "the deadline: the registration deadline with its weekday and time (mandag den 16. august 2021 "
             "kl. 12.00), or the approval milestone's day, or the end of its period (ved udgangen af 4. kvartal 2021)",
}
"""The placeholders a reminder's own wording may hold, filled in for each letter."""

_PLACED = "; {kommune} and {frist} are filled in for each letter."


class ReminderText(Model):
    """The wording of one reminder letter; each part left out is kldocs' Danish default.

    Each part may hold ``{kommune}`` and ``{frist}``, filled in for each
    letter (:data:`REMINDER_PLACEHOLDERS`); any other brace is refused, so a
    placeholder kldocs does not know is never printed as it is written.
    """

    title: OneLine | None = Field(
        None, description="The letter's heading, and the e-mail's subject unless subject says" + _PLACED,
        examples=["Påmindelse: Tilmelding til partnerskab om stærke børnefællesskaber i dagtilbud"],
    )
    text: Text = Field(
        (), description="The letter's text, before the link to register (in a reminder to register)" + _PLACED,
        examples=["Vi har endnu ikke modtaget en tilmelding fra {kommune}. Fristen er {frist}."],
    )
    closing: Text = Field(
        (), description="The paragraph after it, before whom to ask and the signature: 'Har I allerede tilmeldt "
                        "jer, kan I se bort fra denne påmindelse.'" + _PLACED,
    )
    subject: OneLine | None = Field(
        None, description="Subject line of the e-mail drafts" + _PLACED,
        examples=["Påmindelse om tilmelding til partnerskabet"],
    )

    @field_validator("title", "subject")
    @classmethod
    def _placed_line(cls, value: str | None) -> str | None:
        if value is not None:
            sentence_pieces(value, REMINDER_PLACEHOLDERS)
        return value

    @field_validator("text", "closing", mode="before")
    @classmethod
    def _placed_as_written(cls, value: Any) -> Any:
        """A brace that is no placeholder, quoted as written: Markdown would read ``{frist.__class__}`` as bold."""
        texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        braces = (b for text in texts if isinstance(text, str) for b in re.finditer(r"\{([^{}]*)\}", text))
        for braced in braces:
            if braced.group(1).strip("*_") not in REMINDER_PLACEHOLDERS:  # {kommune*}: said after, of the *
                sentence_pieces(braced.group(), REMINDER_PLACEHOLDERS)
        return value

    @field_validator("text", "closing")
    @classmethod
    def _placed_text(cls, value: tuple[TextBlock, ...]) -> tuple[TextBlock, ...]:
        for runs in runs_in(value):
            for run in runs:
                try:
                    sentence_pieces(run.text, REMINDER_PLACEHOLDERS)
                except ValueError:
                    whole = "".join(r.text for r in runs)
                    sentence_pieces(whole, REMINDER_PLACEHOLDERS)  # wrong as written, it says so
                    raise ValueError(f"bold, italic or a link begins or ends inside a placeholder in {whole!r}: put "
                                     "the * or ** around the whole of it ({kommune}, not {kommune*})") from None
                if run.link is not None and any(brace in urllib.parse.unquote(run.link) for brace in "{}"):
                    raise ValueError(f"the link '{run.link}' holds a brace in its address, where nothing is filled "
                                     "in: {kommune} and {frist} are filled in text only; write them outside the "
                                     "address")
        return value


class RegistrationReminder(ReminderText):
    """The reminder to an invited municipality that has not registered, written while the deadline is ahead."""

    days_before: int | None = Field(
        None, ge=0,
        description="Write it only this many days before the registration deadline or fewer; by default "
                    "any day from the invitation's date to the deadline.",
        examples=[14],
    )


class ApprovalReminder(ReminderText):
    """The reminder to a registered municipality whose council has not approved its agreement yet."""

    days_before: int = Field(
        30, ge=0,
        description="Write it from this many days before the approval milestone (timeline.milestones[].approval) "
                    "to the milestone itself.",
        examples=[30, 45],
    )


class ReminderSettings(Model):
    """The reminders ``kldocs reminders`` writes: to register, and to approve the agreement."""

    registration: RegistrationReminder = Field(
        RegistrationReminder.model_construct(),  # the defaults, valid as they are: not validated on import
        description="The reminder to register, to invited municipalities that have not registered, written while "
                    "the deadline is ahead; each part left out is kldocs' Danish default.",
        examples=[{"days_before": 14}],
    )
    approval: ApprovalReminder = Field(
        ApprovalReminder.model_construct(),  # the defaults, valid as they are: not validated on import
        description="The reminder to approve the agreement, to registered municipalities whose council has not "
                    "approved it as the approval milestone nears; each part left out is kldocs' Danish default.",
        examples=[{"days_before": 45}],
    )


class ProjectDescription(Model):
    """The project description: the invitation's sections under a title, without addressee or appeal."""

    title: OneLine | None = Field(
        None, description="Its title; the programme's title by default.",
        examples=["Projektbeskrivelse: Kommunalt partnerskab om ældre borgeres trivsel"],
    )
    lead: Text = Field(
        (), description="The paragraph under the title; the invitation's lead by default.",
        examples=["Partnerskabet samler kommuner om ..."],
    )


_DEADLINE_WORDS = ("frist", "deadline", "senest", "sidste")
"""Words that make a time plan's line of signing up the deadline of it: ``Frist for tilmelding``, ``Deadline …``."""


class Program(Model):
    """One partnership, as described in ``program.yaml``."""

    title: OneLine = Field(
        description="Full title, e.g. 'Kommunalt partnerskab om stærke børnefællesskaber i dagtilbud'.",
        examples=["Kommunalt partnerskab om stærke børnefællesskaber i dagtilbud",
                  "Kommunalt partnerskab om fællesskaber mod ensomhed blandt ældre"],
    )
    short_title: OneLine = Field(
        description="A short name for the partnership, where the full title is too long: the meeting invitations' "
                    "subject, the status report's title, the documents' keywords, and the calendar file's name when "
                    "the letter has no case_id.",
        examples=["Stærke børnefællesskaber", "Fællesskaber mod ensomhed"],
    )
    topic: OneLine = Field(
        description="What it is about, as it follows 'partnerskab om': 'stærke børnefællesskaber i dagtilbud'.",
        examples=["stærke børnefællesskaber i dagtilbud", "fællesskaber mod ensomhed blandt ældre"],
    )
    sender: Sender = Field(
        description="The organisation that sends the letters and is a party to the agreements: its name, its "
                    "letterhead address and perhaps a logo.",
        examples=[{"name": "KL", "street": "Weidekampsgade 10", "postbox": "Postboks 3370", "postcode": "2300",
                   "town": "København S", "phone": "3370 3370", "email": "kl@kl.dk", "web": "www.kl.dk"}],
    )
    letter: Letterhead = Field(
        description="The letterhead of the letters: their date, the case and document ids (Sags ID, Dok. ID), and "
                    "whose e-mail and phone head them.",
        examples=[{"date": "2021-06-14", "case_id": "SAG-2021-00945", "document_id": "3069036",
                   "responsible": "arbe"}],
    )
    addressees: tuple[str, ...] = Field(
        (), description="The titles a letter is addressed to, unless recipients.csv gives a title per municipality; "
                        "the invitation needs them one way or the other, the project description none.",
    )
    contacts: tuple[Contact, ...] = Field(
        min_length=1,
        description="The people at the sender whom municipalities may contact, at least one, in the order the "
                    "letters list them; the first (or the one letter.responsible names) heads the letters.",
        examples=[[{"id": "arbe", "title": "specialkonsulent", "name": "Aleksandra Raaschou Beck",
                    "email": "arbe@kl.dk", "phone": "3370 3469"},
                   {"id": "ldpe", "title": "chefkonsulent", "name": "Lisbeth Due Pedersen", "email": "ldpe@kl.dk"}]],
    )
    invitation: Invitation = Field(
        description="The opening of the invitation letter: its title and first paragraph (lead), and the subject "
                    "and body of its e-mail drafts.",
        examples=[{"title": "Invitation til kommunalt partnerskab om stærke børnefællesskaber i dagtilbud",
                   "lead": "KL inviterer alle kommuner til deltagelse i kommunalt partnerskab om udviklingen af "
                           "stærke børnefællesskaber på 0-6-årsområdet som forebyggelse til segregering."}],
    )
    description: ProjectDescription = Field(
        default_factory=lambda: ProjectDescription(),
        description="The project description (projektbeskrivelse): the invitation's sections without addressee. "
                    "Left out, it takes the programme's title and the invitation's lead.",
        examples=[{"title": "Projektbeskrivelse: Kommunalt partnerskab om fællesskaber mod ensomhed blandt ældre",
                   "lead": "Et toårigt partnerskab, hvor kommuner udvikler og afprøver fællesskaber, der forebygger "
                           "ensomhed blandt ældre borgere."}],
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
    background: Section = Field(
        Section.model_construct(),  # the defaults, valid as they are: not validated on import
        description="The invitation's background (block background): why the partnership, as a heading and "
                    "text. Left out, or without text, the section is left out.",
        examples=[{"heading": "Baggrund", "text": "Flere kommuner har fokus på denne dagsorden. Med det afsæt vil "
                                                  "KL samle en række kommuner i et udviklingspartnerskab."}],
    )
    purpose: Section = Field(
        Section.model_construct(),  # the defaults, valid as they are: not validated on import
        description="The invitation's purpose (block purpose), followed by the success criteria unless they have "
                    "a section of their own; heading 'Formål' when left out.",
        examples=[{"heading": "Formål, succeskriterier og leverancer",
                   "text": "Partnerskabet har til formål at understøtte kommunernes arbejde med stærke "
                           "børnefællesskaber på 0-6-årsområdet."}],
    )
    success_criteria: SuccessCriteria = Field(
        SuccessCriteria.model_construct(),  # the defaults, valid as they are: not validated on import
        description="What the partnership counts as success: an introducing sentence and a list, printed with the "
                    "purpose in the invitation and in the agreement. Left out, none are printed.",
        examples=[{"intro": "Partnerskabet er lykkedes, hvis:",
                   "items": ["Hver kommune har afprøvet mindst ét nyt fællesskab i samarbejde med civilsamfundet",
                             "Kommunerne har en fælles metode til at opspore ensomme ældre"]}],
    )
    content: Section = Field(
        Section.model_construct(),  # the defaults, valid as they are: not validated on import
        description="The invitation's content and organisation (block content): how the partnership runs. Left "
                    "out, or without text, the section is left out; heading 'Indhold og organisering' by default.",
        examples=[{"heading": "Indhold og organisering",
                   "text": "Forløbet består af fire heldagsarrangementer med forsknings- og praksisoplæg."}],
    )
    focus_areas: FocusAreas = Field(
        description="The catalogue of focus areas (indsatsområder) the municipalities choose from when they "
                    "register, and the text around it in the letters.",
        examples=[{"heading": "Fokus og indsatsområder", "intro": "Det forventes, at partnerskabet vil berøre:",
                   "catalogue": [{"id": "mellemformer", "title": "Mellemformer i dagtilbud og kommunal tilbudsvifte"},
                                 {"id": "co-teaching", "title": "Co-teaching i dagtilbud"}]}],
    )
    participants: Participants = Field(
        Participants.model_construct(),  # the defaults, valid as they are: not validated on import
        description="Who takes part from each municipality: the groups of staff and politicians it may send, "
                    "and the section's text. Left out: up to five staff, stated in the invitation.",
        examples=[{"heading": "Deltagerne", "min": 3, "max": 5, "max_politicians": 2}],
    )
    timeline: Timeline = Field(
        description="The time plan: when the partnership starts and ends, and its milestones and meetings.",
        examples=[{"heading": "Tidsplan", "start": "august 2021", "end": "marts 2022",
                   "milestones": [{"when": "16. august 2021 kl. 12.00", "text": "Deadline for tilmelding",
                                   "kind": "deadline"},
                                  {"when": "14. september 2021", "text": "Partnerskabsmøde 1", "kind": "meeting"}]}],
    )
    pricing: Pricing = Field(
        description="What participation costs: one price or prices by population, VAT, add-ons and when it is "
                    "invoiced.",
        examples=[{"heading": "Økonomi og tilmelding", "price": "55.000", "vat": "ex",
                   "covers": "fire partnerskabsmøder"}],
    )
    registration: RegistrationSettings = Field(
        description="How the municipalities register: by a sign-up or an expression of interest, by which "
                    "deadline, through which link, and the registrations export's columns.",
        examples=[{"mode": "sign-up", "deadline": "2021-08-16 12:00",
                   "link": "https://tilmeld.kl.dk/staerkebornefaellesskaber", "binding": "ja"}],
    )
    agreement: Agreement = Field(
        Agreement.model_construct(),  # the defaults, valid as they are: not validated on import
        description="What the political partnership agreement with each municipality says beyond the "
                    "invitation, and who signs it for the association. Left out, kldocs' Danish defaults.",
        examples=[{"title": "Partnerskabsaftale", "chair": {"title": "formand", "name": "Jacob Bundsgaard"}}],
    )
    networks: NetworkSettings = Field(
        NetworkSettings.model_construct(),  # the defaults, valid as they are: not validated on import
        description="How kldocs groups the registered municipalities into networks: their sizes, shared focus "
                    "areas, the weight of travel, and municipalities placed by hand. Left out, 8–10 "
                    "municipalities sharing 3–5 focus areas.",
        examples=[{"min_size": 5, "max_size": 8, "travel_weight": 0.6}],
    )
    reminders: ReminderSettings = Field(
        ReminderSettings.model_construct(),  # the defaults, valid as they are: not validated on import
        description="The reminders kldocs reminders writes: to register before the deadline, and to approve the "
                    "agreement before the approval milestone. Left out, kldocs' Danish wording.",
        examples=[{"registration": {"days_before": 14}, "approval": {"days_before": 45}}],
    )
    language: Literal["da"] = Field(
        "da", description="The language of the documents: da (Danish), the only one for now.", examples=["da"],
    )

    @model_validator(mode="wrap")
    @classmethod
    def _groups_placed(cls, data: Any, handler: ModelWrapValidatorHandler[Program]) -> Program:
        """The programme with the participant groups that come to some meetings only placed at them.

        See :meth:`~kldocs.inputs.signup.Participants.placed`: what kinds of
        meeting a group comes to, and how many of each, is known only with
        the time plan.
        """
        program = handler(data)
        program.registration._open_to = _appealed_to(program.open_to)
        placed = program.participants.placed(program.timeline.meeting_counts())
        return program if placed is program.participants else program.model_copy(update={"participants": placed})

    @model_validator(mode="after")
    def _cross_checks(self) -> Program:
        """What the parts say of one another; every problem at once, each at its place in program.yaml."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        ids = [c.id for c in self.contacts if c.id]
        for i, contact in enumerate(self.contacts):
            if contact.id and contact.id in [c.id for c in self.contacts[:i]]:
                problems.append((("contacts", i, "id"), f"'{contact.id}' is the id of another contact too; give "
                                                        "each contact an id of its own"))
        if self.letter.responsible and self.letter.responsible not in ids:
            problems.append((("letter", "responsible"), f"'{self.letter.responsible}' is not the id of a contact "
                                                        f"(known: {', '.join(dict.fromkeys(ids)) or 'none'})"))
        tree = check_tree(self.sections or ())
        if tree is not None:
            problems.append(tree)
        kinds = {k.singular.casefold() for k in self.timeline.kinds_of_meeting}
        for i, group in enumerate(self.participants.groups):
            unknown = [m for m in group.meetings if m.casefold() not in kinds]
            if unknown:
                problems.append((("participants", "groups", i, "meetings"),
                                 f"the time plan holds no {unknown[0]!r}; its kinds of meeting are "
                                 f"{', '.join(sorted(kinds)) or 'none'}"))
        read = self._columns_read()
        for i, group in enumerate(self.participants.groups):
            if group.column is not None and group.column.casefold() in read:
                problems.append((("participants", "groups", i, "column"),
                                 f"{group.column!r} is the registrations' column of "
                                 f"{read[group.column.casefold()]} already, and its people would be counted twice; "
                                 "give the group a column of its own"))
        marked = [i for i, m in enumerate(self.timeline.milestones) if m.approval]
        if len(marked) > 1:
            problems.append((("timeline", "milestones", marked[1], "approval"),
                             f"only one milestone marks the councils' approval, and timeline.milestones[{marked[0]}] "
                             "does already"))
        if self.pricing.per == "year" and self.pricing.years is None and not self.pricing.free:
            uneven = uneven_years(*self.period)
            if uneven is not None:
                problems.append((("pricing", "per"), uneven))
        raise_at("program", problems + self._dates_out_of_order() + self._discount_too_large())
        return self

    def past_steps(self) -> list[str]:
        """Notes on the steps (kind other) of the time plan dated before the letter, printed among those to come.

        "maj 2021: KL's bestyrelse godkender partnerskabet" may rightly come
        first; a step a year early is most likely a year typed wrong. Meetings
        and deadlines before the letter are refused instead.
        """
        return [f"timeline.milestones[{i}].when: {format_date(m.when)} ('{m.text}') is before the letter's date "
                f"({format_date(self.letter.date)}, letter.date): right for a step that came before the "
                "invitation; else, is the year right?"
                for i, m in enumerate(self.timeline.milestones)
                if m.kind == "other" and not m.approval and m.when.end < self.letter.date]

    @property
    def population_note(self) -> str | None:
        """A note when prices by population cite figures counted after the letter's date; None otherwise.

        The tier, and so the price, comes from the reference data's figures;
        a letter dated before they were counted cites a day after its own.
        Not refused: updated reference data must not stop a partnership whose
        letters went out on the figures of their day.
        """
        if not (self.pricing.tiers or self.pricing.per_inhabitant) or self.pricing.free:
            return None
        counted = max(m.population_year for m in registry())
        if dt.date(counted, 1, 1) <= self.letter.date:
            return None
        if self.pricing.tiers:
            field, differs = "tiers", "the tier of a municipality near a limit may be another"
        else:
            field, differs = "per_inhabitant", "a municipality's price may be another"
        return (f"pricing.{field}: prices by population cite the reference data's figures of 1. januar {counted} in "
                f"a letter of {format_date(self.letter.date)} (letter.date), before they were counted; {differs} "
                "than its figures of the letter's day gave")

    def _discount_too_large(self) -> list[tuple[tuple[str | int, ...], str]]:
        """A discount's amount not less than the lowest price of participation.

        Of a price per year, the price over the years: the amount is taken off once.
        """
        pricing = self.pricing
        off = pricing.discount.amount if pricing.discount is not None else None
        by_inhabitants = (pricing.per_inhabitant.price(m.population) for m in self.open_to) \
            if pricing.per_inhabitant is not None else ()
        lowest = min((p for p in (pricing.price, *(t.price for t in pricing.tiers), *by_inhabitants) if p is not None),
                     default=None)
        if off is None or lowest is None:
            return []
        whole = lowest * pricing.years_for(self.period) if pricing.per == "year" else lowest
        if off < whole:
            return []
        of = ("the lowest price of participation (tiers)" if pricing.tiers else
              "the lowest price of participation (per_inhabitant)" if pricing.per_inhabitant else
              "the price of participation")
        return [(("pricing", "discount", "amount"),
                 f"{format_money(off)} is not less than {of}, {format_money(whole)}")]

    def _columns_read(self) -> dict[str, str]:
        """The registrations' columns kldocs reads besides the own groups', casefolded, each with its field's name."""
        columns = self.registration.columns
        numbered = {"focus_area", "goal"}  # read as 'Indsatsområde 1', 'Indsatsområde 2' …
        read = {getattr(columns, name).casefold(): f"registration.columns.{name}"
                for name in type(columns).model_fields if name not in numbered}
        for name in numbered:
            for n in range(1, self.registration.max_focus_areas + 1):
                read[f"{getattr(columns, name)} {n}".casefold()] = f"registration.columns.{name} ({n})"
        return read

    def _dates_out_of_order(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Days that contradict one another: a deadline before the letter, invoices before the approval, and on."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        deadline = self.registration.deadline
        said = format_weekday_date(deadline)
        if deadline.start <= self.letter.date:
            problems.append((("registration", "deadline"), f"{said} is not after the letter's date "
                                                           f"({format_date(self.letter.date)}, letter.date)"))
        milestones = self.timeline.milestones
        meetings = self._meeting_days()
        end = self.timeline.end
        # a year typed wrong, most likely: the time plan would list a meeting or deadline to come that is past, or a
        # meeting after the end (a step of kind other may have come before the letter: see past_steps)
        past = False
        for i, m in enumerate(milestones):
            if m.kind == "other" and not m.approval:
                continue
            days = [m.when] if m.kind != "meeting" else [day for j, day in meetings if j == i]
            what = "a meeting on" if m.kind == "meeting" else "a deadline on"
            for day in days:
                if day.end < self.letter.date:
                    past = True
                    problems.append((("timeline", "milestones", i, "when"),
                                     f"{what} {format_date(day)} is before the letter's date "
                                     f"({format_date(self.letter.date)}, letter.date); is the year right?"))
                elif m.kind == "meeting" and day.start > end.end:  # a step after may be the results' dissemination
                    problems.append((("timeline", "milestones", i, "when"),
                                     f"{what} {format_date(day)} is after the partnership's end "
                                     f"({format_date(end)}, timeline.end); is the year right?"))
        first = min(meetings, key=lambda item: item[1].end, default=None)  # the one over first
        if first is not None and deadline.start > first[1].end and not past:  # a meeting of '4. kvartal' may be late
            problems.append((("registration", "deadline"), f"{said} is after the first meeting of the time plan "
                                                           f"(timeline.milestones[{first[0]}], "
                                                           f"{format_date(first[1])}); a meeting before the "
                                                           "deadline that is not the partnership's own (an "
                                                           "information meeting) is kind: other"))
        problems += self._deadline_milestone_problems(said)
        discount = self.pricing.discount
        if discount is not None and not self.letter.date <= discount.until <= deadline.start:
            problems.append((("pricing", "discount", "until"),
                             f"{format_date(discount.until)} is not between the letter's date "
                             f"({format_date(self.letter.date)}) and the registration deadline ({said})"))
        approval = next((m for m in milestones if m.approval), None)
        for i, instalment in enumerate(self.pricing.schedule):
            when = instalment.when
            # a milestone of one day is the day by which the councils have approved: some approve before it
            if (isinstance(when, When) and approval is not None and approval.when.kind not in ("date", "datetime")
                    and when.end < approval.when.start):
                problems.append((("pricing", "schedule", i, "when"),
                                 f"invoices {instalment.phrase.removeprefix('i ').removeprefix('den ')}, before the "
                                 f"councils approve the agreement ({format_date(approval.when)}, the time plan's "
                                 "approval milestone), and the agreement binds only once approved"))
            elif isinstance(when, When) and when.end < self.letter.date:
                problems.append((("pricing", "schedule", i, "when"),
                                 f"invoices {format_date(when)}, before the letter's date "
                                 f"({format_date(self.letter.date)})"))
            elif isinstance(when, When) and when.start > self.timeline.end.end:
                problems.append((("pricing", "schedule", i, "when"),
                                 f"invoices {format_date(when)}, after the partnership has ended "
                                 f"({format_date(self.timeline.end)}, timeline.end)"))
        return problems

    def _meeting_days(self) -> list[tuple[int, When]]:
        """Every day a meeting is held on, by its milestone's index: the milestone's, and a network's own in held."""
        return [(i, when) for i, m in enumerate(self.timeline.milestones) if m.kind == "meeting"
                for when in (m.when, *(e.when for e in m.held if e.when is not None))]

    def signing_up_milestones(self) -> tuple[int, ...]:
        """The time plan's deadlines of signing up to the partnership, by index in ``timeline.milestones``.

        Deadlines before the first meeting that read as one of signing up
        (``Deadline for tilmelding``, ``Frist for tilmelding med rabat``,
        ``Frist for interessetilkendegivelse``), other than the approval's.
        An agreement, made with a municipality that has signed up, leaves
        out of its time plan those on the registration deadline's day or
        the discount's (see :func:`kldocs.documents.agreements.agreement_timeline`).
        """
        meetings_start = min((w.start for _, w in self._meeting_days()), default=None)
        signing = ("interesse", "tilkendegiv") if self.registration.is_interest else ("tilmeld",)
        return tuple(
            i for i, m in enumerate(self.timeline.milestones)
            if m.kind == "deadline" and not m.approval and (meetings_start is None or m.when.start <= meetings_start)
            and any(w in m.text.casefold() for w in signing) and any(w in m.text.casefold() for w in _DEADLINE_WORDS)
        )

    def _deadline_milestone_problems(self, said: str) -> list[tuple[tuple[str | int, ...], str]]:
        """A time plan whose deadline of signing up, before the meetings, is not ``registration.deadline``.

        When the time plan has deadlines of signing up
        (:meth:`signing_up_milestones`) other than the discount's (``Frist
        for tilmelding med rabat``), one of them is on the registration
        deadline's day (and at its time, when both give one), or the
        invitation prints two deadlines for one thing.
        """
        deadline = self.registration.deadline
        discount = self.pricing.discount
        milestones = self.timeline.milestones
        candidates = [(i, milestones[i].when) for i in self.signing_up_milestones()
                      if discount is None or "rabat" not in milestones[i].text.casefold()]  # the discount's day

        def names_the_deadline(when: When) -> bool:
            same_day = when.start <= deadline.start <= when.end
            timed = when.kind == deadline.kind == "datetime"
            return same_day and not (timed and (when.hour, when.minute) != (deadline.hour, deadline.minute))

        if not candidates or any(names_the_deadline(when) for _, when in candidates):
            return []
        i, when = candidates[0]
        what = "time" if when.start <= deadline.start <= when.end else "day"
        return [(("timeline", "milestones", i, "when"),
                 f"{format_date(when)} is not the registration deadline ({said}), and the invitation prints both: "
                 f"write the same {what} in both places")]

    @property
    def contacts_apart(self) -> bool:
        """True when the invitation places its contacts block and registering goes through a link.

        The registration's sentence on whom to ask is then left out: the
        contacts section names them, and one would read them twice. Without
        a link it stays, as it says whom to register with.
        """
        return self.registration.link is not None and "contacts" in self.outline.blocks

    @property
    def outline(self) -> Outline:
        """The sections of the invitation and the project description in reading order."""
        headings = {
            "background": self.background.heading, "purpose": self.purpose.heading,
            "content": self.content.heading, "focus_areas": self.focus_areas.heading,
            "participants": self.participants.heading, "timeline": self.timeline.heading,
            "economy": self.pricing.heading, "registration": self.registration.heading,
        }
        defaults = {**INVITATION_HEADINGS, "focus_areas": capfirst(self.focus_areas.word.plural)}
        if self.registration.is_interest:
            defaults["registration"] = "Interessetilkendegivelse"
        resolved = {block: headings.get(block) or default for block, default in defaults.items()}
        return build_outline(self.sections, INVITATION_ORDER, resolved, numbered=self.numbered_headings,
                             criteria_in_purpose=True)

    @property
    def agreement_outline(self) -> Outline:
        """The agreement's sections in reading order (the focus areas' heading is the template's)."""
        headings = {**AGREEMENT_HEADINGS, "timeline": self.timeline.heading or AGREEMENT_HEADINGS["timeline"]}
        return build_outline(self.agreement.sections, AGREEMENT_ORDER, {**headings, "focus_areas": None},
                             numbered=self.agreement.numbered_headings)

    @property
    def open_to(self) -> tuple[Municipality, ...]:
        """The municipalities the partnership is open to (``invitation.to``), in Danish order: all 98 by default."""
        return self.invitation.open_to

    @property
    def inviting_description(self) -> str | None:
        """A note when the project description opens with the invitation's lead and that lead invites.

        The description is read beside the letters, after the deadline and on the web: ``KL inviterer alle
        kommuner …`` there reads as a letter, not a description (review 19).
        """
        lead = " ".join(str(block.text) for block in self.invitation.lead)
        if self.description.lead or "invit" not in lead.casefold():
            return None
        words = " ".join(lead.split()[:4])
        return (f"description.lead is not given, so the project description opens with the invitation's lead "
                f"('{words} …'), which invites; give description.lead to say what the partnership is")

    @property
    def responsible(self) -> Contact:
        """The contact whose e-mail and phone head the letters (the first one unless named)."""
        for contact in self.contacts:
            if contact.id and contact.id == self.letter.responsible:
                return contact
        return self.contacts[0]

    _json: Any = PrivateAttr(None)

    def kept_json(self) -> Any:
        """The programme as JSON holds it (``model_dump(mode="json")``): made once, and kept with it in the cache.

        Every document's data hash holds it (see
        :func:`kldocs.engine.output.data_hash`), and a programme read back from the
        cache has it without building pydantic's serializers.
        """
        if self._json is None:
            self._json = self.model_dump(mode="json")
        return self._json

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """As pydantic's, without the JSON kept of this programme (a copy may hold other values)."""
        copied = super().model_copy(update=update, deep=deep)
        copied._json = None
        return copied

    def __eq__(self, other: object) -> bool:
        """As pydantic's, but whether either has made its :meth:`kept_json` makes no difference."""
        if isinstance(other, Program) and (self._json is not None or other._json is not None):
            return BaseModel.__eq__(self.model_copy(), other.model_copy())
        return super().__eq__(other)

    @property
    def letterhead_email(self) -> str:
        """The e-mail printed in the letterhead."""
        return self.letter.email or self.responsible.email

    @property
    def letterhead_phone(self) -> str | None:
        """The direct phone printed in the letterhead."""
        return self.letter.direct_phone or self.responsible.phone

    @property
    def the_partnership(self) -> str:
        """The partnership mid-sentence by its topic: ``partnerskabet om stærke børnefællesskaber i dagtilbud``."""
        return f"partnerskabet om {self.topic}"

    @property
    def the_titled_partnership(self) -> str:
        """The partnership mid-sentence, of the kind its title says: ``det politiske partnerskab om …``.

        ``det kommunale partnerskab om …`` for the title ``Kommunalt
        partnerskab om …``; :attr:`the_partnership` for a title that names no
        kind (``Partnerskab om …``, ``Fremtidens folkeskole``) or one whose
        words kldocs cannot inflect (``KL's partnerskab om …``).
        """
        weak = self._title_kind_forms[1]
        return f"det {weak} om {self.topic}" if weak is not None else self.the_partnership

    @property
    def titled_partnership(self) -> str:
        """The partnership in a heading, of the kind its title says: ``politisk partnerskab om …``.

        As a news heading names it (``Indsigter fra kommunalt partnerskab om
        …``, ``… fra KL's partnerskab om …``); :attr:`the_partnership` for a
        title that names no kind, or whose words before it are not a kind
        (``Invitation til kommunalt partnerskab om …``).
        """
        kind = self._title_kind_forms[0]
        return f"{' '.join(kind)} partnerskab om {self.topic}" if kind else self.the_partnership

    @property
    def _title_kind_forms(self) -> tuple[tuple[str, ...], str | None]:
        """The words the title puts before ``partnerskab om`` and their definite form before ``partnerskab``.

        ``(('politisk',), 'politiske partnerskab')``; a name before it keeps
        its words but has no definite form (``(("KL's",), None)``); words
        kldocs cannot inflect, or none, are no kind: ``((), None)``.
        """
        kind = _title_kind(self.title)
        if not kind:
            return (), None
        try:
            return kind, weak_form(" ".join([*kind, "partnerskab"]))
        except ValueError:
            return (), None

    @property
    def most_priorities(self) -> int:
        """How many focus areas a municipality can prioritise: ``registration.max_focus_areas``, or the catalogue's."""
        most = self.registration.max_focus_areas
        return min(most, len(self.focus_areas.catalogue) or most)

    @property
    def period(self) -> tuple[When, When]:
        """When the partnership starts and ends."""
        return self.timeline.start, self.timeline.end

    @property
    def created(self) -> dt.datetime:
        """The moment documents of this programme say they were made: the letter's date at noon."""
        d = self.letter.date
        return dt.datetime(d.year, d.month, d.day, 12, 0, tzinfo=dt.UTC)


def _title_kind(title: str) -> tuple[str, ...]:
    """The words a title puts before ``partnerskab om``, as they read mid-sentence: ``('politisk',)``.

    Empty for a title that does not read ``… partnerskab om …`` or has nothing before it.
    """
    words = title.split()
    for i in range(len(words) - 1):
        if words[i].casefold() == "partnerskab" and words[i + 1].casefold() == "om":
            return (lower_first(words[0]), *words[1:i]) if i else ()
    return ()


def load_program(folder: Path) -> Program:
    """Read and validate ``program.yaml`` in ``folder`` and the logo it names; raise InputError naming every problem.

    A programme validated before is read back as it was kept (in the
    ``programs`` folder of the cache, see :func:`kldocs.resources.kept_in`):
    the same bytes of ``program.yaml`` in the same folder, read by the same
    code (:func:`_code_version`), with its logo's files holding what was
    read of them. So a second command on an unchanged folder neither parses
    YAML nor validates (nor loads PyYAML and markdown-it); a programme with
    problems is not kept, and its problems are reported every time.
    """
    folder = Path(folder)
    path = folder / PROGRAM_FILE
    data = read_bounded(path, YAML_LIMIT, YAML_WHAT)
    cache = kept_in("programs")
    if cache is None:
        return _validated(folder, path, data)
    key = hashlib.sha256("\0".join([_code_version(), str(folder.resolve()), hashlib.sha256(data).hexdigest()])
                         .encode()).hexdigest()
    kept = _kept(read_cached(cache, key), folder)
    if kept is not None:
        return kept
    program = _validated(folder, path, data)
    program.kept_json()  # kept with it
    write_cached(cache, key, pickle.dumps(program, protocol=pickle.HIGHEST_PROTOCOL))
    return program


def program_place(folder: Path, loc: Sequence[str | int]) -> str:
    """Where in ``program.yaml`` a value is, for a problem found after it was read: ``program.yaml, line 193``.

    A problem the line-up or the registrations reveal (a network named in
    ``held`` that is not in it) is found after the programme was validated
    and kept; the file is read again for its lines, only then. Without a line
    (the file gone or changed since), its name alone.
    """
    from kldocs.inputs.yamlio import load_yaml

    try:
        line = load_yaml(Path(folder) / PROGRAM_FILE).line_of(loc)
    except (KldocsError, OSError):
        line = None
    return f"{PROGRAM_FILE}, line {line}" if line else PROGRAM_FILE


def _validated(folder: Path, path: Path, data: bytes) -> Program:
    """The programme ``data`` (the bytes of ``path``) describes, read and validated, with its logo."""
    from kldocs.inputs.yamlio import load_yaml  # PyYAML: loaded only when YAML is read

    doc = load_yaml(path, data)
    logo, logo_problems = read_logo(folder, doc)
    try:
        program = validate(Program, doc)
    except InputError as exc:
        raise InputError([*exc.problems, *logo_problems]) from None
    if logo_problems:
        raise InputError(logo_problems)
    program.sender._logo = logo
    return program


def _kept(payload: bytes | None, folder: Path) -> Program | None:
    """The programme kept as ``payload`` (by :func:`load_program`), or None when there is none to use.

    The cache trusts an entry only as a file of the user's own, which no one
    else may write to, whose SHA-256 is right (:func:`kldocs.resources.read_cached`),
    as it trusts the compiled code of a prepared template; an entry that
    does not read back as a :class:`Program`, or whose logo's files have
    changed since, is not used.
    """
    if payload is None:
        return None
    try:
        program = pickle.loads(payload)  # the user's own cache entry, checked as above
    except Exception:  # an entry the classes of this code cannot read back: validated afresh
        return None
    if type(program) is not Program or not logo_unchanged(folder, program.sender.logo, program.sender._logo):
        return None
    return program


PROGRAM_CACHE_FORMAT = 1
"""The version of what the programme cache keeps; raised whenever its shape or meaning changes."""
_LIBRARIES = ("pydantic", "pydantic_core", "annotated_types", "typing_extensions", "yaml", "markdown_it", "mdurl",
              "babel", "markupsafe", "jinja2", "lxml")
"""The libraries whose code decides what validating a programme gives, besides kldocs (lxml reads an SVG logo)."""


@functools.cache
def _code_version() -> str:
    """What a kept programme depends on besides its folder and bytes, as one digest.

    The cache's format, Python's version (the pickle holds its dates and
    decimals), and the size and modification time of every file of kldocs
    (its code and its reference data) and of the libraries that validate,
    found without importing them.
    """
    files = []
    for folder, folders, names in os.walk(Path(__file__).resolve().parent.parent):  # faster than Path.rglob
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        files += [Path(folder, name) for name in sorted(names)]
    files += map(module_file, _LIBRARIES)
    return hashlib.sha256(f"{code_version(PROGRAM_CACHE_FORMAT, files)}\0{sys.version}".encode()).hexdigest()


def json_schema() -> str:
    """The JSON Schema of ``program.yaml``, for editors that complete and check YAML.

    kldocs reads every scalar as the text written (:mod:`kldocs.inputs.yamlio`):
    ``postcode: 2300``, ``document_id: 3069036`` and ``starts: 10.00`` are the
    text they look like. An editor reads them as numbers, so wherever the
    schema wants text it takes a number too (:func:`_numbers_as_text`), and
    does not flag a file kldocs reads.
    """
    schema: dict[str, Any] = Program.model_json_schema(mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **_numbers_as_text(schema),
        "title": "kldocs program.yaml",
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False)


def _numbers_as_text(node: Any) -> Any:
    """``node`` with every ``"type": "string"`` (but of a fixed choice of words) as ``["string", "number"]``."""
    if isinstance(node, list):
        return [_numbers_as_text(item) for item in node]
    if not isinstance(node, dict):
        return node
    found = {key: _numbers_as_text(value) if key not in ("examples", "default", "enum", "const") else value
             for key, value in node.items()}
    if found.get("type") == "string" and "enum" not in found and "const" not in found:
        found["type"] = ["string", "number"]
    return found
