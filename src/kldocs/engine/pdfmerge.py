"""One PDF of many, as accessible as its parts: the combined print of a batch of letters.

:func:`merge_pdfs` puts the letters' PDFs one after another with pypdf and
keeps what makes each of them accessible. Their structure trees become
one: a /Document holding one /Part per letter (titled with its label), with
every page's and link's place in the parent tree moved past the letters
before it, and the role maps joined. The combined file has its own title,
language, author and date, shows its title as the window title, declares
PDF/UA-1 in its XMP metadata (when every letter is tagged and declares it)
and PDF/A-2b (when every letter does, with the first letter's output
intent), and has one bookmark per letter, named by its label, over the
letter's own bookmarks.

The bytes depend only on the letters' pages and the metadata given: no
clock, no random file identifier (the /ID is an MD5 of the file written
without it), and nothing of the letters' own dates or identifiers.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from kldocs.engine.template import CoreProperties

if TYPE_CHECKING:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, IndirectObject, PdfObject

_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def merge_pdfs(parts: Sequence[tuple[str, bytes]], properties: CoreProperties, *, duplex: bool = False) -> bytes:
    """The PDFs of ``parts`` (label, PDF bytes) one after another, titled and dated as ``properties`` say.

    ``properties.title`` becomes the title (Info, XMP ``dc:title``, the
    window title), ``properties.language`` the catalog's /Lang,
    ``properties.author`` the author and ``properties.created`` the
    creation date. See the module on what is kept of the parts. With
    ``duplex`` a part of an odd number of pages is followed by a blank page
    of its last page's size, so that each part starts on a sheet of its own
    when printed on both sides.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    readers = [(label, PdfReader(io.BytesIO(data))) for label, data in parts]
    writer = PdfWriter()
    tagged = bool(readers) and all(_is_tagged(reader) for _, reader in readers)
    pdf_ua = tagged and all(_xmp_value(reader, _PDFUAID, "part") == "1" for _, reader in readers)
    pdf_a = bool(readers) and all(
        (_xmp_value(reader, _PDFAID, "part"), _xmp_value(reader, _PDFAID, "conformance")) == ("2", "B")
        and "/OutputIntents" in _catalog(reader)
        for _, reader in readers
    )
    tree = _StructTree(writer) if tagged else None
    for number, (label, reader) in enumerate(readers):
        start = len(writer.pages)
        for page in reader.pages:
            writer.add_page(page)
        if duplex and len(reader.pages) % 2 and number < len(readers) - 1:  # the back of its last sheet
            box = reader.pages[-1].mediabox
            writer.add_blank_page(width=box.width, height=box.height)
        bookmark = writer.add_outline_item(title=label, page_number=start, is_open=False)
        _copy_outline(writer, reader, reader.outline, bookmark, start)
        if tree is not None:
            tree.graft(reader, label, start)
    if tree is not None:
        tree.finish()
    _describe(writer, properties, pdf_ua=pdf_ua, pdf_a_from=readers[0][1] if pdf_a else None)
    first = _written(writer)
    digest = ByteStringObject(hashlib.md5(first, usedforsecurity=False).digest())
    writer._ID = ArrayObject([digest, digest])
    return _written(writer)


def _catalog(reader: PdfReader) -> Any:
    """The document catalog of ``reader``."""
    return reader.trailer["/Root"].get_object()


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _is_tagged(reader: PdfReader) -> bool:
    root = _catalog(reader)
    mark_info = root.get("/MarkInfo")
    return "/StructTreeRoot" in root and mark_info is not None and bool(mark_info.get_object().get("/Marked"))


def _xmp_value(reader: PdfReader, namespace: str, name: str) -> str | None:
    """A simple property of the PDF's XMP metadata (an element or an attribute of an rdf:Description), or None."""
    metadata = _catalog(reader).get("/Metadata")
    if metadata is None:
        return None
    try:
        root = ElementTree.fromstring(metadata.get_object().get_data())
    except ElementTree.ParseError:
        return None
    for description in root.iter(f"{{{_RDF}}}Description"):
        value = description.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value.strip()
        element = description.find(f"{{{namespace}}}{name}")
        if element is not None and element.text is not None:
            return element.text.strip()
    return None


def _copy_outline(writer: PdfWriter, reader: PdfReader, outline: Sequence[Any], parent: IndirectObject,
                  start: int) -> None:
    """The part's own bookmarks (``reader.outline``'s nested lists) under ``parent``, on the moved pages."""
    from pypdf.generic import Destination, Fit

    last: IndirectObject | None = None
    for item in outline:
        if isinstance(item, list):
            if last is not None:
                _copy_outline(writer, reader, item, last, start)
            continue
        if not isinstance(item, Destination):
            continue
        page = reader.get_destination_page_number(item)
        if page is None or page < 0:
            continue
        array = item.dest_array
        fit = Fit(str(array[1]), list(array[2:])) if len(array) > 1 else Fit.fit()
        last = writer.add_outline_item(title=item.title or "", page_number=start + page, parent=parent, fit=fit)


class _StructTree:
    """The combined structure tree: a /Document of one /Part per part, and one parent tree."""

    def __init__(self, writer: PdfWriter) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject

        self.writer = writer
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.root).indirect_reference
        self.document = DictionaryObject({
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): self.root_ref,
            NameObject("/K"): ArrayObject(),
        })
        self.document_ref = writer._add_object(self.document).indirect_reference
        self.nums = ArrayObject()
        self.next_key = 0
        self.role_map = DictionaryObject()
        self.class_map = DictionaryObject()

    def graft(self, reader: PdfReader, label: str, start: int) -> None:
        """Add the structure tree of ``reader``, whose pages were added from page ``start``, as one /Part."""
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

        source = _catalog(reader)["/StructTreeRoot"].get_object()
        offset = self.next_key
        top = source.get("/K")
        kids = [] if top is None else list(top.get_object()) if isinstance(top.get_object(), ArrayObject) else [top]
        only = kids[0].get_object() if len(kids) == 1 else None
        if isinstance(only, DictionaryObject) and only.get("/S") == "/Document":
            part_ref = self._clone(kids[0])
            part = cast("DictionaryObject", part_ref.get_object())
        else:  # no single /Document at the top: a /Part holds what there is
            part = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                     NameObject("/K"): ArrayObject(self._clone(kid) for kid in kids)})
            part_ref = self.writer._add_object(part).indirect_reference
        part[NameObject("/S")] = NameObject("/Part")
        part[NameObject("/T")] = TextStringObject(label)
        part[NameObject("/P")] = self.document_ref
        _set_parents(part_ref)
        cast(ArrayObject, self.document["/K"]).append(part_ref)

        keys = []
        for key, value in _number_tree(source.get("/ParentTree")):
            self.nums += [NumberObject(key + offset), self._clone(value)]
            keys.append(key)
        declared = source.get("/ParentTreeNextKey")
        self.next_key = offset + max([int(declared) if declared is not None else 0, *(k + 1 for k in keys)])
        for name, role in cast("DictionaryObject", source.get("/RoleMap", DictionaryObject()).get_object()).items():
            self.role_map.setdefault(NameObject(name), role)
        for name, attrs in cast("DictionaryObject", source.get("/ClassMap", DictionaryObject()).get_object()).items():
            self.class_map.setdefault(NameObject(name), self._clone(attrs))
        self._move_struct_parents(reader, start, offset)

    def _clone(self, obj: PdfObject) -> Any:
        """``obj`` in the writer; pages and annotations already added are the ones it points to.

        Parents (/P) are left out, or cloning a part's top element would
        bring its old structure tree root along; :func:`_set_parents` puts
        them back.
        """
        from pypdf.generic import DictionaryObject, IndirectObject

        clone = obj.clone(self.writer, ignore_fields=("/P",))
        if isinstance(clone, DictionaryObject) and not isinstance(obj, IndirectObject) and "/S" in clone:
            return self.writer._add_object(clone).indirect_reference  # an element is referred to by its parent
        return clone

    def _move_struct_parents(self, reader: PdfReader, start: int, offset: int) -> None:
        """Each added page's /StructParents and its annotations' and forms' /StructParent(s), moved by ``offset``."""
        from pypdf.generic import NameObject, NumberObject

        moved: set[int] = set()
        pages: list[Any] = list(reader.pages)
        for index, page in enumerate(pages):
            added: Any = self.writer.pages[start + index]
            if "/StructParents" in page:
                added[NameObject("/StructParents")] = NumberObject(int(page["/StructParents"]) + offset)
            for old, new in zip(_objects(page.get("/Annots")), _objects(added.get("/Annots")), strict=False):
                if "/StructParent" in old:
                    new[NameObject("/StructParent")] = NumberObject(int(old["/StructParent"]) + offset)
            old_forms = _xobjects(page)
            new_forms = _xobjects(added)
            for name, old in old_forms.items():
                new = new_forms.get(name)
                if new is None or id(new) in moved or "/StructParents" not in old:
                    continue
                new[NameObject("/StructParents")] = NumberObject(int(old["/StructParents"]) + offset)
                moved.add(id(new))

    def finish(self) -> None:
        """Put the tree in the catalog: /StructTreeRoot and /MarkInfo."""
        from pypdf.generic import BooleanObject, DictionaryObject, NameObject, NumberObject

        root = self.root
        root[NameObject("/K")] = self.document_ref
        root[NameObject("/ParentTree")] = self.writer._add_object(
            DictionaryObject({NameObject("/Nums"): self.nums})).indirect_reference
        root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        if self.role_map:
            root[NameObject("/RoleMap")] = self.role_map
        if self.class_map:
            root[NameObject("/ClassMap")] = self.class_map
        catalog = self.writer.root_object
        catalog[NameObject("/StructTreeRoot")] = self.root_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})


def _set_parents(element_ref: IndirectObject) -> None:
    """Give every structure element under ``element_ref`` its parent (/P)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    stack = [element_ref]
    while stack:
        parent = stack.pop()
        kids = cast("DictionaryObject", parent.get_object()).get("/K")
        if kids is None:
            continue
        items = list(kids.get_object()) if isinstance(kids.get_object(), ArrayObject) else [kids]
        for kid in items:
            element = kid.get_object()
            if isinstance(element, DictionaryObject) and "/S" in element and isinstance(kid, IndirectObject):
                element[NameObject("/P")] = parent
                stack.append(kid)


def _number_tree(node: PdfObject | None) -> Iterator[tuple[int, PdfObject]]:
    """The (key, value) pairs of a number tree, from its /Nums and its /Kids."""
    if node is None:
        return
    tree = cast("DictionaryObject", node.get_object())
    nums = tree.get("/Nums")
    if nums is not None:
        items = list(nums.get_object())
        for i in range(0, len(items) - 1, 2):
            yield int(items[i]), items[i + 1]
    for kid in tree.get("/Kids", []):
        yield from _number_tree(kid)


def _objects(array: Any) -> list[Any]:
    """The dictionaries an array (an /Annots) holds or points to."""
    if array is None:
        return []
    return [item.get_object() for item in array.get_object()]


def _xobjects(page: Any) -> dict[str, Any]:
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return {}
    return {str(name): value.get_object() for name, value in xobjects.get_object().items()}


def _pdf_date(timestamp: str) -> str:
    """A W3CDTF UTC timestamp (``2021-06-14T12:00:00Z``) as a PDF date (``D:20210614120000Z``)."""
    return "D:" + re.sub(r"\D", "", timestamp) + "Z"


def _describe(writer: PdfWriter, properties: CoreProperties, *, pdf_ua: bool,
              pdf_a_from: PdfReader | None) -> None:
    """The catalog's /Lang, viewer preferences, XMP metadata (and output intent), and the Info dictionary."""
    from pypdf.generic import (
        BooleanObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        TextStringObject,
    )

    catalog = writer.root_object
    if properties.language:
        catalog[NameObject("/Lang")] = TextStringObject(properties.language)
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    metadata = DecodedStreamObject()
    metadata.set_data(_xmp(properties, pdf_ua=pdf_ua, pdf_a=pdf_a_from is not None))
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    catalog[NameObject("/Metadata")] = writer._add_object(metadata).indirect_reference
    if pdf_a_from is not None:
        catalog[NameObject("/OutputIntents")] = _catalog(pdf_a_from)["/OutputIntents"].clone(writer)
    info = {"/Title": properties.title, "/Creator": "kldocs", "/Producer": "pypdf",
            "/CreationDate": _pdf_date(properties.timestamp)}
    if properties.author:
        info["/Author"] = properties.author
    writer.add_metadata(info)


def _xmp(properties: CoreProperties, *, pdf_ua: bool, pdf_a: bool) -> bytes:
    """The XMP packet: Dublin Core title, creator and language, the dates and tools, and what the file conforms to."""
    title, author, language = (escape(v) for v in (properties.title, properties.author, properties.language))
    descriptions = [
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>'
        + (f"<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>" if author else "")
        + (f"<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>" if language else "")
        + "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreateDate>{properties.timestamp}</xmp:CreateDate><xmp:CreatorTool>kldocs</xmp:CreatorTool>"
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        "<pdf:Producer>pypdf</pdf:Producer></rdf:Description>",
    ]
    if pdf_ua:
        descriptions.append(f'<rdf:Description rdf:about="" xmlns:pdfuaid="{_PDFUAID}">'
                            "<pdfuaid:part>1</pdfuaid:part></rdf:Description>")
    if pdf_a:
        descriptions.append(f'<rdf:Description rdf:about="" xmlns:pdfaid="{_PDFAID}">'
                            "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
                            "</rdf:Description>")
        if pdf_ua:  # PDF/A allows only properties of the schemas it knows, or ones the file describes
            descriptions.append(_PDFUA_EXTENSION_SCHEMA)
    body = "".join(descriptions)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{_RDF}">{body}</rdf:RDF></x:xmpmeta>'
        '<?xpacket end="r"?>'
    ).encode()


_PDFUA_EXTENSION_SCHEMA = (
    '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    f"<pdfaSchema:namespaceURI>{_PDFUAID}</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">"
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
)
