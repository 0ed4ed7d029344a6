"""The time plan: the partnership's period, its milestones and meetings, grouped as the programme chooses.

A meeting (a milestone with ``kind: meeting`` or a ``meeting:``) may say
what its invitation needs: its place and address, when it starts (in
``when``, or in ``starts`` when the time plan prints the day alone) and ends
(``ends`` or ``duration``), and which networks it is for (``networks``): a
network meeting is held by each network on its own, a seminar or conference
for all together. :meth:`Timeline.meeting_id` names each meeting for good,
so that its calendar event stays the same when its date changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from kldocs.danish.filenames import slugify
from kldocs.danish.formatting import (
    Noun,
    counts_text,
    format_date,
    format_period,
    format_time,
    half_year_label,
    noun,
    weak_form,
)
from kldocs.danish.when import EXAMPLES, FORMS, When, in_calendar_order
from kldocs.inputs.fieldtypes import Model, NonEmpty, OneLine, Text, WhenField, YesNo, yes_or_no
from kldocs.inputs.validation import raise_at

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
            f"must be one point in time (a date, a week, a month, a quarter, a half-year or a year), not the range "
            f"{when}"
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

# -- what a meeting's invitation needs: its times of day, its length, its networks ------------

_CLOCK = re.compile(r"(?:kl\.?|klokken)?\s*(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?", re.I)
CLOCK_FORMS = "a time of day: 15.00, kl. 15.00, 15:00 or 15"
"""The times of day :func:`parse_clock` reads, for messages and the schema."""


def parse_clock(value: object) -> dt.time:
    """A time of day as Danes write it (``15.00``, ``kl. 15.30``, ``klokken 9``) or in ISO (``15:00``).

    Raises ValueError naming the text and the forms it may take.
    """
    if isinstance(value, dt.time):
        return value
    text = " ".join(str(value).split()) if isinstance(value, str | int) and not isinstance(value, bool) else None
    found = _CLOCK.fullmatch(text) if text is not None else None
    if text is None or found is None:
        raise ValueError(f"{value!r} is not a time of day; write {CLOCK_FORMS}")
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not a time of day (hours 0–23, minutes 0–59); write {CLOCK_FORMS}")
    return dt.time(hour, minute)


def _clock_text(time: dt.time) -> str:
    return f"{time.hour:02d}:{time.minute:02d}"


Clock = Annotated[
    dt.time,
    PlainValidator(parse_clock),
    PlainSerializer(_clock_text, return_type=str),
    WithJsonSchema({"type": "string", "description": f"{CLOCK_FORMS}.", "examples": ["10.00", "kl. 10.00", "10:00"]}),
]
"""A time of day: ``10.00``, ``kl. 10.00``, ``10:00``."""


def parse_end(value: object) -> dt.time | dt.datetime:
    """When a meeting ends: a time of day on its day (``15.00``), or a day and time (``2021-09-15T12:00``).

    Raises ValueError naming the text and the forms it may take.
    """
    try:
        return parse_clock(value)
    except ValueError:
        pass
    try:
        when = When.parse(value)
    except ValueError:
        when = None
    if when is None or when.kind != "datetime":
        raise ValueError(
            f"{value!r} is not an end; write {CLOCK_FORMS}, or for a meeting over more than one day a day "
            "and time: 15. september 2021 kl. 12.00 or 2021-09-15T12:00"
        )
    return when.as_datetime()


def _end_text(end: dt.time | dt.datetime) -> str:
    return end.strftime("%Y-%m-%d %H:%M") if isinstance(end, dt.datetime) else _clock_text(end)


EndTime = Annotated[
    dt.time | dt.datetime,
    PlainValidator(parse_end),
    PlainSerializer(_end_text, return_type=str),
    WithJsonSchema({"type": "string", "description": f"{CLOCK_FORMS}; or a day and time for a meeting over more "
                                                     "than one day: 15. september 2021 kl. 12.00, 2021-09-15T12:00.",
                    "examples": ["15.00", "kl. 15.30", "15:00", "15. september 2021 kl. 12.00"]}),
]
"""When a meeting ends: a time of day on the day it starts, or a day and time."""


@functools.cache
def _iso_duration() -> TypeAdapter[dt.timedelta]:
    """The reader of ISO 8601 durations, made when one is first read (not when the module is loaded)."""
    return TypeAdapter(dt.timedelta)


_AMOUNT = r"(?P<{0}>\d+(?:[.,]\d+)?½?|½|en|et)"
_HOURS = _AMOUNT.format("hours") + r"\s*(?:timer|time|t\.?)"
_MINUTES = _AMOUNT.format("minutes") + r"\s*(?:minutter|minut|min\.?|m\.?)"
_DANISH_DURATION = re.compile(rf"(?:{_HOURS})?(?:\s*(?:og|,)?\s*(?:{_MINUTES}))?", re.I)
DURATION_FORMS = "hours and minutes: 2 timer, 1½ time, 90 minutter, 2 timer og 30 minutter, or ISO 8601: PT2H30M"
"""The lengths :func:`parse_duration` reads, for messages and the schema."""


def _amount(text: str | None) -> Decimal:
    if not text:
        return Decimal(0)
    if text.casefold() in ("en", "et"):
        return Decimal(1)
    half = Decimal("0.5") if text.endswith("½") else Decimal(0)
    digits = text.rstrip("½").replace(",", ".")
    try:
        return (Decimal(digits) if digits else Decimal(0)) + half
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None


def parse_duration(value: object) -> dt.timedelta:
    """How long a meeting lasts, in Danish (``2 timer``, ``1½ time``, ``90 min.``) or ISO 8601 (``PT2H30M``).

    Raises ValueError naming the text and the forms it may take, and for a
    length of nothing or of more than a day (a meeting over several days
    gives its end as a day and time).
    """
    if isinstance(value, dt.timedelta):
        length = value
    else:
        text = " ".join(str(value).split()) if isinstance(value, str) else ""
        found = _DANISH_DURATION.fullmatch(text) if text else None
        if text.upper().startswith("P"):
            try:
                length = _iso_duration().validate_python(text.upper())
            except ValidationError:
                raise ValueError(f"{value!r} is not a length of time; write {DURATION_FORMS}") from None
        elif found is not None and (found["hours"] or found["minutes"]):
            minutes = _amount(found["hours"]) * 60 + _amount(found["minutes"])
            length = dt.timedelta(minutes=int(minutes))
        else:
            raise ValueError(f"{value!r} is not a length of time; write {DURATION_FORMS}")
    if not dt.timedelta(0) < length <= dt.timedelta(days=1):
        raise ValueError(f"{value!r}: a meeting lasts more than nothing and at most a day; one over several days "
                         "gives ends: as a day and time")
    return length


def _duration_text(length: dt.timedelta) -> str:
    hours, minutes = divmod(int(length.total_seconds()) // 60, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


Duration = Annotated[
    dt.timedelta,
    PlainValidator(parse_duration),
    PlainSerializer(_duration_text, return_type=str),
    WithJsonSchema({"type": "string", "description": f"How long the meeting lasts: {DURATION_FORMS}.",
                    "examples": ["2 timer", "1½ time", "90 minutter", "PT2H30M"]}),
]
"""How long a meeting lasts: ``2 timer``, ``90 minutter``, ``PT2H30M``."""

EACH = "alle"
"""``networks: alle``: every network meets on its own, each invited to its own meeting."""
TOGETHER = "fælles"
"""``networks: fælles``: every network meets together, one meeting for all."""
_EACH_WORDS = {"alle", "hvert", "hver", "each", "all"}
_TOGETHER_WORDS = {"fælles", "faelles", "samlet", "sammen", "together"}
NETWORKS_FORMS = ("alle (each network meets on its own), fælles (all networks together), or the numbers of "
                  "the networks that meet, each on its own: [1, 3] or '1 og 3'")


def parse_networks(value: object) -> str | tuple[int, ...]:
    """Which networks a meeting is for: :data:`EACH`, :data:`TOGETHER`, or the numbers of some networks."""
    items: list[object]
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in _EACH_WORDS:
            return EACH
        if word in _TOGETHER_WORDS:
            return TOGETHER
        items = [part for part in re.split(r"\s*(?:,|\bog\b|\band\b)\s*", value.strip()) if part]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        items = [value]
    numbers: list[int] = []
    for item in items:
        text = str(item).strip()
        if isinstance(item, bool) or not text.isdigit() or int(text) < 1:
            raise ValueError(f"{value!r} names no networks; write {NETWORKS_FORMS}")
        if int(text) not in numbers:
            numbers.append(int(text))
    if not numbers:
        raise ValueError(f"names no networks; write {NETWORKS_FORMS}")
    return tuple(sorted(numbers))


MeetingNetworks = Annotated[
    str | tuple[int, ...],
    PlainValidator(parse_networks),
    PlainSerializer(lambda v: v if isinstance(v, str) else list(v)),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": ["integer", "string"]}}],
                    "description": f"Which networks the meeting is for: {NETWORKS_FORMS}.",
                    "examples": ["alle", "fælles", [1, 3], "2"]}),
]
"""Which networks a meeting is for: ``alle``, ``fælles`` or network numbers."""

def _online(value: Any) -> str | bool:
    if (answer := yes_or_no(value)) is not None:
        return answer
    text = str(value).strip()
    if not re.fullmatch(r"https?://[^\s<>\"]+", text, flags=re.IGNORECASE):
        raise ValueError(f"must be the link to join online (https://…), or ja when the link follows, not {value!r}")
    return text


Online = Annotated[
    str | bool,
    PlainValidator(_online),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "uri"}, {"type": "boolean"},
                              {"enum": ["ja", "nej", "yes", "no"]}],
                    "description": "The link to join the meeting online (https://…), or ja when the link is sent "
                                   "later."}),
]
"""How to take part online: the link (``https://…``), True when it follows later, False for not online."""

_MEETING_FIELDS = ("id", "place", "address", "online", "starts", "ends", "duration", "networks", "details")
"""The fields only a meeting has."""
_WHAT = {"id": "an id", "place": "a place", "address": "an address", "online": "a link to join online",
         "starts": "a start time", "ends": "an end time", "duration": "a duration", "networks": "networks",
         "details": "details"}


class HeldBy(Model):
    """Where and when some networks hold a network meeting, when each network meets on a day and at a place of its own.

    Every field but ``networks`` is the meeting's own (``when``, ``place``,
    ``address``, ``starts``, ``ends``, ``duration``); those left out are the
    milestone's. The time plan prints the milestone's ``when`` (``4. kvartal
    2025``); ``kldocs meetings`` invites each network to its own day and place.
    """

    networks: tuple[int | str, ...] = Field(
        description="The networks that meet on this day and at this place: by number ([1] or [2, 3]), or by a "
                    "municipality in each ([Sønderborg]), which holds whatever number the line-up gives its "
                    "network.",
        min_length=1, examples=[[1], [2, 3], ["Sønderborg", "Slagelse"]],
    )
    when: TimeField | None = Field(None, description="The day they meet, with its time if 'starts' does not give "
                                                     "it: 7. oktober 2025 kl. 10.00.")
    place: OneLine | None = Field(None, description="Where they meet.", examples=["Aarhus Rådhus"])
    address: OneLine | None = Field(None, description="The place's address on one line.",
                                     examples=["Rådhuspladsen 2, 8000 Aarhus C"])
    online: Online | None = Field(None, description="The link by which they meet online (https://…), or ja when "
                                                    "it follows; beside the milestone's place unless place is given "
                                                    "too (place: Online for a network meeting online only).")
    starts: Clock | None = Field(None, description=f"When the meeting starts, {CLOCK_FORMS}.")
    ends: EndTime | None = Field(None, description=f"When it ends, {CLOCK_FORMS}.")
    duration: Duration | None = Field(None, description=f"How long it lasts: {DURATION_FORMS}.")

    @field_validator("networks", mode="before")
    @classmethod
    def _numbers_as_numbers(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            # '2' is a network's number; '0751' or '751' a municipality's code (a network is numbered far below)
            return [int(v) if isinstance(v, str) and re.fullmatch(r"0|[1-9]\d?", v.strip()) else v for v in value]
        return value

    @field_validator("networks")
    @classmethod
    def _numbered(cls, numbers: tuple[int | str, ...]) -> tuple[int | str, ...]:
        from kldocs.errors import KldocsError
        from kldocs.reference.municipalities import lookup

        named: list[int | str] = []
        for n in numbers:
            if isinstance(n, str):
                try:
                    n = lookup(n).name
                except KldocsError as exc:
                    raise ValueError(f"{n!r} is not a network's number or a municipality ({exc.problems[0]})") \
                        from None
            named.append(n)
        if any(isinstance(n, int) and n < 1 for n in named) or len(set(named)) != len(named):
            raise ValueError("give each network's number (1, 2, …) or municipality once")
        return tuple(named)

    @property
    def given(self) -> dict[str, Any]:
        """The fields given, by name: what replaces the milestone's own for these networks."""
        return {name: getattr(self, name) for name in _HELD_FIELDS if name in self.model_fields_set}


_HELD_FIELDS = ("when", "place", "address", "online", "starts", "ends", "duration")
"""The fields of a meeting that a network may hold it by on its own (:class:`HeldBy`)."""
_AS_HELD = {"when", "text", "kind", "meeting", *_HELD_FIELDS}
"""The fields of a milestone that make the meeting a network holds on its own."""


class Milestone(Model):
    """One line of the time plan."""

    when: TimeField = Field(description=f"When it happens, Danish or ISO: {FORMS}.")
    text: NonEmpty = Field(
        description="What happens, as the time plan prints it beside the date; a meeting's invitation names the "
                    "meeting by it.",
        examples=["Deadline for tilmelding", "Partnerskabsmøde 1 – afholdes fysisk"],
    )
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
    id: NonEmpty | None = Field(
        None,
        description="A meeting's lasting name, so that its calendar event (UID) stays the same whatever changes: "
                    "its date, its text, or meetings added before it. Without it a meeting is named by its kind "
                    "and number in order (partnerskabsmoede-2), and kldocs meetings refuses a change that would "
                    "renumber meetings already sent until they have ids.",
        examples=["opstartsmoede", "netvaerksmoede-2"],
    )
    place: OneLine | None = Field(
        None,
        description="Where the meeting is held: a venue, or how to meet online. A meeting with a day and a place "
                    "gets invitations and a calendar file (kldocs meetings).",
        examples=["KL-Huset", "Virtuelt (Teams)"],
    )
    address: OneLine | None = Field(
        None,
        description="The place's address on one line, for the invitation and the calendar; none for a virtual "
                    "meeting.",
        examples=["Weidekampsgade 10, 2300 København S"],
    )
    online: Online | None = Field(
        None,
        description="How to take part online: the link to join (https://…), printed in the invitation, the "
                    "calendar event (its URL) and the e-mail draft; or ja when the link is sent later. Beside a "
                    "place and address the meeting is held there and online (hybrid); without a place it is "
                    "held online only, and that is where the invitation says it is.",
        examples=["https://teams.microsoft.com/l/meetup-join/…", "ja"],
    )
    starts: Clock | None = Field(
        None,
        description=f"When the meeting starts, {CLOCK_FORMS}, when 'when' gives the day alone (so the time plan "
                    "prints the day without the time). Or give the time in 'when': 14. september 2021 kl. 10.00.",
        examples=["10.00", "kl. 9.30"],
    )
    ends: EndTime | None = Field(
        None,
        description=f"When the meeting ends: {CLOCK_FORMS}, on the day it starts; or a day and time for a meeting "
                    "over more than one day. Or give its duration instead.",
        examples=["15.00", "kl. 15.30", "15. september 2021 kl. 12.00"],
    )
    duration: Duration | None = Field(
        None,
        description=f"How long the meeting lasts, instead of when it ends: {DURATION_FORMS}.",
        examples=["2 timer", "1½ time", "90 minutter", "PT2H30M"],
    )
    details: Text = Field(
        (), description="What the meeting's invitation and calendar event say of it besides the day and place: "
                        "the programme, lunch, a deadline to sign up (Markdown; the link to join online is "
                        "online's). Left out, the invitation says that the agenda and material follow before the "
                        "meeting.",
        examples=["Program:\n\n- 10.00 Velkomst\n- 10.30 Oplæg v/ KL\n- 12.00 Frokost\n\nDer serveres frokost."],
    )
    networks: MeetingNetworks | None = Field(
        None,
        description=f"Which networks the meeting is for: {NETWORKS_FORMS}. By default a network meeting "
                    "(netværksmøde) is held by every network on its own, and any other meeting (a seminar, a "
                    "conference, a partnerskabsmøde) by all together.",
        examples=["alle", "fælles", [1, 3]],
    )
    held: tuple[HeldBy, ...] = Field(
        (),
        description="For a network meeting each network holds on its own: the day and place of some networks, "
                    "where they differ from the milestone's (a network meeting of '4. kvartal 2025' held by "
                    "network 1 on 7 October in Aarhus, by network 2 on 9 October in Odense). kldocs meetings "
                    "invites each network to its own; the time plan prints the milestone's when.",
        examples=[[{"networks": [1], "when": "7. oktober 2025 kl. 10.00", "ends": "12.00", "place": "Aarhus Rådhus"},
                   {"networks": [2, 3], "when": "9. oktober 2025 kl. 13.00", "duration": "2 timer",
                    "place": "Virtuelt (Teams)"}]],
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

    @field_validator(*_MEETING_FIELDS)
    @classmethod
    def _only_a_meeting(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None and value != () and info.data.get("kind", "meeting") != "meeting":
            raise ValueError(f"only a meeting has {_WHAT[str(info.field_name)]}; write kind: meeting (or meeting: "
                             "netværksmøde, seminar …), or leave it out")
        return value

    @field_validator("held")
    @classmethod
    def _held_as_a_meeting(cls, held: tuple[HeldBy, ...], info: ValidationInfo) -> tuple[HeldBy, ...]:
        if held and info.data.get("kind", "meeting") != "meeting":
            raise ValueError("only a meeting is held by networks; write kind: meeting (or meeting: netværksmøde)")
        seen: dict[int | str, int] = {}
        for i, entry in enumerate(held):
            for n in entry.networks:
                if n in seen:
                    which = f"network {n}" if isinstance(n, int) else f"{n}'s network"
                    raise ValueError(f"[{i}].networks: {which} is in held[{seen[n]}] already; give each network "
                                     "one day and place")
                seen[n] = i
        return held

    @model_validator(mode="after")
    def _each_held_is_a_meeting(self) -> Milestone:
        timed = [name for name in ("starts", "ends", "duration") if getattr(self, name) is not None]
        days = bool(self.held) and all(e.when is not None and e.when.kind in ("date", "datetime") for e in self.held)
        message = None
        if timed and self.when.kind not in ("date", "datetime") and not days:  # a time, and no day to have it on
            message = (timed[0], f"the meeting has no day yet ({format_date(self.when)}); a time needs one, as in "
                                 "when: 14. september 2021, or a day for each network in held")
        elif isinstance(self.ends, dt.datetime) and self.when.kind not in ("date", "datetime"):
            message = ("ends", "a meeting held on each network's own day ends that day: give the time of day alone "
                               "(ends: 12.00), or a day and time in each network's held")
        if message is not None:
            raise_at("milestone", [((message[0],), message[1])], getattr(self, message[0]))
        for i, entry in enumerate(self.held):
            try:  # the milestone as these networks hold it: a day, a time, an end, as any meeting is checked
                Milestone.model_validate({**self.model_dump(mode="json", include=_AS_HELD, exclude_none=True),
                                          **self._as_held_by(entry, json=True)})
            except ValidationError as exc:
                error = exc.errors()[0]
                where = ".".join(str(part) for part in error["loc"])
                raise ValueError(f"held[{i}].{where}: {error['msg'].removeprefix('Value error, ')}") from None
            day = entry.when
            if (day is not None and self.when.kind not in ("date", "datetime")
                    and not self.when.start <= day.start <= day.end <= self.when.end):
                raise ValueError(f"held[{i}].when: {format_date(day)} is not in {format_date(self.when)}, when the "
                                 "time plan says the meeting is held")
        return self

    def for_network(self, number: int) -> Milestone:
        """The meeting as network ``number`` holds it: its own day and place where ``held`` gives them."""
        entry = next((e for e in self.held if number in e.networks), None)
        return self if entry is None else self.model_copy(update=self._as_held_by(entry))

    def _as_held_by(self, entry: HeldBy, json: bool = False) -> dict[str, Any]:
        """What ``entry``'s networks hold the meeting by where it is not the milestone's (as JSON with ``json``).

        What the entry gives, and of the milestone's own what goes with it: a
        place of their own has its own address and online link or none (not the milestone's); a
        day with its time (or no day yet) takes no start time of the
        milestone's, a day alone keeps it (from ``starts`` or ``when``); an end
        on a later day moves with the day; a start time of their own goes on
        the milestone's day without its time; an end of their own replaces the
        milestone's duration, a duration its end.
        """
        given = entry.given
        changes: dict[str, Any] = dict(entry.model_dump(mode="json", include=set(given)) if json else given)
        if "place" in given:  # a place of their own: its own address and online link, or none
            changes.update({name: None for name in ("address", "online") if name not in given})
        when: When | None = given.get("when")
        mine = self.when
        if when is not None and "starts" not in given:
            if when.kind == "date" and mine.kind == "datetime":  # a day alone: on it at the milestone's time
                moved = When("datetime", when.year, when.month, when.day, mine.hour, mine.minute)
                changes["when"] = str(moved) if json else moved  # as WhenField writes it
            elif when.kind != "date":
                changes["starts"] = None
            if when.kind not in ("date", "datetime"):  # no day yet: no time of day either
                changes.update({name: None for name in ("ends", "duration") if name not in given})
        if (when is not None and when.kind in ("date", "datetime") and mine.kind in ("date", "datetime")
                and isinstance(self.ends, dt.datetime) and "ends" not in given and "duration" not in given):
            ends = self.ends + (when.start - mine.start)  # a meeting over days: as many days on from its own
            changes["ends"] = _end_text(ends) if json else ends
        if "starts" in given and when is None and self.when.kind == "datetime":
            day = When("date", self.when.year, self.when.month, self.when.day)
            changes["when"] = str(day) if json else day
        if "ends" in given and "duration" not in given:
            changes["duration"] = None
        if "duration" in given and "ends" not in given:
            changes["ends"] = None
        return changes

    @property
    def held_networks(self) -> tuple[int, ...]:
        """The networks ``held`` gives a day or place of their own, by number.

        Those named by a municipality in them are numbered only by a line-up (see :meth:`numbered_by`).
        """
        return tuple(sorted(n for entry in self.held for n in entry.networks if isinstance(n, int)))

    @property
    def held_meetings(self) -> tuple[Milestone, ...]:
        """The meeting as each entry of ``held`` has its networks hold it, whichever networks they are."""
        return tuple(self.model_copy(update=self._as_held_by(entry)) for entry in self.held)

    def numbered_by(self, network_of: Mapping[str, int]) -> Milestone:
        """The milestone with the networks ``held`` names by a municipality in them numbered by ``network_of``.

        ``network_of`` gives the network of each municipality of the line-up
        (by its name). A ValueError names one that is in none, or a network
        named twice.
        """
        if not any(isinstance(n, str) for entry in self.held for n in entry.networks):
            return self
        held = []
        seen: dict[int, int] = {}
        for i, entry in enumerate(self.held):
            numbers = []
            for n in entry.networks:
                if isinstance(n, str):
                    if n not in network_of:
                        raise ValueError(f"held[{i}].networks: {n} is in no network of the line-up (it has not "
                                         "registered); name the network by its number or by one of its members")
                    n = network_of[n]
                if n in seen:
                    raise ValueError(f"held[{i}].networks: network {n} is in held[{seen[n]}] already (by number or "
                                     "by one of its members); give each network one day and place")
                seen[n] = i
                numbers.append(n)
            held.append(entry.model_copy(update={"networks": tuple(numbers)}))
        return self.model_copy(update={"held": tuple(held)})

    @field_validator("address")
    @classmethod
    def _with_a_place(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("place", "") is None:
            raise ValueError("give the place too (place: KL-Huset), which the invitation names before the address")
        return value

    @field_validator("starts", "ends", "duration")
    @classmethod
    def _on_a_day(cls, value: Any, info: ValidationInfo) -> Any:
        when = info.data.get("when")
        if value is None or not isinstance(when, When):
            return value
        if when.kind not in ("date", "datetime"):
            return value  # each network's own day (held) may give it one: see _each_held_is_a_meeting
        if info.field_name == "starts":
            if when.kind == "datetime":
                raise ValueError(f"when gives the time already ({format_time(when)}); leave out one of them")
            return value
        if "starts" not in info.data:
            return value  # starts is wrong, and says so
        if info.field_name == "duration" and info.data.get("ends") is not None:
            raise ValueError("give ends or duration, not both")
        starts = info.data["starts"]
        if when.kind != "datetime" and starts is None:
            raise ValueError(f"the meeting has no start time; write when: {format_date(when)} kl. 10.00, "
                             "or starts: 10.00")
        start = when.as_datetime() if when.kind == "datetime" else dt.datetime.combine(when.start, starts)
        if info.field_name == "ends":
            end = value if isinstance(value, dt.datetime) else dt.datetime.combine(start.date(), value)
            if end <= start:
                raise ValueError(f"{format_time(end.time())} is not after the meeting starts "
                                 f"({format_time(start.time())})" if end.date() == start.date() else
                                 f"{format_date(end)} is not after the meeting starts ({format_date(start)})")
        return value

    @property
    def start_time(self) -> dt.time | None:
        """The time of day the meeting starts (from ``when`` or ``starts``), or None without one."""
        if self.when.kind == "datetime":
            return dt.time(self.when.hour, self.when.minute)
        return self.starts

    @property
    def day(self) -> dt.date | None:
        """The day of a milestone that is one day (with or without a time), or None."""
        return self.when.start if self.when.kind in ("date", "datetime") else None

    @property
    def shown(self) -> When:
        """What the time plan prints for it: its ``when``, or the span of it and the days ``held`` gives.

        A network meeting of ``3. marts 2027`` held by the networks on 4 and 5
        March prints ``3.–5. marts 2027``, which is true for every network (each
        is invited to its own day); one of ``4. kvartal 2025`` held within it
        prints ``4. kvartal 2025``.
        """
        days = [h.when for h in self.held if h.when is not None]
        if all(self.when.start <= d.start and d.end <= self.when.end for d in days):
            return self.when
        start = min([self.when.start, *(d.start for d in days)])
        end = max([self.when.end, *(d.end for d in days)])
        return When.parse(f"{start.isoformat()}/{end.isoformat()}")

    @property
    def days(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day of a milestone given by its days (one day or a range of days), or None."""
        if self.when.kind in ("date", "datetime"):
            return self.when.start, self.when.start
        if self.when.kind == "range" and self.when.ends is not None and self.when.ends[0].kind == "date":
            return self.when.start, self.when.end
        return None

    @property
    def start(self) -> dt.datetime | None:
        """When the meeting starts, a day and a time (naive, local), or None without a day and a time."""
        time = self.start_time
        return dt.datetime.combine(self.when.start, time) if time is not None and self.day is not None else None

    @property
    def end(self) -> dt.datetime | None:
        """When the meeting ends (``ends``, or its start and ``duration``), or None when neither says."""
        start = self.start
        if start is None:
            return None
        if self.duration is not None:
            return start + self.duration
        if isinstance(self.ends, dt.datetime):
            return self.ends
        if isinstance(self.ends, dt.time):
            return dt.datetime.combine(start.date(), self.ends)
        return None


class MeetingKind(Model):
    """A kind of meeting whose Danish plural and gender (or definite form) kldocs cannot tell by itself."""

    noun: NonEmpty = Field(description="The singular, as a milestone's meeting names it.", examples=["læringslab"])
    plural: NonEmpty = Field(description="The plural: 'fem læringslabs'.", examples=["læringslabs"])
    article: Literal["en", "et"] = Field(description="en or et: 'et læringslab'.", examples=["et"])
    definite: NonEmpty | None = Field(
        None,
        description="For a noun with an adjective before it, the singular after 'det' or 'den', as the "
                    "invitations name the numbered meetings: 'det politiske topmøde' ('Invitation til "
                    "1. politiske topmøde'). Left out, kldocs inflects the adjective itself, or refuses one it "
                    "cannot. For a noun of one word, its singular with the article at its end, where the rule "
                    "(-en, -et) does not give it: 'læringslabbet'.",
        examples=["det politiske topmøde", "læringslabbet"],
    )
    definite_plural: NonEmpty | None = Field(
        None,
        description="The plural with its article, where the rule (the plural and -ne or -ene) does not give it: "
                    "'op til to politikere ved læringslabbene'. Left out, kldocs makes it so.",
        examples=["læringslabbene"],
    )

    @model_validator(mode="after")
    def _definite_fits(self) -> MeetingKind:
        self._weak()
        return self

    def _weak(self) -> str | None:
        """The singular after ``det``/``den`` (``politiske topmøde``), or None for a noun of one word.

        Of a noun of one word, a ``definite`` given is checked to be the noun with its article at its end.
        """
        words, article = self.noun.split(), "det" if self.article == "et" else "den"
        if self.definite is None:
            try:
                return weak_form(self.noun)
            except ValueError as exc:
                raise ValueError(f"{exc}; give its definite form as well, e.g. definite: {article} "
                                 f"{' '.join(w if w.endswith('e') else w + 'e' for w in words[:-1])} "
                                 f"{words[-1]}") from None
        given = self.definite.split()
        if given[0].casefold() in ("det", "den"):
            if given[0].casefold() != article:
                raise ValueError(f"definite: {self.definite!r} begins with {given[0]!r}, but a noun with "
                                 f"article {self.article} takes {article!r}")
            given = given[1:]
        if len(words) < 2:
            ending = "et" if self.article == "et" else "en"
            if len(given) != 1 or given[0] != self.definite or not self.definite.casefold().startswith(
                    self.noun.casefold()) or not self.definite.endswith(ending[-1]):
                raise ValueError(f"definite: {self.definite!r} is not {self.noun!r} with its article at its end: "
                                 f"a noun of one word takes it as one word ({self.noun}{ending})")
            return None
        if len(given) != len(words) or given[-1].casefold() != words[-1].casefold():
            raise ValueError(f"definite: {self.definite!r} is not {self.noun!r} after {article!r}: the adjectives "
                             f"take their definite form and the noun stays as it is ({article} "
                             f"{' '.join(['…'] * (len(words) - 1))} {words[-1]})")
        return " ".join(given)

    @property
    def as_noun(self) -> Noun:
        """The noun, for counting and for numbering: ``fem læringslabs``, ``det 1. politiske topmøde``."""
        suffixed = self.definite if len(self.noun.split()) < 2 else None
        return Noun(self.noun, self.plural, self.article == "et", self._weak(), self.definite_plural, suffixed)


def _kind_example(word: str) -> str:
    """What a kind of meeting kldocs cannot inflect needs under meeting_kinds, with a guess at it to correct.

    ``its plural and article, e.g. {noun: læringslab, plural: læringslaber, article: en}``; for a noun
    with an adjective before it, the definite form too (the noun's own plural and gender where known).
    """
    words = word.split()
    if len(words) < 2:
        return f"its plural and article, e.g. {{noun: {word}, plural: {word}er, article: en}}"
    try:
        head = noun(words[-1])
    except ValueError:
        head = Noun(words[-1], words[-1] + "er", False)
    adjectives = " ".join(w if w.endswith("e") else w + "e" for w in words[:-1])
    return (f"its plural, definite form and article, e.g. {{noun: {' '.join(words)}, "
            f"plural: {adjectives} {head.plural}, definite: {head.pronoun} {adjectives} {head.singular}, "
            f"article: {'et' if head.neuter else 'en'}}}")


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

    _without: dict[frozenset[int], Timeline] = PrivateAttr(default_factory=dict)
    """The time plans :meth:`without` made, by the milestones left out."""

    heading: str | None = Field(
        None, description="The heading of the time plan's section; left out, 'Tidsplan'.", examples=["Tidsplan"],
    )
    intro: Text = ()
    start: PeriodEnd = Field(description="When the partnership starts, as precisely as it is known: "
                                         "'august 2021', '2021-08', 'andet halvår 2025'.")
    end: PeriodEnd = Field(description="When it ends: 'marts 2022', '2022-03', 'andet halvår 2027'.")
    note: Text = ()
    state_period: YesNo = Field(
        True, description="Whether the time plan's opening states the period ('Partnerskabet løber fra august 2021 "
                          "til marts 2022.', between intro and note); nej when the intro says it.",
        examples=["nej"],
    )
    milestones: tuple[Milestone, ...] = Field(
        (),
        description="The lines of the time plan in order, each with when and text: deadlines, meetings and other "
                    "steps. One given after another that begins when it is already over is moved before it; a span "
                    "and a day within it, or spans that overlap, stay in the order given. Left out, there are none.",
        examples=[[{"when": "2021-08-16 12:00", "text": "Deadline for tilmelding", "kind": "deadline"},
                   {"when": "2021-09-14", "text": "Partnerskabsmøde 1 – afholdes fysisk", "kind": "meeting",
                    "place": "KL-Huset", "address": "Weidekampsgade 10, 2300 København S", "starts": "10.00",
                    "ends": "15.30"}]],
    )
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
                    "(it knows compounds of møde, seminar, konference, besøg, workshop, dag and more, and the common "
                    "adjectives before them: 'fagligt seminar', 'politisk topmøde'); after an adjective it does not "
                    "know, their definite form too.",
    )

    @property
    def in_one_paragraph(self) -> bool:
        """Whether intro and note are a paragraph each (or none): the opening is then one paragraph.

        As KL's letters print it, the period between them; else their
        paragraphs and lists are printed as they are written.
        """
        return all(len(text) <= 1 and not any(b.is_list for b in text) for text in (self.intro, self.note))

    @property
    def period_sentence(self) -> str:
        """``Partnerskabet løber fra august 2021 til marts 2022.``, or nothing when the programme says not to."""
        return f"Partnerskabet løber fra {format_period(self.start, self.end)}." if self.state_period else ""

    @property
    def opening(self) -> tuple[str, ...]:
        """The opening as one paragraph holds it, in order: the intro, the period, the note (see in_one_paragraph)."""
        return tuple(t for t in (*(b.text for b in self.intro), self.period_sentence, *(b.text for b in self.note))
                     if t)

    def held_outside(self, milestone: Milestone) -> str | None:
        """What is wrong when ``held`` gives a day to a network the meeting is not for (``networks: [1, 3]``).

        Of the networks by number: those named by a member are checked once a
        line-up numbers them (:meth:`Milestone.numbered_by`).
        """
        which = self.networks_of(milestone)
        if isinstance(which, str) or not (outside := sorted(set(milestone.held_networks) - set(which))):
            return None
        return (f"network {' and '.join(map(str, outside))} does not hold this meeting "
                f"(networks: {', '.join(map(str, which))})")

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
        for i, milestone in enumerate(self.milestones):
            if not milestone.held:
                continue
            which = self.networks_of(milestone)
            if which == TOGETHER:
                raise ValueError(f"milestones[{i}].held: the networks hold this {self.noun_of(milestone).singular} "
                                 "together, so it has one day and place; held is for a meeting each network holds "
                                 "on its own (networks: alle)")
            if outside := self.held_outside(milestone):
                raise ValueError(f"milestones[{i}].held: {outside}")
        named: dict[str, int] = {}
        for i, milestone in enumerate(self.milestones):
            if milestone.kind != "meeting":
                continue
            identity = self.meeting_id(milestone)
            if identity in named:
                raise ValueError(f"milestones[{i}].id: {identity!r} names milestones[{named[identity]}] too; "
                                 "give each meeting an id of its own")
            named[identity] = i
        return self

    def meeting_id(self, milestone: Milestone) -> str:
        """The meeting's lasting name: its ``id``, or its kind and number among the meetings of its kind.

        ``partnerskabsmoede-2`` is the second partnerskabsmøde in calendar
        order, counting those without a day yet, so the name does not change
        when a date does (unless the meetings change order).
        """
        if milestone.id is not None:
            return slugify(milestone.id) or milestone.id
        kind = self.noun_of(milestone).singular.casefold()
        same = [m for m in self.meetings if self.noun_of(m).singular.casefold() == kind]  # as its title counts it
        number = next((i for i, m in enumerate(same, start=1) if m is milestone), None)
        if number is None:  # a milestone equal to one of the plan's, not the plan's own
            number = next(i for i, m in enumerate(same, start=1) if m == milestone)
        return f"{slugify(kind) or 'moede'}-{number}"

    def networks_of(self, milestone: Milestone) -> str | tuple[int, ...]:
        """Which networks a meeting is for: :data:`EACH`, :data:`TOGETHER`, or the numbers of some networks.

        By default a network meeting (a kind of meeting with "netværk" in its
        name) is held by every network on its own, any other by all together.
        """
        if milestone.networks is not None:
            return milestone.networks
        return EACH if "netværk" in self.noun_of(milestone).singular.casefold() else TOGETHER

    def noun_of(self, milestone: Milestone | None) -> Noun:
        """The noun a meeting is counted by (the default meeting's for None); a ValueError if it cannot be inflected."""
        word = (milestone.meeting if milestone is not None else None) or self.default_meeting
        for kind in self.meeting_kinds:
            if kind.noun.casefold() == word.casefold():
                return kind.as_noun
        try:
            return noun(word)
        except ValueError as exc:
            raise ValueError(f"{exc}; add it under timeline.meeting_kinds with {_kind_example(word)}") from None

    @property
    def sorted_milestones(self) -> tuple[Milestone, ...]:
        """Milestones in calendar order, and in the programme's order where the calendar gives none.

        One that is over before another begins comes first; a span and a day
        within it (``3. kvartal 2025`` and ``25. september 2025``), or spans
        that overlap, stay in the order the programme gives (see
        :func:`~kldocs.danish.when.in_calendar_order`).
        """
        return tuple(in_calendar_order(self.milestones, lambda m: m.when))

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

    def without(self, left_out: Collection[int]) -> Timeline:
        """The time plan without the milestones numbered ``left_out`` (their indices in :attr:`milestones`).

        Made once for each set and kept, so that every document of a batch
        gets the same object, and what a batch renders once from the time plan
        (:mod:`kldocs.engine.pieces`) is not rendered again for each.
        """
        key = frozenset(left_out)
        if not key:
            return self
        kept = self._without.get(key)
        if kept is None:
            milestones = tuple(m for i, m in enumerate(self.milestones) if i not in key)
            kept = self._without[key] = self.model_copy(update={"milestones": milestones})
            kept._without = {}  # its own: the indices are of its milestones, not of these
        return kept

    def networks_by_number(self) -> list[str]:
        """Where the time plan names a network by its number: ``timeline.milestones[3].held[0].networks (2)``.

        A number names whatever municipalities the line-up gives it; a
        line-up composed again on each run may give it others.
        """
        found = []
        for i, m in enumerate(self.milestones):
            if isinstance(m.networks, tuple) and m.networks:
                found.append(f"timeline.milestones[{i}].networks ({', '.join(map(str, m.networks))})")
            for j, held in enumerate(m.held):
                numbers = [str(n) for n in held.networks if isinstance(n, int)]
                if numbers:
                    found.append(f"timeline.milestones[{i}].held[{j}].networks ({', '.join(numbers)})")
        return found

    def unmarked_meetings(self) -> list[str]:
        """Milestones that name a kind of meeting of the plan in their text but are not meetings, as notes.

        ``Tredje og fjerde netværksmøde`` left without ``kind: meeting`` is no
        meeting to kldocs: the summary does not count it, and no invitation is
        written to it. A deadline (``Frist for tilmelding til temadagen``) is
        not noted. It is a note, not a problem: ``Forberedelse af
        netværksmøderne`` may be just that.
        """
        nouns: list[Noun] = list(self.kinds_of_meeting)
        with contextlib.suppress(ValueError):
            nouns.append(self.noun_of(None))
        words = {w.casefold() for n in nouns for w in (n.singular, n.plural)}
        notes = []
        for i, m in enumerate(self.milestones):
            if m.kind != "other":  # a meeting is one, and a deadline may speak of one
                continue
            text = m.text.casefold()
            named = sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}", text))
            if named:
                notes.append(f"timeline.milestones[{i}] ('{m.text}') names a {named[0]} but is not a meeting: the "
                             "summary does not count it and no invitation is written to it; if it is one, give it "
                             "kind: meeting (one milestone for each meeting)")
        return notes

    @property
    def kinds_of_meeting(self) -> tuple[Noun, ...]:
        """The kinds of meeting in the plan, in the order they first meet."""
        return tuple(kind for kind, _ in self.meeting_counts())

    @property
    def groups(self) -> tuple[TimelineGroup, ...]:
        """The milestones as the time-plan table groups them (``group_by``), groups and milestones in calendar order.

        A milestone belongs to the half-year or year it starts in (a week to
        the one its Thursday is in: the year that numbers it). Grouped by
        half-year, one for a whole year (``2026``, ``2027–2029``) stands under
        a heading of its year alone, before the year's halves: under
        ``2026 – første halvår`` it would read as belonging to that half.
        """
        if self.group_by == "none":
            if not self.milestones:
                return ()
            return (TimelineGroup.model_construct(year=None, half=None, label=None, milestones=self.sorted_milestones),)
        by_half = self.group_by == "half-year"
        omit = self.repeat_year is False if by_half else self.repeat_year is not True
        groups: dict[tuple[int, int], list[Milestone]] = {}
        for m in self.sorted_milestones:
            year, half = m.when.placed_in
            whole = (m.when.ends[0] if m.when.ends is not None else m.when).kind == "year"
            groups.setdefault((year, half if by_half and not whole else 0), []).append(m)
        return tuple(  # made of validated milestones, so not validated again (nor pydantic's validator built)
            TimelineGroup.model_construct(
                year=y, half=h or None, label=half_year_label(y, h) if h else str(y),
                omit_year=y if omit else None, milestones=tuple(ms),
            )
            for (y, h), ms in sorted(groups.items(), key=lambda item: item[0])
        )
