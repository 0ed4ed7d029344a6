"""The command line's English: a count with its noun in the singular or the plural, lists, and plain spaces."""

from __future__ import annotations

import re
from collections.abc import Iterable


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 image``, ``3 images``, ``0 documents``; ``plural`` for nouns that do not just take an s."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def joined(items: Iterable[object], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (``last="or"``: ``a, b or c``); empty for no items."""
    texts = [str(item) for item in items]
    return f" {last} ".join([", ".join(texts[:-1]), texts[-1]]) if len(texts) > 1 else "".join(texts)


_TYPESET = re.compile(r"(?<=\d\.)\u00a0|(?<=\d)\u00a0(?=kr\.|pct\.|\d|[^\W\d_])|(?<=kl\.)\u00a0|(?<=[Uu]ge)\u00a0")
"""The no-break spaces Danish dates, amounts, times, phone numbers and counts are written with:
``14.\u00a0juni``, ``55.000\u00a0kr.``, ``3370\u00a03288``, ``2\u00a0politikere``."""


def plain(text: str) -> str:
    """``text`` with the no-break spaces of Danish dates, amounts, times, phones and counts as plain spaces.

    A Word document keeps "14. juni", "55.000 kr.", "kl. 12.00" and "3370 3288" on one line with them
    (:data:`kldocs.danish.formatting.NBSP`); the terminal, an e-mail, a calendar event or a
    spreadsheet cell is read, searched and copied as the words it says. Only those places are
    touched: a no-break space of a value from data elsewhere stays as it is.
    """
    return _TYPESET.sub(" ", text)


def plain_lines(instance: object, *fields: str) -> None:
    """Give each of ``fields`` of the frozen dataclass ``instance``, lines for the terminal, plain spaces.

    For a ``__post_init__``: the notes and advice a command prints are the
    terminal's, whatever wrote them (see :func:`plain`).
    """
    for name in fields:
        object.__setattr__(instance, name, tuple(plain(line) for line in getattr(instance, name)))
