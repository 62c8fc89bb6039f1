"""baikonur.areas: destination points and "distance and direction" areas, checked against WGS84
(geographiclib) and against the approximate landing point of the data package."""

from __future__ import annotations

import pytest
from geographiclib.geodesic import Geodesic

from baikonur.areas import COMPASS_HALF_WIDTH_DEG, destination_point, direction_sector
from baikonur.data import load_table
from baikonur.geo import great_circle_km, initial_bearing_deg

ZHEZKAZGAN = (47.783, 67.700)


@pytest.mark.parametrize(
    "start, bearing, km",
    [
        (ZHEZKAZGAN, 135, 148),
        ((45.996, 63.5641), 30, 430),
        ((0.0, 179.9), 90, 50),
        ((-33.9, 18.4), 250, 2000),
        ((60.0, 10.0), 0, 100),
    ],
)
def test_destination_point_agrees_with_wgs84(start, bearing, km):
    lat, lon = destination_point(*start, bearing, km)
    exact = Geodesic.WGS84.Inverse(*start, lat, lon)
    assert exact["s12"] / 1000 == pytest.approx(km, rel=0.005)
    assert (exact["azi1"] - bearing + 180) % 360 - 180 == pytest.approx(0, abs=0.3)
    # and it inverts the sphere's own distance and bearing
    assert great_circle_km(*start, lat, lon) == pytest.approx(km, rel=1e-9)
    assert initial_bearing_deg(*start, lat, lon) == pytest.approx(bearing % 360, abs=1e-6)


def test_data_package_landing_point_is_148_km_south_east_of_zhezkazgan():
    places = load_table("baikonur_places")
    town, landing = places.loc["zhezkazgan"], places.loc["ms18_landing_approx"]
    lat, lon = destination_point(town.lat, town.lon, 135, 148)
    assert (landing.lat, landing.lon) == (
        pytest.approx(lat, abs=0.001),
        pytest.approx(lon, abs=0.001),
    )


def test_sector_holds_every_point_the_words_allow_and_no_other():
    ring = direction_sector(
        *ZHEZKAZGAN,
        bearing_deg=135,
        half_width_deg=COMPASS_HALF_WIDTH_DEG[8],
        min_km=145.5,
        max_km=148.5,
        steps=24,
    )
    assert ring[0] == ring[-1] and len(ring) == 2 * 25 + 1
    for lat, lon in ring[:-1]:
        assert 145.5 - 1e-6 <= great_circle_km(*ZHEZKAZGAN, lat, lon) <= 148.5 + 1e-6
        assert 112.5 - 1e-6 <= initial_bearing_deg(*ZHEZKAZGAN, lat, lon) <= 157.5 + 1e-6
    # The outer arc's ends are the two edges of "south-east": about 114 km apart on the ground.
    assert great_circle_km(*ring[0], *ring[24]) == pytest.approx(2 * 148.5 * 0.3827, rel=0.01)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(half_width_deg=0), "half_width_deg must be between 0 and 180 degrees, got 0"),
        (dict(min_km=150), r"max_km must be larger than min_km, got min_km=150, max_km=148"),
        (dict(min_km=-1), "min_km must be zero or more kilometres, got -1"),
        (dict(max_km="148"), "max_km must be a finite number of kilometres, got '148'"),
        (dict(steps=1), "steps must be a whole number of at least 2, got 1"),
    ],
)
def test_sector_bad_input(kwargs, message):
    arguments = dict(bearing_deg=135, half_width_deg=22.5, min_km=146, max_km=148) | kwargs
    with pytest.raises(ValueError, match=message):
        direction_sector(*ZHEZKAZGAN, **arguments)


@pytest.mark.parametrize(
    "args, message",
    [
        ((95, 67.7, 135, 148), "lat must be a latitude between -90 and 90 degrees, got 95"),
        (
            (47.8, 67.7, float("nan"), 148),
            "bearing_deg must be a finite number of degrees, got nan",
        ),
        ((47.8, 67.7, 135, -5), "distance_km must be zero or more kilometres, got -5"),
    ],
)
def test_destination_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        destination_point(*args)
