"""One Word document holding many: all letters of a batch, for printing.

:func:`combine` appends rendered documents to one another. Each becomes a
section of its own that starts on a new page with page numbering restarting
at 1, keeps its own headers and footers (shared when they are identical), and
counts its pages with a SECTIONPAGES field where the letter had NUMPAGES, so
every letter still reads "Side 1 af 3". Hyperlinks and pictures keep working,
and numbered lists start again in each letter.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.hdrftr import FooterPart, HeaderPart
from lxml import etree

from kldocs.errors import RenderError

_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_SVG = "image/svg+xml"
_SECT_ORDER = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
    "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
)


def combine(documents: Sequence[bytes], page_counts: Sequence[int] | None = None) -> bytes:
    """The documents one after another in one .docx, each a section numbered from page 1.

    ``page_counts`` (known when the letters were converted to PDF) are written
    as the shown value of each letter's page-count field. Word works the
    count out itself when it lays out the page; LibreOffice cannot count the
    pages of one section and prints the value shown.
    """
    if not documents:
        raise RenderError("there are no documents to combine")
    if page_counts is not None and len(page_counts) != len(documents):
        raise ValueError("one page count per document is needed")
    counts = list(page_counts) if page_counts is not None else [None] * len(documents)
    combined = _Combiner(docx.Document(io.BytesIO(documents[0])), counts[0])
    for data, pages in zip(documents[1:], counts[1:], strict=True):
        combined.append(docx.Document(io.BytesIO(data)), pages)
    return combined.finish()


class _Combiner:
    """Appends documents made from the same kind of template to a first one."""

    def __init__(self, base: Document, pages: int | None) -> None:
        self.base = base
        self.body = base.element.body
        self._parts: dict[bytes, str] = {}
        self._svgs: dict[bytes, str] = {}
        for rid, rel in list(base.part.rels.items()):
            if rel.reltype in (RT.HEADER, RT.FOOTER):
                _count_section_pages(rel.target_part.element, pages)
                blob = rel.target_part.blob
                if blob not in self._parts:
                    self._parts[blob] = rid
                    continue
                # the same as another of its headers or footers (a first page's footer): one part serves both
                for ref in self.body.iter(qn("w:headerReference"), qn("w:footerReference")):
                    if ref.get(qn("r:id")) == rid:
                        ref.set(qn("r:id"), self._parts[blob])
                base.part.drop_rel(rid)
        self._restart_numbering(list(self.body))
        self._section(self.body.sectPr)

    def append(self, doc: Document, pages: int | None) -> None:
        """Add ``doc`` after what is there, starting on a new page as a section of its own."""
        last = self.body.sectPr
        # The section so far ends with a paragraph that carries its properties.
        end = parse_xml(f"<w:p {nsdecls('w')}><w:pPr/></w:p>")
        end.find(qn("w:pPr")).append(copy.deepcopy(last))
        last.addprevious(end)
        source = doc.element.body
        content = [copy.deepcopy(el) for el in source if el.tag != qn("w:sectPr")]
        self._restart_numbering(content)
        for el in content:
            self._relink(el, doc)
            last.addprevious(el)
        new_sect = copy.deepcopy(source.sectPr)
        self._section(new_sect, doc, pages)
        self.body.replace(last, new_sect)

    def finish(self) -> bytes:
        """The combined document as .docx bytes."""
        out = io.BytesIO()
        self.base.save(out)
        return out.getvalue()

    def _section(self, sect_pr: etree._Element, source: Document | None = None, pages: int | None = None) -> None:
        """Make a section restart page numbering, and point its headers/footers into the base."""
        if source is not None:
            for ref in sect_pr:
                if ref.tag in (qn("w:headerReference"), qn("w:footerReference")):
                    part = source.part.related_parts[ref.get(qn("r:id"))]
                    ref.set(qn("r:id"), self._header_footer(part, pages))
        for old in sect_pr.findall(qn("w:pgNumType")):
            sect_pr.remove(old)
        _insert(sect_pr, parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
        if sect_pr.find(qn("w:type")) is None:
            _insert(sect_pr, parse_xml(f'<w:type {nsdecls("w")} w:val="nextPage"/>'))

    def _header_footer(self, part: Part, pages: int | None) -> str:
        """The rId in the base of a header or footer with this content, added if new."""
        element = copy.deepcopy(part.element)  # type: ignore[attr-defined]
        _count_section_pages(element, pages)
        blob = etree.tostring(element, encoding="UTF-8", standalone=True)
        if blob in self._parts:
            return self._parts[blob]
        if part.rels:
            raise RenderError(
                "cannot combine the documents: a header or footer holds a picture or link "
                "that differs between letters"
            )
        cls, reltype = (HeaderPart, RT.HEADER) if isinstance(part, HeaderPart) else (FooterPart, RT.FOOTER)
        template = "/word/header%d.xml" if cls is HeaderPart else "/word/footer%d.xml"
        new = cls(
            self.base.part.package.next_partname(template), part.content_type, element, self.base.part.package,
        )
        rid: str = self.base.part.relate_to(new, reltype)
        self._parts[blob] = rid
        return rid

    def _relink(self, element: etree._Element, source: Document) -> None:
        """Re-create in the base the hyperlinks and pictures ``element`` refers to."""
        for el in element.iter():
            for name, rid in el.attrib.items():
                if not name.startswith(f"{{{_R_NS}}}"):
                    continue
                rel = source.part.rels[rid]
                if rel.is_external:
                    new = self.base.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
                elif rel.reltype == RT.IMAGE and rel.target_part.content_type == CT_SVG:
                    new = self._svg(rel.target_part.blob)
                elif rel.reltype == RT.IMAGE:
                    new, _ = self.base.part.get_or_add_image(io.BytesIO(rel.target_part.blob))
                else:
                    raise RenderError(f"cannot combine documents that refer to a {rel.reltype} part")
                el.set(name, new)

    def _svg(self, blob: bytes) -> str:
        """The rId in the base of an SVG picture (a logo's, beside its PNG), added once; python-docx reads no SVG."""
        if blob not in self._svgs:
            package = self.base.part.package
            part = next((p for p in package.iter_parts() if p.content_type == CT_SVG and p.blob == blob), None)
            if part is None:
                part = Part(package.next_partname("/word/media/image%d.svg"), CT_SVG, blob, package)
            self._svgs[blob] = self.base.part.relate_to(part, RT.IMAGE)
        return self._svgs[blob]

    def _restart_numbering(self, elements: list[etree._Element]) -> None:
        """Give one document's numbered lists their own numbering instances, so they start at 1."""
        uses = [use for el in elements for use in el.iter(qn("w:numId"))]
        if not uses:
            return
        numbering = self.base.part.numbering_part.element
        abstract_of = {
            n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
            for n in numbering.findall(qn("w:num"))
        }
        fresh: dict[str, str] = {}
        for use in uses:
            old = use.get(qn("w:val"))
            if old not in abstract_of:
                continue
            if old not in fresh:
                new_id = str(max(int(i) for i in abstract_of) + 1)
                overrides = "".join(
                    f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="1"/></w:lvlOverride>'
                    for lvl in range(9)
                )
                numbering.append(parse_xml(
                    f'<w:num {nsdecls("w")} w:numId="{new_id}"><w:abstractNumId w:val="{abstract_of[old]}"/>'
                    f"{overrides}</w:num>"
                ))
                abstract_of[new_id] = abstract_of[old]
                fresh[old] = new_id
            use.set(qn("w:val"), fresh[old])


def _insert(sect_pr: etree._Element, element: etree._Element) -> None:
    """Insert a child of <w:sectPr> in schema order."""
    name = element.tag.split("}")[1]
    rank = _SECT_ORDER.index(name)
    for i, child in enumerate(sect_pr):
        other = child.tag.split("}")[1]
        if other in _SECT_ORDER and _SECT_ORDER.index(other) > rank:
            sect_pr.insert(i, element)
            return
    sect_pr.append(element)


def _count_section_pages(element: etree._Element, pages: int | None) -> None:
    """Count pages per letter, not in the whole print: NUMPAGES becomes SECTIONPAGES.

    With ``pages`` known, the field shows that number until Word recounts.
    """
    for p in element.iter(qn("w:p")):
        depth = 0
        instruction = ""
        in_result = False
        shown = False
        for el in p.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:t")):
            if el.tag == qn("w:fldChar"):
                kind = el.get(qn("w:fldCharType"))
                if kind == "begin":
                    depth += 1
                    instruction, in_result, shown = "", False, False
                elif kind == "separate":
                    in_result = instruction.split()[:1] == ["NUMPAGES"]
                elif kind == "end":
                    depth -= 1
                    in_result = False
            elif el.tag == qn("w:instrText") and depth:
                instruction += el.text or ""
                if instruction.split()[:1] == ["NUMPAGES"]:
                    el.text = (el.text or "").replace("NUMPAGES", "SECTIONPAGES")
            elif in_result and pages is not None:
                el.text = "" if shown else str(pages)
                shown = True
    for simple in element.iter(qn("w:fldSimple")):
        instr = simple.get(qn("w:instr")) or ""
        if instr.split()[:1] == ["NUMPAGES"]:
            simple.set(qn("w:instr"), instr.replace("NUMPAGES", "SECTIONPAGES"))
            texts = list(simple.iter(qn("w:t")))
            if pages is not None and texts:
                texts[0].text = str(pages)
                for t in texts[1:]:
                    t.text = ""
