"""`kldocs check` checks every Word template a programme folder would use."""

from __future__ import annotations

from docxfactory import docx_bytes, paragraph
from kldocs.app import check_folder


def test_bundled_templates_are_checked(example_dir):
    report = check_folder(example_dir)
    assert report.problems == []
    assert "invitation.docx (bundled): template checked, no problems" in report.ok


def test_a_programmes_own_broken_template_is_reported_by_paragraph(example_copy):
    templates = example_copy / "templates"
    templates.mkdir()
    (templates / "invitation.docx").write_bytes(docx_bytes(lambda d: paragraph(d, "Kære {{ navn")))
    (templates / "~$invitation.docx").write_bytes(b"Word's lock file")
    (templates / "eget.docx").write_bytes(docx_bytes(lambda d: paragraph(d, "{{ x }}")))
    report = check_folder(example_copy)
    assert report.problems == [
        "invitation.docx, body, paragraph 1 (\"Kære {{ navn\"): the tag '{{ navn' is not closed in this "
        "paragraph (expected '}}')"
    ]
    assert "templates/eget.docx: template checked, no problems" in report.ok
    assert not any("invitation.docx (bundled)" in line for line in report.ok)


def test_a_file_that_is_not_a_word_document_is_reported(example_copy):
    (example_copy / "templates").mkdir()
    (example_copy / "templates" / "agreement.docx").write_text("not a document")
    report = check_folder(example_copy)
    assert report.problems[0].startswith("agreement.docx: is not a Word document (.docx)")
    assert len(report.problems) == len(set(report.problems))
