"""The Python locks (`make lock`) hold what requirements.txt and tests/requirements.txt ask for,
every package with its hashes: a requirement edited without refreshing the locks fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent.parent
LOCKS = {
    "requirements.lock": ["requirements.txt"],
    "tests/requirements.lock": ["requirements.txt", "tests/requirements.txt"],
}


def _requirements(name: str) -> list[Requirement]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [
        Requirement(line.split("#")[0].strip())
        for line in lines
        if line.strip() and not line.lstrip().startswith(("#", "-"))
    ]


def _pins(lock: str) -> dict[str, list[tuple[str, str]]]:
    """Package -> [(version, marker)]; each pin must carry hashes."""
    text = (ROOT / lock).read_text(encoding="utf-8")
    pins: dict[str, list[tuple[str, str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\\n]+))?", block)
        if not match:
            continue
        assert "--hash=sha256:" in block, f"{lock}: {match[1]} has no hash"
        pins.setdefault(canonicalize_name(match[1]), []).append(
            (match[2], (match[3] or "").strip())
        )
    return pins


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_the_lock_holds_every_requirement_at_an_allowed_version(lock):
    pins = _pins(lock)
    assert pins, f"{lock} pins nothing"
    environment = default_environment()
    for source in LOCKS[lock]:
        for requirement in _requirements(source):
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{lock} lacks {requirement} ({source}): run `make lock`"
            here = [
                version
                for version, marker in pins[name]
                if not marker or Marker(marker).evaluate(environment)
            ]
            assert here, f"{lock}: no pin of {name} for this Python"
            for version in here:
                assert requirement.specifier.contains(version, prereleases=True), (
                    f"{lock} pins {name}=={version}, but {source} asks for {requirement}: "
                    f"run `make lock`"
                )
