"""formidling.docx and the web files: rendered through the engine, written all or nothing, read back as text."""

import io
import json
import re
import subprocess

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image as PillowImage

from conftest import EXAMPLE_DIR
from docxfactory import BODY, parts, styled_paragraphs, text
from kldocs.app import make, plan
from kldocs.cli import cli
from kldocs.documents.summary import docx_context, picture_for_word
from kldocs.documents.summary.facts import Picture
from kldocs.errors import InputError, OutputExists
from kldocs.inputs.results import RESULTS_FILE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def batch():
    return plan("summary", EXAMPLE_DIR)


@pytest.fixture(scope="module")
def rendered(batch) -> bytes:
    return batch.files[0].make()


class DescribeTheWordDocument:
    def it_is_one_document_named_formidling(self, batch):
        (spec,) = batch.files
        assert (spec.relpath, spec.kind, spec.template) == ("formidling.docx", "summary", "summary.docx")

    def it_heads_the_document_and_its_sections_with_word_heading_styles(self, rendered, batch):
        headings = [(style, words) for style, words in styled_paragraphs(rendered) if style.startswith("Heading")]
        summary = batch.computed
        assert headings[0] == ("Heading 1", summary.title)
        level2 = [t for s, t in headings if s == "Heading 2"]
        assert level2 == ["Kommunerne i partnerskabet", "Det har kommunerne arbejdet med",
                          *[s.heading for s in summary.sections], "Det videre arbejde", "Kontakt"]
        level3 = [t for s, t in headings if s == "Heading 3"]
        assert level3 == ["Netværkenes indsatsområder",
                          "01 / Mellemformer kræver en fælles retning i ledelseskæden",
                          "02 / Det tværfaglige samarbejde skal tæt på praksis",
                          "03 / Forældresamarbejdet er en del af børnefællesskabet"]

    def it_lists_each_network_s_focus_areas_a_paragraph_each_in_its_cell(self, rendered, batch):
        root = etree.fromstring(parts(rendered)[BODY])
        rows = [r for r in root.iter(f"{W}tr") if "".join(t.text or "" for t in r.iter(f"{W}t")).startswith("Netværk ")]
        assert len(rows) == len(batch.computed.networks)
        for row, network in zip(rows, batch.computed.networks, strict=True):
            cell = list(row.iter(f"{W}tc"))[2]
            lines = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in cell.iter(f"{W}p")]
            assert lines == [a.title for a in network.focus_areas]  # no typed bullet that wraps under itself

    def it_opens_with_the_date_lead_and_facts(self, rendered, batch):
        body = styled_paragraphs(rendered)
        assert body[0] == ("Dato", "5. april 2022")
        assert ("Manchet", batch.computed.lead) in body
        assert ("Normal", batch.computed.facts) in body

    def it_prints_a_lead_caption_or_activity_text_wrapped_in_yaml_as_one_paragraph(self, example_copy, batch):
        path = example_copy / RESULTS_FILE
        content = path.read_text(encoding="utf-8")
        wrapped = {
            "lead: >-": "lead: |",
            "caption: Stærke børnefællesskaber har plads til alle børn.":
                "caption: |\n            Stærke børnefællesskaber\n            har plads til alle børn.",
            "text: Kommuner fra partnerskabet fortæller om deres erfaringer med mellemformer.":
                "text: |\n      Kommuner fra partnerskabet fortæller\n\n      om deres erfaringer med mellemformer.",
        }
        for written, across_lines in wrapped.items():
            assert content.count(written) == 1
            content = content.replace(written, across_lines)
        path.write_text(content, encoding="utf-8")
        summary = plan("summary", example_copy)
        body = styled_paragraphs(summary.files[0].make())
        assert summary.computed.lead == batch.computed.lead and "\n" not in batch.computed.lead
        assert ("Manchet", batch.computed.lead) in body  # as the article and the document's properties print it
        assert ("Billedtekst", "Stærke børnefællesskaber har plads til alle børn.") in body
        assert any(t.endswith("\nKommuner fra partnerskabet fortæller om deres erfaringer med mellemformer.\n"
                              "https://www.kl.dk/arrangementer") for _, t in body), body

    def it_prints_every_kind_of_block(self, rendered):
        body = styled_paragraphs(rendered)
        joined = text(rendered, BODY)
        assert ("List Bullet", "Tværfaglige medarbejdere, der er til stede i dagtilbuddets hverdag") in body
        assert any(s == "Citat" and t.startswith("”Hermed rykker vi os væk") for s, t in body)
        assert ("Citatkilde", "Anne Bust, dagtilbudschef i Horsens Kommune") in body
        assert [t for s, t in body if s == "Anbefalingsintro"] == [
            "KL vil arbejde for, at", "KL vil arbejde for, at", "Tre anbefalinger til Christiansborg"]
        assert ("Anbefaling", "de tværfaglige forløb på grunduddannelserne styrkes.") in body
        assert any(s == "Anbefaling nummereret" and t.startswith("1.\tSæt gang i et studie") for s, t in body)
        assert ("Billedtekst", "Stærke børnefællesskaber har plads til alle børn.") in body
        assert ("Fotokredit", "Illustration: kldocs") in body
        assert "Tirsdag den 10. maj 2022 · Roskilde" in joined
        assert "Aleksandra Raaschou Beck, specialkonsulent" in joined

    def it_lists_regions_and_networks(self, rendered, batch):
        joined = text(rendered, BODY)
        assert "Region Syddanmark (5 af 22 kommuner): Esbjerg, Kolding, Odense, Svendborg og Aabenraa" in joined
        for network in batch.computed.networks:
            assert network.name in joined and network.names in joined

    def it_shows_the_charts_and_the_photo_with_their_alt_texts(self, rendered, batch):
        package = parts(rendered)
        body = etree.fromstring(package["word/document.xml"])
        media = [n for n in package if n.startswith("word/media/")]
        alts = [d.get("descr") for d in body.iter(f"{WP}docPr")]
        photo = next(b.picture for s in batch.computed.sections for b in s.blocks if b.picture)
        assert alts == [batch.computed.region_chart.alt, batch.computed.focus_chart.alt, photo.alt]
        assert len(media) == 3

    def it_is_danish(self, rendered):
        package = parts(rendered)
        styles = etree.fromstring(package["word/styles.xml"])
        core = package["docProps/core.xml"].decode("utf-8")
        lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        assert lang.get(f"{W}val") == "da-DK"
        assert "<dc:language>da-DK</dc:language>" in core

    def it_takes_its_properties_from_the_data_not_the_clock(self, rendered, batch):
        core = parts(rendered)["docProps/core.xml"].decode("utf-8")
        assert f"<dc:title>{batch.computed.title}</dc:title>" in core
        assert "2022-04-05T12:00:00Z" in core

    def it_renders_the_same_bytes_twice(self, rendered):
        assert plan("summary", EXAMPLE_DIR).files[0].make() == rendered

    def it_prints_values_as_the_same_text(self, example_copy):
        value = 'Børn & <unge> "i" {{ 7*7 }} {% if x %}'
        path = example_copy / RESULTS_FILE
        content = path.read_text(encoding="utf-8").replace(
            "name: Anne Bust", 'name: "' + value.replace('"', '\\"') + '"', 1)
        path.write_text(content, encoding="utf-8")
        joined = text(plan("summary", example_copy).files[0].make(), BODY)
        assert f"{value}, dagtilbudschef i Horsens Kommune" in joined


def photo_bytes(size: tuple[int, int], kind: str, orientation: int | None = None) -> bytes:
    image = PillowImage.new("RGB", size, (200, 80, 40))
    image.paste((20, 90, 200), (0, 0, size[0] // 4, size[1] // 4))  # a blue corner at the top left
    out = io.BytesIO()
    exif = PillowImage.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    image.save(out, format=kind, exif=exif.tobytes())
    return out.getvalue()


class DescribePhotos:
    def it_embeds_a_jpeg_photo_as_the_jpeg_it_is(self, batch):
        photo = next(b.picture for s in batch.computed.sections for b in s.blocks if b.picture)
        assert photo.media_type == "image/jpeg"
        assert picture_for_word(photo) == photo.data
        out = parts(plan("summary", EXAMPLE_DIR).files[0].make())
        assert photo.data in out.values()
        assert b'<Default Extension="jpeg" ContentType="image/jpeg"/>' in out["[Content_Types].xml"]

    @pytest.mark.parametrize("kind, media_type", [("JPEG", "image/jpeg"), ("PNG", "image/png")])
    def it_scales_a_wide_photo_down_to_2000_pixels_keeping_its_kind(self, kind, media_type):
        photo = Picture(photo_bytes((3000, 1500), kind), media_type, "alt", None, None)
        with PillowImage.open(io.BytesIO(picture_for_word(photo))) as scaled:
            assert (scaled.format, scaled.size) == (kind, (2000, 1000))

    def it_turns_a_photo_taken_sideways_upright(self):
        photo = Picture(photo_bytes((400, 300), "JPEG", orientation=6), "image/jpeg", "alt", None, None)
        with PillowImage.open(io.BytesIO(picture_for_word(photo))) as upright:
            assert upright.size == (300, 400)
            assert upright.getexif().get(0x0112, 1) == 1
            red, _green, blue = upright.convert("RGB").getpixel((upright.width - 10, 10))
            assert blue > red, "the blue corner turned with the picture, to the top right"

    def it_makes_a_tall_photo_narrower_so_that_it_does_not_take_a_page(self):
        from kldocs.documents.summary import PHOTO_HEIGHT_MM, _photo

        portrait = _photo(Picture(photo_bytes((600, 900), "PNG"), "image/png", "alt", None, None))
        assert portrait.width_mm == round(PHOTO_HEIGHT_MM * 600 / 900, 1)  # 100 mm tall
        sideways = _photo(Picture(photo_bytes((400, 300), "JPEG", orientation=6), "image/jpeg", "alt", None, None))
        assert sideways.width_mm == 75.0  # 300 wide and 400 tall once upright
        assert _photo(Picture(photo_bytes((3000, 1500), "PNG"), "image/png", "alt", None, None)).width_mm == 130
        assert _photo(Picture(photo_bytes((1, 2500), "PNG"), "image/png", "alt", None, None)).width_mm == 13

    def it_makes_a_picture_of_each_photo(self, batch):
        context = docx_context(batch.computed)
        (image,) = context["pictures"].values()
        assert image.width_mm == 130
        assert image.alt.startswith("Illustration: en klynge")


class DescribeWriting:
    def it_writes_the_document_and_with_web_the_article(self, tmp_path):
        result = make("summary", EXAMPLE_DIR, tmp_path / "out", web=True)
        names = sorted(p.name for p in (tmp_path / "out").iterdir())
        assert names == ["formidling-billede-1.jpg", "formidling-indsatsomraader.png", "formidling-regioner.png",
                         "formidling.docx", "formidling.html", "formidling.md", "manifest.json"]
        manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
        kinds = {f["path"]: f["kind"] for f in manifest["files"]}
        assert kinds["formidling.docx"] == "summary"
        assert kinds["formidling.html"] == "summary-html"
        assert kinds["formidling.md"] == "summary-markdown"
        assert len(result.paths) == 6

    def it_does_not_overwrite_another_summary_without_force(self, example_copy, tmp_path):
        make("summary", example_copy, tmp_path)
        make("summary", example_copy, tmp_path)  # the same files again: nothing replaced
        results = example_copy / RESULTS_FILE
        results.write_text(results.read_text(encoding="utf-8").replace("date: 2022-04-05", "date: 2022-04-06"),
                           encoding="utf-8")
        with pytest.raises(OutputExists):
            make("summary", example_copy, tmp_path)
        make("summary", example_copy, tmp_path, force=True)

    def it_writes_nothing_for_a_bad_results_file(self, example_copy, tmp_path):
        (example_copy / RESULTS_FILE).write_text("date: 2022-04-05\nsections:\n  - heading: A\n    blocks:\n"
                                                 "      - quote: {text: Godt sagt}\n", encoding="utf-8")
        with pytest.raises(InputError) as info:
            make("summary", example_copy, tmp_path / "out")
        assert info.value.problems == ["results.yaml, line 5: sections[0].blocks[0].quote.name: is required"]
        assert not (tmp_path / "out").exists()


class DescribeTheCommand:
    def it_writes_the_summary(self, tmp_path):
        result = CliRunner().invoke(cli, ["summary", str(EXAMPLE_DIR), "--out", str(tmp_path), "--web"])
        assert result.exit_code == 0, result.output
        assert re.search(r"1 document and 5 other files written to .* in [\d.]+ s", result.output)
        assert (tmp_path / "formidling.html").is_file()

    def it_reports_a_bad_results_file_in_one_line_and_exits_1(self, example_copy, tmp_path):
        (example_copy / RESULTS_FILE).write_text("date: 2022-04-05\nleed: x\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["summary", str(example_copy), "--out", str(tmp_path / "out")])
        assert result.exit_code == 1
        assert "Error: results.yaml, line 2: leed: unknown key (did you mean 'lead'?)" in result.output

    def it_checks_results_and_the_template(self):
        result = CliRunner().invoke(cli, ["check", str(EXAMPLE_DIR)])
        assert result.exit_code == 0, result.output
        assert "ok  results.yaml: 3 sections of insights, 1 image, 4 next activities" in result.output
        assert "ok  summary.docx: fits the summary of 24 municipalities" in result.output


@pytest.mark.soffice
def it_makes_a_pdf_with_bookmarks_that_reads_as_the_document(tmp_path):
    make("summary", EXAMPLE_DIR, tmp_path, pdf=True)
    pdf = tmp_path / "formidling.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert "Indsigter fra kommunalt partnerskab om" in text
    assert "24 af landets 98 kommuner har deltaget" in text
    assert "01 / Mellemformer kræver en fælles retning i ledelseskæden" in text
    assert re.search(r"Side 1 af \d", text)
    assert b"/Outlines" in pdf.read_bytes()


def test_a_perspectives_last_paragraph_keeps_with_its_box(rendered):
    import docx

    paragraphs = docx.Document(io.BytesIO(rendered)).paragraphs
    boxes = [i for i, p in enumerate(paragraphs) if p.style.name == "Anbefalingsintro"
             and paragraphs[i - 1].style.name == "Normal"]  # after a heading, the heading's style keeps it
    assert len(boxes) == 2, "the example's publication has two perspectives with boxes"
    for i in boxes:
        before = paragraphs[i - 1]
        assert before.text and before.paragraph_format.keep_with_next, before.text
    others = [p for p in paragraphs if p.style.name == "Normal" and p.text]
    assert any(not p.paragraph_format.keep_with_next for p in others)  # the rest run on as they fall
