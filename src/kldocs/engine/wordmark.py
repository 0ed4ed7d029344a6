"""The sender's name at the top of the letterhead column, when it has no logo: at what size it fits.

The house style prints the name in bold Arial in a frame 4 cm wide, above
the column of details (Dato, Sags ID …) that starts 2.2 cm lower. At 18 pt
that room holds ``KL`` and names of two short lines; a longer name, printed
so, broke inside a word and ran over the details. So the name takes the
largest of :data:`SIZES` at which each word fits the width and the lines
fit the room, and a name that fits at none is refused while the programme is
read (:func:`wordmark_size`).

Widths are Helvetica Bold's (Adobe's Core 14 metrics, in thousandths of an
em), which Arial and Liberation Sans share glyph for glyph; a character
they do not list counts as wide as ``p``, a little more than most. Lines
are measured as LibreOffice and Word break them: at spaces, and after a
hyphen (``Børne-``).
"""

from __future__ import annotations

import functools
import re

TWIPS_PER_CM = 567
COLUMN_WIDTH = round(4.0 * TWIPS_PER_CM)
"""The letterhead column's width, in twips."""
WORDMARK_Y = round(1.3 * TWIPS_PER_CM)
"""The top of the sender's name (or logo), from the top of the page, in twips."""
COLUMN_Y = round(3.5 * TWIPS_PER_CM)
"""The top of the details under it (the top margin), in twips."""

SIZES = ((18, 2), (14, 3), (11, 4), (9, 5))
"""The sizes the name may take (points), largest first, each with the most lines that fit the room at it."""
LINE_HEIGHT = 1.15
"""Arial's line height, in ems: what a line of the name takes of the room."""

_WIDTHS = {
    238: "'",
    278: " ,./I\\ijl\xa0·ÌÍÎÏìíîï‘’",
    280: "|¦",
    333: "!()-:;[]`ft¡¨\xad¯´¸‹›",
    350: "•",
    365: "º",
    370: "ª",
    389: "*r{}",
    400: "°",
    474: '"',
    500: "z“”",
    556: "#$0123456789J_aceksvxy¢£¥§«¶»àáâãäåçèéêëýÿ–",
    584: "+<=>^~¬±×÷",
    611: "?FLTZbdghnopquµ¿ßðñòóôõöøùúûüþ",
    667: "EPSVXYÈÉÊËÝÞ",
    722: "&ABCDHKNRUÀÁÂÃÄÅÇÐÑÙÚÛÜ",
    737: "©®",
    778: "GOQwÒÓÔÕÖØ",
    833: "M",
    834: "½",
    889: "%mæ",
    944: "W",
    975: "@",
    1000: "Æ—…",
}
"""Helvetica Bold's advance widths, by width: the characters of each (from ``phvb8a.afm``)."""
_WIDTH = {char: width for width, chars in _WIDTHS.items() for char in chars}
_OTHER = 611
_PIECES = re.compile(r"[^ -]*-+|[^ -]+")  # a no-break space (U+00A0) is part of a word
"""The pieces a line may break between: words, and the part of a word up to and with its hyphen."""


def text_width(text: str, size: float) -> float:
    """How wide ``text`` is in bold Arial at ``size`` points, in points (kerning aside, which only narrows it)."""
    return sum(_WIDTH.get(char, _OTHER) for char in text) * size / 1000


def lines_at(name: str, size: float, width: float) -> int | None:
    """How many lines ``name`` takes at ``size`` in ``width`` points, broken as a word processor breaks it.

    None when a word (or a hyphen's part of one) is wider than a line,
    which a word processor would break inside the word.
    """
    lines = broken(name, size, width)
    return None if lines is None else len(lines)


def broken(text: str, size: float, width: float) -> list[str] | None:
    """``text`` in the lines a word processor breaks it into at ``size`` in ``width`` points (see :func:`lines_at`).

    Measured in bold, so a text in regular type is broken no later than a
    word processor breaks it. None when a word is wider than a line.
    """
    lines: list[str] = []
    line = ""
    for word in text.split(" "):  # not at a no-break space, where a word processor does not break either
        if not word:
            continue
        pieces = _PIECES.findall(word)
        for i, piece in enumerate(pieces):
            if text_width(piece, size) > width:
                return None
            glue = " " if line and i == 0 else ""
            if line and text_width(line + glue + piece, size) > width:
                lines.append(line)
                line = piece
            else:
                line += glue + piece
    return [*lines, line] if line else lines


@functools.cache  # asked by every letter's template (program.sender.wordmark_size), of the one name
def wordmark_size(name: str) -> int | None:
    """The largest of :data:`SIZES` at which ``name`` fits the letterhead's room; None when it fits at none."""
    width = COLUMN_WIDTH / 20
    room = (COLUMN_Y - WORDMARK_Y) / 20
    for size, most in SIZES:
        lines = lines_at(name, size, width)
        if lines is not None and lines <= most and lines * size * LINE_HEIGHT <= room:
            return size
    return None
