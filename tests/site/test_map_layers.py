"""Each chapter's maps carry the layers their captions and text speak of, by name, in both editions.

A map that lost a layer (the Kazakhstan border taken out of a chapter's code, a feature group
renamed or dropped) still builds, draws and reads without overlapping labels: only its layer
control, the list a reader switches layers with, says what is missing. The map documents the
pages load (``_static/maps/``) declare that list; it is read here, map by map, in page order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from baikonur.i18n import tr
from book_site import HTML

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

TILES = "Background: OpenStreetMap tiles (online)"
BORDER = "Kazakhstan border"

# Page -> the layers each of its maps lists, in the order the maps appear (English names, as the
# chapters pass them to tr()). The optional tile backdrop is on every map, first.
EXPECTED_LAYERS = {
    "book/baikonur-exists": [
        [TILES, BORDER, "Launch pads", "Towns"],
        [TILES],  # the close-up: the pads and the town are the map itself
    ],
    "book/why-the-steppe": [[TILES, BORDER], [TILES, BORDER], [TILES, BORDER]],
    "book/coming-home": [[TILES, BORDER, "Ground track and landing", "Launch pad and towns"]],
    "book/first-film-in-space": [
        [TILES, BORDER, "Landing area (approximate)", "Launch pad and towns"],
        [TILES, "Landing area (approximate)"],
    ],
}
# The base map's own layers, added to the same control when the map is drawn.
BASE_LAYERS = {"countries": "Countries", "water": "Seas, lakes and rivers", "railways": "Railways"}


def _map_documents(page: Path) -> list[Path]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    # The map loads when it scrolls into view: its address is in data-src until then.
    return [
        (page.parent / (frame.get("src") or frame["data-src"]).split("?")[0]).resolve()
        for frame in soup.select("iframe.bk-map")
    ]


def _control_layers(document: str) -> list[str]:
    """The overlay names of the map's folium layer control, in order."""
    block = re.search(r"\boverlays\s*:\s*\{(.*?)\n\s*\}", document, re.S)
    assert block, "the map document has no layer control"
    return [json.loads(name) for name in re.findall(r'^\s*("(?:[^"\\]|\\.)*")\s*:', block[1], re.M)]


def _base_layer_names(document: str) -> dict[str, str]:
    found = re.search(r'"names":(\{"countries":"[^{}]*\})', document)
    assert found, "the map document has no base layers"
    return json.loads(found[1])


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", sorted(EXPECTED_LAYERS))
def test_each_map_lists_its_layers_by_name(page, lang):
    path = HTML / f"{page}.html" if lang == "en" else HTML / "fr" / f"{page}.html"
    documents = _map_documents(path)
    expected = [[tr(name, lang=lang) for name in layers] for layers in EXPECTED_LAYERS[page]]
    assert len(documents) == len(expected), (
        f"{path.relative_to(HTML)}: {len(documents)} maps, expected {len(expected)}"
    )
    for number, (document, layers) in enumerate(zip(documents, expected), start=1):
        text = document.read_text(encoding="utf-8")
        assert _control_layers(text) == layers, (
            f"{path.relative_to(HTML)}, map {number} ({document.name}): its layer control "
            f"lists {_control_layers(text)}, expected {layers}"
        )
        base = _base_layer_names(text)
        for key, name in BASE_LAYERS.items():
            assert base.get(key) == tr(name, lang=lang), (
                f"{path.relative_to(HTML)}, map {number}: base layer {key!r} is {base.get(key)!r}"
            )
        # No name twice in the control: the base's towns give way to a chapter's own.
        assert base["towns"] not in layers, (
            f"{path.relative_to(HTML)}, map {number}: the layer control lists {base['towns']!r} "
            f"twice"
        )


def test_every_map_page_is_listed():
    # A new map page is added to EXPECTED_LAYERS with its layers, not left unchecked.
    with_maps = {
        f"book/{path.stem}" for path in (HTML / "book").glob("*.html") if _map_documents(path)
    }
    assert with_maps == set(EXPECTED_LAYERS), with_maps ^ set(EXPECTED_LAYERS)
