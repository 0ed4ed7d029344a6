import random
import re
import shutil
from pathlib import Path

import pytest

from kldocs.danish.formatting import danish_sorted
from kldocs.errors import InputError, NetworkError
from kldocs.inputs.program import NetworkSettings, load_program
from kldocs.inputs.registrations import load_registrations
from kldocs.networks.compose import compose_networks, lineup_for_folder
from kldocs.networks.csvfile import lineup_csv
from kldocs.networks.lineup import LINEUP_FILE, network_context
from kldocs.networks.score import Objective
from kldocs.networks.search import SearchSettings
from kldocs.reference.municipalities import lookup
from netfactory import reg, synthetic

FAST = SearchSettings(starts=2, steps=60)
"""A short search: enough for tests about sizes and constraints, which every line-up must meet."""

DATA = Path(__file__).parents[1] / "data" / "networks"


def codes(network) -> set[int]:
    return {m.code for m in network.municipalities}


def network_of(lineup, name: str) -> int:
    return lineup.network_of(name).number


class DescribeTheExampleLineup:
    def it_makes_three_networks_of_eight(self, lineup):
        assert lineup.sizes == (8, 8, 8)
        assert [n.number for n in lineup] == [1, 2, 3]
        assert lineup.notes == ()

    def it_puts_every_registered_municipality_in_exactly_one_network(self, lineup, example):
        listed = [m.code for n in lineup for m in n.municipalities]
        assert sorted(listed) == sorted(r.municipality.code for r in example)

    def it_lists_members_in_danish_order(self, lineup):
        for network in lineup:
            names = [m.name for m in network.municipalities]
            assert names == danish_sorted(names)

    def it_gives_each_network_three_to_five_focus_areas_its_members_share(self, lineup):
        for network in lineup:
            assert 3 <= len(network.focus_areas) <= 5
            for area in network.focus_areas:
                assert len(network.shared_by(area)) >= 2

    def it_keeps_neighbours_together_and_beats_a_random_line_up(self, lineup, example):
        # The capital-area network: København's network is all on Zealand.
        capital = lineup.network_of("København")
        assert {m.region for m in capital.municipalities} <= {"Region Hovedstaden", "Region Sjælland"}
        # Better than random on both counts: members share more and travel less than the average pair.
        objective = Objective.build(example, 0.5)
        assert lineup.score.agreement > objective.agreement_mean
        assert lineup.score.mean_km < objective.distance_mean
        assert lineup.score.objective > 0.5

    def it_numbers_networks_along_the_official_order_of_municipalities(self, lineup):
        assert network_of(lineup, "København") == 1
        assert network_of(lineup, "Vesthimmerland") == 3


class DescribeTravelWeight:
    def it_trades_priorities_against_travel(self, example, program):
        scores = [
            compose_networks(example, program.networks.model_copy(update={"travel_weight": w})).score
            for w in (0.0, 0.5, 1.0)
        ]
        assert scores[0].agreement >= scores[1].agreement >= scores[2].agreement
        assert scores[0].mean_km >= scores[1].mean_km >= scores[2].mean_km
        assert scores[0].agreement > scores[2].agreement
        assert scores[0].mean_km > scores[2].mean_km


class DescribeDeterminism:
    def it_gives_the_same_line_up_for_the_same_input(self, example, program, lineup):
        again = compose_networks(example, program.networks)
        assert again.assignment == lineup.assignment
        assert again == lineup

    def it_does_not_depend_on_the_order_of_the_registrations(self, example, program, lineup):
        shuffled = list(example)
        random.Random(4).shuffle(shuffled)
        assert compose_networks(shuffled, program.networks).assignment == lineup.assignment
        assert compose_networks(example[::-1], program.networks).assignment == lineup.assignment

    def it_gives_byte_identical_csv_twice(self, example, program, lineup):
        again = compose_networks(example, program.networks)
        assert lineup_csv(again, 5) == lineup_csv(lineup, 5)


class DescribeSizes:
    @pytest.mark.parametrize("n", range(8, 99))
    def it_composes_every_number_of_municipalities_from_8_to_98(self, n):
        regs = synthetic(n, seed=n)
        result = compose_networks(regs, NetworkSettings(), search=FAST)
        assert sum(result.sizes) == n
        assert max(result.sizes) - min(result.sizes) <= 1
        assert sorted(result.assignment) == sorted(r.municipality.code for r in regs)
        if result.notes:
            assert "nearest" in result.notes[0]
        else:
            assert all(8 <= s <= 10 for s in result.sizes)

    @pytest.mark.parametrize("n", [1, 3, 7])
    def it_puts_fewer_than_eight_in_one_network_and_says_so(self, n):
        result = compose_networks(synthetic(n, seed=1), NetworkSettings(), search=FAST)
        assert result.sizes == (n,)
        many = "municipality" if n == 1 else "municipalities"
        assert result.notes == (
            f"{n} registered {many} cannot form networks of 8–10 members "
            f"(program.yaml, networks.min_size/max_size); using the nearest: 1 network of {n} "
            f"member{'s' if n > 1 else ''}",
        )

    def it_uses_the_number_of_networks_asked_for(self, example, program):
        result = compose_networks(synthetic(40, 2), NetworkSettings(), count=5, search=FAST)
        assert result.sizes == (8, 8, 8, 8, 8)

    def it_refuses_a_number_of_networks_that_breaks_the_sizes(self, example, program):
        with pytest.raises(NetworkError, match="--networks 4: 24 municipalities in 4 networks gives 6 members"):
            compose_networks(example, program.networks, count=4)


def with_constraints(program, **kw) -> NetworkSettings:
    return program.networks.model_copy(update=kw)


class DescribeConstraints:
    def it_pins_a_municipality_to_its_network(self, example, program):
        result = compose_networks(example, with_constraints(program, pin={"Aalborg": 1, "kobenhavn": 3}),
                                  search=FAST)
        assert network_of(result, "Aalborg") == 1
        assert network_of(result, "København") == 3

    def it_keeps_groups_together(self, example, program):
        s = with_constraints(program, together=(("Hjørring", "København"), ("Odense", "Århus", "Viborg")))
        result = compose_networks(example, s, search=FAST)
        assert network_of(result, "Hjørring") == network_of(result, "København")
        assert network_of(result, "Odense") == network_of(result, "Aarhus") == network_of(result, "Viborg")

    def it_keeps_groups_apart(self, example, program):
        s = with_constraints(program, apart=(("Aarhus", "Skanderborg", "Horsens"), ("København", "Frederiksberg")))
        result = compose_networks(example, s, search=FAST)
        assert len({network_of(result, n) for n in ("Aarhus", "Skanderborg", "Horsens")}) == 3
        assert network_of(result, "København") != network_of(result, "Frederiksberg")

    def it_meets_all_three_at_once(self, example, program):
        s = with_constraints(
            program,
            pin={"Aalborg": 2},
            together=(("Aalborg", "Hjørring", "Vesthimmerland"),),
            apart=(("Aalborg", "Aarhus"), ("Hjørring", "Viborg")),
        )
        result = compose_networks(example, s, search=FAST)
        assert network_of(result, "Aalborg") == network_of(result, "Hjørring") == 2
        assert network_of(result, "Vesthimmerland") == 2
        assert network_of(result, "Aarhus") != 2 and network_of(result, "Viborg") != 2
        assert result.sizes == (8, 8, 8)

    def it_is_deterministic_with_constraints_too(self, example, program):
        s = with_constraints(program, together=(("Odense", "Svendborg"),), apart=(("Aarhus", "Aalborg"),))
        assert compose_networks(example, s).assignment == compose_networks(example[::-1], s).assignment

    def it_refuses_a_together_group_that_cannot_fit(self, example, program):
        big = tuple(r.municipality.name for r in example[:9])
        with pytest.raises(NetworkError, match=r"\(9 municipalities\) cannot be together in networks of at most 8"):
            compose_networks(example, with_constraints(program, together=(big,)))

    def it_refuses_contradictory_constraints_naming_them(self, example, program):
        s = with_constraints(program, together=(("Odense", "Svendborg"),), apart=(("Svendborg", "Odense"),))
        with pytest.raises(NetworkError) as info:
            compose_networks(example, s)
        assert info.value.problems == [
            "program.yaml, networks.apart[0]: Svendborg and Odense must be apart, "
            "but networks.together keeps them together"
        ]

    def it_refuses_constraints_no_line_up_can_meet(self, example, program):
        # Four groups of five cannot share three networks of eight.
        names = [r.municipality.name for r in example]
        groups = tuple(tuple(names[i:i + 5]) for i in range(0, 20, 5))
        with pytest.raises(NetworkError) as info:
            compose_networks(example, with_constraints(program, together=groups), search=FAST)
        [problem] = info.value.problems
        assert problem.startswith("program.yaml, networks: no line-up of 3 networks of 8 members meets all of the "
                                  "constraints (together ")
        assert problem.endswith("; loosen one of them")

    def it_refuses_a_constraint_on_a_municipality_that_has_not_registered(self, example, program):
        with pytest.raises(NetworkError, match=re.escape("networks.pin.Skive: Skive has not registered")):
            compose_networks(example, with_constraints(program, pin={"Skive": 1}))


class DescribeSmallCases:
    def it_makes_one_network_of_a_single_municipality(self):
        result = compose_networks([reg("Odense")], NetworkSettings())
        assert result.sizes == (1,)
        assert result.score.objective == 0

    def it_refuses_no_municipalities(self):
        with pytest.raises(NetworkError, match="no registered municipalities"):
            compose_networks([], NetworkSettings())


class DescribeTemplateContext:
    def it_says_jeres_netvaerk_for_a_municipality(self, lineup):
        context = network_context(lineup, "Aarhus")
        network = lineup.network_of("Aarhus")
        assert context["number"] == network.number
        assert context["name"] == f"Netværk {network.number}"
        assert context["size"] == 8
        assert context["member_names"] == [m.name for m in network.municipalities]
        assert "Aarhus" in context["member_names"]
        assert "Aarhus" not in context["other_names"] and len(context["other_names"]) == 7
        assert context["focus_area_titles"] == [a.title for a in network.focus_areas]
        assert context["members"][0] == {
            "code": network.municipalities[0].code,
            "name": network.municipalities[0].name,
            "official_name": network.municipalities[0].official_name,
            "region": network.municipalities[0].region,
            "region_short": network.municipalities[0].region_short,
        }

    def it_accepts_a_municipality_or_its_code(self, lineup):
        assert network_context(lineup, 751) == network_context(lineup, lookup("Aarhus"))

    def it_refuses_a_municipality_in_no_network(self, lineup):
        with pytest.raises(NetworkError, match="Skive is in none of the networks"):
            network_context(lineup, "Skive")


class DescribeLineupForFolder:
    def it_computes_the_line_up_when_the_folder_has_no_networks_csv(self, example_dir, lineup):
        assert lineup_for_folder(example_dir).assignment == lineup.assignment

    def it_uses_the_consultants_edited_networks_csv(self, example_copy):
        shutil.copy(DATA / "edited-cp1252.csv", example_copy / LINEUP_FILE)
        result = lineup_for_folder(example_copy)
        assert result.source == example_copy / LINEUP_FILE
        assert network_of(result, "Frederiksberg") == 1
        assert network_of(result, "Holbæk") == 2
        assert [a.id for a in result.network_of("Frederiksberg").focus_areas] == [
            "mellemformer", "tvaerfagligt", "co-teaching",
        ]

    def it_refuses_a_number_of_networks_when_networks_csv_fixes_the_line_up(self, example_copy):
        shutil.copy(DATA / "edited-cp1252.csv", example_copy / LINEUP_FILE)
        with pytest.raises(NetworkError, match=re.escape("networks.csv fixes the line-up; rename or remove it")):
            lineup_for_folder(example_copy, count=3)

    def it_reports_a_broken_networks_csv(self, example_copy):
        text = (DATA / "edited-cp1252.csv").read_bytes().replace(b"Frederiksberg", b"Frederiksbjerg")
        text = text.replace(b"147;", b";")
        (example_copy / LINEUP_FILE).write_bytes(text)
        with pytest.raises(InputError, match=re.escape("networks.csv, row 3, Kommune: 'Frederiksbjerg' is not a municipality")):
            lineup_for_folder(example_copy)

    def it_loads_the_programme_once_when_given(self, example_dir, program):
        regs = load_registrations(example_dir, load_program(example_dir)).items
        assert lineup_for_folder(example_dir, program, regs).sizes == (8, 8, 8)
