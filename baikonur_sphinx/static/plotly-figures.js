/* Draw the book's Plotly figures from the JSON the notebooks produced, as the reader reaches them.
 *
 * Each figure is a <div class="bk-plotly"> holding its figure as
 * <script type="application/json" class="bk-plotly-json"> (see baikonur_sphinx/plotly_output.py).
 * This script's own tag names the page's plotly.js bundle in data-plotly (baikonur_sphinx/assets.py).
 * plotly.js (about 400 KB gzipped) is fetched, once, when the first figure comes within
 * LOOK_AHEAD of the screen, and each figure is drawn when it does: a page opens without waiting
 * for charts further down, and a reader who never scrolls to them never downloads plotly.js.
 * Until the reader first scrolls (or presses a key, clicks, touches), only figures on the screen
 * start: plotly.js also costs a phone half a second of its main thread, which the page's first
 * seconds, when the reader starts reading or scrolling, should not spend on a chart below.
 * Text takes the page's colour, and follows the theme's light/dark switch. Geo figures draw their
 * maps from the site's own topojson (data-topojson), never from plotly.js's CDN.
 */
(function () {
  "use strict";

  var LOOK_AHEAD = "800px 0px";  // start a figure this far before it scrolls into view
  var plotlySrc = document.currentScript && document.currentScript.dataset.plotly;
  // The site's own topojson maps for geo figures (plotly.js would fetch them from cdn.plot.ly).
  var topojsonURL = document.currentScript && document.currentScript.dataset.topojson;
  var plotlyLoading = null;

  function loadPlotly() {
    if (typeof window.Plotly !== "undefined") {
      return Promise.resolve();
    }
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlySrc;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return plotlyLoading;
  }

  // The French edition (<html lang="fr">, set by the build from its language): month and day
  // names on date axes and in hover labels, and the mode bar's words, in French. Numbers follow
  // the figure's own layout.separators (baikonur.style's template sets them for French).
  var LANGUAGE = (document.documentElement.lang || "en").split("-")[0];
  var LOCALES = {
    fr: {
      moduleType: "locale",
      name: "fr",
      // Every string plotly.js 4.1 passes through its localiser (modebar, notifier, editable
      // titles, legend hints): a key it asks for that is missing here stays English.
      dictionary: {
        "Autoscale": "Échelle automatique",
        "Box Select": "Sélection rectangulaire",
        "Click to enter Colorscale title": "Cliquez pour saisir le titre de l’échelle de couleurs",
        "Click to enter Colourscale title": "Cliquez pour saisir le titre de l’échelle de couleurs",
        "Click to enter Plot subtitle": "Cliquez pour saisir le sous-titre du graphique",
        "Click to enter Plot title": "Cliquez pour saisir le titre du graphique",
        "Click to enter X axis title": "Cliquez pour saisir le titre de l’axe des x",
        "Click to enter Y axis title": "Cliquez pour saisir le titre de l’axe des y",
        "Compare data on hover": "Comparer les données au survol",
        "Double-click on legend to isolate one trace": "Double-cliquez sur la légende pour isoler une série",
        "Double-click to zoom back out": "Double-cliquez pour revenir à l’échelle initiale",
        "Download plot": "Télécharger le graphique",
        "Download plot as a PNG": "Télécharger le graphique en PNG",
        "Download plot as a png": "Télécharger le graphique en PNG",
        "Download plot as JSON": "Télécharger le graphique en JSON",
        "Draw circle": "Tracer un cercle",
        "Draw closed freeform": "Tracer une forme libre fermée",
        "Draw line": "Tracer une ligne",
        "Draw open freeform": "Tracer une forme libre ouverte",
        "Draw rectangle": "Tracer un rectangle",
        "Erase active shape": "Effacer la forme active",
        "Image download succeeded": "Image téléchargée",
        "JSON download succeeded": "Fichier JSON téléchargé",
        "Lasso Select": "Sélection au lasso",
        "Orbital rotation": "Rotation orbitale",
        "Pan": "Déplacer",
        "Preparing image - this may take a few seconds": "Préparation de l’image, quelques secondes…",
        "Produced with Plotly.js": "Réalisé avec Plotly.js",
        "Reset": "Réinitialiser",
        "Reset axes": "Réinitialiser les axes",
        "Reset camera to default": "Caméra par défaut",
        "Reset camera to last save": "Dernière position enregistrée de la caméra",
        "Reset view": "Réinitialiser la vue",
        "Reset views": "Réinitialiser les vues",
        "Share chart": "Partager le graphique",
        "Share chart...": "Partager le graphique…",
        "Show closest data on hover": "Afficher la donnée la plus proche au survol",
        "Sorry, there was a problem downloading your JSON file!": "Le fichier JSON n’a pas pu être téléchargé.",
        "Sorry, there was a problem downloading your image!": "L’image n’a pas pu être téléchargée.",
        "Toggle Spike Lines": "Afficher ou masquer les lignes de repère",
        "Toggle show closest data on hover": "Afficher ou non la donnée la plus proche au survol",
        "Turntable rotation": "Rotation sur plateau",
        "Zoom": "Zoomer",
        "Zoom in": "Zoom avant",
        "Zoom out": "Zoom arrière"
      },
      format: {
        days: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        shortDays: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"],
        shortMonths: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                      "sept.", "oct.", "nov.", "déc."],
        date: "%d/%m/%Y",
        decimal: ",",
        thousands: "\u202f"
      }
    }
  };
  var localeRegistered = false;

  function useLocale(config) {
    var locale = LOCALES[LANGUAGE];
    if (!locale) {
      return config;
    }
    if (!localeRegistered) {
      Plotly.register(locale);
      localeRegistered = true;
    }
    return Object.assign({ locale: locale.name }, config);
  }

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
    if (!script) {
      return;  // already drawn
    }
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
    var config = useLocale(Object.assign({ responsive: true, displaylogo: false },
                                         figure.config || {}));
    if (topojsonURL) {
      config.topojsonURL = new URL(topojsonURL, document.baseURI).href;
    }
    Plotly.newPlot(div, figure.data || [], layout, config).then(
      function () { div.style.minHeight = ""; div.classList.add("bk-plotly-drawn"); },
      function (error) { showFailure(div, "plotly.js reported an error", error); }
    );
  }

  function loadThenDraw(div) {
    loadPlotly().then(
      function () { draw(div); },
      function (error) { showFailure(div, "plotly.js did not load", error); }
    );
  }

  function followTheme() {
    document.querySelectorAll("div.bk-plotly.bk-plotly-drawn").forEach(function (div) {
      Plotly.relayout(div, { "font.color": pageTextColour(div) });
    });
  }

  function init() {
    var figures = document.querySelectorAll("div.bk-plotly");
    if (!plotlySrc && typeof window.Plotly === "undefined") {
      figures.forEach(function (div) { showFailure(div, "the page names no plotly.js"); });
      return;
    }
    if ("IntersectionObserver" in window) {
      var engaged = false;
      var waiting = [];  // near the screen, but not on it, before the reader first scrolled
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) {
            return;
          }
          var box = entry.boundingClientRect;
          var onScreen = box.bottom > 0 && box.top < window.innerHeight;
          if (!engaged && !onScreen) {
            waiting.push(entry.target);
            return;
          }
          observer.unobserve(entry.target);
          loadThenDraw(entry.target);
        });
      }, { rootMargin: LOOK_AHEAD });
      figures.forEach(function (div) { observer.observe(div); });
      var ENGAGING = ["scroll", "wheel", "keydown", "pointerdown", "touchstart"];
      var engage = function () {
        engaged = true;
        ENGAGING.forEach(function (type) { window.removeEventListener(type, engage, true); });
        // Observed again, each waiting figure is reported at once, and starts if still near.
        waiting.splice(0).forEach(function (div) {
          observer.unobserve(div);
          observer.observe(div);
        });
      };
      ENGAGING.forEach(function (type) {
        window.addEventListener(type, engage, { capture: true, passive: true });
      });
    } else {
      figures.forEach(loadThenDraw);
    }
    // A printed page has every figure.
    window.addEventListener("beforeprint", function () { figures.forEach(loadThenDraw); });
    new MutationObserver(function () { if (window.Plotly) { followTheme(); } }).observe(
      document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }

  // Live code (live-code.js) draws the figures that cells return on the kernel the same way.
  window.baikonurFigures = { draw: loadThenDraw };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
