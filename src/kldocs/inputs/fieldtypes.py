"""Field types shared by the input models: money, percentages, dates, yes/no and running text.

Each type reads the text a user wrote (see :mod:`kldocs.inputs.yamlio`) the way a
Danish user means it, and rejects anything else with a message that says
what to write instead.

Running text (:data:`Text`) is Markdown, read by :mod:`kldocs.inputs.richtext`.

Numbers are finite and of a size a partnership can mean: ``NaN``,
``Infinity`` and ``1e999999`` are refused as values of every number field
(money and percentages here; floats by :class:`Model`'s ``allow_inf_nan``;
pydantic itself refuses such text for ``int``), before anything computes
with them or Babel formats them. :func:`finite_number` is the check, for
any reader of numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from kldocs.danish.formatting import parse_danish_decimal
from kldocs.danish.when import FORMS, NotADate, When
from kldocs.inputs.model import Model as Model
from kldocs.inputs.richtext import ListItem as ListItem
from kldocs.inputs.richtext import RichStr as RichStr
from kldocs.inputs.richtext import TextBlock as TextBlock
from kldocs.inputs.richtext import parse_markdown, rich_written

MAX_DIGITS = 15
"""The most digits a number may have before its decimal comma (a thousand billion kroner has 13)."""


def finite_number(number: Decimal, written: object) -> Decimal:
    """``number`` (read from ``written``) if finite and below 10**MAX_DIGITS; else ValueError saying why.

    Decimal reads ``NaN``, ``Infinity`` and ``1e999999`` without complaint;
    comparing the first raises, and turning the last into an int or text
    takes minutes. Checking ``adjusted()`` costs nothing, however large.
    """
    if not number.is_finite():
        raise ValueError(f"{_short(written)} is not a number")
    if number and number.adjusted() >= MAX_DIGITS:
        raise ValueError(f"{_short(written)} is too large (more than {MAX_DIGITS} digits)")
    return number


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _money(value: Any) -> Decimal:
    if isinstance(value, str):
        value = re.sub(r"\s*kr\.?\s*$", "", value.strip())
    try:
        amount = finite_number(parse_danish_decimal(value), value)
    except ValueError as exc:
        raise ValueError(f"must be an amount in kroner such as 55000 or 55.000,50: {exc}") from None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError(f"{_short(value)} has more than two decimals (øre)")
    return amount


Money = Annotated[
    Decimal,
    PlainValidator(_money),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [{"type": "integer"}, {"type": "string"}],
            "description": "An amount in kroner, in Danish notation: 55000, 55.000 or 68.750,50.",
            "examples": [55000, "68.750,50"],
        }
    ),
]
"""An amount in kroner, read as Danish notation: ``55000``, ``55.000`` and ``55.000,00`` are all 55000."""


def _positive(amount: Decimal) -> Decimal:
    if amount <= 0:
        raise ValueError("must be greater than 0")
    return amount


PositiveMoney = Annotated[Money, AfterValidator(_positive)]
"""An amount in kroner that must be more than nothing."""


def _percent(value: Any) -> Decimal:
    text = str(value).strip().removesuffix("%").removesuffix("pct.").strip()
    try:
        number = finite_number(parse_danish_decimal(text), value)
    except ValueError as exc:
        raise ValueError(f"must be a percentage such as 25 or 25 %: {exc}") from None
    if not 0 <= number <= 100:
        raise ValueError(f"must be a percentage between 0 and 100, not {_short(value)}")
    return number / 100


Percent = Annotated[
    Decimal,
    PlainValidator(_percent),
    PlainSerializer(lambda d: f"{d * 100:f}".rstrip("0").rstrip(".") + " %", return_type=str),
    WithJsonSchema(
        {
            "anyOf": [{"type": "integer"}, {"type": "string"}],
            "description": "A percentage: 25 or '25 %'. Held as a fraction (0.25).",
        }
    ),
]
"""A percentage written as ``25`` or ``25 %``, held as the fraction 0.25."""


_YES = {"ja", "yes", "true", "y", "j", "1", "on"}
_NO = {"nej", "no", "false", "n", "0", "off"}


def yes_or_no(value: Any) -> bool | None:
    """``value`` read as ja or nej (yes or no, true or false), or None when it is neither."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    return True if text in _YES else False if text in _NO else None


def _yes_no(value: Any) -> bool:
    if (answer := yes_or_no(value)) is None:
        raise ValueError(f"must be ja or nej (yes or no), not {value!r}")
    return answer


YesNo = Annotated[
    bool,
    PlainValidator(_yes_no),
    WithJsonSchema(
        {
            "anyOf": [{"type": "boolean"}, {"enum": ["ja", "nej", "yes", "no"]}],
            "description": "ja/nej (or yes/no, true/false).",
        }
    ),
]
"""A yes/no answer: ``ja``/``nej`` as well as ``yes``/``no`` and ``true``/``false``."""


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    how = "write it as Danes do or in ISO form, 4. maj 2026 or 2026-05-04"
    try:
        when = When.parse(value)
    except NotADate as exc:  # a day the calendar does not have: 30 February
        raise ValueError(str(exc)) from None
    except ValueError:
        when = None
    if when is None or when.kind != "date":  # a week, a month or a range is a time plan's, not a day
        raise ValueError(f"{str(value)!r} is not a day: {how}") from None
    return when.start


DateField = Annotated[
    dt.date,
    PlainValidator(_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD"}),
]
"""A calendar day written ``YYYY-MM-DD``."""


def _when(value: Any) -> When:
    try:
        return When.parse(value)
    except ValueError as exc:
        raise ValueError(str(exc)) from None


WhenField = Annotated[
    When,
    PlainValidator(_when),
    PlainSerializer(str, return_type=str),
    # no pattern: the Danish forms ("5. maj 2025 kl. 12.00", "uge 12 2026") are as good as the ISO ones
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}], "description": FORMS}),
]
"""A point or span in time, in any form :class:`When` reads, Danish or ISO (see :data:`FORMS`)."""


def _day_or_time(when: When) -> When:
    if when.kind not in ("date", "datetime"):
        raise ValueError(f"must be a day (YYYY-MM-DD) with an optional time (HH:MM), not {when}")
    return when


DayOrTime = Annotated[
    WhenField,
    AfterValidator(_day_or_time),
    WithJsonSchema({"type": "string", "description": "A day, or a day and a time, Danish or ISO: 16. august 2021 "
                                                     "kl. 12.00, 2021-08-16 12:00, 2021-08-16."}),
]
"""A day, optionally with a time of day: ``2021-08-16`` or ``2021-08-16 12:00``."""


def _postcode(value: Any) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"must be a Danish postcode of four digits, such as 0800, not {value!r}")
    return text


PostCode = Annotated[
    str,
    PlainValidator(_postcode),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}$", "description": "Four digits."}),
]
"""A Danish postcode, kept as the four digits written (``0800`` stays ``0800``)."""


_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64})*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
"""An address of the plain kind nearly every one is: ASCII words with dots, a domain of letters, digits and hyphens."""


def email_problem(text: str) -> str | None:
    """Why ``text`` is not an e-mail address a mail program takes (``it has no @-sign``); None when it is one.

    A plain address (:data:`_PLAIN_EMAIL`) is taken as it is. Any other is
    judged by ``email-validator``: a domain in Danish letters (``ærø.dk``) is
    an address, written in punycode in a draft; a non-ASCII name before the
    ``@``, an invisible character, a comment or a quoted part is not, as most
    mail systems refuse them.
    """
    if len(text) <= 254 and text.find("@") <= 64 and _PLAIN_EMAIL.fullmatch(text):
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        reason = str(exc).strip().rstrip(".").replace("email", "e-mail")
        return reason[:1].lower() + reason[1:]
    return None


def is_email(text: str) -> bool:
    """Whether ``text`` is an e-mail address a mail program takes (see :func:`email_problem`)."""
    return email_problem(text) is None


def _email(value: Any) -> str:
    text = str(value).strip()
    problem = email_problem(text)
    if problem is not None:
        raise ValueError(f"must be an e-mail address, not {value!r} ({problem})")
    return text


Email = Annotated[
    str,
    PlainValidator(_email),
    WithJsonSchema({"type": "string", "format": "email"}),
]
"""An e-mail address."""


def parse_blocks(value: Any) -> tuple[TextBlock, ...]:
    """Read running text written in Markdown into paragraphs and lists (see :mod:`kldocs.inputs.richtext`).

    A list of strings gives the blocks of each string in turn; blocks already
    read pass as they are. Raises ValueError naming what the text holds that
    a Word template cannot show.
    """
    if value is None:
        return ()
    if isinstance(value, TextBlock):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(block for item in value for block in parse_blocks(item))
    if not isinstance(value, str):
        raise ValueError("must be text, or a list of paragraphs")
    return parse_markdown(value)


def plain_blocks(text: str) -> tuple[TextBlock, ...]:
    """Paragraphs of ``text`` as written, nothing in it read as Markdown: for texts made from data.

    A blank line ends a paragraph; the lines of one paragraph are joined by spaces.
    """
    paragraphs = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return tuple(
        TextBlock(kind="paragraph", text=" ".join(line.strip() for line in p.strip().split("\n")))
        for p in paragraphs if p.strip()
    )


Text = Annotated[
    tuple[TextBlock, ...],
    BeforeValidator(parse_blocks),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": (
                "Running text in Markdown: paragraphs separated by blank lines; **fed**, *kursiv*, "
                "[tekst](https://…) and <https://…>; lines starting with '- ' are bullets and with '1. ' "
                "numbered, and an indented list under an item is the second level; a line ending in '\\' "
                "breaks the line. Headings, tables, images, code and HTML cannot be shown."
            ),
            "examples": [
                "Partnerskabet løber i to år.\n\nKommunerne forpligter sig til at:\n\n"
                "1. deltage i **alle** netværksmøder\n2. afprøve nye tiltag lokalt\n\n"
                "Læs mere på [kl.dk](https://www.kl.dk).",
            ],
        }
    ),
]
"""Running text: paragraphs and lists of rich text, written in Markdown as in a plain e-mail."""


def parse_inline(value: Any) -> str:
    """One paragraph of Markdown: its text, a RichText when some of it is bold, italic or a link.

    Raises ValueError for anything but one paragraph (a list, two paragraphs)
    and for what a Word template cannot show, as :func:`parse_blocks` does.
    """
    if not isinstance(value, str):
        raise ValueError("must be text")
    blocks = parse_blocks(value)
    if len(blocks) != 1 or blocks[0].is_list:
        raise ValueError("must be one paragraph (**fed**, *kursiv* and [tekst](https://…) may stand in it), "
                         "not a list or several paragraphs")
    return blocks[0].text


InlineText = Annotated[
    str,
    PlainValidator(parse_inline),
    PlainSerializer(rich_written, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "One paragraph in Markdown: **fed**, *kursiv*, [tekst](https://…) and <https://…>.",
            "examples": ["At kommunerne **kortlægger** deres udfordringsbillede"],
        }
    ),
]
"""A line or paragraph of rich text, such as a bullet of a list the programme gives item by item."""


NonEmpty = Annotated[str, AfterValidator(lambda s: _non_empty(s))]
"""Text that must not be empty."""


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


_LINE_BREAK = re.compile("[\n\r\t\x0b\x0c\x85\u2028\u2029]")


def line_break(value: str) -> str | None:
    """Why ``value`` cannot be a name or a title — it holds a line break or a tab — or None when it can."""
    found = _LINE_BREAK.search(value)
    if found is None:
        return None
    what = "a tab" if found.group() == "\t" else "a line break"
    return (f"must be one line, as a name or a title is printed in a sentence and in an e-mail header alike; "
            f"it holds {what} ({_short(value)})")


def _one_line(value: str) -> str:
    """``value``, not empty and on one line; a ValueError naming the line break or tab it holds otherwise."""
    problem = line_break(_non_empty(value))
    if problem is not None:
        raise ValueError(problem)
    return value


OneLine = Annotated[str, AfterValidator(_one_line)]
"""Text on one line, not empty: a name, a title, an address (a line break would print in one part, not another)."""
