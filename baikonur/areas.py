"""Places known only approximately, drawn as the area they could be in.

A report such as "148 km south-east of Zhezkazgan" does not give a point: it gives a distance
(to the kilometre, or a range when reports differ) and a direction (to one of 8 or 16 compass
points). :func:`direction_sector` turns that into the polygon of every point that fits the words,
and :func:`destination_point` finds the point at a distance and bearing. Both work on a sphere of
the Earth's mean radius, like :mod:`baikonur.geo`; the tests compare them with WGS84.
"""

from __future__ import annotations

import math

from .geo import EARTH_RADIUS_KM, _check

__all__ = ["COMPASS_HALF_WIDTH_DEG", "destination_point", "direction_sector"]

#: Half the width of a compass point's sector, in degrees: "south-east" on an 8-point compass
#: covers 135° ± 22.5°, on a 16-point compass ± 11.25°.
COMPASS_HALF_WIDTH_DEG = {8: 22.5, 16: 11.25}


def _positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number of kilometres, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be zero or more kilometres, got {value!r}")
    return float(value)


def destination_point(
    lat: float,
    lon: float,
    bearing_deg: float,
    distance_km: float,
    radius_km: float = EARTH_RADIUS_KM,
) -> tuple[float, float]:
    """The point (lat, lon in degrees) reached by going ``distance_km`` along a great circle
    from (``lat``, ``lon``), setting off at ``bearing_deg`` clockwise from north."""
    lat1 = math.radians(_check("lat", lat, 90, "latitude"))
    lon1 = math.radians(_check("lon", lon, 180, "longitude"))
    if (
        isinstance(bearing_deg, bool)
        or not isinstance(bearing_deg, (int, float))
        or not math.isfinite(bearing_deg)
    ):
        raise ValueError(f"bearing_deg must be a finite number of degrees, got {bearing_deg!r}")
    theta = math.radians(bearing_deg)
    delta = _positive("distance_km", distance_km) / radius_km
    lat2 = math.asin(
        math.sin(lat1) * math.cos(delta) + math.cos(lat1) * math.sin(delta) * math.cos(theta)
    )
    lon2 = lon1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(lat1),
        math.cos(delta) - math.sin(lat1) * math.sin(lat2),
    )
    lon2 = (math.degrees(lon2) + 540) % 360 - 180
    return math.degrees(lat2), lon2


def direction_sector(
    lat: float,
    lon: float,
    *,
    bearing_deg: float,
    half_width_deg: float,
    min_km: float,
    max_km: float,
    steps: int = 24,
) -> list[list[float]]:
    """The area "between ``min_km`` and ``max_km`` from (lat, lon), towards ``bearing_deg`` ±
    ``half_width_deg``", as a closed ring of [lat, lon] pairs (the order folium expects)."""
    if not 0 < half_width_deg < 180:
        raise ValueError(
            f"half_width_deg must be between 0 and 180 degrees, got {half_width_deg!r}"
        )
    near, far = _positive("min_km", min_km), _positive("max_km", max_km)
    if far <= near:
        raise ValueError(
            f"max_km must be larger than min_km, got min_km={min_km!r}, max_km={max_km!r}"
        )
    if not isinstance(steps, int) or steps < 2:
        raise ValueError(f"steps must be a whole number of at least 2, got {steps!r}")
    bearings = [
        bearing_deg - half_width_deg + 2 * half_width_deg * i / steps for i in range(steps + 1)
    ]
    outer = [destination_point(lat, lon, b, far) for b in bearings]
    inner = [destination_point(lat, lon, b, near) for b in reversed(bearings)]
    ring = [list(p) for p in outer + inner]
    return ring + [ring[0]]
