"""The networks document kind: ``networks.csv`` and the overview ``netvaerk.docx``.

:func:`make_networks` takes the line-up of a programme folder — its own
``networks.csv`` if the consultant has edited one there, otherwise the one
:func:`kldocs.networks.compose.compose_networks` finds — and writes it as
``networks.csv`` (to edit and hand back) and as ``netvaerk.docx``, an
overview for the partnership: per network its members with their region,
its focus areas and who prioritised them, and how far apart the members
are, with a chart of focus areas by network. Both go through the document
engine (:func:`kldocs.engine.output.write_outputs`): all or nothing, nothing
replaced without ``force``, a ``manifest.json`` beside them.

The template sees ``program`` and ``networks`` (see :func:`overview_context`).
:func:`check_networks` is the check ``kldocs check`` runs on a folder's
``networks.csv``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kldocs.danish.formatting import NBSP, and_list, format_number, spell
from kldocs.documents.kinds import Audience, Kind, Options, Plan, checked_registrations, needs_registrations
from kldocs.engine.output import OutputFile, data_hash, document
from kldocs.engine.template import CoreProperties, Image
from kldocs.english import counted
from kldocs.errors import Report
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import Program
from kldocs.networks.lineup import LINEUP_FILE, Lineup, Network, member_context, network_dict
from kldocs.networks.plan import sizes_text
from kldocs.reference.geo import distance_km

KIND = "networks"
TEMPLATE = "networks.docx"
"""The overview's template."""
OVERVIEW = "netvaerk.docx"
"""The overview's file name in the output folder."""


def _member(network: Network, index: int) -> dict[str, Any]:
    r = network.members[index]
    m = r.municipality
    others = [distance_km(m, o) for o in network.municipalities if o.code != m.code]
    return member_context(m) | {
        "mean_km": round(sum(others) / len(others)) if others else 0,
        "priorities": [p.area.title for p in r.priorities],
    }


def _who(network: Network, area_id: str) -> str:
    """``1. prioritet: Aarhus og Horsens`` and so on, one line per rank, for the members that chose the area."""
    by_rank: dict[int, list[str]] = {}
    for r in network.members:
        for p in r.priorities:
            if p.area.id == area_id:
                by_rank.setdefault(p.rank, []).append(r.municipality.name)
    return "\n".join(f"{rank}.{NBSP}prioritet: {and_list(names)}" for rank, names in sorted(by_rank.items()))


def _farthest(network: Network) -> str:
    """The two members farthest apart: ``Helsingør og Aalborg``."""
    ms = network.municipalities
    best: tuple[float, str, str] = (-1.0, "", "")
    for i, a in enumerate(ms):
        for b in ms[i + 1:]:
            d = distance_km(a, b)
            if d > best[0]:
                best = (d, a.name, b.name)
    return and_list(best[1:]) if best[0] >= 0 else ""


def network_view(network: Network) -> dict[str, Any]:
    """One network as the overview shows it (plain values; see :func:`overview_context`)."""
    base = network_dict(network)
    return base | {
        "members": [_member(network, i) for i in range(network.size)],
        "names": and_list(base["member_names"]),
        "focus": [
            {
                "title": area.title,
                "count": len(network.shared_by(area)),
                "share": f"{len(network.shared_by(area))} af {network.size}",
                "who": _who(network, area.id),
            }
            for area in network.focus_areas
        ],
        "focus_lines": "\n".join(a.title for a in network.focus_areas),
        "farthest": _farthest(network),
        "first_covered": network.first_priorities_covered(),
    }


def sizes_phrase(sizes: Sequence[int]) -> str:
    """How big the networks are, as it follows "fordelt på tre netværk": ``med otte eller ni kommuner i hvert``."""
    lo, hi = min(sizes), max(sizes)
    if lo == hi:
        return f"med {spell(lo)} kommuner i hvert"
    if hi == lo + 1:
        return f"med {spell(lo)} eller {spell(hi)} kommuner i hvert"
    return f"med mellem {spell(lo)} og {spell(hi)} kommuner i hvert"


def overview_context(program: Program, lineup: Lineup) -> dict[str, Any]:
    """What ``netvaerk.docx`` is filled with: ``program`` and ``networks``.

    ``networks`` holds ``count``, ``municipalities`` (how many in all),
    ``sizes`` (``9, 9 og 8``), ``sizes_phrase`` (``med otte kommuner i hvert``),
    ``all`` (each network: ``number``, ``name``, ``size``, ``members`` with ``name``, ``region``, ``region_short``,
    ``mean_km`` (to the other members) and ``priorities``; ``focus`` with
    ``title``, ``count``, ``share`` (``6 af 8``) and ``who`` (the members by
    the rank they gave it); ``focus_lines``, ``names``, ``mean_km``,
    ``max_km``, ``farthest`` and ``first_covered``), ``chart`` (a picture)
    and ``chart_caption``, ``priority_pct`` and ``travel_pct`` (how the two
    are weighed, in whole per cent), ``mean_km`` over all networks, and
    ``edited`` (True when the line-up comes from an edited ``networks.csv``).
    """
    from kldocs.networks.chart import focus_heatmap  # matplotlib: loaded when the heat map is drawn

    heatmap = focus_heatmap(lineup, program.focus_areas.catalogue, program.focus_areas.word)
    chart = Image(heatmap.png, heatmap.width_mm, heatmap.alt)
    travel_pct = round(lineup.travel_weight * 100)
    return {
        "program": program,
        "networks": {
            "count": len(lineup),
            "municipalities": sum(lineup.sizes),
            "sizes": and_list(lineup.sizes),
            "sizes_phrase": sizes_phrase(lineup.sizes),
            "all": [network_view(n) for n in lineup.networks],
            "chart": chart,
            "chart_caption": heatmap.caption,
            "priority_pct": 100 - travel_pct,
            "travel_pct": travel_pct,
            "mean_km": round(lineup.score.mean_km),
            "edited": lineup.source is not None,
        },
    }


def core_properties(program: Program, lineup: Lineup) -> CoreProperties:
    """The overview's document properties, for people: its title as the document's, the partnership, the topic.

    The hash of the data it is made from is in the manifest.
    """
    count = len(lineup)
    spread = "udgør ét netværk" if count == 1 else f"er fordelt på {spell(count, neuter=True)} netværk"
    return CoreProperties(
        f"Netværk i {program.the_partnership}",
        created=program.created,
        subject=program.title,
        keywords=program.topic,
        author=program.sender.name,
        description=f"De {format_number(sum(lineup.sizes))} kommuner i partnerskabet {spread}.",
        category="Netværk",
    )


def lineup_data(program: Program, lineup: Lineup) -> dict[str, Any]:
    """The data the outputs are made from, as :func:`kldocs.engine.output.data_hash` hashes it."""
    return {
        "kind": KIND,
        "program": program,
        "networks": [
            {"number": n.number, "members": [m.code for m in n.municipalities],
             "focus_areas": [a.id for a in n.focus_areas]}
            for n in lineup.networks
        ],
        "travel_weight": lineup.travel_weight,
    }


def _figure(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals, never ``-0.00`` (a score a hair below nothing is nothing)."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def lineup_report(lineup: Lineup) -> list[str]:
    """The line-up in a few lines: per network its size, travel, shared priorities, score and focus areas.

    The shared priorities are the mean agreement of the members' priorities, pair by pair; the score
    weighs them against travel (``networks.travel_weight``): 0 is what a random line-up scores, higher is better.
    """
    lines = []
    if lineup.source is not None:
        lines.append(f"Line-up read from {lineup.source} (edited by hand)")
    for n in lineup.networks:
        s = n.score
        lines.append(
            f"Network {n.number}: {counted(n.size, 'member')}, {s.mean_km:.0f} km apart on average "
            f"(longest {s.max_km:.0f} km), shared priorities {_figure(s.agreement, 2)}, score "
            f"{_figure(s.objective, 2)}; {', '.join(a.id for a in n.focus_areas)}"
        )
    s = lineup.score
    lines.append(
        f"All networks: {s.mean_km:.0f} km apart on average, shared priorities {_figure(s.agreement, 2)}, "
        f"score {_figure(s.objective, 3)} (0 = a random line-up, higher is better; travel_weight "
        f"{lineup.travel_weight:g})"
    )
    lines += [f"Note: {note}" for note in lineup.notes]
    return lines


class Networks(Kind):
    """The line-up of the registered municipalities: ``networks.csv`` and the overview ``netvaerk.docx``."""

    name = "networks"
    label = "Networks"
    template = TEMPLATE
    audience = Audience.NETWORKS

    def skipped(self, folder: Folder, options: Options | None = None) -> str | None:
        """Skipped until there are registrations."""
        return needs_registrations(folder)

    def plan(self, folder: Folder, options: Options) -> Plan:
        """The folder's line-up (its own ``networks.csv``, or one composed) and the two files that show it.

        ``options.networks`` asks for a number of networks (``--networks``);
        it cannot be combined with a ``networks.csv`` in the programme
        folder, which fixes the line-up.
        """
        from kldocs.networks.compose import folder_lineup
        from kldocs.networks.csvfile import lineup_csv

        program = folder.program
        lineup = folder_lineup(folder, options.networks)
        template = folder.template(TEMPLATE)
        digest = data_hash(lineup_data(program, lineup))
        csv_file = OutputFile(LINEUP_FILE, f"{KIND}-csv", None, digest,
                              content=lineup_csv(lineup, program.networks.max_focus_areas, program.focus_areas.word))
        overview = document(template, overview_context(program, lineup), core_properties(program, lineup),
                            relpath=OVERVIEW, kind=KIND, record="netværksoversigten", digest=digest)
        advice = () if lineup.source is not None else (
            "To adjust it, copy {out}/" f"{LINEUP_FILE} to {folder.path / LINEUP_FILE} and edit it there.",
        )
        return Plan((csv_file, overview), computed=lineup, detail=counted(len(lineup), "network"),
                    notes=tuple(lineup_report(lineup)), advice=advice)

    def check(self, folder: Folder, report: Report) -> None:
        """A folder's ``networks.csv`` fits its registrations and settings, and the overview template fits it."""
        path = folder.path / LINEUP_FILE
        if not folder.has_registrations:
            if path.is_file():
                report.problems.append(f"{LINEUP_FILE}: there are no registrations to check it against")
            return
        if checked_registrations(folder) is None:
            return
        if path.is_file():
            from kldocs.networks.compose import folder_lineup

            lineup = folder_lineup(folder)
            report.ok.append(f"{LINEUP_FILE}: {sizes_text(lineup.sizes)}, "
                             f"{format_number(round(lineup.score.mean_km))} km apart on average")
        folder.template(TEMPLATE).check_context({"program": folder.program, "networks": {}}, "netværksoversigten")
        report.ok.append(f"{TEMPLATE}: fits the data of the network overview")
