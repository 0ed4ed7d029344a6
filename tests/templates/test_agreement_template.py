"""The bundled agreement template: what it asks of the data, and how it is laid out."""

import zipfile

import pytest
from kldocs.templates import agreement, housestyle
from kldocs.templates.build import HERE, build_all
from lxml import etree

from kldocs.engine.template import PreparedTemplate
from kldocs.resources import bundled_template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PATH = HERE / "agreement.docx"


def xml(path, name):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def canonical(path):
    with zipfile.ZipFile(path) as z:
        return {n: etree.tostring(etree.fromstring(z.read(n)), method="c14n")
                for n in z.namelist() if n.endswith(".xml") or n.endswith(".rels")}


def texts(element):
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in element.iter(f"{W}p")]


class DescribeTheTemplate:
    def it_is_what_its_builder_makes(self, tmp_path):
        (fresh,) = build_all(tmp_path, ["agreement"])
        assert canonical(PATH) == canonical(fresh), "run python -m kldocs.templates.build agreement"

    def it_asks_for_exactly_the_context_its_docstring_describes(self):
        template = PreparedTemplate.load(bundled_template("agreement.docx"))
        names = {"program", "municipality", "registration", "invoice", "agreement", "missing_goals", "final",
                 "network"}
        assert template.variables == names
        for name in names:
            assert f"``{name}``" in agreement.__doc__

    def it_marks_drafts_in_the_column_of_every_page(self):
        header = texts(xml(PATH, "word/header1.xml"))
        at = header.index("{%p if not final %}")
        assert header[at + 1] == "UDKAST"
        assert header[0] == "{{ program.sender.name }}"
        assert not any("Dato:" in t or "Dok. ID" in t for t in header)  # not a letter

    def it_prints_the_same_time_plan_as_the_invitation(self):
        def plan(path):
            body = texts(xml(path, "word/document.xml"))
            start = next(i for i, t in enumerate(body) if "program.timeline.heading" in t)
            end = body.index("{%tr endfor %}", body.index("{%tr for milestone in group.milestones %}")) + 2
            return body[start - 1:end]

        assert plan(PATH) == plan(HERE / "invitation.docx")


class DescribeTheSignatureBlocks:
    @pytest.fixture
    def table(self):
        return list(xml(PATH, "word/document.xml").iter(f"{W}tbl"))[-1]

    def they_sit_side_by_side_in_one_row_that_cannot_break_across_pages(self, table):
        rows = table.findall(f"{W}tr")
        assert len(rows) == 1
        assert rows[0].find(f"{W}trPr/{W}cantSplit") is not None
        widths = [int(c.get(f"{W}w")) for c in table.find(f"{W}tblGrid")]
        assert widths == [round(agreement.SIGNATURE_COLUMN * housestyle.CM)] * 2
        assert sum(widths) <= housestyle.BODY_WIDTH

    def they_have_no_table_lines(self, table):
        borders = table.find(f"{W}tblPr/{W}tblBorders")
        assert {etree.QName(b).localname: b.get(f"{W}val") for b in borders} == dict.fromkeys(
            ["top", "left", "bottom", "right", "insideH", "insideV"], "nil")

    def they_are_kept_with_the_approval_above_them(self):
        body = xml(PATH, "word/document.xml").find(f"{W}body")
        paragraphs = list(body.iter(f"{W}p"))
        approval = next(p for p in paragraphs if "Aftalen er tiltrådt af" in "".join(texts(p)))
        assert "Aftalen forelægges" in "".join(texts(approval))  # one paragraph, worded as a draft or final
        assert approval.find(f"{W}pPr/{W}keepNext") is not None

    def they_give_each_party_two_signatories_with_a_line_to_sign_on(self, table):
        municipality, association = ("".join(texts(c)) for c in table.iter(f"{W}tc"))
        assert municipality.startswith("For {{ municipality.official_name }}Sted og dato: ")
        assert "{{ agreement.mayor.title|capfirst }}" in municipality
        assert municipality.endswith("{{ agreement.director.title|capfirst }}")
        assert association.startswith("For {{ program.sender.name }}")
        assert "{{ agreement.chair.name }}" in association and "{{ agreement.association_director.name }}" in association
        cell = table.find(f"{W}tr/{W}tc")
        tabs = cell.findall(f".//{W}pPr/{W}tabs/{W}tab")
        assert [(t.get(f"{W}val"), t.get(f"{W}leader")) for t in tabs] == [("right", "underscore")]
        assert len(cell.findall(f".//{W}r/{W}tab")) == 6  # place/date, signature and name line, twice
