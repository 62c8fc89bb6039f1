"""baikonur.orbits: launch geometry, the checked TLE loader, and SGP4 results cross-checked.

Independent checks and their tolerances:

* frames and look angles (skyfield, in baikonur.orbits) against sgp4's own TEME state turned
  by hand here: Greenwich mean sidereal time (IAU 1982) with UTC for UT1 and no polar motion,
  then WGS84 geodetic coordinates; both simplifications move a point by less than 100 m.
  Sub-satellite point within 0.002° (about 200 m), height within 10 m, elevation and azimuth
  within 0.02°, range within 0.2 km;
* the orbital plane against the same hand-turned sgp4 state, within 0.005°, and against a hand
  calculation from the mean elements with the J2 drift of the node, within 0.05° (the hand model
  leaves out SGP4's periodic terms);
* the period 1,440 / mean motion against the time between ascending-node crossings measured in
  the SGP4 propagation, within 0.1 % (J2 makes the nodal period slightly shorter);
* launch geometry against a vector construction of the orbit's plane, within 1e-9 degrees;
* the Earth's rotation speed against 2π × equatorial radius / sidereal day.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sgp4.api import jday

from baikonur.data import DataError, load_table
from baikonur.geo import great_circle_km, initial_bearing_deg
from baikonur.orbits import (
    TLEError,
    element_set_at,
    great_circle_path,
    ground_track,
    inclination_from_launch,
    launch_azimuth_for,
    load_element_sets,
    look_angles,
    parse_element_sets,
    plane_angle_deg,
    rotation_speed_m_s,
    tle_checksum,
)
from conftest import ROOT, replace_in

LIFTOFF = pd.Timestamp("2021-10-05T08:55:02Z")
SITE_31 = (45.9960, 63.5641)
TLE_FILE = "iss_tle_2021-10.tle"


@pytest.fixture(scope="module")
def iss():
    return element_set_at(load_element_sets("iss_tle_2021_10"), LIFTOFF)


# --- an independent frame model: sgp4's TEME state, turned by hand ---------------------------

WGS84_A_KM, WGS84_F = 6378.137, 1 / 298.257223563
E2 = WGS84_F * (2 - WGS84_F)


def sgp4_teme(element_set, times):
    """Position and velocity (km, km/s) in TEME from sgp4 itself, and GMST (IAU 1982)."""
    index = pd.DatetimeIndex(times).tz_convert("UTC")
    jd, fr = (
        np.ascontiguousarray(column)
        for column in np.array(
            [
                jday(t.year, t.month, t.day, t.hour, t.minute, t.second + t.microsecond / 1e6)
                for t in index
            ]
        ).T
    )
    errors, r, v = element_set.satrec.sgp4_array(jd, fr)
    assert not np.any(errors)
    centuries = ((jd - 2451545.0) + fr) / 36525.0
    seconds = (
        67310.54841
        + (876600.0 * 3600 + 8640184.812866) * centuries
        + 0.093104 * centuries**2
        - 6.2e-6 * centuries**3
    )
    return r, v, np.radians((seconds / 240.0) % 360.0)


def earth_fixed(vectors, gmst):
    c, s = np.cos(gmst), np.sin(gmst)
    x, y, z = vectors[:, 0], vectors[:, 1], vectors[:, 2]
    return np.column_stack([c * x + s * y, -s * x + c * y, z])


def geodetic(ecef):
    x, y, z = ecef[:, 0], ecef[:, 1], ecef[:, 2]
    p = np.hypot(x, y)
    lat = np.arctan2(z, p * (1 - E2))
    for _ in range(6):
        n = WGS84_A_KM / np.sqrt(1 - E2 * np.sin(lat) ** 2)
        lat = np.arctan2(z, p * (1 - E2 * n / (n + p / np.cos(lat) - n)))
    n = WGS84_A_KM / np.sqrt(1 - E2 * np.sin(lat) ** 2)
    return np.degrees(lat), np.degrees(np.arctan2(y, x)), p / np.cos(lat) - n


def site_ecef(lat_deg, lon_deg):
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    n = WGS84_A_KM / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return np.array(
        [
            n * math.cos(lat) * math.cos(lon),
            n * math.cos(lat) * math.sin(lon),
            n * (1 - E2) * math.sin(lat),
        ]
    )


# --- element sets ----------------------------------------------------------------------------


def test_both_element_sets_load_with_the_published_epochs():
    sets = load_element_sets("iss_tle_2021_10")
    # Epochs as given in the research notes (shared/data/SOURCES.md, section 7).
    assert [str(s.epoch) for s in sets] == [
        "2021-10-02 12:32:48+00:00",
        "2021-10-17 13:28:22.109000+00:00",
    ]
    assert {s.catalogue_number for s in sets} == {25544}
    assert sets[0].inclination_deg == pytest.approx(51.6451)
    assert sets[0].eccentricity == pytest.approx(0.0004138)
    assert sets[0].source == f"{TLE_FILE}, line 2"


def test_the_set_to_use_is_the_latest_before_the_date():
    sets = load_element_sets("iss_tle_2021_10")
    assert element_set_at(sets, LIFTOFF).epoch.day == 2
    assert element_set_at(sets, pd.Timestamp("2021-10-17T14:00Z")).epoch.day == 17
    with pytest.raises(ValueError, match="no element set has its epoch before 2021-09-30"):
        element_set_at(sets, pd.Timestamp("2021-09-30T00:00Z"))


def test_checksum_of_known_lines():
    for line in (ROOT / "data" / TLE_FILE).read_text().splitlines():
        if line[:2] in ("1 ", "2 "):
            assert tle_checksum(line) == int(line[68])
    # By hand: digits of "1 2-3" are 1 + 2 + 3, and the minus sign counts 1.
    assert tle_checksum("1 2-3") == 7


def _with_checksum(line: str) -> str:
    digits = sum(int(c) if c.isdigit() else (c == "-") for c in line[:68])
    return line[:68] + str(digits % 10)


LINE1 = "1 25544U 98067A   21275.52277778  .00006056  00000-0  11838-3 0  9993"
LINE2 = "2 25544  51.6451 172.0044 0004138  50.9000 316.9051 15.48905523305232"


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            LINE1,
            LINE1[:-1] + "4",
            f"{TLE_FILE}, line 2: checksum digit is 4, but the line's digits give 3",
        ),
        (
            LINE2,
            LINE2.replace("51.6451", "51.6461"),
            f"{TLE_FILE}, line 3: checksum digit is 2, but the line's digits give 3",
        ),
        (
            LINE1,
            LINE1.replace("  9993", " 9993"),
            f"{TLE_FILE}, line 2: expected TLE line 1 of 69 characters, got 68",
        ),
        (
            LINE2,
            "3" + LINE2[1:],
            f"{TLE_FILE}, line 3: expected TLE line 2 \\(starting with '2 '\\)",
        ),
        (
            LINE2,
            _with_checksum(LINE2.replace("25544", "25545")),
            f"{TLE_FILE}, line 3: catalogue number 25545 does not match 25544 on line 2",
        ),
        (
            LINE2 + "\n",
            "",
            f"{TLE_FILE}, line 3: expected TLE line 2 of 69 characters, got 11: 'ISS \\(ZARYA\\)'",
        ),
        (
            LINE2,
            _with_checksum(LINE2.replace(" 0004138 ", " 00041x8 ")),
            f"{TLE_FILE}, line 3: columns 27–33 should hold the eccentricity",
        ),
    ],
)
def test_corrupted_element_sets_are_rejected_with_file_and_line(scratch_data, old, new, message):
    replace_in(scratch_data / TLE_FILE, old, new)
    with pytest.raises(TLEError, match=message):
        load_element_sets("iss_tle_2021_10")


def test_parser_errors_for_missing_lines():
    with pytest.raises(TLEError, match="x.tle, line 2: TLE line 1 is the last line"):
        parse_element_sets("ISS\n" + LINE1, "x.tle")
    with pytest.raises(TLEError, match="x.tle, line 1: found TLE line 2 without a line 1"):
        parse_element_sets(LINE2, "x.tle")
    with pytest.raises(TLEError, match="x.tle: no two-line element set found"):
        parse_element_sets("just a name\n", "x.tle")
    # A two-line set without a name line is fine.
    assert parse_element_sets(f"{LINE1}\n{LINE2}\n", "x.tle")[0].name == "unnamed"


def test_loader_refuses_a_table_resource():
    with pytest.raises(DataError, match="resource 'spaceports' is 'csv', not tle"):
        load_element_sets("spaceports")


# --- SGP4 results, cross-checked with the hand-turned sgp4 state ------------------------------


def test_ground_track_matches_the_hand_model(iss):
    times = pd.date_range(LIFTOFF - pd.Timedelta(minutes=20), "2021-10-05T12:30Z", freq="7min")
    ours = ground_track(iss, times)
    r, _v, gmst = sgp4_teme(iss, times)
    lat, lon, height = geodetic(earth_fixed(r, gmst))
    assert np.max(np.abs(ours.lat - lat)) < 0.002
    assert np.max(np.abs((ours.lon - lon + 180) % 360 - 180)) < 0.002
    assert np.max(np.abs(ours.height_km - height)) < 0.01


def test_look_angles_and_closest_pass_match_the_hand_model(iss):
    times = pd.date_range(LIFTOFF - pd.Timedelta(minutes=10), periods=1201, freq="1s")
    ours = look_angles(iss, times, *SITE_31)
    r, _v, gmst = sgp4_teme(iss, times)
    relative = earth_fixed(r, gmst) - site_ecef(*SITE_31)
    lat, lon = map(math.radians, SITE_31)
    east = np.array([-math.sin(lon), math.cos(lon), 0.0])
    north = np.array(
        [-math.sin(lat) * math.cos(lon), -math.sin(lat) * math.sin(lon), math.cos(lat)]
    )
    up = np.array([math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)])
    distance = np.linalg.norm(relative, axis=1)
    altitude = np.degrees(np.arcsin(relative @ up / distance))
    azimuth = np.degrees(np.arctan2(relative @ east, relative @ north)) % 360
    assert np.max(np.abs(ours.elevation_deg - altitude)) < 0.02
    # Azimuth is ill-defined near the zenith (the pass peaks at 86°): compare it below 80°.
    low = altitude < 80
    assert np.max(np.abs((ours.azimuth_deg[low] - azimuth[low] + 180) % 360 - 180)) < 0.02
    assert np.max(np.abs(ours.range_km - distance)) < 0.2
    # The highest point of the pass: the same second for both.
    assert ours.elevation_deg.idxmax() == times[int(np.argmax(altitude))]


def test_plane_angle_matches_the_hand_model_and_the_mean_elements(iss):
    ours = plane_angle_deg(iss, LIFTOFF, *SITE_31)
    # The raw sgp4 state: the plane of TEME position and velocity, turned to the Earth.
    r, v, gmst = sgp4_teme(iss, [LIFTOFF])
    normal = earth_fixed(np.cross(r, v), gmst)[0]
    pad = site_ecef(*SITE_31)
    theirs = math.degrees(
        math.asin(abs(normal @ pad) / np.linalg.norm(normal) / np.linalg.norm(pad))
    )
    assert ours == pytest.approx(theirs, abs=0.005)
    # By hand: the plane from the mean inclination and node (in the frame of the equator and
    # equinox of date), the node drifting with J2; the pad turned by Meeus's sidereal time.
    mu, j2, radius = 398600.4418, 1.08262668e-3, 6378.137
    n = iss.mean_motion_rev_per_day * 2 * math.pi / 86400
    semi_latus = (mu / n**2) ** (1 / 3) * (1 - iss.eccentricity**2)
    inclination = math.radians(iss.inclination_deg)
    drift = -1.5 * j2 * (radius / semi_latus) ** 2 * n * math.cos(inclination)
    node = math.radians(iss.raan_deg) + drift * (LIFTOFF - pd.Timestamp(iss.epoch)).total_seconds()
    hand_normal = np.array(
        [
            math.sin(inclination) * math.sin(node),
            -math.sin(inclination) * math.cos(node),
            math.cos(inclination),
        ]
    )
    julian_day = LIFTOFF.to_julian_date()
    sidereal = math.radians((280.46061837 + 360.98564736629 * (julian_day - 2451545.0)) % 360)
    geocentric = math.atan((1 - 0.00669438) * math.tan(math.radians(SITE_31[0])))
    longitude = math.radians(SITE_31[1]) + sidereal
    pad_of_date = np.array(
        [
            math.cos(geocentric) * math.cos(longitude),
            math.cos(geocentric) * math.sin(longitude),
            math.sin(geocentric),
        ]
    )
    hand = math.degrees(math.asin(abs(hand_normal @ pad_of_date)))
    assert ours == pytest.approx(hand, abs=0.05)


def test_period_from_mean_motion_matches_the_propagated_nodal_period(iss):
    times = pd.date_range("2021-10-05T00:00Z", "2021-10-05T12:00Z", freq="1s")
    z = sgp4_teme(iss, times)[0][:, 2]
    up = np.flatnonzero((z[:-1] < 0) & (z[1:] >= 0))
    crossings_s = up + (-z[up]) / (z[up + 1] - z[up])
    nodal_min = np.diff(crossings_s) / 60
    assert len(nodal_min) >= 6
    assert iss.period_min == pytest.approx(1440 / 15.48905523)
    assert np.all(np.abs(nodal_min / iss.period_min - 1) < 0.001)


def test_times_without_a_timezone_are_refused(iss):
    with pytest.raises(ValueError, match="times must be timezone-aware"):
        ground_track(iss, [pd.Timestamp("2021-10-05T08:55:02")])


# --- launch geometry ---------------------------------------------------------------------------


def _inclination_by_vectors(latitude, azimuth):
    """Build the orbit's plane from the site and the launch direction, take its tilt."""
    lat, az = math.radians(latitude), math.radians(azimuth)
    site = np.array([math.cos(lat), 0.0, math.sin(lat)])
    north = np.array([-math.sin(lat), 0.0, math.cos(lat)])
    east = np.array([0.0, 1.0, 0.0])
    normal = np.cross(site, math.cos(az) * north + math.sin(az) * east)
    return math.degrees(math.acos(normal[2] / np.linalg.norm(normal)))


@pytest.mark.parametrize("latitude", [0, 5.2333, 28.46, 45.996, -33, 62.9, 89.5])
@pytest.mark.parametrize("azimuth", [0, 30, 63.28, 90, 120, 180, 270, 359.9])
def test_inclination_formula_matches_the_vector_construction(latitude, azimuth):
    assert inclination_from_launch(latitude, azimuth) == pytest.approx(
        _inclination_by_vectors(latitude, azimuth), abs=1e-9
    )


def test_due_east_gives_the_latitude_and_the_azimuth_formula_inverts_it():
    for latitude in (5.2333, 28.46, 45.996):
        assert inclination_from_launch(latitude, 90) == pytest.approx(latitude)
        azimuth = launch_azimuth_for(latitude, 51.6451)
        assert inclination_from_launch(latitude, azimuth) == pytest.approx(51.6451)
    assert launch_azimuth_for(45.996, 45.996) == pytest.approx(90)


def test_rotation_speed_is_about_465_m_s_at_the_equator():
    sidereal_day_s = 86164.0905
    assert rotation_speed_m_s(0) == pytest.approx(2 * math.pi * 6378137 / sidereal_day_s, abs=0.01)
    assert rotation_speed_m_s(90) == pytest.approx(0, abs=1e-9)
    # On the ellipsoid, a little more than 465 × cos(latitude) away from the equator.
    assert rotation_speed_m_s(45.996) == pytest.approx(
        465.1 * math.cos(math.radians(45.996)), rel=0.004
    )


def test_great_circle_path_goes_the_right_way_and_distance():
    lats, lons = great_circle_path(*SITE_31, 63.3, [0, 500, 1500])
    assert (lats[0], lons[0]) == pytest.approx(SITE_31)
    for lat, lon, km in zip(lats[1:], lons[1:], [500, 1500]):
        assert great_circle_km(*SITE_31, lat, lon) == pytest.approx(km, rel=1e-6)
    assert initial_bearing_deg(*SITE_31, lats[1], lons[1]) == pytest.approx(63.3, abs=1e-6)


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: inclination_from_launch(95, 90),
            "latitude_deg must be a latitude between -90 and 90 degrees, got 95",
        ),
        (lambda: inclination_from_launch(90, 90), "latitude_deg is 90: at a pole"),
        (
            lambda: inclination_from_launch(46, 400),
            "azimuth_deg must be a compass direction \\(90 = due east\\) between 0 and 360 "
            "degrees, got 400",
        ),
        (
            lambda: inclination_from_launch("46", 90),
            "latitude_deg must be a latitude \\(a finite number of degrees\\), got '46'",
        ),
        (lambda: inclination_from_launch(46, float("nan")), "azimuth_deg must be a compass"),
        (
            lambda: launch_azimuth_for(45.996, 28.5),
            "no direct launch from latitude 45.996° reaches an inclination of 28.5°: from there it "
            "can only be between 45.996° and 134.004°",
        ),
        (lambda: launch_azimuth_for(45.996, 190), "inclination_deg must be an inclination between"),
        (lambda: rotation_speed_m_s(None), "latitude_deg must be a latitude"),
        (lambda: great_circle_path(46, 63, -5, [1]), "azimuth_deg must be a compass direction"),
    ],
)
def test_bad_geometry_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- data of the chapter -------------------------------------------------------------------------


def test_spaceports_table_and_its_baikonur_pad_agree_with_the_places_table():
    spaceports = load_table("spaceports")
    assert len(spaceports) == 8
    site_31 = load_table("baikonur_places").loc["site_31"]
    assert (spaceports.lat["baikonur"], spaceports.lon["baikonur"]) == (site_31.lat, site_31.lon)
    assert spaceports.source.str.contains("GCAT").all()


def test_rendezvous_sources_are_bibliography_keys():
    import re

    keys = set(
        re.findall(
            r"^@\w+\{([^,]+),", (ROOT / "book" / "references.bib").read_text(encoding="utf-8"), re.M
        )
    )
    for row_id, sources in load_table("ms19_rendezvous").source.items():
        assert set(sources.split(";")) <= keys, row_id


def test_plane_crossings_are_where_the_site_lies_in_the_plane():
    from baikonur.orbits import plane_crossings
    from baikonur.timeline import load_events

    liftoff = load_events().utc["ms19_launch"]
    pad = load_table("baikonur_places").loc["site_31"]
    iss = element_set_at(load_element_sets("iss_tle_2021_10"), liftoff)
    crossings = plane_crossings(iss, liftoff, pad.lat, pad.lon)
    # Twice a day, on the launch day, each a minimum of the angle to the second.
    assert len(crossings) == 2 and all(c.normalize() == liftoff.normalize() for c in crossings)
    for crossing in crossings:
        at = plane_angle_deg(iss, crossing, pad.lat, pad.lon)
        for side in (-1, 1):
            moved = crossing + pd.Timedelta(seconds=side)
            assert plane_angle_deg(iss, moved, pad.lat, pad.lon) >= at, crossing
        assert at < 0.01, f"{crossing}: the pad is {at:.3f} degrees from the plane"
    # The launch came a few minutes before the nearest crossing, not after it.
    nearest = min(crossings, key=lambda c: abs(c - liftoff))
    assert pd.Timedelta(0) < nearest - liftoff < pd.Timedelta(minutes=10)
