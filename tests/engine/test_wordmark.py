"""The sender's name at the top of the letterhead: the size it fits at, in the letter and in its PDF."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from kldocs.templates import housestyle
from lxml import etree

from kldocs.cli import cli
from kldocs.engine import wordmark
from kldocs.engine.wordmark import LINE_HEIGHT, SIZES, lines_at, text_width, wordmark_size
from kldocs.errors import InputError
from kldocs.inputs.program import load_program


class DescribeTheSize:
    @pytest.mark.parametrize(("name", "size"), [
        ("KL", 18), ("Danske Regioner", 18), ("Kommunernes Landsforening", 14), ("KL og Danske Regioner", 14),
        ("Det Nationale Forsknings- og Analysecenter for Velfærd", 11),
        ("KL og Børne- og Undervisningsministeriet", 9),
    ])
    def it_takes_the_largest_size_at_which_every_word_fits_and_the_lines_fit_the_room(self, name, size):
        assert wordmark_size(name) == size

    def it_fits_none_when_a_word_is_wider_than_the_column_at_the_smallest_size(self):
        assert wordmark_size("Undervisningsministerietsfællesstyrelse") is None
        assert wordmark_size(" ".join(["KL og Danske Regioner"] * 6)) is None  # six lines at 9 pt

    def it_breaks_lines_at_spaces_and_after_hyphens(self):
        assert lines_at("Børne- og Undervisningsministeriet", 9, 113.4) == 2
        assert lines_at("Undervisningsministeriet", 14, 113.4) is None  # it would break inside the word

    def it_does_not_break_at_a_no_break_space(self):
        assert lines_at("Kommunernes Landsforening", 14, 113.4) == 2
        assert lines_at("Kommunernes\xa0Landsforening", 14, 113.4) is None  # one word, wider than the column
        assert (wordmark_size("Kommunernes Landsforening"), wordmark_size("Kommunernes\xa0Landsforening")) == (14, None)

    def it_measures_bold_arial(self):
        assert text_width("KL", 18) == pytest.approx((722 + 611) * 18 / 1000)
        assert text_width("æøå", 10) == pytest.approx((889 + 611 + 556) / 100)

    def it_holds_the_lines_each_size_allows_in_the_room_above_the_details(self):
        room = (wordmark.COLUMN_Y - wordmark.WORDMARK_Y) / 20
        assert all(most * size * LINE_HEIGHT <= room for size, most in SIZES)

    def it_measures_the_column_the_house_style_draws(self):
        assert (housestyle.COLUMN_WIDTH, housestyle.WORDMARK_Y, housestyle.COLUMN_Y) == (
            wordmark.COLUMN_WIDTH, wordmark.WORDMARK_Y, wordmark.COLUMN_Y)


def with_sender(example_copy: Path, name: str) -> Path:
    path = example_copy / "program.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\n  name: KL\n" in text
    path.write_text(text.replace("\n  name: KL\n", f"\n  name: {name}\n", 1), encoding="utf-8")
    return example_copy


class DescribeTheLetterhead:
    def it_refuses_a_name_that_fits_at_no_size_and_asks_for_a_logo(self, example_copy):
        with pytest.raises(InputError) as info:
            load_program(with_sender(example_copy, "Undervisningsministerietsfællesstyrelse"))
        (problem,) = info.value.problems
        assert re.fullmatch(r"program\.yaml, line \d+: sender: the name .*does not fit at the top of the letterhead, "
                            r"4 cm wide, even at 9 pt .*give the sender's logo \(logo: logo\.png\).*", problem), problem

    def it_prints_the_name_once_at_its_size(self, example_copy, tmp_path):
        folder = with_sender(example_copy, "KL og Børne- og Undervisningsministeriet")
        result = CliRunner().invoke(cli, ["invitations", str(folder), "--to", "København", "--out", str(tmp_path / "o")])
        assert result.exit_code == 0, result.output
        with zipfile.ZipFile(tmp_path / "o" / "0101-koebenhavn.docx") as docx:
            body = etree.fromstring(docx.read("word/document.xml"))
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        marks = [r for r in body.iter(f"{w}r") if "".join(r.itertext()) == "KL og Børne- og Undervisningsministeriet"]
        assert [r.find(f"{w}rPr/{w}sz").get(f"{w}val") for r in marks] == ["18"]  # 9 pt, in half-points

    @pytest.mark.soffice
    def it_ends_above_the_details_in_the_pdf(self, example_copy, tmp_path):
        folder = with_sender(example_copy, "Styrelsen for Undervisning og Kvalitet")
        result = CliRunner().invoke(cli, ["invitations", str(folder), "--to", "København", "--pdf",
                                          "--out", str(tmp_path / "o")])
        assert result.exit_code == 0, result.output
        html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(tmp_path / "o" / "0101-koebenhavn.pdf"),
                               "-"], capture_output=True, text=True, check=True).stdout
        words = [(float(m["ymin"]), float(m["ymax"]), m["word"]) for m in re.finditer(
            r'<word xMin="[\d.]+" yMin="(?P<ymin>[\d.]+)" xMax="[\d.]+" yMax="(?P<ymax>[\d.]+)">(?P<word>[^<]*)</word>',
            html)]
        name_bottom = max(ymax for _, ymax, word in words if word in {"Styrelsen", "Undervisning", "Kvalitet"})
        details_top = min(ymin for ymin, _, word in words if word == "Dato:")
        assert name_bottom < details_top
