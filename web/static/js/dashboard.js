// Live updates. The htmx SSE extension holds the page's connection to /v1/stream (sse-connect in
// layout.html, reconnecting on its own). On each activation this shows a toast naming who did it
// and asks the page's live regions to refresh: an element with data-live-asset="<name>" for that
// asset's activations, data-live-asset="" for any.
(function () {
  "use strict";

  var TOAST_SECONDS = 8;

  function showToast(text) {
    var toasts = document.getElementById("toasts");
    if (!toasts) return;
    var toast = document.createElement("div");
    toast.className = "toast";
    toast.textContent = text; // text, never HTML: names come from users
    toasts.appendChild(toast);
    window.setTimeout(function () { toast.remove(); }, TOAST_SECONDS * 1000);
  }

  function describe(activation) {
    var who = activation.actor || "The system";
    var was = activation.previousVersion ? " (was v" + activation.previousVersion + ")" : "";
    return who + " activated " + activation.assetName + " v" + activation.version +
      " in " + activation.environment + was;
  }

  function refreshLiveRegions(assetName) {
    document.querySelectorAll("[data-live-asset]").forEach(function (region) {
      var name = region.getAttribute("data-live-asset");
      if (!name || name === assetName) window.htmx.trigger(region, "activated");
    });
  }

  document.addEventListener("htmx:sseOpen", function (opened) {
    opened.detail.source.addEventListener("activation", function (message) {
      var activation = JSON.parse(message.data);
      showToast(describe(activation));
      refreshLiveRegions(activation.assetName);
    });
  });

  document.addEventListener("htmx:responseError", function () {
    showToast("Something went wrong; it has been logged. Reload the page to try again.");
  });
})();
