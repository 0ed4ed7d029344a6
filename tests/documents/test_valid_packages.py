"""Every document of every bundled example is valid Office Open XML: Word opens it without a repair prompt."""

from __future__ import annotations

import pytest

from validate_outputs import EXAMPLES, errors_by_document


@pytest.mark.parametrize("folder", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_generated_document_validates_against_the_schemas(folder, tmp_path):
    found = errors_by_document(folder, tmp_path)
    assert {kind for kind, _ in found} >= {"invitations", "agreements", "networks", "summary", "agreements (final)",
                                           "invitations (combined)"}
    assert {doc: errors for doc, errors in found.items() if errors} == {}
