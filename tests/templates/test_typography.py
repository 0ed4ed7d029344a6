"""The bundled templates break pages as Word users expect: no lone headings, widows or torn table rows."""

import zipfile

import pytest
from kldocs.templates.build import HERE, builders
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KINDS = sorted(builders())


def xml(kind, name):
    with zipfile.ZipFile(HERE / f"{kind}.docx") as z:
        return etree.fromstring(z.read(name))


class Styles:
    """A template's paragraph styles, with properties resolved through w:basedOn and the document defaults."""

    def __init__(self, kind):
        root = xml(kind, "word/styles.xml")
        self.by_id = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
        self.defaults = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")

    def paragraph_styles(self):
        return [i for i, s in self.by_id.items() if s.get(f"{W}type") == "paragraph"]

    def has(self, style_id, prop):
        while style_id in self.by_id:
            style = self.by_id[style_id]
            found = style.find(f"{W}pPr/{W}{prop}")
            if found is not None:
                return found.get(f"{W}val", "1") not in ("0", "false")
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return self.defaults is not None and self.defaults.find(f"{W}{prop}") is not None


def text(element):
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def keeps_with_next(p, styles):
    if p.find(f"{W}pPr/{W}keepNext") is not None:
        return True
    style = p.find(f"{W}pPr/{W}pStyle")
    return styles.has(style.get(f"{W}val") if style is not None else "Normal", "keepNext")


def rows(table):
    """The table's rows that print: the {%tr %} rows are docxtpl's and disappear."""
    return [r for r in table.findall(f"{W}tr") if not text(r).startswith("{%tr")]


def table_with(kind, needle):
    return next(t for t in xml(kind, "word/document.xml").iter(f"{W}tbl") if needle in text(t))


@pytest.mark.parametrize("kind", KINDS)
def it_keeps_headings_with_the_next_paragraph(kind):
    styles = Styles(kind)
    for heading in ("Heading1", "Heading2", "Heading3"):
        assert styles.has(heading, "keepNext"), heading


@pytest.mark.parametrize("kind", KINDS)
def it_controls_widows_and_orphans_in_every_paragraph_style(kind):
    styles = Styles(kind)
    assert [s for s in styles.paragraph_styles() if not styles.has(s, "widowControl")] == []


@pytest.mark.parametrize("kind", KINDS)
def it_keeps_each_table_row_on_one_page(kind):
    for table in xml(kind, "word/document.xml").iter(f"{W}tbl"):
        for row in rows(table):
            assert row.find(f"{W}trPr/{W}cantSplit") is not None, text(row)


@pytest.mark.parametrize("kind", KINDS)
def it_puts_heading_rows_first_and_keeps_them_with_the_rows_below(kind):
    styles = Styles(kind)
    for table in xml(kind, "word/document.xml").iter(f"{W}tbl"):
        printed = rows(table)  # a group's label under the column headings may head it too (a row each, or none)
        heading = [row.find(f"{W}trPr/{W}tblHeader") is not None for row in printed]
        assert heading == sorted(heading, reverse=True), text(table)
        for row in printed[:sum(heading)]:
            assert all(keeps_with_next(p, styles) for p in row.iter(f"{W}p"))


@pytest.mark.parametrize(("kind", "heading"), [
    ("networks", "Netværk"), ("networks", "Kommune"), ("networks", "{{ program.focus_areas.word.singular|capfirst }}"),
    ("summary", "Netværk"),
])
def it_repeats_the_heading_row_of_the_network_tables_on_every_page(kind, heading):
    tables = [t for t in xml(kind, "word/document.xml").iter(f"{W}tbl") if text(t.find(f"{W}tr")).startswith(heading)]
    assert tables
    for table in tables:
        assert table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None


@pytest.mark.parametrize("kind", ["invitation", "agreement"])
def it_keeps_each_half_year_of_the_time_plan_with_its_first_milestone(kind):
    styles = Styles(kind)
    plan = table_with(kind, "{%tr for milestone in group.milestones %}")
    label = next(r for r in rows(plan) if text(r) == "{{ group.label }}")
    assert all(keeps_with_next(p, styles) for p in label.iter(f"{W}p"))


class DescribeTheAgreementsPriceTable:
    kind = "agreement"

    def it_stays_on_one_page_with_the_text_that_leads_into_it(self):
        styles = Styles(self.kind)
        body = list(xml(self.kind, "word/document.xml").find(f"{W}body"))
        table = next(t for t in body if "{%tr for line in invoice.lines %}" in text(t))
        tag, lead_in = body[body.index(table) - 1], body[body.index(table) - 2]
        assert text(tag) == "{%p if invoice.lines %}"  # a paragraph the rendering removes: the two stand together
        assert "{{ municipality.genitive }} pris for deltagelse" in text(lead_in)
        assert keeps_with_next(lead_in, styles)
        printed = rows(table)
        kept = [all(keeps_with_next(p, styles) for p in r.iter(f"{W}p")) for r in printed]
        # the last row of each branch (prices ex VAT, incl. VAT, with no VAT stated) ends the table
        assert [text(r) for r, k in zip(printed, kept, strict=True) if not k] == [
            "{{ invoice.total_text }}{{ invoice.money(invoice.total) }}",
            "{{ invoice.vat_text }}{{ invoice.money(invoice.vat) }}",
            "{{ invoice.total_text }}{{ invoice.money(invoice.total) }}",
        ]


@pytest.mark.parametrize("kind", ["meeting", "reminder"])
def it_keeps_the_sign_off_with_the_paragraph_before_it(kind):
    styles = Styles(kind)
    body = list(xml(kind, "word/document.xml").find(f"{W}body"))
    question = next(i for i, p in enumerate(body) if text(p).startswith("Har I spørgsmål"))
    sign_off = body[question + 1]  # the greeting, the name and the title: one paragraph, kept together
    assert text(sign_off).startswith("Med venlig hilsen") and sign_off.find(f"{W}pPr/{W}keepLines") is not None
    assert keeps_with_next(body[question], styles)


def it_keeps_the_meetings_last_paragraph_with_the_questions_and_sign_off():
    styles = Styles("meeting")  # a long table left the questions and the sign-off alone on page 2
    body = list(xml("meeting", "word/document.xml").find(f"{W}body"))
    question = next(i for i, p in enumerate(body) if text(p).startswith("Har I spørgsmål"))
    assert "Med invitationen følger en kalenderfil" in text(body[question - 1])
    assert keeps_with_next(body[question - 1], styles)


def it_aligns_the_network_overviews_distances_right_as_figures():
    table = table_with("networks", "Gennemsnitlig afstand til de andre")
    for row in rows(table):  # the heading and the row repeated for each member
        distance = row.findall(f"{W}tc")[2].find(f"{W}p")
        assert distance.find(f"{W}pPr/{W}jc").get(f"{W}val") == "right", text(row)
