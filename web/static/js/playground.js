// The playground's answers (web/templates/playground/_outputs.html). Each pane with
// data-run-stream follows its run through an EventSource: "output" holds everything so far (the
// first message of every connection, so a reconnection starts the text over), "delta" a new
// piece, "done" the finished run, after which the stream is closed. The answer is put in as
// text, never as HTML: it comes from a model, which may say anything.
(function () {
  "use strict";

  function text(message) {
    return JSON.parse(message.data).text;
  }

  function number(value, digits) {
    return value === null || value === undefined ? "—" : Number(value).toFixed(digits);
  }

  function showFigures(pane, run) {
    var figures = pane.querySelector("[data-run-figures]");
    if (!figures) return;
    var shown = {
      latency: run.latencyMs === null ? "—" : number(run.latencyMs, 0) + " ms",
      inputTokens: String(run.inputTokens),
      outputTokens: String(run.outputTokens),
      cost: "$" + number(run.cost, 6)
    };
    Object.keys(shown).forEach(function (name) {
      var cell = figures.querySelector('[data-figure="' + name + '"]');
      if (cell) cell.textContent = shown[name];
    });
    figures.hidden = false;
  }

  function showStatus(pane, status) {
    var badge = pane.querySelector("[data-run-status]");
    if (!badge) return;
    badge.textContent = status.toLowerCase();
    badge.className = "status run-status status-" + status.toLowerCase();
  }

  function showError(pane, message) {
    var error = pane.querySelector("[data-run-error]");
    if (!error || !message) return;
    error.textContent = message;
    error.hidden = false;
  }

  function finish(pane, run) {
    var output = pane.querySelector("[data-run-output]");
    if (typeof run.output === "string") output.textContent = run.output;
    output.setAttribute("aria-busy", "false");
    showStatus(pane, run.status);
    showFigures(pane, run);
    showError(pane, run.error);
    var cancel = pane.querySelector("[data-run-cancel]");
    if (cancel) cancel.hidden = true;
    pane.setAttribute("data-run-done", run.status.toLowerCase());
  }

  function follow(pane) {
    if (pane.hasAttribute("data-run-following")) return;
    pane.setAttribute("data-run-following", "");
    var output = pane.querySelector("[data-run-output]");
    var source = new EventSource(pane.getAttribute("data-run-stream"));
    // A pane that a new answer of the page replaced stops listening.
    function replaced() {
      if (document.contains(pane)) return false;
      source.close();
      return true;
    }
    source.addEventListener("output", function (message) {
      if (!replaced()) output.textContent = text(message);
    });
    source.addEventListener("delta", function (message) {
      if (!replaced()) output.textContent += text(message);
    });
    source.addEventListener("done", function (message) {
      source.close();
      if (!replaced()) finish(pane, JSON.parse(message.data));
    });
    source.addEventListener("error", function () {
      // CLOSED: refused (the run is not yours, the session ended); else it reconnects itself.
      if (source.readyState === EventSource.CLOSED && !pane.hasAttribute("data-run-done")) {
        showError(pane, "The answer could not be followed; reload the page to see the run.");
      }
    });
  }

  function followAll(root) {
    if (root.matches && root.matches("[data-run-stream]")) follow(root);
    if (root.querySelectorAll) root.querySelectorAll("[data-run-stream]").forEach(follow);
  }

  if (window.htmx) {
    window.htmx.onLoad(followAll); // the page as loaded, then each piece htmx swaps in
  } else {
    document.addEventListener("DOMContentLoaded", function () { followAll(document); });
  }
})();
