"""Headings kept with their text in a PDF where LibreOffice leaves one alone at the foot of a page.

A heading is kept with the paragraph after it (its style's ``keepNext``),
and Word keeps it so. LibreOffice does too, except where the paragraph after
it is kept together (``keepLines``: an agreement's signatures) or is a chain
of paragraphs kept with the next: when the first line of it would fit below
the heading but the whole does not, LibreOffice moves the paragraph to the
next page and leaves the heading behind, alone at the foot of the page. In
the example's agreements a quarter of the municipalities had their
"Godkendelse og underskrifter" so.

The .docx files are right as they are. Their PDFs are checked instead, the
way a reader sees them: :func:`orphaned_headings` reads the PDF's tags and
finds a heading whose next element begins on a later page, and
:func:`break_before` gives a copy of the document with a page break before
each such heading (what Word's layout does), to be converted again.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any, NamedTuple

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_TAGS = frozenset({"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"})
_GROUPS = frozenset({"/Document", "/Part", "/Art", "/Sect", "/Div", "/BlockQuote", "/TOC", "/TOCI", "/Table",
                     "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD", "/L", "/LI", "/LBody", "/NonStruct",
                     "/Private", "/Index"})
"""The standard structure types that group other elements, among them perhaps headings (PDF 1.7, 14.8.4)."""
_BODY = "word/document.xml"
_STYLES = "word/styles.xml"
_BEFORE_PAGE_BREAK = ("pStyle", "keepNext", "keepLines")
"""The children of ``w:pPr`` that come before ``w:pageBreakBefore`` in the schema's order."""


class Headings(NamedTuple):
    """A tagged PDF's headings: how many, and the numbers (from 0, in document order) of those left alone."""

    total: int
    orphaned: list[int]


def orphaned_headings(pdf: Path) -> Headings:
    """The headings of a tagged PDF, and those whose next element begins on a later page.

    Headings are the structure elements of type H, H1 … H6 (through the
    role map: LibreOffice names them by style), numbered depth first as
    they come. A PDF without tags has none. pikepdf (qpdf) reads the
    structure tree four times as fast as pypdf, which matters when every
    PDF of a batch of 98 is read: 3 ms a PDF against 11.
    """
    import pikepdf

    with pikepdf.open(pdf) as document:
        tree = document.Root.get("/StructTreeRoot")
        if tree is None:
            return Headings(0, [])
        roles: Any = tree.get("/RoleMap") or {}
        page_of = {page.objgen: n for n, page in enumerate(document.pages)}

        def kids(element: Any) -> list[Any]:
            k = element.get("/K")
            if k is None:
                return []
            return list(k) if isinstance(k, pikepdf.Array) else [k]

        def page(reference: Any, inherited: int | None) -> int | None:
            return page_of.get(reference.objgen) if reference is not None else inherited

        def first_page(element: Any, inherited: int | None = None) -> int | None:
            here = page(element.get("/Pg"), inherited)
            for kid in kids(element):
                if not isinstance(kid, pikepdf.Dictionary):  # a marked-content id on the element's page
                    return here
                if "/MCID" in kid:  # a marked-content reference, perhaps to another page
                    return page(kid.get("/Pg"), here)
                if kid.get("/Type") != "/OBJR":  # an object reference (a link's annotation) has no text
                    found = first_page(kid, here)
                    if found is not None:
                        return found
            return None

        def standard(element: Any) -> str:
            kind = str(element.get("/S"))
            for _ in range(8):  # a role maps to a standard type, perhaps through another role
                if kind not in roles:
                    break
                kind = str(roles[kind])
            return kind

        orphans: list[int] = []
        number = 0

        def walk(element: Any) -> None:
            nonlocal number
            elements = [k for k in kids(element) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
            for i, kid in enumerate(elements):
                kind = standard(kid)
                if kind not in _HEADING_TAGS:
                    if kind in _GROUPS:  # a paragraph, a span or a link holds no heading: not read further
                        walk(kid)
                    continue
                here = first_page(kid)
                after = next((p for p in (first_page(e) for e in elements[i + 1:]) if p is not None), None)
                if here is not None and after is not None and after > here:
                    orphans.append(number)
                number += 1

        walk(tree)
        return Headings(number, orphans)


def _outline_styles(styles: bytes | None) -> frozenset[str]:
    """The ids of the paragraph styles with an outline level, their own or one they are based on."""
    if styles is None:
        return frozenset()
    from lxml import etree

    root = etree.fromstring(styles)
    based: dict[str, str | None] = {}
    levels: dict[str, bool] = {}  # a style's own outline level, where it sets one: a heading's (0–8) or none (9)
    for style in root.iterfind(f"{{{W}}}style[@{{{W}}}type='paragraph']"):
        sid = style.get(f"{{{W}}}styleId")
        parent = style.find(f"{{{W}}}basedOn")
        based[sid] = parent.get(f"{{{W}}}val") if parent is not None else None
        level = style.find(f"{{{W}}}pPr/{{{W}}}outlineLvl")
        if level is not None:
            levels[sid] = level.get(f"{{{W}}}val") != "9"

    def has_level(sid: str | None, depth: int = 0) -> bool:
        """Its own level where it sets one (Word's TOC Heading sets 9 on Heading 1's), else its base's."""
        if sid is None or depth >= 16:
            return False
        return levels[sid] if sid in levels else has_level(based.get(sid), depth + 1)

    return frozenset(sid for sid in based if has_level(sid))


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _headings(body: Any, outlined: frozenset[str]) -> Iterator[Any]:
    """The paragraphs of the body a tagged PDF heads with H1 … H6, in document order.

    A text box's paragraphs stand twice in Word's file, the second time in an
    ``mc:Fallback`` for programs that cannot read the first; only the first counts.
    """
    for p in body.iter(f"{{{W}}}p"):
        if any(a.tag == _FALLBACK for a in p.iterancestors()):
            continue
        ppr = p.find(f"{{{W}}}pPr")
        level = ppr.find(f"{{{W}}}outlineLvl") if ppr is not None else None
        style = ppr.find(f"{{{W}}}pStyle") if ppr is not None else None
        if level is not None:
            if level.get(f"{{{W}}}val") != "9":
                yield p
        elif style is not None and style.get(f"{{{W}}}val") in outlined:
            yield p


def break_before(docx: bytes, headings: Collection[int], total: int) -> bytes | None:
    """A copy of ``docx`` with a page break before each of its ``headings`` (numbered as the PDF's are).

    ``total`` is how many headings the PDF has. None when the document has
    another number of them (then its paragraphs and the PDF's headings do not
    match, and the document is left as it is), or when each of them has a page
    break before it already, so that another conversion would not move them.
    """
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        names = package.namelist()
        styles = package.read(_STYLES) if _STYLES in names else None
        root = etree.fromstring(package.read(_BODY))
        found = list(_headings(root, _outline_styles(styles)))
        if not headings or len(found) != total:
            return None
        if all(found[n].find(f"{{{W}}}pPr/{{{W}}}pageBreakBefore") is not None for n in headings):
            return None  # a page break before each already: another would not move them
        for number in headings:
            p = found[number]
            ppr = p.find(f"{{{W}}}pPr")
            if ppr is None:
                ppr = etree.Element(f"{{{W}}}pPr")
                p.insert(0, ppr)
            if ppr.find(f"{{{W}}}pageBreakBefore") is not None:
                continue
            at = sum(1 for child in ppr if etree.QName(child).localname in _BEFORE_PAGE_BREAK)
            ppr.insert(at, etree.Element(f"{{{W}}}pageBreakBefore"))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in package.infolist():
                data = (etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                        if info.filename == _BODY else package.read(info))
                copy.writestr(info, data)
    return out.getvalue()
