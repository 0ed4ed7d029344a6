"""Documents that go out as they are: properties for people, and example content that is honest.

The document properties (File → Info in Word) of every kind name what the
document is, for whom and about what; the hash of the data it is made from
lives in the manifest, not in them. The bundled example's quotes are public
ones, quoted word for word, and nothing it builds is marked "(eksempel)".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import DATA, EXAMPLE_DIR
from docxfactory import parts, text_lines
from kldocs.app import build_all
from kldocs.inputs.program import load_program
from kldocs.inputs.yamlio import load_yaml

SEED_NEWS = DATA / "results" / "seed-004-news.txt"
"""KL's news piece of 23 June 2021 (shared/seeds/004_*), where the example's quotes come from."""

TOPIC = "stærke børnefællesskaber i dagtilbud"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    build_all(EXAMPLE_DIR, out)
    return out


def core(path: Path) -> dict[str, str | None]:
    root = etree.fromstring(parts(path.read_bytes())["docProps/core.xml"])
    return {etree.QName(el).localname: el.text for el in root}


def documents(built: Path) -> dict[str, Path]:
    return {
        "invitation": built / "invitations" / "0751-aarhus.docx",
        "agreement": built / "agreements" / "0751-aarhus-partnerskabsaftale.docx",
        "networks": built / "networks" / "netvaerk.docx",
        "summary": built / "summary" / "formidling.docx",
    }


class DescribeCoreProperties:
    @pytest.mark.parametrize("kind", ["invitation", "agreement", "networks", "summary"])
    def they_name_the_topic_as_one_keyword_and_carry_no_hash(self, built, kind):
        path = documents(built)[kind]
        props = core(path)
        assert props["keywords"] == TOPIC
        xml = parts(path.read_bytes())["docProps/core.xml"].decode("utf-8")
        assert "sha256" not in xml.lower() and "sha-256" not in xml.lower() and "kldocs" not in xml
        hashes = {e["data_hash"] for e in json.loads((path.parent / "manifest.json").read_text("utf-8"))["files"]}
        assert not any(h in xml for h in hashes)  # the manifest has it
        assert props["creator"] == "KL"

    def they_give_each_document_a_title_and_a_subject(self, built):
        found = {kind: core(path) for kind, path in documents(built).items()}
        assert (found["invitation"]["title"], found["invitation"]["subject"]) == (
            "Invitation til kommunalt partnerskab om stærke børnefællesskaber i dagtilbud", "Aarhus Kommune")
        assert found["invitation"]["description"] == "Invitation fra KL til Aarhus Kommune."
        assert (found["agreement"]["title"], found["agreement"]["subject"]) == (
            "Udkast til politisk partnerskabsaftale om stærke børnefællesskaber i dagtilbud", "Aarhus Kommune")
        program = load_program(EXAMPLE_DIR)
        assert found["networks"]["title"] == "Netværk i partnerskabet om stærke børnefællesskaber i dagtilbud"
        assert found["networks"]["subject"] == program.title
        assert found["networks"]["description"] == "De 24 kommuner i partnerskabet er fordelt på tre netværk."
        assert found["summary"]["title"] == "Indsigter fra kommunalt partnerskab om stærke børnefællesskaber i dagtilbud"
        assert found["summary"]["description"].startswith("Kommunale chefer, konsulenter og ledere samler op")

    def they_have_no_capital_inside_a_title(self, built):
        for kind, path in documents(built).items():
            title = core(path)["title"] or ""
            inside = [w for w in title.split()[1:] if w[:1].isupper() and not w.isupper()]
            assert inside == [], f"{kind}: {title!r}"

    def they_title_the_overview_as_the_heading_it_opens_with(self, built):
        path = documents(built)["networks"]
        assert text_lines(path.read_bytes())[0] == core(path)["title"]


def squeeze(text: str) -> str:
    """Text with every run of whitespace one space, and typographic quotes as the seed writes them."""
    return re.sub(r"\s+", " ", text).strip()


def quotes() -> list[dict[str, str]]:
    data = load_yaml(EXAMPLE_DIR / "results.yaml").data
    return [block["quote"] for section in data["sections"] for block in section["blocks"] if "quote" in block]


class DescribeTheExamplesContent:
    def it_quotes_public_words_word_for_word_with_the_speaker_the_seed_names(self):
        seed = squeeze(SEED_NEWS.read_text(encoding="utf-8"))
        found = quotes()
        assert len(found) == 2
        for quote in found:
            assert squeeze(quote["text"]) in seed, quote["name"]
            assert quote["name"] in seed
            assert re.search(rf"{quote['name']}, (der er )?{re.escape(quote['title'].split()[0])}", seed,
                             flags=re.IGNORECASE), quote

    def it_marks_nothing_it_builds_as_an_example(self, built):
        for path in sorted(built.rglob("*")):
            if path.suffix == ".docx":
                body = "\n".join(text_lines(path.read_bytes()))
            elif path.suffix in (".html", ".md"):
                body = path.read_text(encoding="utf-8")
            else:
                continue
            assert "(eksempel)" not in body.lower(), path.name

    def it_gives_true_credit_lines(self, built):
        body = "\n".join(text_lines((built / "summary" / "formidling.docx").read_bytes()))
        assert "Illustration: kldocs" in body

    def it_says_in_its_files_what_is_example_data(self):
        readme = (EXAMPLE_DIR / "README.md").read_text(encoding="utf-8")
        assert "## Example data" in readme
        for name in ("registrations.csv", "program.yaml", "results.yaml", "billeder/faellesskab.jpg"):
            assert f"`{name}`" in readme
        for name in ("program.yaml", "results.yaml"):
            head = (EXAMPLE_DIR / name).read_text(encoding="utf-8").split("\n\n")[0]
            assert head.startswith("#") and "EXAMPLE DATA" in head and "README.md" in head
