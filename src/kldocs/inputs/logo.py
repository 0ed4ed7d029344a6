"""The sender's logo: a PNG in the programme folder, or an SVG with a PNG of it beside it.

``sender.logo`` in ``program.yaml`` names the file, relative to the
programme folder (``logo.png``, or ``grafik/logo.svg`` beside
``grafik/logo.png``). :func:`read_logo` reads it when the programme is
loaded, so a missing or broken logo is a problem of ``program.yaml`` like
any other, reported with its line before anything is written, and every
document of the run prints the same picture. Word shows the SVG where it
can (Office 2016 and later); LibreOffice, older Word and the PDFs show the PNG.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from kldocs.errors import InputError, Problem
from kldocs.inputs.files import read_bounded
from kldocs.inputs.validation import format_loc

if TYPE_CHECKING:
    from kldocs.engine.inline import Image
    from kldocs.inputs.yamlio import YamlDocument

LOGO_LIMIT = 5_000_000
"""The largest logo file kldocs reads, in bytes (a letterhead's logo is a few kilobytes)."""
LOGO_KEY = ("sender", "logo")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_ROOT = "{http://www.w3.org/2000/svg}svg"


@dataclass(frozen=True)
class Logo:
    """A logo as read from the programme folder: its PNG, and the SVG it was made from if there is one."""

    png: bytes
    svg: bytes | None = None

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height of the PNG in pixels."""
        width, height = struct.unpack(">II", self.png[16:24])
        return int(width), int(height)

    def picture(self, width_mm: float, height_mm: float, alt: str) -> Image:
        """The logo as large as fits in a box ``width_mm`` wide and ``height_mm`` high, keeping its proportions."""
        from kldocs.engine.inline import Image  # the engine's markup: loaded when a document is rendered

        width, height = self.pixels
        return Image(self.png, min(width_mm, height_mm * width / height), alt, svg=self.svg)


def read_logo(folder: Path, doc: YamlDocument) -> tuple[Logo | None, list[Problem]]:
    """The logo ``sender.logo`` of ``doc`` names in ``folder``, and the problems that kept it from being read.

    Reads the YAML as written, so that these problems are reported with
    those of the rest of ``program.yaml``; a ``sender.logo`` that is not a
    text is left to the model's validation to report.
    """
    sender = doc.data.get("sender") if isinstance(doc.data, dict) else None
    name = sender.get("logo") if isinstance(sender, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None, []
    line = doc.line_of(LOGO_KEY)
    where = f"{doc.path.name}, line {line}" if line else doc.path.name

    def problem(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(where, f"{format_loc(LOGO_KEY)}: {message}")]

    name = name.strip()
    relative = PurePosixPath(name.replace("\\", "/"))
    suffix = relative.suffix.lower()
    if relative.is_absolute() or ".." in relative.parts or ":" in name:
        return problem(f"{name!r} must be a path inside the programme folder, such as logo.png")
    if suffix not in (".png", ".svg"):
        return problem(f"{name!r} must be a PNG (logo.png), or an SVG with a PNG of it beside it")
    path, fallback = _files(folder, name)
    if not path.is_file():
        return problem(f"{name!r} is not a file in {folder.absolute().name}")
    if suffix == ".svg" and not fallback.is_file():
        return problem(
            f"{name!r} needs a PNG of the same logo beside it, {relative.with_suffix('.png')}, "
            "for the PDFs and the programs that cannot show SVG"
        )
    try:
        png = read_bounded(fallback, LOGO_LIMIT, "a logo")
        svg = read_bounded(path, LOGO_LIMIT, "a logo") if suffix == ".svg" else None
    except InputError as exc:
        return problem("; ".join(exc.problems))
    shown = name if suffix == ".png" else str(relative.with_suffix(".png"))
    if not (png.startswith(PNG_SIGNATURE) and png[12:16] == b"IHDR" and len(png) >= 24):
        return problem(f"{shown!r} is not a PNG image")
    if 0 in struct.unpack(">II", png[16:24]):
        return problem(f"{shown!r} is a PNG without pixels")
    if svg is not None:
        why = _not_svg(svg)
        if why:
            return problem(f"{name!r} {why}")
    return Logo(png, svg), []


def _files(folder: Path, name: str) -> tuple[Path, Path]:
    """The file ``name`` names in ``folder``, and the PNG beside it (the file itself for a PNG)."""
    path = folder.joinpath(*PurePosixPath(name.strip().replace("\\", "/")).parts)
    return path, path.with_suffix(".png")


def logo_unchanged(folder: Path, name: str | None, logo: Logo | None) -> bool:
    """True when ``folder`` holds ``logo`` where ``name`` says, as :func:`read_logo` read it; both None: no logo.

    For a programme read back from the cache: its logo's files are read
    again and compared with what was kept of them.
    """
    if name is None or logo is None:
        return name is None and logo is None
    path, fallback = _files(folder, name)
    try:
        png = read_bounded(fallback, LOGO_LIMIT, "a logo")
        svg = read_bounded(path, LOGO_LIMIT, "a logo") if path.suffix.lower() == ".svg" else None
    except InputError:
        return False
    return png == logo.png and svg == logo.svg


def _not_svg(data: bytes) -> str | None:
    """Why ``data`` is not an SVG kldocs puts in a document, or None when it is one."""
    from lxml import etree  # loaded only for a programme whose logo is an SVG

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        return f"is not an SVG image (it is not well-formed XML: {exc})"
    if tree.docinfo.internalDTD is not None:
        return "declares entities of its own (an internal DTD); save it as plain SVG"
    if tree.getroot().tag != SVG_ROOT:
        return "is not an SVG image (its root is not <svg> in the SVG namespace)"
    return None
