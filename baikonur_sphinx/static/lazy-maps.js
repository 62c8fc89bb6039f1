/* Start each folium map only when the reader nears it.
 *
 * The build (baikonur_sphinx/assets.py) writes each map's document to a file of the site and
 * names it in its iframe's data-src: the iframe already holds the map's place on the page
 * (folium's box of the map's ratio), so nothing moves when the map arrives, the page's HTML
 * stays small, and no map (Leaflet, its layers, its labels) runs before the page's first paint. The map is started when its box comes within LOOK_AHEAD of the screen,
 * or at once where IntersectionObserver is missing, and every map before printing.
 */
(function () {
  "use strict";

  var LOOK_AHEAD = "600px 0px";

  function start(frame) {
    var src = frame.getAttribute("data-src");
    if (src === null) return;
    frame.removeAttribute("data-src");
    frame.src = src;
  }

  function init() {
    var frames = document.querySelectorAll("iframe.bk-map[data-src]");
    if (!("IntersectionObserver" in window)) {
      frames.forEach(start);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          start(entry.target);
        }
      });
    }, { rootMargin: LOOK_AHEAD });
    frames.forEach(function (frame) { observer.observe(frame); });
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("iframe.bk-map[data-src]").forEach(start);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
