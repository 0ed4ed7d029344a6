import math

import pytest

from kldocs.inputs.program import NetworkSettings
from kldocs.networks.score import Objective, area_weights, choose_focus_areas, rank_weight
from kldocs.reference.geo import distance_km
from kldocs.reference.municipalities import lookup
from netfactory import AREAS, reg

ODENSE = reg("Odense", "abc")      # a = 1, b = 0.8, c = 0.6
SVENDBORG = reg("Svendborg", "ba")  # b = 1, a = 0.8
AALBORG = reg("Aalborg", "h")       # h = 1


class DescribeRankWeights:
    def they_fall_by_a_fifth_per_rank(self):
        assert [rank_weight(r) for r in range(1, 6)] == [1.0, 0.8, 0.6, 0.4, 0.2]

    def they_follow_the_number_of_priorities_allowed(self):
        assert [rank_weight(r, 3) for r in (1, 2, 3)] == pytest.approx([1, 2 / 3, 1 / 3])


class DescribeAgreement:
    def it_multiplies_the_weights_of_shared_focus_areas(self):
        o = Objective.build([ODENSE, SVENDBORG, AALBORG], travel_weight=0)
        # a: 1 × 0.8, b: 0.8 × 1
        assert o.agreement[0, 1] == pytest.approx(1.6)
        assert o.agreement[0, 2] == 0
        assert o.agreement[1, 2] == 0

    def it_counts_a_shared_first_priority_more_than_a_shared_fifth(self):
        first = Objective.build([reg("Odense", "a"), reg("Svendborg", "a")], 0).agreement[0, 1]
        fifth = Objective.build([reg("Odense", "bcdea"), reg("Svendborg", "bcdfa")], 0).agreement[0, 1]
        assert first == pytest.approx(1.0)
        # b, c and d at equal ranks (1 + 0.64 + 0.36) and a fifth each (0.04)
        assert fifth == pytest.approx(1 + 0.64 + 0.36 + 0.04)
        only_fifth = Objective.build([reg("Odense", "bcdea"), reg("Svendborg", "fghia")], 0)
        assert only_fifth.agreement[0, 1] == pytest.approx(0.04)


class DescribeNormalisation:
    def it_measures_pairs_in_standard_deviations_from_the_mean_pair(self):
        o = Objective.build([ODENSE, SVENDBORG, AALBORG], travel_weight=0)
        # pairs: 1.6, 0, 0 → mean 0.5333, sd 0.7542; z = √2 and −1/√2
        assert o.agreement_mean == pytest.approx(1.6 / 3)
        assert o.agreement_sd == pytest.approx(math.sqrt((1.6**2) / 3 - (1.6 / 3) ** 2))
        assert o.pair[0, 1] == pytest.approx(math.sqrt(2))
        assert o.pair[0, 2] == pytest.approx(-1 / math.sqrt(2))

    def it_weighs_travel_alone_at_travel_weight_1(self):
        o = Objective.build([ODENSE, SVENDBORG, AALBORG], travel_weight=1)
        d = [distance_km(lookup("Odense"), lookup("Svendborg")), distance_km(lookup("Odense"), lookup("Aalborg")),
             distance_km(lookup("Svendborg"), lookup("Aalborg"))]
        mean = sum(d) / 3
        sd = math.sqrt(sum((x - mean) ** 2 for x in d) / 3)
        assert o.pair[0, 1] == pytest.approx(-(d[0] - mean) / sd)
        assert o.pair[1, 2] == pytest.approx(-(d[2] - mean) / sd)

    def it_mixes_the_two_in_between(self):
        at = {w: Objective.build([ODENSE, SVENDBORG, AALBORG], w).pair[0, 1] for w in (0, 0.25, 1)}
        assert at[0.25] == pytest.approx(0.75 * at[0] + 0.25 * at[1])

    def it_copes_when_every_pair_is_alike(self):
        o = Objective.build([reg("Odense", "a"), reg("Svendborg", "a")], 0.5)
        assert o.agreement_sd == 1.0
        assert o.pair[0, 1] == pytest.approx(0.0)


class DescribeScore:
    def it_averages_the_pairs_inside_the_networks(self):
        o = Objective.build([ODENSE, SVENDBORG, AALBORG], travel_weight=0.5)
        s = o.score([[0, 1], [2]])
        assert s.agreement == pytest.approx(1.6)
        assert s.mean_km == pytest.approx(distance_km(lookup("Odense"), lookup("Svendborg")))
        assert s.max_km == s.mean_km
        assert s.objective == pytest.approx(o.pair[0, 1])

    def it_does_not_depend_on_the_order_of_groups_or_members(self):
        o = Objective.build([ODENSE, SVENDBORG, AALBORG, reg("Aarhus", "hab")], travel_weight=0.5)
        assert o.score([[0, 1], [2, 3]]) == o.score([[3, 2], [1, 0]])

    def it_is_zero_on_average_for_random_line_ups(self):
        o = Objective.build([ODENSE, SVENDBORG, AALBORG], travel_weight=0.5)
        # Every split into a pair and a single, weighted equally: the mean pair is 0.
        mean = sum(o.score(g).objective for g in ([[0, 1], [2]], [[0, 2], [1]], [[1, 2], [0]])) / 3
        assert mean == pytest.approx(0.0)


class DescribeFocusAreas:
    def it_ranks_areas_by_summed_weight_then_by_how_many_chose_them(self):
        members = [reg("Odense", "abc"), reg("Svendborg", "bad"), reg("Nyborg", "dc")]
        ranked = [(a.area.id, round(a.weight, 2), a.chosen_by) for a in area_weights(members)]
        assert ranked == [("a", 1.8, 2), ("b", 1.8, 2), ("d", 1.6, 2), ("c", 1.4, 2)]

    def it_breaks_ties_by_best_rank_then_id(self):
        members = [reg("Odense", "ab"), reg("Svendborg", "ba")]
        assert [a.area.id for a in area_weights(members)] == ["a", "b"]

    def it_takes_the_strongest_three_and_more_while_half_the_members_share_them(self):
        members = [reg("Odense", "abcde"), reg("Svendborg", "abcdf"), reg("Nyborg", "abcgh"), reg("Faaborg-Midtfyn", "abe")]
        chosen = choose_focus_areas(members, NetworkSettings())
        # a, b, c by weight; d (0.4 + 0.4) and e (0.2 + 0.6) tie at 0.8, each chosen by half the
        # members; e has the better best rank (3rd). Five is the maximum, so f, g and h are out.
        assert [a.id for a in chosen] == ["a", "b", "c", "e", "d"]

    def it_stops_at_the_minimum_when_the_next_area_is_not_shared_by_half(self):
        members = [reg("Odense", "abcd"), reg("Svendborg", "abce"), reg("Nyborg", "abcf")]
        assert [a.id for a in choose_focus_areas(members, NetworkSettings())] == ["a", "b", "c"]

    def it_takes_fewer_when_the_members_chose_fewer(self):
        members = [reg("Odense", "a"), reg("Svendborg", "a")]
        assert [a.id for a in choose_focus_areas(members, NetworkSettings())] == ["a"]

    def it_does_not_depend_on_the_order_of_members(self):
        members = [reg("Odense", "abcde"), reg("Svendborg", "edcba"), reg("Nyborg", "cebad")]
        s = NetworkSettings()
        assert choose_focus_areas(members, s) == choose_focus_areas(members[::-1], s)
        assert AREAS["a"] in choose_focus_areas(members, s)
