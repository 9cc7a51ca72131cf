/* A table wider than the screen scrolls sideways inside the wrapper Material puts around it
   (where it is not shown as labelled rows; see stack() below).
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

  // A table that does not fit its column even with wrapped text (many columns, long words)
  // is shown as labelled rows, as on a narrow screen (portfolio.css, data-stacked).
  function stack() {
    document.querySelectorAll(".md-typeset table[data-stack]").forEach(function (table) {
      var box = table.closest(".md-typeset__scrollwrap") || table.parentElement;
      table.removeAttribute("data-stacked");
      if (table.scrollWidth > table.clientWidth + 1 || (box && box.scrollWidth > box.clientWidth + 1)) {
        table.setAttribute("data-stacked", "");
      }
    });
  }

  function update() {
    stack();
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
