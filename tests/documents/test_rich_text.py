"""Rich text in the documents: each Markdown construct as Word shows it, in the house styles, and in the other media.

Each test writes Markdown into a free-text field of a copy of the bundled
example and reads what a municipality gets: the rendered letter's text,
its paragraph styles and run properties, the PDF LibreOffice makes of it,
the e-mail draft and the web article.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from kldocs.templates import housestyle

from conftest import EXAMPLE_DIR
from docxfactory import docx_bytes, hyperlink, paragraph, styled_paragraphs
from kldocs.app import make, plan
from kldocs.cli import cli
from kldocs.documents.invitations import cover_text
from kldocs.documents.summary.article import render_html, render_markdown
from kldocs.documents.summary.facts import build_summary
from kldocs.engine.inline import LIST_NUM_IDS
from kldocs.engine.template import CoreProperties, PreparedTemplate
from kldocs.inputs.fieldtypes import parse_blocks
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import load_program
from kldocs.inputs.recipients import Recipient
from kldocs.inputs.results import RESULTS_FILE
from kldocs.reference.municipalities import lookup
from kldocs.resources import bundled_template
from programfactory import program_problems

BACKGROUND = """\
Første afsnit med **fed**, *kursiv* og ***begge***, et [link til KL](https://www.kl.dk/dagtilbud) og
<https://kl.dk/x>. Linjen brydes her\\
og fortsætter & slutter med < og "citat" og \\*stjerne\\*.

1. Første punkt
2. Andet punkt med **fed**
   - under-punkt a
   - under-punkt b
3. Tredje punkt
   1. under-nummer
   2. under-nummer to

Et afsnit imellem.

1. Ny liste
2. og dens andet punkt

- Punkt
  1. nummer under punkt
- Punkt to
  1. nummer igen
"""


def one_text(source: str) -> str:
    (block,) = parse_blocks(source)
    return block.text


def write_text(folder: Path, key: str, text: str) -> None:
    """Give ``key:`` of program.yaml (a section with ``heading`` and ``text``) the running text ``text``."""
    path = folder / "program.yaml"
    source = path.read_text(encoding="utf-8")
    body = "".join(f"    {line}\n" if line else "\n" for line in text.splitlines())
    block = f"{key}:\n  heading: Baggrund\n  text: |\n{body}\n"
    source, found = re.subn(rf"(?ms)^{key}:\n.*?(?=^\S)", block, source)
    assert found == 1
    path.write_text(source, encoding="utf-8")


def invitation(folder: Path) -> bytes:
    return plan("invitations", folder, to="Aarhus").files[0].make()


def paragraphs_between(data: bytes, first: str, last: str) -> list[tuple[str, str]]:
    """``(style, text)`` of the body's paragraphs from the one starting with ``first`` to the one ending with ``last``."""
    found = styled_paragraphs(data)
    start = next(i for i, (_, t) in enumerate(found) if t.startswith(first))
    end = next(i for i, (_, t) in enumerate(found) if i >= start and t.endswith(last))
    return found[start:end + 1]


def body_paragraph(data: bytes, start: str) -> Paragraph:
    document = docx.Document(io.BytesIO(data))
    return next(p for p in document.paragraphs if p.text.startswith(start))


def pieces(p: Paragraph) -> list[tuple[str, bool, bool, str | None]]:
    """Each run of a paragraph with text: its text, whether bold and italic, and the address of its link."""
    found = []
    for content in p.iter_inner_content():
        runs, address = (content.runs, content.address) if isinstance(content, Hyperlink) else ([content], None)
        found += [(run.text, bool(run.bold), bool(run.italic), address) for run in runs if run.text]
    return found


@pytest.fixture(scope="module")
def rich_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rich") / "program"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    write_text(folder, "background", BACKGROUND)
    return folder


@pytest.fixture(scope="module")
def letter(rich_folder) -> bytes:
    return invitation(rich_folder)


class DescribeTheLetter:
    def it_prints_each_paragraph_and_list_item_in_its_house_style(self, letter):
        assert paragraphs_between(letter, "Første afsnit", "nummer igen") == [
            ("Normal", 'Første afsnit med fed, kursiv og begge, et link til KL og https://kl.dk/x. Linjen brydes '
                       'her\nog fortsætter & slutter med < og "citat" og *stjerne*.'),
            ("List Number", "Første punkt"),
            ("List Number", "Andet punkt med fed"),
            ("List Bullet 2", "under-punkt a"),
            ("List Bullet 2", "under-punkt b"),
            ("List Number", "Tredje punkt"),
            ("List Number 2", "under-nummer"),
            ("List Number 2", "under-nummer to"),
            ("Normal", "Et afsnit imellem."),
            ("List Number", "Ny liste"),
            ("List Number", "og dens andet punkt"),
            ("List Bullet", "Punkt"),
            ("List Number 2", "nummer under punkt"),
            ("List Bullet", "Punkt to"),
            ("List Number 2", "nummer igen"),
        ]

    def it_makes_bold_italic_and_links_runs_of_their_own_with_the_hyperlink_style(self, letter):
        p = body_paragraph(letter, "Første afsnit")
        assert pieces(p)[:9] == [
            ("Første afsnit med ", False, False, None), ("fed", True, False, None), (", ", False, False, None),
            ("kursiv", False, True, None), (" og ", False, False, None), ("begge", True, True, None),
            (", et ", False, False, None), ("link til KL", False, False, "https://www.kl.dk/dagtilbud"),
            (" og ", False, False, None),
        ]
        links = [c for c in p.iter_inner_content() if isinstance(c, Hyperlink)]
        assert [link.address for link in links] == ["https://www.kl.dk/dagtilbud", "https://kl.dk/x"]
        assert {run.style.name for link in links for run in link.runs} == {"Hyperlink"}

    def it_breaks_the_line_where_the_text_does(self, letter):
        p = body_paragraph(letter, "Første afsnit")
        assert len(p._p.findall(f".//{qn('w:br')}")) == 1

    def it_keeps_the_surrounding_runs_properties(self, example_copy):
        # The invitation's lead is bold by its style; a link in it is a link in that style, an italic word italic.
        source = (example_copy / "program.yaml").read_text(encoding="utf-8")
        source = source.replace("    til segregering.\n", "    til *segregering*. Se [mere](https://kl.dk).\n", 1)
        (example_copy / "program.yaml").write_text(source, encoding="utf-8")
        p = body_paragraph(invitation(example_copy), "KL inviterer alle kommuner")
        assert p.style.name == "Manchet"
        assert pieces(p)[-4:] == [
            ("segregering", False, True, None), (". Se ", False, False, None),
            ("mere", False, False, "https://kl.dk"), (".", False, False, None),
        ]

    def it_gives_each_numbered_list_a_numbering_of_its_own_that_starts_at_1(self, letter):
        document = docx.Document(io.BytesIO(letter))
        numbering = document.part.numbering_part.element
        used = [(p.text, p._p.pPr.numPr.ilvl.val, p._p.pPr.numPr.numId.val)
                for p in document.paragraphs if p.style.name.startswith("List Number")]
        first, second, third, fourth, fifth = (LIST_NUM_IDS[i] for i in range(5))
        assert used == [
            ("Første punkt", 0, first), ("Andet punkt med fed", 0, first), ("Tredje punkt", 0, first),
            ("under-nummer", 1, second), ("under-nummer to", 1, second),
            ("Ny liste", 0, third), ("og dens andet punkt", 0, third),
            ("nummer under punkt", 1, fourth), ("nummer igen", 1, fifth),
        ]
        for num_id in {u[2] for u in used}:
            (num,) = [n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)]
            starts = {o.get(qn("w:ilvl")): o.find(qn("w:startOverride")).get(qn("w:val"))
                      for o in num.iter(qn("w:lvlOverride"))}
            assert starts == {"0": "1", "1": "1"}

    def it_leaves_no_space_inside_a_list_and_the_styles_space_after_it(self, letter):
        document = docx.Document(io.BytesIO(letter))
        after = {p.text: p.paragraph_format.space_after for p in document.paragraphs if p.style.name.startswith("List")}
        assert after["Andet punkt med fed"] == 0 and after["under-punkt b"] == 0
        assert after["under-nummer to"] is None  # the list's last paragraph: the style's space after
        assert after["og dens andet punkt"] is None and after["nummer igen"] is None

    def it_keeps_the_first_examples_plain_text_as_it_was(self, example_dir):
        data = invitation(example_dir)
        styles = [style for style, _ in styled_paragraphs(data)]
        assert not any(style.startswith(("List Number", "List Bullet 2")) for style in styles)
        document = docx.Document(io.BytesIO(data))
        assert not any(run.bold or run.italic for p in document.paragraphs if p.style.name == "Normal"
                       for run in p.runs)


@pytest.mark.soffice
class DescribeThePdf:
    def it_numbers_each_list_from_1_in_libreoffice(self, rich_folder, tmp_path):
        make("invitations", rich_folder, tmp_path, to="Aarhus", pdf=True)
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "0751-aarhus.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = [" ".join(line.split()) for line in text.splitlines()]
        numbered = [line for line in lines if re.match(r"^(\d+|[a-z])\. ", line)]
        assert numbered[:9] == [
            "1. Første punkt", "2. Andet punkt med fed", "3. Tredje punkt", "a. under-nummer", "b. under-nummer to",
            "1. Ny liste", "2. og dens andet punkt", "a. nummer under punkt", "a. nummer igen",
        ]
        assert "– under-punkt a" in lines and "• Punkt" in lines


class DescribeEveryFreeText:
    def it_prints_rich_text_in_the_time_plans_intro(self, example_copy):
        source = (example_copy / "program.yaml").read_text(encoding="utf-8")
        source = source.replace("opstart og dels partnerskabets gennemførelse.",
                                "opstart og dels **partnerskabets** gennemførelse.", 1)
        (example_copy / "program.yaml").write_text(source, encoding="utf-8")
        p = body_paragraph(invitation(example_copy), "Nedenfor angives tidsplanen")
        assert ("partnerskabets", True, False, None) in pieces(p)
        assert p.text.startswith("Nedenfor angives tidsplanen for dels forløbet frem mod partnerskabets opstart og "
                                 "dels partnerskabets gennemførelse. Partnerskabet løber fra")

    def it_prints_lists_in_the_agreement(self, example_copy):
        source = (example_copy / "program.yaml").read_text(encoding="utf-8")
        source = re.sub(r"(?ms)^  purpose: \|\n.*?(?=^  \S)",
                        "  purpose: |\n    Kommunen skal:\n\n    1. kortlægge\n    2. *afprøve*\n\n", source)
        (example_copy / "program.yaml").write_text(source, encoding="utf-8")
        data = plan("agreements", example_copy, municipalities=("Aarhus",)).files[0].make()
        assert paragraphs_between(data, "Kommunen skal:", "afprøve") == [
            ("Normal", "Kommunen skal:"), ("List Number", "kortlægge"), ("List Number", "afprøve"),
        ]

    def it_reads_data_in_the_agreements_defaults_as_text(self, example_copy):
        source = (example_copy / "program.yaml").read_text(encoding="utf-8")
        source = re.sub(r"(?m)^topic: .*$", "topic: '*stærke* børnefællesskaber_i_dagtilbud [1]'", source, count=1)
        (example_copy / "program.yaml").write_text(source, encoding="utf-8")
        data = plan("agreements", example_copy, municipalities=("Aarhus",)).files[0].make()
        texts = [t for _, t in styled_paragraphs(data)]
        assert any("partnerskabet om *stærke* børnefællesskaber_i_dagtilbud [1], og Aarhus Kommune" in t
                   for t in texts)

    def it_writes_the_e_mail_draft_as_plain_text_with_each_links_address(self, example_copy):
        source = (example_copy / "program.yaml").read_text(encoding="utf-8")
        cover = ("  cover_text: |\n    Vedhæftet er **invitationen**. Tilmeld jer [her](https://x.dk/t).\n\n"
                 "    1. Læs den\n    2. Tilmeld jer\n       - inden fristen\n")
        source = source.replace("invitation:\n", "invitation:\n" + cover, 1)
        (example_copy / "program.yaml").write_text(source, encoding="utf-8")
        text = cover_text(load_program(example_copy), lookup("Ærø"), Recipient(lookup("Ærø")))
        assert "Vedhæftet er invitationen. Tilmeld jer her (https://x.dk/t).\n\n1. Læs den\n2. Tilmeld jer\n" \
               "   - inden fristen" in text


@pytest.mark.parametrize(("cover", "message"), [
    ("Kære modtager\n\n    Vedhæftet er invitationen.", "kldocs writes the greeting itself"),
    ("Vedhæftet er invitationen.\n\n    Med venlig hilsen\\\n    Sofie", "kldocs adds the responsible contact's "
                                                                     "signature itself"),
])
def test_an_e_mail_draft_has_one_greeting_and_one_signature(example_copy, cover, message):
    source = (example_copy / "program.yaml").read_text(encoding="utf-8")
    source = source.replace("invitation:\n", f"invitation:\n  cover_text: |\n    {cover}\n", 1)
    (example_copy / "program.yaml").write_text(source, encoding="utf-8")
    (line,) = program_problems(example_copy)
    assert "invitation.cover_text" in line and message in line


class DescribeTheWebArticle:
    @pytest.fixture
    def summary(self, example_copy):
        path = example_copy / RESULTS_FILE
        content = path.read_text(encoding="utf-8")
        content = content.replace(
            "intro: |\n",
            "intro: |\n  Se **resultaterne** på [kl.dk](https://www.kl.dk/r?a=1&b=2).\n\n"
            "  1. Første & bedste\n  2. Andet\n     - under\n\n", 1)
        path.write_text(content, encoding="utf-8")
        return build_summary(Folder(example_copy), networks=False)

    def it_writes_html_with_strong_links_and_nested_lists(self, summary):
        html = render_html(summary)
        assert ('<p>Se <strong>resultaterne</strong> på <a href="https://www.kl.dk/r?a=1&amp;b=2">kl.dk</a>.</p>'
                in html)
        assert "<ol><li>Første &amp; bedste</li><li>Andet<ul><li>under</li></ul></li></ol>" in html

    def it_writes_markdown_that_says_the_same(self, summary):
        md = render_markdown(summary)
        assert "Se **resultaterne** på [kl.dk](<https://www.kl.dk/r?a=1&b=2>)." in md
        assert "\n1. Første \\& bedste\n2. Andet\n   - under\n" in md


class DescribeCheck:
    @pytest.mark.parametrize(("text", "says"), [
        ("Indledning.\n\n## Mål", "'## Mål' is a heading, which running text cannot hold; "
                                  "use a section (sections:) instead"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "'| a | b |' is a table, which cannot be shown here"),
        ("- a\n  - b\n    - c", "'- c' is a list three levels deep; a list has at most two levels"),
    ])
    def it_gives_one_line_naming_the_file_line_and_field(self, example_copy, text, says):
        write_text(example_copy, "background", text)
        result = CliRunner().invoke(cli, ["check", str(example_copy)])
        assert result.exit_code == 1
        (line,) = [line for line in result.output.splitlines() if "background.text" in line]
        assert re.search(r"program\.yaml, line \d+: background\.text: ", line), line
        assert says in line

    def it_describes_running_text_in_the_schema(self):
        result = CliRunner().invoke(cli, ["schema"])
        assert "Running text in Markdown" in result.output
        assert "1. deltage i **alle** netværksmøder" in result.output


PROPS = CoreProperties("Rig tekst", created=dt.datetime(2021, 6, 14, 9, 30))


def rendered(build, value, title: str = "") -> bytes:
    return PreparedTemplate.from_bytes(docx_bytes(build, title=title), "rig.docx").render({"x": value}, PROPS)


class DescribeTheEngine:
    """A RichText where a template prints it: its runs made of the surrounding run, cleaned and escaped as text."""

    value = one_text("Det **fede** & [link](https://x.dk/?a=1&b=2) <3\\\nny linje")

    def it_keeps_the_properties_of_the_run_its_tag_stands_in(self):
        def build(document):
            run = document.add_paragraph().add_run("{{ x }}")
            run.font.size = Pt(14)
            run.font.color.rgb = RGBColor(0x00, 0x60, 0x6B)

        p = docx.Document(io.BytesIO(rendered(build, self.value))).paragraphs[0]
        assert p.text == "Det fede & link <3\nny linje"
        sized = [(r.text, r.font.size, str(r.font.color.rgb), bool(r.bold)) for r in p.runs if r.text]
        assert sized[:3] == [("Det ", Pt(14), "00606B", False), ("fede", Pt(14), "00606B", True),
                             (" & ", Pt(14), "00606B", False)]
        (link,) = p.hyperlinks
        assert link.address == "https://x.dk/?a=1&b=2"
        # python-docx's own template has no Hyperlink style: the link is coloured and underlined as one
        font = link.runs[0].font
        assert (font.size, str(font.color.rgb), font.underline) == (Pt(14), "0563C1", True)

    def it_shows_a_link_inside_a_templates_own_link_as_text(self):
        data = rendered(lambda d: hyperlink(paragraph(d), "{{ x }}"), self.value)
        p = docx.Document(io.BytesIO(data)).paragraphs[0]
        assert p.text == "Det fede & link <3\nny linje"
        assert len(p._p.findall(f".//{qn('w:hyperlink')}")) == 1

    def it_prints_plain_text_in_a_document_property(self):
        data = rendered(lambda d: paragraph(d, "x"), self.value, title="{{ x }}")
        assert docx.Document(io.BytesIO(data)).core_properties.title == \
            "Det fede & link (https://x.dk/?a=1&b=2) <3 ny linje"


class DescribeTheTemplates:
    def it_loops_over_blocks_items_and_the_items_under_them(self):
        doc = housestyle.new_document("Test", letterhead=False)
        housestyle.text_blocks(doc, "x.text")
        texts = [(p.text, p.style.name) for p in doc.paragraphs]
        assert texts[:3] == [("{%p for block in x.text %}", "Normal"), ("{%p if block.is_list %}", "Normal"),
                             ("{%p for block_item in block.items %}", "Normal")]
        printed = [(t, s) for t, s in texts if not t.startswith("{%p")]
        assert printed == [  # ending the list, kept with the next paragraph, neither
            ("{{ block_item.numbering }}{{ block_item.text }}", "List Number")] * 3 + [
            ("{{ block_item.text }}", "List Bullet")] * 3 + [
            ("{{ block_sub.numbering }}{{ block_sub.text }}", "List Number 2")] * 3 + [
            ("{{ block_sub.text }}", "List Bullet 2")] * 3 + [
            ("{{ block.text }}", "Normal"),  # leading into a list, kept with it
            ("{{ block.text }}", "Normal"),
        ]
        paragraphs = [p for p in doc.paragraphs if p.text == "{{ block.text }}"]
        assert [p.paragraph_format.keep_with_next for p in paragraphs] == [True, None]
        assert "{%p elif not loop.last and loop.nextitem.is_list %}" in [t for t, _ in texts]

    def it_defines_the_list_styles(self):
        document = docx.Document(str(bundled_template("invitation.docx")))
        names = {s.name for s in document.styles}
        assert {"List Bullet", "List Bullet 2", "List Number", "List Number 2"} <= names
        numbering = document.part.numbering_part.element
        ids = {int(n.get(qn("w:numId"))) for n in numbering.iter(qn("w:num"))}
        assert set(LIST_NUM_IDS) <= ids
