import pytest

from kldocs.errors import UnknownMunicipality
from kldocs.inputs.selection import select_municipalities
from kldocs.reference.municipalities import lookup, registry


def names(spec, registered=None):
    return [m.name for m in select_municipalities(spec, registered)]


class DescribeSelectMunicipalities:
    def it_takes_all_98_by_default_in_danish_order(self):
        assert names(None) == [m.name for m in registry().all]
        assert len(names("all")) == 98
        assert names("alle") == names("all")

    def it_takes_a_region_however_it_is_written(self):
        expected = [m.name for m in registry().all if m.region == "Region Midtjylland"]
        assert len(expected) == 19
        assert names("Region Midtjylland") == expected
        assert names("midtjylland") == expected
        assert names("REGION MIDTJYLLAND") == expected

    def it_takes_codes_and_forgiving_names(self):
        assert names("751,0101,Århus") == ["København", "Aarhus"]
        assert names("Københavns Kommune, lyngby taarbæk") == ["København", "Lyngby-Taarbæk"]

    def it_mixes_regions_codes_and_names_and_keeps_each_once(self):
        chosen = names("nordjylland, 751, Ærø, Aalborg")
        north = [m.name for m in registry().in_region("Nordjylland")]
        assert len(chosen) == len(north) + 2
        assert set(chosen) == set(north) | {"Aarhus", "Ærø"}
        assert chosen[-3:] == ["Ærø", "Aalborg", "Aarhus"]

    def it_takes_the_registered_municipalities_only_when_asked(self):
        calls = []

        def registered():
            calls.append(1)
            return (lookup("Horsens"), lookup("Vejle"))

        assert names("registered", registered) == ["Horsens", "Vejle"]
        assert names("Odense", registered) == ["Odense"]
        assert calls == [1]

    def it_names_every_unknown_entry_with_a_suggestion(self):
        with pytest.raises(UnknownMunicipality) as exc:
            select_municipalities("Aarhus, Århuz, midtjyland, Xyzzy")
        problems = exc.value.problems
        assert len(problems) == 3
        assert problems[0].startswith("--to: 'Århuz' is not a municipality")
        assert "did you mean Aarhus" in problems[0]
        assert "Region Midtjylland" in problems[1]
        assert "did you mean" not in problems[2]

    def it_suggests_the_whole_name_of_one_cut_short(self):
        with pytest.raises(UnknownMunicipality) as exc:
            select_municipalities("Region Syd, Frederiks")
        region, town = exc.value.problems
        assert region.endswith("(did you mean Region Syddanmark?)")  # not Syddjurs: it said 'Region'
        assert town.endswith("(did you mean Frederiksberg, Frederikshavn or Frederikssund?)")

    def it_names_the_region_a_part_of_the_country_lies_in(self):
        with pytest.raises(UnknownMunicipality) as exc:
            select_municipalities("Ærø, sydjylland, Nordsjælland")
        south, north = exc.value.problems
        assert south.endswith("(did you mean Region Syddanmark, where sydjylland lies?)")  # not Nordjylland
        assert north.endswith("(did you mean Region Hovedstaden, where Nordsjælland lies?)")

    def it_refuses_an_unknown_code(self):
        with pytest.raises(UnknownMunicipality, match="'999'"):
            select_municipalities("999")

    def it_refuses_registered_where_there_are_no_registrations(self):
        with pytest.raises(UnknownMunicipality, match="'registered' is not possible"):
            select_municipalities("registered")

    @pytest.mark.parametrize("spec", [" , ", ""])
    def it_refuses_a_list_that_names_nothing_not_taking_it_for_all(self, spec):
        # an empty shell variable, --to "$WHO", would otherwise write to every municipality
        with pytest.raises(UnknownMunicipality, match=r"^--to: names no municipality \(an empty value is not all of "
                                                      r"them: write all for that\)$"):
            select_municipalities(spec)
        assert len(select_municipalities(None)) == 98
