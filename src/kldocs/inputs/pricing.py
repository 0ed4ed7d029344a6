"""What participation costs: the price, VAT, add-ons, how it is invoiced, and one municipality's invoice.

A programme gives one ``price`` per municipality, ``tiers`` of prices by
the municipality's population (from the bundled reference data), or a price
``per_inhabitant`` with a least and a most a municipality pays; each may
be a price per year (``per: year``) or for the whole period (``per:
period``), counted in the years of the programme's period (or ``years``).
Prices are ex VAT, incl. VAT, or state no VAT at all (``vat: none``), and
prices ex VAT are worded as the programme chooses (``vat_wording``): KL's
"ex moms" or the dictionary's "ekskl. moms". An add-on has a price or is
priced later ("pris efter aftale"). ``schedule`` says which part of the price
is invoiced when.

:meth:`Pricing.invoice` is the one place that computes a municipality's
lines, VAT, total and instalments; :meth:`Pricing.offer` words what a
municipality is offered in an invitation. Both word VAT through
:mod:`kldocs.danish.formatting`, the same way in every document.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from kldocs.danish.formatting import (
    AGREED_LATER,
    NBSP,
    VAT_MODES,
    and_list,
    capfirst,
    format_date,
    format_money,
    format_number,
    format_pct,
    format_price,
    format_weekday_date,
    full_stop,
    parse_danish_decimal,
    spell,
    vat_amount,
    vat_included,
    vat_label,
)
from kldocs.danish.when import When
from kldocs.inputs.fieldtypes import (
    DateField,
    Model,
    NonEmpty,
    OneLine,
    Percent,
    PositiveMoney,
    Text,
    YesNo,
    finite_number,
)
from kldocs.inputs.validation import raise_at
from kldocs.reference.municipalities import Municipality

Vat = Literal["ex", "incl", "none"]
VatWording = Literal["ex moms", "ekskl. moms"]
Per = Literal["year", "period"]

_VAT_WORDS = {
    "ex": "ex", "ekskl": "ex", "ekskl.": "ex", "excl": "ex",
    "incl": "incl", "inkl": "incl", "inkl.": "incl",
    "none": "none", "ingen": "none",
}


def _vat(value: Any) -> str:
    mode = _VAT_WORDS.get(str(value).strip().casefold())
    if mode is None:
        raise ValueError(
            f"must be 'ex' or 'incl', or 'none' when the prices state no VAT (momsfritaget), not {value!r}")
    return mode


VatMode = Annotated[
    Vat,
    PlainValidator(_vat),
    WithJsonSchema({
        "enum": list(VAT_MODES),
        "description": "ex: prices are ex VAT, which the agreement adds; incl: prices include VAT; "
                       "none: prices state no VAT, and no document mentions it.",
        "examples": ["ex", "none"],
    }),
]
"""``ex``, ``incl`` or ``none``; ``ekskl.``, ``inkl.`` and ``ingen`` are read as the same."""


def _population(value: Any) -> int:
    try:
        number = finite_number(parse_danish_decimal(value), value)
    except ValueError as exc:
        raise ValueError(f"must be a number of inhabitants such as 50000 or 50.000: {exc}") from None
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"must be a whole number of inhabitants, 0 or more, not {value!r}")
    return int(number)


Population = Annotated[
    int,
    PlainValidator(_population),
    PlainSerializer(int, return_type=int),
    WithJsonSchema({
        "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}],
        "description": "A number of inhabitants, in Danish notation: 50000 or 50.000.",
        "examples": [50000, "99.999"],
    }),
]
"""A number of inhabitants, read as Danish notation: ``50.000`` is fifty thousand."""

SIGNING = "signing"
"""An instalment invoiced once both parties have signed the agreement."""

_SIGNING_WORDS = {"signing", "underskrift", "ved underskrift", "ved underskrivelse", "når aftalen er underskrevet"}


def _invoice_time(value: Any) -> When | str:
    if str(value).strip().casefold() in _SIGNING_WORDS:
        return SIGNING
    try:
        return When.parse(value)
    except ValueError as exc:
        raise ValueError(f"must be 'ved underskrift' or a point in time such as 'januar 2026': {exc}") from None


InvoiceTime = Annotated[
    When | str,
    PlainValidator(_invoice_time),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({
        "type": "string",
        "description": "'ved underskrift' (when both parties have signed), or a point in time: a date, a month, "
                       "a quarter, a half-year or a year ('januar 2026', '2026-01', '1. kvartal 2026').",
        "examples": ["ved underskrift", "januar 2026"],
    }),
]
"""When an instalment is invoiced: :data:`SIGNING`, or a :class:`When`."""


def _agreed_later(value: Any) -> Any:
    if isinstance(value, str) and value.strip().casefold().rstrip(".") in ("efter aftale", AGREED_LATER):
        return None
    return value


class AddOn(Model):
    """An optional extra a municipality can buy on top of the base price, at a price or at one agreed later."""

    id: NonEmpty = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="Stable key: lower-case letters a–z, digits, - and _. Registrations may name the add-on by it "
                    "or by its title.",
        examples=["lokal-workshop", "lokalt-forloeb"],
    )
    title: OneLine = Field(
        description="The add-on's name as the letters list it, and as the registrations name it.",
        examples=["Lokal workshop for dagtilbudsledere", "Lokalt forløb for kommunens frivillige"],
    )
    price: Annotated[PositiveMoney | None, BeforeValidator(_agreed_later)] = Field(
        None, description="What the add-on costs, once, with the same VAT as the price. Leave it out (or write "
                          "'efter aftale') when the price is agreed later: the documents then say "
                          "'pris efter aftale', and the agreement's total is without it.",
        examples=[15000, "efter aftale"],
    )
    description: str | None = Field(
        None, description="A sentence on what the add-on is, printed after its title and price in the invitation; "
                          "left out, the title and price stand alone.",
        examples=["En halv dags workshop i kommunen med KL's konsulenter."],
    )


def _span(first: int, last: int) -> str:
    """Inhabitants from ``first`` to ``last``, both included: ``50.000–59.999 indbyggere``, ``50.000 indbyggere``."""
    if first == last:
        return f"{format_number(first)} indbyggere"
    return f"{format_number(first)}–{format_number(last)} indbyggere"


class Tier(Model):
    """The price for municipalities of one size: from ``min`` to ``max`` inhabitants, both included."""

    min: Population = Field(0, description="The fewest inhabitants of the tier (included); 0 when left out.",
                            examples=[50000])
    max: Population | None = Field(None, description="The most inhabitants of the tier (included); no upper "
                                                     "bound when left out.", examples=["99.999"])
    price: PositiveMoney = Field(description="The price for a municipality of this size.", examples=[60000])

    @model_validator(mode="after")
    def _ordered(self) -> Tier:
        if self.max is not None and self.min > self.max:
            raise ValueError(f"min ({format_number(self.min)}) must not exceed max ({format_number(self.max)})")
        return self

    def covers(self, population: int) -> bool:
        """Whether a municipality of ``population`` inhabitants is in this tier."""
        return self.min <= population and (self.max is None or population <= self.max)

    @property
    def label(self) -> str:
        """The tier in words: ``under 50.000 indbyggere`` (``op til 50.000`` for max 50.000), ``50.000–99.999 …``.

        The largest is ``100.000 indbyggere og derover``; a single tier for
        every size is ``alle kommuner``.
        """
        if self.max is None:
            return "alle kommuner" if self.min == 0 else f"{format_number(self.min)} indbyggere og derover"
        if self.min == 0 and (self.max + 1) % 1000 == 0:  # max 49.999: under 50.000
            return f"under {format_number(self.max + 1)} indbyggere"
        if self.min == 0:  # max 50.000, which the tier includes
            return f"op til {format_number(self.max)} indbyggere"
        return _span(self.min, self.max)


class PerInhabitant(Model):
    """A price by the municipality's population: so much per inhabitant, and at least or at most so much."""

    rate: PositiveMoney = Field(description="The price per inhabitant, in kroner: '1,50'.", examples=["1,50"])
    min: PositiveMoney | None = Field(None, description="The least a municipality pays, however few its "
                                                        "inhabitants; left out, no least.", examples=["30.000"])
    max: PositiveMoney | None = Field(None, description="The most a municipality pays, however many its "
                                                        "inhabitants; left out, no most.", examples=["150.000"])

    @model_validator(mode="after")
    def _ordered(self) -> PerInhabitant:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({format_money(self.min)}) must not exceed max ({format_money(self.max)})")
        return self

    def _priced(self, population: int) -> tuple[Decimal, str | None]:
        """What ``population`` inhabitants pay, and the limit it is (``mindsteprisen``, ``højsteprisen``) or None."""
        amount = (self.rate * population).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if self.min is not None and amount < self.min:
            return self.min, "mindsteprisen"
        if self.max is not None and amount > self.max:
            return self.max, "højsteprisen"
        return amount, None

    def price(self, population: int) -> Decimal:
        """What a municipality of ``population`` inhabitants pays: the rate times them, in øre, within the limits."""
        return self._priced(population)[0]

    def limit(self, population: int) -> str | None:
        """``mindsteprisen`` or ``højsteprisen`` when that is what ``population`` pays; None for the rate's price."""
        return self._priced(population)[1]

    @property
    def limits(self) -> str:
        """``, dog mindst 30.000 kr. og højst 150.000 kr.``, ``, dog mindst 30.000 kr.``; empty without limits."""
        parts = [f"{word} {format_money(amount)}" for word, amount in (("mindst", self.min), ("højst", self.max))
                 if amount is not None]
        return f", dog {' og '.join(parts)}" if parts else ""


class Discount(Model):
    """A lower price for registering early: a share or an amount off the price of participation (not the add-ons)."""

    until: DateField = Field(description="The last day a registration gets the discount (YYYY-MM-DD); the "
                                         "registrations' 'Tilmeldingsdato' says when each municipality registered.",
                             examples=["2025-05-15"])
    percent: Percent | None = Field(None, description="The share off the price: '10 %'.", examples=["10 %"])
    amount: PositiveMoney | None = Field(None, description="Or an amount off the price, in the VAT terms of the "
                                                           "prices: 5.000.", examples=["5.000"])

    @model_validator(mode="after")
    def _one_of(self) -> Discount:
        if (self.percent is None) == (self.amount is None):
            raise ValueError("give percent (10 %) or amount (5.000), one of them")
        if self.percent is not None and not 0 < self.percent < 1:
            raise ValueError("percent: a discount is more than 0 % and less than 100 %")
        return self

    def off(self, price: Decimal) -> Decimal:
        """What is taken off ``price``: its share, rounded to øre, or the amount (never more than the price)."""
        if self.percent is not None:
            return (price * self.percent).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert self.amount is not None
        return min(self.amount, price)

    def applies(self, registered: dt.date | None) -> bool:
        """Whether a registration made on ``registered`` gets the discount (None: the day is not known)."""
        return registered is not None and registered <= self.until


class Instalment(Model):
    """One invoice of the price: when it is sent and which share of the price it is."""

    when: InvoiceTime
    share: Percent | None = Field(
        None, description="The share of the price invoiced then. Give it for every instalment (adding up to "
                          "100 %), or for none to split the price evenly.", examples=["50 %"],
    )

    @property
    def text(self) -> str:
        """When, as the agreement's table says it: ``Når aftalen er underskrevet``, ``Januar 2026``."""
        if isinstance(self.when, When):
            return capfirst(format_date(self.when))
        return "Når aftalen er underskrevet"

    @property
    def phrase(self) -> str:
        """When, in a sentence: ``i januar 2026``, ``den 5. januar 2026``, ``primo 2027``, ``når aftalen er …``."""
        if not isinstance(self.when, When):
            return "når aftalen er underskrevet af begge parter"
        if self.when.kind == "part":  # primo 2027, ultimo marts 2027: no preposition before it
            return format_date(self.when)
        return ("den " if self.when.kind in ("date", "datetime") else "i ") + format_date(self.when)


class InvoiceLine(Model):
    """One line of a municipality's price: what it is and what it costs (None: the price is agreed later)."""

    text: str
    amount: Decimal | None
    oere: bool = False
    """True when the table's amounts are written with øre, as one of them has some (see :attr:`Invoice.oere`)."""

    @property
    def amount_text(self) -> str:
        """The amount as the table prints it: ``55.000 kr.``, or ``Pris efter aftale``."""
        return capfirst(AGREED_LATER) if self.amount is None else format_money(self.amount, self.oere)


class InvoicedAmount(Model):
    """One instalment of a municipality's price: when it is invoiced, and how much."""

    text: str
    amount: Decimal
    oere: bool = False
    """As :attr:`InvoiceLine.oere`."""

    @property
    def amount_text(self) -> str:
        """The amount as the table of instalments prints it: ``18.719 kr.``, ``18.719,00 kr.`` beside øre."""
        return format_money(self.amount, self.oere)


class Invoice(Model):
    """What one municipality pays: its lines, their sum, the VAT, the total, their wording and the instalments.

    ``subtotal_text``, ``vat_text`` and ``total_text`` are the labels of the
    table's last rows, worded as the programme words VAT; with ``vat_status``
    ``ex`` all three are printed, with ``incl`` the total and the VAT it
    contains, with ``none`` only the total.
    """

    lines: tuple[InvoiceLine, ...]
    subtotal: Decimal
    vat: Decimal
    total: Decimal
    vat_status: Vat
    vat_words: str
    """``ex moms``, ``ekskl. moms``, ``inkl. moms``, or empty when no VAT is stated."""
    subtotal_text: str
    vat_text: str
    total_text: str
    agreed_later: tuple[str, ...]
    """The titles of the chosen add-ons whose price is agreed later."""
    note: str
    """A sentence saying that the add-ons priced later are not in the amounts; empty when there are none."""
    schedule: tuple[InvoicedAmount, ...]
    """The instalments of ``pricing.schedule`` with their amounts (of the subtotal); empty without one."""
    free: bool = False
    """True when taking part is free (``pricing.free``): the lines, if any, are the add-ons the municipality chose."""
    chosen: str = ""
    """The add-ons the municipality chose, as the agreement names them (:func:`chosen_words`); empty for none."""
    oere: bool = False
    """True when any amount of the price or its instalments has øre: then every amount of both tables is written
    with them (``37.438,00 kr.`` under ``31.250,50 kr.``), as an accountant writes a column."""

    def money(self, amount: Decimal) -> str:
        """``amount`` as this invoice's tables write it (see :attr:`oere`)."""
        return format_money(amount, self.oere)


@dataclass(frozen=True)
class Offer:
    """What an invitation says a municipality pays, or, without a municipality, what every municipality pays.

    ``tiers_intro`` and ``tiers`` (one line per tier) are empty for a
    single price; ``sentence`` states the price, or the municipality's own
    price by its size (empty in a description for all, which lists the tiers).
    """

    amount: Decimal | None
    """The price per year or for the period (per ``pricing.per``); None for tiers without a municipality."""
    total: Decimal | None
    """What the municipality pays for the whole period; None for tiers without a municipality."""
    tiers_intro: str
    tiers: tuple[str, ...]
    sentence: str
    discount: str = ""
    """The sentence on the discount for registering early (``pricing.discount``); empty without one."""
    schedule: str = ""
    """The sentence on the instalments the price is invoiced in (``pricing.schedule``); empty for one invoice."""


@functools.lru_cache(maxsize=256)  # a pure function of two frozen values; each letter of a batch asks it again
def period_years(start: When, end: When) -> int | None:
    """How many years a partnership from ``start`` to ``end`` runs, counted as a reader counts them; at least one.

    A reader counts from the first day of ``start`` to the last of ``end``,
    as "fra … til …" says: ``2027`` to ``2029`` is three years, ``første
    halvår 2027`` to ``andet halvår 2029`` three, ``september 2025`` to
    ``august 2027`` two, and up to a year is one (``august 2021`` to ``marts
    2022``). The same days count the same however the ends are written. None
    for a period of more than a year that is not close to whole years
    (``andet halvår 2025`` to ``andet halvår 2027``, 30 months; ``2. kvartal
    2027`` to ``3. kvartal 2028``, 18): no number of years says it, and a
    programme that means one says so with ``years``.
    """
    length = period_length(start, end)
    if length <= 1:
        return 1
    whole = length.to_integral_value(rounding=ROUND_HALF_UP)
    return int(whole) if abs(length - whole) <= Decimal("0.15") else None


def period_length(start: When, end: When) -> Decimal:
    """How long a partnership from ``start`` to ``end`` runs, in years, from its first day to its last: ``1.25``."""
    return Decimal((end.end - start.start).days + 1) / Decimal("365.2425")


def uneven_years(start: When, end: When) -> str | None:
    """Why a price per year cannot be counted over ``start`` to ``end`` by itself, or None when it can.

    A period of more than a year that is not close to whole years (18 months)
    would be billed as the years it rounds to, which no reader can tell from
    "om året" (see :func:`period_years`).
    """
    if period_years(start, end) is not None:
        return None
    months = (end.end.year - start.start.year) * 12 + end.end.month - start.start.month + (end.end.day > 1)
    return (f"the partnership runs {months} months ({format_date(start)} to {format_date(end)}), no whole number "
            "of years, so a price per year does not say what a municipality pays: say how many years it is billed "
            f"for with years (years: {math.ceil(months / 12)}), or price the whole period with per: period")


def _years(n: int) -> str:
    return f"{spell(n, neuter=True)} år"


FREE_SENTENCE = "Deltagelse i partnerskabet er gratis for kommunerne."
"""What the invitation and the project description say of the price when taking part is free (``pricing.free``)."""


class Pricing(Model):
    """What participation costs, by size or not, per year or for the period, its VAT, add-ons and invoicing."""

    _same_offer: dict[tuple[int, bool], Offer] = PrivateAttr(default_factory=dict)
    """The offer of a single price, by the years it is for (see :meth:`offer`)."""

    heading: str | None = Field(
        None, description="The heading of the economy's section in the invitation; left out, 'Økonomi'.",
        examples=["Økonomi og tilmelding", "Økonomi"],
    )
    price: PositiveMoney | None = Field(
        None, description="Price per municipality; leave it out when prices follow the population (tiers), or "
                          "when taking part is free (free: ja).",
        examples=[55000, "90.000"],
    )
    free: YesNo = Field(
        False, description="ja when the municipalities take part for free (the partnership is paid for by a fund, "
                           "a ministry or KL): no price or tiers, the invitation says it is free and the agreement "
                           "has a price table only for the add-ons a municipality chose.",
        examples=["ja"],
    )
    tiers: tuple[Tier, ...] = Field(
        (), description="Prices by the municipality's population (the bundled reference data), instead of one "
                        "price. Together the tiers cover every population from 0 up, without gaps or overlaps.",
        examples=[[{"max": "49.999", "price": 40000}, {"min": "50.000", "max": "99.999", "price": 60000},
                   {"min": "100.000", "price": 80000}]],
    )
    per_inhabitant: PerInhabitant | None = Field(
        None, description="A price by the municipality's population instead of one price or tiers: the price per "
                          "inhabitant (the bundled reference data's figures), and the least (min) and the most (max) "
                          "a municipality pays.",
        examples=[{"rate": "1,50", "min": "30.000", "max": "150.000"}],
    )
    per: Per | None = Field(
        None, description="What the price is for: 'year' (45.000 kr. om året) or 'period' (90.000 kr. i alt for "
                          "to år). Left out, the documents say neither.", examples=["period", "year"],
    )
    years: int | None = Field(
        None, ge=1, description="The years the price is for, with per; left out, counted from timeline.start "
                                "and timeline.end (andet halvår 2025 to andet halvår 2027 is two).", examples=[2],
    )
    vat: VatMode = Field("ex", description="Whether the prices are ex or incl. VAT (moms), or state no VAT ('none'), "
                                           "in which case no document mentions VAT.")
    vat_wording: VatWording = Field(
        "ex moms", description="How prices ex VAT are worded: 'ex moms', as KL's letters write it, or the "
                               "dictionary's 'ekskl. moms' (with 'inkl. moms' for a total with VAT).",
        examples=["ekskl. moms"],
    )
    vat_rate: Percent = Field(Decimal("0.25"), description="The VAT rate; 25 % in Denmark.", examples=["25 %"])
    covers: str | None = Field(
        None, description="What the price covers, e.g. 'fire partnerskabsmøder'.", examples=["fire partnerskabsmøder"],
    )
    add_ons: tuple[AddOn, ...] = Field(
        (),
        description="Optional extras a municipality can buy on top of the price, each with an id and a title, and "
                    "a price or none (agreed later); the registrations name the ones chosen. Left out, none.",
        examples=[[{"id": "lokal-workshop", "title": "Lokal workshop for dagtilbudsledere", "price": "15.000",
                    "description": "En halv dags workshop i kommunen med KL's konsulenter."},
                   {"id": "lokalt-forloeb", "title": "Lokalt forløb for kommunens frivillige",
                    "price": "efter aftale"}]],
    )
    schedule: tuple[Instalment, ...] = Field(
        (), description="When the price is invoiced, in instalments, shown in each agreement and stated in the "
                        "invitation. An add-on is invoiced in full with the first. Left out, the whole amount is "
                        "invoiced when the agreement is signed.",
        examples=[[{"when": "ved underskrift", "share": "50 %"}, {"when": "januar 2026", "share": "50 %"}]],
    )
    show_tiers: YesNo = Field(
        True, description="With tiers, whether each invitation lists every tier (ja) or only states the "
                          "municipality's own price (nej). The project description always lists them.",
        examples=["nej"],
    )
    discount: Discount | None = Field(
        None, description="A discount for registering early: until (the last day), and percent or amount off the "
                          "price of participation. The invitation says it, and each agreement of a municipality "
                          "that registered by then shows it as a line of its price.",
        examples=[{"until": "2025-05-15", "percent": "10 %"}, {"until": "2025-05-15", "amount": "5.000"}],
    )
    price_text: Text = Field(
        (), description="Text on the price itself (how it falls over the years, what it includes), printed right "
                        "after the price in the invitation and the project description, before the add-ons.",
        examples=["Prisen falder over perioden: 60.000 kr. i 2027, 50.000 kr. i 2028 og 40.000 kr. i 2029."],
    )
    text: Text = Field(
        (), description="Text that closes the economy section, after the add-ons and the instalments.",
    )

    @field_validator("tiers")
    @classmethod
    def _cover_every_population(cls, tiers: tuple[Tier, ...]) -> tuple[Tier, ...]:
        if not tiers:
            return tiers
        order = sorted(range(len(tiers)), key=lambda i: (tiers[i].min, tiers[i].max is None, tiers[i].max or 0))
        problems: list[tuple[tuple[int | str, ...], str]] = []
        first = order[0]
        if tiers[first].min > 0:
            problems.append(((first, "min"), f"leaves 0–{format_number(tiers[first].min - 1)} indbyggere without "
                                             "a price: let the smallest tier start at 0 (leave out its min)"))
        for a, b in itertools.pairwise(order):
            low, high = tiers[a], tiers[b]
            if low.max is None or high.min <= low.max:
                ends = [m for m in (low.max, high.max) if m is not None]
                where = _span(high.min, min(ends)) if ends else f"{format_number(high.min)} indbyggere and more"
                fix = (f": let it start at {format_number(low.max + 1)}, one above where tiers[{a}] ends (its max "
                       "is included)" if low.max is not None else "")
                problems.append(((b, "min"), f"overlaps tiers[{a}] ({low.label}) at {where}{fix}"))
            elif high.min > low.max + 1:
                problems.append(((b, "min"), f"leaves {_span(low.max + 1, high.min - 1)} without a price: "
                                             f"tiers[{a}] ends at {format_number(low.max)}, so let this one start "
                                             f"at {format_number(low.max + 1)}"))
        last = order[-1]
        top = tiers[last].max
        if top is not None:
            problems.append(((last, "max"), f"leaves {format_number(top + 1)} indbyggere and more without a price: "
                                            "leave out the max of the largest tier"))
        _raise(problems, tiers)
        return tiers

    @field_validator("schedule")
    @classmethod
    def _shares_add_up(cls, schedule: tuple[Instalment, ...]) -> tuple[Instalment, ...]:
        given = [i.share is not None for i in schedule]
        if any(given) and not all(given):
            _raise([((n, "share"), "is missing: give a share for every instalment, or for none to split the price "
                                   "evenly") for n, g in enumerate(given) if not g], schedule)
        if all(given) and schedule:
            total = sum((i.share or Decimal(0) for i in schedule), Decimal(0))
            if total != 1:
                raise ValueError(f"the shares add up to {format_pct(total)}, not 100 pct.")
        return schedule

    @model_validator(mode="after")
    def _check(self) -> Pricing:
        if self.price is not None and self.tiers:
            _raise([(("tiers",), "give either price (one for every municipality) or tiers (by population), "
                                 "not both")], self.tiers)
        if self.per_inhabitant is not None and (self.price is not None or self.tiers):
            other = "price" if self.price is not None else "tiers"
            _raise([(("per_inhabitant",), f"give one of price, tiers and per_inhabitant, not {other} as well")], None)
        if self.free:
            given = [name for name, value in (("price", self.price), ("tiers", self.tiers),
                                              ("per_inhabitant", self.per_inhabitant), ("per", self.per),
                                              ("years", self.years), ("discount", self.discount),
                                              ("schedule", self.schedule)) if value]
            if given:
                _raise([((name,), "goes with a price, and free: ja says taking part is free: leave one of the "
                                  "two out") for name in given], None)
        elif self.price is None and not self.tiers and self.per_inhabitant is None:
            raise ValueError("give a price (price: 55.000), prices by population (tiers, or per_inhabitant with its "
                             "rate), or free: ja for a partnership the municipalities take part in for free")
        if self.years is not None and self.per is None and not self.free:
            _raise([(("years",), "says how many years the price is for: give per (year or period) too")], self.years)
        ids = [a.id for a in self.add_ons]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"add_ons: id '{dupes[0]}' is used twice")
        return self

    # --- Prices --------------------------------------------------------------------------------

    def years_for(self, period: tuple[When, When] | None) -> int:
        """The years the price is for: ``years``, else counted from ``period`` (:func:`period_years`); one without.

        A period of no whole number of years counts as one: a price for the
        period is then "for hele perioden" (a price per year over it is refused
        by the programme's check, :func:`uneven_years`).
        """
        if self.years is not None:
            return self.years
        return (period_years(*period) or 1) if period is not None else 1

    def tier_for(self, municipality: Municipality) -> Tier | None:
        """The tier of ``municipality`` by its population; None with a single price."""
        return next((t for t in self.tiers if t.covers(municipality.population)), None) if self.tiers else None

    def price_for(self, municipality: Municipality | None) -> Decimal:
        """The price per year or for the period of ``municipality`` (0 when free); ValueError for tiers without one."""
        if self.free:
            return Decimal(0)
        if self.price is not None:
            return self.price
        if municipality is None:
            raise ValueError("prices by population need the municipality")
        if self.per_inhabitant is not None:
            return self.per_inhabitant.price(municipality.population)
        tier = self.tier_for(municipality)
        assert tier is not None, "the tiers cover every population"
        return tier.price

    def covers_lead(self, agreement: bool = False) -> str:
        """The words before what the price covers: ``Prisen dækker``, or ``Deltagelsen omfatter`` when it is free.

        In an agreement, beside its add-ons: ``Prisen for deltagelse dækker``.
        """
        if self.free:
            return "Deltagelsen omfatter"
        return "Prisen for deltagelse dækker" if agreement else "Prisen dækker"

    def amount_text(self, amount: Decimal | None) -> str:
        """An amount with this programme's VAT wording (``55.000 kr. ex moms``), or ``pris efter aftale``."""
        return format_price(amount, self.vat, self.vat_wording)

    @property
    def vat_words(self) -> str:
        """``ex moms``, ``ekskl. moms`` or ``inkl. moms``, as this programme words its prices; empty for ``none``."""
        return vat_label(self.vat, self.vat_wording)

    def _per_phrase(self, amount: Decimal, years: int) -> str:
        """What follows a price: `` om året, i alt 90.000 kr. for to år``, `` i alt for to år`` or nothing."""
        if self.per == "year":
            return " om året" + (f", i alt {format_money(amount * years)} for {_years(years)}" if years > 1 else "")
        if self.per == "period":
            return f" i alt for {_years(years)}" if years > 1 else " for hele perioden"
        return ""

    def offer(self, municipality: Municipality | None, period: tuple[When, When] | None = None, *,
              interest: bool = False) -> Offer:
        """What the invitation to ``municipality`` (None: the project description, for all) says it pays.

        ``Prisen for deltagelse i partnerskabet er 45.000 kr. ex moms pr.
        kommune om året, i alt 90.000 kr. for to år.`` With tiers, the tiers
        (unless ``show_tiers`` is nej) and ``Med 367.095 indbyggere (1. januar 2025)
        betaler Aarhus Kommune 80.000 kr. ex moms.`` With ``interest`` the
        municipalities express an interest (``registration.mode: interest``)
        rather than sign up, and the discount's sentence says so.
        """
        years = self.years_for(period)
        if self.free:
            return Offer(Decimal(0), Decimal(0), "", (), FREE_SENTENCE)
        if self.price is not None:  # the same for every municipality: made once, so a batch of letters shares it
            kept = self._same_offer.get((years, interest))
            if kept is None:
                phrase = self._per_phrase(self.price, years)
                price = self.amount_text(self.price)
                sentence = f"Prisen for deltagelse i partnerskabet er {price} pr. kommune{phrase}."
                total = self.price * years if self.per == "year" else self.price
                kept = self._same_offer[years, interest] = Offer(self.price, total, "", (), sentence,
                                                                 self.discount_sentence(interest=interest),
                                                                 self.schedule_sentence)
            return kept
        discount = self.discount_sentence(interest=interest)
        if self.per_inhabitant is not None:
            return self._offer_per_inhabitant(self.per_inhabitant, municipality, years, discount)
        if self.per == "year":
            whose = "et års deltagelse"
        elif self.per == "period":  # the description has no sentence saying "for hele perioden": this says it
            whose = f"de {_years(years)}s deltagelse" if years > 1 else "deltagelse"
        else:
            whose = "deltagelse"
        whole_period = " i hele perioden" if self.per == "period" and years <= 1 else ""
        intro = f"Prisen for {whose} i partnerskabet{whole_period} afhænger af kommunens indbyggertal"
        listed = self.show_tiers or municipality is None
        # the description, for all, has no municipality's sentence with its total over several years: each tier has it
        whole = municipality is None and self.per == "year" and years > 1
        tiers = tuple(f"{capfirst(t.label)}: {self.amount_text(t.price)}"
                      + (f" (i alt {format_money(t.price * years)} for {_years(years)})" if whole else "")
                      for t in self.tiers) if listed else ()
        if municipality is None:
            return Offer(None, None, intro + ":", tiers, "", discount, self.schedule_sentence)
        amount = self.price_for(municipality)
        phrase = self._per_phrase(amount, years)
        people = f"{format_number(municipality.population)} indbyggere (1.{NBSP}januar {municipality.population_year})"
        sentence = full_stop(f"Med {people} betaler {municipality.official_name} {self.amount_text(amount)}{phrase}")
        if not listed:
            sentence = f"{intro}. {sentence}"
        total = amount * years if self.per == "year" else amount
        return Offer(amount, total, intro + ":" if listed else "", tiers, sentence, discount, self.schedule_sentence)

    def _offer_per_inhabitant(self, rule: PerInhabitant, municipality: Municipality | None, years: int,
                              discount: str) -> Offer:
        """:meth:`offer` of a price per inhabitant: the rule, and for ``municipality`` what it pays by it.

        ``Prisen for deltagelse i partnerskabet er 1,50 kr. pr. indbygger ex moms, dog mindst 30.000 kr. og højst
        150.000 kr. Med 98.806 indbyggere (1. januar 2026) betaler Horsens Kommune 148.209 kr. ex moms.``; of one
        the limit holds for, ``… betaler Læsø Kommune mindsteprisen, 30.000 kr. ex moms.``
        """
        per = {"year": " om året", "period": f" for {_years(years)}" if years > 1 else " for hele perioden"}
        vat = f" {self.vat_words}" if self.vat_words else ""
        rule_sentence = full_stop(f"Prisen for deltagelse i partnerskabet er {format_money(rule.rate)} pr. "
                                  f"indbygger{per.get(self.per or '', '')}{vat}{rule.limits}")
        if municipality is None:
            return Offer(None, None, "", (), rule_sentence, discount, self.schedule_sentence)
        amount = rule.price(municipality.population)
        limit = rule.limit(municipality.population)
        phrase = self._per_phrase(amount, years)
        people = f"{format_number(municipality.population)} indbyggere (1.{NBSP}januar {municipality.population_year})"
        pays = f"{limit}, {self.amount_text(amount)}" if limit else self.amount_text(amount)
        own = full_stop(f"Med {people} betaler {municipality.official_name} {pays}{phrase}")
        total = amount * years if self.per == "year" else amount
        return Offer(amount, total, "", (), f"{rule_sentence} {own}", discount, self.schedule_sentence)

    @property
    def schedule_sentence(self) -> str:
        """The invitation's sentence on the instalments, when the price is invoiced in more than one; else empty.

        ``Prisen faktureres i tre rater: 40 pct., når aftalen er underskrevet af
        begge parter, 30 pct. i januar 2028 og 30 pct. i januar 2029.`` (of two:
        ``50 pct., når aftalen er underskrevet af begge parter, og 50 pct. …``,
        the clause closed before "og"). Without shares: ``i tre lige store rater: …``. With add-ons priced: ``Tilkøb
        faktureres med første rate.`` (the agreement's table invoices them so).
        """
        if len(self.schedule) < 2 or self.free:
            return ""
        shared = all(i.share is not None for i in self.schedule)
        times = [(f"{format_pct(i.share)}{',' if i.phrase.startswith('når') else ''} " if shared and i.share
                  else "") + i.phrase for i in self.schedule]
        if len(times) > 1 and "når " in times[-2]:  # the clause closed before "og": "…begge parter, og 40 pct."
            times[-2] += ","
        even = "" if shared else " lige store"
        sentence = f"Prisen faktureres i {spell(len(self.schedule))}{even} rater: {and_list(times)}."
        if any(a.price is not None for a in self.add_ons):
            sentence += " Tilkøb faktureres med første rate."
        return sentence

    def discount_sentence(self, *, interest: bool = False) -> str:
        """The invitation's sentence on the discount for registering early; empty without one.

        ``Kommuner, der tilmelder sig senest torsdag den 15. maj 2025, får 10 %
        rabat på prisen for deltagelse.`` (``får 5.000 kr. ex moms i rabat``;
        ``på den samlede pris for deltagelse`` with a price per year, from
        which an amount is taken once; ``der tilkendegiver deres interesse``
        with ``interest``).
        """
        if self.discount is None:
            return ""
        off = (f"{format_pct(self.discount.percent)} rabat" if self.discount.percent is not None
               else f"{self.amount_text(self.discount.amount)} i rabat")
        whole = "den samlede pris" if self.per == "year" and self.discount.amount is not None else "prisen"
        who = "tilkendegiver deres interesse" if interest else "tilmelder sig"
        return (f"Kommuner, der {who} senest {format_weekday_date(self.discount.until)}, får {off} på "
                f"{whole} for deltagelse.")

    # --- One municipality's invoice ------------------------------------------------------------

    def invoice(
        self, add_on_ids: tuple[str, ...] | list[str] = (), base_text: str = "Deltagelse i partnerskabet", *,
        municipality: Municipality | None = None, period: tuple[When, When] | None = None,
        registered: dt.date | None = None, interest: bool = False,
    ) -> Invoice:
        """The price for ``municipality`` that chose ``add_on_ids``: lines, subtotal, VAT, total and instalments.

        With prices ex VAT the VAT is added; with prices incl. VAT the VAT
        contained in the total is shown and the total is the subtotal; with
        no VAT stated there is no VAT. A price per year is multiplied by the
        years of ``period`` (or ``years``). An add-on priced later is a line
        without an amount, left out of the sums. Tiers need ``municipality``.
        A registration made by ``registered`` within the discount's day gets
        the discount as a line of its own, off the price of participation
        (``Rabat for interessetilkendegivelse senest …`` with ``interest``).
        """
        years = self.years_for(period)
        price = self.price_for(municipality)
        text = base_text
        if self.per == "year" and years > 1:
            text += f" i {_years(years)} à {format_money(price)}"
            price *= years
        elif self.per == "period" and years > 1:
            text += f" i {_years(years)}"
        tier = self.tier_for(municipality) if municipality is not None else None
        if tier is not None:
            text += f" ({tier.label})"
        elif self.per_inhabitant is not None and municipality is not None:
            rule, population = self.per_inhabitant, municipality.population
            limit = rule.limit(population)
            text += f" ({format_number(population)} indbyggere, {limit or f'{format_money(rule.rate)} pr. indbygger'})"
        by_id = {a.id: a for a in self.add_ons}
        chosen = [by_id[i] for i in add_on_ids]
        lines = [] if self.free else [InvoiceLine(text=text, amount=price)]  # free: what it pays is its add-ons
        if self.discount is not None and self.discount.applies(registered):
            rate = f" ({format_pct(self.discount.percent)})" if self.discount.percent is not None else ""
            what = "interessetilkendegivelse" if interest else "tilmelding"
            lines.append(InvoiceLine(text=f"Rabat for {what} senest {format_date(self.discount.until)}{rate}",
                                     amount=-self.discount.off(price)))
        lines += [InvoiceLine(text=a.title, amount=a.price) for a in chosen]
        subtotal = sum((line.amount for line in lines if line.amount is not None), Decimal(0))
        if self.vat == "ex":
            vat = vat_amount(subtotal, self.vat_rate)
            total = subtotal + vat
        elif self.vat == "incl":
            vat = vat_included(subtotal, self.vat_rate)
            total = subtotal
        else:
            vat = Decimal(0)
            total = subtotal
        later = tuple(a.title for a in chosen if a.price is None)
        once = sum((a.price for a in chosen if a.price is not None), Decimal(0))
        schedule = self._instalments(subtotal - once, once)
        amounts = [subtotal, vat, total, *(i.amount for i in schedule),
                   *(line.amount for line in lines if line.amount is not None)]
        oere = any(a != a.to_integral_value() for a in amounts)
        return Invoice(
            lines=tuple(line.model_copy(update={"oere": oere}) for line in lines), subtotal=subtotal, vat=vat,
            total=total, vat_status=self.vat, vat_words=self.vat_words, **self._labels(later), agreed_later=later,
            note=_later_note(later, summed=not (self.free and not subtotal)),
            schedule=tuple(i.model_copy(update={"oere": oere}) for i in schedule), oere=oere,
            free=self.free, chosen=chosen_words(len(chosen)) if chosen else "",
        )

    @property
    def unused_notes(self) -> list[str]:
        """What the programme says of its prices that no document uses: a ``vat_wording`` beside prices incl. VAT."""
        if "vat_wording" in self.model_fields_set and self.vat != "ex":
            return [f"pricing.vat_wording ({self.vat_wording}) words prices ex VAT, and these are "
                    f"{'incl. VAT (vat: incl), said inkl. moms' if self.vat == 'incl' else 'without VAT (vat: none)'}"
                    ": no document uses it"]
        return []

    def _labels(self, later: tuple[str, ...]) -> dict[str, str]:
        """The labels of the price table's last rows, as this programme words VAT."""
        without = " (ekskl. tilkøb med pris efter aftale)" if later else ""
        rate = format_pct(self.vat_rate)
        if self.vat == "ex":
            with_vat = "I alt med moms" if self.vat_wording == "ex moms" else "I alt inkl. moms"
            return {"subtotal_text": f"I alt {self.vat_wording}{without}", "vat_text": f"Moms ({rate})",
                    "total_text": with_vat + without}
        if self.vat == "incl":
            return {"subtotal_text": f"I alt inkl. moms{without}", "vat_text": f"Heraf moms ({rate})",
                    "total_text": f"I alt inkl. moms{without}"}
        return {"subtotal_text": f"I alt{without}", "vat_text": "", "total_text": f"I alt{without}"}

    def _instalments(self, participation: Decimal, add_ons: Decimal = Decimal(0)) -> tuple[InvoicedAmount, ...]:
        """The schedule's instalments: ``participation`` by their shares, or evenly, and ``add_ons`` with the first.

        The last takes what rounding left. An add-on is bought once (a
        workshop, a theme day), so it is invoiced in full with the first
        instalment, not a share of it in each year.
        """
        if not self.schedule:
            return ()
        subtotal = participation
        n = len(self.schedule)
        cent = Decimal("0.01")
        amounts = [
            (subtotal * i.share).quantize(cent, rounding=ROUND_HALF_UP) if i.share is not None
            else (subtotal / n).quantize(cent, rounding=ROUND_DOWN)
            for i in self.schedule
        ]
        amounts[-1] = subtotal - sum(amounts[:-1], Decimal(0))
        amounts[0] += add_ons
        return tuple(InvoicedAmount(text=i.text, amount=a) for i, a in zip(self.schedule, amounts, strict=True))


def chosen_words(count: int) -> str:
    """The add-ons a municipality chose, as an agreement names them: ``det valgte tilkøb``, ``de valgte tilkøb``."""
    return "det valgte tilkøb" if count == 1 else "de valgte tilkøb"


def _later_note(titles: tuple[str, ...], summed: bool = True) -> str:
    """``Prisen for tilkøbet ”X” aftales mellem parterne og indgår ikke i beløbene i tabellen.`` (empty for none).

    Without ``summed`` (the table has no amounts: a free partnership whose add-ons are all priced later) the
    sentence ends at ``… aftales mellem parterne.``
    """
    if not titles:
        return ""
    titles = tuple(f"”{title}”" for title in titles)  # a name in a sentence, quoted as the summary quotes its own
    rest = " og indgår ikke i beløbene i tabellen." if summed else "."
    if len(titles) == 1:
        return f"Prisen for tilkøbet {titles[0]} aftales mellem parterne{rest}"
    return f"Priserne for tilkøbene {and_list(titles)} aftales mellem parterne{rest}"


def _raise(problems: list[tuple[tuple[int | str, ...], str]], value: object) -> None:
    """:func:`~kldocs.inputs.validation.raise_at` for the pricing: each problem at its place (``tiers[2].min``)."""
    raise_at("pricing", problems, value)
