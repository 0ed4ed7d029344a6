"""The search's answers kept between runs: read back only for the same instance, settings and code."""

import hashlib
import json

import numpy as np
import pytest

from kldocs import resources
from kldocs.networks import search
from kldocs.networks.search import Instance, SearchSettings, solve

FAST = SearchSettings(starts=2, steps=40)


def instance(seed: int = 1, n: int = 12, **constraints) -> Instance:
    values = np.random.default_rng(seed).random((n, n))
    pair = (values + values.T) / 2
    np.fill_diagonal(pair, 0)
    return Instance(pair=pair, sizes=(n // 2, n - n // 2), **constraints)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KLDOCS_NO_CACHE", raising=False)
    return tmp_path / "kldocs" / "networks"


@pytest.fixture
def searched(monkeypatch):
    """The instances searched (not read back) in the test."""
    calls = []
    real = search._search

    def counting(inst, settings):
        calls.append(inst)
        return real(inst, settings)

    monkeypatch.setattr(search, "_search", counting)
    return calls


class DescribeKeptLineups:
    def it_reads_back_the_answer_of_an_earlier_run(self, cache, searched):
        first = solve(instance(), FAST)
        assert solve(instance(), FAST) == first
        assert len(searched) == 1 and len(list(cache.iterdir())) == 1

    def it_gives_what_the_search_gives(self, cache, searched, monkeypatch):
        for seed in range(4):
            solve(instance(seed), FAST)
        kept = [solve(instance(seed), FAST) for seed in range(4)]  # read back
        assert len(searched) == 4
        monkeypatch.setenv("KLDOCS_NO_CACHE", "1")
        assert [solve(instance(seed), FAST) for seed in range(4)] == kept

    def it_tells_a_matrix_of_other_numbers_from_the_same_values(self, cache, searched):
        solve(instance(), FAST)
        solve(Instance(pair=instance().pair.astype(np.float32), sizes=(6, 6)), FAST)
        assert len(searched) == 2

    @pytest.mark.parametrize("other", [
        lambda: (instance(seed=2), FAST),  # other pair values
        lambda: (Instance(pair=instance().pair, sizes=(5, 7)), FAST),
        lambda: (instance(pins={0: 1}), FAST),
        lambda: (instance(together=[[0, 1]]), FAST),
        lambda: (instance(apart=[[0, 1]]), FAST),
        lambda: (instance(), SearchSettings(starts=2, steps=41)),
    ])
    def it_searches_again_for_anything_else(self, cache, searched, other):
        solve(instance(), FAST)
        solve(*other())
        assert len(searched) == 2

    def it_searches_again_when_the_search_code_changes(self, cache, searched, monkeypatch):
        solve(instance(), FAST)
        monkeypatch.setattr(search, "_search_version", lambda: "edited")
        solve(instance(), FAST)
        assert len(searched) == 2

    def it_keeps_that_no_line_up_meets_the_constraints(self, cache, searched):
        impossible = instance(pins={0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0})
        assert solve(impossible, FAST) is None
        assert solve(impossible, FAST) is None
        assert len(searched) == 1

    @pytest.mark.parametrize("payload", [b"not json", b'{"labels": [0, 1]}', b'{"labels": "x"}', b"[]",
                                         b'{"labels": [0,0,0,0,0,0,0,1,1,1,1,1]}',  # sizes 7 and 5, not 6 and 6
                                         b'{"labels": [2,0,0,0,0,0,1,1,1,1,1,1]}'])
    def it_searches_again_in_place_of_an_entry_that_does_not_fit(self, cache, searched, payload):
        first = solve(instance(), FAST)
        (entry,) = cache.iterdir()
        entry.write_bytes(resources._MAGIC + hashlib.sha256(payload).digest() + payload)
        assert solve(instance(), FAST) == first
        assert len(searched) == 2

    def it_searches_again_when_a_kept_answer_breaks_a_pin(self, cache, searched):
        pinned = instance(pins={0: 1})
        labels = solve(pinned, FAST)
        (entry,) = cache.iterdir()
        swapped = [1 - x for x in labels]  # the same sizes, but element 0 in the other network
        payload = json.dumps({"labels": swapped}).encode()
        entry.write_bytes(resources._MAGIC + hashlib.sha256(payload).digest() + payload)
        assert solve(pinned, FAST) == labels
        assert len(searched) == 2

    def it_keeps_nothing_with_the_cache_turned_off(self, cache, searched, monkeypatch):
        monkeypatch.setenv("KLDOCS_NO_CACHE", "1")
        solve(instance(), FAST)
        solve(instance(), FAST)
        assert len(searched) == 2 and not cache.exists()
