import math

import numpy as np
import pytest

from kldocs.reference.geo import EARTH_RADIUS_KM, distance_km, distance_matrix
from kldocs.reference.municipalities import Municipality, lookup


def point(lat: float, lon: float) -> Municipality:
    return Municipality(code=1, name="P", official_name="P", region="R", population=1, population_year=2026,
                        lat=lat, lon=lon)


class DescribeDistance:
    def it_is_one_degree_of_arc_along_a_meridian(self):
        assert distance_km(point(55, 10), point(56, 10)) == pytest.approx(EARTH_RADIUS_KM * math.pi / 180)

    def it_shrinks_along_a_parallel_with_the_cosine_of_the_latitude(self):
        # At 60° north a degree of longitude is about half a degree of latitude.
        assert distance_km(point(60, 10), point(60, 11)) == pytest.approx(111.195 * 0.5, rel=1e-3)

    def it_is_zero_to_itself_and_symmetric(self):
        cph, aarhus = lookup("København"), lookup("Aarhus")
        assert distance_km(cph, cph) == 0
        assert distance_km(cph, aarhus) == distance_km(aarhus, cph)

    def it_puts_koebenhavn_and_aarhus_about_150_km_apart(self):
        assert 140 < distance_km(lookup("København"), lookup("Aarhus")) < 170

    def it_puts_bornholm_furthest_from_west_jutland(self):
        assert distance_km(lookup("Bornholm"), lookup("Lemvig")) > 400


class DescribeDistanceMatrix:
    def it_holds_every_pairwise_distance(self):
        ms = [lookup(n) for n in ("København", "Odense", "Aalborg", "Bornholm")]
        d = distance_matrix(ms)
        assert d.shape == (4, 4)
        assert np.all(np.diag(d) == 0)
        assert np.array_equal(d, d.T)
        for i, a in enumerate(ms):
            for j, b in enumerate(ms):
                assert d[i, j] == pytest.approx(distance_km(a, b), abs=1e-9)
