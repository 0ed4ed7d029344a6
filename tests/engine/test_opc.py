"""The OPC package's relationships, written as Word and the standard library write them."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from kldocs.engine.opc import RELS_NS, relationship_xml


@given(st.text(st.sampled_from("aæ&<>\"'\n\r\t /:?=#%") | st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))))
def test_a_relationship_quotes_its_values_as_the_standard_library_does(value):
    xml = relationship_xml("rId1", "http://schemas/type", value, external=True)
    assert xml == f"<Relationship Id=\"rId1\" Type=\"http://schemas/type\" Target={quoteattr(value)} TargetMode=\"External\"/>"
    parsed = etree.fromstring(f'<Relationships xmlns="{RELS_NS}">{xml}</Relationships>')[0]
    assert parsed.get("Target") == value
