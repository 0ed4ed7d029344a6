"""Builds ``networks.docx``, the template of ``netvaerk.docx``: the overview of a partnership's networks.

For the partnership's municipalities and the consultants: an overview table
of every network (members and focus areas) with a heat map of the focus
areas each network's members prioritised, then a section per network — its
members with their region and their mean distance to the others, its focus
areas with who prioritised them at which rank, and how far apart the
members are — and at the end a short account of how the networks were
composed.

Like the dissemination material it has no letterhead column: the text runs
the full width of the page (16 cm), the width the chart is drawn for.

The context (see :func:`kldocs.documents.networks.overview_context`) holds ``program``
and ``networks``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import _Row

from . import housestyle as hs

TITLE = "Netværk"
AREAS, AREAS_CAPITAL = hs.focus_word(), hs.focus_word(capital=True)
AREA_CAPITAL = hs.focus_word("singular", capital=True)
THE_AREAS_CAPITAL = hs.focus_word("definite_plural", capital=True)
EVERY = hs.focus_word("every")

MUTED = hs.REPORT_MUTED


def build(path: Path) -> None:
    """Write the network overview template to ``path``."""
    doc = hs.new_document(TITLE, letterhead=False)
    hs.report_page(doc)
    _styles(doc)
    _opening(doc)
    _overview(doc)
    _figure(doc)
    _method(doc)
    _networks(doc)
    hs.save(doc, path)


def _styles(doc: Document) -> None:
    hs.report_headings(
        doc, ((hs.TITLE, 20, 6, 10), (hs.HEADING, 14, 18, 6), (hs.SUBHEADING, 10.5, 10, 4)),
        lead_size=11.5,
    )


def _opening(doc: Document) -> None:
    hs.heading(doc, "Netværk i {{ program.the_partnership }}", level=1)
    hs.paragraph(
        doc,
        "{% if networks.municipalities == 1 %}Partnerskabets ene kommune udgør ét netværk."
        "{% elif networks.count == 1 %}De {{ networks.municipalities|spell }} kommuner i partnerskabet udgør ét "
        "netværk.{% else %}De {{ networks.municipalities|spell }} kommuner i partnerskabet er fordelt på "
        "{{ networks.count|spell(neuter=true) }} netværk {{ networks.sizes_phrase }}. "
        f"Kommunerne i et netværk har så vidt muligt prioriteret de samme {AREAS} og ligger så tæt på "
        "hinanden, som fordelingen tillader.{% endif %}",
        hs.LEAD,
    )


def _overview(doc: Document) -> None:
    hs.heading(doc, "Overblik")
    row = _loop_table(doc, [2.0, 6.0, 8.0], ["Netværk", "Kommuner", AREAS_CAPITAL], "network in networks.all",
                      ["{{ network.number }}", "{{ network.names }}", ""])
    hs.cell_loop(row.cells[2], "area in network.focus_areas", "{{ area.title }}")


def _loop_table(doc: Document, widths: list[float], headings: list[str], loop: str, cells: list[str], *,
                figures: Sequence[int] = ()) -> _Row:
    """A table with a heading row repeated on every page it runs onto, and a row per item of ``loop``.

    The columns numbered in ``figures`` hold figures, aligned right (their
    heading too), as the agreements' amounts are. Returns the row that is
    repeated, for cells that need more than a line of text.
    """
    table = hs.table(doc, widths)
    heading = hs.row(table, headings, bold=True, shaded=True, header=True)
    hs.tag_row(table, f"for {loop}")
    row = hs.row(table, cells)
    hs.tag_row(table, "endfor")
    for column in figures:
        for r in (heading, row):
            r.cells[column].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return row


def _figure(doc: Document) -> None:
    heading = hs.paragraph(doc, f"{THE_AREAS_CAPITAL} i {{% if networks.count == 1 %}}netværket{{% else %}}"
                                "netværkene{% endif %}", hs.HEADING)
    heading.paragraph_format.page_break_before = True
    hs.paragraph(
        doc,
        "Figuren viser{% if networks.count > 1 %} for hvert netværk{% endif %}, hvor mange af "
        f"kommunerne der har prioriteret {EVERY} af "
        f"partnerskabets {AREAS}. Netværkets egne {AREAS} er dem, flest af kommunerne har "
        "prioriteret højt.",
    )
    figure = hs.paragraph(doc, "{{ networks.chart }}", keep_with_next=True)
    figure.paragraph_format.space_after = Pt(4)
    hs.paragraph(doc, [hs.Span("Figur 1. ", bold=True), "{{ networks.chart_caption }}"], hs.TABLE_TEXT)


def _networks(doc: Document) -> None:
    with hs.for_each(doc, "network in networks.all"):
        heading = hs.paragraph(doc, "{{ network.name }}", hs.HEADING)
        heading.paragraph_format.page_break_before = True
        hs.paragraph(
            doc,
            "{% if network.size == 1 %}Netværket har én kommune.{% else %}"
            "Netværket har {{ network.size|spell }} kommuner, som i gennemsnit ligger {{ network.mean_km }} km "
            "fra hinanden i fugleflugt.{% if network.farthest %} Længst fra hinanden ligger {{ network.farthest }} "
            "({{ network.max_km }} km).{% endif %}{% endif %}",
        )
        hs.heading(doc, "Kommunerne", level=3)
        _loop_table(doc, [4.5, 4.5, 7.0], ["Kommune", "Region", "Gennemsnitlig afstand til de andre"],
                    "member in network.members",
                    ["{{ member.name }}", "{{ member.region_short }}", "{{ member.mean_km }}\u00a0km"], figures=[2])
        hs.heading(doc, f"Netværkets {AREAS}", level=3)
        _loop_table(doc, [6.0, 2.4, 7.6], [AREA_CAPITAL, "Prioriteret af", "Kommunernes prioritering"],
                    "area in network.focus", ["{{ area.title }}", "{{ area.share }}", "{{ area.who }}"])
        note = hs.paragraph(
            doc,
            "{% if network.size == 1 %}Kommunen har{% if not network.first_covered %} ikke{% endif %} sin "
            f"1.\u00a0prioritet blandt netværkets {AREAS}."
            "{% else %}{% if network.first_covered == network.size %}Alle{% elif network.first_covered == 0 %}"
            "Ingen af{% else %}{{ network.first_covered|spell|capfirst }} af{% endif %} netværkets "
            "{{ network.size|spell }} kommuner har {{ network.first_covered|their }} "
            f"1.\u00a0prioritet blandt netværkets {AREAS}."
            "{% endif %}",
        )
        note.paragraph_format.space_before = Pt(8)


def _method(doc: Document) -> None:
    """How the municipalities were divided among the networks: left out for one network, where none were."""
    hs.tag(doc, "if networks.count > 1")
    hs.heading(doc, "Sådan er netværkene sammensat")
    hs.paragraph(
        doc,
        f"Hver kommune har prioriteret sine {AREAS}."
        "{% if program.most_priorities > 1 %} Prioriteringerne er vægtet efter rækkefølge, "
        "så en fælles 1.\u00a0prioritet tæller mest og en fælles "
        "{{ program.most_priorities }}.\u00a0prioritet mindst.{% endif %} Afstanden mellem to "
        "kommuner er målt i fugleflugt mellem kommunernes geografiske midtpunkter.",
    )
    hs.paragraph(
        doc,
        "Netværkene er sammensat, så kommunerne i hvert netværk deler så mange prioriteringer som muligt og "
        "samtidig har kort afstand til hinanden. Fælles prioriteringer vægter {{ networks.priority_pct }}\u00a0pct. og "
        f"kort afstand {{{{ networks.travel_pct }}}}\u00a0pct. Hvert netværk arbejder med de {AREAS}, som "
        "flest af dets kommuner har prioriteret højt.",
    )
    with hs.only_if(doc, "program.networks.placed_by_hand"):  # a choice made by hand is not the search's
        hs.paragraph(doc, "{{ program.networks.placed_by_hand }}")
    with hs.only_if(doc, "networks.edited"):
        hs.paragraph(doc, "Fordelingen er efterfølgende tilpasset af {{ program.sender.name }}.")
    hs.tag(doc, "endif")
