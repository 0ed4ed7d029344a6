"""Reading a Word package (.docx) as kldocs needs it: its entries, content types and parts.

A Word document is an Open Packaging Conventions zip: ``[Content_Types].xml``
says what each part is, ``_rels/*.rels`` files link parts to each other.
:func:`read_package` opens one, checks that it really is a Word document, and
finds the parts a template may hold tags in: the body, headers, footers,
footnotes, endnotes and the core document properties.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kldocs.engine.zipguard import refusal
from kldocs.engine.zipwriter import Entry, content, read_entries
from kldocs.errors import Problem, TemplateError

if TYPE_CHECKING:  # lxml (some 16 ms) is loaded where XML is parsed, not by a run whose templates are kept
    from lxml import etree

CONTENT_TYPES = "[Content_Types].xml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
REL_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
REL_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CT_DOCUMENT = f"{_WML}.document.main+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
_MAIN_TYPES = {
    CT_DOCUMENT,
    f"{_WML}.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
_TEMPLATED = {
    f"{_WML}.header+xml": "header",
    f"{_WML}.footer+xml": "footer",
    f"{_WML}.footnotes+xml": "footnotes",
    f"{_WML}.endnotes+xml": "endnotes",
}
_KIND_ORDER = {"body": 0, "header": 1, "footer": 2, "footnotes": 3, "endnotes": 4}
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

@functools.cache
def safe_parser() -> etree.XMLParser:
    """How kldocs parses a package's XML: as python-docx does (so docxtpl sees the same text), resolving no entities."""
    from lxml import etree

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class Part:
    """A part of the package that may hold template tags."""

    name: str
    """Its name in the zip: ``word/header1.xml``."""
    kind: str
    """``body``, ``header``, ``footer``, ``footnotes`` or ``endnotes``."""
    label: str
    """How messages name it: ``body``, ``header 1``, ``footer 2``, ``footnotes``."""


@dataclass
class Package:
    """The entries of a Word package and what kldocs knows about them."""

    name: str
    entries: list[Entry]
    main: str
    """Name of the main document part, usually ``word/document.xml``."""
    parts: list[Part]
    """The body first, then headers, footers, footnotes and endnotes."""
    content_types: str
    """``[Content_Types].xml`` as text, main part typed as a document (not a .dotx template)."""
    core: str | None
    """Name of the core-properties part, if the package has one."""
    defaults: dict[str, str] = field(default_factory=dict)
    """Content types by file extension."""

    def entry(self, name: str) -> Entry | None:
        """The entry called ``name``, if there is one."""
        return next((e for e in self.entries if e.name == name), None)

    def text(self, name: str) -> str:
        """The entry called ``name`` decoded as UTF-8 text."""
        entry = self.entry(name)
        if entry is None:
            raise KeyError(name)
        return content(entry).decode("utf-8")


@functools.lru_cache(maxsize=256)  # asked for every part of every letter of a batch
def rels_name(part: str) -> str:
    """The relationships part of ``part``: ``word/document.xml`` → ``word/_rels/document.xml.rels``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def relationships(xml: str | None) -> list[dict[str, str]]:
    """The relationships in a ``.rels`` part, each as its attributes (``Id``, ``Type``, ``Target`` …)."""
    if not xml:
        return []
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"), safe_parser())
    return [dict(rel.attrib) for rel in root.iter(f"{{{RELS_NS}}}Relationship")]


@functools.lru_cache(maxsize=256)  # the letters of a batch add the same links, numbered alike
def relationship_xml(rid: str, reltype: str, target: str, *, external: bool = False) -> str:
    """One ``<Relationship>`` element as text."""
    mode = ' TargetMode="External"' if external else ""
    return f"<Relationship Id={_quoted(rid)} Type={_quoted(reltype)} Target={_quoted(target)}{mode}/>"


_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _quoted(value: str) -> str:
    """``value`` as a quoted XML attribute value, as :func:`xml.sax.saxutils.quoteattr` writes it.

    (That module imports :mod:`urllib.request`, and with it HTTP, e-mail and
    SSL: some 20 ms of every run's start-up, for a few lines.)
    """
    text = value.translate(_ATTRIBUTE_ESCAPES)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def add_relationships(xml: str | None, new: list[str]) -> str:
    """A ``.rels`` part with ``new`` relationship elements added (a fresh part when ``xml`` is None)."""
    if xml is None:
        xml = f'{XML_DECLARATION}<Relationships xmlns="{RELS_NS}"></Relationships>'
    at = xml.rindex("</Relationships>")
    return xml[:at] + "".join(new) + xml[at:]


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _bad(name: str, message: str) -> TemplateError:
    return TemplateError(Problem(name, message))


def read_package(data: bytes, name: str) -> Package:
    """Open the Word package in ``data``; ``name`` is how messages call it.

    Raises :class:`TemplateError` when it is not a zip, not a Word document,
    damaged, or has a part that is not well-formed XML.
    """
    from lxml import etree

    if data.startswith(_OLE):
        raise _bad(name, "is an old-format (.doc) or password-protected Word file; "
                         "save it in Word as a Word Document (.docx) without a password")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            refused = refusal(archive.infolist(), "a Word document")
        if refused:
            raise _bad(name, f"{refused}; it is refused unread (is it a zip bomb?)")
        entries = read_entries(data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, IndexError, EOFError) as exc:
        raise _bad(name, f"is not a Word document (.docx): it is not a readable zip package ({exc})") from None
    by_name = {e.name: e for e in entries}
    if CONTENT_TYPES not in by_name:
        raise _bad(name, "is not a Word document (.docx): it has no [Content_Types].xml")
    problems: list[str] = []
    for entry in entries:
        try:
            if zlib.crc32(content(entry)) != entry.crc:
                problems.append(f"is damaged: {entry.name} fails its checksum")
        except zlib.error:
            problems.append(f"is damaged: {entry.name} cannot be decompressed")
    if problems:
        raise TemplateError(Problem(name, p) for p in problems)
    problems = [
        f"has a document type declaration (<!DOCTYPE …>) in {entry.name}; Word never writes one, "
        "and kldocs does not copy one into documents: save the template again from Word"
        for entry in entries
        if entry.name.endswith((".xml", ".rels")) and _DOCTYPE.search(content(entry))
    ]
    if problems:
        raise TemplateError(Problem(name, p) for p in problems)
    ct_text = content(by_name[CONTENT_TYPES]).decode("utf-8")
    try:
        ct_root = etree.fromstring(ct_text.encode("utf-8"), safe_parser())
    except etree.XMLSyntaxError as exc:
        raise _bad(name, f"is damaged: [Content_Types].xml is not well-formed XML ({exc})") from None
    overrides = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
        for o in ct_root.iter(f"{{{CT_NS}}}Override")
    }
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "") for d in ct_root.iter(f"{{{CT_NS}}}Default")
    }
    mains = [p for p, t in overrides.items() if t in _MAIN_TYPES and p in by_name]
    if not mains:
        raise _bad(name, "is not a Word document (.docx): it has no main document part "
                         "(is it an Excel or PowerPoint file renamed?)")
    main = mains[0]
    main_type = overrides[main]
    if main_type != CT_DOCUMENT:
        if "macroEnabled" in main_type:
            raise _bad(name, "holds macros (.docm/.dotm); save it as a Word Document (.docx)")
        ct_text = ct_text.replace(f'ContentType="{main_type}"', f'ContentType="{CT_DOCUMENT}"')
    parts = [Part(main, "body", "body")]
    for part_name, ctype in overrides.items():
        kind = _TEMPLATED.get(ctype)
        if kind and part_name in by_name:
            number = re.search(r"(\d+)\.xml$", part_name)
            label = f"{kind} {number.group(1)}" if number and kind in ("header", "footer") else kind
            parts.append(Part(part_name, kind, label))
    parts.sort(key=lambda p: (_KIND_ORDER[p.kind], _natural(p.name)))
    core = next((p for p, t in overrides.items() if t == CT_CORE and p in by_name), None)
    package = Package(name, entries, main, parts, ct_text, core, defaults)
    for part in parts:
        try:
            etree.fromstring(content(by_name[part.name]), safe_parser())
        except etree.XMLSyntaxError as exc:
            problems.append(f"is damaged: its {part.label} ({part.name}) is not well-formed XML ({exc})")
    if problems:
        raise TemplateError(Problem(name, p) for p in problems)
    return package


def _natural(name: str) -> tuple[str, int]:
    number = re.search(r"(\d+)\.xml$", name)
    return (re.sub(r"\d+\.xml$", "", name), int(number.group(1)) if number else 0)
