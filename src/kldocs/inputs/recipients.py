"""Recipients: optional per-municipality facts for letters, from ``recipients.csv``.

A programme folder may hold ``recipients.csv`` (or ``recipients.xlsx``) with
one row per municipality: a ``Kommune`` column (code or name, looked up
forgivingly) and any further columns. ``Navn``, ``Titel`` and ``E-mail`` are
the addressee's name, job title and e-mail address (the e-mail is where
``--eml`` drafts go); every other column becomes a field a template can
print, named by its heading in lower case with ``_`` for anything but letters
and digits (``Andel i specialtilbud`` → ``recipient.andel_i_specialtilbud``).
Values are kept as the text written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from kldocs.errors import InputError, Problem
from kldocs.inputs.fieldtypes import email_problem, line_break
from kldocs.inputs.tabular import find_table, read_table
from kldocs.reference.municipalities import Municipality

FILE_STEM = "recipients"

COLUMNS: dict[str, tuple[str, ...]] = {
    "municipality": ("kommune", "municipality", "kommunekode", "kode"),
    "name": ("navn", "name", "modtager"),
    "title": ("titel", "title", "stilling"),
    "email": ("e-mail", "email", "mail", "e-mailadresse"),
}
"""The columns with a meaning of their own, by field, and the headings accepted for each."""

KNOWN_FIELDS = ("name", "title", "email")
"""Fields every recipient has in a template, None when not given."""

@dataclass(frozen=True)
class Recipient:
    """What ``recipients.csv`` says about one municipality's addressee."""

    municipality: Municipality
    name: str | None = None
    title: str | None = None
    email: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    """Further columns, by field name, with the text of the cell (empty cells left out)."""
    row: int | None = None

    def for_template(self) -> SimpleNamespace:
        """The recipient as templates see it: ``recipient.name``, ``recipient.email``, ``recipient.<column>``.

        The known fields are always there (None when not given); a further
        column is there only where its cell has a value, so a template that
        prints it fails for a recipient without one, instead of printing a blank.
        """
        return SimpleNamespace(
            **self.fields, name=self.name, title=self.title, email=self.email,
        )


@dataclass(frozen=True)
class Recipients:
    """The rows of ``recipients.csv`` by municipality code (empty when there is no such file)."""

    path: Path | None
    by_code: Mapping[int, Recipient]
    columns: tuple[str, ...] = ()
    """The field names of the further columns."""

    def __iter__(self) -> Iterator[Recipient]:
        return iter(self.by_code.values())

    def __len__(self) -> int:
        return len(self.by_code)

    def get(self, municipality: Municipality) -> Recipient:
        """The recipient of ``municipality``: its row, or one with nothing but the municipality."""
        return self.by_code.get(municipality.code) or Recipient(municipality)


def field_name(heading: str) -> str:
    """The field a column heading becomes in templates: ``Andel i specialtilbud`` → ``andel_i_specialtilbud``."""
    text = unicodedata.normalize("NFC", heading).strip().casefold()
    for src, dst in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def find_recipients_file(folder: Path) -> Path | None:
    """``recipients.csv`` or ``recipients.xlsx`` in a programme folder, or None."""
    return find_table(folder, FILE_STEM)


def load_recipients(folder: Path) -> Recipients:
    """Read the programme folder's recipients file; no file gives no recipients.

    Raises InputError listing every problem: a missing or unknown
    municipality, a municipality given twice, an e-mail that is not one, or a
    column heading that cannot be a field name.
    """
    path = find_recipients_file(folder)
    if path is None:
        return Recipients(None, {})
    table = read_table(path)
    problems: list[Problem] = []
    roles: dict[str, str] = {}
    extra: dict[str, str] = {}
    for heading in table.headers:
        if not heading:
            continue
        key = heading.strip().casefold()
        role = next((f for f, names in COLUMNS.items() if key in names), None)
        if role is not None:
            if role in roles:
                problems.append(Problem(table.where(1, heading), f"says the same as the column '{roles[role]}'"))
            roles[role] = heading
            continue
        name = field_name(heading)
        if not name or not name[0].isalpha():
            problems.append(Problem(table.where(1, heading),
                                    "a column heading must start with a letter, so templates can name it"))
        elif name in extra.values() or name in KNOWN_FIELDS:
            problems.append(Problem(table.where(1, heading), f"gives the field '{name}' twice"))
        else:
            extra[heading] = name
    if "municipality" not in roles:
        problems.append(Problem(table.where(1), "has no 'Kommune' column (the municipality's code or name)"))
        raise InputError(problems)
    by_code: dict[int, Recipient] = {}
    for row in table:

        def where(column: str, number: int = row.number) -> str:
            return table.where(number, column)

        municipality = table.municipality(row, roles["municipality"], problems)
        if municipality is None:
            continue
        if municipality.code in by_code:
            other = by_code[municipality.code].row
            problems.append(Problem(where(roles["municipality"]),
                                    f"{municipality.name} is given twice (also in row {other})"))
            continue
        values = {role: row.text(heading) for role, heading in roles.items()}
        for role in ("name", "title"):  # printed after "Til" and in the greeting and the To: header alike
            problem = line_break(values.get(role) or "")
            if problem is not None:
                problems.append(Problem(where(roles[role]), problem))
        email = values.get("email")
        problem = None if email is None else email_problem(email)
        if problem is not None:
            problems.append(Problem(where(roles["email"]), f"{email!r} is not an e-mail address ({problem})"))
        fields = {name: text for heading, name in extra.items() if (text := row.text(heading))}
        by_code[municipality.code] = Recipient(
            municipality, name=values.get("name"), title=values.get("title"), email=email,
            fields=fields, row=row.number,
        )
    if problems:
        raise InputError(problems)
    return Recipients(path, by_code, tuple(extra.values()))
