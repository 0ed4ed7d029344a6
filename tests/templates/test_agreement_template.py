"""The bundled agreement template: what it asks of the data, and how it is laid out."""

import zipfile

import docx
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
        body = xml(PATH, "word/document.xml").find(f"{W}body")
        first_page = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}framePr") is not None]
        for column in (texts(xml(PATH, "word/header1.xml")), [t for p in first_page for t in texts(p)]):
            at = column.index("{%p if not final %}")
            assert column[at + 1] == "UDKAST"
            assert column[0] == housestyle.wordmark(housestyle.LOGO_MM)
            assert not any("Dato:" in t or "Dok. ID" in t for t in column)  # not a letter

    def it_prints_the_same_time_plan_as_the_invitation(self):
        def plan(path):
            body = texts(xml(path, "word/document.xml"))
            start = next(i for i, t in enumerate(body) if "program.timeline.intro" in t)
            end = body.index("{%tr endfor %}", body.index("{%tr for milestone in group.milestones %}")) + 2
            return body[start:end]

        assert plan(PATH) == plan(HERE / "invitation.docx")


def signature_lines(path=PATH):
    """The paragraphs of the signature blocks: from the line naming the parties to the end of the text."""
    paragraphs = list(xml(path, "word/document.xml").find(f"{W}body").iter(f"{W}p"))
    start = next(i for i, p in enumerate(paragraphs) if "".join(texts(p)).startswith("For {{ municipality"))
    return paragraphs[start:]


def stops(p):
    return [(int(t.get(f"{W}pos")), t.get(f"{W}val"), t.get(f"{W}leader")) for t in p.findall(f"{W}pPr/{W}tabs/{W}tab")]


def columns(p):
    """The text of a line of the blocks as it falls into the left and the right block, by its tab stops.

    Text is shorter than a block (the widest, the municipality's name, is a third of it), so a tab goes
    to the next stop; the stop at the second block's left edge starts it. A tab that ends at a stop
    with a leader prints as a line (___).
    """
    where, left, right, at = "left", "", "", 0
    column = docx.shared.Cm(agreement.SIGNATURE_COLUMN).twips
    for el in p.iter(f"{W}t", f"{W}tab"):
        if el.tag == f"{W}t":
            text = el.text or ""
            at = max(at, 1) if text else at
        else:
            if el.getparent().tag != f"{W}r":
                continue
            pos, _, leader = next(s for s in stops(p) if s[0] > at)
            at, text = pos, "___" if leader else ""
            if pos == column:
                where = "right"
                continue
        if where == "left":
            left += text
        else:
            right += text
    return left, right


class DescribeTheSignatureBlocks:
    def they_are_lines_of_text_not_a_table(self):
        assert not any(p.getparent().tag == f"{W}tc" for p in signature_lines())
        assert all(t.find(f"{W}tr").find(f"{W}trPr/{W}tblHeader") is not None
                   for t in xml(PATH, "word/document.xml").iter(f"{W}tbl"))  # the tables left have headings

    def they_sit_side_by_side_within_the_text_column(self):
        column, line = (docx.shared.Cm(cm).twips for cm in (agreement.SIGNATURE_COLUMN, agreement.SIGNATURE_LINE))
        printed = [p for p in signature_lines() if not "".join(texts(p)).startswith("{%p")]
        for p in printed:
            assert (column, "left", None) in stops(p)
            assert all(pos <= column + line <= housestyle.BODY_WIDTH for pos, _, _ in stops(p))
            assert {(pos, val, leader) for pos, val, leader in stops(p) if leader} <= {
                (line, "right", "underscore"), (column + line, "right", "underscore")}

    def they_are_kept_together_with_the_approval_above_them(self):
        body = xml(PATH, "word/document.xml").find(f"{W}body")
        paragraphs = list(body.iter(f"{W}p"))
        approval = next(p for p in paragraphs if "Aftalen er tiltrådt af" in "".join(texts(p)))
        assert "Aftalen forelægges" in "".join(texts(approval))  # one paragraph, worded as a draft or final
        assert approval.find(f"{W}pPr/{W}keepNext") is not None
        printed = [p for p in signature_lines() if not "".join(texts(p)).startswith("{%p")]
        assert [p.find(f"{W}pPr/{W}keepNext") is not None for p in printed] == [True] * (len(printed) - 1) + [False]
        assert all(p.find(f"{W}pPr/{W}keepLines") is not None for p in printed)
        assert texts(paragraphs[-1]) == texts(printed[-1])  # nothing after them

    def they_give_each_party_two_signatories_with_a_line_to_sign_on(self):
        lines = [columns(p) for p in signature_lines()]
        tags = [left for left, _ in lines if left.startswith("{%p")]
        assert tags == [
            "{%p if agreement.mayor.has_name and agreement.chair.has_name %}", "{%p elif agreement.mayor.has_name %}",
            "{%p elif agreement.chair.has_name %}", "{%p else %}", "{%p endif %}",
            "{%p if agreement.director.has_name and agreement.association_director.has_name %}",
            "{%p elif agreement.director.has_name %}", "{%p elif agreement.association_director.has_name %}",
            "{%p else %}", "{%p endif %}",
        ]
        blocks = [line for line in lines if not line[0].startswith("{%p")]
        left = [text for text, _ in blocks]
        right = [text for _, text in blocks]
        assert left[:3] == ["For {{ municipality.official_name }}", "Sted og dato: ___", "___"]
        assert right[:3] == ["For {{ program.sender.name }}", "Sted og dato: ___", "___"]
        # each name line in its four cases (both known, only the left, only the right, neither), then the title
        assert left[3:8] == ["{{ agreement.mayor.name }}", "{{ agreement.mayor.name }}", "Navn: ___", "Navn: ___",
                             "{{ agreement.mayor.title|capfirst }}"]
        assert right[3:8] == ["{{ agreement.chair.name }}", "Navn: ___", "{{ agreement.chair.name }}", "Navn: ___",
                              "{{ agreement.chair.title|capfirst }}"]
        assert left[8:] == ["Sted og dato: ___", "___", "{{ agreement.director.name }}", "{{ agreement.director.name }}",
                            "Navn: ___", "Navn: ___", "{{ agreement.director.title|capfirst }}"]
        assert right[8:] == ["Sted og dato: ___", "___", "{{ agreement.association_director.name }}", "Navn: ___",
                             "{{ agreement.association_director.name }}", "Navn: ___",
                             "{{ agreement.association_director.title|capfirst }}"]


class DescribeTheDraftNotice:
    def it_is_a_shaded_paragraph_with_rules_not_a_table(self):
        body = xml(PATH, "word/document.xml").find(f"{W}body")
        notice = next(p for p in body.iter(f"{W}p") if "".join(texts(p)).startswith("UDKAST til behandling"))
        assert notice.getparent() is body
        assert notice.find(f"{W}pPr/{W}shd").get(f"{W}fill") == housestyle.SHADE
        borders = {etree.QName(b).localname: b.get(f"{W}color") for b in notice.find(f"{W}pPr/{W}pBdr")}
        assert borders == {"top": "A6A6A6", "left": housestyle.SHADE, "bottom": "A6A6A6", "right": housestyle.SHADE}


class DescribeTheContactPerson:
    def it_is_lines_of_a_label_and_its_value_not_a_table(self):
        body = xml(PATH, "word/document.xml").find(f"{W}body")
        lines = {"".join(texts(p)): p for p in body if p.tag == f"{W}p"}
        for label, value in (("Navn", "contact_name"), ("Titel", "contact_title"), ("E-mail", "email"),
                             ("Telefon", "phone")):
            assert f"{label}: {{{{ registration.{value} }}}}" in lines
        assert "{%p if registration.contact_title %}" in lines and "{%p if registration.phone %}" in lines
