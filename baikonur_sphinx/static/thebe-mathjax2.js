/* MathJax for live code outputs, from the book's own MathJax 3.
 *
 * Thebe renders outputs with JupyterLab's MathJax 2 typesetter: it loads "MathJax.js?config=..."
 * from a URL (a CDN unless told otherwise), then calls MathJax.Hub.Config(), Configured(),
 * Register.StartupHook() and Queue(["Typeset", MathJax.Hub, element]); ipywidgets call
 * MathJax.Hub.Queue() whenever window.MathJax exists. live_code.py gives Thebe this file as that
 * URL, and live-code.js loads it before Thebe starts. It keeps a MathJax.Hub with those calls on
 * whatever window.MathJax is (MathJax 3 replaces the object as it starts), and typesets with the
 * MathJax 3 that the book serves (_static/vendor/mathjax/), loading it if the page has not.
 */
(function () {
  "use strict";
  if (window.baikonurMathJaxBridge) return;  // loaded by live-code.js, then again by Thebe
  window.baikonurMathJaxBridge = true;

  var here = document.currentScript ? document.currentScript.src : document.baseURI;
  var mathjax3 = new URL("vendor/mathjax/tex-chtml.js", here).href;
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

  // Whatever object window.MathJax becomes (a configuration, then MathJax 3 itself), it has
  // the Hub: no moment where a widget's MathJax.Hub.Queue() finds nothing.
  var current = window.MathJax;
  function withHub(value) {
    if (value && typeof value === "object" && !value.Hub) value.Hub = HUB;
    return value;
  }
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); },
  });
  current = withHub(current || {});

  function loadMathJax3() {
    if (ready) return ready;
    if (current.startup && current.startup.promise) {
      ready = current.startup.promise;
    } else if (current.version) {
      ready = Promise.resolve();
    } else {
      // Not on this page: configure it as JupyterLab does ($…$ inline), and load it.
      window.MathJax = {
        tex: { inlineMath: [["$", "$"], ["\\(", "\\)"]], processEscapes: true },
        startup: { typeset: false },
      };
      ready = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = mathjax3;
        script.onload = function () { window.MathJax.startup.promise.then(resolve, reject); };
        script.onerror = function () { reject(new Error("could not load " + mathjax3)); };
        document.head.appendChild(script);
      });
    }
    return ready;
  }

  function typeset(element) {
    loadMathJax3().then(function () {
      return window.MathJax.typesetPromise([element]);
    }).catch(function (error) {
      console.error("[live code] MathJax:", error);
    });
  }
})();
