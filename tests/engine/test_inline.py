"""Where a marker stands: the run it is in, and whether a hyperlink holds it, found without reading the part back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kldocs.engine.inline import _in_hyperlink, _run_rpr

MARK = "\x03"

RPRS = st.sampled_from(["", "<w:rPr/>", "<w:rPr><w:b/></w:rPr>", '<w:rPr><w:rStyle w:val="Strong"/></w:rPr>'])
RUN_OPENS = st.sampled_from(["<w:r>", '<w:r w:rsidR="00AB">'])
P_OPENS = st.sampled_from(["<w:p>", '<w:p w:rsidR="00AB">', '<w:p><w:pPr><w:pStyle w:val="Brødtekst"/></w:pPr>'])


@st.composite
def runs(draw: st.DrawFn) -> str:
    texts = draw(st.lists(st.sampled_from(["tekst ", MARK, "<w:r>?", "æøå"]), min_size=1, max_size=3))
    return f'{draw(RUN_OPENS)}{draw(RPRS)}<w:t xml:space="preserve">{"".join(texts)}</w:t></w:r>'


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    content = []
    for _ in range(draw(st.integers(1, 4))):
        made = "".join(draw(st.lists(runs(), min_size=1, max_size=3)))
        content.append(f'<w:hyperlink r:id="rId9">{made}</w:hyperlink>' if draw(st.booleans()) else made)
    return f"{draw(P_OPENS)}{''.join(content)}</w:p>"


@st.composite
def bodies(draw: st.DrawFn) -> str:
    return "<w:body>" + "".join(draw(st.lists(paragraphs(), min_size=1, max_size=5))) + "</w:body>"


def whole_part_in_hyperlink(xml: str, position: int) -> bool:
    """The question asked of the whole part before the marker."""
    return xml.rfind("<w:hyperlink", 0, position) > xml.rfind("</w:hyperlink>", 0, position)


def whole_part_rpr(xml: str, position: int) -> str:
    import re

    start = max(xml.rfind("<w:r>", 0, position), xml.rfind("<w:r ", 0, position))
    if start < 0:
        return ""
    found = re.compile(r"<w:rPr>(.*?)</w:rPr>|<w:rPr/>", re.S).search(xml, start, position)
    return found.group(0) if found else ""


@given(bodies())
def test_each_marker_is_placed_as_reading_the_whole_part_back_would_place_it(xml: str) -> None:
    positions = [i for i, c in enumerate(xml) if c == MARK]
    for position in positions:
        assert _in_hyperlink(xml, position) == whole_part_in_hyperlink(xml, position)
        assert _run_rpr(xml, position) == whole_part_rpr(xml, position)


def test_a_hyperlink_open_before_a_text_box_paragraph_that_has_ended_still_holds_the_marker() -> None:
    inner = '<w:txbxContent><w:p><w:r><w:t>boks</w:t></w:r></w:p></w:txbxContent>'
    xml = (f'<w:p><w:hyperlink r:id="rId9"><w:r><w:drawing>{inner}</w:drawing></w:r>'
           f'<w:r><w:t>{MARK}</w:t></w:r></w:hyperlink></w:p>')
    assert _in_hyperlink(xml, xml.index(MARK))


def test_a_run_without_properties_after_runs_with_them_has_none() -> None:
    xml = f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>fed</w:t></w:r><w:r><w:t>{MARK}</w:t></w:r></w:p>'
    assert _run_rpr(xml, xml.index(MARK)) == ""
    xml = f'<w:p><w:r w:rsidR="1"><w:rPr><w:i/></w:rPr><w:t>{MARK}</w:t></w:r></w:p>'
    assert _run_rpr(xml, xml.index(MARK)) == "<w:rPr><w:i/></w:rPr>"
