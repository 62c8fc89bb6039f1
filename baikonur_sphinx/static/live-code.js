/* Live code: run the chapter's cells on a Jupyter kernel, from the page, with Thebe 0.9.
 *
 * The theme's "Live Code" launch button calls initThebe(). Only then does the page load Thebe
 * (about 1.5 MB) and its styles, from the book's own _static/vendor/ (the URLs are this script's
 * data-* attributes), turn each code cell into an editor with run buttons, and ask Binder for a
 * kernel. Outputs that would load code from a CDN (widgets, folium maps) get the book's copies. The options (Binder repository, kernel, the folder the
 * kernel starts in) are the page's <script type="text/x-thebe-config">, written by
 * baikonur_sphinx/live_code.py. This file replaces sphinx-thebe's, which is written for
 * Thebe 0.8.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var started = null;

  // The theme inserts an empty button under the title before it calls initThebe(); it becomes
  // the status line, read out by screen readers as it changes.
  function statusButton() {
    var button = document.querySelector(".thebe-launch-button");
    if (!button) {
      button = document.createElement("button");
      button.className = "thebe-launch-button";
      var title = document.querySelector("section h1") || document.querySelector("h1");
      title.insertAdjacentElement("afterend", button);
    }
    button.type = "button";
    button.setAttribute("aria-live", "polite");
    return button;
  }

  function say(text, state) {
    var button = statusButton();
    button.textContent = text;
    button.dataset.state = state;
  }

  var READY = "Live code: kernel ready. Run the cells in order, from the top.";

  // Thebe reports (subject, status): server launching/server-ready, session and kernel
  // starting/ready, kernel executing/idle; and errors on a separate event.
  function onStatus(event, data) {
    var subject = (data && data.subject) || "";
    var status = (data && data.status) || "";
    var message = (data && data.message) || "";
    if (subject === "server" && status === "launching") {
      say("Live code: asking Binder for a server (the first start can take minutes)… " + message,
          "starting");
    } else if (status === "server-ready") {
      say("Live code: server ready, starting a kernel…", "starting");
    } else if ((subject === "session" || subject === "kernel") && status === "ready") {
      say(READY, "ready");
    } else if (subject === "kernel" && status === "executing") {
      say("Live code: running…", "busy");
    } else if (subject === "kernel" && status === "idle") {
      say(READY, "ready");
    }
  }

  function onError(event, data) {
    if (data && data.status === "execute-error") {
      say("Live code: a cell stopped with an error; its output says why.", "ready");
      return;
    }
    var message = (data && (data.message || data.status)) || "unknown error";
    say("Live code: " + message + ". Try again, or open the chapter on Binder (launch menu).",
        "error");
  }

  // Thebe pairs the i-th code cell with the i-th output element: every cell that shows its
  // code gets exactly one (an empty one if the page shows no output for it). Cells whose code
  // the page does not show are left as they are.
  // The cells the page leaves out (imports, loading) run with the next cell it shows: the build
  // lists, for each shown cell, the code to put before it (live_code.py).
  function setupCode() {
    var element = document.querySelector('script[type="application/x-baikonur-live-setup"]');
    return element ? JSON.parse(element.textContent) : [];
  }

  function markCells() {
    var setup = setupCode();
    var shown = 0;
    document.querySelectorAll("div.cell").forEach(function (cell) {
      var source = cell.querySelector(".cell_input pre");
      if (!source) return;
      var before = setup[shown++];
      if (before) source.textContent = before + "\n\n" + source.textContent;
      source.setAttribute("data-executable", "true");
      source.setAttribute("data-language", "python");
      var output = cell.querySelector(":scope > .cell_output");
      if (!output) {
        output = document.createElement("div");
        output.className = "cell_output live-output";
        cell.appendChild(output);
      }
      output.setAttribute("data-output", "");
      cell.querySelectorAll("button.copybtn").forEach(function (button) { button.remove(); });
    });
  }

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (key) { element[key] = attributes[key]; });
      element.onload = resolve;
      element.onerror = function () {
        reject(new Error("could not load " + (attributes.src || attributes.href)));
      };
      document.head.appendChild(element);
    });
  }

  // Thebe's widget manager fetches require.js from a CDN before it shows any widget, at an
  // address written in its code: serve that one request from the book's own copy.
  var REQUIREJS_CDN = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js";
  function serveRequireJsLocally() {
    var fetchFromNetwork = window.fetch.bind(window);
    window.fetch = function (resource, options) {
      if (resource === REQUIREJS_CDN) return fetchFromNetwork(script.dataset.requirejs, options);
      return fetchFromNetwork(resource, options);
    };
  }

  // Live folium maps come from the kernel with their scripts on a CDN (the build rewrites the
  // published maps the same way): point them at the book's copies before the map loads.
  var CDN_NPM = /https:\/\/cdn\.jsdelivr\.net\/npm\/((?:@[\w.-]+\/)?[\w.-]+)@[\w.-]+\/([^"'\s)?#]+)/g;
  var vendored = (script.dataset.vendorNpm || "").split(" ").filter(Boolean);
  // Absolute: a map's srcdoc document has no base of its own ("about:srcdoc").
  var staticBase = new URL(script.dataset.static, document.baseURI).href;
  function selfHost(srcdoc) {
    return srcdoc.replace(CDN_NPM, function (url, name, path) {
      return vendored.indexOf(name) >= 0 ? new URL("vendor/" + name + "/" + path, staticBase).href : url;
    });
  }
  function selfHostMaps(root) {
    root.querySelectorAll("iframe[srcdoc]").forEach(function (frame) {
      var local = selfHost(frame.getAttribute("srcdoc"));
      if (local !== frame.getAttribute("srcdoc")) frame.setAttribute("srcdoc", local);
    });
  }
  function watchOutputs() {
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) return;
          if (node.matches("iframe[srcdoc]")) selfHostMaps(node.parentNode);
          else selfHostMaps(node);
        });
      });
    }).observe(document.querySelector("main") || document.body, { childList: true, subtree: true });
  }

  // Cells return Plotly figures as JSON (application/vnd.plotly.v1+json), which Thebe cannot
  // draw: draw them as the page draws its own (plotly-figures.js, on pages with figures), with a
  // renderer derived from JupyterLab's HTML renderer.
  var PLOTLY_MIME = "application/vnd.plotly.v1+json";
  function addPlotlyRenderer(rendermime) {
    if (!window.baikonurFigures || !rendermime) return;
    var RenderedHTML = rendermime.createRenderer("text/html").constructor;
    class RenderedPlotly extends RenderedHTML {
      render(model) {
        var figure = document.createElement("div");
        figure.className = "bk-plotly";
        var json = document.createElement("script");
        json.type = "application/json";
        json.className = "bk-plotly-json";
        json.textContent = JSON.stringify(model.data[PLOTLY_MIME]);
        figure.appendChild(json);
        this.node.replaceChildren(figure);
        window.baikonurFigures.draw(figure);
        return Promise.resolve();
      }
    }
    rendermime.addFactory({
      safe: true, mimeTypes: [PLOTLY_MIME],
      createRenderer: function (options) { return new RenderedPlotly(options); },
    }, 0);
  }

  window.initThebe = function () {
    if (started) return started;
    say("Live code: loading…", "starting");
    started = Promise.all([
      load("link", { rel: "stylesheet", href: script.dataset.thebeCss }),
      // Before Thebe: widgets call MathJax.Hub as soon as they render (thebe-mathjax2.js).
      load("script", { src: script.dataset.mathjaxBridge }),
      load("script", { src: script.dataset.thebe }),
    ]).then(function () {
      serveRequireJsLocally();
      watchOutputs();
      window.thebe.on("status", onStatus);
      window.thebe.on("error", onError);
      markCells();
      // Thebe 0.9's bootstrap() starts a kernel only if its own argument says requestKernel,
      // and sets useBinder unless its argument says otherwise: pass both from the page.
      var config = window.thebe.getPageConfig();
      var booting = window.thebe.bootstrap({ requestKernel: true, useBinder: config.useBinder !== false });
      // bootstrap() has made the notebook by now; its kernel is still starting.
      addPlotlyRenderer(window.thebe.notebook && window.thebe.notebook.rendermime);
      return booting;
    }).then(function () {
      document.documentElement.classList.add("live-code");
    }).catch(function (error) {
      console.error("[live code]", error);
      say("Live code could not start: " + error.message +
          ". Open the chapter on Binder instead (launch menu).", "error");
      started = null;
    });
    return started;
  };
})();
