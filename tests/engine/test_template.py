"""The document engine: a template prepared once renders any record safely, strictly and reproducibly."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile
from typing import Any

import docx
import pytest
from docxtpl import DocxTemplate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docxfactory import (
    W,
    docx_bytes,
    footer,
    header,
    paragraph,
    parts,
    strict_parse_all,
    table,
    text,
    text_lines,
)
from kldocs.engine.cleantext import one_line, xml_text
from kldocs.engine.inline import hyperlink_rpr
from kldocs.engine.template import CoreProperties, Image, Link, PreparedTemplate
from kldocs.errors import RenderError, TemplateError

PROPS = CoreProperties("Stærke børnefællesskaber", created=dt.datetime(2021, 6, 14, 9, 30),
                       subject="Invitation", keywords="partnerskab; dagtilbud", author="KL")

# a 3×2 pixel PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEklEQVR4nGP4z8DAwMDAwMAAAB3uAf8Ikp0iAAAAAElFTkSuQmCC"
)


def letter(d):
    paragraph(d, "Kære {{ name }}", style="Heading 1")
    paragraph(d, "{%p if show %}")
    paragraph(d, "Vist: {{ value }}")
    paragraph(d, "{%p endif %}")
    table(d, [["Navn", "Værdi"], ["{%tr for r in rows %}", ""], ["{{ r.a }}", "{{ r.b }}"], ["{%tr endfor %}", ""]])
    paragraph(d, "Hilsen {{ sender }}")
    header(d, "Sags ID: {{ case }}")
    footer(d, "{{ name }} – side")


CONTEXT = {
    "name": "Lolland & Falster",
    "show": True,
    "value": "a <b> c",
    "rows": [{"a": "1", "b": "x"}, {"a": "2", "b": "y"}],
    "sender": "KL's \"Center\"",
    "case": "21/12345",
}


@pytest.fixture(scope="module")
def prepared() -> PreparedTemplate:
    return PreparedTemplate.from_bytes(docx_bytes(letter), "brev.docx")


def test_knows_every_variable_its_parts_use(prepared):
    assert prepared.variables == {"name", "show", "value", "rows", "sender", "case"}
    assert prepared.name == "brev.docx"


def test_renders_body_table_header_and_footer(prepared):
    out = prepared.render(CONTEXT, PROPS)
    assert text_lines(out) == [
        "Kære Lolland & Falster", "Vist: a <b> c", "Navn", "Værdi", "1", "x", "2", "y",
        "Hilsen KL's \"Center\"", "Sags ID: 21/12345", "Lolland & Falster – side",
    ]
    document = docx.Document(io.BytesIO(out))
    assert document.paragraphs[0].style.name == "Heading 1"


def test_output_text_matches_plain_docxtpl(prepared, tmp_path):
    source = tmp_path / "brev.docx"
    source.write_bytes(docx_bytes(letter))
    plain = DocxTemplate(source)
    plain.render(CONTEXT, autoescape=True)
    plain.save(tmp_path / "plain.docx")
    assert text_lines(prepared.render(CONTEXT, PROPS)) == text_lines((tmp_path / "plain.docx").read_bytes())


def test_same_inputs_give_identical_bytes(prepared):
    first = prepared.render(CONTEXT, PROPS)
    again = PreparedTemplate.from_bytes(docx_bytes(letter), "brev.docx").render(dict(CONTEXT), PROPS)
    assert first == again


def test_unchanged_parts_are_copied_byte_for_byte(prepared):
    template = parts(docx_bytes(letter))
    out = parts(prepared.render(CONTEXT, PROPS))
    assert out["word/styles.xml"] == template["word/styles.xml"]
    assert out.keys() == template.keys()
    with zipfile.ZipFile(io.BytesIO(prepared.render(CONTEXT, PROPS))) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_core_properties_come_from_the_programme_not_the_clock(prepared):
    document = docx.Document(io.BytesIO(prepared.render(CONTEXT, PROPS)))
    core = document.core_properties
    assert core.title == "Stærke børnefællesskaber"
    assert core.subject == "Invitation"
    assert core.keywords == "partnerskab; dagtilbud"
    assert core.author == "KL"
    assert core.language == "da-DK"
    assert core.created == core.modified == dt.datetime(2021, 6, 14, 9, 30, tzinfo=dt.UTC)
    assert core.revision == 1


def test_tags_in_a_templates_own_title_are_rendered_and_escaped_once():
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "x"), title="Aftale – {{ name }}"),
                                           "t.docx")
    assert prepared.variables == {"name"}
    out = prepared.render({"name": "Lolland & Falster <Syd>"}, PROPS)
    assert docx.Document(io.BytesIO(out)).core_properties.title == "Aftale – Lolland & Falster <Syd>"
    assert b"&amp;amp;" not in parts(out)["docProps/core.xml"]


def test_values_are_escaped_so_nothing_is_lost(prepared):
    out = prepared.render({**CONTEXT, "value": "a <b> c & </w:t></w:r></w:p>"}, PROPS)
    strict_parse_all(out)
    assert "Vist: a <b> c & </w:t></w:r></w:p>" in text_lines(out)


def test_newlines_become_line_breaks_and_tabs_stay_tabs(prepared):
    out = prepared.render({**CONTEXT, "value": "første\r\nanden\rtredje\n\tfjerde"}, PROPS)
    body = parts(out)["word/document.xml"].decode()
    assert "<w:br/>" in body and "<w:tab/>" in body
    assert "Vist: første\nanden\ntredje\n\tfjerde" in text_lines(out)


def test_control_characters_and_lone_surrogates_are_removed(prepared):
    out = prepared.render({**CONTEXT, "value": "a\x00b\x1fc\ud800d\ufffee\x0bf"}, PROPS)
    strict_parse_all(out)
    assert "Vist: abcde\nf" in text_lines(out)


def test_tags_in_data_are_never_evaluated(prepared):
    nasty = "{{ 7*7 }} {% for x in range(3) %}{{ x }}{% endfor %} {{ cycler.__init__.__globals__ }}"
    out = prepared.render({**CONTEXT, "value": nasty}, PROPS)
    assert f"Vist: {nasty}" in text_lines(out)
    assert "49" not in text(out)


def test_none_prints_nothing_and_numbers_print_as_text(prepared):
    out = prepared.render({**CONTEXT, "value": None, "case": 42}, PROPS)
    assert "Vist: " in text_lines(out)
    assert "Sags ID: 42" in text_lines(out)


def test_sandbox_escape_is_refused_before_anything_runs(tmp_path):
    marker = tmp_path / "pwned"
    attack = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    with pytest.raises(TemplateError) as caught:
        PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, attack)), "angreb.docx")
    assert "angreb.docx, body, paragraph 1" in str(caught.value)
    assert "Python internals" in str(caught.value)
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["{% filter striptags %}{{ x }}{% endfilter %}",
                                 "{% filter string %}{{ x }}{% endfilter %}",
                                 "{% filter trim %}{{ x }}{% endfilter %}"])
def test_what_a_filter_block_prints_is_text_whatever_the_data_holds(tag):
    # striptags unescapes: Jinja printed its result as it was, so markup in the data reached the XML
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, tag)), "t.docx")
    out = prepared.render({"x": "A <w:br/> &amp; B"}, PROPS)
    assert b"<w:br/>" not in parts(out)["word/document.xml"]
    assert text_lines(out) == ["A <w:br/> &amp; B"]


@pytest.mark.parametrize("use", ["upper", "lower", "title", "capitalize", "truncate(9)", "replace('a', 'o')",
                                 "replace('&', 'og')", "replace('a', y|e)", "truncate(9, end=y|e)", "wordwrap(4)",
                                 "center(30)", "trim"])
def test_a_filter_block_filters_the_data_as_the_filter_of_a_value_does(use):
    # the block's filter sees the escaped text: 'upper' made '&amp;' the '&AMP;' XML does not know, 'title' printed
    # it escaped twice, 'truncate' cut it in two
    data = {"x": 'Bo & <unge> "æ" &amp; a bb', "y": "&"}
    block = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, f"{{% filter {use} %}}{{{{ x }}}}"
                                                                          "{% endfilter %}")), "t.docx")
    value = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, f"{{{{ x|{use} }}}}")), "t.docx")
    printed = [parts(t.render(data, PROPS))["word/document.xml"] for t in (block, value)]
    assert printed[0] == printed[1]


def test_an_ampersand_in_a_tag_is_the_character_written():
    # Word keeps '&' as '&amp;' in its XML; docxtpl gives a tag its '<' and '>' back, not its '&'
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "{{ x|replace('&', 'og') }} {{ '&' }}")),
                                           "t.docx")
    assert text_lines(prepared.render({"x": "Bo & Co"}, PROPS)) == ["Bo og Co &"]


def test_a_filter_block_keeps_the_line_breaks_tabs_and_links_printed_inside_it():
    tag = "{% filter upper %}{{ x }}{% endfilter %} {% filter trim %} {{ link }} {% endfilter %}"
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, tag)), "t.docx")
    out = prepared.render({"x": "a\nb\tc", "link": Link("https://kl.dk", "KL")}, PROPS)
    body = parts(out)["word/document.xml"].decode()
    assert "<w:br/>" in body and "<w:tab/>" in body and "<w:hyperlink" in body
    assert docx.Document(io.BytesIO(out)).paragraphs[0].hyperlinks[0].url == "https://kl.dk"


def test_sandbox_blocks_internals_reached_through_data_at_render_time():
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "{{ obj[key] }}")), "t.docx")
    with pytest.raises(RenderError, match=r"t\.docx, body, rec"):
        prepared.render({"obj": "x", "key": "__class__"}, PROPS, record="rec")


def test_split_tag_over_several_runs_renders_like_one_tag():
    def split(d):
        para = d.add_paragraph()
        for piece, bold in [("Kære {", False), ("{ na", True), ("me", False), (" }", True), ("}!", False)]:
            para.add_run(piece).bold = bold
        proof = etree.Element(f"{{{W}}}proofErr", {f"{{{W}}}type": "spellStart"})
        para._p.insert(2, proof)  # Word's spelling marks sit between the runs of a tag
    prepared = PreparedTemplate.from_bytes(docx_bytes(split), "split.docx")
    assert prepared.variables == {"name"}
    assert text_lines(prepared.render({"name": "Aabenraa"}, PROPS)) == ["Kære Aabenraa!"]


def test_rendering_that_would_break_words_xml_is_an_error_not_a_corrupt_file():
    def field_code(para, code):  # tags in field codes are rendered too, but only the text is checked
        etree.SubElement(etree.SubElement(para._p, f"{{{W}}}r"), f"{{{W}}}instrText").text = code

    def build(d):
        field_code(paragraph(d, "a"), " PAGE {% if x %}")
        field_code(table(d, [["b"]]).cell(0, 0).paragraphs[0], " PAGE {% endif %}")
    prepared = PreparedTemplate.from_bytes(docx_bytes(build), "felt.docx")
    assert text_lines(prepared.render({"x": True}, PROPS)) == ["a", "b"]
    with pytest.raises(RenderError, match=r"felt\.docx, body, r: rendering gave broken Word XML"):
        prepared.render({"x": False}, PROPS, record="r")


def test_broken_xml_is_refused_also_where_column_loops_let_docxtpl_repair_tables():
    def field_code(para, code):
        etree.SubElement(etree.SubElement(para._p, f"{{{W}}}r"), f"{{{W}}}instrText").text = code

    def build(d):
        field_code(paragraph(d, "a"), " PAGE {% if x %}")
        grid = table(d, [["{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}", "b"]])
        field_code(grid.cell(0, 3).paragraphs[0], " PAGE {% endif %}")
    prepared = PreparedTemplate.from_bytes(docx_bytes(build), "kolonner.docx")
    assert "1" in text_lines(prepared.render({"x": True, "cols": ["1"]}, PROPS))
    with pytest.raises(RenderError, match=r"kolonner\.docx, body, r: rendering gave broken Word XML"):
        prepared.render({"x": False, "cols": ["1"]}, PROPS, record="r")


def test_literal_braces_written_docxtpl_style_stay_literal():
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "{_{ x }_} {{ y }}")), "t.docx")
    assert text_lines(prepared.render({"y": "{_{ data }_}"}, PROPS)) == ["{{ x }} {_{ data }_}"]


def test_check_context_names_the_missing_variable_and_the_record(prepared):
    context = {k: v for k, v in CONTEXT.items() if k != "case"}
    with pytest.raises(RenderError) as caught:
        prepared.check_context(context, "0101 København")
    assert caught.value.problems == [
        "brev.docx, 0101 København: the template uses 'case', which the data of this record does not have"
    ]
    prepared.check_context(CONTEXT, "0101 København")


def test_a_missing_attribute_is_an_error_never_a_blank(prepared):
    with pytest.raises(RenderError, match=r"brev.docx, body, 0147 Frederiksberg: a value the template uses is missing"):
        prepared.render({**CONTEXT, "rows": [{"a": "1"}]}, PROPS, record="0147 Frederiksberg")


def test_names_guarded_by_is_defined_are_optional():
    prepared = PreparedTemplate.from_bytes(
        docx_bytes(lambda d: paragraph(d, "{% if note is defined %}{{ note }}{% endif %}{{ x }}")), "t.docx")
    assert prepared.required == {"x"}
    prepared.check_context({"x": 1}, "r")
    assert text_lines(prepared.render({"x": 1}, PROPS)) == ["1"]


def test_danish_filters_are_available():
    prepared = PreparedTemplate.from_bytes(
        docx_bytes(lambda d: paragraph(d, "{{ price|money }} inden {{ deadline|date }}, {{ names|and_list }}")),
        "t.docx")
    out = prepared.render({"price": 55000, "deadline": dt.date(2021, 6, 14), "names": ["Aarhus", "Ærø"]}, PROPS)
    assert text_lines(out) == ["55.000 kr. inden 14. juni 2021, Aarhus og Ærø"]


def test_a_filter_given_the_wrong_kind_of_value_is_a_render_error():
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "{{ price|money }}")), "t.docx")
    with pytest.raises(RenderError, match=r"t\.docx, body, r1: a value does not suit the template"):
        prepared.render({"price": "mange penge"}, PROPS, record="r1")


def test_filters_that_print_raw_markup_are_not_available():
    with pytest.raises(TemplateError, match="No filter named 'safe'"):
        PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "{{ x|safe }}")), "t.docx")


def test_image_is_placed_inline_with_alt_text_and_width():
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "Figur: {{ chart }} slut")), "t.docx")
    out = prepared.render({"chart": Image(PNG, 60, "Søjler & tal")}, PROPS)
    strict_parse_all(out)
    content = parts(out)
    assert content["word/media/kldocs-image1.png"] == PNG
    assert b'Extension="png"' in content["[Content_Types].xml"]
    body = content["word/document.xml"].decode()
    assert 'descr="Søjler &amp; tal"' in body
    assert '<wp:extent cx="2160000" cy="1440000"/>' in body
    rels = content["word/_rels/document.xml.rels"].decode()
    assert 'Target="media/kldocs-image1.png"' in rels
    document = docx.Document(io.BytesIO(out))
    assert len(document.inline_shapes) == 1
    assert round(document.inline_shapes[0].width.mm) == 60
    assert prepared.render({"chart": Image(PNG, 60, "Søjler & tal")}, PROPS) == out


def jpeg(size: tuple[int, int], progressive: bool = False) -> bytes:
    from PIL import Image as PillowImage

    out = io.BytesIO()
    PillowImage.new("RGB", size, (10, 120, 90)).save(out, format="JPEG", progressive=progressive)
    return out.getvalue()


@pytest.mark.parametrize("progressive", [False, True])
def test_a_jpeg_photo_is_stored_as_the_jpeg_it_is(progressive):
    photo = jpeg((300, 200), progressive)
    assert Image(photo, 60, "Foto").pixels == (300, 200)
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "{{ photo }} {{ chart }}")), "t.docx")
    out = prepared.render({"photo": Image(photo, 60, "Foto"), "chart": Image(PNG, 30, "Figur")}, PROPS)
    strict_parse_all(out)
    content = parts(out)
    media = {name.rsplit(".", 1)[1]: data for name, data in content.items() if name.startswith("word/media/")}
    assert media == {"jpeg": photo, "png": PNG}
    types = content["[Content_Types].xml"].decode()
    assert types.count('Extension="jpeg"') == 1 and types.count('Extension="png"') == 1
    shapes = docx.Document(io.BytesIO(out)).inline_shapes
    assert [(round(s.width.mm), round(s.height.mm)) for s in shapes] == [(60, 40), (30, 20)]


def test_pictures_that_are_neither_png_nor_jpeg_or_have_no_size_are_refused():
    with pytest.raises(ValueError, match="must be a PNG or JPEG picture"):
        Image(b"GIF89a" + bytes(20), 10, "x")
    with pytest.raises(ValueError, match="JPEG whose size cannot be read"):
        Image(b"\xff\xd8\xff\xe0\x00\x04ab\xff\xda\x00\x02", 10, "x")
    with pytest.raises(ValueError, match="JPEG whose size cannot be read"):
        Image(b"\xff\xd8\xff", 10, "x")


def test_image_in_header_gets_a_relationship_of_the_header():
    def build(d):
        paragraph(d, "x")
        header(d, "{{ logo }}")
    prepared = PreparedTemplate.from_bytes(docx_bytes(build), "t.docx")
    out = prepared.render({"logo": Image(PNG, 20, "Logo")}, PROPS)
    strict_parse_all(out)
    content = parts(out)
    assert b"kldocs-image1.png" in content["word/_rels/header1.xml.rels"]
    assert b"<w:drawing>" in content["word/header1.xml"]


def test_link_is_a_clickable_hyperlink_with_visible_text():
    def build(d):
        para = d.add_paragraph()
        para.add_run("Tilmeld jer her: {{ link }} senest").italic = True
    prepared = PreparedTemplate.from_bytes(docx_bytes(build), "t.docx")
    out = prepared.render({"link": Link("https://kl.dk/tilmelding?id=1&x=2", "tilmeldingen")}, PROPS)
    strict_parse_all(out)
    content = parts(out)
    rels = etree.fromstring(content["word/_rels/document.xml.rels"])
    hyperlinks = [r for r in rels if r.get("TargetMode") == "External"]
    assert [r.get("Target") for r in hyperlinks] == ["https://kl.dk/tilmelding?id=1&x=2"]
    body = content["word/document.xml"].decode()
    assert f'<w:hyperlink r:id="{hyperlinks[0].get("Id")}"' in body
    assert text_lines(out) == ["Tilmeld jer her: tilmeldingen senest"]
    paragraph_ = docx.Document(io.BytesIO(out)).paragraphs[0]
    assert [h.url for h in paragraph_.hyperlinks] == ["https://kl.dk/tilmelding?id=1&x=2"]
    assert all(run.italic for run in paragraph_.runs)
    assert body.count("<w:rPr><w:rPr>") == 0 and "<w:rPr><w:i/></w:rPr>" in body


@pytest.mark.parametrize("run_rpr, expected", [
    ("", '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'),
    ("<w:rPr/>", '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'),
    ('<w:rPr><w:b/><w:color w:val="FF0000"/><w:sz w:val="20"/><w:rFonts w:ascii="Arial"/></w:rPr>',
     '<w:rPr><w:rFonts w:ascii="Arial"/><w:b/><w:color w:val="0563C1"/><w:sz w:val="20"/><w:u w:val="single"/>'
     "</w:rPr>"),
])
def test_link_text_keeps_the_runs_properties_in_schema_order_never_nested(run_rpr, expected):
    assert hyperlink_rpr(run_rpr, styled=False) == expected


def test_new_relationships_and_pictures_never_reuse_names_the_template_has():
    data = docx_bytes(lambda d: (paragraph(d, "{{ chart }} {{ link }}"),
                                 d.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(PNG))))
    content = parts(data)
    content["word/_rels/document.xml.rels"] = content["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdKl1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/hyperlink" Target="https://old.dk" TargetMode="External"/></Relationships>')
    content["word/media/kldocs-image1.png"] = PNG
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, value in content.items():
            archive.writestr(name, value)
    prepared = PreparedTemplate.from_bytes(buffer.getvalue(), "t.docx")
    out = parts(prepared.render({"chart": Image(PNG, 30, "x"), "link": Link("https://kl.dk")}, PROPS))
    ids = [r.get("Id") for r in etree.fromstring(out["word/_rels/document.xml.rels"])]
    assert len(ids) == len(set(ids))
    assert len([n for n in out if n.startswith("word/media/")]) == 3
    drawing_ids = re.findall(rb'<wp:docPr id="(\d+)"', out["word/document.xml"] + out["word/header1.xml"])
    assert len(drawing_ids) == len(set(drawing_ids)) == 2


def _looped_picture(d: Any, placed: bool) -> None:
    paragraph(d, "{%p for n in names %}")
    para = paragraph(d, "{{ n }} ")
    para.add_run().add_picture(io.BytesIO(PNG))
    paragraph(d, "{%p endfor %}")
    if placed:
        paragraph(d, "{{ chart }}")


@pytest.mark.parametrize("placed", [False, True], ids=["alone", "beside a picture placed"])
def test_a_picture_the_template_holds_in_a_loop_gets_an_id_of_its_own_in_every_pass_batch_or_not(placed):
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: _looped_picture(d, placed)), "t.docx")
    renderer = prepared.renderer()
    for names in (["Aarhus", "Odense", "Vejle"], ["Aarhus", "Odense", "Vejle"], ["Køge"]):
        context = {"names": names, "chart": Image(PNG, 30, "x")}
        data = prepared.render(context, PROPS)
        assert renderer.render(context, PROPS) == data
        ids = re.findall(rb'<wp:docPr id="(\d+)"', parts(data)["word/document.xml"])
        assert len(ids) == len(set(ids)) == len(names) + placed


def test_link_without_text_shows_its_address_and_bad_addresses_are_refused():
    assert Link("mailto:a@kl.dk").shown == "a@kl.dk"  # an e-mail address reads as one
    assert Link("MAILTO:a@kl.dk").shown == "a@kl.dk" and Link("https://kl.dk").shown == "https://kl.dk"
    with pytest.raises(ValueError):
        Link("javascript:alert(1)")
    with pytest.raises(ValueError):
        Image(b"GIF89a", 10, "x")


def test_a_word_template_dotx_renders_as_a_document():
    data = docx_bytes(lambda d: paragraph(d, "{{ x }}"))
    archive = parts(data)
    archive["[Content_Types].xml"] = archive["[Content_Types].xml"].replace(
        b"document.main+xml", b"template.main+xml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, content in archive.items():
            z.writestr(name, content)
    out = PreparedTemplate.from_bytes(buffer.getvalue(), "t.dotx").render({"x": "ok"}, PROPS)
    assert b"document.main+xml" in parts(out)["[Content_Types].xml"]
    assert text_lines(out) == ["ok"]


def test_load_reads_a_file(tmp_path):
    path = tmp_path / "mit.docx"
    path.write_bytes(docx_bytes(lambda d: paragraph(d, "{{ x }}")))
    assert PreparedTemplate.load(path).name == "mit.docx"
    with pytest.raises(TemplateError, match="cannot be read"):
        PreparedTemplate.load(tmp_path / "mangler.docx")


# -- property: any text in every field gives a valid document with that text ----------------------

NASTY = st.sampled_from([
    "&", "<", ">", '"', "'", "\n", "\t", "\r", "\r\n", "\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f",
    "\ud800", "\udfff", "\ufffe", "\uffff", "{{ x }}", "{%p endif %}", "{% if %}", "{#", "]]>", "&amp;",
    "</w:t>", "<w:br/>", "æøå ÆØÅ", "\u2028", "\U0001f600", " ", "  ",
])
VALUE = st.lists(st.one_of(st.text(max_size=8), NASTY), max_size=8).map("".join)


def every_field(d):
    paragraph(d, "A: {{ a }}")
    paragraph(d, "B: {{ b }} og {{ a }}")
    table(d, [["{%tr for r in rows %}", ""], ["{{ r.x }}", "{{ r.y }}"], ["{%tr endfor %}", ""]])
    header(d, "H: {{ h }}")
    footer(d, "F: {{ f }}")


@pytest.fixture(scope="module")
def every_field_template() -> PreparedTemplate:
    return PreparedTemplate.from_bytes(docx_bytes(every_field, title="T: {{ t }}"), "alt.docx")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=VALUE, b=VALUE, h=VALUE, f=VALUE, t=VALUE, rows=st.lists(st.tuples(VALUE, VALUE), max_size=3))
def test_any_text_in_every_field_gives_a_valid_document_with_that_text(every_field_template, a, b, h, f, t, rows):
    context = {"a": a, "b": b, "h": h, "f": f, "t": t, "rows": [{"x": x, "y": y} for x, y in rows]}
    out = every_field_template.render(context, PROPS)
    strict_parse_all(out)
    c = xml_text
    expected = [f"A: {c(a)}", f"B: {c(b)} og {c(a)}"]
    for x, y in rows:
        expected += [c(x), c(y)]
    assert text_lines(out) == [*expected, f"H: {c(h)}", f"F: {c(f)}"]
    title = etree.fromstring(parts(out)["docProps/core.xml"]).find("{http://purl.org/dc/elements/1.1/}title")
    assert (title.text or "") == one_line(f"T: {t}")  # a document property holds one line
