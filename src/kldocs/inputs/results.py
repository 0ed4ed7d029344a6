"""What a partnership learned: ``results.yaml``, the input of the dissemination material.

At the end of a partnership the consultants write down its insights in
``results.yaml`` beside ``program.yaml``: the date of publication, a lead,
sections of insights made of blocks (paragraphs, bullet lists, quotes,
numbered perspectives, recommendation lists and photos), the next activities
and, if they differ from the programme's, the contact persons.
:func:`load_results` reads it with the same machinery as ``program.yaml``, so
every problem is reported at once as ``results.yaml, line N: path: message``.

A block is written as a mapping with one key that names its kind::

    blocks:
      - paragraph: Kommunerne lagde vægt på …
      - bullets: [Mellemformer, Co-teaching]
      - quote: {text: …, name: Anne Bust, title: dagtilbudschef i Horsens Kommune}
      - perspective: {heading: …, text: …, recommendations: {items: […]}}
      - recommendations: {intro: "KL vil arbejde for, at", items: […]}
      - image: {file: billeder/moede.jpg, alt: …, credit: "Foto: …"}
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from kldocs.danish.when import FORMS
from kldocs.engine.inline import JPEG_SIGNATURE, PNG_SIGNATURE
from kldocs.english import counted
from kldocs.errors import InputError, Problem
from kldocs.inputs.fieldtypes import DateField, Email, Model, NonEmpty, OneLine, Text, WhenField, YesNo
from kldocs.inputs.program import Contact, Program
from kldocs.inputs.validation import format_loc, validate
from kldocs.inputs.yamlio import Loc, YamlDocument, load_yaml

RESULTS_FILE = "results.yaml"

BlockKind = Literal["paragraph", "bullets", "quote", "perspective", "recommendations", "image"]
BLOCK_KINDS: tuple[BlockKind, ...] = (
    "paragraph", "bullets", "quote", "perspective", "recommendations", "image",
)
"""The kinds of block an insight section can hold, as they are written in ``results.yaml``."""

IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}
"""The image formats a photo may have, with their media types."""


def _not_empty(items: tuple[Any, ...]) -> tuple[Any, ...]:
    if not items:
        raise ValueError("must hold at least one item")
    return items


T = TypeVar("T")
NonEmptyList = Annotated[tuple[T, ...], AfterValidator(_not_empty)]
"""A list that must hold something (checked after its items, so a bad item is reported alone)."""


class Quote(Model):
    """Words of a named person, printed as a quote with the speaker's name and title."""

    text: NonEmpty = Field(description="The words, without quotation marks.")
    name: OneLine = Field(description="Who said it: 'Anne Bust'.")
    title: OneLine | None = Field(
        None, description="Their role after the name: 'dagtilbudschef i Horsens Kommune'."
    )


class Recommendations(Model):
    """A list of what the association will work for, introduced by a phrase the items complete.

    The items continue the intro as a sentence ("KL vil arbejde for, at" —
    "staten nedsætter et forskningsråd …"), so they usually start in lower case.
    """

    heading: OneLine | None = Field(None, description="An optional heading: 'Fem anbefalinger'.")
    intro: str | None = Field(
        None, description="The phrase the items complete; '<sender> vil arbejde for, at' if empty."
    )
    items: NonEmptyList[NonEmpty]
    numbered: YesNo = Field(False, description="Number the items 1, 2, 3 instead of bullets.")


class Perspective(Model):
    """A numbered perspective ("01 / Viden om dagtilbud skal komme børnene til gavn").

    Perspectives are numbered 01, 02, … in the order they stand in the file,
    across sections.
    """

    heading: OneLine
    text: Text = ()
    recommendations: Recommendations | None = None


class Photo(Model):
    """A photo or illustration from the programme folder, with alt text and credit line."""

    file: NonEmpty = Field(description="PNG or JPEG, relative to the programme folder.")
    alt: NonEmpty = Field(description="What the picture shows, for readers who cannot see it.")
    credit: OneLine | None = Field(None, description="The credit line as printed: 'Foto: Jens Hansen'.")
    caption: str | None = Field(None, description="An optional caption under the picture.")


class ResultBlock(Model):
    """One block of an insight section: exactly one of its keys is given, and names its kind."""

    paragraph: NonEmpty | None = None
    bullets: NonEmptyList[NonEmpty] | None = None
    quote: Quote | None = None
    perspective: Perspective | None = None
    recommendations: Recommendations | None = None
    image: Photo | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_key(cls, data: Any) -> Any:
        if isinstance(data, str):
            raise ValueError(
                "must be a block such as 'paragraph: …' (a plain text needs 'paragraph:' before it)"
            )
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> ResultBlock:
        given = [kind for kind in BLOCK_KINDS if getattr(self, kind) is not None]
        if len(given) != 1:
            found = f"found {', '.join(given)}" if given else "found none"
            raise ValueError(f"must have exactly one of {', '.join(BLOCK_KINDS)} ({found})")
        return self

    @property
    def kind(self) -> BlockKind:
        """Which kind of block this is."""
        return next(kind for kind in BLOCK_KINDS if getattr(self, kind) is not None)


class ResultSection(Model):
    """A headed section of insights, made of blocks."""

    heading: OneLine
    blocks: NonEmptyList[ResultBlock]


def _link(value: str) -> str:
    if not re.fullmatch(r"(https?://|mailto:)[^\s<>\"]+", value):
        raise ValueError(f"must be a web address starting with https://, not {value!r}")
    return value


Link = Annotated[str, AfterValidator(_link)]
"""A web address (``https://…``) or ``mailto:`` link."""


class Activity(Model):
    """Something that comes next: a meeting, a conference, a publication."""

    title: OneLine
    when: WhenField = Field(description=f"When it is, Danish or ISO: {FORMS}.")
    place: OneLine | None = None
    link: Link | None = Field(None, description="Where to sign up or read more.")
    text: str | None = Field(None, description="A sentence or two about it.")


def _contact_ref(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


class ContactEntry(Model):
    """A contact person: the id of one in ``program.yaml``, or a person written out in full."""

    id: str | None = None
    title: OneLine | None = None
    name: OneLine | None = None
    email: Email | None = None
    phone: OneLine | None = None

    @model_validator(mode="after")
    def _complete(self) -> ContactEntry:
        if self.name is None and self.id is None:
            raise ValueError("give the id of a contact in program.yaml, or name, title and email")
        if self.name is not None:
            missing = [f for f in ("title", "email") if getattr(self, f) is None]
            if missing:
                raise ValueError(f"a contact written out needs {' and '.join(missing)} too")
        return self


class Results(Model):
    """What ``results.yaml`` holds: the insights of a partnership and what comes next."""

    date: DateField = Field(description="The date of publication.")
    title: OneLine | None = Field(
        None, description="Overrides the title 'Indsigter fra <the kind the programme's title says> partnerskab om "
                          "<topic>': 'Indsigter fra politisk partnerskab om …'.",
    )
    lead: str | None = Field(None, description="The lead under the title, one or two sentences.")
    intro: Text = Field((), description="Opening paragraphs after the facts of the partnership.")
    sections: tuple[ResultSection, ...] = ()
    next_activities_heading: OneLine | None = None
    next_activities: tuple[Activity, ...] = ()
    meetings_held: int | None = Field(
        None, ge=0, description="How many meetings were held; counted from the time plan if empty."
    )
    contacts: tuple[Annotated[ContactEntry, BeforeValidator(_contact_ref)], ...] | None = Field(
        None, description="Contact persons: ids of contacts in program.yaml, or people written out."
    )

    def blocks(self) -> list[tuple[Loc, ResultBlock]]:
        """Every block with its path in the file, in reading order."""
        return [
            (("sections", s, "blocks", b), block)
            for s, section in enumerate(self.sections)
            for b, block in enumerate(section.blocks)
        ]

    def photos(self) -> list[tuple[Loc, Photo]]:
        """Every photo with the path of its ``file`` in the file."""
        return [
            ((*loc, "image", "file"), block.image)
            for loc, block in self.blocks()
            if block.image is not None
        ]


@dataclass(frozen=True)
class LoadedResults:
    """``results.yaml`` validated against its folder and programme.

    ``contacts`` are resolved (programme contacts when the file names none);
    ``images`` holds the bytes and media type of every photo, by its ``file``.
    """

    path: Path
    results: Results
    contacts: tuple[Contact, ...]
    images: dict[str, tuple[bytes, str]]

    def image(self, photo: Photo) -> tuple[bytes, str]:
        """Give the bytes and media type (``image/png``, ``image/jpeg``) of a photo."""
        return self.images[photo.file]


def find_results_file(folder: Path) -> Path | None:
    """Find the ``results.yaml`` of a programme folder; None when there is none."""
    path = Path(folder) / RESULTS_FILE
    return path if path.is_file() else None


def load_results(folder: Path, program: Program) -> LoadedResults:
    """Read and check ``results.yaml`` in ``folder``; raise InputError listing every problem."""
    folder = Path(folder)
    path = folder / RESULTS_FILE
    if not path.is_file():
        raise InputError(
            Problem(
                folder.name,
                f"has no {RESULTS_FILE} (the date, insights, quotes and next activities of "
                "the summary); start from the example's (`kldocs new FOLDER --with-example-data` writes it, "
                "with its pictures, into a new FOLDER) and edit it",
            )
        )
    doc = load_yaml(path)
    results = validate(Results, doc)
    problems: list[Problem] = []
    images: dict[str, tuple[bytes, str]] = {}
    for loc, photo in results.photos():
        loaded = _read_image(folder, photo.file, doc, loc, problems)
        if loaded is not None:
            images[photo.file] = loaded
    contacts = _resolve_contacts(results, program, doc, problems)
    if problems:
        raise InputError(problems)
    return LoadedResults(path, results, contacts, images)


def _where(doc: YamlDocument, loc: Loc) -> str:
    line = doc.line_of(loc)
    return f"{doc.path.name}, line {line}" if line else doc.path.name


def image_type(data: bytes) -> str | None:
    """``png`` or ``jpeg`` when ``data`` starts as such an image does, else None."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(JPEG_SIGNATURE):
        return "jpeg"
    return None


def _read_image(
    folder: Path, name: str, doc: YamlDocument, loc: Loc, problems: list[Problem]
) -> tuple[bytes, str] | None:
    def problem(message: str) -> None:
        problems.append(Problem(_where(doc, loc), f"{format_loc(loc)}: {message}"))

    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        problem(f"{name!r} must be a path inside the programme folder, such as billeder/foto.jpg")
        return None
    path = folder / relative
    if not path.is_file():
        problem(f"{name!r} is not a file in {folder.absolute().name}")
        return None
    data = path.read_bytes()
    kind = image_type(data)
    if kind is None:
        problem(f"{name!r} is not a PNG or JPEG image")
        return None
    return data, IMAGE_TYPES[kind]


def _resolve_contacts(
    results: Results, program: Program, doc: YamlDocument, problems: list[Problem]
) -> tuple[Contact, ...]:
    if results.contacts is None:
        return program.contacts
    known = {c.id: c for c in program.contacts if c.id}
    contacts: list[Contact] = []
    for i, entry in enumerate(results.contacts):
        if entry.name is not None:
            assert entry.title is not None and entry.email is not None
            contacts.append(
                Contact(id=entry.id, title=entry.title, name=entry.name, email=entry.email,
                        phone=entry.phone)
            )
        elif entry.id in known:
            contacts.append(known[entry.id])
        else:
            close = difflib.get_close_matches(str(entry.id), list(known), n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else (
                f"; the ids in program.yaml are {', '.join(known) or 'none'}"
            )
            loc: Loc = ("contacts", i)
            problems.append(
                Problem(_where(doc, loc),
                        f"{format_loc(loc)}: '{entry.id}' is not the id of a contact{hint}")
            )
    return tuple(contacts)


def results_line(loaded: LoadedResults) -> str:
    """What ``kldocs check`` says of a sound ``results.yaml``: its sections, images and next activities."""
    results = loaded.results
    return (
        f"{RESULTS_FILE}: {counted(len(results.sections), 'section')} of insights, "
        f"{counted(len(loaded.images), 'image')}, "
        f"{counted(len(results.next_activities), 'next activity', 'next activities')}"
    )
