"""The time plan: the partnership's period, its milestones and meetings, grouped as the programme chooses."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, WithJsonSchema, model_validator

from kldocs.danish.formatting import Noun, counts_text, half_year_label, noun
from kldocs.danish.when import EXAMPLES, FORMS, When
from kldocs.inputs.fieldtypes import Model, NonEmpty, Text, WhenField, YesNo

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
