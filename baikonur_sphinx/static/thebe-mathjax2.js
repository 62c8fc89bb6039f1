/* Math in live code outputs, typeset with the book's own KaTeX (no MathJax anywhere).
 *
 * Thebe renders outputs with JupyterLab's MathJax 2 typesetter: it loads "MathJax.js?config=..."
 * from a URL (a CDN unless told otherwise), then calls MathJax.Hub.Config(), Configured(),
 * Register.StartupHook() and Queue(["Typeset", MathJax.Hub, element]); ipywidgets call
 * MathJax.Hub.Queue() whenever window.MathJax exists. live_code.py gives Thebe this file as that
 * URL, and live-code.js loads it before Thebe starts. It answers those calls with a MathJax.Hub
 * of its own, and typesets each element with KaTeX's auto-render (_static/vendor/katex/), which
 * it loads, with KaTeX's stylesheet, the first time an output needs it.
 */
(function () {
  "use strict";
  if (window.baikonurMathJaxBridge) return;  // loaded by live-code.js, then again by Thebe
  window.baikonurMathJaxBridge = true;

  var here = document.currentScript ? document.currentScript.src : document.baseURI;
  var katexDir = new URL("vendor/katex/", here).href;
  var ready = null;

  var HUB = {
    Config: function () {},
    Configured: function () {},
    // JupyterLab adjusts MathJax 2's menu styles once it has started: nothing to adjust here.
    Register: { StartupHook: function () {}, MessageHook: function () {} },
    Queue: function () {
      Array.prototype.forEach.call(arguments, function (item) {
        if (Array.isArray(item) && item[0] === "Typeset" && item[2]) typeset(item[2]);
        // Other MathJax 2 calls (Require, resetEquationNumbers…) have no use here.
      });
    },
  };
  // Whatever a script assigns to window.MathJax, it keeps the Hub.
  var current = { Hub: HUB };
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) {
      current = value && typeof value === "object" ? value : {};
      if (!current.Hub) current.Hub = HUB;
    },
  });

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (key) { element[key] = attributes[key]; });
      element.onload = resolve;
      element.onerror = function () { reject(new Error("could not load " + (attributes.src || attributes.href))); };
      document.head.appendChild(element);
    });
  }

  function loadKatex() {
    if (!ready) {
      var css = document.querySelector('link[href$="vendor/katex/katex.min.css"]')
        ? Promise.resolve()
        : load("link", { rel: "stylesheet", href: katexDir + "katex.min.css" });
      ready = Promise.all([css, load("script", { src: katexDir + "katex.min.js" }).then(function () {
        return load("script", { src: katexDir + "contrib/auto-render.min.js" });
      })]);
    }
    return ready;
  }

  function typeset(element) {
    loadKatex().then(function () {
      // The delimiters JupyterLab's MathJax 2 setup accepts.
      window.renderMathInElement(element, {
        delimiters: [
          { left: "$$", right: "$$", display: true },
          { left: "\\[", right: "\\]", display: true },
          { left: "$", right: "$", display: false },
          { left: "\\(", right: "\\)", display: false },
        ],
        throwOnError: false,
      });
    }).catch(function (error) {
      console.error("[live code] KaTeX:", error);
    });
  }
})();
