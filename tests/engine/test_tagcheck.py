"""Template checks: every broken tag is found before anything is written, located by part, paragraph and text."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from docxfactory import W, docx_bytes, footer, header, hyperlink, paragraph, parts, table
from kldocs.engine.template import PreparedTemplate, check_template
from kldocs.errors import TemplateError


def problems_of(build, *, title: str = "") -> list[str]:
    try:
        PreparedTemplate.from_bytes(docx_bytes(build, title=title), "brev.docx")
    except TemplateError as exc:
        return exc.problems
    return []


def rezip(data: bytes, **replace: bytes) -> bytes:
    content = parts(data)
    content.update({k.replace("__", "/").replace("_xml", ".xml"): v for k, v in replace.items()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, value in content.items():
            archive.writestr(name, value)
    return buffer.getvalue()


def test_a_sound_template_has_no_problems():
    def build(d):
        paragraph(d, "Kære {{ name }}")
        paragraph(d, "{%p if x %}")
        paragraph(d, "{% for a in items %}{{ a }}{% if not loop.last %}, {% endif %}{% endfor %}")
        paragraph(d, "{%p else %}")
        paragraph(d, "{# a comment #}{% set y = 1 %}{{ y }}")
        paragraph(d, "{%p endif %}")
        table(d, [["{%tr for r in rows %}", ""], ["{{ r }}", "{{ loop.index }}"], ["{%tr endfor %}", ""]])
        header(d, "{{ name }}")
    assert problems_of(build) == []


@pytest.mark.parametrize(("data", "message"), [
    (b"not a zip at all", "brev.docx: is not a Word document (.docx): it is not a readable zip package"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "brev.docx: is an old-format (.doc) or password-protected"),
])
def test_a_file_that_is_not_a_word_document_is_named(data, message):
    with pytest.raises(TemplateError) as caught:
        PreparedTemplate.from_bytes(data, "brev.docx")
    assert caught.value.problems[0].startswith(message)


def test_an_excel_file_renamed_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(TemplateError, match="no main document part"):
        PreparedTemplate.from_bytes(buffer.getvalue(), "brev.docx")


def test_a_damaged_part_is_named():
    data = rezip(docx_bytes(lambda d: paragraph(d, "x")), word__document_xml=b"<w:document><w:body>")
    with pytest.raises(TemplateError) as caught:
        PreparedTemplate.from_bytes(data, "brev.docx")
    assert caught.value.problems[0].startswith("brev.docx: is damaged: its body (word/document.xml) is not well-formed")


def test_a_part_failing_its_checksum_is_damaged():
    data = bytearray(docx_bytes(lambda d: paragraph(d, "x")))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/styles.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 100] ^= 0xFF
    with pytest.raises(TemplateError, match="is damaged"):
        PreparedTemplate.from_bytes(bytes(data), "brev.docx")


def test_unclosed_tag_is_located_by_paragraph_number_and_text():
    def build(d):
        paragraph(d, "Indledning")
        paragraph(d, "Kære {{ navn")
    assert problems_of(build) == [
        "brev.docx, body, paragraph 2 (\"Kære {{ navn\"): the tag '{{ navn' is not closed in this paragraph "
        "(expected '}}')"
    ]


def test_a_closing_brace_without_opening_is_found():
    assert problems_of(lambda d: paragraph(d, "navn }} her")) == [
        "brev.docx, body, paragraph 1 (\"navn }} her\"): '}}' has no opening '{{' before it in this paragraph"
    ]


def test_jinja_syntax_errors_are_located():
    problems = problems_of(lambda d: paragraph(d, "Pris: {{ price | }}"))
    assert len(problems) == 1
    assert problems[0].startswith('brev.docx, body, paragraph 1 ("Pris: {{ price | }}"): the tag {{ price | }} '
                                  "is not valid:")


def test_unknown_filters_and_statements_are_found():
    problems = problems_of(lambda d: paragraph(d, "{{ x|penge }} {% include 'a.docx' %}"))
    assert "No filter named 'penge'" in problems[0]
    assert "'include', which kldocs templates do not support" in problems[1]


def test_curly_quotes_and_guillemets_inside_tags_are_found():
    problems = problems_of(lambda d: paragraph(d, "{{ “navn” }} og {% if x == »ja« %}ja{% endif %} og “citat”"))
    assert len(problems) == 2
    assert "holds the typographic quote “ ”" in problems[0]
    assert "holds the typographic quote « »" in problems[1]


def test_tag_broken_across_a_hyperlink_is_found():
    def build(d):
        para = paragraph(d, "Læs mere på {{ lin")
        hyperlink(para, "k }} her")
    assert problems_of(build) == [
        "brev.docx, body, paragraph 1 (\"Læs mere på {{ link }} her\"): the tag {{ link }} is broken across "
        "a hyperlink: part of it is inside, part outside; retype the whole tag inside or outside it"
    ]


def test_a_whole_tag_inside_a_hyperlink_is_fine():
    def build(d):
        para = paragraph(d, "Læs mere på ")
        hyperlink(para, "{{ link_text }}")
    assert problems_of(build) == []


def test_inline_block_ending_inside_a_hyperlink_is_found():
    def build(d):
        para = paragraph(d, "Se {% if x %}mere ")
        hyperlink(para, "her{% endif %}")
    [problem] = problems_of(build)
    assert "{% if x %} and {% endif %} are not both inside or both outside the same hyperlink" in problem


def test_paragraph_tag_paired_with_an_inline_end_is_found():
    def build(d):
        paragraph(d, "{%p if x %}")
        paragraph(d, "tekst")
        paragraph(d, "slut {% endif %}")
    assert problems_of(build) == [
        'brev.docx, body, paragraph 3 ("slut {% endif %}"): {% endif %} belongs to {%p if x %} (paragraph 1), '
        "which is a {%p %} tag; both ends of a block must use the same kind, e.g. {%p if … %} … {%p endif %} "
        "on paragraphs of their own"
    ]


def test_inline_block_across_paragraphs_is_found():
    def build(d):
        paragraph(d, "start {% for a in b %}")
        paragraph(d, "{{ a }}{% endfor %}")
    [problem] = problems_of(build)
    assert "paragraph 2" in problem and "closes the inline {% for a in b %} of paragraph 1" in problem


def test_blocks_closed_in_the_wrong_order_or_never_are_found():
    def build(d):
        paragraph(d, "{%p for a in b %}")
        paragraph(d, "{%p if a %}")
        paragraph(d, "{%p endfor %}")
        paragraph(d, "{% else %}")
    problems = problems_of(build)
    assert any("paragraph 3" in p and "{%p endfor %} cannot close or continue {%p if a %}" in p for p in problems)
    assert any("paragraph 4" in p and "{% else %} belongs to {%p for a in b %}" in p for p in problems)
    assert any("paragraph 1" in p and "is never closed with {%p endfor %}" in p for p in problems)


def test_paragraph_tag_sharing_its_paragraph_would_lose_text():
    def build(d):
        paragraph(d, "Vigtigt: {%p if x %}")
        paragraph(d, "{%p endif %}")
    [problem] = problems_of(build)
    assert problem.startswith('brev.docx, body, paragraph 1 ("Vigtigt: {%p if x %}"): the paragraph holding')
    assert '("Vigtigt:") would be lost' in problem


def test_row_tag_sharing_its_row_would_lose_text():
    def build(d):
        table(d, [["{%tr for r in rows %}", "Overskrift"], ["{{ r }}", ""], ["{%tr endfor %}", ""]])
    [problem] = problems_of(build)
    assert "paragraph 1" in problem and "the table row holding {%tr for r in rows %}" in problem
    assert '("Overskrift")' in problem


def test_row_tag_outside_a_table_is_found():
    [problem, *_] = problems_of(lambda d: (paragraph(d, "{%tr for r in rows %}"), paragraph(d, "{%tr endfor %}")))
    assert "is not inside a table row" in problem


def test_problems_in_header_footer_and_properties_are_all_reported_at_once():
    def build(d):
        paragraph(d, "{{ ok }}")
        paragraph(d, "{{ broken")
        header(d, "Sags ID {{ case ")
        footer(d, "Side {{ page|nope }}")
    problems = problems_of(build, title="{{ title ) }}")
    assert [p.split(":")[0] for p in problems] == [
        'brev.docx, body, paragraph 2 ("{{ broken")',
        'brev.docx, header 1, paragraph 1 ("Sags ID {{ case")',
        'brev.docx, footer 1, paragraph 1 ("Side {{ page|nope }}")',
        'brev.docx, document properties, title ("{{ title ) }}")',
    ]


def test_paragraphs_in_tables_count_in_document_order():
    def build(d):
        paragraph(d, "før")
        table(d, [["a", "b"], ["c", "{{ x"]])
    [problem] = problems_of(build)
    assert problem.startswith('brev.docx, body, paragraph 5 ("{{ x")')


def test_rich_text_tags_are_refused():
    [problem] = problems_of(lambda d: paragraph(d, "{{r x }}"))
    assert "docxtpl's '{{r …}}'" in problem


def test_footnotes_are_checked_and_rendered():
    data = docx_bytes(lambda d: paragraph(d, "x"))
    content = parts(data)
    footnotes = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:r><w:t>Kilde: {{{{ source }}}}'
                 "</w:t></w:r></w:p></w:footnote></w:footnotes>").encode()
    types = content["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.footnotes+xml"/></Types>')
    data = rezip(data, word__footnotes_xml=footnotes, **{"[Content_Types]_xml": types})
    prepared = PreparedTemplate.from_bytes(data, "brev.docx")
    assert prepared.variables == {"source"}
    broken = rezip(data, word__footnotes_xml=footnotes.replace(b"}}", b""))
    with pytest.raises(TemplateError, match=r"brev.docx, footnotes, paragraph 1"):
        PreparedTemplate.from_bytes(broken, "brev.docx")
    assert etree.fromstring(footnotes) is not None


def test_check_template_returns_the_problems_of_a_file(tmp_path):
    good = tmp_path / "god.docx"
    good.write_bytes(docx_bytes(lambda d: paragraph(d, "{{ x }}")))
    bad = tmp_path / "daarlig.docx"
    bad.write_bytes(docx_bytes(lambda d: paragraph(d, "{{ x")))
    assert check_template(good) == []
    assert check_template(bad)[0].startswith("daarlig.docx, body, paragraph 1")
