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
            assert column[1] == housestyle.wordmark(housestyle.LOGO_MM)  # the logo, or the name at 18 pt
            assert not any("Dato:" in t or "Dok. ID" in t for t in column)  # not a letter

    def it_prints_the_same_time_plan_as_the_invitation_from_its_own_copy(self):
        def plan(path, source):  # the agreement's copy leaves out the deadline of signing up
            body = [t.replace(source, "timeline") for t in texts(xml(path, "word/document.xml"))]
            start = next(i for i, t in enumerate(body) if "timeline.intro" in t)
            end = body.index("{%tr endfor %}", body.index("{%tr for milestone in group.milestones %}")) + 2
            return body[start:end]

        assert plan(PATH, "agreement.timeline") == plan(HERE / "invitation.docx", "program.timeline")
        assert "program.timeline" not in "".join(plan(PATH, "timeline"))


def signature_lines(path=PATH):
    """The paragraphs of the signature blocks: from the one with the sentence leading in to the end of the text."""
    paragraphs = list(xml(path, "word/document.xml").find(f"{W}body").iter(f"{W}p"))
    start = next(i for i, p in enumerate(paragraphs) if "For {{ municipality" in "".join(texts(p)))
    return paragraphs[start:]


def stops(p):
    return [(int(t.get(f"{W}pos")), t.get(f"{W}val"), t.get(f"{W}leader")) for t in p.findall(f"{W}pPr/{W}tabs/{W}tab")]


def underlined(run):
    u = run.find(f"{W}rPr/{W}u")
    return u is not None and u.get(f"{W}val") != "none"


class DescribeTheSignatureBlocks:
    def they_are_lines_of_text_not_a_table(self):
        assert not any(p.getparent().tag == f"{W}tc" for p in signature_lines())
        for table in xml(PATH, "word/document.xml").iter(f"{W}tbl"):  # the tables left have headings
            first = next(r for r in table.iter(f"{W}tr") if not "".join(r.itertext()).startswith("{%tr"))
            assert first.find(f"{W}trPr/{W}tblHeader") is not None

    def they_sit_side_by_side_within_the_text_column_with_lines_to_write_on_drawn_by_underlined_tabs(self):
        column, line = (docx.shared.Cm(cm).twips for cm in (agreement.SIGNATURE_COLUMN, agreement.SIGNATURE_LINE))
        (block,) = signature_lines()
        assert stops(block) == [(column, "left", None), (column + line, "left", None)]
        assert column + line <= housestyle.BODY_WIDTH
        # a left line to write on runs from the margin to the right block's stop; a right one from after the gap
        # (an em space, the body's size in points) to its end: each as long as the other, to a millimetre
        em = housestyle.BODY_SIZE * 20
        assert abs((line - em) - column) <= docx.shared.Mm(1).twips
        fills = [run for run in block.iter(f"{W}r") if underlined(run)]
        assert len(fills) == 2 * (2 + 2 + 1 + 1 + 2)  # each pair: place, signature, names unknown in 3 of 4 cases
        assert all([child.tag for child in run if child.tag != f"{W}rPr"] == [f"{W}tab"] for run in fills)

    def they_reach_the_right_block_with_one_tab_and_begin_each_of_its_lines_with_a_gap(self):
        # One tab: a text of the left block nearly as wide as the block keeps the right block's text on its line (a
        # second tab would carry it past the line's end). The em space is the gap after a left line to write on.
        (block,) = signature_lines()
        pieces = []  # the block's tabs (underlined or not), line breaks and texts, in order
        for el in block.iter(f"{W}t", f"{W}tab", f"{W}br"):
            run = el.getparent()
            if run.tag != f"{W}r":
                continue
            if el.tag == f"{W}tab":
                pieces.append("fill" if underlined(run) else "tab")
            elif el.tag == f"{W}br":
                pieces.append("br")
            elif el.text:
                pieces.append(el.text)
        after = [(piece, pieces[i + 1] if i + 1 < len(pieces) else "end") for i, piece in enumerate(pieces)
                 if piece in ("tab", "fill")]
        assert all(nxt not in ("tab", "fill") for _, nxt in after)  # never two tabs in a row
        assert all(nxt.startswith(agreement._GAP) for piece, nxt in after if piece == "tab")
        assert all(nxt.startswith(agreement._GAP) or nxt in ("br", "end") or nxt.startswith("{%")
                   for piece, nxt in after if piece == "fill")

    def they_are_one_paragraph_kept_together_with_the_approval_and_right_after_the_heading(self):
        # LibreOffice breaks a chain of paragraphs kept with the next; it moves a paragraph kept together whole
        body = xml(PATH, "word/document.xml").find(f"{W}body")
        paragraphs = list(body.iter(f"{W}p"))
        block = paragraphs[-1]
        text = "".join(texts(block))
        assert text.startswith("{% if not final %}Aftalen forelægges")  # the sentence, worded as a draft or final
        assert "Aftalen er tiltrådt af" in text
        assert text.index("{% endif %}") < text.index("For {{ municipality")
        assert "".join(texts(paragraphs[-2])) == "Godkendelse og underskrifter"
        assert block.find(f"{W}pPr/{W}keepLines") is not None
        assert len(block.findall(f".//{W}br")) > 10

    def they_give_each_party_two_signatories_with_a_name_printed_or_a_line_to_write_it_on(self):
        (block,) = signature_lines()
        text = "".join(texts(block))
        assert f"For {{{{ municipality.official_name }}}}{agreement._GAP}For {{{{ program.sender.name }}}}" in text
        at = [0]
        for left, right in (("agreement.mayor", "agreement.chair"),
                            ("agreement.director", "agreement.association_director")):
            cases = [f"{{% if {left}.has_name and {right}.has_name %}}", f"{{% elif {left}.has_name %}}",
                     f"{{% elif {right}.has_name %}}", "{% else %}", "{% endif %}"]
            for case in cases:  # in this order, after the pair before
                at.append(text.index(case, at[-1]))
            titles = f"agreement.side_by_side({left}.title|capfirst, {right}.title|capfirst, "  # each in its block
            at.append(text.index(titles, at[-1]))
            assert text.index("{{ a }}" + agreement._GAP + "{{ b }}", at[-1]) > at[-1]  # (a tab between them)
        assert text.count("Sted og dato: ") == 4


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
                             ("Telefon", "phone|phone")):  # a phone number on one line
            assert f"{label}: {{{{ registration.{value} }}}}" in lines
        assert "{%p if registration.contact_title %}" in lines and "{%p if registration.phone %}" in lines
