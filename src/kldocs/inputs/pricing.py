"""What participation costs: the price, VAT, add-ons, and one municipality's invoice."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import Field, model_validator

from kldocs.danish.formatting import vat_amount as _vat_amount
from kldocs.danish.formatting import with_vat
from kldocs.inputs.fieldtypes import Model, NonEmpty, Percent, PositiveMoney, Text


class AddOn(Model):
    """An optional extra a municipality can buy on top of the base price."""

    id: NonEmpty = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: NonEmpty
    price: PositiveMoney
    description: str | None = None


class InvoiceLine(Model):
    """One line of a municipality's price: what it is and what it costs."""

    text: str
    amount: Decimal


class Invoice(Model):
    """What one municipality pays: its lines, their sum, the VAT and the total."""

    lines: tuple[InvoiceLine, ...]
    subtotal: Decimal
    vat: Decimal
    total: Decimal
    vat_status: Literal["ex", "incl"]


class Pricing(Model):
    """What participation costs, whether prices are ex or incl. VAT, and the add-ons."""

    heading: str | None = None
    price: PositiveMoney = Field(description="Price per municipality.")
    vat: Literal["ex", "incl"] = Field("ex", description="Whether the prices are ex or incl. VAT (moms).")
    vat_rate: Percent = Field(Decimal("0.25"), description="The VAT rate; 25 % in Denmark.")
    covers: str | None = Field(None, description="What the price covers, e.g. 'fire partnerskabsmøder'.")
    add_ons: tuple[AddOn, ...] = ()
    text: Text = ()

    @model_validator(mode="after")
    def _check(self) -> Pricing:
        ids = [a.id for a in self.add_ons]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"add_ons: id '{dupes[0]}' is used twice")
        return self

    def invoice(
        self, add_on_ids: tuple[str, ...] | list[str] = (), base_text: str = "Deltagelse i partnerskabet"
    ) -> Invoice:
        """The price for a municipality that chose ``add_on_ids``: lines, subtotal, VAT and total.

        With prices ex VAT the VAT is added; with prices incl. VAT the VAT
        contained in the total is shown and the total is the subtotal.
        """
        by_id = {a.id: a for a in self.add_ons}
        lines = [InvoiceLine(text=base_text, amount=self.price)]
        lines += [InvoiceLine(text=by_id[i].title, amount=by_id[i].price) for i in add_on_ids]
        subtotal = sum((line.amount for line in lines), Decimal(0))
        if self.vat == "ex":
            vat = _vat_amount(subtotal, self.vat_rate)
            total = with_vat(subtotal, self.vat_rate)
        else:
            vat = (subtotal - subtotal / (1 + self.vat_rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            total = subtotal
        return Invoice(lines=tuple(lines), subtotal=subtotal, vat=vat, total=total, vat_status=self.vat)
