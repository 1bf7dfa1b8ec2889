/* Django's two-box selector (permissions, groups) puts an aria-label on a plain <span>
   icon, which no screen reader announces and ARIA does not allow: give it the role of
   the image it is. Run after SelectFilter2.js has drawn the boxes (on "load"). */
window.addEventListener("load", function () {
  document.querySelectorAll("span.help-tooltip[aria-label]").forEach(function (icon) {
    icon.setAttribute("role", "img");
  });
});
