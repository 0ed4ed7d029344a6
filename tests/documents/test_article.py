"""The web article: one well-formed, self-contained HTML page and Markdown, every value escaped."""

import base64
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from conftest import EXAMPLE_DIR
from docxfactory import as_read
from kldocs.documents.summary.article import (
    HTML_FILE,
    MARKDOWN_FILE,
    md_escape,
    render_html,
    render_markdown,
    web_files,
)
from kldocs.documents.summary.facts import NetworkView, Summary, build_summary, compose
from kldocs.errors import InputError
from kldocs.inputs.folder import Folder
from kldocs.inputs.results import RESULTS_FILE


def networks(folder, program, registrations):
    members = registrations.municipalities
    return (NetworkView("Netværk 1", members[:12], program.focus_areas.catalogue[:3]),
            NetworkView("Netværk 2", members[12:], program.focus_areas.catalogue[3:6]))


@pytest.fixture(scope="module")
def summary() -> Summary:
    folder = Folder(EXAMPLE_DIR)
    return compose(folder.program, folder.registrations, folder.results, networks(EXAMPLE_DIR, folder.program, folder.registrations))


@pytest.fixture(scope="module")
def page(summary):
    return ET.fromstring(render_html(summary))


def text(element) -> str:
    return "".join(element.itertext())


HOSTILE = 'Børn & <unge> "i" \'fokus\' {{ 7*7 }} *fed* [x](javascript:alert(1)) </p><script>x</script>'


@pytest.fixture
def hostile(example_copy) -> Summary:
    """The example with values that mean something in HTML, Markdown and Jinja."""
    path = example_copy / RESULTS_FILE
    content = path.read_text(encoding="utf-8")
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    content = content.replace("date: 2022-04-05", f'date: 2022-04-05\ntitle: "{quoted}"', 1)
    content = content.replace("name: Anne Bust", 'name: "Anne Bust # - 1."', 1)
    content = content.replace("- heading: Anbefalinger fra partnerskabet", f'- heading: "{quoted}"', 1)
    path.write_text(content, encoding="utf-8")
    return build_summary(Folder(example_copy), networks=False)


class DescribeTheHtmlPage:
    def it_is_well_formed(self, summary):
        etree.fromstring(render_html(summary).encode("utf-8"), etree.XMLParser(resolve_entities=False))

    def it_is_danish(self, page):
        assert page.tag == "html"
        assert page.get("lang") == "da"
        assert page.find("head/meta").get("charset") == "utf-8"

    def it_has_one_h1_with_the_title(self, page, summary):
        (h1,) = page.iter("h1")
        assert text(h1) == summary.title
        assert text(page.find("head/title")) == summary.title

    def it_heads_each_section_with_an_h2(self, page, summary):
        h2 = [text(h) for h in page.iter("h2")]
        assert h2 == ["Kommunerne i partnerskabet", "Det har kommunerne arbejdet med",
                      *[s.heading for s in summary.sections], "Det videre arbejde", "Kontakt"]

    def it_puts_every_image_in_a_figure_with_alt_text(self, page):
        figures = [f for f in page.iter("figure") if f.find("img") is not None]
        assert len(figures) == 3
        for figure in figures:
            assert figure.find("img").get("alt").strip()
            assert text(figure.find("figcaption")).strip()

    def it_carries_the_alt_texts_of_charts_and_photos(self, page, summary):
        alts = [img.get("alt") for img in page.iter("img")]
        photo = next(b.picture for s in summary.sections for b in s.blocks if b.picture)
        assert alts == [summary.region_chart.alt, summary.focus_chart.alt, photo.alt]

    def it_embeds_the_images_themselves(self, page, summary):
        sources = [img.get("src") for img in page.iter("img")]
        assert all(s.startswith("data:") for s in sources)
        decoded = [base64.b64decode(s.split(",", 1)[1]) for s in sources]
        photo = next(b.picture for s in summary.sections for b in s.blocks if b.picture)
        assert decoded == [summary.region_chart.png, summary.focus_chart.png, photo.data]
        assert sources[2].startswith("data:image/jpeg;base64,")

    def it_refers_to_nothing_outside_itself(self, page):
        assert not [e for e in page.iter() if e.tag in ("link", "script", "iframe", "object")]
        assert all(a.get("href").startswith(("https://", "mailto:")) for a in page.iter("a"))

    def it_credits_the_photo(self, page):
        credits = [text(s) for s in page.iter("span") if s.get("class") == "credit"]
        assert credits == ["Illustration: kldocs"]
        (photo,) = [f for f in page.iter("figure") if f.get("class") == "photo"]
        assert text(photo.find("figcaption")) == ("Stærke børnefællesskaber har plads til alle børn. "
                                                  "Illustration: kldocs")  # apart without the page's style too

    def it_quotes_with_name_and_title(self, page):
        quotes = [f for f in page.iter("figure") if f.get("class") == "quote"]
        assert text(quotes[0].find("figcaption")) == "Anne Bust, dagtilbudschef i Horsens Kommune"
        assert text(quotes[0].find("blockquote")).startswith("”Hermed rykker vi os væk")

    def it_numbers_the_perspectives_and_lists_the_recommendations(self, page):
        perspectives = [s for s in page.iter("section") if s.get("class") == "perspective"]
        assert [text(s.find("h3"))[:2] for s in perspectives] == ["01", "02", "03"]
        assert text(perspectives[0].find("h3")) == "01 Mellemformer kræver en fælles retning i ledelseskæden"
        boxes = [d for d in page.iter("div") if d.get("class") == "recommendations"]
        assert text(boxes[0].find("p")) == "KL vil arbejde for, at"
        assert len(boxes[-1].findall("ol/li")) == 3

    def it_lists_the_networks_and_their_focus_areas(self, page):
        (table,) = page.iter("table")
        rows = table.findall("tbody/tr")
        assert [text(r.find("th")) for r in rows] == ["Netværk 1", "Netværk 2"]
        assert len(rows[0].findall("td/ul/li")) == 3

    def it_lists_the_next_activities_with_dates_and_places(self, page):
        (activities,) = [u for u in page.iter("ul") if u.get("class") == "activities"]
        metas = [as_read(text(p)) for p in activities.iter("p") if p.get("class") == "meta"]
        assert metas[0] == "Tirsdag den 10. maj 2022 · Roskilde"
        assert metas[3] == "Januar 2023 · Aalborg Kongres & Kultur Center"

    def it_breaks_the_line_between_a_contacts_name_and_title_in_the_markup_not_only_in_the_style(self, page):
        (contacts,) = [u for u in page.iter("ul") if u.get("class") == "contacts"]
        first = list(next(contacts.iter("li")))
        assert [first[0].tag, first[1].tag] == ["strong", "br"] and not (first[0].tail or "").strip()
        # read without the page's CSS ("display: block"), the name and the title do not run together


class DescribeDataIsData:
    def it_prints_values_as_the_same_text(self, hostile):
        page = ET.fromstring(render_html(hostile))
        assert text(next(page.iter("h1"))) == HOSTILE
        assert HOSTILE in [text(h) for h in page.iter("h2")]
        assert not list(page.iter("script"))

    def it_never_evaluates_template_code_in_data(self, hostile):
        page = ET.fromstring(render_html(hostile))
        assert "{{ 7*7 }}" in text(next(page.iter("h1")))
        assert "\\{\\{ 7\\*7 \\}\\}" in render_markdown(hostile)

    def it_refuses_a_control_character_rather_than_drop_it(self, example_copy):
        path = example_copy / RESULTS_FILE
        path.write_text(path.read_text(encoding="utf-8").replace("name: Anne Bust", 'name: "Anne\\x01 Bust"', 1),
                        encoding="utf-8")
        with pytest.raises(InputError) as info:
            build_summary(Folder(example_copy), networks=False)
        assert [p.split(": ", 1)[1] for p in info.value.problems] == [
            "sections.0.blocks.4.quote.name: holds the control character U+0001, which cannot be printed; remove it"]

    def it_escapes_markdown(self, hostile):
        md = render_markdown(hostile)
        assert f"# {md_escape(HOSTILE)}\n" in md
        assert "\\*fed\\*" in md and "\\[x\\](javascript:alert(1))" in md
        assert "— **Anne Bust \\# - 1.**" in md


class DescribeTheMarkdown:
    def it_refers_to_the_images_written_beside_it(self, summary):
        files = web_files(summary)
        markdown = files[MARKDOWN_FILE].decode("utf-8")
        referenced = re.findall(r"!\[[^\n]*?\]\(([^)]+)\)", markdown)
        assert referenced == ["formidling-regioner.png", "formidling-indsatsomraader.png", "formidling-billede-1.jpg"]
        assert all(name in files for name in referenced)
        assert files["formidling-regioner.png"] == summary.region_chart.png

    def it_has_the_title_as_its_only_top_heading(self, summary):
        markdown = render_markdown(summary)
        assert re.findall(r"^# .*$", markdown, re.M) == [f"# {summary.title}"]
        assert "### 01 / Mellemformer kræver en fælles retning i ledelseskæden" in markdown
        assert "1. Sæt gang i et studie" in markdown

    def it_tells_the_focus_areas_of_a_network_apart_though_their_titles_hold_og(self, summary):
        markdown = render_markdown(summary)
        network = summary.networks[0]
        cells = [line for line in markdown.splitlines() if line.startswith(f"| {network.name} |")]
        assert cells and cells[0].endswith(" | " + "; ".join(a.title for a in network.focus_areas) + " |")
        assert any(" og " in a.title for n in summary.networks for a in n.focus_areas)  # why not "… og …"

    def it_writes_the_html_page_too(self, summary):
        files = web_files(summary)
        assert files[HTML_FILE].decode("utf-8") == render_html(summary)


class DescribeMdEscape:
    @pytest.mark.parametrize(("value", "escaped"), [
        ("Børn & unge", "Børn \\& unge"),
        ("*fed* og _kursiv_", "\\*fed\\* og \\_kursiv\\_"),
        ("- ikke en liste", "\\- ikke en liste"),
        ("1. kvartal", "1\\. kvartal"),
        ("# ikke en overskrift", "\\# ikke en overskrift"),
        ("linje\nto", "linje to"),
        ("a <b> c", "a \\<b\\> c"),
    ])
    def it_escapes_what_markdown_would_read_as_markup(self, value, escaped):
        assert md_escape(value) == escaped

    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))))
    def it_loses_nothing(self, value):
        unescaped = re.sub(r"\\(.)", r"\1", md_escape(value))
        assert unescaped == value.strip()
