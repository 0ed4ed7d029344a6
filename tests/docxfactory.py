"""Word templates for tests, built with python-docx, and the text of rendered documents.

Templates are built in code so each test shows the template it is about;
``paragraph(doc, "{{ na", "me }}")`` puts each piece in its own run, as Word
does when it splits a tag.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


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


def _part_text(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    lines = []
    for p in root.iter(f"{{{W}}}p"):
        pieces = []
        for element in p.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"):
            if element.tag.endswith("}t"):
                pieces.append(element.text or "")
            elif element.tag.endswith("}br"):
                pieces.append("\n")
            else:
                pieces.append("\t")
        lines.append("".join(pieces))
    return lines


def text_lines(data: bytes, names: Iterable[str] | None = None) -> list[str]:
    """The text of each paragraph of the body, then the headers and footers (line breaks as ``\\n``)."""
    content = parts(data)
    wanted = list(names) if names is not None else [
        "word/document.xml",
        *sorted(n for n in content if n.startswith("word/header")),
        *sorted(n for n in content if n.startswith("word/footer")),
    ]
    lines: list[str] = []
    for name in wanted:
        lines += _part_text(content[name])
    return lines


def text(data: bytes) -> str:
    """All text of a document as one string, paragraphs separated by ``\\n``."""
    return "\n".join(text_lines(data))
