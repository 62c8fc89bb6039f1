"""Orbits for the book: launch geometry, two-line element sets (TLEs) and SGP4 propagation.

* Launch geometry on a spherical Earth: the inclination a launch reaches from a latitude and an
  azimuth (``cos i = cos(latitude) sin(azimuth)``), the azimuth a target inclination needs, the
  push the Earth's rotation gives, and great-circle paths for maps.
* :func:`load_element_sets` reads a TLE resource of ``data/datapackage.json`` and checks every
  line (length, line number, checksum, catalogue number), so a corrupted element set stops the
  chapter with a message naming the file, the line and what was expected; sgp4 reads the
  elements (its ``Satrec``), which :class:`ElementSet` gives in degrees and revolutions a day.
* :func:`ground_track`, :func:`look_angles` and :func:`plane_angle_deg` propagate an element set
  with SGP4 (the model the element sets are made for) and turn its positions into latitude,
  longitude and height on the WGS84 ellipsoid, a site's sky, and the orbital plane: skyfield does
  the frames (TEME, GCRS, ITRS, with its built-in UT1 and leap-second tables, offline) and the
  ellipsoid. The tests check it against the raw sgp4 state turned by hand (sidereal time,
  WGS84), and against the mean elements.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from numbers import Real
from typing import Iterable

import numpy as np
import pandas as pd
from sgp4.api import SGP4_ERRORS, Satrec
from sgp4.conveniences import sat_epoch_datetime
from sgp4.io import compute_checksum
from skyfield.api import EarthSatellite, load, wgs84

from .data import DataError, read_resource
from .geo import EARTH_RADIUS_KM

__all__ = [
    "EARTH_ROTATION_RAD_S",
    "ElementSet",
    "TLEError",
    "WGS84_A_KM",
    "element_set_at",
    "great_circle_path",
    "ground_track",
    "inclination_from_launch",
    "launch_azimuth_for",
    "load_element_sets",
    "look_angles",
    "parse_element_sets",
    "plane_angle_deg",
    "plane_crossings",
    "rotation_speed_m_s",
    "tle_checksum",
]

#: The Earth's rotation rate relative to the stars (IERS conventions), rad/s.
EARTH_ROTATION_RAD_S = 7.292115e-5
#: WGS84 equatorial radius (km) and flattening.
WGS84_A_KM = 6378.137
WGS84_F = 1 / 298.257223563
_E2 = WGS84_F * (2 - WGS84_F)
TLE_LINE_LENGTH = 69


# --- launch geometry --------------------------------------------------------------------------


def _number(name: str, value: object, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be {what} (a finite number of degrees), got {value!r}")
    if not low <= value <= high:
        raise ValueError(
            f"{name} must be {what} between {low:g} and {high:g} degrees, got {value!r}"
        )
    return float(value)


def _latitude(value: object, name: str = "latitude_deg") -> float:
    latitude = _number(name, value, -90, 90, "a latitude")
    if abs(latitude) == 90:
        raise ValueError(
            f"{name} is {value!r}: at a pole every direction is south (or north), "
            f"so a launch azimuth means nothing there; choose a latitude strictly "
            f"between -90 and 90 degrees"
        )
    return latitude


def inclination_from_launch(latitude_deg: float, azimuth_deg: float) -> float:
    """Inclination (degrees, 0–180) of the orbit a launch enters from ``latitude_deg`` heading
    ``azimuth_deg`` (degrees clockwise from north: 90 is due east), on a spherical Earth:
    ``cos i = cos(latitude) × sin(azimuth)``. The azimuth is the direction in space, before the
    Earth's rotation is added; due east gives the lowest inclination, equal to the latitude.
    """
    latitude = _latitude(latitude_deg)
    azimuth = _number("azimuth_deg", azimuth_deg, 0, 360, "a compass direction (90 = due east)")
    cos_i = math.cos(math.radians(latitude)) * math.sin(math.radians(azimuth))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos_i))))


def launch_azimuth_for(latitude_deg: float, inclination_deg: float) -> float:
    """Azimuth (degrees clockwise from north) that puts a launch from ``latitude_deg`` straight
    into an orbit of ``inclination_deg``, heading north-east for a prograde orbit (the mirror
    direction, 180° minus it, heads south-east into the same inclination).

    Raises ValueError when no direct launch reaches that inclination: from latitude φ the
    inclination can be no less than |φ| and no more than 180° − |φ|.
    """
    latitude = _latitude(latitude_deg)
    inclination = _number("inclination_deg", inclination_deg, 0, 180, "an inclination")
    lowest, highest = abs(latitude), 180 - abs(latitude)
    if not lowest - 1e-9 <= inclination <= highest + 1e-9:
        raise ValueError(
            f"no direct launch from latitude {latitude:g}° reaches an inclination of "
            f"{inclination:g}°: from there it can only be between {lowest:g}° and {highest:g}° "
            f"(anything else needs a plane change in orbit)"
        )
    sin_a = math.cos(math.radians(inclination)) / math.cos(math.radians(latitude))
    return math.degrees(math.asin(max(-1.0, min(1.0, sin_a)))) % 360


def rotation_speed_m_s(latitude_deg: float) -> float:
    """Eastward speed (m/s) of a point at sea level on the WGS84 ellipsoid due to the Earth's
    rotation: about 465 m/s at the equator, zero at the poles."""
    latitude = math.radians(_number("latitude_deg", latitude_deg, -90, 90, "a latitude"))
    prime_vertical = WGS84_A_KM / math.sqrt(1 - _E2 * math.sin(latitude) ** 2)
    return EARTH_ROTATION_RAD_S * prime_vertical * 1000 * math.cos(latitude)


def great_circle_path(
    latitude_deg: float, longitude_deg: float, azimuth_deg: float, distances_km: Iterable[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Points (latitudes, longitudes in degrees) along the great circle that leaves the given
    point heading ``azimuth_deg``, at each of ``distances_km`` (on a 6,371 km sphere)."""
    lat1 = math.radians(_number("latitude_deg", latitude_deg, -90, 90, "a latitude"))
    lon1 = math.radians(_number("longitude_deg", longitude_deg, -180, 180, "a longitude"))
    azimuth = math.radians(_number("azimuth_deg", azimuth_deg, 0, 360, "a compass direction"))
    delta = np.asarray(list(distances_km), dtype=float) / EARTH_RADIUS_KM
    lat2 = np.arcsin(np.sin(lat1) * np.cos(delta) + np.cos(lat1) * np.sin(delta) * np.cos(azimuth))
    lon2 = lon1 + np.arctan2(
        np.sin(azimuth) * np.sin(delta) * np.cos(lat1), np.cos(delta) - np.sin(lat1) * np.sin(lat2)
    )
    return np.degrees(lat2), (np.degrees(lon2) + 180) % 360 - 180


# --- two-line element sets --------------------------------------------------------------------


class TLEError(DataError):
    """A two-line element set is malformed: wrong length, line number, checksum or catalogue."""


@dataclass(frozen=True)
class ElementSet:
    """One two-line element set, checked, and read by sgp4 (``satrec``); its mean elements in
    degrees and revolutions a day, as the element set writes them."""

    name: str
    line1: str
    line2: str
    source: str  # "file, line N" of line 1
    satrec: Satrec = field(repr=False, compare=False)

    @property
    def catalogue_number(self) -> int:
        return self.satrec.satnum

    @property
    def epoch(self) -> datetime:
        """UTC, to the millisecond (the element set's 8 decimals of a day resolve about 1 ms)."""
        epoch = sat_epoch_datetime(self.satrec)
        return epoch.replace(microsecond=0) + timedelta(
            milliseconds=round(epoch.microsecond / 1000)
        )

    inclination_deg = property(lambda self: math.degrees(self.satrec.inclo))
    raan_deg = property(lambda self: math.degrees(self.satrec.nodeo))
    eccentricity = property(lambda self: self.satrec.ecco)
    argument_of_perigee_deg = property(lambda self: math.degrees(self.satrec.argpo))
    mean_anomaly_deg = property(lambda self: math.degrees(self.satrec.mo))

    @property
    def mean_motion_rev_per_day(self) -> float:
        return self.satrec.no_kozai * 1440 / (2 * math.pi)  # sgp4 keeps radians a minute

    @property
    def period_min(self) -> float:
        """Orbital period from the mean motion: 1,440 minutes a day / revolutions a day."""
        return 1440.0 / self.mean_motion_rev_per_day


def tle_checksum(line: str) -> int:
    """The TLE checksum of a line's first 68 characters: the sum of its digits, with each minus
    sign counting 1, modulo 10 (sgp4's)."""
    return compute_checksum(line)


def _check_line(text: str, where: str, number: int) -> str:
    line = text.rstrip()
    if len(line) != TLE_LINE_LENGTH:
        raise TLEError(
            f"{where}: expected TLE line {number} of {TLE_LINE_LENGTH} characters, "
            f"got {len(line)}: {line!r}"
        )
    if line[0] != str(number) or line[1] != " ":
        raise TLEError(
            f"{where}: expected TLE line {number} (starting with '{number} '), "
            f"got a line starting with {line[:2]!r}"
        )
    if not line[68].isdigit():
        raise TLEError(f"{where}: expected a checksum digit in column 69, got {line[68]!r}")
    expected = tle_checksum(line)
    if int(line[68]) != expected:
        raise TLEError(
            f"{where}: checksum digit is {line[68]}, but the line's digits give "
            f"{expected}: the line is corrupted or mistyped"
        )
    return line


def _decode(name: str, line1: str, line2: str, file: str, line_no: int) -> ElementSet:
    """sgp4 reads the element set; what it does not check (it reads a digit short, or an
    eccentricity with a letter in it, without complaint) is checked here first."""
    where1, where2 = f"{file}, line {line_no}", f"{file}, line {line_no + 1}"
    if line1[2:7] != line2[2:7]:
        raise TLEError(
            f"{where2}: catalogue number {line2[2:7].strip()} does not match "
            f"{line1[2:7].strip()} on line {line_no}; expected both lines of a set to describe "
            f"one object"
        )
    if not line2[26:33].isdigit():
        raise TLEError(
            f"{where2}: columns 27–33 should hold the eccentricity (7 digits), got {line2[26:33]!r}"
        )
    satrec = Satrec.twoline2rv(line1, line2)
    if satrec.error:
        raise TLEError(f"{where1}: sgp4 cannot use this element set: {SGP4_ERRORS[satrec.error]}")
    return ElementSet(name=name, line1=line1, line2=line2, source=where1, satrec=satrec)


def parse_element_sets(text: str, file: str = "<text>") -> list[ElementSet]:
    """Parse two-line element sets (each optionally preceded by a name line, as in the common
    three-line format). Raises :class:`TLEError` naming ``file``, the line and what was expected
    for any malformed line, and for a file with no element set."""
    lines = text.splitlines()
    sets, name, number = [], "", 0
    while number < len(lines):
        raw = lines[number]
        number += 1
        if not raw.strip():
            continue
        if not raw.startswith("1 "):
            if raw.startswith("2 "):
                raise TLEError(
                    f"{file}, line {number}: found TLE line 2 without a line 1 "
                    f"before it; expected a name line or line 1"
                )
            name = raw.strip().removeprefix("0 ")
            continue
        line1 = _check_line(raw, f"{file}, line {number}", 1)
        if number >= len(lines):
            raise TLEError(
                f"{file}, line {number}: TLE line 1 is the last line; expected line 2 after it"
            )
        line2 = _check_line(lines[number], f"{file}, line {number + 1}", 2)
        sets.append(_decode(name or "unnamed", line1, line2, file, number))
        name, number = "", number + 1
    if not sets:
        raise TLEError(
            f"{file}: no two-line element set found; expected lines starting '1 ' and '2 '"
        )
    return sets


def load_element_sets(name: str) -> list[ElementSet]:
    """The element sets of the TLE resource ``name`` of ``datapackage.json``, each checked (and
    the file checked against the size and hash the data package records)."""
    return read_resource(name, "tle", parse_element_sets)


def element_set_at(sets: Iterable[ElementSet], when) -> ElementSet:
    """The element set to propagate to ``when``: the one with the latest epoch not after it."""
    when = _utc(pd.DatetimeIndex([when]))[0]
    earlier = [s for s in sets if pd.Timestamp(s.epoch) <= when]
    if not earlier:
        raise ValueError(
            f"no element set has its epoch before {when}: propagating backwards "
            f"is not supported here"
        )
    return max(earlier, key=lambda s: s.epoch)


# --- propagation and frames (skyfield) -------------------------------------------------------


def _utc(times) -> pd.DatetimeIndex:
    index = pd.DatetimeIndex(pd.to_datetime(times))
    if index.tz is None:
        raise ValueError("times must be timezone-aware (UTC), e.g. pd.Timestamp(..., tz='UTC')")
    return index.tz_convert("UTC")


@lru_cache(maxsize=1)
def _timescale():
    # Leap seconds and UT1 - UTC from the tables skyfield ships with: no download, offline.
    return load.timescale(builtin=True)


def _state(element_set: ElementSet, index: pd.DatetimeIndex):
    """The satellite (skyfield's SGP4, from the element set) and its geocentric (GCRS) states."""
    satellite = EarthSatellite.from_satrec(element_set.satrec, _timescale())
    times = _timescale().from_datetimes(index.to_pydatetime())
    state = satellite.at(times)
    messages = np.atleast_1d(np.asarray(getattr(state, "message", None), dtype=object))
    failed = [i for i, message in enumerate(messages) if message]
    if failed:
        raise ValueError(
            f"SGP4 failed for {element_set.source} at {index[failed[0]]}: {messages[failed[0]]}"
        )
    return satellite, times, state


def ground_track(element_set: ElementSet, times) -> pd.DataFrame:
    """Sub-satellite points: a DataFrame indexed by UTC time with ``lat``, ``lon`` (degrees,
    WGS84 geodetic) and ``height_km`` above the ellipsoid."""
    index = _utc(times)
    _satellite, _times, state = _state(element_set, index)
    point = wgs84.geographic_position_of(state)
    return pd.DataFrame(
        {
            "lat": point.latitude.degrees,
            "lon": point.longitude.degrees,
            "height_km": point.elevation.km,
        },
        index=index,
    )


def look_angles(
    element_set: ElementSet,
    times,
    latitude_deg: float,
    longitude_deg: float,
    height_km: float = 0.0,
) -> pd.DataFrame:
    """Where the satellite is in the sky of a site: ``elevation_deg`` above the horizon,
    ``azimuth_deg`` clockwise from north and ``range_km``, indexed by UTC time."""
    site = wgs84.latlon(
        _latitude(latitude_deg),
        _number("longitude_deg", longitude_deg, -180, 180, "a longitude"),
        elevation_m=height_km * 1000,
    )
    index = _utc(times)
    satellite, times_, _state_ = _state(element_set, index)
    elevation, azimuth, distance = (satellite - site).at(times_).altaz()
    return pd.DataFrame(
        {
            "elevation_deg": elevation.degrees,
            "azimuth_deg": azimuth.degrees,
            "range_km": distance.km,
        },
        index=index,
    )


def plane_angle_deg(
    element_set: ElementSet, when, latitude_deg: float, longitude_deg: float
) -> float:
    """Angle (degrees) between a site and the satellite's orbital plane at ``when``: 0 when the
    site lies in the plane, so that a rocket launched then flies straight into the orbit. The
    plane is the one swept by the satellite's inertial (GCRS) position and velocity; the site is
    a point of the WGS84 ellipsoid at the same instant."""
    site = wgs84.latlon(
        _latitude(latitude_deg), _number("longitude_deg", longitude_deg, -180, 180, "a longitude")
    )
    _satellite, times, state = _state(element_set, _utc([when]))
    normal = np.cross(state.position.km[:, 0], state.velocity.km_per_s[:, 0])
    pad = site.at(times[0]).position.km
    return math.degrees(
        math.asin(abs(normal @ pad) / (np.linalg.norm(normal) * np.linalg.norm(pad)))
    )


def plane_crossings(
    element_set: ElementSet, day, latitude_deg: float, longitude_deg: float
) -> list[pd.Timestamp]:
    """The moments of the UTC ``day`` (to the second) at which the Earth's rotation carries the
    site through the satellite's orbital plane, twice a day: the minima of ``plane_angle_deg``
    on a scan minute by minute, each refined second by second over the two minutes around it.
    The steppe chapter's scan, as a helper, so the film chapter gives the same moment."""
    start = pd.Timestamp(day)
    start = start.tz_localize("UTC") if start.tzinfo is None else start.tz_convert("UTC")
    minutes = pd.date_range(start.normalize(), periods=24 * 60, freq="1min")
    angle = pd.Series(
        [plane_angle_deg(element_set, t, latitude_deg, longitude_deg) for t in minutes],
        index=minutes,
    )
    step = angle.diff()
    falling_then_rising = (step.iloc[1:-1] < 0).values & (step.shift(-1).iloc[1:-1] > 0).values
    crossings = []
    for minute in angle.index[1:-1][falling_then_rising]:
        seconds = pd.date_range(minute - pd.Timedelta(minutes=1), periods=121, freq="1s")
        crossings.append(
            min(seconds, key=lambda s: plane_angle_deg(element_set, s, latitude_deg, longitude_deg))
        )
    return crossings
