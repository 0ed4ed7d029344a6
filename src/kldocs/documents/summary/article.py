"""The dissemination material as a web article: one self-contained HTML file and Markdown.

The HTML file carries its charts and photos inline as ``data:`` URIs and a
small stylesheet, so it can be mailed, previewed or pasted into a news page
as it is; it is well-formed XHTML-style markup (``<img />``), with
``lang="da"``, one ``h1``, ``h2`` per section and ``figure`` with alt text and
caption for every image. The Markdown refers to the charts and photos as
files written beside it, for a CMS that takes Markdown and uploads.

Both are rendered by Jinja templates in a sandbox with StrictUndefined; in
HTML every value is escaped, in Markdown every value passes through
:func:`md_escape`. Running text keeps its bold, italic, links and lists
(the ``rich`` filter: ``<strong>``, ``<a href>``, ``<ol>`` in HTML;
``**fed**``, ``[tekst](<url>)``, ``1.`` in Markdown). Characters XML cannot hold are removed from every value.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from kldocs.danish.formatting import FILTERS
from kldocs.documents.summary.facts import STEM, Picture, Summary
from kldocs.engine.charts import data_uri
from kldocs.engine.cleantext import xml_text
from kldocs.engine.inline import RichText
from kldocs.inputs.richtext import to_html, to_markdown

HTML_FILE = f"{STEM}.html"
MARKDOWN_FILE = f"{STEM}.md"



def clean(value: Any) -> Any:
    """A text without the characters XML cannot hold (control characters, lone surrogates).

    Markup (the output of a template's own macros, already cleaned) passes as it is.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return xml_text(value)
    return value


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!&~{}])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")


def md_escape(value: object) -> str:
    """A value as literal Markdown text: on one line, its markup characters backslash-escaped.

    ``*``, ``_``, ``[``, ``<``, ``#``, ``|``, ``&`` and the like print as
    themselves, and a value starting like a list item or heading does not
    become one.
    """
    text = clean(str(value))
    text = re.sub(r"\s*\n\s*", " ", text).strip()
    text = _MD_SPECIAL.sub(r"\\\1", text)
    match = _MD_LINE_START.match(text)
    if match:
        if match.group(2).isdigit():
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = text[: match.start(2)] + "\\" + text[match.start(2):]
    return text


def rich_html(value: str) -> Markup:
    """Running text (plain or :class:`RichText`) as escaped HTML, with ``<strong>``, ``<em>``, links and breaks."""
    return to_html(value)


def rich_markdown(value: str) -> str:
    """Running text (plain or :class:`RichText`) as Markdown: plain text as :func:`md_escape` writes it."""
    if isinstance(value, RichText) or "\n" in value:
        return to_markdown(value)
    return md_escape(value)


@cache
def _environment(autoescape: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        autoescape=autoescape,
        undefined=StrictUndefined,
        finalize=clean,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.filters["md"] = md_escape
    env.filters["rich"] = rich_html if autoescape else rich_markdown
    return env


def _template(name: str, autoescape: bool) -> Any:
    source = (files("kldocs.data") / name).read_text(encoding="utf-8")
    return _environment(autoescape).from_string(source)


def picture_names(summary: Summary) -> dict[Picture, str]:
    """The file names the photos get beside the Markdown: ``formidling-billede-1.jpg`` and on."""
    return {
        picture: f"{STEM}-billede-{number}.{'png' if picture.media_type == 'image/png' else 'jpg'}"
        for number, picture in enumerate(summary.pictures, start=1)
    }


def render_html(summary: Summary) -> str:
    """The article as one self-contained HTML page."""

    def picture_uri(picture: Picture) -> str:
        return data_uri(picture.data, picture.media_type)

    html: str = _template("article.html.j2", True).render(
        **summary.context(), picture_uri=picture_uri
    )
    return re.sub(r"\n{3,}", "\n\n", html.lstrip())


def render_markdown(summary: Summary) -> str:
    """The article as Markdown, referring to the images by the names :func:`web_files` gives them."""
    names: dict[Any, str] = {chart.name: f"{chart.name}.png" for chart in summary.charts}
    names.update(picture_names(summary))
    text: str = _template("article.md.j2", False).render(**summary.context(), files=names)
    return re.sub(r"\n{3,}", "\n\n", text.lstrip()).rstrip("\n") + "\n"


def web_files(summary: Summary) -> dict[str, bytes]:
    """Every file of the web article by name: the HTML page, the Markdown, and its images."""
    out = {
        HTML_FILE: render_html(summary).encode("utf-8"),
        MARKDOWN_FILE: render_markdown(summary).encode("utf-8"),
    }
    for chart in summary.charts:
        out[f"{chart.name}.png"] = chart.png
    for picture, name in picture_names(summary).items():
        out[name] = picture.data
    return out
