"""Who takes part and how they sign up: participants, the registration's deadline, link and columns."""

from __future__ import annotations

from pydantic import Field, model_validator

from kldocs.inputs.fieldtypes import DayOrTime, Model, Text, YesNo


class Participants(Model):
    """Who takes part from each municipality, and the limits on how many."""

    heading: str | None = None
    text: Text = ()
    min: int = Field(1, ge=0, description="Fewest participants per municipality.")
    max: int = Field(5, ge=1, description="Most participants per municipality.")
    max_politicians: int = Field(0, ge=0, description="Most politicians per municipality.")

    @model_validator(mode="after")
    def _ordered(self) -> Participants:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not exceed max ({self.max})")
        return self


DEFAULT_COLUMNS: dict[str, str] = {
    "municipality": "Kommune",
    "contact_name": "Kontaktperson",
    "contact_title": "Titel",
    "email": "E-mail",
    "phone": "Telefon",
    "focus_area": "Indsatsområde",
    "goal": "Mål",
    "participants": "Antal deltagere",
    "politicians": "Antal politikere",
    "add_ons": "Tilkøb",
    "mayor": "Borgmester",
    "director": "Kommunaldirektør",
    "approved": "Tiltrådt",
}
"""Column headings of a registrations export; ``focus_area`` and ``goal`` are followed by 1…5."""


class Columns(Model):
    """Column headings of the registrations export, where they differ from the Danish defaults."""

    municipality: str = DEFAULT_COLUMNS["municipality"]
    contact_name: str = DEFAULT_COLUMNS["contact_name"]
    contact_title: str = DEFAULT_COLUMNS["contact_title"]
    email: str = DEFAULT_COLUMNS["email"]
    phone: str = DEFAULT_COLUMNS["phone"]
    focus_area: str = Field(DEFAULT_COLUMNS["focus_area"], description="Followed by 1…5 in the export.")
    goal: str = Field(DEFAULT_COLUMNS["goal"], description="Followed by 1…5: local goal per focus area.")
    participants: str = DEFAULT_COLUMNS["participants"]
    politicians: str = DEFAULT_COLUMNS["politicians"]
    add_ons: str = DEFAULT_COLUMNS["add_ons"]
    mayor: str = DEFAULT_COLUMNS["mayor"]
    director: str = DEFAULT_COLUMNS["director"]
    approved: str = DEFAULT_COLUMNS["approved"]


class RegistrationSettings(Model):
    """How municipalities sign up: deadline, link, whether it binds, and the export's columns."""

    heading: str | None = None
    deadline: DayOrTime
    link: str | None = None
    binding: YesNo = True
    text: Text = ()
    min_focus_areas: int = Field(1, ge=0, description="Fewest focus areas a municipality must prioritise.")
    max_focus_areas: int = Field(5, ge=1, le=9, description="Most focus areas a municipality may prioritise.")
    columns: Columns = Columns()
