// After a sortable table's header link is followed, the page loads at that link's own
// fragment (#sort-<table>-<column>): put the keyboard focus back on it, so sorting does
// not send a keyboard or screen reader user back to the top of the page. Chromium
// focuses a focusable fragment target itself; this makes sure of it in every browser.
(function () {
  "use strict";
  function restore() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id.indexOf("sort-") !== 0) return;
    var link = document.getElementById(id);
    if (link && link.classList.contains("sort-link") && document.activeElement !== link) {
      link.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restore);
  } else {
    restore();
  }
})();
