"""A page in Chromium as a reader's browser loads it, for the browser tests: what it logs, fails to
fetch or asks of other hosts (map tiles are answered with a blank image), and axe-core's verdict."""

from __future__ import annotations

import base64
from urllib.parse import urlparse

from book_site import ROOT, TILE_HOSTS

BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
WIDTHS = {"desktop": 1280, "phone": 390}
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__axe-core__/axe.min.js"
# What axe reports that a reader cannot work around; "moderate" and "minor" are left to review.
AXE_BLOCKING = ("serious", "critical")
_RUN_AXE = """async (blocking) => {
  // Each document on its own (iframes: false): the maps' iframes get their own axe run.
  // No preload: axe would fetch each stylesheet again, which a sandboxed map (no origin) may not.
  const options = {iframes: false, resultTypes: ["violations"], preload: false};
  const result = await axe.run(document, options);
  return result.violations.filter(v => blocking.includes(v.impact)).map(v =>
    `${v.impact} ${v.id}: ${v.help} (${v.helpUrl.split("?")[0]}) at ` +
    v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


def axe_violations(frame, where):
    """Serious and critical axe-core violations in a page or an iframe, as readable lines."""
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing: run `npm ci` (`make book` does it)")
    # From the page's own host: the Content-Security-Policy lets no inline script run, so axe
    # comes as a script file of the site, answered here (the site itself has no copy).
    parts = urlparse(frame.url)
    url = f"{parts.scheme}://{parts.netloc}{AXE_PATH}"
    frame.page.context.route(url, lambda route: route.fulfill(path=str(AXE_JS)))
    frame.add_script_tag(url=url)
    return [f"{where}: {line}" for line in frame.evaluate(_RUN_AXE, list(AXE_BLOCKING))]


class PageVisit:
    """One page load, recording what a reader's browser would do and complain about."""

    def __init__(self, browser, site, page_path, width):
        self.errors, self.failed, self.outside, self.tiles = [], [], [], []
        self.in_flight = set()
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("request", lambda r: self.in_flight.add(r))
        self.page.on("requestfinished", lambda r: self.in_flight.discard(r))
        self.page.on("requestfailed", self._failed)
        local = urlparse(site.origin).netloc

        def route(route):
            host = urlparse(route.request.url).netloc
            if host == local or route.request.url.startswith(("data:", "about:")):
                route.continue_()
            elif host.endswith(TILE_HOSTS):
                self.tiles.append(route.request.url)
                route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
            else:
                self.outside.append(route.request.url)
                route.fulfill(status=204)

        self.context.route("**/*", route)
        self.page.goto(site.base + page_path, wait_until="load")

    def _failed(self, request):
        self.in_flight.discard(request)
        # Leaflet cancels the tile images it no longer needs when a map's view changes (as a lazy
        # iframe gets its size): that is not a failure. Any other failed request is.
        if urlparse(request.url).netloc.endswith(TILE_HOSTS) and "ERR_ABORTED" in str(
            request.failure
        ):
            return
        self.failed.append(f"{request.url} ({request.failure})")

    def settle(self, quiet_ms=500, timeout_ms=15_000):
        """Wait until no request has been in flight for quiet_ms (Playwright's "networkidle"
        never fires on pages with lazy srcdoc iframes)."""
        quiet = waited = 0
        while quiet < quiet_ms:
            assert waited < timeout_ms, (
                f"requests still in flight: {[r.url for r in self.in_flight]}"
            )
            self.page.wait_for_timeout(100)
            waited += 100
            quiet = quiet + 100 if not self.in_flight else 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.context.close()


# Resolves true once a map's labels were placed after its last move, zoom or resize and nothing
# changed over two animation frames (the map places its labels in the frame after such an event,
# baikonur.maps); false if that state is not reached within limit_ms. Run in the map's frame with
# evaluate, which the pages' Content-Security-Policy allows (wait_for_function's strings it does
# not).
_LABELS_SETTLED = """async (limitMs) => {
  const container = document.querySelector('.leaflet-container');
  let lastEvent = 0;
  for (const name of Object.getOwnPropertyNames(window)) {
    try {
      if (window.L && window[name] instanceof L.Map) {
        window[name].on('zoomend moveend resize', () => { lastEvent = Date.now(); });
      }
    } catch (e) {}
  }
  const frame = () => new Promise(done => {
    requestAnimationFrame(() => requestAnimationFrame(done));
    setTimeout(done, 200);  // an iframe out of view gets no animation frames
  });
  const state = () => container
    ? [container.dataset.bkLabelsPlaced, container.clientWidth, container.clientHeight].join()
    : '';
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    const before = state();
    await frame();
    const placed = Number(container && container.dataset.bkLabelsPlaced || 0);
    if (placed && placed >= lastEvent && state() === before) return true;
  }
  return false;
}"""


def wait_for_placed_labels(frame_element, where: str, limit_ms: int = 60_000) -> None:
    """Wait until the map in ``frame_element`` (an iframe's locator) has placed its labels for
    its current size and view: a state, not a fixed time."""
    frame_element.content_frame.locator(".leaflet-container").wait_for(timeout=limit_ms)
    settled = frame_element.element_handle().content_frame().evaluate(_LABELS_SETTLED, limit_ms)
    assert settled, f"{where}: the map's labels were not placed within {limit_ms // 1000} s"
