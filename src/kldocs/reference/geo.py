"""Distances between municipalities, as the crow flies.

Each municipality has one point (its visual centre, see
``kldocs/data/SOURCES.md``). Networks are judged on the great-circle
distance between those points: it needs no road data, is the same on every
machine, and ranks travel between Danish municipalities much as road
distance does (ferries aside: Bornholm, Samsø and the small islands are far
by any measure).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kldocs.reference.municipalities import Municipality

if TYPE_CHECKING:  # numpy is loaded by the matrix only, which networks need and letters do not
    import numpy as np
    import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088
"""The mean radius of the Earth (IUGG), in kilometres."""


def distance_km(a: Municipality, b: Municipality) -> float:
    """The great-circle distance between two municipalities' points, in kilometres."""
    return _haversine(a.lat, a.lon, b.lat, b.lon)


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_matrix(municipalities: Sequence[Municipality]) -> npt.NDArray[np.float64]:
    """The symmetric matrix of great-circle distances in kilometres, zero on the diagonal."""
    import numpy as np

    lat = np.radians(np.array([m.lat for m in municipalities], dtype=np.float64))
    lon = np.radians(np.array([m.lon for m in municipalities], dtype=np.float64))
    dphi = lat[:, None] - lat[None, :]
    dlmb = lon[:, None] - lon[None, :]
    h = np.sin(dphi / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlmb / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    np.fill_diagonal(d, 0.0)
    symmetric: npt.NDArray[np.float64] = (d + d.T) / 2
    return symmetric
