"""The command line's English counts and lists."""

import pytest

from kldocs.english import counted, joined


@pytest.mark.parametrize("count, said", [(0, "0 images"), (1, "1 image"), (2, "2 images")])
def test_a_count_takes_its_noun_in_the_singular_only_for_one(count, said):
    assert counted(count, "image") == said


def test_a_noun_with_its_own_plural():
    assert counted(1, "next activity", "next activities") == "1 next activity"
    assert counted(4, "next activity", "next activities") == "4 next activities"


@pytest.mark.parametrize("parts, said", [
    ([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c"), ([8, 9], "8 and 9"),
])
def test_lists_join_with_commas_and_a_final_and(parts, said):
    assert joined(parts) == said


def test_alternatives_join_with_a_final_or():
    assert joined(iter(["a", "b", "c"]), "or") == "a, b or c"
