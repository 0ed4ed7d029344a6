"""A batch renders once what its records share, and its documents are byte for byte those of a full render."""

from __future__ import annotations

import base64
import copy
import dataclasses
import datetime as dt
import decimal
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pydantic import BaseModel

from conftest import EXAMPLE_DIR, ROOT
from docxfactory import docx_bytes, footer, header, paragraph, table, text_lines
from kldocs.documents.kinds import KINDS, Options
from kldocs.engine import sandbox
from kldocs.engine import template as template_module
from kldocs.engine.pieces import Shapes, _shape_key_by_token, shape_key
from kldocs.engine.template import BatchRenderer, CoreProperties, Image, Link, PreparedTemplate
from kldocs.errors import RenderError, TemplateError
from kldocs.inputs.folder import Folder

TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PNG = base64.b64decode(  # a 3×2 pixel PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEklEQVR4nGP4z8DAwMDAwMAAAB3uAf8Ikp0iAAAAAElFTkSuQmCC"
)
PROPS = CoreProperties("Brev", created=dt.datetime(2021, 6, 14))
TEXT = st.text(st.sampled_from("aæø Å&<>\"'\n\t\x00\x05{}%") | st.characters(), max_size=12)


def outcome(render: Any, context: Mapping[str, Any], properties: CoreProperties, label: str) -> bytes | list[str]:
    """The document's bytes, or the problems of the error it raised."""
    try:
        data: bytes = render(context, properties, record=label)
    except RenderError as exc:
        return exc.problems
    return data


def both(template: PreparedTemplate, records: list[tuple[Mapping[str, Any], CoreProperties, str]]) -> None:
    """Every record's full render and the batch's are the same bytes, or fail with the same problems."""
    renderer = template.renderer()
    for context, properties, label in records:
        full = outcome(template.render, context, properties, label)
        fast = outcome(renderer.render, context, properties, label)
        assert fast == full, label


# -- every bundled template, with the records its kind makes of the example, varied by hypothesis -----------

@pytest.fixture(scope="module")
def example_records() -> dict[str, list[tuple[Mapping[str, Any], CoreProperties, str]]]:
    """What every kind renders for the bundled example, by template name: (context, properties, label)."""
    seen: dict[str, list[tuple[Mapping[str, Any], CoreProperties, str]]] = {}
    original = PreparedTemplate.render

    def capture(self: PreparedTemplate, context: Mapping[str, Any], properties: CoreProperties, *,
                record: str | None = None) -> bytes:
        seen.setdefault(self.name, []).append((context, properties, record or ""))
        return original(self, context, properties, record=record)

    def capture_batch(self: BatchRenderer, context: Mapping[str, Any], properties: CoreProperties, *,
                      record: str | None = None) -> bytes:
        return capture(self.template, context, properties, record=record)

    folder = Folder(EXAMPLE_DIR)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PreparedTemplate, "render", capture)
        patch.setattr(BatchRenderer, "render", capture_batch)
        for kind in KINDS.values():
            if kind.skipped(folder) is not None:
                continue
            try:
                for file in kind.plan(folder, Options(web=True)).files:
                    file.make()
            except Exception:
                continue  # its template is tested with the records made so far, or with plain text
    return seen


def varied(value: Any, how: int, text: str, pick: int) -> Any:
    """``value`` as it is (``how`` 0), a copy of it (1: equal, but another object), or with text changed (2)."""
    if how == 0:
        return value
    if how == 1:
        return copy.deepcopy(value)
    if isinstance(value, str):
        return text
    if isinstance(value, dict):
        keys = [k for k, v in value.items() if isinstance(v, str)]
        return {**value, keys[pick % len(keys)]: text} if keys else value
    if isinstance(value, BaseModel):
        keys = [name for name, v in value if isinstance(v, str)]
        return value.model_copy(update={keys[pick % len(keys)]: text}) if keys else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        keys = [f.name for f in dataclasses.fields(value) if f.init and isinstance(getattr(value, f.name), str)]
        try:
            return dataclasses.replace(value, **{keys[pick % len(keys)]: text}) if keys else value
        except ValueError:  # a value that refuses the text (a link's address): left as it is
            return value
    return value


CHANGE = st.tuples(st.integers(0, 2), TEXT, st.integers(0, 50))
"""How one value of a record is varied: the arguments of :func:`varied`."""


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.name for p in TEMPLATES])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_a_batch_gives_the_bytes_of_a_full_render_for_every_bundled_template(path: Path, example_records,
                                                                              data: st.DataObject) -> None:
    template = PreparedTemplate.load(path)
    known = example_records.get(path.name)
    if not known:  # a template no kind of the example renders: each variable gets text
        known = [({name: "x" for name in sorted(template.variables)}, PROPS, "record")]
    records = []
    for number in data.draw(st.lists(st.integers(0, len(known) - 1), min_size=1, max_size=5)):
        context, properties, label = known[number]
        changes = data.draw(st.lists(CHANGE, min_size=len(context), max_size=len(context)))
        changed = {key: varied(context[key], *change) for key, change in zip(sorted(context), changes, strict=True)}
        records.append((changed, properties, label))
    both(template, records)


def test_the_example_renders_every_bundled_template_it_has_a_kind_for(example_records):
    assert {"invitation.docx", "agreement.docx"} <= set(example_records)


LARGEST_GROWTH = {"invitation.docx": 1.07, "agreement.docx": 1.1}
"""How much larger a part compressed in chunks may be than one compressed whole, for letters; other parts 1.5.

The invitation's is 1.060: a table per group of its time plan, and its lists' paragraphs kept with the next or
not, are more chunks than before."""


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_a_rendered_part_compressed_in_chunks_is_little_larger_than_compressed_whole(path: Path, example_records):
    from kldocs.engine.zipwriter import deflated, deflated_in_chunks

    template = PreparedTemplate.load(path)
    rendered = {compiled.part.name for compiled in template._compiled}
    for context, properties, label in example_records.get(path.name, [])[:3]:
        with zipfile.ZipFile(io.BytesIO(template.render(context, properties, record=label))) as archive:
            for info in archive.infolist():
                data = archive.read(info)
                if info.filename in rendered:
                    assert info.compress_size == len(deflated_in_chunks(info.filename, data).data)
                    growth = info.compress_size / len(deflated(info.filename, data).data)
                    assert growth <= LARGEST_GROWTH.get(path.name, 1.5), (info.filename, label)


# -- what the batch shares, and what it must not -------------------------------------------------------------

def letter(d):
    paragraph(d, "Kære {{ person.name }} i {{ place }}")
    paragraph(d, "{%p for item in programme.items %}")
    paragraph(d, "{{ item }} for {{ place }}: {{ programme.title }}")
    paragraph(d, "{%p endfor %}")
    paragraph(d, "{%p if programme.show %}")
    paragraph(d, "Vist: {{ programme.title }}, skrevet til {{ person.name }}")
    paragraph(d, "{%p endif %}")
    table(d, [["Navn", "Værdi"], ["{%tr for r in programme.rows %}", ""], ["{{ r.a }}", "{{ r.b }}"],
              ["{%tr endfor %}", ""]])
    paragraph(d, "Link: {{ programme.link }}")
    header(d, "Sags ID: {{ programme.case }}")
    footer(d, "{{ programme.title }} – side")


@dataclasses.dataclass
class Programme:
    title: str
    items: list[str]
    show: bool
    rows: list[dict[str, str]]
    case: str
    link: Any = ""


PROGRAMME = Programme("Stærke & små", ["a", "b <c>"], True, [{"a": "1", "b": "x"}], "21/1")


def records(programme: Programme, names: list[str]) -> list[tuple[dict[str, Any], CoreProperties, str]]:
    return [({"programme": programme, "person": {"name": name}, "place": f"{name}s by"}, PROPS, name)
            for name in names]


@pytest.fixture(scope="module")
def prepared() -> PreparedTemplate:
    return PreparedTemplate.from_bytes(docx_bytes(letter), "brev.docx")


def test_a_letter_in_pieces_gives_the_bytes_of_a_full_render(prepared):
    both(prepared, records(PROGRAMME, ["Anne", "Bo", "Anne", "Åse & <Co>"]))
    assert text_lines(prepared.renderer().render(*records(PROGRAMME, ["Bo"])[0][:2]))[0] == "Kære Bo i Bos by"


def test_a_part_that_reads_only_the_programme_is_rendered_checked_and_compressed_once(prepared, monkeypatch):
    finished: list[str] = []
    original = PreparedTemplate._finish

    def finish(self, compiled, *args, **kwargs):
        finished.append(compiled.part.kind)
        return original(self, compiled, *args, **kwargs)

    monkeypatch.setattr(PreparedTemplate, "_finish", finish)
    renderer = prepared.renderer()
    for context, properties, label in records(PROGRAMME, ["Anne", "Bo", "Camilla"]):
        renderer.render(context, properties, record=label)
    assert finished.count("body") == 3
    assert finished.count("header") == finished.count("footer") == 1


def test_a_piece_is_rendered_again_when_its_values_are_equal_but_not_the_same_objects(prepared):
    copied = copy.deepcopy(PROGRAMME)
    copied.title = "Ændret"
    both(prepared, records(PROGRAMME, ["Anne"]) + records(copied, ["Bo"]) + records(PROGRAMME, ["Camilla"]))


def test_a_link_in_shared_data_is_placed_again_in_every_document(prepared):
    linked = dataclasses.replace(PROGRAMME, link=Link("https://kl.dk/tilmelding"))
    both(prepared, records(linked, ["Anne", "Bo", "Camilla"]))


def link_targets(document: bytes) -> list[str]:
    """Where the body's hyperlinks go, in the order they stand."""
    with zipfile.ZipFile(io.BytesIO(document)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    return [targets[link.get(f"{{{R}}}id")] for link in body.iter(f"{{{W}}}hyperlink")]


class Counted:
    """Links read from shared data, counting how often a template reads them."""

    def __init__(self, *links: Link) -> None:
        self._links = links
        self.reads = 0

    @property
    def links(self) -> tuple[Link, ...]:
        self.reads += 1
        return self._links


def test_a_piece_that_placed_links_is_reused_with_its_links_numbered_where_they_now_stand():
    def linked(d):
        paragraph(d, "Skriv til {{ person.mail }}")
        paragraph(d, "{%p for link in shared.links %}")
        paragraph(d, "Se {{ link }}")
        paragraph(d, "{%p endfor %}")
        paragraph(d, "Kære {{ person.name }}, se også {{ person.site }} og {{ more.links[0] }}")

    template = PreparedTemplate.from_bytes(docx_bytes(linked), "links.docx")
    shared = Counted(Link("https://kl.dk/a", "A"), Link("https://kl.dk/b"))
    more = Counted(Link("https://kl.dk/c"))
    people = [{"name": name, "mail": Link(f"mailto:{name}@kl.dk"), "site": Link(f"https://{name}.dk")}
              for name in ("anne", "bo", "camilla")]
    contexts = [({"shared": shared, "more": more, "person": person}, PROPS, person["name"]) for person in people]
    renderer = template.renderer()
    for context, properties, label in contexts:
        document = renderer.render(context, properties, record=label)
        assert document == template.render(context, properties, record=label)
        assert text_lines(document) == [f"Skriv til {label}@kl.dk", "Se A", "Se https://kl.dk/b",
                                        f"Kære {label}, se også https://{label}.dk og https://kl.dk/c"]
        assert link_targets(document) == [f"mailto:{label}@kl.dk", "https://kl.dk/a", "https://kl.dk/b",
                                          f"https://{label}.dk", "https://kl.dk/c"]
    assert shared.reads == more.reads == 1 + len(contexts)  # once in the batch, once in each full render


def test_a_missing_value_fails_as_a_full_render_fails(prepared):
    broken = dataclasses.replace(PROGRAMME, rows=[{"a": "1"}])
    both(prepared, records(PROGRAMME, ["Anne"]) + records(broken, ["Bo"]) + records(PROGRAMME, ["Camilla"]))
    with pytest.raises(RenderError, match=r"brev\.docx, body, Bo"):
        prepared.renderer().render(*records(broken, ["Bo"])[0][:2], record="Bo")


def test_what_shared_pieces_printed_counts_against_every_documents_limits(prepared, monkeypatch):
    long = dataclasses.replace(PROGRAMME, items=["x" * 400] * 5)
    full = prepared.render(*records(long, ["Anne"])[0][:2])
    assert full
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 2100)
    both(prepared, records(long, ["Anne", "Bo", "Camilla"]))
    with pytest.raises(RenderError, match="more than 2,100 characters"):
        prepared.render(*records(long, ["Anne"])[0][:2], record="Anne")


def test_a_record_past_the_limits_fails_as_a_full_render_fails_though_the_pieces_kept_are_counted_first(monkeypatch):
    def three(d):
        paragraph(d, "{{ c }}|{{ b.t }}|{{ a.s }}")

    template = PreparedTemplate.from_bytes(docx_bytes(three), "tre.docx")
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 1000)
    shared = {"s": "y" * 600}
    records = [({"a": shared, "b": {"t": "ok"}, "c": "lille"}, PROPS, "r0"),
               ({"a": shared, "b": {}, "c": "x" * 500}, PROPS, "r1"),  # a value missing before the limit is reached
               ({"a": shared, "b": {"t": "ok"}, "c": "x" * 500}, PROPS, "r2")]  # past the limit
    both(template, records)
    renderer = template.renderer()
    renderer.render(*records[0][:2], record="r0")
    with pytest.raises(RenderError, match="a value the template uses is missing"):
        renderer.render(*records[1][:2], record="r1")
    with pytest.raises(RenderError, match="more than 1,000 characters"):
        renderer.render(*records[2][:2], record="r2")


def test_a_part_that_prints_the_engines_own_mark_is_rendered_whole(monkeypatch):
    def marked(d):
        paragraph(d, "{{ name }} {% filter replace('q', '\\x05') %}{{ shared }}{% endfilter %}")

    template = PreparedTemplate.from_bytes(docx_bytes(marked), "mærket.docx")
    contexts = [({"name": n, "shared": "plain"}, PROPS, n) for n in ("a", "b")]
    contexts += [({"name": n, "shared": "qq"}, PROPS, n) for n in ("c", "d")]
    both(template, contexts)


def test_a_part_that_sets_variables_is_rendered_whole_and_alike():
    def setting(d):
        paragraph(d, "{% set greeting = 'Kære ' ~ name %}{{ greeting }}, {{ shared }}")

    template = PreparedTemplate.from_bytes(docx_bytes(setting), "sæt.docx")
    (body,) = [c for c in template._compiled if c.part.kind == "body"]
    assert body.pieces is None
    both(template, [({"name": n, "shared": "fælles"}, PROPS, n) for n in ("Anne", "Bo", "Anne")])


@pytest.mark.parametrize(("first", "then"), [
    (decimal.Decimal("1.0"), decimal.Decimal("1.00")),
    (0.0, -0.0),
    (1, True),
    (dt.datetime(2021, 6, 14, 12, tzinfo=dt.UTC), dt.datetime(2021, 6, 14, 14, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
], ids=["decimal-places", "signed-zero", "int-and-bool", "time-zones"])
def test_equal_values_that_print_differently_are_rendered_each(first, then):
    def shown(d):
        paragraph(d, "{{ name }}: {{ value }}")

    template = PreparedTemplate.from_bytes(docx_bytes(shown), "vist.docx")
    both(template, [({"name": n, "value": v}, PROPS, n) for n, v in (("a", first), ("b", then), ("c", first))])


# -- what a piece reads of a record: attributes, and the truth of a test ----------------------------------

class Reads:
    """An object of shared data that counts how often a template reads ``text`` or calls ``said``."""

    def __init__(self, text: str) -> None:
        self._text = text
        self.reads = 0

    @property
    def text(self) -> str:
        self.reads += 1
        return self._text

    def said(self, by: str) -> str:
        self.reads += 1
        return f"{self._text} ({by})"


@dataclasses.dataclass
class Member:
    name: str
    office: Any
    goals: tuple[str, ...] = ()
    town: str = "Aarhus"


def members(*people: Member) -> list[tuple[dict[str, Any], CoreProperties, str]]:
    return [({"member": person}, PROPS, person.name) for person in people]


def body_keys(source: str) -> set[str]:
    """The keys the pieces of a one-paragraph template's body depend on."""
    template = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, source)), "nøgler.docx")
    (body,) = [c for c in template._compiled if c.part.kind == "body"]
    assert body.pieces is not None
    return {key for keys in body.pieces[1] for key in keys}


@pytest.mark.parametrize(("source", "keys"), [
    ("{{ a.b.c }}", {"a.b.c"}),
    ("{{ a.b.c }} {{ a }} {% if a %}{% endif %}", {"a", "a.b.c"}),  # a read whole covers its truth, not a.b.c
    ("{{ a.b.m(c.d) }}", {"a.b", "c.d"}),  # a method: the object it is called on, and the arguments
    ("{% if a.b and not c %}{{ a.b.c }}{% endif %}", {"?a.b", "?c", "a.b.c"}),
    ("{% if a.b == 'x' %}{{ c }}{% endif %}", {"a.b", "c"}),  # a test that compares reads the value
    ("{% for x in a.items %}{{ x.name }} {{ b.c }}{% endfor %}", {"a.items", "b.c"}),
    ("{{ (a|first).b }} {{ a[0].b }}", {"a"}),
], ids=["chain", "covered", "method", "truth", "compared", "loop", "not-a-chain"])
def test_a_piece_depends_on_what_it_reads_of_each_name(source, keys):
    assert body_keys(source) == keys


def members_letter(d):  # (neighbouring tags reading the same names are one piece: "Fra" keeps two apart)
    paragraph(d, "Kære {{ member.name }}")
    paragraph(d, "Fra {{ sender }}")
    paragraph(d, "{{ member.office.text }}, {{ member.office.said(member.town) }}")
    paragraph(d, "{%p if member.goals %}")
    paragraph(d, "Mål: {{ shared.text }}")
    paragraph(d, "{%p endif %}")


def test_a_piece_that_reads_attributes_alike_of_another_record_is_not_rendered_again():
    template = PreparedTemplate.from_bytes(docx_bytes(members_letter), "medlem.docx")
    office, shared = Reads("Borgmester"), Reads("fælles")
    people = members(Member("Anne", office, ("a",)), Member("Bo", office, ("b", "c")), Member("Cai", office, ("d",)))
    renderer = template.renderer()
    for context, properties, label in people:
        context.update(shared=shared, sender="KL")
        document = renderer.render(context, properties, record=label)
        assert document == template.render(context, properties, record=label)
        assert text_lines(document) == [f"Kære {label}", "Fra KL", "Borgmester, Borgmester (Aarhus)", "Mål: fælles"]
    # Each record is another object with another name and other goals, but the same office and town, and goals
    # that are there: the batch read the office and the shared text for the first record only
    assert office.reads == 2 + 2 * len(people)
    assert shared.reads == 1 + len(people)


def test_a_piece_is_rendered_again_when_what_it_reads_changes_even_if_the_object_it_is_read_from_does_not():
    template = PreparedTemplate.from_bytes(docx_bytes(members_letter), "medlem.docx")
    office, other, shared = Reads("Borgmester"), Reads("Rådmand"), Reads("fælles")
    anne = Member("Anne", office, ("a",))
    people = members(anne, Member("Bo", other, ()), Member("Cai", office, ("d",), "Odense"), anne,
                     dataclasses.replace(anne, goals=()), Member("Dan", None, ("e",)))
    for context, _, _ in people:
        context.update(shared=shared, sender="KL")
    both(template, people)


def test_a_piece_reading_attributes_that_are_not_there_fails_as_a_full_render_fails():
    template = PreparedTemplate.from_bytes(docx_bytes(members_letter), "medlem.docx")
    shared = {"shared": Reads("y"), "sender": "KL"}
    people = [({"member": {"name": "Anne", "office": Reads("x"), "goals": ["a"], "town": "Ry"}, **shared}, PROPS, "Anne"),
              ({"member": {"name": "Bo", "office": {}, "goals": ["a"], "town": "Ry"}, **shared}, PROPS, "Bo")]
    both(template, people)
    renderer = template.renderer()
    renderer.render(*people[0][:2], record="Anne")
    with pytest.raises(RenderError, match=r"medlem\.docx, body, Bo"):
        renderer.render(*people[1][:2], record="Bo")


def test_a_name_given_another_with_with_depends_on_what_it_is_given():
    def renamed(d):
        paragraph(d, "{% with who = member %}Kære {{ who.name }}{% endwith %}, {{ shared }}")

    template = PreparedTemplate.from_bytes(docx_bytes(renamed), "med.docx")
    people = [({"member": Member(name, None), "shared": "KL"}, PROPS, name) for name in ("Anne", "Bo", "Anne")]
    both(template, people)
    assert text_lines(template.renderer().render(*people[1][:2]))[0] == "Kære Bo, KL"


@dataclasses.dataclass
class Thing:
    """Data a template reads through attributes: shared between records, copied (equal, another object), or not."""

    c: Any = "c"
    flag: Any = True
    text: Any = "t"
    items: tuple[Any, ...] = ()
    inner: Any = None

    def m(self, arg: Any) -> str:
        return f"{self.c}/{arg}"


def reading(d):
    paragraph(d, "{{ a.inner.c }} | {{ a.inner.text }} | {{ b.c }}")
    paragraph(d, "{%p if a.flag and not b.flag %}")
    paragraph(d, "{{ c.text }} {{ a.inner.m(b.text) }}")
    paragraph(d, "{%p elif c.inner %}")
    paragraph(d, "{{ b.inner.inner.c }}")
    paragraph(d, "{%p endif %}")
    paragraph(d, "{%p for item in c.items %}")
    paragraph(d, "{{ item.text }}: {{ a.inner.c }} {{ loop.index }}")
    paragraph(d, "{%p endfor %}")
    paragraph(d, "{% with w = a.inner %}{{ w.c }}{% endwith %} {{ b.text if a.flag else c.text }}")


def test_equal_text_in_another_object_is_read_further_not_taken_as_the_text_it_was():
    """A method of equal text in another object prints another place in memory: the piece is rendered again."""
    def method(d):
        paragraph(d, "{{ a.c }} {{ a.c.upper|string }}")  # (a.c read whole, and a method of it)
        paragraph(d, "{{ c }}")

    template = PreparedTemplate.from_bytes(docx_bytes(method), "metode.docx")
    text, equal = "".join(["a", "b"]), "".join(["a", "b"])  # equal, but two objects
    same_object = Thing(c=text)
    both(template, [({"a": Thing(c="y"), "c": 0}, PROPS, "r0")] + [
        ({"a": dataclasses.replace(same_object, c=value), "c": n}, PROPS, f"r{n}")
        for n, value in enumerate([text, equal, text], start=1)])
    both(template, [({"a": {"c": value}, "c": n}, PROPS, f"r{n}") for n, value in enumerate([text, equal])])


def test_a_template_cannot_ask_whether_two_values_are_one_object_nor_print_a_function():
    with pytest.raises(TemplateError, match="No test named 'sameas'"):
        PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "{{ a is sameas b }}")), "samme.docx")
    template = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "Kære {{ name.upper }}")), "navn.docx")
    for render in (template.render, template.renderer().render):
        with pytest.raises(RenderError, match=r"prints the function 'upper', not a value \(to call it, write upper\(\)\)"):
            render({"name": "anne"}, PROPS, record="Anne")


LEAF = st.sampled_from(["", "Å & <ø>", "x", 0, 1, True, False, None, decimal.Decimal("1.0"), decimal.Decimal("1.00")])
THING = st.builds(Thing, c=LEAF, flag=LEAF, text=LEAF)


@settings(max_examples=60, deadline=None)
@given(pool=st.lists(THING, min_size=2, max_size=5), data=st.data())
def test_a_batch_reading_attributes_gives_the_bytes_of_a_full_render(pool: list[Thing], data: st.DataObject) -> None:
    """Records share, copy or change the objects a template reads attributes of; the batch's bytes are the full
    render's, or it fails with the same problems."""
    template = READING
    for thing in pool:  # attributes that lead to other objects of the pool, or to nothing
        thing.inner = data.draw(st.sampled_from([None, *pool]))
        thing.items = tuple(data.draw(st.lists(st.sampled_from(pool), max_size=2)))

    def value() -> Any:
        thing = data.draw(st.sampled_from(pool))
        how = data.draw(st.sampled_from(["same", "copy", "dict", "changed"]))
        if how == "copy":
            return copy.copy(thing)
        if how == "dict":  # read by key instead, and perhaps without one of them
            left_out = data.draw(st.sampled_from(["", "c", "text", "inner"]))
            return {f.name: getattr(thing, f.name) for f in dataclasses.fields(thing) if f.name != left_out}
        if how == "changed":
            return dataclasses.replace(thing, **{data.draw(st.sampled_from(["c", "flag", "text"])): data.draw(LEAF)})
        return thing

    context = {"a": value(), "b": value(), "c": value()}
    records = [(context, PROPS, "r0")]
    for n in range(1, data.draw(st.integers(2, 8))):  # each record the one before with one of its values changed
        context = {**context, data.draw(st.sampled_from("abc")): value()}
        records.append((context, PROPS, f"r{n}"))
    both(template, records)


READING = PreparedTemplate.from_bytes(docx_bytes(reading), "læsning.docx")


# -- parsing once per shape --------------------------------------------------------------------------------

def test_a_part_of_a_shape_found_well_formed_is_not_parsed_again(prepared, monkeypatch):
    parsed: list[int] = []
    original = template_module.well_formed

    def counted(xml: bytes) -> None:
        parsed.append(len(xml))
        original(xml)

    monkeypatch.setattr(template_module, "well_formed", counted)
    renderer = prepared.renderer()
    for context, properties, label in records(PROGRAMME, ["Anne", "Bo & <Co>", "Camilla", "Åse"]):
        renderer.render(context, properties, record=label)
    assert len(parsed) == 3  # the body once, the header and footer once; the other bodies differ only in text
    before = len(parsed)
    hidden = dataclasses.replace(PROGRAMME, show=False)
    renderer.render(*records(hidden, ["Dorthe"])[0][:2], record="Dorthe")
    assert len(parsed) == before + 1  # a paragraph left out: another shape, parsed


def test_a_record_whose_blocks_break_the_xml_fails_though_others_of_the_batch_did_not():
    def field_code(para, code):  # tags in field codes are rendered, but only the text is checked when prepared
        etree.SubElement(etree.SubElement(para._p, f"{{{W}}}r"), f"{{{W}}}instrText").text = code

    def cut_through(d):
        field_code(paragraph(d, "Kære {{ name }}"), " PAGE {% if person.greet %}")
        field_code(table(d, [["Hilsen {{ shared }}"]]).cell(0, 0).paragraphs[0], " PAGE {% endif %}")

    template = PreparedTemplate.from_bytes(docx_bytes(cut_through), "skåret.docx")
    contexts = [({"name": n, "person": {"greet": greet}, "shared": "KL"}, PROPS, n)
                for n, greet in (("Anne", True), ("Bo", True), ("Camilla", False), ("Dorthe", True))]
    both(template, contexts)
    renderer = template.renderer()
    renderer.render(*contexts[0][:2], record="Anne")
    with pytest.raises(RenderError, match="broken Word XML"):
        renderer.render(*contexts[2][:2], record="Camilla")


@pytest.mark.parametrize(("text", "shaped"), [
    ('<w:t xml:space="preserve">Stærke &amp; små &#34;børn&#39;</w:t>', True),
    ("<w:t>a &nbsp; b</w:t>", False),  # an entity XML does not know
    ("<w:t>&#1;</w:t>", False),  # a character XML cannot hold, by number
    ('<w:t xml:space="', False),  # a tag cut in two between pieces
    ("<w:t>a > b</w:t>", False),
    ("tekst uden tags", True),
    ("<w:t>a\x0bb</w:t>", False),  # a character XML cannot hold
    ('<w:p w:rsidR="\x030\x04">', False),  # an object's marker inside a tag: its text decides
], ids=["escaped", "entity", "number", "cut", "greater-than", "text", "illegal", "marker-in-tag"])
def test_a_text_has_a_shape_only_when_its_gaps_hold_nothing_but_sound_text(text, shaped):
    assert (Shapes().of_text(text, []) is not None) == shaped


@given(st.lists(st.sampled_from(["<w:t>", "</w:t>", '<w:p w:a="b c">', "<", ">", " ", "\t", "\r\n", "\xa0", "x",
                                  "&amp;", "&nbsp;", "\x01", "\x02", "\x0b"]) | st.characters(), max_size=24).map("".join))
def test_a_text_without_object_markers_gets_the_shape_it_gets_token_by_token(text):
    """The split that reads a text without markers at once gives the key the token-by-token reading gives."""
    assert shape_key(text, []) == _shape_key_by_token(text, [])


def test_texts_that_differ_only_in_their_text_have_one_shape_and_others_another():
    shapes = Shapes()
    first = shapes.of_text("<w:r><w:t>Anne</w:t></w:r>", [])
    assert shapes.of_text("<w:r><w:t>Bo &amp; Co</w:t></w:r>", []) == first
    assert shapes.of_text("<w:r><w:t></w:t></w:r>", []) != first  # text gone from between two tags
    assert shapes.of_text("<w:r><w:t>Anne</w:t></w:r> ", []) != first
    assert shapes.of_text("<w:r><w:t>Anne\x01</w:t></w:r>", []) != first  # a line break
    link, other = Link("https://kl.dk/a"), Link("mailto:x@kl.dk", "x")
    assert shapes.of_text("<w:t>\x030\x04</w:t>", [link]) == shapes.of_text("<w:t>\x030\x04</w:t>", [other])
    image = Image(PNG, 10, "Et billede")
    assert shapes.of_text("<w:t>\x030\x04</w:t>", [image]) != shapes.of_text("<w:t>\x030\x04</w:t>", [link])
    assert shapes.of_text(" <w:document/>", []) != shapes.of_text("\xa0<w:document/>", [])  # XML's spaces only
    assert shapes.of_parts([first, None]) is None
    assert shapes.of_parts([first, first]) == shapes.of_parts([first, first]) != first


def test_a_text_read_again_is_not_split_again_and_the_texts_kept_are_bounded(monkeypatch):
    from kldocs.engine import pieces

    split: list[str] = []
    original = pieces.shape_key
    monkeypatch.setattr(pieces, "shape_key", lambda text, registry: split.append(text) or original(text, registry))
    monkeypatch.setattr(pieces, "_MOST_CHARACTERS", 60)
    shapes = Shapes()
    anne, bo = "<w:r><w:t>Anne</w:t></w:r>", "<w:r><w:t>Bo &amp; Co</w:t></w:r>"
    assert shapes.of_text(anne, []) == shapes.of_text(anne, []) == shapes.of_text(bo, [])
    assert split == [anne, bo]
    assert shapes.of_text("<w:t>a > b</w:t>", []) is shapes.of_text("<w:t>a > b</w:t>", []) is None  # no shape, kept
    assert shapes.of_text(anne, []) == shapes.of_text(bo, [])  # past 60 characters: forgotten, read again alike
    assert split[2:] == ["<w:t>a > b</w:t>", anne, bo]
    link, image = Link("https://kl.dk/a"), Image(PNG, 10, "Et billede")
    marked = "<w:t>\x030\x04</w:t>"  # an object's kind is of the shape: such a text is read every time
    assert shapes.of_text(marked, [link]) != shapes.of_text(marked, [image])
    assert split.count(marked) == 2


def test_a_part_with_a_filter_block_is_rendered_whole_and_parsed_for_every_record():
    def filtered(d):  # a filter block over runs filters their markup: it may break the XML for one record only
        paragraph(d, "Kære {% filter truncate(90) %}{{ name }}", " og co{% endfilter %}, hilsen {{ shared }}")

    template = PreparedTemplate.from_bytes(docx_bytes(filtered), "filter.docx")
    (body,) = [c for c in template._compiled if c.part.kind == "body"]
    assert body.pieces is None
    long = "B" * 60  # no space to cut at but inside the tags
    contexts = [({"name": n, "shared": "KL"}, PROPS, n) for n in ("Anna", "Bo", "Bo & Co", "Åse")]
    both(template, contexts)
    renderer = template.renderer()
    renderer.render(*contexts[0][:2], record="Anna")
    with pytest.raises(RenderError, match="broken Word XML"):  # cut in a tag between the runs
        renderer.render({"name": long, "shared": "KL"}, PROPS, record=long)


@dataclasses.dataclass
class _Named:
    x: str


def _header_body_footer(d):
    paragraph(d, "Kære {{ a.x }}")
    header(d, "{{ a.x }}")
    footer(d, "{{ a.x }}")


def test_parts_whose_pieces_read_the_same_names_follow_an_object_that_changes():
    # the header, the body and the footer read the same keys: a piece settled in one part must not keep
    # another part's piece from being rendered again when the object changes (review 14)
    template = PreparedTemplate.from_bytes(docx_bytes(_header_body_footer), "delt.docx")
    renderer = template.renderer()
    props = CoreProperties("Brev", created=dt.datetime(2021, 6, 14))
    one, two = _Named("Anne"), _Named("Bo")
    for n, a in enumerate([one, one, one, two, two, one]):
        context = {"a": a}
        assert renderer.render(context, props, record=str(n)) == template.render(context, props, record=str(n)), n
