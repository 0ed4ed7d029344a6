"""The network overview's chart: which focus areas each network's members prioritised.

A heat map with one row per focus area of the catalogue and one column per
network. Each cell shows how many of the network's members prioritised the
area, shaded by the share of members; the network's own focus areas are
framed. Like the other charts (:mod:`kldocs.engine.charts`) it is drawn on its own
Agg figure and saved without software or time stamps, so the same line-up
gives the same bytes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any, cast

from kldocs.danish.formatting import Noun
from kldocs.engine.charts import ACCENT, DPI, INK, STYLE, WIDTH_MM, Chart, kept_png, png
from kldocs.inputs.program import FOCUS_AREA, FocusArea
from kldocs.networks.lineup import Lineup

FRAME = "#c4511c"
"""The frame around a network's own focus areas: a warm colour that stands out from the teal cells."""

_STYLE = {**STYLE, "font.size": 9.5}

def caption(word: Noun = FOCUS_AREA, networks: int = 2) -> str:
    """The heat map's caption, naming the focus areas as the programme does (``word``), for ``networks`` networks."""
    where = "i hvert netværk" if networks > 1 else "i netværket"
    return (f"Antal kommuner {where}, der har prioriteret {word.definite}. Jo mørkere feltet er, "
            f"jo større andel af netværkets kommuner har prioriteret {word.pronoun}. Netværkets egne "
            f"{word.plural} har en ramme.")


def counts(lineup: Lineup, areas: Sequence[FocusArea]) -> list[list[int]]:
    """Focus area × network: how many members prioritised the area."""
    return [
        [len(network.shared_by(area)) for network in lineup.networks]
        for area in areas
    ]


def focus_heatmap(lineup: Lineup, catalogue: Sequence[FocusArea], word: Noun = FOCUS_AREA) -> Chart:
    """The heat map of focus areas (rows, in catalogue order; called ``word``) by network (columns)."""
    areas = list(catalogue)
    table = counts(lineup, areas)
    own = [{a.id for a in network.focus_areas} for network in lineup.networks]
    frames = tuple((r, c) for c, ids in enumerate(own) for r, area in enumerate(areas) if area.id in ids)
    spec = (tuple(textwrap.fill(a.title, 42) for a in areas), tuple(tuple(row) for row in table),
            tuple(network.size for network in lineup.networks), frames,
            tuple(str(network.number) for network in lineup.networks))
    data = kept_png("focus-heatmap", spec, lambda: _heatmap(*spec))
    from kldocs.danish.filenames import slugify

    return Chart(name=f"netvaerk-{slugify(word.plural)}", png=data, alt=alt_text(lineup, areas, table, word),
                 caption=caption(word, len(lineup.networks)))


def _heatmap(labels: tuple[str, ...], table: tuple[tuple[int, ...], ...], sizes: tuple[int, ...],
             frames: tuple[tuple[int, int], ...], columns: tuple[str, ...]) -> bytes:
    """Draw the heat map: a row per label, a column per network, ``frames`` (row, column) framed."""
    import matplotlib.style
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    share = np.array([[c / s if s else 0.0 for c, s in zip(row, sizes, strict=True)] for row in table])
    n_rows, n_cols = share.shape
    lines = [label.count("\n") + 1 for label in labels]
    height_in = 0.75 + 0.22 * sum(max(1.6, n + 0.4) for n in lines)
    cmap = LinearSegmentedColormap.from_list("kldocs", ["#ffffff", ACCENT])
    # from matplotlib's defaults, whatever a matplotlibrc says: the data alone decides the picture
    with matplotlib.style.context(["default", cast(Any, _STYLE)]):
        figure = Figure(figsize=(WIDTH_MM / 25.4, height_in), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.imshow(share, cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
        for r in range(n_rows):
            for c in range(n_cols):
                value = table[r][c]
                axes.text(c, r, str(value) if value else "–", ha="center", va="center",
                          color="#ffffff" if share[r, c] > 0.55 else INK, fontsize=9.5)
        for r, c in frames:
            axes.add_patch(Rectangle((c - 0.5 + 0.04, r - 0.5 + 0.04), 0.92, 0.92, fill=False,
                                     edgecolor=FRAME, linewidth=1.8))
        axes.set_xticks(range(n_cols), list(columns))
        axes.xaxis.tick_top()
        axes.xaxis.set_label_position("top")
        axes.set_xlabel("Netværk", labelpad=6)
        axes.set_yticks(range(n_rows), list(labels))
        axes.tick_params(length=0, pad=5)
        axes.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
        axes.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
        axes.grid(which="minor", color="#ffffff", linewidth=2)
        axes.tick_params(which="minor", length=0)
        for side in axes.spines.values():
            side.set_visible(False)
        figure.tight_layout(pad=0.5)
        return png(figure)


def alt_text(lineup: Lineup, areas: Sequence[FocusArea], table: Sequence[Sequence[int]],
             word: Noun = FOCUS_AREA) -> str:
    """What the heat map shows, in words: per network, how many members prioritised each of its focus areas."""
    parts = [
        f"Varmekort med {len(areas)} {word.of(len(areas))} og {len(lineup)} netværk, der viser, hvor mange af "
        f"netværkets kommuner der har prioriteret {word.each}."
    ]
    index = {a.id: i for i, a in enumerate(areas)}
    for c, network in enumerate(lineup.networks):
        own = [f"{a.title} {table[index[a.id]][c]}" for a in network.focus_areas if a.id in index]
        parts.append(f"{network.name} ({network.size} kommuner): {'; '.join(own)}.")
    return " ".join(parts)
