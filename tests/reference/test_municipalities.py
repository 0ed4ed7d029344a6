import csv
from collections import Counter

import pytest

from conftest import ROOT
from kldocs.errors import UnknownMunicipality, UnknownRegion
from kldocs.reference.municipalities import REGIONS, find_region, lookup, registry

SHARED = ROOT / "src" / "kldocs" / "data"


class DescribeReferenceData:
    def it_holds_the_98_municipalities_in_five_regions(self):
        assert len(registry()) == 98
        counts = Counter(m.region for m in registry().all)
        assert counts == {
            "Region Hovedstaden": 29, "Region Sjælland": 17, "Region Syddanmark": 22,
            "Region Midtjylland": 19, "Region Nordjylland": 11,
        }
        assert set(counts) == set(REGIONS)

    def it_matches_the_shipped_csv_row_for_row(self):
        with (SHARED / "kommuner.csv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert {int(r["kode"]): (r["navn"], int(r["indbyggere"])) for r in rows} == {
            m.code: (m.name, m.population) for m in registry().all
        }
        assert sum(m.population for m in registry().all) == 6_025_511

    def it_ships_the_sources_beside_the_data(self):
        assert "Danmarks Statistik" in (SHARED / "SOURCES.md").read_text(encoding="utf-8")

    def it_lists_them_in_danish_order(self):
        names = [m.name for m in registry().all]
        assert names[:3] == ["Albertslund", "Allerød", "Assens"]
        assert names[-5:] == ["Vordingborg", "Ærø", "Aabenraa", "Aalborg", "Aarhus"]

    def it_has_a_point_in_denmark_for_each(self):
        for m in registry().all:
            assert 54.5 < m.lat < 57.8 and 8.0 < m.lon < 15.2, m.name


class DescribeOfficialNames:
    def it_knows_names_that_are_not_the_plain_place_name(self):
        assert lookup(101).official_name == "Københavns Kommune"
        assert lookup(820).official_name == "Vesthimmerlands Kommune"
        assert lookup(400).official_name == "Bornholms Regionskommune"

    @pytest.mark.parametrize(("code", "short", "register"), [(480, "Nordfyn", "Nordfyns"),
                                                            (820, "Vesthimmerland", "Vesthimmerlands")])
    def it_names_in_a_list_what_the_register_names_in_the_genitive_and_reads_both(self, code, short, register):
        assert lookup(code).name == short and lookup(code).official_name == f"{register} Kommune"
        assert lookup(register) is lookup(short) is lookup(f"{register} Kommune") is lookup(code)

    def it_names_the_council_in_the_genitive(self):
        assert lookup("Aarhus").council_of == "Aarhus Kommunes kommunalbestyrelse"
        assert lookup(820).council_of == "Vesthimmerlands Kommunes kommunalbestyrelse"
        assert lookup(400).council_of == "Bornholms Regionskommunes kommunalbestyrelse"

    def it_knows_copenhagen_has_a_borgerrepraesentation_and_an_overborgmester(self):
        kk = lookup(101)
        assert kk.council == "Borgerrepræsentationen"
        assert kk.council_of == "Københavns Kommunes Borgerrepræsentation"
        assert kk.mayor_title == "overborgmester"
        assert lookup(147).mayor_title == "borgmester"

    def it_gives_every_municipality_a_council_and_a_mayor(self):
        for m in registry().all:
            assert m.official_name.endswith(("Kommune", "Regionskommune"))
            assert m.council_of.startswith(m.official_name + "s ")
            assert m.mayor_title in ("borgmester", "overborgmester")


class DescribeLookup:
    @pytest.mark.parametrize(
        ("query", "code"),
        [
            ("101", 101), ("0101", 101), (101, 101), (101.0, 101),
            ("København", 101), ("Københavns Kommune", 101), ("kobenhavn", 101), ("KØBENHAVN", 101),
            ("Århus", 751), ("Aarhus Kommune", 751), ("aarhus", 751),
            ("Lyngby Taarbæk", 173), ("lyngby-taarbaek", 173), ("Lyngby-Tårbæk Kommune", 173),
            ("Vesthimmerland", 820), ("Vesthimmerlands Kommune", 820),
            ("Bornholms Regionskommune", 400), ("Nordfyn", 480), ("Høje Taastrup", 169),
            ("  Ærø  ", 492), ("Aeroe", 492), ("Tårnby", 185), ("Taarnby", 185),
        ],
    )
    def it_finds_a_municipality_however_it_is_written(self, query, code):
        assert lookup(query).code == code

    @pytest.mark.parametrize(("query", "code"), [("Kbh.", 101), ("kbh", 101), ("Frb.", 147), ("KBH", 101)])
    def it_knows_the_abbreviations_exports_hold(self, query, code):
        assert lookup(query).code == code

    def it_suggests_the_closest_names_for_an_unknown_one(self):
        with pytest.raises(UnknownMunicipality, match=r"'Fredriksberg' is not a municipality \(did you mean Frederiksberg"):
            lookup("Fredriksberg")

    @pytest.mark.parametrize(("query", "first"), [
        ("Faaborg", "Faaborg-Midtfyn"),  # not Aalborg first, which is nearer by its letters
        ("Lyngbi", "Lyngby-Taarbæk"),  # a part of a name of two, misspelt
        ("Midtfyn", "Faaborg-Midtfyn"),
    ])
    def it_offers_first_the_name_of_two_of_which_it_is_one_part(self, query, first):
        with pytest.raises(UnknownMunicipality) as info:
            lookup(query)
        assert str(info.value).startswith(f"'{query}' is not a municipality (did you mean {first}")

    def it_refuses_an_unknown_code(self):
        with pytest.raises(UnknownMunicipality, match="'411' is not the code of a municipality"):
            lookup("411")

    def it_refuses_an_empty_name(self):
        with pytest.raises(UnknownMunicipality):
            lookup("Kommune")


class DescribeRegions:
    @pytest.mark.parametrize("text", ["Region Midtjylland", "midtjylland", "MIDTJYLLAND", "region midtjylland"])
    def it_finds_a_region_however_it_is_written(self, text):
        assert find_region(text) == "Region Midtjylland"

    def it_reads_sjaelland_without_the_ae(self):
        assert find_region("Sjaelland") == "Region Sjælland"

    def it_lists_the_regions_for_an_unknown_one(self):
        with pytest.raises(UnknownRegion, match="the regions are Region Hovedstaden"):
            find_region("Fyn")

    def it_lists_the_municipalities_of_a_region(self):
        assert [m.name for m in registry().in_region("nordjylland")][:3] == ["Brønderslev", "Frederikshavn", "Hjørring"]
