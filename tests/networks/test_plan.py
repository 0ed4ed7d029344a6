import pytest

from kldocs.errors import NetworkError
from kldocs.inputs.program import NetworkSettings
from kldocs.networks.plan import (
    allowed_range,
    check_capacity,
    even_sizes,
    plan_sizes,
    resolve_constraints,
    sizes_text,
)
from kldocs.reference.municipalities import lookup

DEFAULT = NetworkSettings()
AWKWARD = {11, 12, 13, 14, 15, 21, 22, 23, 31}
"""With 8–10 members, these numbers of municipalities cannot be split into networks."""


def errors(call) -> list[str]:
    with pytest.raises(NetworkError) as info:
        call()
    return info.value.problems


class DescribeSizes:
    @pytest.mark.parametrize("n", range(8, 99))
    def it_gives_every_network_8_to_10_members_when_n_allows(self, n):
        plan = plan_sizes(n, DEFAULT)
        assert sum(plan.sizes) == n
        assert plan.hi - plan.lo <= 1
        if n in AWKWARD:
            assert plan.note is not None and "nearest" in plan.note
        else:
            assert plan.note is None
            assert all(8 <= s <= 10 for s in plan.sizes)

    def it_knows_which_n_are_awkward(self):
        assert {n for n in range(8, 99) if plan_sizes(n, DEFAULT).note} == AWKWARD

    @pytest.mark.parametrize(("n", "sizes"), [
        (8, (8,)), (10, (10,)), (16, (8, 8)), (19, (10, 9)), (24, (8, 8, 8)), (26, (9, 9, 8)),
        (27, (9, 9, 9)), (98, (9,) * 10 + (8,)),
    ])
    def it_prefers_sizes_near_the_middle_of_the_range(self, n, sizes):
        assert plan_sizes(n, DEFAULT).sizes == sizes

    def it_takes_fewer_networks_when_two_counts_are_equally_near_the_middle(self):
        # 40 = 4 × 10 = 5 × 8: both one member from 9.
        assert plan_sizes(40, DEFAULT).sizes == (10, 10, 10, 10)

    @pytest.mark.parametrize(("n", "sizes"), [
        (1, (1,)), (5, (5,)), (7, (7,)), (11, (11,)), (12, (12,)), (13, (7, 6)), (15, (8, 7)),
        (21, (11, 10)), (23, (8, 8, 7)), (31, (8, 8, 8, 7)),
    ])
    def it_uses_the_nearest_sizes_and_says_so_when_n_allows_none(self, n, sizes):
        plan = plan_sizes(n, DEFAULT)
        assert plan.sizes == sizes
        assert plan.note == (
            f"{n} registered {'municipality' if n == 1 else 'municipalities'} cannot form networks of 8–10 members "
            f"(program.yaml, networks.min_size/max_size); using the nearest: {sizes_text(sizes)}"
        )

    def it_follows_the_settings(self):
        small = NetworkSettings(min_size=4, max_size=5)
        assert plan_sizes(24, small).sizes == (5, 5, 5, 5, 4)

    def it_refuses_an_empty_partnership(self):
        assert errors(lambda: plan_sizes(0, DEFAULT)) == [
            "there are no registered municipalities to group into networks"
        ]


class DescribeCountOverride:
    def it_uses_the_count_asked_for(self):
        assert plan_sizes(40, DEFAULT, count=5).sizes == (8, 8, 8, 8, 8)

    def it_refuses_a_count_that_breaks_the_sizes_and_names_those_that_work(self):
        assert errors(lambda: plan_sizes(40, DEFAULT, count=3)) == [
            "--networks 3: 40 municipalities in 3 networks gives 13–14 members, but networks have 8–10 members "
            "(program.yaml, networks.min_size/max_size); choose 4 or 5 networks or change those settings"
        ]

    def it_refuses_more_networks_than_municipalities(self):
        assert "choose between 1 and 24 networks" in errors(lambda: plan_sizes(24, DEFAULT, count=25))[0]


class DescribeAllowedRange:
    def it_is_the_settings_when_n_fits_them(self):
        assert allowed_range(24, DEFAULT) == (8, 10)

    def it_widens_only_as_far_as_n_forces(self):
        assert allowed_range(13, DEFAULT) == (6, 12)  # 7 + 6 is two from 8
        assert allowed_range(5, DEFAULT) == (5, 13)


class DescribeSizesText:
    def it_says_the_sizes_in_words(self):
        assert sizes_text((8, 8, 8)) == "3 networks of 8 members"
        assert sizes_text((10,)) == "1 network of 10 members" and sizes_text((1,)) == "1 network of 1 member"
        assert sizes_text((9, 9, 8)) == "3 networks of 9, 9 and 8 members"
        assert sizes_text((5,)) == "1 network of 5 members"
        assert even_sizes(26, 3) == (9, 9, 8)


REGISTERED = [lookup(n) for n in ("København", "Frederiksberg", "Aarhus", "Aalborg", "Odense", "Esbjerg", "Fanø")]


def settings(**kw) -> NetworkSettings:
    return NetworkSettings(**kw)


class DescribeConstraints:
    def it_looks_names_up_forgivingly(self):
        c = resolve_constraints(
            settings(pin={"kobenhavn": 1, "0751": 2}, together=[["Esbjerg Kommune", "fano"]],
                     apart=[["Århus", "Aalborg"]]),
            REGISTERED, 3,
        )
        assert c.pins == {101: 1, 751: 2}
        assert c.together == ((561, 563),)
        assert c.apart == ((751, 851),)

    def it_merges_overlapping_together_groups(self):
        c = resolve_constraints(settings(together=[["Esbjerg", "Fanø"], ["Fanø", "Odense"]]), REGISTERED)
        assert c.together == ((461, 561, 563),)

    def it_names_an_unknown_municipality_with_suggestions(self):
        assert errors(lambda: resolve_constraints(settings(pin={"Odensee": 1}), REGISTERED)) == [
            "program.yaml, networks.pin.Odensee: 'Odensee' is not a municipality (did you mean Odense, Odsherred or Hedensted?)"
        ]

    def it_refuses_a_municipality_that_has_not_registered(self):
        assert errors(lambda: resolve_constraints(settings(together=[["Aarhus", "Skive"]]), REGISTERED)) == [
            "program.yaml, networks.together[0]: Skive has not registered for the partnership"
        ]

    def it_refuses_a_pin_to_a_network_that_does_not_exist(self):
        assert errors(lambda: resolve_constraints(settings(pin={"Aarhus": 4}), REGISTERED, 3)) == [
            "program.yaml, networks.pin.Aarhus: network 4 does not exist; networks are numbered 1–3"
        ]

    def it_refuses_a_together_group_pinned_to_two_networks(self):
        s = settings(pin={"Esbjerg": 1, "Fanø": 2}, together=[["Esbjerg", "Fanø"]])
        assert errors(lambda: resolve_constraints(s, REGISTERED, 3)) == [
            "program.yaml, networks.together: Esbjerg and Fanø must be together but are pinned to networks 1 and 2"
        ]

    def it_refuses_municipalities_both_together_and_apart(self):
        s = settings(together=[["Esbjerg", "Fanø"]], apart=[["Fanø", "Esbjerg"]])
        assert errors(lambda: resolve_constraints(s, REGISTERED, 3)) == [
            "program.yaml, networks.apart[0]: Fanø and Esbjerg must be apart, but networks.together keeps them together"
        ]

    def it_refuses_municipalities_apart_but_pinned_to_one_network(self):
        s = settings(pin={"Aarhus": 2, "Aalborg": 2}, apart=[["Aarhus", "Aalborg"]])
        assert errors(lambda: resolve_constraints(s, REGISTERED, 3)) == [
            "program.yaml, networks.apart[0]: Aarhus and Aalborg must be apart, but both are pinned to network 2"
        ]

    def it_refuses_more_municipalities_apart_than_there_are_networks(self):
        s = settings(apart=[["Aarhus", "Aalborg", "Odense", "Esbjerg"]])
        assert errors(lambda: resolve_constraints(s, REGISTERED, 3)) == [
            "program.yaml, networks.apart[0]: 4 municipalities cannot all be in different networks when there are 3"
        ]

    def it_reports_every_problem_at_once(self):
        s = settings(pin={"Nowhere": 1, "Skive": 1}, apart=[["Aarhus", "Arhus"]])
        assert len(errors(lambda: resolve_constraints(s, REGISTERED, 3))) == 2


class DescribeCapacity:
    def it_refuses_a_together_group_larger_than_a_network(self):
        plan = plan_sizes(7, settings(min_size=2, max_size=3))
        c = resolve_constraints(settings(together=[["Aarhus", "Aalborg", "Odense", "Esbjerg"]]), REGISTERED)
        names = {m.code: m.name for m in REGISTERED}
        assert errors(lambda: check_capacity(plan, c, names)) == [
            "program.yaml, networks.together: Odense, Esbjerg, Aarhus and Aalborg (4 municipalities) "
            "cannot be together in networks of at most 3 members"
        ]

    def it_refuses_more_pins_to_a_network_than_it_holds(self):
        plan = plan_sizes(7, settings(min_size=2, max_size=3))
        s = settings(pin={"Aarhus": 1, "Aalborg": 1}, together=[["Aarhus", "Odense"], ["Aalborg", "Esbjerg"]])
        c = resolve_constraints(s, REGISTERED, plan.count)
        names = {m.code: m.name for m in REGISTERED}
        assert errors(lambda: check_capacity(plan, c, names)) == [
            "program.yaml, networks.pin: 4 municipalities are pinned to network 1 (with their together groups), "
            "but networks have at most 3 members"
        ]
