"""Writing the dissemination material: ``formidling.docx`` (and its PDF), and the web article.

:func:`make_summary` computes the :class:`~kldocs.documents.summary.facts.Summary` of a
programme folder, renders the Word template ``formidling.docx`` through the
document engine and, with ``web``, adds the article of :mod:`kldocs.documents.summary.article`
(HTML, Markdown and its images). Everything goes through
:func:`kldocs.engine.output.write_outputs`: checked first, written all or nothing,
recorded in the manifest, never over a file edited since.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image as PillowImage
from PIL import ImageOps

from kldocs.documents.summary.article import web_files
from kldocs.documents.summary.facts import KIND, STEM, TEMPLATE, NetworkSource, Picture, Summary, build_summary
from kldocs.engine.output import OutputFile, WriteResult, data_hash, document, write_outputs
from kldocs.engine.progress import Progress
from kldocs.engine.template import CoreProperties, Image, Link, PreparedTemplate
from kldocs.errors import InputError, Report
from kldocs.inputs.program import Program
from kldocs.inputs.results import find_results_file
from kldocs.resources import template_path

DEFAULT_OUT = Path("out/summary")
"""Where ``kldocs summary`` writes unless told otherwise."""

PHOTO_WIDTH_MM = 130.0
"""The width of a photo in the Word document, centred in the 160 mm text width."""
_MAX_PIXELS = 2000
"""Photos wider than this are scaled down for the Word document (about 300 dpi at the text width)."""
_EXIF_ORIENTATION = 0x0112

_WEB_KINDS = {".html": "summary-html", ".md": "summary-markdown"}


@dataclass(frozen=True)
class SummaryBatch:
    """What a summary run writes: the summary computed, and the files describing the outputs."""

    summary: Summary
    files: tuple[OutputFile, ...]


def picture_for_word(picture: Picture) -> bytes:
    """The photo for the Word document: as it is when it can be, at most 2000 pixels wide, turned upright.

    A JPEG stays a JPEG and a PNG a PNG (a photo made PNG would be several
    times larger). A photo wider than 2000 pixels is scaled down, and one
    whose EXIF data says it was taken turned is turned upright, since Word
    does not read that note.
    """
    with PillowImage.open(io.BytesIO(picture.data)) as image:
        turned = image.getexif().get(_EXIF_ORIENTATION, 1) not in (1, None)
        if image.width <= _MAX_PIXELS and not turned:
            return picture.data
        upright = ImageOps.exif_transpose(image) or image
        if upright.width > _MAX_PIXELS:
            height = round(upright.height * _MAX_PIXELS / upright.width)
            upright = upright.resize((_MAX_PIXELS, height), PillowImage.Resampling.LANCZOS)
        out = io.BytesIO()
        if picture.media_type == "image/jpeg":
            upright.convert("RGB").save(out, format="JPEG", quality=90, optimize=True)
        else:
            upright.save(out, format="PNG", optimize=True)
        return out.getvalue()


def docx_context(summary: Summary) -> dict[str, Any]:
    """The variables of ``formidling.docx``: the summary, its charts and photos as pictures, links."""
    pictures = {picture: Image(picture_for_word(picture), PHOTO_WIDTH_MM, picture.alt) for picture in summary.pictures}
    return {
        **summary.context(),
        "charts": {
            "regions": Image(summary.region_chart.png, summary.region_chart.width_mm, summary.region_chart.alt),
            "focus": Image(summary.focus_chart.png, summary.focus_chart.width_mm, summary.focus_chart.alt),
        },
        "pictures": pictures,
        "activities": [
            {"title": a.title, "when": a.when, "place": a.place, "text": a.text,
             "link": Link(a.link) if a.link else None}
            for a in summary.activities
        ],
        "contacts": [
            {"name": c.name, "title": c.title, "email": Link(f"mailto:{c.email}", c.email), "phone": c.phone}
            for c in summary.contacts
        ],
    }


def summary_data(summary: Summary) -> dict[str, Any]:
    """What the publication is made from, for the manifest's data hash."""
    return {
        "program": summary.program,
        "registrations": [(r.municipality.code, r.participants, r.politicians,
                           [p.area.id for p in r.priorities]) for r in summary.registrations],
        "results": summary.results.results,
        "images": summary.results.images,
        "networks": None if summary.networks is None else [
            (n.name, [m.code for m in n.municipalities], [a.id for a in n.focus_areas])
            for n in summary.networks
        ],
    }


def core_properties(summary: Summary, digest: str) -> CoreProperties:
    """The document properties of the publication: its title and date, not the clock's."""
    program = summary.program
    day = summary.date
    return CoreProperties(
        summary.title,
        created=dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC),
        subject=program.title,
        keywords=f"{program.short_title}; formidling; data-sha256:{digest}",
        author=program.sender.name,
        description=f"Indsigter fra {program.title}. Lavet af kldocs ud fra data med SHA-256 {digest}.",
        category="Formidling",
    )


def load_template(folder: Path) -> PreparedTemplate:
    """The programme's ``formidling.docx`` (its own in ``templates/``, else the bundled one), checked."""
    return PreparedTemplate.from_bytes(template_path(folder, TEMPLATE).read_bytes(), TEMPLATE)


def prepare_summary(folder: Path, *, web: bool = False, networks: NetworkSource | None = None) -> SummaryBatch:
    """Compute the summary and describe every file to write; raise KldocsError on bad input.

    The Word document always; with ``web`` also the HTML page, the Markdown
    and the images the Markdown refers to. ``networks`` gives the line-up
    when the caller has it already (see :func:`~kldocs.documents.summary.facts.build_summary`).
    """
    folder = Path(folder)
    summary = build_summary(folder, networks)
    template = load_template(folder)
    context = docx_context(summary)
    digest = data_hash(summary_data(summary))
    files = [document(template, context, core_properties(summary, digest), relpath=f"{STEM}.docx", kind=KIND,
                      record=STEM, digest=digest)]
    if web:
        for name, content in web_files(summary).items():
            kind = _WEB_KINDS.get(Path(name).suffix, "summary-image")
            files.append(OutputFile(relpath=name, kind=kind, template=None, data_hash=digest, content=content))
    return SummaryBatch(summary, tuple(files))


def make_summary(
    folder: Path, out_dir: Path | None = None, *, web: bool = False, pdf: bool = False, force: bool = False,
    force_edited: bool = False, progress: Progress | None = None,
) -> WriteResult:
    """Write the dissemination material of a programme folder into ``out_dir``, all or nothing."""
    batch = prepare_summary(folder, web=web)
    return write_outputs(out_dir or DEFAULT_OUT, batch.files, force=force, force_edited=force_edited,
                         pdf=pdf, progress=progress)


def check_summary(folder: Path, program: Program, report: Report) -> None:
    """The summary's template fits what the folder's data gives it (for ``kldocs check``)."""
    if find_results_file(folder) is None:
        return
    try:
        summary = build_summary(folder)
    except InputError:
        return  # the checks of the programme, registrations and results report it
    template = load_template(folder)
    template.check_context(docx_context(summary), STEM)
    report.ok.append(f"{TEMPLATE}: fits the summary of {summary.count} municipalities")
