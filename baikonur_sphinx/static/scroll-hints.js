/* Wide tables and formulas scroll sideways in their own box on a narrow screen. A box that has
 * more to show fades on that edge (baikonur.css, .bk-more-left / .bk-more-right), so a reader
 * sees that it scrolls; a box that scrolls takes keyboard focus, so it can be scrolled without a
 * mouse. Added to every page (baikonur_sphinx/__init__.py).
 */
(function () {
  "use strict";

  // Edited tables (baikonur.tables), the theme's Markdown tables, display math (KaTeX), code,
  // what a cell printed, and cell outputs (the theme lets every one scroll sideways). Each box is
  // watched; only one that overflows gets a fade.
  var BOXES = ".bk-table-wrap, .pst-scrollable-table-container, div.math, .katex-display, " +
    "div.cell_output pre, div.cell_output div.output, div.cell_input pre, " +
    "div.cell_output div[style*='overflow-x']";

  function update(box) {
    var more = box.scrollWidth - box.clientWidth;
    var scrolls = more > 1;
    // A box laid out from the right (row-reverse, right-to-left) counts scrollLeft from its
    // right edge, in negative numbers.
    var style = getComputedStyle(box);
    var fromRight = style.flexDirection === "row-reverse" || style.direction === "rtl";
    var left = fromRight ? more + box.scrollLeft : box.scrollLeft;
    box.classList.toggle("bk-scrolls", scrolls);
    box.classList.toggle("bk-more-left", scrolls && left > 1);
    box.classList.toggle("bk-more-right", scrolls && left < more - 1);
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      if (!box.hasAttribute("role")) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", document.documentElement.lang === "fr"
          ? "Contenu large, à faire défiler" : "Wide content, scrolls sideways");
      }
    }
  }

  function init() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(BOXES));
    boxes.forEach(function (box) {
      box.classList.add("bk-scroll-box");
      update(box);
      box.addEventListener("scroll", function () { update(box); }, { passive: true });
    });
    if ("ResizeObserver" in window) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { update(entry.target); });
      });
      boxes.forEach(function (box) { observer.observe(box); });
    } else {
      window.addEventListener("resize", function () { boxes.forEach(update); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
