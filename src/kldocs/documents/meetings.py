"""Meeting invitations: for every meeting of the time plan with a day and a place, an invitation and a calendar file.

The kind :class:`Meetings` writes, for every meeting of the time plan that
has a day (with or without a time) and a place — a network meeting once per
network it is for, a seminar or conference once for all (see
:meth:`kldocs.inputs.timeline.Timeline.networks_of`) — three files:

- ``<meeting>.docx``: the invitation in the house style, naming what, when
  and where, and the municipalities invited with their registered contact
  persons (grouped by network for a meeting for all);
- ``<meeting>.ics``: the meeting as a calendar event (RFC 5545, through the
  ``icalendar`` package): ``METHOD:REQUEST``, its times in Europe/Copenhagen
  with the zone's definition, the programme's responsible contact as the
  organizer and the registered contacts as attendees;
- ``<meeting>-deltagere.xlsx``: the participant list, one row per
  participant each municipality registered (its contact person first), with
  a column to tick attendance, for the door and the name tags.

``<meeting>`` is the meeting's lasting name (``partnerskabsmoede-1``, or
``netvaerksmoede-2-netvaerk-3`` for one network), never its date, and so is
the event's UID: when a meeting moves, the next run (with ``--force``)
replaces its files, and Outlook updates the event it has. Its ``SEQUENCE``
grows by one each time the event changes: it is read from the calendar file
of the same UID that the previous run wrote into the output folder (its
manifest), and kept when nothing changed. A meeting without an ``id`` is named
by its number among its kind, so one added or removed before meetings
already sent would hand their events to others: that run is refused (see
:func:`taken_events`). With ``--eml`` an e-mail draft to
the registered contacts goes beside each invitation, with the invitation
(its PDF, or the .docx) and the calendar file attached.

The networks are those of the programme folder's ``networks.csv``, else the
``networks.csv`` that ``kldocs networks`` (or ``kldocs build``) wrote beside
the output folder (``out/networks`` beside ``out/meetings``), else the
line-up kldocs composes, as ``kldocs networks`` would.

The invitation's template sees ``program`` and ``meeting`` (a :class:`MeetingView`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kldocs.danish.filenames import attachment_name
from kldocs.danish.formatting import (
    NBSP,
    Noun,
    and_list,
    capfirst,
    danish_sort_key,
    format_date,
    format_time,
    format_weekday_date,
    lower_first,
    spell,
)
from kldocs.documents.kinds import (
    Audience,
    Kind,
    Options,
    Plan,
    Record,
    _Made,
    check_records,
    checked_registrations,
    needs_registrations,
    source,
)
from kldocs.engine.inline import RichText, Run
from kldocs.engine.output import MANIFEST, OutputFile, another_partnership, data_hash, document, read_manifest
from kldocs.engine.template import CoreProperties
from kldocs.engine.workbook import DATE_FORMAT, append_row, print_as_list, print_header, workbook_bytes
from kldocs.english import counted, joined, plain
from kldocs.errors import InputError, KldocsError, Problem, Report
from kldocs.inputs.fieldtypes import TextBlock
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import PROGRAM_FILE, Contact, Program, program_place
from kldocs.inputs.registrations import Registration
from kldocs.inputs.signup import ParticipantGroup
from kldocs.inputs.timeline import TOGETHER, Milestone
from kldocs.networks.lineup import LINEUP_FILE, Lineup, Network

KIND = "meeting"
TEMPLATE = "meeting.docx"
ICS_KIND = "meeting-ics"
LIST_KIND = "meeting-participants"
EML_KIND = "meeting-eml"
ZONE = "Europe/Copenhagen"
"""The time zone of every meeting's times."""
LIST_SUFFIX = "-deltagere.xlsx"
"""What a participant list's file name ends in: ``partnerskabsmoede-1-deltagere.xlsx``."""
GENERATOR = "kldocs meetings"
MOVED_PROPERTY = "X-KLDOCS-MOVED"
"""The calendar event's property that says what of a moved meeting changed: ``time``, ``place`` or ``time,place``."""
BEFORE_PROPERTY = "X-KLDOCS-BEFORE"
"""The calendar event's property that says what a moved meeting's time and place were, as the letter says it."""
ICS_BYTES = 1 << 20
"""The largest calendar file of an earlier run that is read for its SEQUENCE."""


# -- which meetings, for whom ------------------------------------------------------------------


@dataclass(frozen=True)
class Moved:
    """What changed of a meeting since its invitation was sent (its time, its place or both), and what it was."""

    time: bool
    place: bool
    before: str
    """What the earlier invitation said of what changed: ``torsdag den 7. oktober 2027 kl. 9.30–11.30, Svendborg
    Rådhus``; the time alone, or the place alone, when only that changed; empty when neither did."""
    link: bool = False
    """Whether the link to join online changed: for a meeting held online, the way in is its place."""

    def notice(self, now: str) -> str:
        """The sentences saying so, ``now`` what the invitation says of what changed, as :attr:`before` is given.

        ``Mødet er flyttet fra torsdag den 7. oktober 2027 kl. 9.30–11.30, Svendborg Rådhus, til torsdag den
        14. oktober 2027 kl. 12.00–14.00, Middelfart Rådhus.``, and ``Linket til mødet er ændret.`` after it or
        alone.
        """
        said = []
        if self.time or self.place:
            comma = "," if self.time and self.place else ""  # the time and the place in one: a comma after the place
            said.append(f"Mødet er flyttet fra {_in_a_sentence(self.before)}{comma} til {_in_a_sentence(now)}.")
        if self.link:
            said.append("Linket til mødet er ændret.")
        return " ".join(said)


def _in_a_sentence(where: str) -> str:
    """A time and place as a sentence says them: a meeting held online is held ``online``, not ``Online``."""
    if where == ONLINE:
        return ONLINE.lower()
    return where.removesuffix(f", {ONLINE}") + f", {ONLINE.lower()}" if where.endswith(f", {ONLINE}") else where


@dataclass(frozen=True)
class Gathering:
    """One meeting of the time plan for one network, or for all: what is invited and who."""

    milestone: Milestone
    index: int
    """Where the milestone is in ``timeline.milestones``, for messages."""
    identity: str
    """The meeting's lasting name: ``partnerskabsmoede-1``."""
    number: int | None
    """Its number among the meetings of its kind (``2`` for the second netværksmøde); None when it is the only one."""
    noun: Noun
    network: Network | None
    """The network it is for; None for a meeting for all."""
    groups: tuple[tuple[Network | None, tuple[Registration, ...]], ...]
    """The invited, by network (one group, without a network, for a meeting of one network or without a line-up)."""
    sent: dt.date | None = None
    """The day the invitation is sent (``--date``): the letter's date and the e-mail's; None when not given."""
    moved: Moved | None = None
    """How the meeting has moved since the invitation the output folder holds was written; None if it has not."""

    def made(self, program: Program) -> dt.datetime:
        """The moment its files say they were made: the day it is sent at noon, else the programme's letter date's."""
        if self.sent is None:
            return program.created
        return dt.datetime(self.sent.year, self.sent.month, self.sent.day, 12, 0, tzinfo=dt.UTC)

    @property
    def stem(self) -> str:
        """The file name without its suffix: ``partnerskabsmoede-1``, ``netvaerksmoede-2-netvaerk-3``."""
        return self.identity + (f"-netvaerk-{self.network.number}" if self.network is not None else "")

    @property
    def members(self) -> tuple[Registration, ...]:
        """Every registered municipality invited, in the order of the groups."""
        return tuple(r for _, members in self.groups for r in members)

    @property
    def name(self) -> str:
        """What the meeting is called in a sentence: ``1. partnerskabsmøde``, ``1. politiske topmøde``, ``seminar``."""
        return self.noun.nth(self.number) if self.number is not None else self.noun.singular

    @property
    def named_in_a_sentence(self) -> str:
        """Its name with the article Danish puts before it: ``det første partnerskabsmøde``, ``en konference``."""
        if self.number is not None:
            return f"{'det' if self.noun.neuter else 'den'} {self.noun.nth(self.number, words=True)}"
        return f"{'et' if self.noun.neuter else 'en'} {self.name}"

    @property
    def label(self) -> str:
        """How messages and the summary name it: ``1. partnerskabsmøde``, ``2. netværksmøde i netværk 3``."""
        return self.name + (f" i netværk {self.network.number}" if self.network is not None else "")


def numbered_networks(folder: Folder) -> list[str]:
    """A note for each network the time plan names by number while the line-up is composed anew on each run."""
    if (folder.path / LINEUP_FILE).is_file():  # the line-up is kept: its numbers stay
        return []
    return [f"{where} names a network by its number, but the line-up is composed again on each run (the folder "
            f"has no {LINEUP_FILE}), so the number may name other municipalities next time: in held, name a "
            f"network by one of its members (networks: [Odense]), or keep the line-up by copying "
            f"out/networks/{LINEUP_FILE} into the folder"
            for where in folder.program.timeline.networks_by_number()]


def ready(milestone: Milestone) -> bool:
    """True for a meeting the invitations can be written for: it has its days and a place, or some networks do."""
    return _day_and_place(milestone) or any(_day_and_place(m) for m in milestone.held_meetings)


def _day_and_place(milestone: Milestone) -> bool:
    return milestone.kind == "meeting" and milestone.days is not None and _placed(milestone)


def _placed(milestone: Milestone) -> bool:
    """Whether the meeting has a place: a venue, or a way to meet online (``online``, held online only)."""
    return milestone.place is not None or bool(milestone.online)


def waiting_notes(program: Program, lineup: Lineup) -> list[str]:
    """A line for the meetings of the time plan that get no invitation yet, by what they lack (a day, a place)."""
    waiting: dict[tuple[str, ...], list[str]] = {}
    first_day: dict[tuple[str, ...], dt.date] = {}  # an example of a day in 'when': the first such meeting's own
    for milestone in program.timeline.meetings:
        if ready(milestone):
            continue
        needs = tuple(what for what, missing in (("a day", milestone.days is None),
                                                 ("a place", not _placed(milestone))) if missing)
        waiting.setdefault(needs, []).append(f"{milestone.text} ({format_date(milestone.when)})")
        first_day.setdefault(needs, _a_working_day(milestone.when.start, milestone.when.end))
    notes = []
    network_of = _network_of(lineup)
    for milestone in program.timeline.meetings:
        with contextlib.suppress(ValueError):  # a municipality in no network: gatherings() says so
            milestone = milestone.numbered_by(network_of)  # as the line-up numbers its networks
        which = program.timeline.networks_of(milestone)
        numbers = [n.number for n in lineup.networks] if isinstance(which, str) else list(which)
        lacking = [n for n in numbers if not _day_and_place(milestone.for_network(n))]
        if milestone.held and lacking:
            notes.append(f"No invitation yet to {milestone.text} ({format_date(milestone.when)}) in "
                         f"{'netværk' if len(lacking) == 1 else 'netværkene'} {joined(map(str, lacking))}: "
                         f"held gives {'it' if len(lacking) == 1 else 'them'} no day and place")
    place = next((m.place for m in program.timeline.meetings if m.place), "Rådhuset")  # the plan's own, if any

    def shown(what: str, needs: tuple[str, ...]) -> str:
        return f"{what} (when: {format_date(first_day[needs])})" if what == "a day" else f"{what} (place: {place})"

    return notes + [f"No invitation yet to {joined(meetings)}: {'it needs' if len(meetings) == 1 else 'each needs'} "
                    f"{' and '.join(shown(what, needs) for what in needs)} under timeline.milestones"
                    for needs, meetings in waiting.items()]


_NO_MEETING_DAYS = {(1, 1), (12, 24), (12, 25), (12, 26), (12, 31)}
"""Days of the year no meeting is held on, whatever the weekday: New Year's Day and Christmas."""


def _a_working_day(first: dt.date, last: dt.date) -> dt.date:
    """The first day from ``first`` to ``last`` a meeting may be held on, for an example: a weekday, not a holiday."""
    day = first
    while day <= last:
        if day.weekday() < 5 and (day.month, day.day) not in _NO_MEETING_DAYS:
            return day
        day += dt.timedelta(days=1)
    return first


def _network_of(lineup: Lineup) -> dict[str, int]:
    """The number of each member's network, by the member's name: for ``held`` naming networks by a member."""
    return {r.municipality.name: network.number for network in lineup.networks for r in network.members}


def gatherings(program: Program, lineup: Lineup, sent: dt.date | None = None, *,
               folder: Path | None = None) -> list[Gathering]:
    """Every meeting to invite to, in calendar order, once per network it is held for (see the module).

    Raises InputError naming each meeting for a network the line-up does not have, at its line of
    ``program.yaml`` in ``folder`` when given.
    """

    def where(index: int, field: str | None = None, at: str = "held") -> str:
        """``program.yaml, line 193, timeline.milestones[3].held``: the line of ``field`` (or of ``at``)."""
        loc: tuple[str | int, ...] = ("timeline", "milestones", index, field or at)
        place = program_place(folder, loc) if folder is not None else PROGRAM_FILE
        return f"{place}, timeline.milestones[{index}]" + (f".{field}" if field else "")

    timeline = program.timeline
    networks = {n.number: n for n in lineup.networks}
    everyone = tuple(sorted((r for n in lineup.networks for r in n.members),
                            key=lambda r: danish_sort_key(r.municipality.name)))
    found: list[Gathering] = []
    problems: list[Problem] = []
    network_of = _network_of(lineup)
    for milestone in timeline.meetings:
        if not ready(milestone):
            continue
        index = next(i for i, m in enumerate(timeline.milestones) if m is milestone)
        noun = timeline.noun_of(milestone)
        same = [m for m in timeline.meetings if timeline.noun_of(m).singular.casefold() == noun.singular.casefold()]
        number = next(i for i, m in enumerate(same, start=1) if m is milestone) if len(same) > 1 else None
        made = functools.partial(Gathering, index=index, identity=timeline.meeting_id(milestone), number=number,
                                 noun=noun, sent=sent)
        which = timeline.networks_of(milestone)
        if which == TOGETHER:
            groups: tuple[tuple[Network | None, tuple[Registration, ...]], ...] = (
                tuple((n, n.members) for n in lineup.networks) if len(lineup) > 1 else ((None, everyone),)
            )
            found.append(made(milestone=milestone, network=None, groups=groups))
            continue
        numbers = sorted(networks) if isinstance(which, str) else list(which)  # EACH, or some networks
        missing = [n for n in numbers if n not in networks]
        try:
            milestone = milestone.numbered_by(network_of)  # as the line-up numbers its networks
        except ValueError as exc:
            problems.append(Problem(where(index), str(exc)))
            continue
        if outside := timeline.held_outside(milestone):  # one named by a member, numbered only now
            problems.append(Problem(where(index, "held"), outside))
            continue
        strays = [n for n in milestone.held_networks if n not in networks]
        for field, absent in (("networks", missing), ("held", strays)):
            if absent:
                problems.append(Problem(
                    where(index, field),
                    f"there is no network {' or '.join(str(n) for n in absent)}; the line-up has "
                    f"{counted(len(networks), 'network')} ({', '.join(str(n) for n in sorted(networks))})",
                ))
        if missing or strays:
            continue
        held = [(n, milestone.for_network(n)) for n in numbers]  # each network's own day and place, where held says
        found += [made(milestone=m, network=networks[n], groups=((None, networks[n].members),))
                  for n, m in held if _day_and_place(m)]
    if problems:
        raise InputError(problems)
    return found


def to_invite(program: Program, found: Sequence[Gathering],
              sent: dt.date | None = None) -> tuple[list[Gathering], list[str]]:
    """The gatherings to write invitations to, and a line for each of the others, saying why it is left out.

    Left out are a meeting that no one registered comes to (no politicians
    registered, to a meeting for politicians), whose table would be empty,
    and one held before the day the invitations are sent (``sent``), which
    an invitation would be dated after. Either is written once that changes.
    """
    invited: list[Gathering] = []
    left: list[str] = []
    for g in found:
        first = g.milestone.days[0] if g.milestone.days else None
        if not any(headcount(program, g, r) for r in g.members):
            left.append(f"No invitation to {g.label}: no registered municipality sends anyone to it")
        elif sent is not None and first is not None and first < sent:
            left.append(f"No invitation to {g.label}: it is held on {format_date(first)}, before --date "
                        f"{format_date(sent)}")
        else:
            invited.append(g)
    return invited, left


# -- what an invitation says -------------------------------------------------------------------


def when_text(milestone: Milestone) -> str:
    """When, as the invitation writes it: ``tirsdag den 14. september 2021 kl. 10.00–15.30``."""
    start, end = milestone.start, milestone.end
    if start is None:
        days = milestone.days
        assert days is not None  # only a meeting with its days is invited to
        return format_weekday_date(days[0]) if days[0] == days[1] else format_date(milestone.when)
    return _between(start, end)


def _between(start: dt.datetime, end: dt.datetime | None) -> str:
    """:func:`when_text` of a meeting with a time: ``tirsdag den 14. september 2021 kl. 10.00–15.30``."""
    day = format_weekday_date(start.date())
    if end is None:
        return f"{day} {format_time(start.time())}"
    if end.date() == start.date():
        return f"{day} {format_time(start.time())}–{format_time(end.time(), kl=False)}"
    return f"{day} {format_time(start.time())} til {format_weekday_date(end.date())} {format_time(end.time())}"


def event_when_text(start: dt.date, end: dt.date | None) -> str:
    """:func:`when_text` of a calendar event's DTSTART and DTEND (an earlier invitation's), in Danish time."""
    from zoneinfo import ZoneInfo

    def local(moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(ZoneInfo(ZONE)).replace(tzinfo=None) if moment.tzinfo else moment

    if isinstance(start, dt.datetime):
        return _between(local(start), local(end) if isinstance(end, dt.datetime) else None)
    last = end - dt.timedelta(days=1) if end is not None and end > start else start  # DTEND: the day after
    first_day = format_weekday_date(start)
    return first_day if last == start else f"{first_day} til {format_weekday_date(last)}"


ONLINE = "Online"
"""Where a meeting held online only is (``online`` without a place)."""


def place_text(milestone: Milestone) -> str:
    """Where: ``KL-Huset, Weidekampsgade 10, 2300 København S``, the place alone (``Virtuelt (Teams)``), or Online."""
    if milestone.place is None and milestone.online:
        return ONLINE
    return ", ".join(part for part in (milestone.place, milestone.address) if part)


SHORT_LINK = 60
"""The longest link to join online that an invitation prints as it is; a longer one (a Teams link runs to 200
characters of code) is a link under words that say what it is."""


LINK_FOLLOWS = "Linket til mødet sendes inden mødet."
"""What an invitation says of a meeting online whose link is not yet given (``online: ja``)."""


def online_text(milestone: Milestone) -> RichText | str:
    """The invitation's line on taking part online, after "Online:": the link, or that it follows; empty if none.

    A short link (``https://kl.zoom.us/j/81234567``) is printed as it is, a
    longer one under ``Deltag i mødet online her`` (a PDF is read on a screen,
    where the link is clicked).
    """
    link = milestone.online
    if not link:
        return ""
    if link is True:
        return LINK_FOLLOWS
    return RichText([Run(link if len(link) <= SHORT_LINK else "Deltag i mødet online her", link=link)])


def online_plain(milestone: Milestone) -> str:
    """:func:`online_text` as an e-mail and a calendar event write it: the link in full, which they make clickable."""
    link = milestone.online
    return "" if not link else LINK_FOLLOWS if link is True else link


@dataclass(frozen=True)
class Invited:
    """One invited municipality as the invitation lists it: its name and its registered contact person."""

    municipality: str
    contact: str
    """``Mette Søndergaard, dagtilbudschef``."""
    participants: int
    of_whom: str = ""
    """Who of the participants are not staff: ``heraf 2 politikere``, or ``2 politikere`` where no staff come."""
    whole: bool = False
    """Whether :attr:`of_whom` names everyone who comes: no staff come to a meeting of this kind."""
    groups: int = 0
    """How many groups :attr:`of_whom` names: ``2 politikere og 1 leder`` two."""

    @property
    def people(self) -> str:
        """The invitation's count: ``7``, ``7 (heraf 2 politikere)``, ``3 (2 politikere og 1 leder)``, ``2 politikere``.

        One group coming alone is named with its count (``2 politikere``), so
        a reader does not take a count of politicians for one of staff.
        """
        if not self.of_whom:
            return str(self.participants)
        if self.whole and self._one_group:
            return self.of_whom
        return f"{self.participants} ({self.of_whom})"

    @property
    def in_words(self) -> str:
        """The count in a sentence: ``7 deltagere, heraf 2 politikere``, ``3 deltagere: 2 politikere og 1 leder``."""
        counted = f"{self.participants} deltager{'' if self.participants == 1 else 'e'}"
        if not self.of_whom:
            return counted
        if self.whole:
            return self.of_whom if self._one_group else f"{counted}: {self.of_whom}"
        return f"{counted}, {self.of_whom}"

    @property
    def _one_group(self) -> bool:
        """Whether :attr:`of_whom` names one group only: with :attr:`whole`, its count is everyone's."""
        return self.groups == 1


@dataclass(frozen=True)
class InvitedGroup:
    """The invited of one network (``label`` ``Netværk 2``), or all of them (``label`` None)."""

    label: str | None
    members: tuple[Invited, ...]


@dataclass(frozen=True)
class MeetingView:
    """What one invitation says, as its template reads it (``meeting.title``, ``meeting.when`` and on)."""

    title: str
    """``Invitation til 1. partnerskabsmøde``, ``Invitation til 2. netværksmøde i netværk 3``."""
    lead: str
    """The first paragraph: who invites whom to what."""
    what: str
    """The meeting's line of the time plan: ``Partnerskabsmøde 1 – afholdes fysisk``."""
    when: str
    where: str
    addressee: tuple[str, ...]
    """The lines after "Til"."""
    invited: str
    """The line before the table of the invited: ``Mødet er for de otte kommuner i netværk 3. Kommunernes …``."""
    for_whom: str
    """Its first sentence, without its full stop: ``Mødet er for de otte kommuner i netværk 3``."""
    groups: tuple[InvitedGroup, ...]
    network: str | None
    """``Netværk 3`` for a network's meeting, None for a meeting for all."""
    contact: Contact
    """Whom to ask: the programme's responsible contact, who signs the invitation and organises the meeting."""
    subject: str
    """The subject of the e-mail draft: the calendar event's summary, after ``Ændret:`` when the meeting moved."""
    date: dt.date | None = None
    """The day the invitation is sent (``--date``), for its Dato; None when not given."""
    details: tuple[TextBlock, ...] = ()
    """The milestone's own text of the meeting (``details``): its programme, link, lunch; empty without."""
    pass_on: str = "kommunens øvrige deltagere"
    """Whom the letter and the e-mail ask the contact persons to pass the invitation on to: ``kommunens
    politikere`` where only they come."""
    summary: str = ""
    """The calendar event's summary: ``2. netværksmøde i netværk 3 – Stærke børnefællesskaber``."""
    changed: str = ""
    """For a meeting moved since its invitation was sent, the sentence that says so (see :attr:`Moved.notice`)."""
    online: RichText | str = ""
    """How to take part online, after "Online:" (see :func:`online_text`); empty for a meeting not online."""
    online_plain: str = ""
    """:attr:`online` as an e-mail and a calendar event write it: the link in full."""
    online_label: str = "Online"
    """What the line of :attr:`online` is headed: ``Online`` beside a place, ``Link`` where the place is online."""



def _contact(r: Registration) -> str:
    return ", ".join(part for part in (r.contact_name, lower_first(r.contact_title or "")) if part)


def _listed(g: Gathering, groups: Sequence[InvitedGroup]) -> str:
    """The sentence before the table: who of the invited it lists, where some send no one (no politicians).

    ``Kommunernes kontaktpersoner og antal tilmeldte deltagere fremgår af
    tabellen``, or ``De fem kommuner, der har tilmeldt deltagere til mødet,
    fremgår af tabellen med kontaktperson og antal deltagere``.
    """
    listed = [m for group in groups for m in group.members]
    if len(listed) == len(g.members):
        return ("Kommunens kontaktperson" if len(listed) == 1 else "Kommunernes kontaktpersoner") + \
            " og antal tilmeldte deltagere fremgår af tabellen"
    if len(listed) == 1:
        return (f"Kun {listed[0].municipality} har tilmeldt deltagere til mødet. Kommunens kontaktperson "
                "og antal tilmeldte deltagere fremgår af tabellen")
    return (f"De {spell(len(listed))} kommuner, der har tilmeldt deltagere til mødet, fremgår af tabellen "
            "med kontaktperson og antal deltagere")


def meeting_view(program: Program, g: Gathering) -> MeetingView:
    """What the invitation to ``g`` says: Danish as a civil servant writes it."""
    partnership = program.the_partnership  # after the meeting's own kind: "til det 1. politiske topmøde i …"
    count = len(g.members)
    one = g.members[0].municipality.official_name if count == 1 else None
    if g.network is not None:
        who = f"kommunerne i netværk {g.network.number}"
        for_whom = f"Mødet er for {one or f'de {spell(count)} kommuner'} i netværk {g.network.number}"
        addressee = f"Deltagerne i netværk {g.network.number}"
    else:
        who = "de deltagende kommuner"
        for_whom = (f"Mødet er for {one}, partnerskabets eneste kommune" if one else
                    f"Mødet er for alle {spell(count)} kommuner i partnerskabet")
        addressee = f"Deltagerne i {partnership}"
    groups = tuple(InvitedGroup(network.name if network is not None else None, coming)
                   for network, members in g.groups if (coming := _coming(program, g, members)))
    listed = _listed(g, groups)
    by_network = g.network is None and len(groups) > 1
    invited = f"{for_whom}. {listed}{', opdelt på netværk:' if by_network else ':'}"
    lead = f"{program.sender.name} inviterer hermed {who} til {g.named_in_a_sentence} i {partnership}."
    staff = program.participants.staff
    # a group that comes to some meetings only (politicians to a conference) is told it is asked to this one
    also = [group.as_noun.plural for group in program.participants.groups
            if group is not staff and group.meetings and group.takes_part_in(g.noun.singular)]
    pass_on = "kommunens øvrige deltagere"
    if also and staff.takes_part_in(g.noun.singular):
        lead += f" Til {g.noun.definite} er også kommunernes {and_list(also)} inviteret."
    elif also:  # only they come (politicians to a theme day): the contact person passes it on to them
        lead += f" {capfirst(g.noun.definite)} er for kommunernes {and_list(also)}."
        pass_on = f"kommunens {and_list(also)}"
    summary = f"{capfirst(g.label)} – {program.short_title}"
    return MeetingView(
        title=f"{'Ændret invitation' if g.moved is not None else 'Invitation'} til {g.label}", lead=lead,
        what=g.milestone.text, when=when_text(g.milestone),
        where=place_text(g.milestone), addressee=(addressee,), invited=invited, for_whom=for_whom,
        groups=groups, network=g.network.name if g.network is not None else None, contact=program.responsible,
        subject=f"Ændret: {summary}" if g.moved is not None else summary, date=g.sent, details=g.milestone.details,
        pass_on=pass_on, summary=summary, changed=_moved_notice(g),
        online=online_text(g.milestone), online_plain=online_plain(g.milestone),
        online_label="Link" if place_text(g.milestone) == ONLINE else "Online",  # under 'Hvor: Online', not again
    )


def _moved_notice(g: Gathering) -> str:
    """The sentence of a moved meeting's invitation that says from what to what; empty for one not moved."""
    if g.moved is None:
        return ""
    now = [when_text(g.milestone) if g.moved.time else None, place_text(g.milestone) if g.moved.place else None]
    return g.moved.notice(", ".join(part for part in now if part))


def gathering_data(program: Program, g: Gathering) -> dict[str, Any]:
    """The data an invitation is made from, as :func:`~kldocs.engine.output.data_hash` hashes it."""
    return {
        "kind": KIND, "program": program, "meeting": g.identity, "milestone": g.milestone, "number": g.number,
        "sent": g.sent,
        "network": g.network.number if g.network is not None else None,
        "groups": [[n.number if n is not None else None,
                    [dataclasses.replace(r, row=0) for r in members]] for n, members in g.groups],
    }


def invitation_record(program: Program, g: Gathering) -> Record:
    """The record of one invitation: its file, context and document properties."""
    view = meeting_view(program, g)
    properties = CoreProperties(
        view.title, created=g.made(program), subject=program.title, keywords=program.short_title,
        author=program.sender.name, description=f"{capfirst(view.when)}, {view.where}", category="Mødeinvitation",
    )
    return Record(stem=g.stem, label=g.label, context={"program": program, "meeting": view},
                  properties=properties, digest=data_hash(gathering_data(program, g)))


# -- the calendar file -------------------------------------------------------------------------


def uid(program: Program, g: Gathering) -> str:
    """The event's lasting UID: the meeting's name, its network and the programme, never its date.

    ``partnerskabsmoede-1.sag-2021-00945@kl.dk``: the programme by its case
    id (Sags ID), or its short title, at the domain of the organizer's e-mail.
    """
    from kldocs.danish.filenames import slugify

    domain = program.responsible.email.rpartition("@")[2].lower()
    case = slugify(program.letter.case_id or "") or slugify(program.short_title) or "partnerskab"
    return f"{g.stem}.{case}@{domain}"


def _online_line(view: MeetingView) -> list[str]:
    return [f"{view.online_label}: {view.online_plain}"] if view.online_plain else []


def description_text(program: Program, view: MeetingView) -> str:
    """The event's DESCRIPTION: the line of the time plan, the invitation's lead, the invited, whom to ask."""
    invited = f"{view.for_whom}. Kontaktpersoner og tilmeldte deltagere:"  # a list, not the invitation's table
    lines = [view.what, "", *([view.changed, ""] if view.changed else []), view.lead, "",
             f"Tid: {capfirst(view.when)}", f"Sted: {view.where}", *_online_line(view), ""]
    lines += [line for block in view.details for line in (str(block.text), "")]  # its links with their addresses
    lines.append(invited)
    for group in view.groups:
        if group.label is not None:
            lines.append(f"{group.label}:")
        lines += [f"- {m.municipality}: {m.contact} ({m.in_words})" for m in group.members]
    contact = view.contact
    reach = contact.email + (f", tlf. {contact.phone}" if contact.phone else "")
    lines += ["", f"Spørgsmål til {contact.title} {contact.name}, {program.sender.name}, {reach}."]
    return "\n".join(lines)


def calendar(program: Program, g: Gathering, sequence: int = 0) -> bytes:
    """The meeting as an iCalendar file (``METHOD:REQUEST``), with the time zone's definition when it has times."""
    import icalendar

    milestone, view = g.milestone, meeting_view(program, g)
    book = icalendar.Calendar()
    book.add("prodid", f"-//{program.sender.name}//kldocs//DA")
    book.add("version", "2.0")
    book.add("calscale", "GREGORIAN")
    book.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", uid(program, g))
    event.add("dtstamp", program.created)  # not the day it is sent: a new day is no change to the event
    start, end = milestone.start, milestone.end
    event.add("dtstart", event_start(milestone))
    if (until := event_end(milestone)) is not None:
        event.add("dtend", until)
    event.add("sequence", sequence)
    # a calendar shows its own lines: the no-break spaces of the letter's dates as plain ones
    event.add("summary", plain(view.summary), parameters={"language": "da"})
    event.add("location", plain(view.where), parameters={"language": "da"})
    if isinstance(milestone.online, str):  # the link to join: what a calendar offers to click (RFC 5545, RFC 7986)
        event.add("url", icalendar.vUri(milestone.online))
        event.add("conference", icalendar.vUri(milestone.online),
                  parameters={"value": "URI", "feature": "VIDEO", "label": "Deltag online"})
    event.add("description", plain(description_text(program, view)), parameters={"language": "da"})
    organizer = icalendar.vCalAddress(f"mailto:{view.contact.email}")
    organizer.params["cn"] = view.contact.name
    event.add("organizer", organizer)
    for r in sorted(g.members, key=lambda r: r.email.casefold()):
        attendee = icalendar.vCalAddress(f"mailto:{r.email}")
        attendee.params.update({"cn": r.contact_name, "role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION",
                                "rsvp": "TRUE", "cutype": "INDIVIDUAL"})
        event.add("attendee", attendee)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    if g.moved is not None:  # what the next run reads back, to say it again of the same event
        event.add(MOVED_PROPERTY, ",".join(what for what, changed in (("time", g.moved.time), ("place", g.moved.place),
                                                                      ("link", g.moved.link)) if changed))
        if g.moved.before:
            event.add(BEFORE_PROPERTY, g.moved.before, parameters={"language": "da"})  # as the letter says it
    book.add_component(event)
    if start is not None:
        last = end or start
        book.add_missing_timezones(first_date=dt.date(start.year, 1, 1), last_date=dt.date(last.year + 1, 1, 1))
    return bytes(book.to_ical())


def _zoned(moment: dt.datetime) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return moment.replace(tzinfo=ZoneInfo(ZONE))


def _date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def event_end(milestone: Milestone) -> dt.date | None:
    """The event's DTEND: the meeting's end in Europe/Copenhagen, the day after its last without a time; or none."""
    if milestone.start is not None:
        return _zoned(milestone.end) if milestone.end is not None else None
    assert milestone.days is not None  # only a meeting with its days is invited to
    return milestone.days[1] + dt.timedelta(days=1)


def event_start(milestone: Milestone) -> dt.date:
    """The event's DTSTART: the meeting's start in Europe/Copenhagen, or its first day when it has no time."""
    if milestone.start is not None:
        return _zoned(milestone.start)
    assert milestone.days is not None  # only a meeting with its days is invited to
    return milestone.days[0]


@dataclass(frozen=True)
class Earlier:
    """A calendar event an earlier run wrote into the output folder: its SEQUENCE, what it said and when it began."""

    sequence: int
    digest: str
    path: str
    start: dt.date | None = None
    """Its DTSTART: a day, or a moment with its zone."""
    end: dt.date | None = None
    """Its DTEND, if it has one."""
    location: str | None = None
    moved: Moved | None = None
    """What its invitation said had moved, as its file records it (``X-KLDOCS-MOVED``)."""
    url: str | None = None
    """Its URL: the link to join online it gave."""

    @property
    def day(self) -> dt.date | None:
        """The day it began."""
        return None if self.start is None else _date(self.start)


def earlier_events(out_dir: Path | None) -> dict[str, Earlier]:
    """The events of the calendar files the manifest of ``out_dir`` lists, by UID; none without one."""
    entries = read_manifest(out_dir) if out_dir is not None else None
    if not entries or out_dir is None:
        return {}
    import icalendar

    found: dict[str, Earlier] = {}
    for relpath, entry in sorted(entries.items()):
        path = out_dir / relpath
        if entry.get("kind") != ICS_KIND or not path.is_file() or path.stat().st_size > ICS_BYTES:
            continue
        try:
            events = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
            for event in events:
                start = event.decoded("DTSTART") if "DTSTART" in event else None
                end = event.decoded("DTEND") if "DTEND" in event else None
                changed = str(event.get(MOVED_PROPERTY, "")).split(",")
                moved = (Moved("time" in changed, "place" in changed, str(event.get(BEFORE_PROPERTY, "")),
                               link="link" in changed)
                         if {"time", "place", "link"} & set(changed) else None)
                found[str(event["UID"])] = Earlier(
                    int(event.get("SEQUENCE", 0)), str(entry.get("data_hash")), relpath,
                    start if isinstance(start, dt.date) else None, end if isinstance(end, dt.date) else None,
                    str(event["LOCATION"]) if "LOCATION" in event else None, moved,
                    str(event["URL"]) if "URL" in event else None)
        except (ValueError, KeyError, OSError):
            continue  # a file kldocs cannot read gives no SEQUENCE; the overwrite check says what to do with it
    return found


def lost_events(out_dir: Path | None, found: Sequence[Gathering]) -> list[str]:
    """A warning for each meeting whose calendar file the manifest lists but the folder no longer holds.

    Its event is written anew at SEQUENCE 0, and a calendar that accepted it
    at a higher one takes the new one for an old update and ignores it.
    """
    entries = read_manifest(out_dir) if out_dir is not None else None
    if not entries or out_dir is None:
        return []
    return [f"Warning: {out_dir / name} is gone, though {MANIFEST} lists it: its event is written anew at SEQUENCE 0, "
            "which calendars that accepted it before may ignore (put the file back to update them instead)"
            for g in found if (name := f"{g.stem}.ics") in entries and entries[name].get("kind") == ICS_KIND
            and not (out_dir / name).is_file()]


def moved_since(g: Gathering, earlier: Earlier | None) -> Moved | None:
    """How the meeting moved since ``earlier``, its event as the output folder holds it; None if it has not.

    The same start and place as that event's: what that event's invitation
    said had moved, if anything (a run again says it again). A start or a
    place of its own: what was said before, the time as the earlier event
    gives it, the place as its LOCATION. A new end, or an address corrected
    at the same place, is no move: the invitation gives them as they are.
    Another link to join online than the event's URL is said too.
    """
    if earlier is None or earlier.start is None:
        return None
    milestone = g.milestone
    time = earlier.start != event_start(milestone)  # a meeting made longer or shorter has not moved
    place = earlier.location is not None and not _same_place(earlier.location, milestone)
    link = earlier.url is not None and isinstance(milestone.online, str) and earlier.url != milestone.online
    if not time and not place:
        moved = earlier.moved
    else:
        before = [event_when_text(earlier.start, earlier.end) if time else None,
                  earlier.location if place else None]
        moved = Moved(time, place, ", ".join(part for part in before if part))
    if link:
        return dataclasses.replace(moved or Moved(False, False, ""), link=True)
    return moved


def _same_place(location: str, milestone: Milestone) -> bool:
    """Whether an earlier event's LOCATION is the meeting's place: its address corrected or added is no move."""
    if location == plain(place_text(milestone)):
        return True
    place = plain(milestone.place) if milestone.place is not None else None
    return place is not None and (location == place or location.startswith(f"{place}, "))


def sequence_of(earlier: Earlier | None, digest: str) -> int:
    """The SEQUENCE of an event: the earlier one's if it says the same, one more if it changed, 0 if new."""
    if earlier is None:
        return 0
    return earlier.sequence if earlier.digest == digest else earlier.sequence + 1


def taken_events(program: Program, found: Sequence[Gathering], earlier: Mapping[str, Earlier]) -> list[Problem]:
    """The meetings named by their number that would take another meeting's calendar event, one problem a kind.

    A meeting without an ``id`` is named by its kind and number in order
    (``partnerskabsmoede-3``): one added or removed before it renumbers it,
    and it would take the event the calendars hold for another meeting and
    move that event to its own day, in every calendar that accepted it.
    When the output folder's events of a kind are not the ones the time
    plan names now, and an event's meeting (its network and start) is
    planned under another number, the run is refused until the meetings have
    lasting names: the meeting now numbered as it was would take its event,
    or, its number gone, the calendars would hold it twice. A meeting moved,
    one added after the others or the last one removed is written as always
    (:func:`gone_notes` names an event no longer planned).
    """
    problems: list[Problem] = []
    kinds: dict[str, list[Gathering]] = {}
    for g in found:
        if g.milestone.id is None:
            kinds.setdefault(g.identity.rpartition("-")[0], []).append(g)
    for kind, meetings in kinds.items():
        suffix = uid(program, meetings[0])[len(meetings[0].stem):]
        numbered = re.compile(rf"{re.escape(kind)}-[0-9]+(-netvaerk-[0-9]+)?{re.escape(suffix)}")
        now = {uid(program, g): g for g in meetings}
        before = {u: earlier[u] for u in sorted(earlier) if numbered.fullmatch(u)}
        if set(before) == set(now):
            continue
        where: dict[tuple[int | None, dt.date | None], str] = {_where(g): u for u, g in now.items()}
        # an event whose meeting is still planned, under another number: the one now in its place would take it
        moved = [(g, before[u]) for u, g in now.items() if u in before and before[u].start != event_start(g.milestone)
                 and where.get((_network(before[u].path), before[u].start), u) != u]
        gone = {(_network(was.path), was.start): was for u, was in before.items() if u not in now}
        renamed = [(g, gone[_where(g)]) for u, g in now.items() if u not in before and _where(g) in gone]
        noun = meetings[0].noun.singular
        if moved:
            g, was = moved[0]
            what = (f"would take the calendar event of {was.path}, the meeting on {_day(was)}, and move it in every "
                    f"calendar that accepted it: a {noun} was added or removed before it")
        elif renamed:  # the meeting of an event gone, under a new number: the calendars would hold it twice
            g, was = renamed[0]
            what = (f"was sent as {was.path}, and would be a new calendar event beside that one in every calendar "
                    f"that accepted it: a {noun} was added or removed before it")
        else:
            continue
        problems.append(Problem(
            f"{PROGRAM_FILE}, timeline.milestones[{g.index}]",
            f"{g.label} ({format_date(_date(event_start(g.milestone)))}) {what}. Give each {noun} an id, the name "
            f"of its calendar file for one already sent (id: {_identity(was.path)} for the one on {_day(was)}) and "
            "a name of its own for a new one, then run again",
        ))
    return problems


def _where(g: Gathering) -> tuple[int | None, dt.date]:
    return (g.network.number if g.network is not None else None, event_start(g.milestone))


def _day(was: Earlier) -> str:
    return format_date(was.day) if was.day is not None else "another day"


def _network(path: str) -> int | None:
    """The number of the network whose calendar file is ``path``; None for a meeting for all."""
    found = re.search(r"-netvaerk-([0-9]+)$", PurePosixPath(path).stem)
    return int(found.group(1)) if found else None


def _identity(path: str) -> str:
    """The lasting name of the meeting whose calendar file is ``path``: ``netvaerksmoede-2``."""
    return re.sub(r"-netvaerk-[0-9]+$", "", PurePosixPath(path).stem)


def gone_notes(program: Program, found: Sequence[Gathering], earlier: Mapping[str, Earlier]) -> list[str]:
    """A line for each event the output folder holds whose meeting is no longer in the time plan."""
    now = {uid(program, g) for g in found}
    return [f"{was.path}: its meeting on {_day(was)} is no longer "
            "in the time plan; the calendars that accepted its event keep it until it is cancelled there"
            for u, was in sorted(earlier.items(), key=lambda item: item[1].path) if u not in now]


# -- the participant list ----------------------------------------------------------------------

HEADINGS = ("Kommune", "Netværk", "Deltager", "Navn", "Titel", "E-mail", "Til stede")
WIDTHS = (26, 10, 16, 28, 28, 34, 10)


def headcount(program: Program, g: Gathering, r: Registration) -> int:
    """How many of a municipality's registered people come to ``g``.

    Its staff, its politicians and the groups of the programme's own, each
    where their group takes part in meetings of the kind ``g`` is
    (``participants.groups[].meetings``).
    """
    return sum(n for _, n in _groups_at(program, g.noun.singular, r))


def others_at(program: Program, kind: str, r: Registration) -> list[tuple[ParticipantGroup, int]]:
    """The municipality's people at a meeting of ``kind`` besides its staff, by group: politicians, then others."""
    found = [(program.participants.politicians, politicians_at(program, kind, r))]
    found += [(group, n) for group, n in zip(program.participants.others, r.others, strict=False)
              if group.takes_part_in(kind)]
    return [(group, n) for group, n in found if group is not None and n]


def politicians_at(program: Program, kind: str, r: Registration) -> int:
    """How many of a municipality's politicians come to a meeting of ``kind`` (none where their group does not)."""
    politicians = program.participants.politicians
    return r.politicians if politicians is not None and politicians.takes_part_in(kind) else 0


def _coming(program: Program, g: Gathering, members: Sequence[Registration]) -> tuple[Invited, ...]:
    """The invitation's rows of ``members``: those sending someone to ``g``, each with its count.

    A municipality sending no one to a meeting of this kind (no politicians
    to a summit) is not listed with a 0, though its contact person is
    written to as the others are.
    """
    staff = program.participants.staff
    whole = not staff.takes_part_in(g.noun.singular)
    coming = []
    for r in members:
        at = _groups_at(program, g.noun.singular, r)  # by group, as headcount() counts them
        if at:
            others = [(group, n) for group, n in at if group is not staff]
            coming.append(Invited(r.municipality.official_name, _contact(r), sum(n for _, n in at),
                                  _of_whom(others, whole), whole, groups=len(others)))
    return tuple(coming)


def _of_whom(others: Sequence[tuple[ParticipantGroup, int]], whole: bool) -> str:
    """Who of those coming are not staff: ``heraf 2 politikere``; all of them by group where no staff come.

    Where the staff do not come to meetings of ``g``'s kind (``whole``: a
    political summit), everyone is named by group, without "heraf", which would
    imply others: ``2 politikere og 1 forvaltningschef``, ``2 politikere``.
    """
    if not others:
        return ""
    named = and_list(f"{n}{NBSP}{group.as_noun.of(n)}" for group, n in others)  # never a number alone at a line's end
    return named if whole else "heraf " + named


Row = tuple[str, int | None, str | None, str | None, str | None, str | None]
"""A participant list's row: municipality, network, the group the seat is for (``Medarbejder``, ``Politiker``), and
the contact's name, title and e-mail (blank for the others, to be filled in at the door)."""


def participant_rows(program: Program, g: Gathering) -> list[Row]:
    """One row per participant each invited municipality registered, each saying which of its groups it is for.

    Its staff first, the contact person on the first of their rows, then
    each other group that comes (politicians, the programme's own). Where
    the staff do not come to the meeting, no row carries the contact's
    name (it is not one of those coming); a municipality with no one
    coming (no politicians at a meeting for politicians) has no row.
    """
    participants = program.participants
    rows: list[Row] = []
    for network, members in g.groups:
        number = network.number if network is not None else g.network.number if g.network is not None else None
        for r in members:
            name = r.municipality.official_name
            seats = [capfirst(group.sent_noun.singular) for group, n in _groups_at(program, g.noun.singular, r)
                     for _ in range(n)]
            contact = (r.contact_name, r.contact_title, r.email)
            if seats and participants.staff.takes_part_in(g.noun.singular) and r.participants:
                rows.append((name, number, seats[0], *contact))
                seats = seats[1:]
            rows += [(name, number, seat, None, None, None) for seat in seats]
    return rows


def _groups_at(program: Program, kind: str, r: Registration) -> list[tuple[ParticipantGroup, int]]:
    """The municipality's people at a meeting of ``kind`` by group, as :func:`headcount` counts them: staff first."""
    staff = program.participants.staff
    found = [(staff, r.participants)] if staff.takes_part_in(kind) and r.participants else []
    return found + others_at(program, kind, r)


def participant_list(program: Program, g: Gathering) -> bytes:
    """The participant list as an Excel workbook: the sheet Deltagere (heading row, autofilter), the meeting on Mødet.

    The meeting's day is a real date in a Danish number format. The same
    meeting gives the same bytes.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation


    view = meeting_view(program, g)
    book = Workbook()
    sheet = book.active
    sheet.title = "Deltagere"
    append_row(sheet, list(HEADINGS))
    rows = participant_rows(program, g)
    for row in rows:
        append_row(sheet, [*row, None])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="EDEDED")
        cell.alignment = Alignment(vertical="top")
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    last = f"{chr(ord('A') + len(HEADINGS) - 1)}{len(rows) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    sheet.freeze_panes = "A2"
    print_as_list(sheet)
    # the pages say which meeting they list, as the sheet Mødet does (it is not printed with them)
    when_where = ", ".join(part for part in (capfirst(view.when), view.where) if part)
    print_header(sheet, plain(f"{capfirst(g.label)} – {when_where}"))
    if rows:  # to_invite() writes no list without: a range of no rows is no range to openpyxl
        ticks = DataValidation(type="list", formula1='"ja,nej"', allow_blank=True)
        present = chr(ord("A") + HEADINGS.index("Til stede"))
        ticks.add(f"{present}2:{last}")
        sheet.add_data_validation(ticks)

    about = book.create_sheet("Mødet")
    append_row(about, [view.title])
    about["A1"].font = Font(bold=True, size=13)
    days = g.milestone.days
    assert days is not None  # only a meeting with its days is invited to
    facts: list[tuple[str, Any]] = [("Møde", view.what), ("Dato", days[0]), ("Tid", capfirst(view.when)),
                                    ("Sted", view.where)]
    if view.network is not None:
        facts.append(("Netværk", view.network))
    # the municipalities on the list: one sending no one to this meeting (no politicians to a seminar) is not
    facts += [("Kommuner", len({row[0] for row in rows})), ("Deltagere", len(rows)), ("Partnerskab", program.title)]
    for label, value in facts:
        append_row(about, [label, value])
        if isinstance(value, dt.date):
            about.cell(about.max_row, 2).number_format = DATE_FORMAT
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 60

    created = g.made(program).replace(tzinfo=None)
    book.properties.title = f"Deltagerliste: {g.label}"
    book.properties.creator = GENERATOR
    book.properties.language = "da-DK"
    book.properties.created = created
    book.properties.modified = created
    return workbook_bytes(book, GENERATOR)


# -- the e-mail draft --------------------------------------------------------------------------


def mail_text(program: Program, view: MeetingView) -> str:
    """The Danish text of the e-mail draft to the invited contact persons."""
    greeting = f"Kære kontaktpersoner i {view.network.lower()}" if view.network else "Kære kontaktpersoner"
    contact = view.contact
    reach = contact.email + (f", tlf. {contact.phone}" if contact.phone else "")
    return "\n\n".join([
        greeting,
        *([view.changed] if view.changed else []),
        view.lead,
        "\n".join([f"Tid: {capfirst(view.when)}", f"Sted: {view.where}", *_online_line(view)]),
        *(str(block.text) for block in view.details),  # its programme, the link to join online: links with addresses
        "Invitationen er vedhæftet som brev, og med den vedhæftede kalenderfil kan I lægge mødet i jeres "
        f"kalender. Send gerne invitationen videre til {view.pass_on}.",
        "I er velkomne til at kontakte mig, hvis I har spørgsmål.",
        f"Med venlig hilsen\n\n{contact.name}\n{capfirst(contact.title)}, {program.sender.name}\n{reach}",
    ]) + "\n"


def meeting_draft(program: Program, g: Gathering, attachments: Sequence[tuple[str, bytes]]) -> bytes:
    """An unsent e-mail to every invited contact person, with ``attachments`` (file name, bytes), as ``.eml`` bytes.

    The calendar file goes as ``text/calendar; method=REQUEST`` (see :func:`kldocs.engine.eml.message_draft`).
    """
    from kldocs.engine.eml import message_draft

    view = meeting_view(program, g)
    return message_draft(sender=view.contact.email, sender_name=view.contact.name,
                         to=[(r.email, r.contact_name) for r in g.members], subject=view.subject,
                         body=mail_text(program, view), attachments=attachments, date=g.made(program))


# -- the kind ----------------------------------------------------------------------------------


def written_lineup(folder: Folder, out_dir: Path) -> Path | None:
    """The ``networks.csv`` kldocs networks wrote beside ``out_dir`` (``out/networks``), if its manifest lists it.

    Not one written for another partnership (see :func:`~kldocs.engine.output.another_partnership`).
    """
    networks_dir = out_dir.parent / "networks"
    path = networks_dir / LINEUP_FILE
    if (folder.path / LINEUP_FILE).is_file() or not path.is_file() or another_partnership(networks_dir,
                                                                                         source(folder)):
        return None
    entries = read_manifest(networks_dir)
    return path if entries and LINEUP_FILE in entries else None


def meeting_lineup(folder: Folder, written: Path | None = None) -> Lineup:
    """The networks the meetings are held for: ``written`` (a networks.csv under --out) if given, else the folder's."""
    from kldocs.networks.compose import folder_lineup

    if written is None:
        return folder_lineup(folder)
    from kldocs.networks.csvfile import read_lineup

    program = folder.program
    try:
        return read_lineup(written, folder.registrations.items, program.networks,
                           catalogue=program.focus_areas.catalogue, max_rank=program.registration.max_focus_areas)
    except InputError as exc:  # written by kldocs networks, before the registrations changed: say which file, and how
        found = [Problem("", str(p).replace(LINEUP_FILE, str(written), 1)) for p in exc.problems]
        raise InputError([*found, Problem(str(written), f"kldocs networks wrote it for the registrations of then; "
                                                        f"compose the networks again with kldocs networks "
                                                        f"{folder.path} --out {written.parent} --force")]) from None


class Meetings(Kind):
    """The invitations to the time plan's meetings, each with its calendar file and participant list."""

    name = "meetings"
    label = "Meetings"
    template = TEMPLATE
    audience = Audience.NETWORKS
    noun = "invitation"

    def skipped(self, folder: Folder, options: Options | None = None) -> str | None:
        """Skipped until there are registrations, while no meeting has a day and a place, and while no one comes.

        No one comes to a meeting of its kind when no registered
        municipality sends anyone of a group that takes part in it (no
        politicians, to a meeting for politicians alone).
        """
        reason = needs_registrations(folder)
        if reason is not None:
            return reason
        program = folder.program
        timeline = program.timeline
        kinds = dict.fromkeys(timeline.noun_of(m).singular for m in timeline.meetings if ready(m))
        if not kinds:
            return "no meeting of the time plan has a day and a place yet"
        if not any(_groups_at(program, kind, r) for kind in kinds for r in folder.registrations):
            return f"no registered municipality sends anyone to {joined(list(kinds), 'or')}"
        return None

    def plan(self, folder: Folder, options: Options) -> Plan:
        """The files of every invitation to be written into ``options.out_dir``, each event's SEQUENCE from it.

        Without an output folder (``kldocs check``) every event is as new
        (SEQUENCE 0). The networks are the folder's ``networks.csv``, else the
        one ``kldocs networks`` wrote beside the output folder, else a composed
        line-up.
        """
        reason = self.skipped(folder)
        if reason is not None:
            raise InputError(Problem(str(folder.path), f"no meeting invitations can be written: {reason}"))
        letter = folder.program.letter.date
        if options.date is not None and options.date < letter:  # a year typed wrong, most likely
            raise InputError(Problem("--date", f"{format_date(options.date)} is before the invitation's date "
                                               f"({format_date(letter)}, letter.date): the meeting invitations "
                                               "would be dated before it; is the year right?"))
        out_dir = options.out_dir
        lineup_csv = written_lineup(folder, out_dir) if out_dir is not None and not options.networks_in_run else None
        program = folder.program
        lineup = meeting_lineup(folder, lineup_csv)
        planned = gatherings(program, lineup, options.date, folder=folder.path)
        found, nobody = to_invite(program, planned, options.date)
        if not found:
            raise InputError(Problem(str(folder.path), "no meeting invitations can be written: "
                                     + "; ".join(n.removeprefix("No invitation to ") for n in nobody)))
        template = folder.template(TEMPLATE)
        earlier = earlier_events(out_dir)
        # a meeting moved since its invitation was sent says so, in its letter, e-mail and event
        found = [dataclasses.replace(g, moved=moved_since(g, earlier.get(uid(program, g)))) for g in found]
        records = [invitation_record(program, g) for g in found]
        check_records(template, records)
        if options.combined:
            raise InputError(Problem("--combined", "meetings cannot be combined into one document"))
        taken = taken_events(program, found, earlier)
        if taken:
            raise InputError(taken)
        calendars: list[bytes] = []
        notes = [f"Networks from {lineup_csv}" if lineup_csv is not None else None, *waiting_notes(program, lineup),
                 *gone_notes(program, planned, earlier), *nobody,  # gone from the plan, not merely not written
                 *numbered_networks(folder), *lost_events(out_dir, found),
                 None if options.date is not None else "Note: the invitations are not dated: give --date with the day "
                                                       "they go out to date them (and their e-mails)"]
        digests: list[str] = []
        for g in found:
            digest = hashlib.sha256(calendar(program, g)).hexdigest()
            before = earlier.get(uid(program, g))
            sequence = sequence_of(before, digest)
            if before is not None and sequence != before.sequence:
                notes.append(f"{capfirst(g.label)}: changed since {before.path} was written; its event is "
                             f"SEQUENCE {sequence}, so calendars update it")
            calendars.append(calendar(program, g, sequence))
            digests.append(digest)
        made = _Made(template, records, pdf=options.pdf, pdfa=options.pdfa) if options.eml else None
        renderer = template.renderer()  # one batch, as every record kind renders its records
        files: list[OutputFile] = []
        for i, (g, record) in enumerate(zip(found, records, strict=True)):
            if made is None:
                files.append(document(renderer, record.context, record.properties, relpath=f"{g.stem}.docx",
                                      kind=KIND, record=record.label, digest=record.digest))
            else:
                files.append(OutputFile(f"{g.stem}.docx", KIND, TEMPLATE, record.digest,
                                        render=functools.partial(made.docx, i)))
                if options.pdf:
                    files.append(OutputFile(f"{g.stem}.pdf", f"{KIND}-pdf", TEMPLATE, record.digest,
                                            render=functools.partial(made.pdf_of, i), form=made.pdf_form))
            files.append(OutputFile(f"{g.stem}.ics", ICS_KIND, None, digests[i], content=calendars[i]))
            files.append(OutputFile(f"{g.stem}{LIST_SUFFIX}", LIST_KIND, None, record.digest,
                                    render=functools.partial(participant_list, program, g)))
            if made is not None:
                files.append(OutputFile(f"{g.stem}.eml", EML_KIND, TEMPLATE, record.digest,
                                        render=functools.partial(self._draft, program, g, made, i, calendars[i],
                                                                 pdf=options.pdf), form=made.draft_form))
        meetings = len({g.identity for g in found})
        return Plan(tuple(files), computed=found, detail=counted(meetings, "meeting"),
                    notes=tuple(n for n in notes if n), pdf_made=made is not None and options.pdf)

    @staticmethod
    def _draft(program: Program, g: Gathering, made: _Made, i: int, ics: bytes, *, pdf: bool) -> bytes:
        name = attachment_name(meeting_view(program, g).title)  # Invitation til 2. netværksmøde i netværk 3
        letter = (f"{name}.pdf", made.pdf_of(i)) if pdf else (f"{name}.docx", made.docx(i))
        return meeting_draft(program, g, [letter, (f"{attachment_name(capfirst(g.label))}.ics", ics)])

    def check(self, folder: Folder, report: Report) -> None:
        """The meetings' networks exist in the line-up, and the template fits an invitation (rendered in memory)."""
        program = folder.program
        meetings = program.timeline.meetings
        waiting = len([m for m in meetings if not ready(m)])
        verb = "gets" if waiting == 1 else "get"
        later = f"; {counted(waiting, 'meeting')} without a day or a place {verb} none yet" if waiting else ""
        if not meetings:
            report.ok.append(f"{TEMPLATE}: the time plan has no meetings to invite to")
            return
        if checked_registrations(folder) is None:
            if not folder.has_registrations:
                report.ok.append(f"{TEMPLATE}: invitations to the meetings once there are registrations{later}")
            return
        if not any(ready(m) for m in meetings):
            report.ok.append(f"{TEMPLATE}: no meeting of the time plan has a day and a place yet")
            return
        found, nobody = to_invite(program, gatherings(program, meeting_lineup(folder), folder=folder.path))
        report.ok += [f"{TEMPLATE}: {lower_first(note)}" for note in nobody]
        if not found:
            return
        template = folder.template(TEMPLATE)
        record = invitation_record(program, found[0])
        try:
            template.check_context(record.context, record.label)
            template.render(record.context, record.properties, record=record.label)
        except KldocsError as exc:
            raise InputError([Problem("", p) for p in exc.problems]) from None
        report.ok.append(f"{TEMPLATE}: fits the invitations to {counted(len({g.identity for g in found}), 'meeting')} "
                         f"({counted(len(found), 'invitation')}){later}")

