"""The sender's logo: read from the programme folder, printed in the letterhead of every page with alt text."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pikepdf
import pytest
from kldocs.templates import housestyle
from lxml import etree
from PIL import Image as PILImage

from docxfactory import BODY, W, docx_bytes, paragraph, parts
from kldocs.app import check_folder, make, plan
from kldocs.engine.combine import combine
from kldocs.engine.inline import SVG_EXTENSION, Image
from kldocs.engine.template import CoreProperties, PreparedTemplate
from kldocs.errors import InputError
from kldocs.inputs.program import load_program
from validate_outputs import errors_by_document

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
ASVG = "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">'
       b'<rect width="300" height="100" fill="#00606B"/></svg>')
PROPS = CoreProperties("t", created=dt.datetime(2021, 6, 14, 12))


def png(width: int = 300, height: int = 100) -> bytes:
    """A plain wordmark-sized PNG: a teal block, clearly nobody's real logo."""
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (0, 96, 107)).save(out, "PNG")
    return out.getvalue()


def with_logo(folder: Path, logo: str, files: dict[str, bytes]) -> Path:
    """``folder`` with ``sender.logo: logo`` in its program.yaml and ``files`` beside it."""
    path = folder / "program.yaml"
    yaml = path.read_text(encoding="utf-8")
    assert "  board: bestyrelse\n" in yaml
    path.write_text(yaml.replace("  board: bestyrelse\n", f"  board: bestyrelse\n  logo: {logo}\n"), encoding="utf-8")
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def logo_line(folder: Path) -> int:
    lines = (folder / "program.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith("  logo:"))


def drawings(xml: bytes) -> list[etree._Element]:
    return list(etree.fromstring(xml).iter(f"{WP}inline"))


def invitation(folder: Path) -> bytes:
    (letter,) = plan("invitations", folder, to="Aarhus").files
    return letter.make()


def header_parts(data: bytes) -> dict[str, bytes]:
    """The default (every page but the first) and first-page headers of the body's section, by type."""
    content = parts(data)
    rels = etree.fromstring(content["word/_rels/document.xml.rels"])
    targets = {r.get("Id"): "word/" + r.get("Target") for r in rels}
    sect = etree.fromstring(content[BODY]).find(f"{{{W}}}body/{{{W}}}sectPr")
    return {ref.get(f"{{{W}}}type"): content[targets[ref.get(f"{R}id")]]
            for ref in sect.findall(f"{{{W}}}headerReference")}


# --- Reading it ----------------------------------------------------------------------------------


class DescribeReadingTheLogo:
    def it_reads_a_png_in_the_folder_and_fits_it_into_the_box_it_is_given(self, example_copy):
        with_logo(example_copy, "grafik/logo.png", {"grafik/logo.png": png(300, 100)})
        sender = load_program(example_copy).sender
        assert sender.logo == "grafik/logo.png"
        wide = sender.logo_picture(40, 16)  # as wide as the column: 40 mm by 13.3 mm
        assert (wide.width_mm, wide.alt, wide.svg) == (40, "KL", None)
        assert wide.data == (example_copy / "grafik/logo.png").read_bytes()
        tall = sender.logo_picture(40, 10)  # as high as the box: 30 mm by 10 mm
        assert tall.width_mm == pytest.approx(30)
        assert [round(n / 36000, 1) for n in tall.extent] == [30.0, 10.0]

    def it_reads_an_svg_with_the_png_beside_it(self, example_copy):
        with_logo(example_copy, "logo.svg", {"logo.svg": SVG, "logo.png": png()})
        picture = load_program(example_copy).sender.logo_picture(40, 16)
        assert (picture.svg, picture.data) == (SVG, (example_copy / "logo.png").read_bytes())

    def it_has_no_logo_unless_one_is_given(self, example_dir):
        sender = load_program(example_dir).sender
        assert sender.logo is None
        with pytest.raises(ValueError, match="no logo"):
            sender.logo_picture(40, 16)

    @pytest.mark.parametrize(("logo", "files", "message"), [
        ("logo.png", {}, "'logo.png' is not a file in program"),
        ("../logo.png", {}, "'../logo.png' must be a path inside the programme folder, such as logo.png"),
        ("/etc/logo.png", {}, "'/etc/logo.png' must be a path inside the programme folder, such as logo.png"),
        ("logo.jpg", {"logo.jpg": b"\xff\xd8\xff"}, "'logo.jpg' must be a PNG (logo.png), or an SVG with a PNG of "
                                                   "it beside it"),
        ("logo.png", {"logo.png": b"GIF89a" + bytes(40)}, "'logo.png' is not a PNG image"),
        ("logo.svg", {"logo.svg": SVG}, "'logo.svg' needs a PNG of the same logo beside it, logo.png, for the PDFs "
                                        "and the programs that cannot show SVG"),
        ("logo.svg", {"logo.svg": b"<html/>", "logo.png": png()},
         "'logo.svg' is not an SVG image (its root is not <svg> in the SVG namespace)"),
        ("logo.svg", {"logo.svg": b"<svg", "logo.png": png()}, "'logo.svg' is not an SVG image (it is not well-formed"),
        ("logo.svg", {"logo.svg": b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">'
                                  b"&a;</svg>", "logo.png": png()},
         "'logo.svg' declares entities of its own (an internal DTD); save it as plain SVG"),
    ])
    def it_names_what_is_wrong_with_its_line(self, example_copy, logo, files, message):
        with_logo(example_copy, logo, files)
        with pytest.raises(InputError) as caught:
            load_program(example_copy)
        (problem,) = caught.value.problems
        assert problem.startswith(f"program.yaml, line {logo_line(example_copy)}: sender.logo: {message}")

    def it_reports_a_missing_logo_with_the_other_problems_of_program_yaml(self, example_copy):
        with_logo(example_copy, "logo.png", {})
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  postcode: 2300\n", "  postcode: abc\n"),
                        encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_program(example_copy)
        line = logo_line(example_copy)
        assert caught.value.problems == [
            "program.yaml, line 22: sender.postcode: must be a Danish postcode of four digits, such as 0800, not 'abc'",
            f"program.yaml, line {line}: sender.logo: 'logo.png' is not a file in program",
        ]

    def it_is_a_problem_kldocs_check_reports_before_anything_is_written(self, example_copy, tmp_path):
        with_logo(example_copy, "logo.png", {})
        report = check_folder(example_copy)
        assert any("sender.logo: 'logo.png' is not a file in program" in p for p in report.problems)
        with pytest.raises(InputError):
            make("invitations", example_copy, tmp_path / "out", to="Aarhus")
        assert not (tmp_path / "out").exists()


# --- Printing it ---------------------------------------------------------------------------------


@pytest.fixture
def logo_folder(example_copy):
    return with_logo(example_copy, "logo.png", {"logo.png": png()})


class DescribeTheLetterhead:
    def it_prints_the_logo_with_the_senders_name_as_alt_text_at_the_top_of_every_pages_column(self, logo_folder):
        data = invitation(logo_folder)
        headers = header_parts(data)
        body = etree.fromstring(parts(data)[BODY]).find(f"{{{W}}}body")
        first_page = [el for el in body if el.find(f"{{{W}}}pPr/{{{W}}}framePr") is not None]
        for where in (etree.tostring(first_page[0]), headers["default"]):  # page 1, and the pages after it
            (picture,) = drawings(where)
            assert picture.find(f"{WP}docPr").get("descr") == "KL"
            assert round(int(picture.find(f"{WP}extent").get("cx")) / 36000) == housestyle.LOGO_MM[0]
        assert "KL" not in "".join(t.text or "" for t in first_page[0].iter(f"{{{W}}}t"))  # the logo, not the name
        assert drawings(headers["first"]) == []  # page 1's column is in its text, not in its header
        media = [name for name in parts(data) if name.startswith("word/media/")]
        assert len(media) == 1 and parts(data)[media[0]] == (logo_folder / "logo.png").read_bytes()
        header_rels = [name for name in parts(data) if re.fullmatch(r"word/_rels/header\d+\.xml\.rels", name)]
        assert len(header_rels) == 1 and media[0].removeprefix("word/").encode() in parts(data)[header_rels[0]]

    def it_prints_the_name_where_there_is_no_logo(self, example_dir):
        data = invitation(example_dir)
        assert not [name for name in parts(data) if name.startswith("word/media/")]
        assert "KL" in "".join(t.text or "" for t in etree.fromstring(header_parts(data)["default"]).iter(f"{{{W}}}t"))

    @pytest.mark.parametrize(("kind", "options"), [
        ("agreements", {"municipalities": ["Aarhus"]}), ("networks", {}), ("summary", {}),
    ])
    def it_prints_it_in_every_kind_of_document(self, logo_folder, kind, options):
        files = plan(kind, logo_folder, **options).files
        data = next(f for f in files if f.relpath.endswith(".docx")).make()
        alts = [d.find(f"{WP}docPr").get("descr") for d in drawings(header_parts(data)["default"])]
        assert alts == ["KL"]

    def it_stores_an_svg_with_its_png_for_word_to_choose(self, example_copy):
        with_logo(example_copy, "logo.svg", {"logo.svg": SVG, "logo.png": png()})
        data = invitation(example_copy)
        content = parts(data)
        assert sorted(n.rsplit(".", 1)[1] for n in content if n.startswith("word/media/")) == ["png", "svg"]
        assert b'<Default Extension="svg" ContentType="image/svg+xml"/>' in content["[Content_Types].xml"]
        (picture,) = drawings(header_parts(data)["default"])
        blip = picture.find(f".//{A}blip")
        (svg_blip,) = blip.iter(f"{ASVG}svgBlip")
        assert svg_blip.getparent().get("uri") == SVG_EXTENSION
        assert blip.get(f"{R}embed") != svg_blip.get(f"{R}embed")

    def it_combines_letters_with_an_svg_logo_storing_it_once(self, example_copy):
        with_logo(example_copy, "logo.svg", {"logo.svg": SVG, "logo.png": png()})
        letters = [f.make() for f in plan("invitations", example_copy, to="Aarhus, Ærø").files]
        content = parts(combine(letters))
        media = sorted(n for n in content if n.startswith("word/media/"))
        assert [n.rsplit(".", 1)[1] for n in media] == ["png", "svg"]
        assert [content[n] for n in media] == [(example_copy / "logo.png").read_bytes(), SVG]

    def it_gives_documents_word_opens_without_a_repair_prompt(self, example_copy, tmp_path):
        with_logo(example_copy, "logo.svg", {"logo.svg": SVG, "logo.png": png()})
        found = errors_by_document(example_copy, tmp_path)
        assert {doc: errors for doc, errors in found.items() if errors} == {}


class DescribeAnSvgPicture:
    def it_must_be_an_svg_with_a_png_fallback(self):
        with pytest.raises(ValueError, match="with a PNG of it as its fallback"):
            Image(png(), 10, "x", svg=b"<html/>")
        jpeg = io.BytesIO()
        PILImage.new("RGB", (4, 4)).save(jpeg, "JPEG")
        with pytest.raises(ValueError, match="with a PNG of it as its fallback"):
            Image(jpeg.getvalue(), 10, "x", svg=SVG)

    def it_is_related_from_the_part_it_stands_in_once_however_often_it_stands(self):
        data = docx_bytes(lambda d: (paragraph(d, "{{ logo }} {{ logo }}"), d.sections[0].header.paragraphs[0]
                                     .add_run("{{ logo }}")))
        out = parts(PreparedTemplate.from_bytes(data, "t.docx").render({"logo": Image(png(), 20, "L", svg=SVG)},
                                                                        PROPS))
        media = sorted(n.removeprefix("word/") for n in out if n.startswith("word/media/"))
        assert [n.rsplit(".", 1)[1] for n in media] == ["png", "svg"]
        for part in ("word/_rels/document.xml.rels", "word/_rels/header1.xml.rels"):
            targets = [r.get("Target") for r in etree.fromstring(out[part]) if r.get("Type").endswith("/image")]
            assert sorted(targets) == media


# --- In the PDF ----------------------------------------------------------------------------------


@pytest.mark.soffice
def test_the_pdf_has_the_logo_on_the_first_page_as_a_figure_with_alt_text_and_no_finding(logo_folder, tmp_path):
    from pdfua import validate

    written = make("invitations", logo_folder, tmp_path / "out", to="Aarhus", pdf=True)
    (pdf_path,) = [written.out_dir / name for name in written.paths if name.endswith(".pdf")]
    figures = []
    with pikepdf.open(pdf_path) as pdf:
        first = pdf.pages[0].objgen

        def walk(node):
            if isinstance(node, pikepdf.Array):
                for item in node:
                    walk(item)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.S == "/Figure":
                    figures.append((str(node.get("/Alt")), node.Pg.objgen == first))
                walk(node.get("/K"))

        walk(pdf.Root.StructTreeRoot.K)
    assert figures == [("KL", True)]  # the other pages' logos are in their headers: decoration
    assert list(validate(str(pdf_path)).findings) == []


def test_the_example_has_no_logo_of_its_own(example_dir):
    # KL's real logo is not the project's to ship; the example prints the sender's name, as KL's letters do.
    assert load_program(example_dir).sender.logo is None
    assert not [p for p in Path(example_dir).rglob("*") if p.suffix.lower() in (".svg",) or p.stem == "logo"]
