"""Writing the dissemination material: ``formidling.docx`` (and its PDF), and the web article.

The kind :class:`SummaryKind` computes the
:class:`~kldocs.documents.summary.facts.Summary` of a programme folder,
renders the Word template ``formidling.docx`` and, with ``web``, adds the
article of :mod:`kldocs.documents.summary.article` (HTML, Markdown and its
images). Like every kind it is written through :func:`kldocs.documents.kinds.write`:
checked first, written all or nothing, recorded in the manifest, never over
a file edited since.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from kldocs.documents.kinds import Audience, Kind, Options, Plan, checked_registrations, needs_registrations
from kldocs.documents.summary.facts import KIND, STEM, TEMPLATE, Picture, Summary, build_summary
from kldocs.engine.output import OutputFile, data_hash, document
from kldocs.engine.template import CoreProperties, Image, Link
from kldocs.errors import Report
from kldocs.inputs.folder import Folder
from kldocs.inputs.results import RESULTS_FILE, results_line

PHOTO_WIDTH_MM = 130.0
"""The width of a photo in the Word document, centred in the 160 mm text width."""
PHOTO_HEIGHT_MM = 100.0
"""The most a photo stands tall: a portrait at the full width would take a page of its own."""
_MAX_PIXELS = 2000
"""Photos wider than this are scaled down for the Word document (about 300 dpi at the text width)."""
_EXIF_ORIENTATION = 0x0112

_WEB_KINDS = {".html": "summary-html", ".md": "summary-markdown"}


def picture_for_word(picture: Picture) -> bytes:
    """The photo for the Word document: as it is when it can be, at most 2000 pixels wide, turned upright.

    A JPEG stays a JPEG and a PNG a PNG (a photo made PNG would be several
    times larger). A photo wider than 2000 pixels is scaled down, and one
    whose EXIF data says it was taken turned is turned upright, since Word
    does not read that note.
    """
    from PIL import Image as PillowImage  # loaded when a photo goes into a document
    from PIL import ImageOps

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


def _photo(picture: Picture) -> Image:
    """The photo as the Word document shows it: :data:`PHOTO_WIDTH_MM` wide, or narrower for a tall one."""
    from PIL import Image as PillowImage

    data = picture_for_word(picture)
    with PillowImage.open(io.BytesIO(data)) as image:
        width, height = image.size
    # a sliver of a picture (1 x 2500 pixels) is a tenth of the width, not 0 mm
    return Image(data, max(PHOTO_WIDTH_MM / 10, min(PHOTO_WIDTH_MM, round(PHOTO_HEIGHT_MM * width / height, 1))),
                 picture.alt)


def docx_context(summary: Summary, *, pictures: bool = True) -> dict[str, Any]:
    """The variables of ``formidling.docx``: the summary, its charts and photos as pictures, links.

    Without ``pictures`` the charts are not drawn nor the photos read, and
    ``charts`` and ``pictures`` are empty: the variables a check compares.
    """
    charts, photos = {}, {}
    if pictures:
        charts = {
            "focus": Image(summary.focus_chart.png, summary.focus_chart.width_mm, summary.focus_chart.alt),
        }
        if summary.shows_regions:  # not drawn for one region
            charts["regions"] = Image(summary.region_chart.png, summary.region_chart.width_mm,
                                      summary.region_chart.alt)
        photos = {p: _photo(p) for p in summary.pictures}
    return {
        **summary.context(),
        "charts": charts,
        "pictures": photos,
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


def core_properties(summary: Summary) -> CoreProperties:
    """The document properties of the publication, for people: its title, date (not the clock's), lead and topic.

    The hash of the data it is made from is in the manifest.
    """
    program = summary.program
    day = summary.date
    return CoreProperties(
        summary.title,
        created=dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC),
        subject=program.title,
        keywords=program.topic,
        author=program.sender.name,
        description=summary.lead or "",
        category="Formidling",
    )


class SummaryKind(Kind):
    """The dissemination material: ``formidling.docx``, and with ``web`` the article for a news page."""

    name = "summary"
    label = "Summary"
    template = TEMPLATE
    audience = Audience.PARTNERSHIP

    def skipped(self, folder: Folder, options: Options | None = None) -> str | None:
        """Skipped until there are registrations and a ``results.yaml``."""
        if not folder.has_registrations:
            return needs_registrations(folder)
        return None if folder.has_results else f"there is no {RESULTS_FILE} yet"

    def plan(self, folder: Folder, options: Options) -> Plan:
        """Compute the summary and describe every file to write; raise KldocsError on bad input.

        The Word document always; with ``web`` also the HTML page, the
        Markdown and the images the Markdown refers to.
        """
        summary = build_summary(folder)
        template = folder.template(TEMPLATE)
        digest = data_hash(summary_data(summary))
        files = [document(template, docx_context(summary), core_properties(summary), relpath=f"{STEM}.docx",
                          kind=KIND, record=STEM, digest=digest)]
        if options.web:
            from kldocs.documents.summary.article import web_files  # the article's own templates: only when asked

            for name, content in web_files(summary).items():
                kind = _WEB_KINDS.get(Path(name).suffix, "summary-image")
                files.append(OutputFile(relpath=name, kind=kind, template=None, data_hash=digest, content=content))
        # a milestone that names a meeting but is none is not counted among the meetings held
        return Plan(tuple(files), computed=summary, notes=tuple(folder.program.timeline.unmarked_meetings()))

    def check(self, folder: Folder, report: Report) -> None:
        """``results.yaml`` reads, and the summary's template fits what the folder's data gives it."""
        if not folder.has_results:
            report.ok.append(f"{RESULTS_FILE}: none yet (only the summary needs it)")
            return
        report.ok.append(results_line(folder.results))
        if checked_registrations(folder) is None:
            return
        summary = build_summary(folder, networks=False)
        folder.template(TEMPLATE).check_context(docx_context(summary, pictures=False), STEM)
        report.ok.append(f"{TEMPLATE}: fits the summary of {summary.count} municipalities")
