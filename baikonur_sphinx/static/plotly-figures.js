/* Draw the book's Plotly figures from the JSON the notebooks produced.
 *
 * Each figure is a <div class="bk-plotly"> holding its figure as
 * <script type="application/json" class="bk-plotly-json"> (see baikonur_sphinx/plotly_output.py).
 * plotly.js is loaded, deferred, before this script, only on pages that have figures.
 * Text takes the page's colour, and follows the theme's light/dark switch.
 */
(function () {
  "use strict";

  function pageTextColour(element) {
    return window.getComputedStyle(element).color;
  }

  function showFailure(div, why, error) {
    console.error("Baikonur, explained: a figure could not be drawn (" + why + ")", error || "");
    div.classList.add("bk-plotly-failed");
    div.style.minHeight = "";
    div.textContent = "This figure could not be drawn (" + why + "). " +
      "The sentence after it summarises what it shows.";
  }

  function draw(div) {
    var script = div.querySelector("script.bk-plotly-json");
    var figure;
    try {
      figure = JSON.parse(script.textContent);
    } catch (error) {
      showFailure(div, "its data could not be read", error);
      return;
    }
    script.remove();
    var layout = Object.assign({}, figure.layout);
    layout.font = Object.assign({}, layout.font, { color: pageTextColour(div) });
    var config = Object.assign({ responsive: true, displaylogo: false }, figure.config || {});
    Plotly.newPlot(div, figure.data || [], layout, config).then(
      function () { div.style.minHeight = ""; div.classList.add("bk-plotly-drawn"); },
      function (error) { showFailure(div, "plotly.js reported an error", error); }
    );
  }

  function followTheme() {
    document.querySelectorAll("div.bk-plotly.bk-plotly-drawn").forEach(function (div) {
      Plotly.relayout(div, { "font.color": pageTextColour(div) });
    });
  }

  function init() {
    var figures = document.querySelectorAll("div.bk-plotly");
    if (typeof window.Plotly === "undefined") {
      figures.forEach(function (div) { showFailure(div, "plotly.js did not load"); });
      return;
    }
    figures.forEach(draw);
    new MutationObserver(followTheme).observe(document.documentElement,
      { attributes: true, attributeFilter: ["data-theme"] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
