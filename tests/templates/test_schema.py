"""The bundled templates are valid Office Open XML, so Word opens them, and what is rendered from them, without repair."""

import zipfile

import pytest
from kldocs.templates.build import HERE, builders
from openxml_audit import FileFormat, OpenXmlValidator

# openxml-audit checks the transitional schemas (the schemas.openxmlformats.org
# namespaces): the ones Word writes and python-docx uses.
VALIDATOR = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0)


@pytest.mark.parametrize("kind", sorted(builders()))
def it_is_valid_office_open_xml(kind):
    result = VALIDATOR.validate(HERE / f"{kind}.docx")
    assert [str(e) for e in result.errors] == []


def it_would_find_a_table_property_given_twice(tmp_path):
    """The check is not idle: a second <w:tblLook>, as the builders once wrote, is an error."""
    twice = tmp_path / "twice.docx"
    with zipfile.ZipFile(HERE / "invitation.docx") as src, zipfile.ZipFile(twice, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:tblPr>", b'<w:tblLook w:val="0000"/></w:tblPr>', 1)
            dst.writestr(info, data)
    assert [e.node for e in VALIDATOR.validate(twice).errors] == ["tblLook"]
