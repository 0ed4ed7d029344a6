"""Rendering Word templates: prepared once, rendered many times, byte for byte reproducible.

:meth:`PreparedTemplate.load` opens a template once, checks every tag (see
:mod:`kldocs.engine.tagcheck`), runs docxtpl's own pre-processing of the XML
(which joins tags Word split over several runs and handles ``{%p %}``,
``{%tr %}`` and ``{%tc %}``), and compiles each part that holds tags — the
body, headers, footers, footnotes, endnotes and the document properties —
into a Jinja template of the sandboxed environment of
:mod:`kldocs.engine.sandbox`.

What preparing learns is kept between runs in the user's cache, under the
SHA-256 of the template's bytes (see :func:`_prepared`): a second run with the
same template neither checks nor compiles it again, nor loads docxtpl.

:meth:`PreparedTemplate.render` then only renders those parts for a record,
compresses them, and assembles the package around them, copying every other
part as the compressed bytes it already was (:mod:`kldocs.engine.zipwriter`). The
document properties come from :class:`CoreProperties` — from the programme,
not the clock — so the same inputs always give the same bytes. A batch's
:class:`BatchRenderer` gives the same bytes and renders once what its records
share: each part is cut into pieces by the names they read, and a piece (or
a whole header) that reads the same values as for an earlier record is reused
(the same objects, or equal plain values; what it reads of them, where it
reads attributes: a municipality's council's name, whether an agreement has
a preamble).

Values may be text (newlines become line breaks, tabs stay tabs), numbers,
``None`` (prints nothing), an :class:`Image` (a picture placed where its tag
stands) or a :class:`Link` (a clickable hyperlink).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import marshal
import operator
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any
from xml.parsers.expat import ExpatError, ParserCreate

from jinja2 import Template, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from markupsafe import escape

from kldocs.engine.cleantext import one_line
from kldocs.engine.inline import DRAWING, Image, Link, drawing_ids, renumber_drawings, resolve_markers
from kldocs.engine.opc import (
    CONTENT_TYPES,
    CT_CORE,
    REL_CORE,
    REL_HYPERLINK,
    REL_IMAGE,
    XML_DECLARATION,
    Package,
    Part,
    add_relationships,
    read_package,
    relationship_xml,
    relationships,
    rels_name,
    safe_parser,
)
from kldocs.engine.pieces import (
    ABSENT,
    LIVE,
    MARKS,
    Kept,
    Pieces,
    Placed,
    Read,
    Shapes,
    chain_of,
    cut,
    dependency,
    joined,
    same,
    spliced,
)
from kldocs.engine.sandbox import (
    Budget,
    LimitExceeded,
    PieceMark,
    budget,
    make_environment,
    objects,
    unsafe_access,
)
from kldocs.engine.sandbox import pieces as sandbox_pieces
from kldocs.engine.tagcheck import check_part, check_text, iter_tags, shown_text
from kldocs.engine.templatecache import cache_key, well_shaped
from kldocs.engine.zipwriter import Entry, content, deflated, deflated_in_chunks, read_entries, stored, write_zip
from kldocs.english import plain
from kldocs.errors import Problem, RenderError, TemplateError
from kldocs.resources import read_cached, template_cache, write_cached

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

__all__ = ["BatchRenderer", "CoreProperties", "Image", "Link", "PreparedTemplate"]

_XML_ENV = make_environment(xml=True)
_TEXT_ENV = make_environment(xml=False)
_GLOBALS = frozenset(_XML_ENV.globals)
_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
_CORE_FIELDS = {
    "title": "dc:title",
    "subject": "dc:subject",
    "author": "dc:creator",
    "keywords": "cp:keywords",
    "description": "dc:description",
    "category": "cp:category",
}
_CORE_PART = "docProps/core.xml"
_KEPT_RELATIONS = 64
"""How many relationships parts with added links a prepared template keeps (see :meth:`PreparedTemplate._related`)."""
_MEDIA_TYPES = {"svg": "image/svg+xml"}
"""Media types of pictures whose type is not ``image/`` and their extension (``image/png``, ``image/jpeg``)."""
_TAG = re.compile(r"\{\{|\{%")
_ESCAPED_DELIMITERS = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}


@dataclass(frozen=True)
class CoreProperties:
    """The document properties (File → Info in Word) every rendered document gets.

    ``created`` is used for both the created and the modified date, so a
    document's bytes do not depend on when it was made; a naive datetime is
    taken as UTC.
    """

    title: str
    _: KW_ONLY
    created: dt.datetime
    subject: str = ""
    keywords: str = ""
    author: str = ""
    description: str = ""
    category: str = ""
    language: str = "da-DK"

    @property
    def timestamp(self) -> str:
        """``created`` in the W3CDTF form Word stores: ``2021-06-14T00:00:00Z``."""
        return _w3cdtf(self.created)


@functools.lru_cache(maxsize=64)  # every letter of a batch has its programme's moment
def _w3cdtf(moment: dt.datetime | dt.date) -> str:
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time())
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


_CORE_OPEN = (
    f"{XML_DECLARATION}<cp:coreProperties"
    + "".join(f' xmlns:{p}="{u}"' for p, u in _CORE_NS.items())
    + ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)


@functools.lru_cache(maxsize=256)  # a batch's documents share most of their properties
def _core_element(tag: str, value: str) -> str:
    value = one_line(plain(value))  # a property is searched and listed, not typeset
    return f"<{tag}>{escape(value)}</{tag}>" if value else f"<{tag}/>"


def core_xml(properties: CoreProperties, rendered: Mapping[str, str] | None = None) -> bytes:
    """``docProps/core.xml`` for ``properties``; ``rendered`` holds fields the template itself fills with tags."""
    values = {name: getattr(properties, name) for name in _CORE_FIELDS}
    if rendered:
        values.update(rendered)
    stamp = properties.timestamp
    xml = (
        _CORE_OPEN
        + "".join([_core_element(tag, values[name]) for name, tag in _CORE_FIELDS.items()])
        + _core_element("cp:lastModifiedBy", values["author"])
        + "<cp:revision>1</cp:revision>"
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        + _core_element("dc:language", properties.language)
        + "</cp:coreProperties>"
    )
    return xml.encode("utf-8")


def well_formed(xml: bytes) -> None:
    """Raise :class:`~xml.parsers.expat.ExpatError` unless ``xml`` is well-formed, namespaces included.

    Every rendered part is checked before it is packed, so a template whose
    blocks cut through Word's structure fails with a message instead of
    giving a document Word cannot open. Expat checks without building a
    tree, in half the time lxml takes.
    """
    parser = ParserCreate(namespace_separator=" ")
    parser.Parse(xml, True)


def patch(xml: str) -> str:
    """Run docxtpl's pre-processing of a part's XML into Jinja source, with its escaped delimiters made literal.

    docxtpl writes ``{_{`` for a literal ``{{`` and swaps them back after
    rendering; here they become constant expressions, so that data is never
    rewritten after rendering.
    """
    from docxtpl import DocxTemplate  # docxtpl and python-docx: loaded only when a template is prepared afresh

    source: str = DocxTemplate.patch_xml(None, xml)
    for escaped, literal in _ESCAPED_DELIMITERS.items():
        source = source.replace(escaped, literal)
    # docxtpl makes a tag's &lt; and &gt; literal, not its &amp;: replace('&', 'og') looked for '&amp;'
    return _IN_TAG.sub(lambda m: m[0].replace("&amp;", "&"), source)


_IN_TAG = re.compile(r"(?<=\{[\{%])(.*?)(?=[\}%]\})")
"""What a tag holds between its delimiters, as docxtpl's ``clean_tags`` finds it."""


@dataclass(frozen=True)
class _Compiled:
    part: Part
    template: Template
    fix_tables: bool
    names: frozenset[str]
    """The top-level names the part reads."""
    pieces: tuple[Template, tuple[tuple[str, ...], ...], tuple[int, ...]] | None = None
    """The part compiled to render in pieces, and the names each piece reads (see :func:`_pieces`)."""
    drawings: bool = True
    """Whether the part's own XML holds a drawing (a ``wp:docPr``): if not, a drawing in it comes from a picture
    the template placed (data reaches the XML escaped, and a tag stands only in text or in an attribute)."""


@dataclass(frozen=True)
class _Facts:
    """What preparing a template learns besides its compiled parts."""

    variables: frozenset[str]
    optional: frozenset[str]
    accesses: tuple[tuple[tuple[str, ...], str, bool], ...]
    rel_ids: dict[str, frozenset[str]]
    hyperlink_style: bool
    drawing_base: int


def _template(env: SandboxedEnvironment, code: CodeType) -> Template:
    """The Jinja template of compiled ``code``, as ``env.from_string`` makes it from source.

    Its globals are the environment's as a plain dict, not the ``ChainMap``
    Jinja gives it (which would show globals added to the environment later:
    kldocs' environments are made whole at import). Jinja copies them into
    every render's context, and a ``ChainMap`` is read key by key in Python:
    2 % of a letter's instructions in a batch.
    """
    return env.template_class.from_code(env, code, dict(env.make_globals(None)), None)


class _Build:
    """The relationships, pictures and drawing ids one rendered document adds to its template."""

    def __init__(self, prepared: PreparedTemplate) -> None:
        self._prepared = prepared
        self.rels: dict[str, list[str]] = {}
        self.media: dict[str, bytes] = {}
        self._by_digest: dict[str, str] = {}
        self._relations: dict[tuple[str, str, str], str] = {}
        self._drawings = prepared.drawing_base
        self._numbers = 0

    @property
    def hyperlink_style(self) -> bool:
        return self._prepared.hyperlink_style

    def _fresh(self, pattern: Callable[[int], str], taken: frozenset[str]) -> str:
        """The next name of ``pattern`` the template does not use (numbers count up across all names)."""
        while True:
            self._numbers += 1
            name = pattern(self._numbers)
            if name not in taken:
                return name

    def next_drawing(self) -> int:
        self._drawings += 1
        return self._drawings

    def _relate(self, part: str, reltype: str, target: str, external: bool = False) -> str:
        key = (part, reltype, target)
        if key not in self._relations:
            taken = self._prepared.rel_ids.get(part, frozenset())
            rid = self._fresh(lambda n: f"rIdKl{n}", taken)
            self._relations[key] = rid
            self.rels.setdefault(part, []).append(relationship_xml(rid, reltype, target, external=external))
        return self._relations[key]

    def image(self, part: str, image: Image) -> str:
        return self._media(part, image.data, image.digest, image.extension)

    def svg(self, part: str, image: Image) -> str:
        assert image.svg is not None
        return self._media(part, image.svg, hashlib.sha256(image.svg).hexdigest(), "svg")

    def _media(self, part: str, data: bytes, digest: str, extension: str) -> str:
        """Relate ``part`` to a picture, stored once per document however many parts show it."""
        name = self._by_digest.get(digest)
        if name is None:
            name = self._fresh(lambda n: f"word/media/kldocs-image{n}.{extension}", self._prepared.names)
            self._by_digest[digest] = name
            self.media[name] = data
        return self._relate(part, REL_IMAGE, posixpath.relpath(name, posixpath.dirname(part)))

    def hyperlink(self, part: str, url: str) -> str:
        return self._relate(part, REL_HYPERLINK, url, external=True)


class PreparedTemplate:
    """A Word template checked, pre-processed and compiled once, ready to render any number of records."""

    def __init__(self, name: str, package: Package, compiled: list[_Compiled], core_fields: dict[str, Template],
                 facts: _Facts) -> None:
        self.name = name
        """The template's file name, as messages and the manifest call it."""
        self.variables = facts.variables
        """The top-level names the template uses anywhere (body, headers, footers, notes, properties)."""
        self.optional = facts.optional
        """Names the template only uses behind ``is defined`` tests, so a record may lack them."""
        self.accesses = facts.accesses
        """Every ``a.b.c`` / ``a.b["c"]`` the template reads: (``("a", "b")``, ``"c"``, read only guardedly)."""
        self._package = package
        self._compiled = compiled
        self._core_fields = core_fields
        self.names = frozenset(e.name for e in package.entries)
        self.rel_ids = facts.rel_ids
        self.hyperlink_style = facts.hyperlink_style
        self.drawing_base = facts.drawing_base
        """Highest drawing id in the parts copied as they are; rendered drawings are numbered above it."""
        self._static = self._static_entries()
        self._relations: dict[tuple[str, tuple[str, ...]], Entry] = {}
        """Relationships parts with a record's links added, by the relationships: letters add the same ones."""

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, source: Path | Traversable, name: str | None = None) -> PreparedTemplate:
        """Open, check and compile the template at ``source`` (a file or a bundled resource).

        Raises :class:`TemplateError` listing every problem found: a file that
        is not a Word document, and each broken tag with its part, paragraph
        number and text.
        """
        name = name or source.name
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise TemplateError(Problem(name, f"cannot be read ({exc.strerror or exc})")) from None
        return cls.from_bytes(data, name)

    @classmethod
    def from_bytes(cls, data: bytes, name: str) -> PreparedTemplate:
        """Like :meth:`load`, for a template already read into memory.

        A prepared template does not change, so the same bytes under the same
        name are prepared once per process (``kldocs build`` and ``check``
        load each template several times), and once across runs: what
        preparing learns is kept in the user's cache (see :func:`_prepared`).
        """
        return _prepared(bytes(data), name)

    @classmethod
    def _analyse(cls, data: bytes, name: str) -> dict[str, Any]:
        """Check and compile the template in ``data``: everything preparing learns, as plain data and code."""
        from lxml import etree  # only where a template is prepared afresh, or XML otherwise parsed

        package = read_package(data, name)
        problems: list[Problem] = []
        roots: dict[str, etree._Element] = {}
        for part in package.parts:
            root = etree.fromstring(content(_entry(package, part.name)), safe_parser())
            roots[part.name] = root
            problems += check_part(name, part.label, root, _XML_ENV)
        core_sources = _core_sources(package)
        for field, text in core_sources.items():
            problems += check_text(name, f"document properties, {field}", text, _TEXT_ENV)
        if problems:
            raise TemplateError(problems)

        compiled: list[tuple[str, bool, CodeType, tuple[str, ...], Pieces | None, bool]] = []
        trees: list[nodes.Template] = []
        for part in package.parts:
            patched = patch(etree.tostring(roots[part.name], encoding="unicode"))
            if not _TAG.search(patched):
                continue  # nothing to render: the part is copied as it is
            source = XML_DECLARATION + patched
            try:
                tree = _XML_ENV.parse(source)
                code = _XML_ENV.compile(tree)
            except TemplateSyntaxError as exc:
                problems.append(_late_problem(name, part, source, exc))
                continue
            unsafe = sorted(set(unsafe_access(tree)))
            if unsafe:
                problems.append(Problem(f"{name}, {part.label}", f"reaches for Python internals ({', '.join(unsafe)})"))
                continue
            trees.append(tree)
            fix_tables = any(
                t.prefix == "tc" or t.keyword in ("hm", "colspan") for t in iter_tags(roots[part.name])
            )
            names = tuple(sorted(meta.find_undeclared_variables(tree) - _GLOBALS))
            compiled.append((part.name, fix_tables, code, names, cut(source, _XML_ENV), DRAWING in source))
        core_fields: list[tuple[str, CodeType]] = []
        for field, text in core_sources.items():
            tree = _TEXT_ENV.parse(text)
            trees.append(tree)
            core_fields.append((field, _TEXT_ENV.compile(tree)))
        if problems:
            raise TemplateError(problems)
        variables: set[str] = set()
        optional: set[str] = set()
        accesses: set[tuple[tuple[str, ...], str, bool]] = set()
        for tree in trees:
            variables |= meta.find_undeclared_variables(tree)
            optional |= _guarded_names(tree)
            accesses |= _accesses(tree)
        variables -= _GLOBALS
        rendered = {part for part, *_ in compiled}
        styles = _text(package, "word/styles.xml") or ""
        return {
            "main": package.main,
            "parts": [(p.name, p.kind, p.label) for p in package.parts],
            "content_types": package.content_types,
            "core": package.core,
            "defaults": package.defaults,
            "compiled": compiled,
            "core_fields": core_fields,
            "variables": sorted(variables),
            "optional": sorted(optional & variables),
            "accesses": sorted(accesses),
            "rel_ids": {
                part.name: sorted(r.get("Id", "") for r in relationships(_text(package, rels_name(part.name))))
                for part in package.parts
            },
            "hyperlink_style": bool(re.search(r'w:styleId="Hyperlink"', styles)),
            "drawing_base": max(
                (n for part in package.parts if part.name not in rendered
                 for n in drawing_ids(_text(package, part.name) or "")),
                default=0,
            ),
        }

    @classmethod
    def _build(cls, data: bytes, name: str, facts: dict[str, Any]) -> PreparedTemplate:
        """The prepared template of ``data`` from what :meth:`_analyse` learnt of it (perhaps in an earlier run)."""
        parts = {p[0]: Part(*p) for p in facts["parts"]}
        package = Package(name, read_entries(data), facts["main"], list(parts.values()), facts["content_types"],
                          facts["core"], dict(facts["defaults"]))
        compiled = [_Compiled(parts[part], _template(_XML_ENV, code), fix_tables, frozenset(names),
                              None if pieces is None else (_template(_XML_ENV, pieces[0]), pieces[1], pieces[2]),
                              drawings)
                    for part, fix_tables, code, names, pieces, drawings in facts["compiled"]]
        core_fields = {field: _template(_TEXT_ENV, code) for field, code in facts["core_fields"]}
        return cls(name, package, compiled, core_fields, _Facts(
            variables=frozenset(facts["variables"]),
            optional=frozenset(facts["optional"]),
            accesses=tuple((tuple(base), key, guarded) for base, key, guarded in facts["accesses"]),
            rel_ids={part: frozenset(ids) for part, ids in facts["rel_ids"].items()},
            hyperlink_style=facts["hyperlink_style"],
            drawing_base=facts["drawing_base"],
        ))

    def _static_entries(self) -> dict[str, Entry]:
        """Entries that are the same for every record: content types, and the package relationships."""
        package = self._package
        content_types = package.content_types
        static: dict[str, Entry] = {}
        if package.core is None:
            at = content_types.rindex("</Types>")
            content_types = (
                content_types[:at]
                + f'<Override PartName="/{_CORE_PART}" ContentType="{CT_CORE}"/>'
                + content_types[at:]
            )
            root_rels = _text(package, "_rels/.rels")
            taken = {r.get("Id") for r in relationships(root_rels)}
            rid = next(f"rIdKlCore{n}" for n in range(1, 100) if f"rIdKlCore{n}" not in taken)
            static["_rels/.rels"] = deflated(
                "_rels/.rels", add_relationships(root_rels, [relationship_xml(rid, REL_CORE, _CORE_PART)]).encode()
            )
        static[CONTENT_TYPES] = deflated(CONTENT_TYPES, content_types.encode("utf-8"))
        self._content_types = content_types
        return static

    def _related(self, entry: Entry, added: list[str]) -> Entry:
        """The relationships part ``entry`` with the relationships ``added``, kept for the next record adding them."""
        key = (entry.name, tuple(added))
        made = self._relations.get(key)
        if made is None:
            if len(self._relations) >= _KEPT_RELATIONS:
                self._relations.clear()
            xml = add_relationships(content(entry).decode("utf-8"), added)
            made = self._relations[key] = deflated(entry.name, xml.encode("utf-8"))
        return made

    def _content_types_entry(self, media: Mapping[str, bytes]) -> Entry:
        """``[Content_Types].xml``, with a default for each kind of picture the record added that it lacks."""
        extensions = sorted({posixpath.splitext(name)[1][1:] for name in media} - set(self._package.defaults))
        if not extensions:
            return self._static[CONTENT_TYPES]
        text = self._content_types
        at = text.index(">", text.index("<Types")) + 1
        added = "".join(f'<Default Extension="{ext}" ContentType="{_MEDIA_TYPES.get(ext, "image/" + ext)}"/>'
                        for ext in extensions)
        return deflated(CONTENT_TYPES, (text[:at] + added + text[at:]).encode("utf-8"))

    # -- checking data -----------------------------------------------------------------------

    @property
    def required(self) -> frozenset[str]:
        """The names every record's data must have."""
        return self.variables - self.optional

    def check_context(self, context: Mapping[str, Any], record_label: str) -> None:
        """Raise :class:`RenderError` naming each variable the template needs that ``context`` lacks."""
        missing = sorted(self.required - set(context))
        if missing:
            raise RenderError(
                Problem(f"{self.name}, {record_label}",
                        f"the template uses '{name}', which the data of this record does not have")
                for name in missing
            )

    # -- rendering ---------------------------------------------------------------------------

    def render(self, context: Mapping[str, Any], properties: CoreProperties, *, record: str | None = None) -> bytes:
        """The bytes of the document for one record; ``record`` names it in error messages.

        Raises :class:`RenderError` when a value the template asks for is
        missing or unusable (a missing attribute, a filter given the wrong
        kind of value).
        """
        build = _Build(self)
        token = budget.set(Budget())
        try:
            rendered = {}
            for c in self._compiled:
                registry: list[Any] = []
                xml = self._jinja(c, c.template, context, registry, record)
                rendered[c.part.name] = self._finish(c, xml, registry, build, record)
        finally:
            budget.reset(token)
        return self._assemble(rendered, self._render_core(context, properties, record), build)

    def renderer(self) -> BatchRenderer:
        """A renderer for the records of one batch: the same bytes as :meth:`render`, what they share done once."""
        return BatchRenderer(self)

    def _where(self, part: str, record: str | None) -> str:
        return f"{self.name}, {part}" + (f", {record}" if record else "")

    def _jinja(self, compiled: _Compiled, template: Template, context: Mapping[str, Any], registry: list[Any],
               record: str | None) -> str:
        """``template`` (the part, or the part in pieces) rendered by Jinja, its objects put in ``registry``."""
        token = objects.set(registry)
        try:
            return template.render(context)
        except Exception as exc:  # translated into a message for the user, or re-raised as a bug
            raise _render_error(self._where(compiled.part.label, record), exc) from exc
        finally:
            objects.reset(token)

    def _finish(self, compiled: _Compiled, xml: str, registry: list[Any], build: _Build, record: str | None,
                shape: int | None = None, well_shaped: set[int] | None = None) -> Entry:
        """The part's rendered XML with its markers placed, checked well-formed, compressed for the package.

        A part whose ``shape`` is among the ``well_shaped`` is not parsed
        again (see :class:`~kldocs.engine.pieces.Shapes`); one found
        well-formed has its shape added to them.
        """
        xml = resolve_markers(xml, registry, compiled.part.name, build)
        if compiled.drawings or any(isinstance(placed, Image) for placed in registry):
            xml = renumber_drawings(xml, build.next_drawing)
        data = xml.encode("utf-8")
        try:  # before fix_tables, whose parser would quietly "repair" broken XML
            if shape is None or well_shaped is None or shape not in well_shaped:
                well_formed(data)
                if shape is not None and well_shaped is not None:
                    well_shaped.add(shape)
        except ExpatError as exc:
            raise RenderError(Problem(
                self._where(compiled.part.label, record),
                f"rendering gave broken Word XML ({exc}); a block probably opens in one paragraph and "
                "closes in another — use {%p if … %} … {%p endif %} on paragraphs of their own",
            )) from None
        if compiled.fix_tables:  # docxtpl's column loops ({%tc %}, hm, colspan) are finished on the tree
            body = xml[xml.index("?>") + 2 :].lstrip() if xml.startswith("<?xml") else xml  # Jinja wrote \n, not \r\n
            from docxtpl import DocxTemplate
            from lxml import etree

            tree = DocxTemplate.fix_tables(None, body)
            data = (XML_DECLARATION + etree.tostring(tree, encoding="unicode")).encode("utf-8")
        return deflated_in_chunks(compiled.part.name, data)

    def _render_core(self, context: Mapping[str, Any], properties: CoreProperties, record: str | None) -> bytes:
        rendered: dict[str, str] = {}
        for field, template in self._core_fields.items():
            try:
                rendered[field] = template.render(context)
            except Exception as exc:  # translated into a message for the user, or re-raised as a bug
                raise _render_error(self._where(f"document properties, {field}", record), exc) from exc
        return core_xml(properties, rendered)

    def _assemble(self, rendered: Mapping[str, Entry], core: bytes, build: _Build) -> bytes:
        """The package's bytes: the rendered parts, the document properties and what the template holds as it is.

        The document properties (``docProps/core.xml``, about 1 KB, made for
        every record) are stored uncompressed: deflating them took 20 µs a
        letter, 7 % of a letter's instructions in a batch, to save 500 bytes.
        """
        static = self._static
        entries = [self._content_types_entry(build.media)]
        new_rels = {rels_name(part): added for part, added in build.rels.items()}
        core_name = self._package.core or _CORE_PART
        for entry in self._package.entries:
            name = entry.name
            if name == CONTENT_TYPES:
                continue
            if name in rendered:
                entries.append(rendered[name])
            elif name == core_name:
                entries.append(stored(name, core))
            elif name in new_rels:
                entries.append(self._related(entry, new_rels.pop(name)))
            else:
                entries.append(static.get(name, entry))
        if self._package.core is None:
            entries.append(stored(_CORE_PART, core))
        for name in sorted(new_rels):
            entries.append(deflated(name, add_relationships(None, new_rels[name]).encode("utf-8")))
        for name in sorted(build.media):
            entries.append(stored(name, build.media[name]))
        return write_zip(entries)


@dataclass(frozen=True)
class _KeptPart:
    """A part as an earlier record's document held it, from the drawing number it started at."""

    xml: str
    drawings: int
    entry: Entry
    after: int


class BatchRenderer:
    """Renders the records of one batch as :meth:`PreparedTemplate.render` does, doing once what they share.

    A letter differs from the next in a few values (the municipality, the
    addressee); the programme is the same object in every record. So each
    part is rendered in pieces (see :func:`~kldocs.engine.pieces.cut`), and a
    piece that reads the same values as it did for an earlier record of the
    batch — the same objects, or equal plain values such as text, numbers
    and dates; of another object, the same attributes it reads — is not
    rendered again: its text is reused, what it printed
    and looped is counted against the document's limits as if it had been,
    and the pictures and links (any :class:`~kldocs.engine.sandbox.Inline`)
    it placed are placed again, numbered where its text now stands. A part
    is parsed for well-formedness only when its shape — its tags and markers,
    read from the pieces rendered for the record — is one not found
    well-formed before (see :class:`~kldocs.engine.pieces.Shapes`). A part
    whose XML comes out as before, places no object, and starts at
    the same drawing number is not compressed again either: its compressed
    bytes are reused (a header or a footer that reads only the programme is
    rendered once per batch).

    The documents are byte for byte those of :meth:`PreparedTemplate.render`
    (a differential test checks it on every bundled template), provided the
    data does not change while the batch renders; a batch's records do not.
    A renderer is for one batch, rendered one record at a time.
    """

    def __init__(self, template: PreparedTemplate) -> None:
        self.template = template
        self.name = template.name
        """The template's file name."""
        self._pieces: dict[str, list[Kept | None]] = {}
        self._parts: dict[str, _KeptPart] = {}
        self._ends: dict[int, tuple[PieceMark, ...]] = {}
        self._nows: dict[int, tuple[list[Any], list[tuple[Any, ...]]]] = {}
        """For the groups of pieces whose keys read the same names: those names' objects and the groups' values,
        as last made."""
        self._reads: dict[str, Read] = {}
        """The :class:`~kldocs.engine.pieces.Read` last made for each key."""
        self._settled: dict[str, dict[int, tuple[list[tuple[Any, ...]], tuple[int, ...]]]] = {}
        """For each part, the groups of pieces (by serial) found all not live, with the values they were found so
        for: while the names they read hold the same objects (the same values, then), they stay so (see
        :meth:`_values`)."""
        self._shapes = Shapes()
        self._whole: set[str] = set()
        """Parts found to print :data:`~kldocs.engine.sandbox.SEGMENT_END` themselves: rendered whole."""

    def check_context(self, context: Mapping[str, Any], record_label: str) -> None:
        """As :meth:`PreparedTemplate.check_context`."""
        self.template.check_context(context, record_label)

    def render(self, context: Mapping[str, Any], properties: CoreProperties, *, record: str | None = None) -> bytes:
        """The bytes :meth:`PreparedTemplate.render` gives for this record (and the same errors).

        What the pieces not rendered again printed is counted before the
        others are rendered, so a document past the limits of one document
        may fail on them before it reaches another error, one a full render
        meets first (a value missing): such a record is rendered in full, to
        fail as it does.
        """
        template = self.template
        build = _Build(template)
        token = budget.set(Budget())
        try:
            rendered = {c.part.name: self._part(c, context, build, record) for c in template._compiled}
        except RenderError as exc:
            if not isinstance(exc.__cause__, LimitExceeded):
                raise
            rendered = None
        finally:
            budget.reset(token)
        if rendered is None:
            return template.render(context, properties, record=record)
        return template._assemble(rendered, template._render_core(context, properties, record), build)

    def _part(self, compiled: _Compiled, context: Mapping[str, Any], build: _Build, record: str | None) -> Entry:
        registry: list[Any] = []
        xml, shape = self._xml(compiled, context, registry, record)
        name = compiled.part.name
        kept = self._parts.get(name)
        if kept is not None and not registry and kept.drawings == build._drawings and kept.xml == xml:
            build._drawings = kept.after
            return kept.entry
        start = build._drawings
        entry = self.template._finish(compiled, xml, registry, build, record, shape,
                                      self._shapes.well_formed.setdefault(name, set()))
        if not registry:
            self._parts[name] = _KeptPart(xml, start, entry, build._drawings)
        return entry

    def _xml(self, compiled: _Compiled, context: Mapping[str, Any], registry: list[Any],
             record: str | None) -> tuple[str, int | None]:
        """The part's XML as Jinja renders it for this record, and its shape (see :class:`Shapes`).

        The pieces the part shares with earlier records are reused. The shape
        is None for a part rendered whole, or one holding a text without one.
        """
        template = self.template
        current = budget.get()
        assert current is not None  # set by render()
        name = compiled.part.name
        if compiled.pieces is None or name in self._whole:
            found: tuple[tuple[str, ...], ...] = (tuple(sorted(compiled.names)),)
            parents: tuple[int, ...] = (-1,)
            skeleton = None
        else:
            skeleton, found, parents = compiled.pieces
        kept = self._pieces.get(name)
        if kept is None:
            kept = self._pieces[name] = [None] * len(found)
            self._settled[name] = {}
        values, live = self._values(found, kept, context, self._settled[name])
        run: list[bool] = []  # the pieces whose blocks run (a block not run renders none of its pieces)
        printed = steps = 0  # what the pieces kept that run cost when they were rendered
        for number, parent in enumerate(parents):
            runs = parent < 0 or (live[parent] and run[parent])
            run.append(runs)
            if runs and not live[number] and (k := kept[number]) is not None:
                printed += k.printed
                steps += k.steps
        before = (current.printed, current.steps)
        try:  # charged at once: past a limit, the record is rendered whole (see render), whichever limit it is
            current.charge(printed, steps)
        except LimitExceeded as exc:
            raise _render_error(template._where(compiled.part.label, record), exc) from exc
        if not any(live[n] for n in range(len(found)) if parents[n] < 0):
            return joined([text for n, k in enumerate(kept) if parents[n] < 0 and k is not None for text in k.texts],
                          registry, self._shapes)
        if skeleton is None:
            begun = (current.printed, current.steps)
            xml = template._jinja(compiled, compiled.template, context, registry, record)
            kept[0] = Kept(values[0], (Placed(xml, tuple(registry)),), current.printed - begun[0],
                           current.steps - begun[1])
            return xml, None
        notes: list[tuple[int, int, int]] = []
        token = sandbox_pieces.set(notes)
        try:
            names = {**context, LIVE: live, MARKS: self._marks(len(found))}
            out = template._jinja(compiled, skeleton, names, registry, record)
        finally:
            sandbox_pieces.reset(token)
        whole = spliced(out, notes, kept, live, run, values, registry, self._shapes)
        if whole is None:  # the part printed the mark itself, or a piece did not render as before: render it whole
            self._whole.add(name)
            self._pieces.pop(name)
            self._settled.pop(name)
            current.printed, current.steps = before
            registry.clear()
            return self._xml(compiled, context, registry, record)
        return whole

    def _values(self, found: tuple[tuple[str, ...], ...], kept: list[Kept | None], context: Mapping[str, Any],
                settled: dict[int, tuple[list[tuple[Any, ...]], tuple[int, ...]]]
                ) -> tuple[list[tuple[Any, ...]], list[bool]]:
        """The values of what each piece depends on, and whether each piece is to be rendered (live).

        Pieces that depend on the same keys share one tuple of values, and
        those kept from the same record share the one they had then: so the
        pieces are taken by the keys they depend on, and each tuple kept is
        compared once with the values now. When the names those keys read
        are the objects they were for the record before, so is the tuple:
        a piece that reads attributes of the programme costs one look at the
        programme, however many it reads.

        And when none of a group's pieces was live, the next record whose
        names hold the same objects finds them so again without a look at
        any (``settled``): what is kept of a piece changes only when it is
        rendered, which a piece not live is not, and comparing the same kept
        values with the same values gives the same answer (the data does
        not change while a batch renders). The values of such pieces are
        left out (``()``): only a live piece's values are kept.
        """
        get = context.get
        values: list[tuple[Any, ...]] = [()] * len(found)
        live = [True] * len(found)
        answers: dict[tuple[Read, Read], bool] = {}
        nows = self._nows
        for heads, serial, groups in _grouped(found):
            held = [get(name, ABSENT) for name in heads]
            last = nows.get(serial)
            if last is None:
                made = [tuple([self._now(key, get) for key in keys]) for keys, _, _ in groups]
                nows[serial] = (held, made)
            elif all(map(operator.is_, last[0], held)):
                made = last[1]
                still = settled.get(serial)
                if still is not None and still[0] is made:
                    for number in still[1]:  # not live, as for the record before
                        live[number] = False
                    continue
            else:  # what the keys read of the names whose objects have not changed is as it was
                moved = list(map(operator.is_not, last[0], held))
                made = [tuple([self._now(key, get) if moved[of_head[j]] else was[j] for j, key in enumerate(keys)])
                        for (keys, _, of_head), was in zip(groups, last[1], strict=True)]
                nows[serial] = (held, made)
            some_live = False
            for (_, numbers, _), now in zip(groups, made, strict=True):
                before: tuple[Any, ...] | None = None  # the last tuple kept compared, and whether it changed
                changed = True
                for number in numbers:
                    values[number] = now
                    k = kept[number]
                    if k is None:
                        some_live = True
                        continue
                    if k.values is not before:
                        before = k.values
                        changed = before is not now and not same(before, now, answers)
                    live[number] = changed
                    some_live = some_live or changed
            if some_live:
                settled.pop(serial, None)
            else:
                still = settled.get(serial)
                settled[serial] = (made, tuple(number for _, numbers, _ in groups for number in numbers)
                                   if still is None else still[1])
        return values, live

    def _now(self, key: str, get: Callable[[str, Any], Any]) -> Any:
        """What ``key`` (see :func:`~kldocs.engine.pieces.dependency`) reads of this record.

        A :class:`~kldocs.engine.pieces.Read` of the object the record before
        had is the one made then (so it compares as the same at once).
        """
        name, attributes, truth = dependency(key)
        value = get(name, ABSENT)
        if not attributes and not truth:
            return value
        last = self._reads.get(key)
        if last is not None and last.head is value:
            return last
        read = self._reads[key] = Read(value, attributes, truth, _XML_ENV.getattr)
        return read

    def _marks(self, count: int) -> tuple[PieceMark, ...]:
        marks = self._ends.get(count)
        if marks is None:
            marks = self._ends[count] = tuple(PieceMark(n) for i in range(count) for n in (-1 - i, i))
        return marks


_Group = tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]
"""Keys pieces depend on, the numbers of those pieces, and for each key the place of the name it reads among its
:data:`_Names`' names."""
_Names = tuple[tuple[str, ...], int, tuple[_Group, ...]]
"""Names, a serial number (one for each tuple of groups, in every part), and the groups whose keys read them."""
_SERIALS: dict[tuple[tuple[str, ...], ...], int] = {}


@functools.lru_cache(maxsize=64)  # a batch's parts, each with the keys its pieces depend on
def _grouped(found: tuple[tuple[str, ...], ...]) -> tuple[_Names, ...]:
    """The keys pieces depend on, each with the numbers of the pieces that depend on them, by the names they read.

    Many pieces read the same names (the programme's) in different ways:
    when the names hold the objects they held for the record before, none
    of their keys needs a look.
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for number, keys in enumerate(found):
        groups.setdefault(keys, []).append(number)
    by_names: dict[tuple[str, ...], list[tuple[tuple[str, ...], tuple[int, ...], tuple[str, ...]]]] = {}
    for keys, numbers in groups.items():
        of_key = tuple(dependency(key)[0] for key in keys)
        by_names.setdefault(tuple(dict.fromkeys(sorted(of_key))), []).append((keys, tuple(numbers), of_key))
    made: list[_Names] = []
    for names, grouped in by_names.items():
        serial = _SERIALS.setdefault(tuple(keys for keys, _, _ in grouped), len(_SERIALS))
        made.append((names, serial, tuple((keys, numbers, tuple(names.index(name) for name in of_key))
                                          for keys, numbers, of_key in grouped)))
    return tuple(made)


@functools.lru_cache(maxsize=16)
def _prepared(data: bytes, name: str) -> PreparedTemplate:
    """The template in ``data`` prepared: kept in this process, and from one run to the next in the user's cache.

    The cache (:func:`kldocs.resources.template_cache`) keeps what
    :meth:`PreparedTemplate._analyse` learns — the package's layout, the
    variables, and each part's Jinja template compiled to a Python code
    object — as :mod:`marshal` data, under :func:`cache_key`. The code
    objects are run, as Python runs its own ``__pycache__``, so the trust
    rests on where they are read from: an entry file of the user's own that
    no one else may write to, in such a folder, checked on the open
    descriptors (:func:`kldocs.resources.read_cached`); the SHA-256 in the
    entry only finds damage. An entry
    that is missing, damaged, cut short, of another shape or another key is
    ignored: the template is prepared afresh and the entry replaced. A
    template with problems is never kept. Nothing of docxtpl or python-docx
    is imported when the entry is found.
    """
    folder = template_cache()
    key = cache_key(data) if folder is not None else ""
    if folder is not None:
        kept = read_cached(folder, key)
        if kept is not None:
            try:
                facts = marshal.loads(kept)
                if isinstance(facts, dict) and facts.pop("key", None) == key and well_shaped(facts, _CORE_FIELDS):
                    return PreparedTemplate._build(data, name, facts)
            except Exception:  # any doubt about a kept entry: prepare afresh, below
                pass
    facts = PreparedTemplate._analyse(data, name)
    if folder is not None:
        write_cached(folder, key, marshal.dumps({**facts, "key": key}))
    return PreparedTemplate._build(data, name, facts)


def _entry(package: Package, name: str) -> Entry:
    entry = package.entry(name)
    if entry is None:  # pragma: no cover - read_package only lists parts that exist
        raise KeyError(name)
    return entry


def _text(package: Package, name: str) -> str | None:
    entry = package.entry(name)
    return content(entry).decode("utf-8") if entry is not None else None


def _core_sources(package: Package) -> dict[str, str]:
    """The template's own document properties that hold tags, by field name."""
    if package.core is None:
        return {}
    from lxml import etree

    root = etree.fromstring(content(_entry(package, package.core)), safe_parser())
    found: dict[str, str] = {}
    for field, tag in _CORE_FIELDS.items():
        prefix, local = tag.split(":")
        element = root.find(f"{{{_CORE_NS[prefix]}}}{local}")
        if element is not None and element.text and _TAG.search(element.text):
            found[field] = element.text
    return found


def _read_key(node: nodes.Node) -> tuple[tuple[str, ...], str] | None:
    """(``("a", "b")``, ``"c"``) for ``a.b.c`` or ``a.b["c"]``, else None."""
    if isinstance(node, nodes.Getattr):
        key: object = node.attr
    elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        key = node.arg.value
    else:
        return None
    base = chain_of(node.node)
    return (base, key) if base is not None and isinstance(key, str) else None


def _accesses(tree: nodes.Template) -> set[tuple[tuple[str, ...], str, bool]]:
    """The keys ``tree`` reads below names, each with whether it is read only guardedly.

    ``a.x`` and ``a["x"]`` read ``x`` of ``a``; ``a.x is defined`` and
    ``a.get("x")`` read it guardedly (they cope with its absence).
    """
    found: set[tuple[tuple[str, ...], str, bool]] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Test, nodes.Call)):
        if isinstance(node, nodes.Test):
            if node.name in ("defined", "undefined") and (read := _read_key(node.node)):
                found.add((*read, True))
        elif isinstance(node, nodes.Call):
            call = node.node
            if (isinstance(call, nodes.Getattr) and call.attr == "get" and (base := chain_of(call.node))
                    and node.args and isinstance(node.args[0], nodes.Const) and isinstance(node.args[0].value, str)):
                found.add((base, node.args[0].value, True))
        elif (read := _read_key(node)) and read[1] != "get":
            found.add((*read, False))
    return found


def _guarded_names(tree: nodes.Template) -> set[str]:
    """Names tested with ``is defined`` / ``is undefined``: the template copes without them."""
    return {
        test.node.name
        for test in tree.find_all(nodes.Test)
        if test.name in ("defined", "undefined") and isinstance(test.node, nodes.Name)
    }


def _late_problem(name: str, part: Part, source: str, exc: TemplateSyntaxError) -> Problem:
    """Locate a syntax error only the whole part shows, by the paragraph text of its line."""
    lined = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
    line = ""
    try:
        _XML_ENV.parse(lined)
    except TemplateSyntaxError as again:
        lines = lined.splitlines()
        if again.lineno and again.lineno <= len(lines):
            line = re.sub(r"<[^>]+>", "", lines[again.lineno - 1])
    where = f'{name}, {part.label}' + (f', near "{shown_text(line)}"' if line else "")
    return Problem(where, f"is not a valid template: {exc.message}")


def _render_error(where: str, exc: Exception) -> Exception:
    if isinstance(exc, LimitExceeded):
        return RenderError(Problem(where, f"the template goes past the limits of one document: {exc}"))
    if isinstance(exc, RecursionError):
        return RenderError(Problem(where, "the template calls itself (a macro or include) too deeply; it was stopped"))
    if isinstance(exc, MemoryError):
        return RenderError(Problem(where, "the template would need more memory than there is; it was stopped"))
    if isinstance(exc, SecurityError):
        return RenderError(Problem(where, f"the template reaches for Python internals ({exc}); it was not run"))
    if isinstance(exc, UndefinedError):
        return RenderError(Problem(where, f"a value the template uses is missing: {exc.message}"))
    if isinstance(exc, JinjaTemplateError):
        return RenderError(Problem(where, str(exc.message or exc)))
    if isinstance(exc, TypeError | ValueError | ArithmeticError | LookupError):
        return RenderError(Problem(where, f"a value does not suit the template: {exc}"))
    return exc


def check_template(source: Path | Traversable, name: str | None = None) -> list[str]:
    """Every problem with the template at ``source``, as lines for the user (empty when it is fine)."""
    try:
        PreparedTemplate.load(source, name)
    except TemplateError as exc:
        return exc.problems
    return []
