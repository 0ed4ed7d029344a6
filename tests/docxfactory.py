"""Word templates for tests, built with python-docx, and the text of rendered documents.

Templates are built in code so each test shows the template it is about;
``paragraph(doc, "{{ na", "me }}")`` puts each piece in its own run, as Word
does when it splits a tag.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from kldocs.english import plain

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY = "word/document.xml"
_P, _R, _T, _TAB, _BR = (f"{{{W}}}{name}" for name in ("p", "r", "t", "tab", "br"))


def docx_bytes(build: Callable[[Document], Any], *, title: str = "") -> bytes:
    """A .docx made by ``build`` on a fresh python-docx document."""
    document = docx.Document()
    document.core_properties.title = title
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def paragraph(container: Any, *pieces: str, style: str | None = None) -> Any:
    """A paragraph whose text is ``pieces``, each piece in a run of its own."""
    para = container.add_paragraph(style=style)
    for piece in pieces:
        para.add_run(piece)
    return para


def table(document: Document, rows: Sequence[Sequence[str]]) -> Any:
    """A table with one paragraph of text per cell."""
    result = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(result.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].add_run(text)
    return result


def header(document: Document, *texts: str) -> None:
    """Put ``texts`` as paragraphs in the header of the first section."""
    part = document.sections[0].header
    part.paragraphs[0].add_run(texts[0])
    for text in texts[1:]:
        part.add_paragraph(text)


def footer(document: Document, *texts: str) -> None:
    """Put ``texts`` as paragraphs in the footer of the first section."""
    part = document.sections[0].footer
    part.paragraphs[0].add_run(texts[0])
    for text in texts[1:]:
        part.add_paragraph(text)


def hyperlink(para: Any, url_rid_text: str, *, before: str = "", after: str = "") -> None:
    """Append ``before``, then ``url_rid_text`` inside a w:hyperlink, then ``after`` as runs of ``para``."""
    if before:
        para.add_run(before)
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), "top")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = url_rid_text
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(text)
    link.append(run)
    para._p.append(link)
    if after:
        para.add_run(after)


def parts(data: bytes) -> dict[str, bytes]:
    """Every entry of a package by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def strict_parse_all(data: bytes) -> None:
    """Parse every XML part of a package strictly; raises on the first that is not well-formed."""
    for name, content in parts(data).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content, etree.XMLParser(recover=False, resolve_entities=False))


def as_read(text: str) -> str:
    """``text`` as a reader reads it: the no-break spaces kldocs sets in dates and amounts are spaces.

    Tests of what documents say compare words; the no-break spaces themselves are tested where they
    are set (tests/danish/test_formatting.py, tests/documents/test_no_break_spaces.py). Other
    no-break spaces, as in data, are kept (see :func:`kldocs.english.plain`).
    """
    return plain(text)


def paragraph_text(p: Any, *, tab: str = "\t") -> str:
    """The text of a ``w:p`` element: its runs' text, each ``w:tab`` as ``tab`` and each ``w:br`` as ``\\n``.

    Only what stands in runs counts, so the tab stops a paragraph's properties define are no text.
    """
    pieces = []
    for run in p.iter(_R):
        for element in run:
            if element.tag == _T:
                pieces.append(element.text or "")
            elif element.tag == _TAB:
                pieces.append(tab)
            elif element.tag == _BR:
                pieces.append("\n")
    return as_read("".join(pieces))


def _paragraphs(xml: bytes, tab: str) -> list[str]:
    return [paragraph_text(p, tab=tab) for p in etree.fromstring(xml).iter(_P)]


def paragraphs(data: bytes, part: str = BODY, *, tab: str = "\t") -> list[str]:
    """The text of each paragraph of one part of a document (the body unless told), table cells included, in order."""
    return _paragraphs(parts(data)[part], tab)


def styled_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """``(style name, text)`` of each paragraph of the body, table cells included, in order; names as Word shows them."""
    document = docx.Document(io.BytesIO(data))
    return [(Paragraph(p, document).style.name, paragraph_text(p)) for p in document.element.body.iter(_P)]


def table_rows(data: bytes) -> list[list[str]]:
    """Each table row of the body as a list of its cells' texts (a cell's paragraphs run together)."""
    root = etree.fromstring(parts(data)[BODY])
    return [[as_read("".join(t.text or "" for t in cell.iter(_T))) for cell in row.iter(f"{{{W}}}tc")]
            for row in root.iter(f"{{{W}}}tr")]


def text_lines(data: bytes, *, tab: str = "\t") -> list[str]:
    """The text of each paragraph of the body, then of the headers and footers."""
    content = parts(data)
    names = [BODY, *sorted(n for n in content if n.startswith("word/header")),
             *sorted(n for n in content if n.startswith("word/footer"))]
    return [line for name in names for line in _paragraphs(content[name], tab)]


def text(data: bytes, part: str | None = None, *, tab: str = "\t") -> str:
    """The paragraphs of one part, or of the body, headers and footers when no part is named, as one string."""
    return "\n".join(text_lines(data, tab=tab) if part is None else paragraphs(data, part, tab=tab))


def tab_columns(p: Any, column: int, fill: str) -> list[tuple[str, str]]:
    """The lines of paragraph ``p`` (split at its line breaks, empty ones left out) as they fall into two blocks.

    A tab goes to the next of the paragraph's tab stops after the text
    before it (a text is taken as shorter than the room to the next stop);
    the stop at ``column`` (in twips) starts the right block, and an
    underlined tab is a line to write on, shown as ``fill``. Each side is
    given without the white space around it.
    """
    stops = sorted(int(t.get(f"{{{W}}}pos")) for t in p.findall(f"{{{W}}}pPr/{{{W}}}tabs/{{{W}}}tab"))
    lines: list[tuple[str, str]] = []
    sides, side, at = {"left": "", "right": ""}, "left", 0

    def end_line() -> None:  # each side without the white space around it (the gap a block begins with)
        left, right = sides["left"].strip(), sides["right"].strip()
        if left or right:
            lines.append((left, right))

    for el in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
        run = el.getparent()
        if run.tag != f"{{{W}}}r":  # a tab stop, not a tab
            continue
        if el.tag == f"{{{W}}}br":
            end_line()
            sides, side, at = {"left": "", "right": ""}, "left", 0
        elif el.tag == f"{{{W}}}t":
            sides[side] += el.text or ""
            at = max(at, 1) if el.text else at
        else:  # a line to write on ends at the stop it reaches, the right block's own too
            at = next(s for s in stops if s > at)
            u = run.find(f"{{{W}}}rPr/{{{W}}}u")
            if u is not None and u.get(f"{{{W}}}val") != "none":
                sides[side] += fill
            if at == column:
                side = "right"
    end_line()
    return lines
