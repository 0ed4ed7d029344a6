"""The bundled Word templates: reproducible from their builders, in the house style."""

import re
import zipfile

import pytest
from kldocs.templates import housestyle
from kldocs.templates.build import HERE, build_all, builders
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COMPARED = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/settings.xml",
            "docProps/core.xml", "docProps/app.xml", "[Content_Types].xml", "word/_rels/document.xml.rels")


def parts(path):
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n in COMPARED or n.startswith(("word/header", "word/footer"))]
        return {n: etree.tostring(etree.fromstring(z.read(n)), method="c14n") for n in names}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    target = tmp_path_factory.mktemp("templates")
    build_all(target)
    return target


class DescribeBundledTemplates:
    def it_has_a_builder_for_the_invitation(self):
        assert "invitation" in builders()

    @pytest.mark.parametrize("kind", sorted(builders()))
    def it_ships_what_its_builder_makes(self, kind, rebuilt):
        committed, fresh = parts(HERE / f"{kind}.docx"), parts(rebuilt / f"{kind}.docx")
        assert sorted(committed) == sorted(fresh)
        for name in committed:
            assert committed[name] == fresh[name], (
                f"templates/{kind}.docx {name} differs from its builder; run python -m kldocs.templates.build"
            )

    def it_builds_the_same_bytes_every_time(self, tmp_path):
        first, second = tmp_path / "a", tmp_path / "b"
        first.mkdir()
        second.mkdir()
        build_all(first, ["invitation"])
        build_all(second, ["invitation"])
        assert (first / "invitation.docx").read_bytes() == (second / "invitation.docx").read_bytes()

    @pytest.mark.parametrize("kind", sorted(builders()))
    def it_names_kldocs_as_the_application(self, kind):
        # which version it names, the installed one, it_ships_what_its_builder_makes checks
        app = xml(HERE / f"{kind}.docx", "docProps/app.xml")
        ep = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
        assert app.findtext(f"{ep}Application") == "kldocs"
        assert re.fullmatch(r"\d\d\.\d{4}", app.findtext(f"{ep}AppVersion"))

    def it_writes_the_version_as_the_standard_prescribes(self):
        assert b"<AppVersion>01.0203</AppVersion>" in housestyle.app_properties("1.2.3")
        assert b"<AppVersion>00.1000</AppVersion>" in housestyle.app_properties("0.10.0.dev4")


def xml(path, name):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


class DescribeHouseStyle:
    path = HERE / "invitation.docx"

    def it_is_an_a4_page_with_room_for_the_letterhead_column(self):
        sect = xml(self.path, "word/document.xml").find(f"{W}body/{W}sectPr")
        size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
        body_right = 11906 - int(margins.get(f"{W}right"))
        assert body_right < housestyle.COLUMN_X

    def it_uses_a_font_debian_has_metrics_for(self):
        fonts = xml(self.path, "word/styles.xml").find(f"{W}docDefaults//{W}rFonts")
        assert fonts.get(f"{W}ascii") == fonts.get(f"{W}hAnsi") == "Arial"  # Liberation Sans in LibreOffice
        assert xml(self.path, "word/styles.xml").find(f"{W}docDefaults//{W}lang").get(f"{W}val") == "da-DK"

    def it_numbers_pages_with_word_fields_in_the_footer(self):
        with zipfile.ZipFile(self.path) as z:
            footer = etree.fromstring(z.read("word/footer1.xml"))
        codes = [t.text.strip() for t in footer.iter(f"{W}instrText")]
        assert codes == ["PAGE", "NUMPAGES"]
        text = "".join(t.text or "" for t in footer.iter(f"{W}t"))
        assert text == "Side 1 af 1"

    def it_puts_the_letterhead_column_in_the_header_of_every_page_but_the_first(self):
        header = xml(self.path, "word/header1.xml")
        text = "".join(t.text or "" for t in header.iter(f"{W}t"))
        for label in ("Dato: ", "Sags ID: ", "Dok. ID: ", "E-mail: ", "Direkte: ",
                      "program.sender.street", "program.sender.postbox", "program.sender.postal_line",
                      "program.sender.web"):
            assert label in text
        frames = {(f.get(f"{W}x"), f.get(f"{W}w")) for f in header.iter(f"{W}framePr")}
        assert frames == {(str(housestyle.COLUMN_X), str(housestyle.COLUMN_WIDTH))}
        sect = xml(self.path, "word/document.xml").find(f"{W}body/{W}sectPr")
        references = {r.get(f"{W}type"): r for r in sect.findall(f"{W}headerReference")}
        assert sorted(references) == ["default", "first"]
        assert sect.find(f"{W}titlePg") is not None

    def it_puts_the_column_of_the_first_page_in_its_text_where_a_screen_reader_reads_it(self):
        # A PDF marks a page's header as decoration; the first page's date, ids and sender are read out.
        document = xml(self.path, "word/document.xml")
        header = xml(self.path, "word/header1.xml")
        body = list(document.find(f"{W}body"))

        def framed(p):
            return p.find(f"{W}pPr/{W}framePr") is not None

        count = next(i for i, p in enumerate(body) if not framed(p))
        column = body[:count]
        assert [etree.tostring(p, method="c14n") for p in column] == [
            etree.tostring(p, method="c14n") for p in header.iter(f"{W}p") if framed(p)]
        anchor = body[count]  # the frames' own paragraph, so they are read before "Til", not after it
        assert "".join(t.text or "" for t in anchor.iter(f"{W}t")) == ""
        spacing = anchor.find(f"{W}pPr/{W}spacing")
        assert (spacing.get(f"{W}lineRule"), int(spacing.get(f"{W}line"))) == ("exact", 1)
        assert "".join(t.text or "" for t in body[count + 1].iter(f"{W}t")) == "Til"

    def it_gives_the_first_page_an_empty_header_and_the_footer_of_the_others(self):
        with zipfile.ZipFile(self.path) as z:
            rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
            targets = {r.get("Id"): "word/" + r.get("Target") for r in rels}
            sect = etree.fromstring(z.read("word/document.xml")).find(f"{W}body/{W}sectPr")
            R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

            def part(kind, type_):
                ref = next(r for r in sect.findall(f"{W}{kind}Reference") if r.get(f"{W}type") == type_)
                return etree.fromstring(z.read(targets[ref.get(R)]))

            first = part("header", "first")
            assert "".join(t.text or "" for t in first.iter(f"{W}t")) == ""
            footers = [etree.tostring(part("footer", t), method="c14n") for t in ("default", "first")]
        assert footers[0] == footers[1]
        assert b"NUMPAGES" in footers[1]

    def it_defines_the_styles_the_helpers_use(self):
        styles = xml(self.path, "word/styles.xml")
        names = {s.find(f"{W}name").get(f"{W}val") for s in styles.iter(f"{W}style")}
        for name in ("Normal", "heading 1", "heading 2", "heading 3", housestyle.LEAD, housestyle.ADDRESS,
                     housestyle.BULLET, housestyle.TABLE_TEXT, housestyle.TABLE_STYLE, housestyle.HYPERLINK):
            assert name in names
        assert "Title" not in names  # python-docx's sample styles are gone


class DescribeHelpers:
    def it_wraps_optional_content_in_paragraph_tags(self, tmp_path):
        doc = housestyle.new_document("Test", letterhead=False)
        with housestyle.only_if(doc, "x.text"):
            housestyle.heading(doc, "{{ x.heading }}", optional="x.heading")
        texts = [p.text for p in doc.paragraphs]
        assert texts == ["{%p if x.text %}", "{%p if x.heading %}", "{{ x.heading }}", "{%p endif %}", "{%p endif %}"]
        assert doc.paragraphs[2].style.name == housestyle.HEADING  # the running text's loop: tests/documents/test_rich_text.py

    def it_writes_table_loops_as_row_tags(self):
        doc = housestyle.new_document("Test", letterhead=False)
        t = housestyle.table(doc, [4, 8])
        housestyle.tag_row(t, "for g in groups")
        housestyle.row(t, ["{{ g.label }}"], bold=True, shaded=True)
        housestyle.row(t, ["{{ a }}", "{{ b }}"])
        housestyle.tag_row(t, "endfor")
        assert [[c.text for c in r.cells] for r in t.rows] == [
            ["{%tr for g in groups %}", ""], ["{{ g.label }}", "{{ g.label }}"],
            ["{{ a }}", "{{ b }}"], ["{%tr endfor %}", ""],
        ]
        assert t.rows[1].cells[0].paragraphs[0].runs[0].bold
