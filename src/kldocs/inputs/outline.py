"""The order of a document's sections: a tree of headings, free text and built-in blocks.

A partnership description has its own shape: numbered sections or not,
subsections, sections the next partnership adds (on dissemination, on links
to other initiatives) wherever they belong. ``sections:`` in ``program.yaml``
gives that shape for the invitation and the project description, and
``agreement.sections`` for the agreement. Each entry is a section with a
heading and text, and may hold subsections (three levels at most) or place
one of kldocs' built-in blocks by name (``block: timeline``), whose heading
and opening text it may replace::

    numbered_headings: ja
    sections:
      - heading: Baggrund
        text: ...
        sections:
          - heading: Deltagerne
            block: participants
      - block: timeline
      - heading: Formidling
        text: ...

Numbers are Word's own multilevel list numbering ("1.", "4.1"), so they stay
right when someone edits the document in Word. A section may be a run-in
subheading (``style: run-in``: a short italic heading over its text).
Without ``sections:`` a document has kldocs' default order, which is KL's
invitation of 2021 section by section.

Templates loop over :attr:`Outline.entries`: the tree flattened in reading
order, each :class:`Entry` knowing its level, the heading style to print it
in (numbered or not, or run-in), its heading (None when the template's own
default heading for the block is wanted) and text, and its block.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from kldocs.inputs.fieldtypes import Model, Text, TextBlock, YesNo
from kldocs.inputs.validation import format_loc

if TYPE_CHECKING:  # PyYAML is loaded where YAML is read
    from kldocs.inputs.yamlio import Loc

MAX_LEVEL = 3
"""The deepest a section may sit: sections, subsections and their subsections."""

INVITATION_BLOCKS: dict[str, str] = {
    "background": "the programme's background: its heading and text (background:)",
    "purpose": "the purpose (purpose:), with the success criteria unless they have a section of their own",
    "success_criteria": "the success criteria (success_criteria:): their intro and list",
    "content": "the content and organisation (content:)",
    "focus_areas": "the catalogue of focus areas (focus_areas:) with its intro and outro",
    "participants": "who takes part (participants:)",
    "timeline": "the period and the time plan (timeline:)",
    "economy": "the price, VAT and add-ons (pricing:)",
    "registration": "how and by when to sign up, and whom to ask (registration:)",
    "contacts": "the contact persons (contacts:), one line each",
}
"""The built-in blocks of the invitation and the project description, by name, with what each shows."""

INVITATION_ORDER = (
    "background", "purpose", "content", "focus_areas", "participants", "timeline", "economy", "registration",
)
"""The invitation's sections when the programme gives no ``sections:``: KL's invitation of 2021."""

AGREEMENT_BLOCKS: dict[str, str] = {
    "preamble": "the agreement's background (agreement.preamble, or kldocs' default naming the parties)",
    "purpose": "what the municipality's participation is to achieve (agreement.purpose, or the default)",
    "focus_areas": "the municipality's focus areas in its order, with its local goals",
    "success_criteria": "the success criteria (success_criteria:)",
    "obligations": "each party's obligations (agreement.association_obligations, municipality_obligations)",
    "participants": "how many the municipality sends, its contact person and its network",
    "timeline": "the period and the time plan (timeline:)",
    "economy": "the municipality's price, VAT and how it is invoiced (pricing:)",
    "terms": "when the agreement takes effect, whether it binds, and how a municipality withdraws",
}
"""The built-in blocks of the agreement, by name, with what each shows."""

AGREEMENT_ORDER = (
    "preamble", "purpose", "focus_areas", "success_criteria", "obligations", "participants", "timeline",
    "economy", "terms",
)
"""The agreement's sections when ``agreement.sections`` is not given."""

AGREEMENT_HEADINGS: dict[str, str] = {
    "preamble": "Baggrund",
    "purpose": "Formål",
    "success_criteria": "Succeskriterier",
    "obligations": "Parternes forpligtelser",
    "participants": "Deltagere",
    "timeline": "Tidsplan",
    "economy": "Økonomi",
    "terms": "Aftalens gyldighed og udtræden",
}
"""The agreement's Danish headings for its blocks; the focus areas' heading names the municipality, in the template."""

INVITATION_HEADINGS: dict[str, str] = {
    "background": "Baggrund",
    "purpose": "Formål",
    "success_criteria": "Succeskriterier",
    "content": "Indhold og organisering",
    "focus_areas": "Indsatsområder",
    "participants": "Deltagere",
    "timeline": "Tidsplan",
    "economy": "Økonomi",
    "registration": "Tilmelding",
    "contacts": "Kontaktpersoner",
}
"""The Danish headings of the invitation's blocks, where neither the section nor the block's own field gives one."""


InvitationBlock = Literal[
    "background", "purpose", "success_criteria", "content", "focus_areas", "participants", "timeline", "economy",
    "registration", "contacts",
]
AgreementBlock = Literal[
    "preamble", "purpose", "focus_areas", "success_criteria", "obligations", "participants", "timeline", "economy",
    "terms",
]


class SectionSpec(Model):
    """One section as ``program.yaml`` writes it: a heading, text, subsections, or a built-in block."""

    heading: str | None = Field(
        None,
        description="The section's heading. For a block, it replaces the block's own heading; "
                    "leave it out for that heading or kldocs' Danish default.",
        examples=["Baggrund", "Formidling af resultaterne"],
    )
    block: str | None = None
    text: Text = Field(
        (),
        description="The section's text (Markdown: paragraphs, **fed**, *kursiv*, links and lists); "
                    "for a block, it comes after the heading and before the block's own content.",
        examples=["Partnerskabet formidler sine resultater løbende."],
    )
    style: Literal["heading", "run-in"] = Field(
        "heading",
        description="heading, or run-in for a short italic subheading over the text (as 'Deltagerne' in "
                    "some KL descriptions), which is never numbered.",
        examples=["run-in"],
    )
    numbered: YesNo | None = Field(
        None,
        description="Whether this heading is numbered; by default as numbered_headings says for the document.",
        examples=["nej"],
    )
    sections: tuple[SectionSpec, ...] = ()

    @model_validator(mode="after")
    def _something(self) -> SectionSpec:
        if self.block is None and self.heading is None and not self.text and not self.sections:
            raise ValueError("a section needs a heading, text, subsections or a block")
        if self.style == "run-in" and self.heading is None:
            raise ValueError("style: a run-in subheading needs a heading")
        if self.style == "run-in" and self.numbered:
            raise ValueError("numbered: a run-in subheading is never numbered")
        return self


class InvitationSection(SectionSpec):
    """A section of the invitation and the project description."""

    block: InvitationBlock | None = Field(
        None,
        description="A built-in block placed here by name; each may be placed once: "
                    + "; ".join(f"{name}: {what}" for name, what in INVITATION_BLOCKS.items()) + ".",
        examples=["timeline", "economy", "focus_areas"],
    )
    sections: tuple[InvitationSection, ...] = Field(
        (), description="Subsections, in order (three levels at most in all).",
    )


class AgreementSection(SectionSpec):
    """A section of the agreement."""

    block: AgreementBlock | None = Field(
        None,
        description="A built-in block of the agreement placed here by name; each may be placed once: "
                    + "; ".join(f"{name}: {what}" for name, what in AGREEMENT_BLOCKS.items()) + ".",
        examples=["preamble", "economy", "terms"],
    )
    sections: tuple[AgreementSection, ...] = Field(
        (), description="Subsections, in order (three levels at most in all).",
    )


HeadingStyle = Literal["h1", "h2", "h3", "n1", "n2", "n3", "run-in"]
"""How a heading prints: ``h1``–``h3`` unnumbered at level 1–3, ``n1``–``n3`` numbered, or a run-in subheading."""

_STYLES: dict[bool, tuple[HeadingStyle, HeadingStyle, HeadingStyle]] = {
    False: ("h1", "h2", "h3"), True: ("n1", "n2", "n3"),
}


@dataclass(frozen=True)
class Entry:
    """One section of a document, in reading order: what the templates' section loop prints."""

    level: int
    """1 for a section, 2 for a subsection, 3 below that."""
    style: HeadingStyle
    heading: str | None
    """The heading to print; None for a block whose template has its own default heading."""
    text: tuple[TextBlock, ...]
    block: str | None
    with_criteria: bool = False
    """For the invitation's purpose block: whether it also shows the success criteria."""


@dataclass(frozen=True)
class Outline:
    """A document's sections, flattened: :attr:`entries` in reading order."""

    entries: tuple[Entry, ...]

    @property
    def blocks(self) -> tuple[str, ...]:
        """The built-in blocks placed, in order."""
        return tuple(e.block for e in self.entries if e.block is not None)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)


def check_tree(specs: Sequence[SectionSpec], where: Loc = ("sections",)) -> tuple[Loc, str] | None:
    """What is wrong with a tree of sections as a whole (too deep, a block placed twice), and where; or None."""
    seen: dict[str, Loc] = {}
    for path, level, spec in _walk(specs, where):
        if level > MAX_LEVEL:
            return path, f"sections go {MAX_LEVEL} levels deep at most (sections, subsections and theirs)"
        if spec.block is not None:
            if spec.block in seen:
                return (*path, "block"), f"'{spec.block}' is placed twice (also at {format_loc(seen[spec.block])})"
            seen[spec.block] = path
    return None


def _walk(specs: Sequence[SectionSpec], where: Loc, level: int = 1) -> Iterable[tuple[Loc, int, SectionSpec]]:
    for i, spec in enumerate(specs):
        path = (*where, i)
        yield path, level, spec
        yield from _walk(spec.sections, (*path, "sections"), level + 1)


def build_outline(
    specs: Sequence[SectionSpec] | None,
    default_order: Sequence[str],
    headings: Mapping[str, str | None],
    *,
    numbered: bool,
    criteria_in_purpose: bool = False,
) -> Outline:
    """Flatten ``specs`` (or, when None, ``default_order`` of blocks) into an :class:`Outline`.

    ``headings`` gives each block's heading when its section gives none (None:
    the template's own default for that block). With ``criteria_in_purpose``
    (the invitation) the purpose block shows the success criteria too, unless
    they are placed as a block of their own.
    """
    if specs is None:
        specs = tuple(SectionSpec.model_construct(block=name) for name in default_order)  # valid: not validated
    entries: list[Entry] = []
    for _, level, spec in _walk(specs, ("sections",)):
        is_numbered = spec.style != "run-in" and (numbered if spec.numbered is None else spec.numbered)
        style: HeadingStyle = "run-in" if spec.style == "run-in" else _STYLES[is_numbered][min(level, MAX_LEVEL) - 1]
        heading = spec.heading if spec.heading is not None else (
            headings.get(spec.block) if spec.block is not None else None
        )
        entries.append(Entry(level=level, style=style, heading=heading, text=spec.text, block=spec.block))
    placed = {e.block for e in entries}
    if criteria_in_purpose and "success_criteria" not in placed:
        entries = [dataclasses.replace(e, with_criteria=True) if e.block == "purpose" else e for e in entries]
    return Outline(entries=tuple(entries))
