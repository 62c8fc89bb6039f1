/* Start each folium map only when the reader nears it.
 *
 * The build (baikonur_sphinx/assets.py) keeps each map's document in its iframe's data-srcdoc:
 * the iframe already holds the map's place on the page (folium's box of the map's ratio), so
 * nothing moves when the map arrives, and no map (Leaflet, its layers, its labels) runs before
 * the page's first paint. The map is started when its box comes within LOOK_AHEAD of the screen,
 * or at once where IntersectionObserver is missing, and every map before printing.
 */
(function () {
  "use strict";

  var LOOK_AHEAD = "600px 0px";

  function start(frame) {
    var doc = frame.getAttribute("data-srcdoc");
    if (doc === null) return;
    frame.removeAttribute("data-srcdoc");
    frame.srcdoc = doc;
  }

  function init() {
    var frames = document.querySelectorAll("iframe.bk-map[data-srcdoc]");
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
      document.querySelectorAll("iframe.bk-map[data-srcdoc]").forEach(start);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
