"""Distances and directions on the Earth, treated as a sphere; whether a point lies inside a border.

A sphere of radius 6,371 km (the Earth's mean radius) is accurate to about 0.5 % for distances
and a few tenths of a degree for bearings, which is far better than the position of a town centre.
The tests check both against an ellipsoidal (WGS84) solution.
"""

from __future__ import annotations

import math
from numbers import Real

__all__ = [
    "EARTH_RADIUS_KM",
    "compass_point",
    "great_circle_km",
    "initial_bearing_deg",
    "inside_boundary",
]

EARTH_RADIUS_KM = 6371.0

_COMPASS_16 = [
    "N",
    "NNE",
    "NE",
    "ENE",
    "E",
    "ESE",
    "SE",
    "SSE",
    "S",
    "SSW",
    "SW",
    "WSW",
    "W",
    "WNW",
    "NW",
    "NNW",
]


def _check(name: str, value: object, limit: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a {what} in degrees (a finite number), got {value!r}")
    if not -limit <= value <= limit:
        raise ValueError(
            f"{name} must be a {what} between -{limit:g} and {limit:g} degrees, got {value!r}"
        )
    return float(value)


def _checked(lat1, lon1, lat2, lon2) -> tuple[float, float, float, float]:
    return (
        _check("lat1", lat1, 90, "latitude"),
        _check("lon1", lon1, 180, "longitude"),
        _check("lat2", lat2, 90, "latitude"),
        _check("lon2", lon2, 180, "longitude"),
    )


def great_circle_km(
    lat1: float, lon1: float, lat2: float, lon2: float, radius_km: float = EARTH_RADIUS_KM
) -> float:
    """Great-circle distance in km between two points given in degrees (haversine formula)."""
    lat1, lon1, lat2, lon2 = map(math.radians, _checked(lat1, lon1, lat2, lon2))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * radius_km * math.asin(math.sqrt(min(1.0, h)))


def initial_bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Direction to set off in from point 1 to reach point 2, in degrees clockwise from north."""
    lat1, lon1, lat2, lon2 = map(math.radians, _checked(lat1, lon1, lat2, lon2))
    y = math.sin(lon2 - lon1) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    return math.degrees(math.atan2(y, x)) % 360


def compass_point(bearing_deg: float) -> str:
    """The nearest of the 16 compass points ("N", "NNE", … "NNW") to a bearing in degrees."""
    if (
        isinstance(bearing_deg, bool)
        or not isinstance(bearing_deg, Real)
        or not math.isfinite(bearing_deg)
    ):
        raise ValueError(f"bearing_deg must be a finite number of degrees, got {bearing_deg!r}")
    return _COMPASS_16[round((bearing_deg % 360) / 22.5) % 16]


def inside_boundary(lat: float, lon: float, collection: dict) -> bool:
    """Whether a point lies inside a GeoJSON (Multi)Polygon boundary: the first feature of
    ``collection``, as :func:`baikonur.data.load_geojson` returns it. Ray casting on
    longitude and latitude, which is exact enough far from the poles and the antimeridian;
    holes are honoured."""
    for name, value, limit in (("lat", lat, 90), ("lon", lon, 180)):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not -limit <= value <= limit
        ):
            raise ValueError(f"{name} must be a number of degrees within ±{limit}, got {value!r}")
    try:
        geometry = collection["features"][0]["geometry"]
        kind, coordinates = geometry["type"], geometry["coordinates"]
    except (KeyError, IndexError, TypeError):
        raise ValueError(
            "expected a GeoJSON FeatureCollection whose first feature has a geometry"
        ) from None
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"expected a Polygon or MultiPolygon boundary, got {kind!r}")
    polygons = [coordinates] if kind == "Polygon" else coordinates

    def in_ring(ring) -> bool:
        inside = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        return inside

    return any(
        in_ring(rings[0]) and not any(in_ring(hole) for hole in rings[1:]) for rings in polygons
    )
