r"""The one place where text from data is made fit for the part it goes into.

Every part of every package goes through here: the body, headers, footers,
footnotes and comments of a Word document (:func:`xml_text`, through the
sandbox's finalize), its core, app and custom properties, the headers of an
e-mail draft (:func:`one_line`), the cells of ``networks.csv``
(:func:`csv_cell`), the cells of the Excel workbooks (:func:`kldocs.engine.workbook.append_row`) and the web article.

- Characters XML 1.0 cannot hold — control characters other than tab and
  newline, lone surrogates, U+FFFE and U+FFFF — are removed.
- Line endings (``\r\n``, ``\r``, vertical tab, form feed, U+0085, U+2028
  and U+2029) become ``\n`` where a value may span lines, and a single space
  where it may not (a property, an e-mail header).
"""

from __future__ import annotations

import re

ALLOWED = "[\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
"""The characters XML 1.0 holds (carriage return aside, made a newline first)."""
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
"""Every other character: what is not :data:`ALLOWED`, spelt as its few ranges (compiled in a tenth of the time)."""
_LINE_ENDINGS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_NOT_IN_CSV = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\n\t]")
FORMULA = re.compile("'*[=+\\-@\t\r]")
"""A cell Excel could run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR), behind any quotes already there."""


def control_character(value: str) -> str | None:
    """Why ``value`` cannot be taken as text — it holds a control character — or None when it can.

    The inputs refuse what no one types: C0 and C1 control characters other
    than tab and the line endings, lone surrogates, U+FFFE and U+FFFF. Such a
    character comes from a broken export or a hostile file; removing it
    without a word would change the text, so it is named instead.
    """
    if value.isprintable():
        return None
    found = _CONTROL.search(value)
    if found is None:
        return None
    return f"holds the control character U+{ord(found.group()):04X}, which cannot be printed; remove it"


def xml_text(value: str) -> str:
    r"""``value`` as XML can hold it: line endings made ``\n``, characters XML forbids removed."""
    if value.isprintable():  # the common case: no control, separator or unassigned characters at all
        return value
    return _ILLEGAL.sub("", _LINE_ENDINGS.sub("\n", value))


def one_line(value: str) -> str:
    """``value`` for a field that holds one line: cleaned as :func:`xml_text`, each line break and tab a space."""
    if value.isprintable():
        return value
    return _BREAKS.sub(" ", xml_text(value))


def csv_cell(value: object) -> object:
    """A cell for a CSV file Excel opens: without control characters, with a ``'`` in front of a formula (OWASP).

    Tab, CR and LF stay (a quoted cell may hold them); the other control
    characters and lone surrogates are removed. The quote goes in front of any quotes already there, so that taking one
    off again gives back the text as it was. Numbers and None pass as they are.
    """
    if not isinstance(value, str):
        return value
    text = _NOT_IN_CSV.sub("", value)
    return "'" + text if FORMULA.match(text) else text
