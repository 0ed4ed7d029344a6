"""A heading LibreOffice leaves alone at the foot of a page is moved, in the PDF, to the page of its text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from lxml import etree

import kldocs.engine.pdf as pdf_module
from docxfactory import BODY, W, docx_bytes, paragraph, parts, strict_parse_all
from kldocs.engine.headingbreaks import break_before, orphaned_headings
from kldocs.engine.pdf import convert_to_pdf


def _body(data: bytes) -> etree._Element:
    return etree.fromstring(parts(data)[BODY])


def _page_breaks(data: bytes) -> list[str]:
    """The text of each paragraph with a page break before it."""
    return ["".join(p.itertext()) for p in _body(data).iter(f"{{{W}}}p")
            if p.find(f"{{{W}}}pPr/{{{W}}}pageBreakBefore") is not None]


def _report(d):
    paragraph(d, "Rapport", style="Title")  # no outline level: not a heading of the PDF's
    paragraph(d, "Indledning", style="Heading 1")
    paragraph(d, "Tekst.")
    paragraph(d, "Baggrund", style="Heading 2")
    paragraph(d, "Mere tekst.")
    paragraph(d, "Underskrifter", style="Heading 2").paragraph_format.keep_together = True


class DescribeBreakBefore:
    def it_puts_a_page_break_before_the_headings_numbered_as_the_pdf_numbers_them(self):
        data = docx_bytes(_report)
        mended = break_before(data, [1], 3)
        assert mended is not None
        assert _page_breaks(mended) == ["Baggrund"]
        strict_parse_all(mended)
        assert break_before(mended, [1, 2], 3) is not None
        assert _page_breaks(break_before(mended, [1, 2], 3) or b"") == ["Baggrund", "Underskrifter"]

    def it_keeps_the_schemas_order_of_a_paragraphs_properties(self):
        mended = break_before(docx_bytes(_report), [2], 3) or b""
        (ppr,) = [p.find(f"{{{W}}}pPr") for p in _body(mended).iter(f"{{{W}}}p")
                  if "".join(p.itertext()) == "Underskrifter"]
        assert [etree.QName(c).localname for c in ppr][:3] == ["pStyle", "keepLines", "pageBreakBefore"]

    def it_leaves_a_document_whose_headings_are_not_the_pdfs_as_it_is(self):
        data = docx_bytes(_report)
        assert break_before(data, [1], 4) is None
        assert break_before(data, [], 3) is None

    def it_converts_no_more_when_each_heading_has_its_page_break_already(self):
        mended = break_before(docx_bytes(_report), [1], 3) or b""
        assert break_before(mended, [1], 3) is None  # a break that did not move it: another would not either

    def it_counts_a_style_by_its_own_outline_level_before_its_bases(self):
        def contents(d):
            toc = d.styles["TOC Heading"]  # Word's: based on Heading 1, with its own outline level 9
            assert toc.base_style.name == "Heading 1"
            assert toc.element.find(f"{{{W}}}pPr/{{{W}}}outlineLvl").get(f"{{{W}}}val") == "9"
            paragraph(d, "Indhold", style="TOC Heading")
            _report(d)
        data = docx_bytes(contents)
        assert break_before(data, [2], 3) is not None  # Indledning, Baggrund and Underskrifter; not Indhold
        assert _page_breaks(break_before(data, [0], 3) or b"") == ["Indledning"]

    def it_counts_a_text_boxs_heading_once_not_again_in_words_fallback_copy(self):
        data = docx_bytes(_report)
        body = parts(data)[BODY].decode()
        mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
        heading = '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>I boksen</w:t></w:r></w:p>'
        box = (f'<w:p><w:r><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps"><w:txbxContent>'
               f'{heading}</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>{heading}</w:txbxContent>'
               '</mc:Fallback></mc:AlternateContent></w:r></w:p>')
        at = body.index("<w:sectPr")
        with_box = body[:at] + box + body[at:]
        import io
        import zipfile

        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as package, zipfile.ZipFile(out, "w") as copy:
            for info in package.infolist():
                copy.writestr(info, with_box.encode() if info.filename == BODY else package.read(info))
        assert break_before(out.getvalue(), [3], 4) is not None
        assert break_before(out.getvalue(), [3], 5) is None

    def it_leaves_every_other_part_of_the_package_as_it_was(self):
        data = docx_bytes(_report)
        before, after = parts(data), parts(break_before(data, [0], 3) or b"")
        assert sorted(before) == sorted(after)
        assert all(before[name] == after[name] for name in before if name != BODY)


# -- with the real LibreOffice ---------------------------------------------------------------------

FILLERS = range(18, 30)
"""Paragraphs before the heading, so that across the documents it falls at every place near a page's foot."""


def _near_the_foot(fillers: int):
    def build(d):
        for i in range(fillers):
            paragraph(d, f"Fyld {i}.")
        paragraph(d, "Godkendelse og underskrifter", style="Heading 2")
        block = paragraph(d, "\n".join(["Sted og dato:"] + ["Linje"] * 9))
        block.paragraph_format.keep_together = True
    return build


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def _together(pdf: Path) -> bool:
    """Whether the heading is on the page its text begins on."""
    pages = _pages(pdf)
    heading = next(i for i, page in enumerate(pages) if "Godkendelse og underskrifter" in page)
    return "Sted og dato" in pages[heading]


@pytest.fixture(scope="module")
def near_the_foot(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("docx")
    paths = []
    for n in FILLERS:
        path = folder / f"{n:02d}.docx"
        path.write_bytes(docx_bytes(_near_the_foot(n)))
        paths.append(path)
    return paths


@pytest.mark.soffice
def test_the_tags_of_a_pdf_tell_a_heading_left_at_the_foot_of_a_page(near_the_foot, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "HEADING_ROUNDS", 0)  # as LibreOffice lays it out
    for pdf in convert_to_pdf(near_the_foot, tmp_path):
        headings = orphaned_headings(pdf)
        assert headings.total == 1
        assert (headings.orphaned == [0]) == (not _together(pdf)), pdf.name


@pytest.mark.soffice
def test_every_heading_is_on_the_page_of_its_text(near_the_foot, tmp_path):
    for pdf in convert_to_pdf(near_the_foot, tmp_path):
        assert _together(pdf), f"{pdf.name}: the heading is alone at the foot of a page"
        assert orphaned_headings(pdf).orphaned == []
    assert {len([p for p in _pages(pdf) if p]) for pdf in tmp_path.glob("*.pdf")} == {1, 2}  # some broke a page
