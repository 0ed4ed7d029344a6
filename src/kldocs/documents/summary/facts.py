"""The dissemination material: what a partnership did and learned, ready to publish.

:func:`build_summary` reads a programme folder — ``program.yaml``, the
registrations, the networks when there are any, and ``results.yaml`` — and
computes the facts a reader wants first, in Danish prose: how many of the
98 municipalities took part, when, in how many networks and meetings; who
took part, region by region; and which focus areas they worked on. With the
insights of ``results.yaml`` it becomes a :class:`Summary`, which the Word
template (``formidling.docx``) and the web article (:mod:`kldocs.documents.summary.article`)
print without computing anything themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kldocs.danish.formatting import (
    Noun,
    and_list,
    capfirst,
    counted,
    danish_sorted,
    format_date,
    format_number,
    format_period,
    format_weekday_date,
    spell,
    spell_alike,
)
from kldocs.danish.when import in_calendar_order
from kldocs.engine.charts import Chart
from kldocs.inputs.fieldtypes import TextBlock
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import FOCUS_AREA, Contact, FocusArea, Program
from kldocs.inputs.registrations import Registrations
from kldocs.inputs.results import LoadedResults, Recommendations, ResultBlock
from kldocs.inputs.signup import PARTICIPANT, Participants
from kldocs.networks.lineup import Lineup
from kldocs.reference.municipalities import REGIONS, Municipality, registry, whole_regions

KIND = "summary"
"""The document kind, as the manifest names it."""
TEMPLATE = "summary.docx"
"""The bundled Word template of the publication."""
STEM = "formidling"
"""The file-name stem of every output: ``formidling.docx``, ``formidling.html``, …"""


@dataclass(frozen=True)
class RegionGroup:
    """The participating municipalities of one region, in Danish order."""

    region: str
    """``Region Hovedstaden``."""
    municipalities: tuple[Municipality, ...]
    total: int
    """How many of the region's municipalities the partnership was open to: all of them, unless it was open to a
    list of municipalities (``invited``)."""
    participants: int
    """How many people the region's municipalities registered."""
    invited: bool = False
    """True when ``total`` counts the municipalities invited from a list, not the region's (``invitation.to``)."""

    @property
    def of_total(self) -> str:
        """``3 af 11 kommuner``, ``1 af 3 inviterede kommuner`` of a partnership open to a list, ``1 af 1 kommune``."""
        noun = ("inviteret kommune" if self.total == 1 else "inviterede kommuner") if self.invited else \
            ("kommune" if self.total == 1 else "kommuner")
        return f"{self.count} af {self.total} {noun}"

    @property
    def short(self) -> str:
        """The region without the word Region: ``Hovedstaden``."""
        return self.region.removeprefix("Region ")

    @property
    def count(self) -> int:
        """How many of the region's municipalities took part."""
        return len(self.municipalities)

    @property
    def names(self) -> str:
        """The municipalities as a Danish list: ``Frederiksberg, Gladsaxe og København``."""
        return and_list(m.name for m in self.municipalities)


@dataclass(frozen=True)
class FocusRank:
    """A focus area with how many municipalities prioritised it, and its place in the ranking."""

    rank: int
    """1 for the most prioritised; areas prioritised equally often share a rank."""
    area: FocusArea
    municipalities: tuple[Municipality, ...]
    first: int
    """How many municipalities made it their first priority."""

    @property
    def count(self) -> int:
        """How many municipalities prioritised this focus area."""
        return len(self.municipalities)


@dataclass(frozen=True)
class NetworkView:
    """One network as the summary shows it: its name, members and shared focus areas."""

    name: str
    municipalities: tuple[Municipality, ...]
    focus_areas: tuple[FocusArea, ...]

    @property
    def names(self) -> str:
        """The members as a Danish list."""
        return and_list(m.name for m in self.municipalities)

    @property
    def focus_titles(self) -> str:
        """The focus areas in one line, told apart by semicolons: a title may hold "og" and commas of its own.

        ``Skolestruktur og samdrift; Skolen som lokalt samlingssted``, where a
        Danish list (``… og …``) would leave the reader to guess where each ends.
        """
        return "; ".join(a.title for a in self.focus_areas)


@dataclass(frozen=True)
class Picture:
    """A photo from the programme folder, ready to embed."""

    data: bytes
    media_type: str
    alt: str
    credit: str | None
    caption: str | None


@dataclass(frozen=True)
class InsightBlock:
    """One block of an insight section, with everything its template needs resolved.

    ``kind`` is ``paragraph``, ``bullets``, ``quote``, ``perspective``,
    ``recommendations`` or ``image``; the fields that kind does not use are empty.
    """

    kind: str
    text: str = ""
    """A paragraph's or a quote's text."""
    items: tuple[str, ...] = ()
    """A bullet list's or a recommendation list's items."""
    name: str = ""
    """Who is quoted."""
    title: str = ""
    """The quoted person's role."""
    number: str = ""
    """A perspective's number: ``01``."""
    heading: str = ""
    """A perspective's or a recommendation list's heading."""
    paragraphs: tuple[TextBlock, ...] = ()
    """A perspective's text: paragraphs and bullet lists."""
    intro: str = ""
    """A recommendation list's intro: ``KL vil arbejde for, at``."""
    numbered: bool = False
    """Whether a recommendation list is numbered rather than bulleted."""
    recommendations: InsightBlock | None = None
    """A perspective's own recommendation list."""
    picture: Picture | None = None


@dataclass(frozen=True)
class InsightSection:
    """A headed section of insights."""

    heading: str
    blocks: tuple[InsightBlock, ...]


@dataclass(frozen=True)
class ActivityView:
    """A next activity, with its moment written in Danish."""

    title: str
    when: str
    """``tirsdag den 10. maj 2022``, ``januar 2023``, ``2. kvartal 2022``."""
    place: str | None
    link: str | None
    text: str | None


@dataclass(frozen=True)
class Summary:
    """Everything the dissemination material says, computed once for every output form."""

    program: Program
    registrations: Registrations
    results: LoadedResults
    networks: tuple[NetworkView, ...] | None
    title: str
    date: dt.date
    facts: str
    """The opening paragraph of facts computed from the data, in Danish prose."""
    meetings_held: int
    regions: tuple[RegionGroup, ...]
    regions_text: str
    focus_ranking: tuple[FocusRank, ...]
    focus_text: str
    sections: tuple[InsightSection, ...]
    activities_heading: str
    activities: tuple[ActivityView, ...]
    contacts: tuple[Contact, ...]

    @property
    def lead(self) -> str | None:
        """The lead under the title, as ``results.yaml`` writes it, its lines joined as the article joins them."""
        lead = self.results.results.lead
        return None if lead is None else _one_line(lead)

    @property
    def intro(self) -> tuple[TextBlock, ...]:
        """The opening paragraphs after the facts, from ``results.yaml``."""
        return self.results.results.intro

    @property
    def all_municipalities(self) -> int:
        """How many municipalities the partnership was open to (``invitation.to``): 98 unless it says fewer."""
        return len(self.program.open_to)

    @property
    def count(self) -> int:
        """How many municipalities took part."""
        return len(self.registrations)

    @property
    def period(self) -> str:
        """The partnership's period: ``august 2021 til marts 2022``."""
        return format_period(*self.program.period)

    @property
    def date_text(self) -> str:
        """The date of publication: ``5. april 2022``."""
        return format_date(self.date)

    @property
    def participants(self) -> int:
        """How many people the municipalities registered."""
        return sum(r.participants for r in self.registrations)

    @property
    def politicians(self) -> int:
        """How many politicians the municipalities registered."""
        return sum(r.politicians for r in self.registrations)

    @functools.cached_property
    def region_chart(self) -> Chart:
        """The chart of the municipalities by region, every region invited among them, drawn when first asked for."""
        return region_chart(region_groups(self.registrations, self.program.open_to, invited_too=True))

    @functools.cached_property
    def focus_chart(self) -> Chart:
        """The chart of the focus areas by how many municipalities prioritised them, drawn when first asked for."""
        return focus_chart(self.focus_ranking, len(self.registrations), self.program.focus_areas.word)

    @property
    def shows_regions(self) -> bool:
        """Whether the publication charts the municipalities by region: not one region (open to it alone).

        Its chart would be one bar beside the list of its municipalities.
        """
        return len(region_groups(self.registrations, self.program.open_to, invited_too=True)) > 1

    @property
    def focus_figure(self) -> int:
        """The number of the chart of the focus areas: 2 after the regions', else 1."""
        return 2 if self.shows_regions else 1

    @property
    def charts(self) -> tuple[Chart, ...]:
        """The charts, in the order the publication shows them."""
        return (self.region_chart, self.focus_chart) if self.shows_regions else (self.focus_chart,)

    @property
    def pictures(self) -> tuple[Picture, ...]:
        """The photos of the insight sections, each once, in the order they are shown."""
        found = (b.picture for section in self.sections for b in section.blocks if b.picture is not None)
        return tuple(dict.fromkeys(found))

    def context(self) -> dict[str, Any]:
        """The variables the Word template and the web article use."""
        return {"summary": self, "program": self.program, "results": self.results.results}


def build_summary(folder: Folder, *, networks: bool = True) -> Summary:
    """Compute the summary of a programme folder; raise InputError on bad input.

    With ``networks`` the summary tells of the folder's line-up (its
    ``networks.csv``, or the one composed for this run); without, it leaves
    the networks out of its text.
    """
    registrations = folder.registrations
    views = None
    if networks and len(registrations):
        from kldocs.networks.compose import folder_lineup  # the line-up's search needs numpy: only when used

        views = network_views(folder_lineup(folder))
    return compose(folder.program, registrations, folder.results, views)


def compose(
    program: Program,
    registrations: Registrations,
    results: LoadedResults,
    networks: tuple[NetworkView, ...] | None,
) -> Summary:
    """Compute the summary of a partnership from its loaded inputs."""
    data = results.results
    meetings = data.meetings_held
    if meetings is None:
        meetings = len(program.timeline.meetings_until(data.date))
    regions = region_groups(registrations, program.open_to)
    ranking = focus_ranking(program, registrations)
    title = data.title or f"Indsigter fra {program.titled_partnership}"
    return Summary(
        program=program,
        registrations=registrations,
        results=results,
        networks=networks,
        title=title,
        date=data.date,
        facts=facts_text(program, registrations, data.date, networks, meetings),
        meetings_held=meetings,
        regions=regions,
        regions_text=regions_text(registrations, regions, program.open_to, participants=program.participants),
        focus_ranking=ranking,
        focus_text=focus_text(program, registrations, ranking),
        sections=insight_sections(program, results),
        activities_heading=data.next_activities_heading or "Næste aktiviteter",
        activities=tuple(
            ActivityView(
                title=a.title,
                when=format_weekday_date(a.when) if a.when.kind in ("date", "datetime")
                else format_date(a.when),
                place=a.place, link=a.link, text=None if a.text is None else _one_line(a.text),
            )
            for a in in_calendar_order(data.next_activities, lambda a: a.when)
        ),
        contacts=results.contacts,
    )


def region_groups(registrations: Registrations, open_to: Sequence[Municipality], *,
                  invited_too: bool = False) -> tuple[RegionGroup, ...]:
    """The participating municipalities by region, regions in the usual order, names in Danish order.

    Regions without a participating municipality are left out, unless
    ``invited_too`` and the partnership was open to some of the region's
    (the chart shows where none took part: ``0 af 11``); each region's total
    counts its municipalities the partnership was ``open_to``.
    """
    invited = whole_regions(open_to) is None
    groups = []
    for region in REGIONS:
        members = [r for r in registrations if r.municipality.region == region]
        total = sum(1 for m in open_to if m.region == region)
        if not members and not (invited_too and total):
            continue
        groups.append(
            RegionGroup(
                region=region,
                municipalities=tuple(danish_sorted((r.municipality for r in members), "name")),
                total=total,
                participants=sum(r.participants for r in members),
                invited=invited,
            )
        )
    return tuple(groups)


def focus_ranking(program: Program, registrations: Registrations) -> tuple[FocusRank, ...]:
    """Every focus area of the catalogue, most prioritised first.

    Areas prioritised by equally many municipalities share a rank and are
    ordered by how many made them their first priority, then as in the catalogue.
    """
    chosen: dict[str, list[Municipality]] = {a.id: [] for a in program.focus_areas.catalogue}
    first: dict[str, int] = dict.fromkeys(chosen, 0)
    for registration in registrations:
        for priority in registration.priorities:
            chosen[priority.area.id].append(registration.municipality)
            if priority.rank == 1:
                first[priority.area.id] += 1
    order = {a.id: i for i, a in enumerate(program.focus_areas.catalogue)}
    areas = sorted(
        program.focus_areas.catalogue,
        key=lambda a: (-len(chosen[a.id]), -first[a.id], order[a.id]),
    )
    ranking: list[FocusRank] = []
    for position, area in enumerate(areas, start=1):
        count = len(chosen[area.id])
        rank = ranking[-1].rank if ranking and ranking[-1].count == count else position
        ranking.append(
            FocusRank(
                rank=rank, area=area, first=first[area.id],
                municipalities=tuple(danish_sorted(chosen[area.id], "name")),
            )
        )
    return tuple(ranking)


def facts_text(
    program: Program,
    registrations: Registrations,
    date: dt.date,
    networks: tuple[NetworkView, ...] | None,
    meetings: int,
) -> str:
    """The opening facts in Danish prose.

    ``Det kommunale partnerskab om … er afsluttet. 24 af landets 98 kommuner
    har deltaget i partnerskabet fra august 2021 til marts 2022. Kommunerne har
    arbejdet sammen i tre netværk og mødt hinanden på fire partnerskabsmøder.``
    Before its end, ``24 af landets 98 kommuner deltager i …, der løber fra …``,
    or ``har deltaget i`` once every meeting of the plan is held.
    The partnership is of the kind its title says (``Det politiske
    partnerskab om …``, :attr:`~kldocs.inputs.program.Program.the_titled_partnership`).
    ``meetings`` is how many meetings were held; they are counted by kind
    (:func:`meetings_text`).
    """
    count = how_many_of(len(registrations), program.open_to)  # '26 af landets kommuner har …', as KL writes it
    period = format_period(*program.period)
    finished = date >= program.timeline.end.end
    every = bool(meetings) and meetings == len(program.timeline.meetings) == len(program.timeline.meetings_until(date))
    if finished:
        sentences = [
            f"{capfirst(program.the_titled_partnership)} er afsluttet.",
            f"{capfirst(count)} har deltaget i partnerskabet fra {period}.",
        ]
    else:  # every meeting held, it reports what has been done in a partnership that runs to its end
        sentences = [
            f"{count} {'har deltaget' if every else 'deltager'} i {program.the_titled_partnership}, "
            f"der løber fra {period}."
        ]
    work = []
    if networks:
        k = len(networks)
        work.append(f"arbejdet sammen i {'ét' if k == 1 else spell(k, neuter=True)} netværk")
    if meetings:
        so_far = "" if finished or every else "indtil nu "  # every meeting of the plan held: nothing more to come
        work.append(f"{so_far}mødt hinanden på {meetings_text(program, date, meetings)}")
    if work:
        sentences.append(f"Kommunerne har {' og '.join(work)}.")
    return capfirst(" ".join(sentences))


def how_many_of(n: int, open_to: Sequence[Municipality]) -> str:
    """``n`` of those a partnership was open to: ``24 af landets 98 kommuner``, ``ni af de elleve kommuner i …``.

    ``ni af de elleve kommuner i Region Nordjylland`` or ``… af de 46
    kommuner i Region Hovedstaden og Region Sjælland`` when it was open to
    whole regions, else ``en af de fire inviterede kommuner``; all of them
    are ``alle landets 98 kommuner``, ``alle elleve kommuner i …``, ``begge
    inviterede kommuner``, or ``den inviterede kommune`` when it was one.
    """
    total = len(open_to)
    regions = whole_regions(open_to)
    if total == len(registry().all):
        whom = f"landets {format_number(total)} kommuner"
    elif regions is not None:
        whom = f"{spell(total)} kommuner i {and_list(regions)}"
    else:
        whom = f"{spell(total)} inviterede kommuner"
    if n == total == 1:
        return "den inviterede kommune"
    if n == total == 2:
        return f"begge {whom.removeprefix('to ')}"
    if n == total:
        return f"alle {whom}"
    count = "ingen" if not n else format_number(n) if total > 12 else spell(n)  # '12 af de 15': a series alike
    return f"{count} af {'' if total == len(registry().all) else 'de '}{whom}"


def meetings_text(program: Program, date: dt.date, meetings: int) -> str:
    """``meetings`` meetings counted by kind: ``fem netværksmøder og tre seminarer``.

    When ``meetings`` is the number of the time plan's meetings over by
    ``date``, each kind is counted; a number given in ``results.yaml`` is
    counted by the plan's one kind of meeting, or as ``møder`` when it has
    several.
    """
    timeline = program.timeline
    if meetings == len(timeline.meetings_until(date)):
        return timeline.meetings_text(date)
    kinds = timeline.kinds_of_meeting
    if len(kinds) > 1:
        return counted(meetings, "møde")
    return counted(meetings, kinds[0] if kinds else timeline.noun_of(None))


def regions_text(registrations: Registrations, regions: tuple[RegionGroup, ...],
                 open_to: Sequence[Municipality] | None = None, *, participants: Participants) -> str:
    """Where the municipalities come from, in Danish prose.

    ``De 24 kommuner kommer fra alle fem regioner og har tilmeldt i alt 96
    medarbejdere og 25 politikere.`` The groups are counted in the order of
    the programme's ``participants`` (:meth:`~kldocs.inputs.signup.Participants.in_order`),
    its own groups too: ``… 25 politikere og syv ledere``. The staff are counted by their own noun
    (``medarbejdere``) beside politicians or other groups (all are
    participants), else as ``deltagere``; one is stressed, as a count:
    ``én leder``, ``ét barn``.
    Of a partnership ``open_to`` whole regions the regions are counted among
    those: ``fra begge regioner``, ``fra to af de tre regioner``.
    """
    n = len(registrations)
    k = len(regions)
    among = whole_regions(open_to) if open_to is not None else None
    of = len(among) if among is not None else len(REGIONS)
    if k == 1:
        where = regions[0].region
    elif k == of == 2:
        where = "begge regioner"
    elif k == of:
        where = f"alle {spell(k)} regioner"
    elif of < len(REGIONS):
        where = f"{spell(k)} af de {spell(of)} regioner"
    else:
        where = f"{spell(k)} af landets {spell(len(REGIONS))} regioner"
    politicians = sum(r.politicians for r in registrations)
    others = [sum(r.others[i] for r in registrations if i < len(r.others)) for i in range(len(participants.others))]
    totals = participants.in_order(sum(r.participants for r in registrations), politicians, others)
    subject = "Den ene kommune kommer" if n == 1 else f"De {spell(n)} kommuner kommer"
    # beside politicians or groups of its own the staff are counted by their noun: a meeting's list counts every
    # one of them a participant ("7 (heraf 2 politikere)"), so "96 deltagere og 25 politikere" would count two ways
    staff_noun = participants.staff.sent_noun if participants.others or politicians else PARTICIPANT
    counts = [(staff_noun if group is participants.staff else group.as_noun, total) for group, total in totals]
    return f"{subject} fra {where} og har tilmeldt i alt {and_list(_series(counts))}."


def _series(counts: Sequence[tuple[Noun, int]]) -> list[str]:
    """Counts of one sentence as prose writes them: in words up to twelve, or all in digits.

    ``ni medarbejdere og én leder``; but when one of them is larger, ``31
    medarbejdere og 9 repræsentanter``: a series of numbers reads alike.
    """
    if any(n > 12 for _, n in counts):
        return [f"{format_number(n)} {noun.of(n)}" for noun, n in counts]
    return [noun.stressed(n) for noun, n in counts]


def focus_text(program: Program, registrations: Registrations, ranking: tuple[FocusRank, ...]) -> str:
    """What the municipalities chose to work on, in Danish prose."""
    catalogue = len(program.focus_areas.catalogue)
    word = program.focus_areas.word
    n = len(registrations)

    def spelled(number: int) -> str:  # as the focus areas' noun takes it: et, en
        return spell(number, neuter=word.neuter)

    counts = sorted({len(r.priorities) for r in registrations})
    if not counts:
        return ""
    if n == 1:
        chose = f"Kommunen har prioriteret {spelled(counts[0])}"
    elif len(counts) == 1:
        chose = f"Kommunerne har hver prioriteret {spelled(counts[0])}"
    else:
        chose = f"Kommunerne har hver prioriteret mellem {spelled(counts[0])} og {spelled(counts[-1])}"
    text = f"{chose} af partnerskabets {word.count(catalogue)}."
    top = [r for r in ranking if r.rank == 1 and r.count]
    if top and n > 1:
        names = and_list(f"”{r.area.title}”" for r in top)
        count = top[0].count
        if count == n:
            text += f" {'Begge' if n == 2 else f'Alle {spell(n)}'} kommuner har prioriteret {names}."
        elif len(top) == 1:
            some, all_ = spell_alike(count, n)
            text += f" Flest – {some} af de {all_} kommuner – har prioriteret {names}."
        else:
            some, all_ = spell_alike(count, n)
            text += f" Flest har prioriteret {names}, som hver er prioriteret af {some} af de {all_} kommuner."
    return text


def insight_sections(program: Program, results: LoadedResults) -> tuple[InsightSection, ...]:
    """The sections of ``results.yaml`` with perspectives numbered 01, 02, … across sections."""
    numbers = iter(range(1, 1000))
    default_intro = f"{program.sender.name} vil arbejde for, at"

    def recommendations(r: Recommendations) -> InsightBlock:
        return InsightBlock(
            kind="recommendations",
            heading=r.heading or "",
            intro=default_intro if r.intro is None else _one_line(r.intro),
            items=tuple(_one_line(i) for i in r.items),
            numbered=r.numbered,
        )

    def block(b: ResultBlock) -> InsightBlock:
        if b.paragraph is not None:
            return InsightBlock(kind="paragraph", text=_one_line(b.paragraph))
        if b.bullets is not None:
            return InsightBlock(kind="bullets", items=tuple(_one_line(i) for i in b.bullets))
        if b.quote is not None:
            return InsightBlock(
                kind="quote", text=_one_line(b.quote.text), name=b.quote.name,
                title=b.quote.title or "",
            )
        if b.perspective is not None:
            p = b.perspective
            return InsightBlock(
                kind="perspective", number=f"{next(numbers):02d}", heading=p.heading,
                paragraphs=p.text,
                recommendations=recommendations(p.recommendations) if p.recommendations else None,
            )
        if b.recommendations is not None:
            return recommendations(b.recommendations)
        assert b.image is not None
        data, media_type = results.image(b.image)
        return InsightBlock(
            kind="image",
            picture=Picture(data, media_type, b.image.alt, b.image.credit,
                            None if b.image.caption is None else _one_line(b.image.caption)),
        )

    return tuple(
        InsightSection(heading=s.heading, blocks=tuple(block(b) for b in s.blocks))
        for s in results.results.sections
    )


def _one_line(text: str) -> str:
    """Text written over several lines in YAML, as one paragraph, as the article's Markdown and HTML join lines.

    Without this, the Word document would break the line wherever the YAML
    wraps it (``lead: |``), where the web article and the document's
    properties print a space.
    """
    return re.sub(r"\s*\n\s*", " ", text.strip())


def region_chart(regions: tuple[RegionGroup, ...]) -> Chart:
    """A bar chart of participating municipalities per region, against the region's total."""
    from kldocs.engine.charts import horizontal_bars  # matplotlib: loaded when a chart is drawn

    labels = [g.short for g in regions]
    png = horizontal_bars(
        labels,
        [g.count for g in regions],
        totals=[g.total for g in regions],
        value_labels=[f"{g.count} af {g.total}" for g in regions],
        xlabel="Antal kommuner",
    )
    parts = "; ".join(f"{g.region}: {g.of_total}" for g in regions)
    invited = any(g.invited for g in regions)
    return Chart(
        name=f"{STEM}-regioner",
        png=png,
        alt=f"Diagram over deltagende kommuner pr. region. {parts}.",
        caption=f"Deltagende kommuner pr. region (mørk) ud af regionens {'inviterede ' if invited else ''}"
                "kommuner i alt (lys).",
    )


def focus_chart(ranking: tuple[FocusRank, ...], municipalities: int, word: Noun = FOCUS_AREA) -> Chart:
    """A bar chart of the focus areas (called ``word``), by how many municipalities prioritised each."""
    from kldocs.engine.charts import horizontal_bars  # matplotlib: loaded when a chart is drawn

    png = horizontal_bars(
        [r.area.title for r in ranking],
        [r.count for r in ranking],
        xlabel="Antal kommuner",
        labels_above=True,
    )
    parts = "; ".join(f"{r.area.title}: {r.count}" for r in ranking)
    return Chart(
        name=f"{STEM}-indsatsomraader",
        png=png,
        alt=(
            f"Diagram over, hvor mange af de {municipalities} kommuner der har prioriteret "
            f"{word.each}, flest først. {parts}."
        ),
        caption=f"{capfirst(word.definite_plural)} efter, hvor mange kommuner der har prioriteret dem.",
    )


def network_views(lineup: Lineup) -> tuple[NetworkView, ...]:
    """What the summary tells of each network of a line-up: its name, members and focus areas."""
    return tuple(
        NetworkView(name=n.name, municipalities=n.municipalities, focus_areas=n.focus_areas)
        for n in lineup
    )
