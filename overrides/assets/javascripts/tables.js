/* A table wider than the screen scrolls sideways inside the wrapper Material puts around it.
   A keyboard can only scroll what it can focus, and a screen reader needs to know what the
   region is: such a wrapper gets tabindex, the role "region" and a name (the table's caption or
   the heading above it). Wrappers that do not scroll stay out of the tab order. */
(function () {
  "use strict";

  function nameOf(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) return caption.textContent.trim();
    for (var node = wrap.closest(".md-typeset__table") || wrap; node; node = node.previousElementSibling) {
      if (/^H[2-6]$/.test(node.tagName)) return "Tabell: " + node.textContent.trim();
    }
    return "Tabell";
  }

  function update() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", nameOf(wrap));
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(update, 150);
  });
  if (typeof document$ !== "undefined") {
    document$.subscribe(update);
  } else {
    document.addEventListener("DOMContentLoaded", update);
  }
})();
