"""Field types shared by the input models: money, percentages, dates, yes/no and running text.

Each type reads the text a user wrote (see :mod:`kldocs.inputs.yamlio`) the way a
Danish user means it, and rejects anything else with a message that says
what to write instead.

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
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from kldocs.danish.formatting import parse_danish_decimal
from kldocs.danish.when import FORMS, When


class Model(BaseModel):
    """Base of every input model: unknown keys are errors, values are immutable, floats are finite."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)


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


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"must be ja or nej (yes or no), not {value!r}")


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
    try:
        when = When.parse(value)
    except ValueError as exc:
        raise ValueError(f"must be a date written YYYY-MM-DD: {exc}") from None
    if when.kind != "date":
        raise ValueError(f"must be a day written YYYY-MM-DD, not {value!r}")
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


_WHEN_PATTERN = r"^\d{4}-(\d{2}(-\d{2}([T ]\d{1,2}[:.]\d{2})?)?|Q[1-4])$"

WhenField = Annotated[
    When,
    PlainValidator(_when),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": _WHEN_PATTERN, "description": FORMS}),
]
"""A moment in a time plan: a date, a date with time, a month or a quarter (see :class:`When`)."""


def _day_or_time(when: When) -> When:
    if when.kind not in ("date", "datetime"):
        raise ValueError(f"must be a day (YYYY-MM-DD) with an optional time (HH:MM), not {when}")
    return when


DayOrTime = Annotated[WhenField, AfterValidator(_day_or_time)]
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


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def is_email(text: str) -> bool:
    """Whether ``text`` reads as an e-mail address: something, ``@``, a domain with a dot, no spaces."""
    return _EMAIL.fullmatch(text) is not None


def _email(value: Any) -> str:
    text = str(value).strip()
    if not is_email(text):
        raise ValueError(f"must be an e-mail address, not {value!r}")
    return text


Email = Annotated[
    str,
    PlainValidator(_email),
    WithJsonSchema({"type": "string", "format": "email"}),
]
"""An e-mail address."""


class TextBlock(Model):
    """One block of running text: a paragraph, or a bullet list.

    Templates test ``block.kind`` and print ``block.text`` or loop over
    ``block.items``.
    """

    kind: Literal["paragraph", "bullets"]
    text: str = ""
    items: tuple[str, ...] = ()

    @property
    def is_bullets(self) -> bool:
        """True when this block is a bullet list."""
        return self.kind == "bullets"


_BULLET = re.compile(r"^\s*[-•*]\s+")


def parse_blocks(value: Any) -> tuple[TextBlock, ...]:
    """Split running text into paragraphs and bullet lists.

    A blank line ends a paragraph; lines starting with ``-``, ``•`` or ``*``
    form a bullet list; the lines of one paragraph are joined by spaces, as in
    Markdown. A list of strings gives one block per string, parsed the same way.
    """
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        blocks: list[TextBlock] = []
        for item in value:
            if isinstance(item, dict):
                blocks.append(TextBlock.model_validate(item))
            else:
                blocks.extend(parse_blocks(item))
        return tuple(blocks)
    if not isinstance(value, str):
        raise ValueError("must be text, or a list of paragraphs")
    blocks = []
    paragraph: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(TextBlock(kind="paragraph", text=" ".join(paragraph)))
            paragraph.clear()
        if bullets:
            blocks.append(TextBlock(kind="bullets", items=tuple(bullets)))
            bullets.clear()

    for raw in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif _BULLET.match(raw):
            if paragraph:
                flush()
            bullets.append(_BULLET.sub("", raw).strip())
        elif bullets and raw[:1].isspace():
            bullets[-1] += " " + line  # a bullet continued on an indented line
        else:
            if bullets:
                flush()
            paragraph.append(line)
    flush()
    return tuple(blocks)


Text = Annotated[
    tuple[TextBlock, ...],
    BeforeValidator(parse_blocks),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "Paragraphs separated by blank lines; lines starting with '- ' are bullets.",
        }
    ),
]
"""Running text: paragraphs and bullet lists, written as in a plain e-mail."""


NonEmpty = Annotated[str, AfterValidator(lambda s: _non_empty(s))]
"""Text that must not be empty."""


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value
