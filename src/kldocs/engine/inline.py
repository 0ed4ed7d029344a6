"""Values that become Word markup where their tag stands: line breaks, tabs, pictures, links and rich text.

The environment (:mod:`kldocs.engine.sandbox`) leaves markers in the rendered
XML for these; :func:`resolve_markers` replaces each marker by what fits the
place it landed in. Inside a run's text (``<w:t>``) a newline becomes a line
break ``<w:br/>``, a tab a ``<w:tab/>``, an :class:`Image` an inline picture,
a :class:`Link` a clickable hyperlink and a :class:`RichText` its runs (bold,
italic, links, line breaks), each keeping the surrounding run's properties;
anywhere else (an attribute, a field code) they fall back to plain text.

A :class:`ListNumbering` printed in the text of a numbered list's paragraph
prints nothing, and gives the paragraph's ``w:numId`` a numbering instance of
the list's own, so that every list starts at 1 (see :data:`LIST_NUM_IDS`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any, Protocol

from markupsafe import escape

from kldocs.engine.cleantext import xml_text
from kldocs.engine.sandbox import NEWLINE, OBJECT_END, OBJECT_START, TAB, Inline

EMU_PER_MM = 36000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
LINK_SCHEMES = ("http://", "https://", "mailto:")

_RPR = re.compile(r"<w:rPr>(.*?)</w:rPr>|<w:rPr/>", re.S)
_RPR_CHILD = re.compile(r"<w:(\w+)\b[^>]*?(?:/>|>.*?</w:\1>)", re.S)
# the order CT_RPr's children must appear in (ECMA-376 part 1, 17.3.2.28)
_RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange",
]

_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


@dataclass(frozen=True)
class Image(Inline):
    """A PNG or JPEG picture placed where its tag stands, ``width_mm`` wide, with ``alt`` as its alternative text.

    The height follows from the picture's aspect ratio. A JPEG photo stays a
    JPEG (converted to PNG it would be several times larger). With ``svg``
    the picture is also stored as that SVG, which Word shows where it can
    (Office 2016 and later) and the PNG ``data`` is its fallback elsewhere.
    Raises :class:`ValueError` for data that is neither, a width that is not
    positive, or an ``svg`` that is not an SVG or whose fallback is not a PNG.
    """

    data: bytes
    width_mm: float
    alt: str
    svg: bytes | None = None

    def __post_init__(self) -> None:
        png = self.data.startswith(PNG_SIGNATURE) and self.data[12:16] == b"IHDR"
        if not png and not self.data.startswith(JPEG_SIGNATURE):
            raise ValueError("Image data must be a PNG or JPEG picture")
        if self.svg is not None and (not png or b"<svg" not in self.svg):
            raise ValueError("An SVG picture must be an SVG, with a PNG of it as its fallback")
        if not self.width_mm > 0:
            raise ValueError(f"Image width must be more than 0 mm, not {self.width_mm}")
        width, height = self.pixels
        if width == 0 or height == 0:
            raise ValueError(f"Image data is a {self.extension.upper()} without pixels")

    @property
    def extension(self) -> str:
        """``png`` or ``jpeg``: the file extension the picture is stored under in the document."""
        return "png" if self.data.startswith(PNG_SIGNATURE) else "jpeg"

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height in pixels, read from the picture's header."""
        if self.extension == "png":
            width, height = struct.unpack(">II", self.data[16:24])
            return int(width), int(height)
        return _jpeg_size(self.data)

    @property
    def extent(self) -> tuple[int, int]:
        """Width and height in EMU, Word's unit (36,000 to the millimetre)."""
        width, height = self.pixels
        cx = round(self.width_mm * EMU_PER_MM)
        return cx, round(cx * height / width)

    @property
    def digest(self) -> str:
        """SHA-256 of the picture, so the same picture is stored once per document."""
        return hashlib.sha256(self.data).hexdigest()

    def plain_text(self) -> str:
        """The alternative text."""
        return self.alt


_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
"""JPEG start-of-frame markers, which carry the picture's size (C4, C8 and CC are other segments)."""


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height of a JPEG, from its first start-of-frame segment; ValueError when there is none."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            break
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _SOF and at + 9 <= len(data):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return int(width), int(height)
        if marker == 0xDA:  # image data begins: no frame header before it
            break
        at += 2 + length
    raise ValueError("Image data is a JPEG whose size cannot be read")


@dataclass(frozen=True)
class Link(Inline):
    """A clickable hyperlink to ``url`` showing ``text`` (the address itself when no text is given).

    Raises :class:`ValueError` for an address that is not http, https or mailto.
    """

    url: str
    text: str | None = None

    def __post_init__(self) -> None:
        check_address(self.url)

    @property
    def shown(self) -> str:
        """The text the reader sees: its text, else its address (an e-mail address as :func:`address_of` has it)."""
        if self.text:
            return self.text
        return address_of(self.url)

    def plain_text(self) -> str:
        """The visible text."""
        return self.shown


def address_of(url: str) -> str:
    """``url`` as the reader writes to it or opens it: a ``mailto:`` link's address and subject, else ``url``.

    ``mailto:kyst@kl.dk?subject=Interesse%20i%20partnerskabet`` is
    ``kyst@kl.dk med emnet ”Interesse i partnerskabet”``: the subject is
    what the mail is to be sorted by, so a reader of the printed letter
    needs it too; the link's other fields (``cc``, ``body``) are left to the
    link, and %-escapes are read.
    """
    if url[:7].lower() != "mailto:":
        return url
    from urllib.parse import parse_qs, unquote

    address, _, query = url[7:].partition("?")
    subject = " ".join(parse_qs(query).get("subject", [])).strip()
    return unquote(address) + (f" med emnet \N{RIGHT DOUBLE QUOTATION MARK}{subject}"
                               f"\N{RIGHT DOUBLE QUOTATION MARK}" if subject else "")


def clickable(address: str | None) -> Link | str | None:
    """``address`` as a link the reader can click where it is one (http, https, mailto), else as the text it is."""
    return Link(address) if address and address.lower().startswith(LINK_SCHEMES) else address


def check_address(url: str) -> str:
    """``url`` if a link may go there (http, https or mailto, no spaces); else ValueError saying so."""
    if not url.lower().startswith(LINK_SCHEMES) or any(c.isspace() for c in url):
        raise ValueError(
            f"Link address must start with http://, https:// or mailto: and hold no spaces, not {url!r}"
        )
    return url


@dataclass(frozen=True)
class Run:
    """A stretch of rich text in one formatting: bold, italic, a link to ``link``; a newline in it breaks the line.

    Raises :class:`ValueError` for a link that is not http, https or mailto.
    """

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None

    def __post_init__(self) -> None:
        if self.link is not None:
            check_address(self.link)



def plain_text(runs: Iterable[Run]) -> str:
    """``runs`` as plain text writes them: each link's address in brackets after its text, unless it is the text."""
    pieces: list[str] = []
    for link, linked in groupby(runs, key=lambda run: run.link):
        text = "".join(run.text for run in linked)
        pieces.append(text)
        if link is not None:
            address = address_of(link)
            if text not in (link, address, re.sub(r"^https?://", "", address, flags=re.I).rstrip("/")):
                pieces.append(f" ({address})")
    return "".join(pieces)


class RichText(str, Inline):
    """Text with bold, italic, links and line breaks: a ``str`` of its plain text, printed in Word as its runs.

    As a string it reads as plain text does (an e-mail, a CSV cell, a
    document property): the runs' text, each link's address in brackets
    after its text. Printed in a Word template it becomes runs of their own
    where its tag stands, each with the surrounding run's properties, made
    bold or italic, or a hyperlink in the ``Hyperlink`` style. Two rich texts
    are equal when their runs are; a rich text never equals a plain ``str``.
    """

    runs: tuple[Run, ...]

    def __new__(cls, runs: Iterable[Run]) -> RichText:
        """Rich text of ``runs``, in order."""
        held = tuple(runs)
        self = super().__new__(cls, plain_text(held))
        self.runs = held
        return self

    def plain_text(self) -> str:
        """The text as plain text writes it (the string itself)."""
        return str.__str__(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RichText) and self.runs == other.runs

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.runs)

    def __repr__(self) -> str:
        return f"RichText({self.runs!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (RichText, (self.runs,))


LIST_NUM_IDS = range(1001, 1101)
"""The numbering instances (``w:num``) a template keeps for its numbered lists, each restarting at 1.

Word continues one numbering across all the lists that share an instance,
so each numbered list needs one of its own. The bundled templates
(``templates/housestyle.py``) define these ids, each an instance of the
numbered lists' abstract numbering with a start override on both levels,
and number a list's paragraphs with the first; :func:`number_lists` hands
them out in order, one to each numbered list (and each numbered list under
an item) of a part. The lists beyond the hundredth of one part share the
last instance.
"""


@dataclass(frozen=True)
class ListNumbering(Inline):
    """The numbering of one item of a numbered list, printed in its paragraph's text, where it leaves nothing.

    The paragraph's ``<w:numId w:val="…"/>`` (one of :data:`LIST_NUM_IDS`, as
    the template has it) becomes the list's own: ``first`` is True on a
    list's first item, which takes the next instance; the other items of the
    list take the one their first item took. ``level`` is 0 for a list and 1
    for a list under an item, so that a list under an item does not end the
    one above it.
    """

    level: int
    first: bool

    def plain_text(self) -> str:
        """Nothing: the numbering is the paragraph's, not its text."""
        return ""


_NUM_ID = re.compile(r'(<w:numId w:val=")(\d+)("\s*/>)')
_OBJECT = re.compile(f"{OBJECT_START}(\\d+){OBJECT_END}")


def number_lists(xml: str, objects: list[Inline]) -> str:
    """``xml`` with each :class:`ListNumbering` marker removed and its paragraph given its list's numbering."""
    if not any(isinstance(value, ListNumbering) for value in objects):
        return xml
    pieces: list[str] = []
    last = 0
    current: dict[int, int] = {}
    handed = 0
    for marker in _OBJECT.finditer(xml):
        numbering = objects[int(marker.group(1))]
        if not isinstance(numbering, ListNumbering):
            continue
        if numbering.first or numbering.level not in current:
            current[numbering.level] = LIST_NUM_IDS[min(handed, len(LIST_NUM_IDS) - 1)]
            handed += 1
        paragraph = max(xml.rfind("<w:p>", last, marker.start()), xml.rfind("<w:p ", last, marker.start()))
        num_id = _NUM_ID.search(xml, paragraph, marker.start()) if paragraph >= 0 else None
        if num_id is not None:
            pieces += [xml[last : num_id.start(2)], str(current[numbering.level]), xml[num_id.end(2) : marker.start()]]
        else:
            pieces.append(xml[last : marker.start()])
        last = marker.end()
    pieces.append(xml[last:])
    return "".join(pieces)


class Relations(Protocol):
    """What placing pictures and links in a part needs from the package being built."""

    def image(self, part: str, image: Image) -> str:
        """Store the picture for ``part`` and return the relationship id pointing at it."""

    def svg(self, part: str, image: Image) -> str:
        """Store the picture's SVG (``image.svg``) for ``part`` and return the relationship id pointing at it."""

    def hyperlink(self, part: str, url: str) -> str:
        """Relate ``part`` to the external ``url`` and return the relationship id."""

    @property
    def hyperlink_style(self) -> bool:
        """True when the template defines Word's ``Hyperlink`` character style."""


def _attr(text: str) -> str:
    return str(escape(xml_text(text).replace("\n", " ").replace("\t", " ")))


SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
"""The ``a:ext`` URI under which Word (2016 and later) finds a picture's SVG beside its PNG fallback."""


def drawing_xml(image: Image, rid: str, svg_rid: str | None = None) -> str:
    """A ``<w:drawing>`` showing ``image`` inline (its ``wp:docPr`` id is renumbered afterwards).

    ``svg_rid`` relates the picture's SVG, which ``a:blip`` then names in
    Word's extension for it; the blip itself stays the PNG.
    """
    cx, cy = image.extent
    alt = _attr(image.alt)
    blip = (
        f'<a:blip r:embed="{rid}"><a:extLst><a:ext uri="{SVG_EXTENSION}"><asvg:svgBlip '
        f'xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="{svg_rid}"/>'
        "</a:ext></a:extLst></a:blip>"
        if svg_rid else f'<a:blip r:embed="{rid}"/>'
    )
    return (
        f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" {_NS}>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="1" name="Billede" descr="{alt}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="billede.{image.extension}" descr="{alt}"/>'
        "<pic:cNvPicPr/></pic:nvPicPr>"
        f"<pic:blipFill>{blip}<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing>"
    )


def merged_rpr(run_rpr: str, added: Iterable[tuple[str, str]] = (), dropped: Iterable[str] = ()) -> str:
    """The run properties ``run_rpr`` (a ``<w:rPr>`` element, or empty) with ``added`` children, in schema order.

    ``added`` holds ``(name, xml)`` pairs such as ``("b", "<w:b/>")``; a child
    of the same name is replaced, and those named in ``dropped`` are left out.
    Gives an empty string when no property remains.
    """
    found = _RPR.fullmatch(run_rpr.strip())
    inner = (found.group(1) or "") if found else ""
    new = list(added)
    gone = {name for name, _ in new} | set(dropped)
    children = [(m.group(1), m.group(0)) for m in _RPR_CHILD.finditer(inner) if m.group(1) not in gone] + new
    if not children:
        return ""
    rank = {name: i for i, name in enumerate(_RPR_ORDER)}
    children.sort(key=lambda child: rank.get(child[0], len(rank)))
    return "<w:rPr>" + "".join(xml for _, xml in children) + "</w:rPr>"


@functools.lru_cache(maxsize=64)  # a batch's links stand in few kinds of runs
def hyperlink_rpr(run_rpr: str, styled: bool) -> str:
    """The run properties of a link's text: the surrounding run's, coloured and underlined as a link.

    ``run_rpr`` is the surrounding run's ``<w:rPr>`` element (or empty); its
    children are kept, in schema order, except the style, colour and underline.
    """
    added = [("rStyle", '<w:rStyle w:val="Hyperlink"/>')] if styled else []
    added += [("color", '<w:color w:val="0563C1"/>'), ("u", '<w:u w:val="single"/>')]
    return merged_rpr(run_rpr, added, dropped=("rStyle",))


_BOLD = (("b", "<w:b/>"), ("bCs", "<w:bCs/>"))
_ITALIC = (("i", "<w:i/>"), ("iCs", "<w:iCs/>"))


def _context(xml: str, position: int) -> str:
    """``attribute``, ``text`` (inside a run's ``<w:t>``) or ``other``: where a marker landed."""
    lt = xml.rfind("<", 0, position)
    if lt > xml.rfind(">", 0, position):
        return "attribute"
    if xml.startswith(("<w:t>", "<w:t "), lt):
        return "text"
    return "other"


def _in_hyperlink(xml: str, position: int) -> bool:
    """True when the marker at ``position`` stands inside a ``<w:hyperlink>`` of its paragraph.

    A hyperlink holds runs, not paragraphs, so only the marker's own
    paragraph is read back, not the part before it (the whole part is,
    when the last paragraph to begin has ended: one in a text box).
    """
    paragraph = max(_last_start(xml, "<w:p", position), 0)
    if xml.find("</w:p>", paragraph, position) >= 0:
        paragraph = 0
    return xml.rfind("<w:hyperlink", paragraph, position) > xml.rfind("</w:hyperlink>", paragraph, position)


def _last_start(xml: str, tag: str, position: int) -> int:
    """Where the last ``<tag>`` (or ``<tag …>``) that begins before ``position`` begins; -1 for none.

    Looked for as ``tag`` followed by ``>`` or a space, back from
    ``position`` (``<w:r`` also begins ``<w:rPr``): one ``rfind`` for each
    spelling would read the whole part back to its start for the spelling
    the part does not use.
    """
    start = xml.rfind(tag, 0, position)
    end = len(tag)
    while start >= 0 and (start + end + 1 > position or xml[start + end] not in "> "):
        start = xml.rfind(tag, 0, start)
    return start


def _run_rpr(xml: str, position: int) -> str:
    """The ``<w:rPr>`` of the run the marker at ``position`` stands in (empty when it has none)."""
    run_start = _last_start(xml, "<w:r", position)
    if run_start < 0:
        return ""
    found = _RPR.search(xml, run_start, position)
    return found.group(0) if found else ""


def _run_text(text: str) -> str:
    return str(escape(xml_text(text))).replace("\n", _BREAK).replace("\t", _TAB)


def _link_xml(xml: str, position: int, link: Link, part: str, relations: Relations) -> str:
    if _in_hyperlink(xml, position):
        return str(escape(xml_text(link.shown)))  # already inside a hyperlink: Word cannot nest them
    run_rpr = _run_rpr(xml, position)
    rid = relations.hyperlink(part, link.url)
    return (
        f'</w:t></w:r><w:hyperlink r:id="{rid}" w:history="1"><w:r>'
        f'{hyperlink_rpr(run_rpr, relations.hyperlink_style)}<w:t xml:space="preserve">{_run_text(link.shown)}'
        f'</w:t></w:r></w:hyperlink><w:r>{run_rpr}<w:t xml:space="preserve">'
    )


def _rich_xml(xml: str, position: int, rich: RichText, part: str, relations: Relations) -> str:
    """The runs of ``rich`` in place of the marker at ``position``, each with the surrounding run's properties."""
    run_rpr = _run_rpr(xml, position)
    nested = _in_hyperlink(xml, position)  # inside a hyperlink already: Word cannot nest them
    pieces = ["</w:t></w:r>"]
    for link, runs in groupby(rich.runs, key=lambda run: None if nested else run.link):
        made = []
        for run in runs:
            rpr = merged_rpr(run_rpr, (_BOLD if run.bold else ()) + (_ITALIC if run.italic else ()))
            if link is not None:
                rpr = hyperlink_rpr(rpr, relations.hyperlink_style)
            made.append(f'<w:r>{rpr}<w:t xml:space="preserve">{_run_text(run.text)}</w:t></w:r>')
        if link is None:
            pieces += made
        else:
            rid = relations.hyperlink(part, link)
            pieces.append(f'<w:hyperlink r:id="{rid}" w:history="1">{"".join(made)}</w:hyperlink>')
    pieces.append(f'<w:r>{run_rpr}<w:t xml:space="preserve">')
    return "".join(pieces)


def _marker_positions(xml: str) -> list[int]:
    """Where the markers are, in order (``str.find`` scans far faster than a regular expression)."""
    found: list[int] = []
    for marker in (NEWLINE, TAB, OBJECT_START):
        position = xml.find(marker)
        while position >= 0:
            found.append(position)
            position = xml.find(marker, position + 1)
    return sorted(found)


def resolve_markers(xml: str, objects: list[Inline], part: str, relations: Relations) -> str:
    """Replace the markers :func:`~kldocs.engine.sandbox.finalize_xml` left in ``xml`` by Word markup.

    Numbered lists are numbered first (:func:`number_lists`), in the order they stand in the part.
    """
    if NEWLINE not in xml and TAB not in xml and OBJECT_START not in xml:
        return xml
    xml = number_lists(xml, objects)
    pieces: list[str] = []
    last = 0
    for position in _marker_positions(xml):
        pieces.append(xml[last:position])
        marker = xml[position]
        last = xml.index(OBJECT_END, position) + 1 if marker == OBJECT_START else position + 1
        where = _context(xml, position)
        if marker == NEWLINE:
            pieces.append(_BREAK if where == "text" else " ")
        elif marker == TAB:
            pieces.append(_TAB if where == "text" else " ")
        else:
            value = objects[int(xml[position + 1 : last - 1])]
            if where != "text":
                pieces.append(_attr(value.plain_text()))
            elif isinstance(value, Image):
                rid = relations.image(part, value)
                drawing = drawing_xml(value, rid, relations.svg(part, value) if value.svg is not None else None)
                pieces.append(f"</w:t>{drawing}<w:t xml:space=\"preserve\">")
            elif isinstance(value, Link):
                pieces.append(_link_xml(xml, position, value, part, relations))
            elif isinstance(value, RichText):
                pieces.append(_rich_xml(xml, position, value, part, relations))
            else:  # pragma: no cover - every Inline is one of the above
                pieces.append(_attr(value.plain_text()))
    pieces.append(xml[last:])
    return "".join(pieces)


DRAWING = "<wp:docPr"
"""Where a drawing's properties begin, whose id :func:`renumber_drawings` gives."""
_DOCPR = re.compile(f'({DRAWING}\\b[^>]*?\\bid=")(\\d+)(")')


def drawing_ids(xml: str) -> list[int]:
    """The ``wp:docPr`` ids of the drawings in ``xml``."""
    return [int(m.group(2)) for m in _DOCPR.finditer(xml)]


def renumber_drawings(xml: str, counter: Callable[[], int]) -> str:
    """Give every ``wp:docPr`` a fresh id from ``counter``; loops copy pictures, and Word wants ids unique."""
    if DRAWING not in xml:
        return xml
    return _DOCPR.sub(lambda m: f"{m.group(1)}{counter()}{m.group(3)}", xml)
