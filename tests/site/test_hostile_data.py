"""Hostile data: text from data/ is shown as text on every page of both editions, never run.

A copy of the repository gets payloads in every text field of every tabular resource of
``data/datapackage.json`` (the field list is read from the package, so a new field is covered by
itself): a template expression (``{{7*7}}``, which MyST substitutions or Jinja would show as
"49"), a Jinja tag, HTML that runs a script (an ``<img onerror>``, a ``</script><script>``), an
HTML comment opener that would swallow the rest of a page, a JavaScript template-literal
substitution and a backtick. The French catalog gets the same payloads in the translations of
the poisoned strings, so the French edition shows them too. Both editions are built once, and
every page (each map's document in its iframe included, tooltips and popups opened) is visited
in Chromium. The test fails if a payload runs (it calls ``bk()``, which the test exposes to every
frame), if a page shows "49" more often than the normal build's page does, or if a page lost a
section, a figure, a map or a table that the normal build (``make book``) has.

Fields left as they are, and why (the build must still read the data):

- keys (``primaryKey``) and foreign keys, and the fields they point at: chapters look rows up by
  them, and ``name_spellings.book_spelling`` is the name the chapters pass to ``with_french``;
- fields with an ``enum`` or a ``pattern`` (verdicts, codes, dates, source keys, section
  links): the loader rejects any other value, as it should;
- numbers, dates, booleans: not text;
- empty optional values: an empty value has a meaning of its own (no end date, no deeper link);
- fields with a ``maxLength`` get one payload per row in turn (the original text cut to make
  room), since all of them together would not fit.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from baikonur.data import update_integrity
from book_site import HTML, TILE_HOSTS, Site, copy_repository, pages

pytestmark = pytest.mark.usefixtures("built_book")

ROOT = Path(__file__).resolve().parents[2]
PIECES = (
    "{{7*7}}",
    "{% raw %}",
    "<img src=x onerror=bk()>",
    "</script><script>bk()</script>",
    "<!--<script>",
    "${bk()}",
    "`",
)
PAYLOAD = " ".join(PIECES)
# A standalone 49: what "{{7*7}}" becomes if a template engine reads the data.
FORTY_NINE = re.compile(r"(?<![\d.,\u202f\u00a0])49(?![\d.,\u202f\u00a0])")


# Text fields that hold codes the helpers and chapters compute with: a value with a payload is not
# a wrong text but a wrong code, and the loader or the chapter stops (as it should). A new field
# gets the payload until it is named here, with its reason.
CODE_FIELDS = {
    ("film_local_times", "zone"): "an IANA time zone name (zoneinfo)",
    ("baikonur_key_figures", "unit"): "the chapter picks the formatting by the unit",
    **{
        ("gcat_launches", name): "a GCAT code: the chapters group and select by it ('SU', 'LC1')"
        for name in (
            "launch_pad",
            "agency",
            "lv_state",
            "lv_type",
            "platform",
            "flight_id",
            "gcat_launch_date",
        )
    },
    **{
        ("baikonur_famous_launches", name): "a GCAT code, matched with the launch log"
        for name in ("lv_type", "launch_pad")
    },
    **{
        (resource, name): "a GCAT code, matched with the launch log"
        for resource, name in (
            ("baikonur_places", "gcat_site"),
            ("baikonur_places", "gcat_pad"),
            ("baikonur_places", "gcat_name"),
            ("spaceports", "gcat_site"),
            ("spaceports", "gcat_point"),
        )
    },
    ("central_asia_places_extra", "kind"): "the base map's label class",
    **{
        ("iss_crew_oct2021", name): "the Soyuz a crew member flew: the claims' evidence compares it"
        for name in ("arrived_on", "departed_on")
    },
}


def poisoned_fields(resource: dict) -> tuple[list[dict], list[tuple[str, str]]]:
    """The string fields of a resource that get a payload, and the others with the reason."""
    schema = resource.get("schema") or {}
    keys = schema.get("primaryKey") or []
    keys = [keys] if isinstance(keys, str) else list(keys)
    for foreign in schema.get("foreignKeys") or []:
        fields = foreign.get("fields")
        keys += [fields] if isinstance(fields, str) else list(fields)
    chosen, skipped = [], []
    for field in schema.get("fields") or []:
        constraints = field.get("constraints") or {}
        if field.get("type", "string") != "string":
            skipped.append((field["name"], f"type {field.get('type')}"))
        elif field["name"] in keys:
            skipped.append((field["name"], "key"))
        elif (resource["name"], field["name"]) in CODE_FIELDS:
            skipped.append((field["name"], CODE_FIELDS[resource["name"], field["name"]]))
        elif "enum" in constraints or "pattern" in constraints:
            skipped.append((field["name"], "enum or pattern"))
        else:
            chosen.append(field)
    return chosen, skipped


def poison(value: str, field: dict, row: int) -> str:
    """``value`` with the payload after it; within the field's maxLength, one piece per row."""
    longest = (field.get("constraints") or {}).get("maxLength")
    if longest is None:
        return f"{value} {PAYLOAD}"
    fitting = [p for p in PIECES if len(p) <= longest]
    piece = fitting[row % len(fitting)]
    room = longest - len(piece) - 1
    return f"{value[:room].rstrip()} {piece}" if room > 0 else piece


def poison_package(root: Path) -> dict[str, str]:
    """Payloads into every tabular resource's text fields under ``root``/data; the old and new
    strings of the translatable fields (for the French catalog)."""
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    translations: dict[str, str] = {}
    poisoned = 0
    for resource in package["resources"]:
        fields, _ = poisoned_fields(resource)
        if not fields:
            continue
        path = root / "data" / resource["path"]
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            header, rows = reader.fieldnames, list(reader)
        for index, row in enumerate(rows):
            for field in fields:
                old = row.get(field["name"]) or ""
                if not old.strip():
                    continue
                row[field["name"]] = poison(old, field, index)
                poisoned += 1
                if field.get("baikonur:translatable"):
                    translations[old] = row[field["name"]]
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    # As an author would after an edit: the files' sizes, hashes and row counts re-recorded.
    update_integrity(root / "data")
    assert poisoned > 100, f"only {poisoned} values poisoned: the field list is wrong"
    return translations


def poison_catalog(root: Path, translations: dict[str, str]) -> None:
    """The French translation of each poisoned string: its translation, poisoned the same way."""
    from babel.messages.pofile import read_po, write_po

    path = root / "locales" / "fr" / "LC_MESSAGES" / "baikonur.po"
    with path.open("rb") as stream:
        catalog = read_po(stream)
    for old, new in translations.items():
        message = catalog.get(old)
        french = message.string if message is not None and message.string else old
        # A value cut to make room (maxLength) keeps its English words: it is poisoned all the same.
        catalog.add(new, french + new[len(old) :] if new.startswith(old) else new)
    with path.open("wb") as stream:
        write_po(stream, catalog, width=100)


def build_both_editions(source: Path) -> Path:
    """The English edition, the French one, and the French put under fr/ (as `make book`)."""
    bin_dir = Path(sys.executable).parent
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BAIKONUR_")}
    # The copy's helpers and catalogs (baikonur.i18n reads the catalog beside its package), not
    # the editable install's.
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(source), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    french = source / "_build" / "fr"
    steps = [
        [str(bin_dir / "jupyter-book"), "build", ".", "--all", "-W", "-n", "--keep-going"],
        [sys.executable, "-m", "baikonur_sphinx.translation", "config", "fr", str(french)],
        [
            str(bin_dir / "jupyter-book"),
            "build",
            ".",
            "--config",
            str(french / "_config.yml"),
            "--path-output",
            str(french),
            "--all",
            "-W",
            "-n",
            "--keep-going",
        ],
        [
            sys.executable,
            "-m",
            "baikonur_sphinx.translation",
            "assemble",
            "fr",
            str(french / "_build" / "html"),
            str(source / "_build" / "html"),
        ],
    ]
    for step in steps:
        run = subprocess.run(step, cwd=source, env=environment, capture_output=True, text=True)
        assert run.returncode == 0, (
            f"the build with hostile data failed at {step[1:4]}:\n"
            + run.stdout[-6000:]
            + run.stderr[-4000:]
        )
    return source / "_build" / "html"


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory):
    source = copy_repository(tmp_path_factory.mktemp("hostile") / "repository")
    poison_catalog(source, poison_package(source))
    return build_both_editions(source)


# Draw everything a reader can make appear: each figure and map brought into view; in each map,
# every tooltip and popup opened (folium builds their HTML in JavaScript).
_OPEN_MAP_LAYERS = """() => {
  const maps = [];
  for (const name of Object.getOwnPropertyNames(window)) {
    // Some properties throw when read in a sandbox (localStorage): they are not maps.
    try { if (window.L && window[name] instanceof L.Map) maps.push(window[name]); } catch (e) {}
  }
  for (const map of maps) {
    map.eachLayer(layer => {
      try {
        if (layer.getTooltip && layer.getTooltip()) layer.openTooltip();
        if (layer.getPopup && layer.getPopup()) { layer.openPopup(); layer.closePopup(); }
      } catch (error) { /* a group without a position of its own: its members are opened */ }
    });
  }
  return maps.length;
}"""

_TEXT_AND_PARTS = """() => ({
  text: document.body ? document.body.innerText : "",
  sections: [...document.querySelectorAll("section[id]")].map(s => s.id),
  figures: document.querySelectorAll("div.bk-plotly svg.main-svg").length,
  maps: document.querySelectorAll("iframe.bk-map").length,
  tables: document.querySelectorAll("table").length,
})"""


# A script the Content-Security-Policy stopped: the data reached the page as markup, and only the
# second line of defence held (a page's own script blocked would be a broken page, too).
_REPORT_BLOCKED = """document.addEventListener("securitypolicyviolation", e =>
  bkBlocked(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));"""


def visit(browser, site: Site, page_path: str, ran: list) -> dict:
    """The page drawn in full: its text (with its maps' text), sections and parts; ``ran``
    gets the frames where a payload ran, and what the Content-Security-Policy blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.expose_binding("bk", lambda source, *args: ran.append(source["frame"].url))
    context.expose_binding(
        "bkBlocked", lambda source, what: ran.append(f"{source['frame'].url}: blocked {what}")
    )
    context.add_init_script(_REPORT_BLOCKED)
    context.route(
        re.compile(r"https?://(" + "|".join(map(re.escape, TILE_HOSTS)) + r")/"),
        lambda route: route.abort(),
    )
    page = context.new_page()
    try:
        page.goto(site.base + page_path, wait_until="load")
        figures = page.locator("div.bk-plotly")
        for index in range(figures.count()):
            figures.nth(index).scroll_into_view_if_needed()
            figures.nth(index).locator("svg.main-svg").first.wait_for(
                state="attached", timeout=30_000
            )
        texts = []
        frames = page.locator("iframe.bk-map")
        for index in range(frames.count()):
            frames.nth(index).scroll_into_view_if_needed()
            frame = frames.nth(index).element_handle().content_frame()
            frame.locator(".leaflet-container").wait_for(timeout=30_000)
            frame.wait_for_load_state("load")
            assert frame.evaluate(_OPEN_MAP_LAYERS) == 1, f"{page_path}: map {index} not found"
            texts.append(frame.evaluate("() => document.body.innerText"))
        found = page.evaluate(_TEXT_AND_PARTS)
        found["text"] += "\n".join(texts)
        return found
    finally:
        context.close()


def is_redirect(page_path: str) -> bool:
    """index.html only sends the reader on to the first page (it has no content of its own)."""
    return 'http-equiv="Refresh"' in (HTML / page_path).read_text(encoding="utf-8")


HOSTILE_PAGES = [
    p
    for p in pages()
    if not p.startswith(("genindex", "search", "fr/genindex")) and not is_redirect(p)
]


def test_the_payload_field_list_covers_the_text_of_the_package():
    """Every tabular resource with text has fields that get the payload (the list is the
    package's, not the test's)."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    chosen = {
        resource["name"]: [f["name"] for f in poisoned_fields(resource)[0]]
        for resource in package["resources"]
        if resource.get("schema", {}).get("fields")
    }
    assert chosen["claims"] == ["claim", "reason"]
    assert "french_press_spelling" in chosen["name_spellings"]
    assert "description" in chosen["film_production"]
    assert sum(map(len, chosen.values())) > 40


@pytest.fixture(scope="module")
def hostile_site(hostile_html):
    with Site(hostile_html) as running:
        yield running


@pytest.fixture(scope="module")
def normal_site():
    with Site(HTML) as running:
        yield running


@pytest.mark.parametrize("page_path", HOSTILE_PAGES)
def test_hostile_data_is_shown_not_run(browser, hostile_site, normal_site, page_path):
    assert (hostile_site.html / page_path).is_file(), f"{page_path} was not built"
    ran: list[str] = []
    hostile = visit(browser, hostile_site, page_path, ran)
    normal = visit(browser, normal_site, page_path, [])
    assert not ran, f"a script from data ran or was blocked on {page_path}: {sorted(set(ran))}"
    assert len(FORTY_NINE.findall(hostile["text"])) <= len(FORTY_NINE.findall(normal["text"])), (
        f"{page_path} shows '49' where the data says {{{{7*7}}}}: a template read the data"
    )
    lost = [s for s in normal["sections"] if s not in hostile["sections"]]
    assert not lost, f"{page_path} lost its sections {lost} with hostile data"
    for part in ("figures", "maps", "tables"):
        assert hostile[part] >= normal[part], (
            f"{page_path}: {normal[part]} {part} in the normal build, {hostile[part]} with "
            f"hostile data"
        )
