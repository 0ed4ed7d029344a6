"""Charts for the dissemination material, drawn with matplotlib and saved as reproducible PNG.

A chart is drawn on its own :class:`~matplotlib.figure.Figure` with the Agg
canvas (no pyplot, no display, no global state) in the DejaVu Sans font that
ships with matplotlib, and saved by Pillow as an opaque PNG without the
software and time stamps PNG files usually carry. The same data therefore gives the same bytes, so the
documents that embed a chart stay byte-reproducible.

Every chart is drawn from matplotlib's defaults and :data:`STYLE`, whatever
a ``matplotlibrc`` says. Because the same data gives the same PNG, a chart
drawn once is kept between runs (:func:`kept_png`, in
``~/.cache/kldocs/charts``) and read back while its data and the drawing
code are unchanged: ``kldocs check`` on an unchanged folder then neither
imports matplotlib (half a second) nor draws (a few tenths of a second a
chart).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import textwrap
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # matplotlib and Pillow are loaded when a chart is drawn, not when kldocs starts
    from matplotlib.figure import Figure

INK = "#1d2b36"
"""Text and axis colour."""
ACCENT = "#00606b"
"""The colour of the bars."""
GHOST = "#dde4e8"
"""The colour of the bar behind, showing the whole a part is taken from."""

DPI = 200
WIDTH_MM = 160.0
"""The width charts are drawn for: the text width of an A4 page with 25 mm margins."""

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10.5,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.hashsalt": "kldocs",
    "path.simplify": True,
}


@dataclass(frozen=True)
class Chart:
    """A chart as a PNG image, with the alt text and caption that go with it."""

    name: str
    """A file-name stem, e.g. ``deltagere-pr-region``."""
    png: bytes
    alt: str
    """What the chart shows, in full, for a reader who cannot see it."""
    caption: str
    width_mm: float = WIDTH_MM

    @property
    def data_uri(self) -> str:
        """The image as a ``data:`` URI, for a self-contained web page."""
        return data_uri(self.png, "image/png")

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in pixels, read from the PNG header."""
        return int.from_bytes(self.png[16:20], "big"), int.from_bytes(self.png[20:24], "big")


def data_uri(data: bytes, media_type: str) -> str:
    """A picture as a ``data:`` URI, for a self-contained web page."""
    return f"data:{media_type};base64," + base64.b64encode(data).decode("ascii")


def horizontal_bars(
    labels: Sequence[str],
    values: Sequence[int],
    *,
    totals: Sequence[int] | None = None,
    value_labels: Sequence[str] | None = None,
    xlabel: str = "",
    labels_above: bool = False,
) -> bytes:
    """Draw a horizontal bar chart, first label at the top, and return it as PNG bytes.

    ``totals`` draws a pale bar behind each bar (the whole it is part of);
    ``value_labels`` are printed at the end of each bar (the values by default).
    Short labels stand left of their bars; with ``labels_above`` each label
    stands above its bar, so long labels leave the bars the full width.
    """
    if len(labels) != len(values):
        raise ValueError("a bar chart needs as many labels as values")
    if not labels:
        raise ValueError("a bar chart needs at least one bar")
    texts = tuple(value_labels) if value_labels is not None else tuple(str(v) for v in values)
    spec = (tuple(labels), tuple(values), None if totals is None else tuple(totals), texts, xlabel, labels_above)
    return _kept_bars(spec)


@functools.lru_cache(maxsize=32)
def _kept_bars(spec: tuple[Any, ...]) -> bytes:
    """The chart :func:`horizontal_bars` describes: drawn once per process, and kept between runs."""
    return kept_png("bars", spec, lambda: _bars(*spec))


def _bars(labels: tuple[str, ...], values: tuple[int, ...], totals: tuple[int, ...] | None, texts: tuple[str, ...],
          xlabel: str, labels_above: bool) -> bytes:
    """Draw the chart :func:`horizontal_bars` describes."""
    n = len(labels)
    per_bar = 0.62 if labels_above else 0.42
    height_in = 0.85 + per_bar * n
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    # from matplotlib's defaults, whatever a matplotlibrc says: the data alone decides the picture
    with matplotlib.style.context(["default", cast(Any, STYLE)]):
        figure = Figure(figsize=(WIDTH_MM / 25.4, height_in), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = [float(n - 1 - i) for i in range(n)]
        longest = max([*values, *(totals or [])], default=0) or 1
        thickness = 0.42 if labels_above else 0.62
        if totals is not None:
            axes.barh(positions, totals, height=thickness, color=GHOST, zorder=1)
        bars = axes.barh(positions, values, height=thickness, color=ACCENT, zorder=2)
        ends = totals if totals is not None else values
        for bar, end, text in zip(bars, ends, texts, strict=True):
            axes.text(
                end + longest * 0.012, bar.get_y() + bar.get_height() / 2, text,
                va="center", ha="left", fontsize=10, color=INK,
            )
        if labels_above:
            for y, label in zip(positions, labels, strict=True):
                axes.text(
                    0, y + thickness / 2 + 0.07, textwrap.shorten(label, 90, placeholder=" …"),
                    va="bottom", ha="left", color=INK,
                )
            axes.set_yticks([])
            axes.set_ylim(-0.5, n - 0.5 + 0.45)
        else:
            axes.set_yticks(positions, list(labels))
            axes.tick_params(axis="y", length=0, pad=6)
        axes.set_xlim(0, longest * 1.12 + 0.5)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel(xlabel)
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        if not labels_above:  # grid lines would run through labels above the bars
            axes.grid(axis="x", color=GHOST, linewidth=0.8, zorder=0)
        axes.set_axisbelow(True)
        figure.tight_layout(pad=0.6)
        return png(figure)


def png(figure: Figure) -> bytes:
    """The figure as an opaque RGB PNG without software or time stamps, so the same chart gives the same bytes.

    Opaque, because a transparent background shows grey in some PDF and Word viewers.
    """
    from PIL import Image as PillowImage

    raw = io.BytesIO()
    figure.savefig(raw, format="rgba", dpi=DPI, facecolor="white")
    size = figure.canvas.get_width_height(physical=True)
    rgba = PillowImage.frombytes("RGBA", size, raw.getvalue())
    out = io.BytesIO()
    rgba.convert("RGB").save(out, format="PNG", optimize=True, dpi=(DPI, DPI))
    return out.getvalue()


CHART_FORMAT = 1
"""The version of what the chart cache keeps; raised whenever a chart drawn from the same data would change."""
_DRAWING = ("charts.py", "../networks/chart.py")
"""kldocs' modules that draw charts, beside this one."""
_LIBRARIES = {"matplotlib": ("__init__.py", "_version.py"), "PIL": ("__init__.py", "_version.py"),
              "numpy": ("__init__.py", "version.py")}
"""The libraries a chart's pixels and PNG bytes come from, and the files of each whose stamps stand for its
version (found, not imported: reading a kept chart imports none of them)."""
_PNG = b"\x89PNG\r\n\x1a\n"


@functools.cache
def drawing_version() -> str:
    """What, besides its data, a chart's PNG depends on, as one digest.

    The cache's format, and the size and modification time of kldocs'
    drawing modules and of matplotlib's, Pillow's and NumPy's version files,
    so that a new release of any of them, or an edit of kldocs in a source
    checkout, draws every chart afresh.
    """
    from kldocs.resources import code_version, package_files

    here = Path(__file__).resolve().parent
    files = [here / name for name in _DRAWING]
    for package, names in _LIBRARIES.items():
        files += package_files(package, names)
    return code_version(CHART_FORMAT, files)


def kept_png(kind: str, spec: tuple[Any, ...], draw: Callable[[], bytes]) -> bytes:
    """``draw()``, the PNG of the chart of ``kind`` that ``spec`` describes, kept between runs.

    ``spec`` holds everything the drawing reads, as plain values (text,
    numbers, tuples of them), so that its ``repr`` names the chart: the
    entry's key is a SHA-256 of it, ``kind`` and :func:`drawing_version`.
    An entry is read back only as :func:`kldocs.resources.read_cached` trusts
    it (the user's own, undamaged) and only if it is a PNG; otherwise the
    chart is drawn and the entry written. ``KLDOCS_NO_CACHE=1`` turns this off.
    """
    from kldocs.resources import kept_bytes

    key = hashlib.sha256(f"{drawing_version()}\0{kind}\0{spec!r}".encode("utf-8", "surrogatepass")).hexdigest()
    return kept_bytes("charts", key, lambda: _quietly(draw), lambda data: data.startswith(_PNG))


def _quietly(draw: Callable[[], bytes]) -> bytes:
    """``draw()``, without matplotlib's warning for a character its font lacks (an emoji in a title).

    The warning names the glyph on stderr between kldocs' own lines, once per
    chart; the chart then shows a box where the character is, while the
    document's text (in Word's fonts) holds the character itself.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from", category=UserWarning)
        return draw()
