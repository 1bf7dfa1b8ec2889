// "The PDF is being prepared": asks the same page for its progress every few seconds
// and says it in the aria-live region; the Refresh link works without this script.
(function () {
  "use strict";
  var region = document.getElementById("pdf-progress");
  if (!region || !window.fetch) { return; }
  var url = region.getAttribute("data-status-url");
  var shown = "";
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        var state = body && body.state;
        var text = state && region.getAttribute("data-" + state);
        if (text && state !== shown) { region.textContent = text; shown = state; }
        if (state !== "ready" && state !== "failed") { window.setTimeout(poll, 3000); }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 2000);
}());
