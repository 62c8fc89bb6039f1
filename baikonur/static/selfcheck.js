// Self-checks (baikonur.selfcheck): checks the reader's answer and writes the feedback, in the
// edition's language, from the box's data-msg-* attributes. Binds every self-check of the
// document that is not bound yet, so running it twice (a notebook runs it per output) is harmless.
(function () {
  function parse(text, decimal) {
    var clean = String(text)
      .replace(/[\s\u00a0\u2009\u202f]/g, "")
      .replace(/\u2212/g, "-");
    // English: commas separate thousands; French: the comma is the decimal point.
    clean = decimal === "," ? clean.replace(/,/g, ".") : clean.replace(/,/g, "");
    return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(clean) ? parseFloat(clean) : NaN;
  }
  function check(box) {
    var feedback = box.querySelector(".bk-selfcheck-feedback");
    var data = box.dataset,
      right = false,
      result = "",
      message = "";
    if (data.kind === "choice") {
      var picked = box.querySelector("input[type=radio]:checked");
      if (!picked) {
        message = data.msgChoose;
      } else {
        right = picked.value === data.answer;
        result = right ? "right" : "wrong";
        message = right ? data.msgRight : data.msgTryAnother;
      }
    } else {
      var value = parse(box.querySelector("input").value, data.decimal);
      var answer = parseFloat(data.answer),
        tolerance = parseFloat(data.tolerance);
      if (isNaN(value)) {
        message = data.msgNotANumber;
      } else if (Math.abs(value - answer) <= tolerance) {
        right = true;
        result = "right";
        message = data.msgRight;
      } else {
        result = "wrong";
        message = value > answer ? data.msgTooHigh : data.msgTooLow;
      }
    }
    if (right && data.explain) {
      message += " " + data.explain;
    }
    if (result) {
      feedback.dataset.result = result;
    } else {
      delete feedback.dataset.result;
    }
    feedback.textContent =
      (result === "right" ? "\u2713 " : result === "wrong" ? "\u2717 " : "") + message;
  }
  function bind() {
    var boxes = document.querySelectorAll(".bk-selfcheck:not([data-bound])");
    for (var i = 0; i < boxes.length; i++) {
      (function (box) {
        box.setAttribute("data-bound", "");
        box.querySelector("form").addEventListener("submit", function (event) {
          event.preventDefault();
          check(box);
        });
      })(boxes[i]);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
  // Checks that arrive later (a cell run live on the page) are bound as they arrive.
  if (window.MutationObserver && !window.bkSelfcheckObserver) {
    window.bkSelfcheckObserver = new MutationObserver(bind);
    window.bkSelfcheckObserver.observe(document.documentElement, { childList: true, subtree: true });
  }
})();
