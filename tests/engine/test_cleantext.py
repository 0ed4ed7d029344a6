"""One text cleaner for every part: what XML, a document property, an e-mail header or Excel cannot hold."""

from __future__ import annotations

import datetime as dt
import email
import io
import re
import zipfile
from email import policy
from xml.etree import ElementTree

import pytest

from docxfactory import docx_bytes, paragraph
from kldocs.engine import cleantext
from kldocs.engine.cleantext import csv_cell, one_line, xml_text
from kldocs.engine.eml import email_draft
from kldocs.engine.template import CoreProperties, PreparedTemplate

HOSTILE = "Stærke\x00 børne\x07fælles\x1bskaber\ud800 \ufffe& <b>\r\nII"


class DescribeTheCleaner:
    def it_removes_what_xml_cannot_hold_and_keeps_the_lines(self):
        assert xml_text(HOSTILE) == "Stærke børnefællesskaber & <b>\nII"

    def it_makes_one_line_of_a_field_that_holds_one(self):
        assert one_line(HOSTILE) == "Stærke børnefællesskaber & <b> II"
        assert one_line("a\tb\u2028c\x0bd") == "a b c d"

    @pytest.mark.parametrize(("cell", "written"), [("=1+2", "'=1+2"), ("Ærø\x00", "Ærø"), (3, 3), (None, None)])
    def it_cleans_csv_cells_and_quotes_formulas(self, cell, written):
        assert csv_cell(cell) == written


def test_core_properties_with_control_characters_stay_well_formed_xml():
    def letter(d):
        paragraph(d, "Til {{ name }}")

    template = PreparedTemplate.from_bytes(docx_bytes(letter), "brev.docx")
    properties = CoreProperties(HOSTILE, created=dt.datetime(2021, 6, 14), author="KL\x0b\x01", subject=HOSTILE)
    data = template.render({"name": HOSTILE}, properties, record="x")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = ElementTree.fromstring(z.read("docProps/core.xml"))
        body = z.read("word/document.xml").decode()
    texts = {element.tag.split("}")[1]: element.text for element in core}
    assert texts["title"] == "Stærke børnefællesskaber & <b> II"
    assert texts["creator"] == "KL "  # the vertical tab is a line break, made a space
    assert "Stærke børnefællesskaber &amp; &lt;b&gt;" in body


def test_an_e_mail_header_is_one_line_whatever_the_data_holds():
    data = email_draft(sender="kontakt@kl.dk", sender_name="Anne\nBcc: x@y.dk", to="a@b.dk", to_name="Bo\r\nTo: c@d.dk",
                       subject="Invitation\nBcc: evil@example.com", body="Kære Bo\x00\n", attachment=b"x",
                       filename="brev.pdf", date=dt.datetime(2021, 6, 14, tzinfo=dt.UTC))
    message = email.message_from_bytes(data, policy=policy.default)
    assert message["Subject"] == "Invitation Bcc: evil@example.com"
    assert message["Bcc"] is None
    assert message["To"].addresses[0].display_name == "Bo To: c@d.dk"
    assert message["From"].addresses[0].display_name == "Anne Bcc: x@y.dk"


def test_the_characters_removed_are_exactly_those_xml_cannot_hold():
    every = "".join(map(chr, range(0x110000)))
    assert cleantext._ILLEGAL.sub("", every) == re.sub(f"(?!{cleantext.ALLOWED}).", "", every, flags=re.S)
