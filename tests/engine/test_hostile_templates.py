"""A hostile Word template is refused before anything is rendered: a DTD in any part, a zip bomb."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest

from docxfactory import docx_bytes, paragraph
from kldocs.engine.template import PreparedTemplate
from kldocs.errors import TemplateError

LETTER = docx_bytes(lambda d: paragraph(d, "Til {{ name }}"))


def rewritten(data: bytes, changes: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """``data`` with some parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, changes.pop(info.filename, src.read(info.filename)))
        for name, content in changes.items():
            dst.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize("part", ["word/settings.xml", "docProps/app.xml", "word/_rels/document.xml.rels"])
def test_a_document_type_declaration_in_any_part_is_refused(part):
    with zipfile.ZipFile(io.BytesIO(LETTER)) as z:
        xml = z.read(part)
    declaration, _, rest = xml.partition(b"?>")
    evil = declaration + b'?><!DOCTYPE r [<!ENTITY x "boo">]>' + rest
    with pytest.raises(TemplateError, match=rf"has a document type declaration \(<!DOCTYPE …>\) in {part}"):
        PreparedTemplate.from_bytes(rewritten(LETTER, {part: evil}), "egen.docx")


def test_a_zip_bomb_template_is_refused_unread_within_seconds():
    bomb = rewritten(LETTER, {"word/media/bomb.bin": b"\0" * 300_000_000})
    assert len(bomb) < 1_000_000
    started = time.monotonic()
    tracemalloc.start()
    try:
        with pytest.raises(TemplateError, match=r"egen\.docx: has a part \(word/media/bomb\.bin\) that unpacks to"):
            PreparedTemplate.from_bytes(bomb, "egen.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 10
    assert peak < 500_000_000, f"{peak:,} bytes at the peak"
