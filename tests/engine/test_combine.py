import io
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from kldocs.templates import housestyle

from kldocs.engine.combine import combine


def letter(name, url=None, numbered=False):
    """A small letter in the house style, as rendered documents look."""
    doc = housestyle.new_document("Brev")
    housestyle.paragraph(doc, f"Til {name}", housestyle.ADDRESS)
    housestyle.paragraph(doc, "Punkt", housestyle.BULLET)
    if numbered:
        p = housestyle.paragraph(doc, "Nummereret")
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        ))
    if url:
        rid = doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
        p = housestyle.paragraph(doc, "Link: ")
        p._p.append(parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>{escape(url)}</w:t></w:r></w:hyperlink>'
        ))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def opened(data):
    return docx.Document(io.BytesIO(data))


class DescribeCombine:
    def it_puts_each_document_in_a_section_of_its_own_numbered_from_1(self):
        combined = opened(combine([letter("Aarhus"), letter("Ærø"), letter("København")]))
        assert [p.text for p in combined.paragraphs if p.text.startswith("Til ")] == [
            "Til Aarhus", "Til Ærø", "Til København",
        ]
        assert len(combined.sections) == 3
        for section in combined.sections:
            sect = section._sectPr
            assert sect.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
            assert sect.find(qn("w:type")).get(qn("w:val")) == "nextPage"
            assert section.footer.paragraphs[0].text.startswith("Side ")

    def it_counts_pages_per_letter_and_shows_the_known_count(self):
        combined = opened(combine([letter("A"), letter("B")], page_counts=[3, 2]))
        footers = [s.footer._element for s in combined.sections]
        for footer, pages in zip(footers, (3, 2), strict=True):
            codes = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
            assert codes == ["PAGE", "SECTIONPAGES"]
            assert "".join(t.text for t in footer.iter(qn("w:t"))) == f"Side 1 af {pages}"

    def it_shares_headers_and_footers_that_are_the_same(self):
        combined = combine([letter("A"), letter("B"), letter("C")], page_counts=[3, 3, 2])
        opened_doc = opened(combined)
        footer_parts = {s.footer.part.partname for s in opened_doc.sections}
        header_parts = {s.header.part.partname for s in opened_doc.sections}
        assert len(footer_parts) == 2  # "af 3" twice, "af 2" once
        assert len(header_parts) == 1

    def it_keeps_each_letters_hyperlink(self):
        combined = opened(combine([letter("A", "https://a.example/x"), letter("B", "https://b.example/y?q=1&r=2")]))
        targets = []
        for link in combined.element.body.iter(qn("w:hyperlink")):
            targets.append(combined.part.rels[link.get(qn("r:id"))].target_ref)
        assert targets == ["https://a.example/x", "https://b.example/y?q=1&r=2"]

    def it_restarts_numbered_lists_in_each_letter(self):
        combined = opened(combine([letter("A", numbered=True), letter("B", numbered=True)]))
        used = [p._p.pPr.numPr.numId.val for p in combined.paragraphs if p.text == "Nummereret"]
        assert len(set(used)) == 2
        numbering = combined.part.numbering_part.element
        for num_id in used:
            (num,) = [n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)]
            assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "1"

    def it_combines_a_single_document_too(self):
        combined = opened(combine([letter("A")], page_counts=[3]))
        assert len(combined.sections) == 1
