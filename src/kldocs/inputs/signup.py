"""Who takes part and how they register: the participant groups, and the registration's mode, deadline and words.

``participants`` holds the groups each municipality may send (its staff, and
perhaps its politicians), each with its limits and where it takes part.
``registration`` says whether the municipalities sign up (binding or not) or
express a non-binding interest, by when, through which link or form, and the
invitation's sentences on it, which the programme may word itself with
``{frist}`` and ``{link}`` where the deadline and the link go.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict

from kldocs.danish.formatting import Noun, and_list, and_phrases, format_day_month, format_weekday_date, spell
from kldocs.danish.when import When
from kldocs.engine.inline import Link, address_of, clickable
from kldocs.english import plain
from kldocs.inputs.fieldtypes import DayOrTime, Model, NonEmpty, Text, TextBlock, YesNo

GroupKind = Literal["staff", "politicians", "other"]

GROUP_KINDS: dict[str, str] = {
    "staff": "the people a municipality sends, counted in the registrations' 'Antal deltagere'",
    "politicians": "its politicians, counted in the registrations' 'Antal politikere'",
    "other": "another group the programme names (noun and plural), counted in the registrations' column it names "
             "(column)",
}
"""The kinds of participant group, each counted in a column of the registrations export."""

POLITICIAN = Noun("politiker", "politikere", neuter=False)
PARTICIPANT = Noun("deltager", "deltagere", neuter=False)
"""What KL's letters call the staff a municipality registers, alone: ``op til fem deltagere``."""
_NOUNS: dict[str, Noun] = {
    "staff": Noun("person", "personer", neuter=False),
    "politicians": POLITICIAN,
}
_SENT_NOUNS: dict[str, Noun] = {
    "staff": Noun("medarbejder", "medarbejdere", neuter=False),
    "politicians": POLITICIAN,
}
"""What an agreement counts the people a municipality sends by, where the programme names no noun of its own."""


class ParticipantGroup(Model):
    """One group of people each municipality may send, with its limits and where it takes part."""

    kind: GroupKind = Field(
        "staff",
        description="staff (the people counted in the registrations' 'Antal deltagere'; every programme has this "
                    "group), politicians (counted in 'Antal politikere'), or other: a group of the programme's own, "
                    "with its noun, plural and the registrations' column that counts it.",
        examples=["politicians", "other"],
    )
    column: NonEmpty | None = Field(
        None,
        description="For a group of kind other: the heading of the registrations' column counting it.",
        examples=["Antal ledere"],
    )
    min: int = Field(
        0, ge=0,
        description="The fewest of the group a municipality sends. Without it (or 0) no minimum is stated: "
                    "'op til fem personer'; with it the range is: '3–5 personer'.",
        examples=[3],
    )
    max: int = Field(ge=1, description="The most of the group a municipality sends.", examples=[5, 2])
    where: str | None = Field(
        None,
        description="Where the group takes part, as the sentence goes on after the number: "
                    "'op til to politikere kun ved seminarerne'. Left out for a group with meetings:, the "
                    "meetings it comes to: 'op til to politikere ved seminarerne'.",
        examples=["i netværkene", "kun ved seminarerne"],
    )
    meetings: tuple[NonEmpty, ...] = Field(
        (),
        description="The kinds of meeting the group takes part in, as the time plan names them (its meeting: or "
                    "default_meeting); every meeting when left out. kldocs meetings counts and lists the group "
                    "only at those.",
        examples=[["seminar"], ["netværksmøde", "seminar"]],
    )
    noun: NonEmpty | None = Field(
        None,
        description="The group's noun in the singular, where not 'person' (staff) or 'politiker' (politicians); "
                    "give plural with it.",
        examples=["deltager", "byrådsmedlem"],
    )
    plural: NonEmpty | None = Field(
        None, description="The noun's plural, given with noun: 'op til fem deltagere'.",
        examples=["deltagere", "byrådsmedlemmer"],
    )
    article: Literal["en", "et"] = Field(
        "en", description="en or et, as the noun takes: 'ét byrådsmedlem'.", examples=["et"],
    )

    @model_validator(mode="after")
    def _consistent(self) -> ParticipantGroup:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not exceed max ({self.max})")
        if (self.noun is None) != (self.plural is None):
            given, missing = ("noun", "plural") if self.plural is None else ("plural", "noun")
            raise ValueError(f"{given} is given without {missing}; give both (e.g. noun: deltager, plural: deltagere)")
        if self.kind == "other" and (self.noun is None or self.column is None):
            raise ValueError("a group of kind other needs its noun and plural (noun: leder, plural: ledere) and the "
                             "registrations' column that counts it (column: Antal ledere)")
        if self.kind != "other" and self.column is not None:
            raise ValueError(f"column: a group of kind {self.kind} is counted in registration.columns."
                             f"{'participants' if self.kind == 'staff' else 'politicians'}; column is for kind other")
        return self

    def takes_part_in(self, meeting: str) -> bool:
        """Whether the group takes part in a meeting of the kind ``meeting`` (``seminar``)."""
        return not self.meetings or meeting.casefold() in {m.casefold() for m in self.meetings}

    @property
    def as_noun(self) -> Noun:
        """The group's noun: the programme's, or ``person`` / ``politiker`` by kind."""
        if self.noun is not None and self.plural is not None:
            return Noun(self.noun, self.plural, self.article == "et")
        return _NOUNS[self.kind]

    @property
    def sent_noun(self) -> Noun:
        """What an agreement counts the municipality's people of this group by.

        The programme's noun, or ``medarbejder`` (staff) / ``politiker`` (politicians).
        """
        if self.noun is not None and self.plural is not None:
            return self.as_noun
        return _SENT_NOUNS[self.kind]

    @property
    def phrase(self) -> str:
        """The group as the sentence "Hver kommune kan deltage med …" names it.

        ``3–5 personer``, ``op til fem personer i netværkene``, ``op til to
        politikere kun ved seminarerne``, ``tre personer`` (when min is max).
        """
        return self._phrase(self.as_noun)

    @property
    def sent_phrase(self) -> str:
        """:attr:`phrase` by :attr:`sent_noun`, as an agreement that counts them so goes on: ``3–5 medarbejdere``."""
        return self._phrase(self.sent_noun)

    def _phrase(self, word: Noun) -> str:
        plural = word.plural if self.max > 1 else word.singular
        # a count of one is stressed, as Danish writes a number: "op til én udvalgsformand", "ét byrådsmedlem"
        most = ("ét" if word.neuter else "én") if self.max == 1 else spell(self.max, neuter=word.neuter)
        if self.min == self.max:
            count = most
        elif self.min:
            count = f"{self.min}–{self.max}"
        else:
            count = f"op til {most}"
        return f"{count} {plural}" + (f" {self.where}" if self.where else "")


SHORTHAND: dict[str, str] = {
    "min": "Shorthand for groups: the fewest staff a municipality sends (see groups[].min).",
    "max": "Shorthand for groups: the most staff a municipality sends (see groups[].max).",
    "max_politicians": "Shorthand for groups: the most politicians a municipality sends; 0 or left out: none.",
}
"""The keys of the shorthand ``participants: {min: 3, max: 5, max_politicians: 2}``, which stands for two groups."""


def _shorthand_schema(schema: JsonDict) -> None:
    properties = schema.setdefault("properties", {})
    assert isinstance(properties, dict)
    for key, description in SHORTHAND.items():
        properties[key] = {"type": "integer", "minimum": 1 if key == "max" else 0, "description": description,
                           "examples": [{"min": 3, "max": 5, "max_politicians": 2}[key]]}


def _whole_number(key: str, value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key}: must be a whole number, not {value!r}")
    least = 1 if key == "max" else 0
    if value < least:
        raise ValueError(f"{key}: must be {least} or more, not {value}")
    return value


class Participants(Model):
    """Who takes part from each municipality: groups of people, each with its limits and where it takes part.

    ``groups`` holds one group of ``staff``, at most one of ``politicians``
    and any of the programme's own (``other``, each counted in its column).
    ``min``, ``max`` and ``max_politicians`` may be written instead, as a
    shorthand for those two groups without ``where``; read back, they are
    the limits the registrations are checked against.
    """

    model_config = ConfigDict(json_schema_extra=_shorthand_schema)

    heading: str | None = Field(None, description="The heading of the participants' section.", examples=["Deltagerne"])
    text: Text = ()
    groups: tuple[ParticipantGroup, ...] = Field(
        (ParticipantGroup.model_construct(kind="staff", max=5),),  # valid as it is: not validated on import
        description="The groups each municipality may send, in the order the letters name them: one of kind staff, "
                    "at most one of politicians, and any of kind other (each counted in a column of its own). "
                    "Without it (and without min, max and max_politicians): up "
                    "to five staff.",
        examples=[[{"kind": "staff", "max": 5, "where": "i netværkene"},
                   {"kind": "politicians", "max": 2, "where": "kun ved seminarerne"}]],
    )
    state_limits: YesNo = Field(
        True,
        description="Whether the invitation (and the project description) states the groups after the text: "
                    "'Hver kommune kan deltage med op til fem personer i netværkene og op til to politikere kun "
                    "ved seminarerne.' nej when the text says it already. The agreement always states them.",
        examples=["nej"],
    )

    def placed(self, meetings: Sequence[tuple[Noun, int]]) -> Participants:
        """The groups with a ``where`` for each group that comes to some of the ``meetings`` (kind, count) only.

        ``ved seminaret`` for one seminar, ``ved temadagen og konferencerne``:
        without it, "op til to politikere" would read as if they came to every
        meeting. A group's own ``where`` is left as it is.
        """
        counts = {noun.singular.casefold(): (noun, count) for noun, count in meetings}

        def some_only(group: ParticipantGroup) -> bool:  # a group at every kind of meeting is placed at none
            kinds = {m.casefold() for m in group.meetings} & counts.keys()
            return group.where is None and bool(kinds) and kinds != counts.keys()

        groups = tuple(
            group.model_copy(update={"where": "ved " + and_list(
                noun.definite if count == 1 else noun.definite_plural
                for noun, count in (counts[m.casefold()] for m in group.meetings if m.casefold() in counts))})
            if some_only(group) else group
            for group in self.groups)
        return self if groups == self.groups else self.model_copy(update={"groups": groups})

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        given = [key for key in SHORTHAND if key in data]
        if not given:
            return data
        if "groups" in data:
            raise ValueError(f"give the limits either as groups or as {', '.join(given)}, not both")
        values = {key: _whole_number(key, data[key]) for key in given}
        least, most, politicians = values.get("min", 0), values.get("max", 5), values.get("max_politicians", 0)
        if least > most:
            raise ValueError(f"min ({least}) must not exceed max ({most})")
        groups: list[dict[str, Any]] = [{"kind": "staff", "min": least, "max": most}]
        if politicians:
            groups.append({"kind": "politicians", "max": politicians})
        return {**{k: v for k, v in data.items() if k not in SHORTHAND}, "groups": groups}

    @model_validator(mode="after")
    def _one_of_each(self) -> Participants:
        seen: dict[str, int] = {}
        columns: dict[str, int] = {}
        for i, group in enumerate(self.groups):
            if group.column is not None:
                if group.column.casefold() in columns:
                    raise ValueError(f"groups[{i}].column: {group.column!r} counts "
                                     f"groups[{columns[group.column.casefold()]}] already; give each group a column "
                                     "of its own")
                columns[group.column.casefold()] = i
            if group.kind == "other":
                continue
            if group.kind in seen:
                raise ValueError(f"groups[{i}]: a second group of kind {group.kind} (groups[{seen[group.kind]}] "
                                 "is one); each kind is given once")
            seen[group.kind] = i
        if "staff" not in seen:
            raise ValueError("groups: one group must be of kind staff (the people counted in 'Antal deltagere')")
        return self

    @property
    def staff(self) -> ParticipantGroup:
        """The group of staff: the people counted in the registrations' participants."""
        return next(g for g in self.groups if g.kind == "staff")

    def counted(self, kind: GroupKind, number: int) -> str:
        """``number`` of a group's people in prose, as an agreement states them: ``fem medarbejdere``."""
        group = self.staff if kind == "staff" else self.politicians
        return (group.sent_noun if group is not None else _SENT_NOUNS[kind]).count(number)

    @property
    def others(self) -> tuple[ParticipantGroup, ...]:
        """The groups of the programme's own (kind other), in order: each counted in its own column."""
        return tuple(g for g in self.groups if g.kind == "other")

    def sent(self, participants: int, politicians: int = 0, others: tuple[int, ...] = ()) -> str:
        """A municipality's people in prose, as an agreement states them: ``fem medarbejdere og to politikere``.

        ``others`` counts the groups of :attr:`others` in order; a group of
        none is left out, and the groups are named in the programme's order.
        """
        return and_list(group.sent_noun.stressed(n) for group, n in self.in_order(participants, politicians, others))

    def in_order(self, participants: int, politicians: int = 0,
                 others: Sequence[int] = ()) -> list[tuple[ParticipantGroup, int]]:
        """Each group with its count, in the order of :attr:`groups` (as the invitation names them).

        ``others`` counts the groups of :attr:`others` in order. The staff
        are always there, a group of none is left out: what an agreement and
        the publication count.
        """
        own = iter(others)  # the groups of kind other stand in groups in the order of others
        counted = [(group, participants if group.kind == "staff" else politicians if group.kind == "politicians"
                    else next(own, 0)) for group in self.groups]
        return [(group, n) for group, n in counted if n or group.kind == "staff"]

    @property
    def politicians(self) -> ParticipantGroup | None:
        """The group of politicians, or None when the municipalities send none."""
        return next((g for g in self.groups if g.kind == "politicians"), None)

    @property
    def min(self) -> int:
        """The fewest participants a registration may give: the staff group's minimum, and at least one."""
        return max(self.staff.min, 1)

    @property
    def max(self) -> int:
        """The most participants a registration may give: the staff group's maximum."""
        return self.staff.max

    @property
    def max_politicians(self) -> int:
        """The most politicians a registration may give: 0 without a group of politicians."""
        group = self.politicians
        return group.max if group is not None else 0

    @property
    def phrase(self) -> str:
        """The groups as "Hver kommune kan deltage med …" goes on: ``3–5 personer og op til to politikere``."""
        return and_phrases(group.phrase for group in self.groups)

    @property
    def staff_limit(self) -> str:
        """The staff as the invitation's economy limits them: ``op til fem deltagere``, as KL's letter has it.

        Beside other groups the staff go by their own noun (``op til fem
        medarbejdere``): the meeting lists count everyone a participant. One
        is stressed, in the noun's gender: ``op til én medarbejder``.
        """
        noun = self.staff.sent_noun if self._besides_staff else PARTICIPANT
        return f"op til {noun.stressed(self.max)}"

    @property
    def limits(self) -> str:
        """What the invitation's economy says a municipality may register: ``op til fem deltagere``.

        KL's letter says "Hver kommune kan tilmelde op til fem deltagere." of
        its staff; a programme that takes politicians (or groups of its own)
        too says so in the same sentence: :attr:`staff_limit`, then each other
        group's :attr:`ParticipantGroup.phrase`, as
        :func:`~kldocs.danish.formatting.and_phrases` joins them: ``op til fem
        medarbejdere og op til to politikere``.
        """
        return and_phrases([self.staff_limit, *(group.phrase for group in self._besides_staff)])

    @property
    def _besides_staff(self) -> list[ParticipantGroup]:
        """The groups but the staff."""
        return [group for group in self.groups if group.kind != "staff"]

    @property
    def sent_phrase(self) -> str:
        """:attr:`phrase` by the nouns :meth:`sent` counts by: ``3–5 medarbejdere og op til to politikere``.

        The agreement says how many the municipality sends, then this: both
        sentences name the staff alike.
        """
        return and_phrases(group.sent_phrase for group in self.groups)

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
    "registered": "Tilmeldingsdato",
}
"""Column headings of a registrations export; ``focus_area`` and ``goal`` are followed by 1…5."""


class Columns(Model):
    """Column headings of the registrations export, where they differ from the Danish defaults."""

    municipality: str = Field(
        DEFAULT_COLUMNS["municipality"],
        description="The heading of the column holding the municipality, by name or code ('Frederiksberg', "
                    "'Københavns Kommune', '147'); 'Kommune' when left out. The column is required.",
        examples=["Kommunenavn"],
    )
    contact_name: str = Field(
        DEFAULT_COLUMNS["contact_name"],
        description="The heading of the column holding the municipality's contact person; 'Kontaktperson' when "
                    "left out. The column is required.",
        examples=["Navn på kontaktperson"],
    )
    contact_title: str = Field(
        DEFAULT_COLUMNS["contact_title"],
        description="The heading of the column holding the contact person's job title; 'Titel' when left out.",
        examples=["Stillingsbetegnelse"],
    )
    email: str = Field(
        DEFAULT_COLUMNS["email"],
        description="The heading of the column holding the contact person's e-mail; 'E-mail' when left out. "
                    "The column is required.",
        examples=["Mail"],
    )
    phone: str = Field(
        DEFAULT_COLUMNS["phone"],
        description="The heading of the column holding the contact person's phone; 'Telefon' when left out.",
        examples=["Telefonnummer"],
    )
    focus_area: str = Field(
        DEFAULT_COLUMNS["focus_area"],
        description="Followed by 1…5 in the export, one focus area a column. Alone (no 'Indsatsområde 1'), it is "
                    "a form's ranking question (Microsoft Forms' Rangering), which gives the areas in order in one "
                    "cell, separated by ';': the first max_focus_areas are the priorities.",
        examples=["Prioritet"],
    )
    goal: str = Field(
        DEFAULT_COLUMNS["goal"], description="Followed by 1…5: local goal per focus area.", examples=["Lokalt mål"],
    )
    participants: str = Field(
        DEFAULT_COLUMNS["participants"],
        description="The heading of the column holding how many staff the municipality sends; 'Antal deltagere' "
                    "when left out. The column is required.",
        examples=["Deltagere"],
    )
    politicians: str = Field(
        DEFAULT_COLUMNS["politicians"],
        description="The heading of the column holding how many politicians the municipality sends; 'Antal "
                    "politikere' when left out.",
        examples=["Politikere"],
    )
    add_ons: str = Field(
        DEFAULT_COLUMNS["add_ons"],
        description="The heading of the column naming the add-ons the municipality buys, by id or title, "
                    "separated by commas; 'Tilkøb' when left out.",
        examples=["Tilvalg"],
    )
    mayor: str = Field(
        DEFAULT_COLUMNS["mayor"],
        description="The heading of the column holding the name of the mayor who signs the agreement; "
                    "'Borgmester' when left out.",
        examples=["Underskriver (borgmester)"],
    )
    director: str = Field(
        DEFAULT_COLUMNS["director"],
        description="The heading of the column holding the name of the municipal director who signs the "
                    "agreement; 'Kommunaldirektør' when left out.",
        examples=["Underskriver (direktør)"],
    )
    approved: str = Field(
        DEFAULT_COLUMNS["approved"],
        description="The heading of the column holding the day the council approved the agreement (empty until "
                    "then); 'Tiltrådt' when left out.",
        examples=["Godkendt i kommunalbestyrelsen"],
    )
    registered: str = Field(
        DEFAULT_COLUMNS["registered"],
        description="The heading of the column holding the day each municipality registered (a form's "
                    "timestamp will do), needed for a discount for registering early (pricing.discount) and read "
                    "by status and reminders for a --date gone by; 'Tilmeldingsdato' when left out.",
        examples=["Indsendt", "Tidsstempel"],
    )


Mode = Literal["sign-up", "interest"]

PLACEHOLDERS: dict[str, str] = {
    "frist": "the deadline with its weekday and time (mandag den 16. august 2021 kl. 12.00)",
    "link": "the registration's link, clickable",
}
"""The placeholders a sentence of ``registration.wording`` may hold, and what kldocs puts in their place."""

_BRACED = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Piece:
    """A piece of a worded sentence: plain ``text``, or a ``placeholder`` (``frist`` or ``link``) to fill in."""

    text: str = ""
    placeholder: str | None = None


def sentence_pieces(sentence: str, placeholders: Mapping[str, str] = PLACEHOLDERS) -> tuple[Piece, ...]:
    """``sentence`` cut into text and placeholders; a ValueError naming a brace that is not a known placeholder.

    ``"Fristen er {frist}."`` → text ``Fristen er ``, placeholder ``frist``,
    text ``.``. Nothing in the sentence is evaluated: the text is printed
    as written, and only the ``placeholders`` named (``{frist}`` and
    ``{link}`` unless told) are replaced.
    """
    known = " or ".join(f"{{{name}}}" for name in placeholders)
    pieces: list[Piece] = []
    at = 0
    for found in [*_BRACED.finditer(sentence), None]:
        literal = sentence[at:found.start() if found else len(sentence)]
        if "{" in literal or "}" in literal:
            raise ValueError(f"has a brace that is not part of a placeholder ({known}): {sentence!r}")
        if literal:
            pieces.append(Piece(literal))
        if found is None:
            break
        name = found.group(1)
        if name not in placeholders:
            raise ValueError(f"{found.group(0)} is not a placeholder kldocs knows; write {known}")
        pieces.append(Piece(placeholder=name))
        at = found.end()
    return tuple(pieces)


def filled(sentence: str, values: Mapping[str, str]) -> str:
    """``sentence`` with each placeholder replaced by its value in ``values``, the placeholders it may hold.

    The values are put in as they are, never read again: a value holding
    ``{frist}`` prints so.
    """
    return "".join(values[p.placeholder] if p.placeholder else p.text for p in sentence_pieces(sentence, values))


def _sentence(value: str) -> str:
    sentence_pieces(value)
    return value


Sentence = Annotated[
    str,
    AfterValidator(_sentence),
    WithJsonSchema({
        "type": "string",
        "description": "A sentence as the letter prints it, with {frist} where the deadline goes and {link} where "
                       "the link goes; '' leaves the sentence out. Quote it when it starts with a placeholder.",
    }),
]
"""A sentence of the programme's own wording, which may place the deadline (``{frist}``) and the link (``{link}``)."""


DEFAULT_WORDING: dict[tuple[Mode, str], str] = {
    ("sign-up", "appeal"): "Kommunerne opfordres til at tilmelde sig partnerskabet.",
    ("sign-up", "appeal with link"): "Kommunerne opfordres til at tilmelde sig partnerskabet via dette link: {link}.",
    ("sign-up", "appeal by e-mail"): "Kommunerne opfordres til at tilmelde sig partnerskabet ved at skrive til {link}.",
    ("sign-up", "deadline"): "Fristen for tilmelding er {frist}.",
    ("sign-up", "binding"): "Tilmelding er bindende.",
    ("sign-up", "not binding"): "Tilmelding er ikke bindende.",
    ("interest", "appeal"): "Kommuner, der ønsker at deltage i partnerskabet, opfordres til at tilkendegive deres "
                            "interesse.",
    ("interest", "appeal with link"): "Kommuner, der ønsker at deltage i partnerskabet, opfordres til at tilkendegive "
                                      "deres interesse i denne formular: {link}.",
    ("interest", "appeal by e-mail"): "Kommuner, der ønsker at deltage i partnerskabet, opfordres til at tilkendegive "
                                      "deres interesse ved at skrive til {link}.",
    ("interest", "deadline"): "Fristen for at tilkendegive interesse er {frist}.",
    ("interest", "not binding"): "Tilkendegivelsen er ikke bindende.",
}
"""The invitation's registration sentences where the programme gives none, by mode (a ``mailto:`` link is written to,
not filled in: ``appeal by e-mail``)."""


def by_mail(link: str | None) -> bool:
    """True for a ``mailto:`` link: one registers by writing to it (``ved at skrive til …``), not in a form."""
    return link is not None and link[:7].lower() == "mailto:"


class RegistrationWording(Model):
    """The sentences of the invitation's registration paragraph, where the programme words them itself.

    The paragraph reads: the appeal, the deadline, ``registration.text``,
    and whether it binds. Each sentence may place the deadline (``{frist}``)
    and the link (``{link}``); the deadline is printed once, in the appeal or
    in the deadline sentence.
    """

    appeal: Sentence | None = Field(
        None,
        description="The sentence asking the municipalities to register. Default for sign-up: 'Kommunerne "
                    "opfordres til at tilmelde sig partnerskabet via dette link: {link}.'; for interest: 'Kommuner, "
                    "der ønsker at deltage i partnerskabet, opfordres til at tilkendegive deres interesse i denne "
                    "formular: {link}.' With {frist} in it, the deadline sentence is left out.",
        examples=["Alle kommuner opfordres til at tilmelde sig udviklingspartnerskabet via dette link {link}.",
                  "Kommuner, der er interesserede, bedes udfylde formularen {link} senest {frist}."],
    )
    deadline: Sentence | None = Field(
        None,
        description="The sentence giving the deadline, with {frist}. Default for sign-up: 'Fristen for tilmelding "
                    "er {frist}.'; for interest: 'Fristen for at tilkendegive interesse er {frist}.'",
        examples=["Deadline for tilmelding er {frist}."],
    )
    binding: Sentence | None = Field(
        None,
        description="The sentence on whether it binds, after registration.text. Default: 'Tilmelding er "
                    "bindende.' or 'Tilmelding er ikke bindende.'; for interest: 'Tilkendegivelsen er ikke "
                    "bindende.' '' leaves it out.",
        examples=["Tilmeldingen er bindende, og prisen betales fuldt ud.", ""],
    )


def _address(link: str) -> str:
    if any(c.isspace() for c in link):
        raise ValueError(f"must be one address without spaces, not {link!r}; in an address a space is written "
                         "%20 (mailto:kyst@kl.dk?subject=Interesse%20i%20partnerskabet)")
    return link


class RegistrationSettings(Model):
    """How municipalities register: by a binding sign-up or an expression of interest, by when, where, in what words."""

    heading: str | None = Field(
        None, description="The heading of the registration's section.", examples=["Tilmelding og kontaktpersoner"],
    )
    mode: Mode = Field(
        "sign-up",
        description="sign-up: the municipalities sign up (tilmelding), binding unless binding: nej. interest: they "
                    "express a non-binding interest (tilkendegivelse af interesse), e.g. in a form. The letters, "
                    "the reminders and the agreement's terms follow it.",
        examples=["interest"],
    )
    deadline: DayOrTime = Field(
        description="The last day to register, or the day and time: Danish or ISO ('16. august 2021 kl. 12.00', "
                    "'2021-08-16 12:00', '2021-08-16'). The invitation prints it where {frist} stands, and the "
                    "reminders to register are written until it; after the letter's date and before the first "
                    "meeting, and on the day a deadline milestone of the time plan on registering gives.",
        examples=["2021-08-16 12:00", "16. august 2021 kl. 12.00", "2021-08-16"],
    )
    link: Annotated[str, AfterValidator(_address)] | None = Field(
        None,
        description="Where to register: the sign-up link, or the address of the interest form; an address that "
                    "starts with https://, http:// or mailto: is a link the reader can click.",
        examples=["https://tilmeld.kl.dk/staerkebornefaellesskaber"],
    )
    binding: YesNo = Field(
        True,
        description="Whether registering binds the municipality. Default: ja for sign-up, nej for interest "
                    "(an expression of interest never binds).",
        examples=["nej"],
    )
    wording: RegistrationWording = Field(
        RegistrationWording.model_construct(),  # the defaults, valid as they are: not validated on import
        description="The invitation's registration sentences in the programme's own words, with {frist} for the "
                    "deadline and {link} for the link; kldocs' Danish where left out.",
        examples=[{"appeal": "Alle kommuner opfordres til at tilmelde sig udviklingspartnerskabet via dette link "
                             "{link}.", "deadline": "Deadline for tilmelding er {frist}."}],
    )
    text: Text = ()
    min_focus_areas: int = Field(
        1, ge=0, description="Fewest focus areas a municipality must prioritise.", examples=[3],
    )
    max_focus_areas: int = Field(
        5, ge=1, le=9, description="Most focus areas a municipality may prioritise.", examples=[5],
    )
    columns: Columns = Field(
        Columns.model_construct(),  # the defaults, valid as they are: not validated on import
        description="The column headings of the registrations export, where the sign-up form's differ from "
                    "kldocs' Danish ones (Kommune, Kontaktperson, Titel, E-mail, …); each left out is the default.",
        examples=[{"municipality": "Kommunenavn", "email": "Mail"}],
    )

    @model_validator(mode="before")
    @classmethod
    def _binding_follows_mode(cls, data: Any) -> Any:
        if isinstance(data, dict) and "binding" not in data:
            return {**data, "binding": data.get("mode") != "interest"}
        return data

    @field_validator("binding")
    @classmethod
    def _interest_does_not_bind(cls, binding: bool, info: ValidationInfo) -> bool:
        if binding and info.data.get("mode") == "interest":
            raise ValueError("an expression of interest (mode: interest) does not bind; leave binding out, or "
                             "register by mode: sign-up")
        return binding

    @field_validator("wording")
    @classmethod
    def _deadline_once_and_link_placed(cls, wording: RegistrationWording, info: ValidationInfo) -> RegistrationWording:
        if not {"mode", "link", "binding"} <= info.data.keys():
            return wording  # the mode, link or binding is wrong already, and says so
        sentences = worded(info.data["mode"], info.data["link"], info.data["binding"], wording)
        frist = {name: [p.placeholder for p in pieces].count("frist") for name, pieces in sentences.items()}
        links = [name for name, pieces in sentences.items() if any(p.placeholder == "link" for p in pieces)]
        times = sum(frist.values())
        if times == 0:
            raise ValueError("the deadline is printed nowhere; place it with {frist} in wording.deadline "
                             "(or in wording.appeal)")
        if times > 1:
            where = " and ".join(f"wording.{name}" for name, n in frist.items() if n)
            raise ValueError(f"the deadline would be printed {spell(times)} times ({{frist}} in {where}); "
                             "place it in one sentence only")
        if frist["binding"]:
            raise ValueError("the deadline belongs in wording.appeal or wording.deadline, before registration.text, "
                             "not in wording.binding")
        if info.data["link"] is None and links:
            raise ValueError(f"{' and '.join(f'wording.{name}' for name in links)} uses {{link}}, but the "
                             "registration has no link")
        if info.data["link"] is not None and not links:
            raise ValueError("the link is printed nowhere; place it with {link} in wording.appeal")
        return wording

    @field_validator("text")
    @classmethod
    def _deadline_not_repeated(cls, text: tuple[TextBlock, ...], info: ValidationInfo) -> tuple[TextBlock, ...]:
        deadline = info.data.get("deadline")
        repeated = deadline_in_text(deadline, text) if isinstance(deadline, When) else None
        if repeated:
            raise ValueError(f"gives the deadline ({repeated}) that the registration's paragraph prints already; "
                             "leave it out, or word the sentence in wording.appeal with {frist}")
        return text

    @functools.cached_property
    def clickable_link(self) -> Link | str | None:
        """The link as the documents print it: clickable where it is a web or mail address; made once."""
        return clickable(self.link)

    @property
    def is_interest(self) -> bool:
        """True when the municipalities express an interest rather than sign up."""
        return self.mode == "interest"

    _open_to: str | None = PrivateAttr(None)
    """Whom the partnership is open to where it is not every municipality, as its appeal names them
    (``Kommunerne i Region Syddanmark``, ``De inviterede kommuner``, ``Aarhus Kommune``); set by the programme,
    which knows."""

    @property
    def sentences(self) -> dict[str, tuple[Piece, ...]]:
        """The registration paragraph's sentences (``appeal``, ``deadline``, ``binding``): see :func:`worded`."""
        return worded(self.mode, self.link, self.binding, self.wording, self._open_to)

    @property
    def opening(self) -> tuple[Piece, ...]:
        """The paragraph before ``text``: the appeal and the deadline sentence, as pieces to print and fill in."""
        sentences = self.sentences
        parts = [pieces for pieces in (sentences["appeal"], sentences["deadline"]) if pieces]
        return tuple(piece for i, pieces in enumerate(parts) for piece in ((Piece(" "),) if i else ()) + pieces)

    @property
    def text_in_line(self) -> bool:
        """Whether ``text`` is one paragraph (or none), printed in the paragraph of the opening and the closing.

        Else its paragraphs and lists are printed between them as they are written.
        """
        return len(self.text) <= 1 and not any(b.is_list for b in self.text)

    @property
    def closing(self) -> tuple[Piece, ...]:
        """The paragraph after ``text``: whether it binds, as pieces (none when the programme leaves it out)."""
        return self.sentences["binding"]

    @property
    def opening_text(self) -> str:
        """The opening as plain text, the deadline and the link filled in: for e-mails and other plain text."""
        values = {"frist": format_weekday_date(self.deadline), "link": address_of(self.link or "")}
        return "".join(values[p.placeholder] if p.placeholder else p.text for p in self.opening)


def worded(mode: Mode, link: str | None, binding: bool, own: RegistrationWording,
           open_to: str | None = None) -> dict[str, tuple[Piece, ...]]:
    """The registration paragraph's sentences (``appeal``, ``deadline``, ``binding``), the programme's or kldocs'.

    The deadline sentence is left out (no pieces) when the programme's own
    appeal places the deadline; a sentence the programme gives as ``''`` is too.
    kldocs' appeal of a partnership open to some municipalities names them
    (``open_to``): ``Kommunerne i Region Syddanmark opfordres til …``, so that
    a description read on the web does not read as an offer to all.
    """
    kind = "appeal by e-mail" if by_mail(link) else "appeal with link" if link else "appeal"
    default = DEFAULT_WORDING[mode, kind]
    if open_to is not None and open_to.startswith(("Kommunerne ", "De ")):
        default = default.replace("Kommunerne opfordres", f"{open_to} opfordres").replace(
            "Kommuner, der ønsker", f"{open_to}, der ønsker")
    elif open_to is not None:  # the one municipality it is open to: Aarhus Kommune opfordres …
        default = default.replace("Kommunerne opfordres", f"{open_to} opfordres").replace(
            "Kommuner, der ønsker at deltage i partnerskabet, opfordres til at tilkendegive deres interesse",
            f"{open_to} opfordres til at tilkendegive sin interesse i at deltage i partnerskabet")
    appeal = sentence_pieces(own.appeal if own.appeal is not None else default)
    if own.deadline is not None:
        deadline = sentence_pieces(own.deadline)
    elif any(p.placeholder == "frist" for p in appeal):
        deadline = ()
    else:
        deadline = sentence_pieces(DEFAULT_WORDING[mode, "deadline"])
    default_binding = DEFAULT_WORDING[mode, "binding" if binding else "not binding"]
    return {
        "appeal": appeal,
        "deadline": deadline,
        "binding": sentence_pieces(own.binding if own.binding is not None else default_binding),
    }


def deadline_in_text(deadline: When, text: tuple[TextBlock, ...]) -> str | None:
    """The deadline's day as ``text`` gives it (``16. august``, ``2021-08-16``), or None when it does not."""
    day = deadline.start
    for needle in (format_day_month(day), day.isoformat()):
        words = plain(needle).split(" ")  # "16. august", however the text spaces it
        pattern = re.compile(r"(?<!\d)" + r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        for block in text:
            chunks = (block.text, *(getattr(item, "text", item) for item in block.items))
            if any(pattern.search(str(chunk)) for chunk in chunks):
                return plain(needle)
    return None
