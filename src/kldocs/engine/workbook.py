"""Excel workbooks as kldocs writes them: valid against the Office schemas, reproducible, and named as kldocs'.

openpyxl makes the workbook; :func:`workbook_bytes` saves it with the
parts openpyxl leaves to fix: the default font's properties in the order
the schemas give them, an ``app.xml`` naming the program that wrote it (so a
later run knows the file for its own), and a zip without timestamps, so the
same inputs give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING

from kldocs.engine.cleantext import FORMULA, xml_text
from kldocs.engine.zipwriter import content, deflated, read_entries, write_zip
from kldocs.english import plain

if TYPE_CHECKING:
    from collections.abc import Iterable

    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "[$-406]d. mmmm yyyy"
"""A day as Danish Excel writes it: ``14. september 2021``."""

_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
               "name", "family", "charset", "scheme")
"""The order of a font's properties in the Office schemas (openpyxl writes its default font's otherwise)."""


def append_row(sheet: Worksheet, values: Iterable[object]) -> None:
    """Add a row of ``values`` to ``sheet``, each text a text cell: never a formula, whatever it starts with.

    openpyxl makes a formula of any text starting with ``=``; a name or a
    title from data must reach the cell as the text it is (OWASP's formula
    injection). Text that Excel would take for a formula if typed in also
    gets Excel's quote prefix, so editing the cell keeps it text. Characters
    a worksheet cannot hold are removed as everywhere (:func:`xml_text`);
    the inputs refuse them before a run gets here. A cell is not typeset: the
    no-break spaces of Danish dates and amounts are plain spaces (:func:`plain`).
    """
    row = [xml_text(plain(v)) if isinstance(v, str) else v for v in values]
    sheet.append(row)
    for column, value in enumerate(row, start=1):
        if isinstance(value, str):
            cell = sheet.cell(sheet._current_row, column)
            cell.data_type = "s"
            if FORMULA.match(value):
                cell.quotePrefix = True


def print_as_list(sheet: Worksheet) -> None:
    """Set ``sheet`` up to print as a list on A4: landscape, one page wide, its heading row on every page, numbered.

    Without it Excel prints a wide list two pages across, and the pages
    after the first without the headings that say what the columns are.
    """
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows take
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    sheet.oddFooter.center.text = "Side &P af &N"


HEADER_LIMIT = 255
"""The most characters Excel takes in a page header, its codes (``&C`` for the centre) included."""


def print_header(sheet: Worksheet, text: str) -> None:
    """Print ``text`` at the top of every page of ``sheet``: what the list is of, on each page of it.

    ``&`` starts a code in a header (``&P`` is the page number), so one of
    the text is written twice; a text over Excel's limit (with the ``&C``
    that centres it) is cut with ``…``, before it is escaped.
    """
    room = HEADER_LIMIT - len("&C")
    if len(text.replace("&", "&&")) > room:
        kept = text[: room - 1]
        while len(kept.replace("&", "&&")) > room - 1:  # each '&' kept takes two places
            kept = kept[:-1]
        text = kept + "…"
    sheet.oddHeader.center.text = text.replace("&", "&&")


def fonts_in_order(styles: bytes) -> bytes:
    """``xl/styles.xml`` with every font's properties in schema order."""
    from lxml import etree

    root = etree.fromstring(styles, etree.XMLParser(resolve_entities=False, no_network=True))
    for font in root.iter("{*}font"):
        font[:] = sorted(font, key=lambda e: _FONT_ORDER.index(etree.QName(e).localname)
                         if etree.QName(e).localname in _FONT_ORDER else len(_FONT_ORDER))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def app_xml(generator: str) -> bytes:
    """The extended properties of a workbook ``generator`` wrote: only the application's name."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>{generator}</Application></Properties>"
    ).encode()


def workbook_bytes(book: Workbook, generator: str) -> bytes:
    """The .xlsx of ``book``, written by ``generator`` (``kldocs status``): valid, reproducible, named as ours."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    fixes: dict[str, Callable[[bytes], bytes]] = {
        "docProps/app.xml": lambda _: app_xml(generator), "xl/styles.xml": fonts_in_order,
    }
    return write_zip([deflated(e.name, fixes[e.name](content(e))) if e.name in fixes else e
                      for e in read_entries(buffer.getvalue())])
