"""Install the npm packages the site uses only as prebuilt bundles, without their dependencies.

Thebe (live code) is published on npm as a webpack bundle (``lib/index.js`` and its chunks) that
needs none of its declared dependencies in the browser. ``npm ci`` would still resolve all of them,
and some are not on the registry this project installs from, so Thebe cannot be an ordinary
dependency in ``package.json``. Instead ``package.json`` pins it under ``"prebuiltOnly"``, with the
tarball's integrity hash:

    "prebuiltOnly": {
      "thebe": {"version": "0.9.3", "integrity": "sha512-...", "files": ["lib"]}
    }

and ``make book`` runs ``python -m baikonur_sphinx.npm_prebuilt`` after ``npm ci``: it fetches each
tarball with ``npm pack`` (the registry npm is configured with), checks its SHA-512 against the pin,
and unpacks the listed folders into ``node_modules/<name>/`` (source maps and type declarations
left out). From there ``baikonur_sphinx`` copies what the pages use into ``_static/vendor/``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

FIELD = "prebuiltOnly"
# Not needed in the browser, and most of the unpacked size.
SKIPPED_SUFFIXES = (".map", ".d.ts")


class PrebuiltError(RuntimeError):
    """A pin in package.json is malformed, or a tarball does not match it."""


def pins(package_json: Path) -> dict[str, dict]:
    """The ``prebuiltOnly`` pins of ``package_json``, checked: version, integrity, files."""
    manifest = json.loads(package_json.read_text(encoding="utf-8"))
    found = manifest.get(FIELD, {})
    for name, pin in found.items():
        where = f'{package_json}: "{FIELD}" > "{name}"'
        if not isinstance(pin, dict):
            raise PrebuiltError(f"{where} must be an object with version, integrity and files")
        missing = [key for key in ("version", "integrity", "files") if not pin.get(key)]
        if missing:
            raise PrebuiltError(
                f"{where} needs {', '.join(missing)} (integrity as npm writes it: sha512-<base64>)"
            )
        if not str(pin["integrity"]).startswith("sha512-"):
            raise PrebuiltError(
                f"{where}: integrity must be sha512-<base64>, got {pin['integrity']!r}"
            )
        if not isinstance(pin["files"], list) or not all(isinstance(f, str) for f in pin["files"]):
            raise PrebuiltError(f'{where}: files must be a list of folders, like ["lib"]')
    return found


def integrity(tarball: Path) -> str:
    """The tarball's hash in npm's notation (Subresource Integrity, SHA-512)."""
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def is_installed(node_modules: Path, name: str, pin: dict) -> bool:
    manifest = node_modules / name / "package.json"
    if not manifest.is_file():
        return False
    installed = json.loads(manifest.read_text(encoding="utf-8"))
    return (
        installed.get("version") == pin["version"]
        and installed.get("_integrity") == pin["integrity"]
    )


def unpack(tarball: Path, target: Path, name: str, pin: dict) -> None:
    """Unpack the pinned folders of an npm tarball (whose entries start with ``package/``)."""
    actual = integrity(tarball)
    if actual != pin["integrity"]:
        raise PrebuiltError(
            f"{name}@{pin['version']}: the tarball's integrity is {actual}, but package.json pins "
            f"{pin['integrity']}. If you meant to change the version, set both (npm pack "
            f"{name}@<version> --json prints the integrity)."
        )
    wanted = tuple(f"package/{folder.strip('/')}/" for folder in pin["files"])
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    manifest = None
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            if member.name == "package/package.json":
                manifest = json.load(archive.extractfile(member))
                continue
            if not member.isfile() or not member.name.startswith(wanted):
                continue
            if member.name.endswith(SKIPPED_SUFFIXES):
                continue
            relative = Path(member.name).relative_to("package")
            if ".." in relative.parts:
                raise PrebuiltError(f"{tarball}: unsafe path {member.name!r}")
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(destination, "wb") as out:
                shutil.copyfileobj(source, out)
    if manifest is None or manifest.get("version") != pin["version"]:
        raise PrebuiltError(f"{tarball}: package.json missing or not version {pin['version']}")
    for folder in pin["files"]:
        if not (target / folder).is_dir():
            raise PrebuiltError(
                f'{name}@{pin["version"]} has no folder {folder!r}: check "files" in package.json'
            )
    # Written last: a complete install is one whose manifest names the pinned integrity.
    manifest["_integrity"] = pin["integrity"]
    (target / "package.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def fetch(name: str, version: str, into: Path) -> Path:
    """Download ``name@version`` from the configured npm registry with ``npm pack``."""
    npm = shutil.which("npm")
    if npm is None:
        raise PrebuiltError(
            "npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)"
        )
    run = subprocess.run(
        [npm, "pack", f"{name}@{version}", "--json", "--pack-destination", str(into)],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise PrebuiltError(f"npm pack {name}@{version} failed:\n{run.stderr.strip()}")
    filename = json.loads(run.stdout)[0]["filename"]
    return into / filename


def install(root: Path) -> list[str]:
    """Install every pinned package into ``root/node_modules``; returns what it (re)installed."""
    node_modules = root / "node_modules"
    done = []
    for name, pin in pins(root / "package.json").items():
        if is_installed(node_modules, name, pin):
            continue
        with tempfile.TemporaryDirectory() as scratch:
            tarball = fetch(name, pin["version"], Path(scratch))
            unpack(tarball, node_modules / name, name, pin)
        done.append(f"{name}@{pin['version']}")
    return done


def main() -> int:
    root = Path.cwd()
    try:
        done = install(root)
    except PrebuiltError as error:
        print(f"npm_prebuilt: {error}", file=sys.stderr)
        return 1
    for item in done:
        print(f"npm_prebuilt: installed {item} (prebuilt bundle only) into node_modules/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
