/* The find page (/finn/): filters, counts, totals and sorting for the list on the page.

   Without this script the page is the full list with links to the pre-built pages. With it,
   the hidden form is shown and the list is filtered, a page of entries at a time (with buttons
   for more), from the data file the build
   writes next to the page (finn/soknader.json: the facets' value ids, and for each application
   its values and amounts; see grant_portfolio/find.py, which implements the same rules in
   Python for the tests). Titles and summaries are searched where they are shown, in the list.

   Every text a reader sees comes from the page (data-* attributes), not from this file.
   The selection lives in the address (?helsefellesskap=finnmark&tekst=rus), so a view can be
   shared and bookmarked, and the back button steps back through the choices made. */
(function () {
  "use strict";

  var form = document.getElementById("finn-skjema");
  if (!form || !window.fetch || !window.URLSearchParams) return;

  fetch(new URL(form.getAttribute("data-data"), document.baseURI).href)
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(start)
    .catch(function () { /* the full list without filters, as without JavaScript */ });

  function start(data) {
    var facets = data.facets;
    var apps = data.apps;
    var F = facets.length;
    var REQUESTED = F;
    var GRANTED = F + 1;

    var list = document.getElementById("finn-liste");
    var items = [];
    var texts = [];
    Array.prototype.forEach.call(list.children, function (li) {
      var i = Number(li.getAttribute("data-i"));
      var title = li.querySelector(".finn-tittel");
      var summary = li.querySelector(".finn-sammendrag");
      items[i] = li;
      texts[i] = ((title ? title.textContent : "") + " " + (summary ? summary.textContent : "")).toLowerCase();
    });
    if (items.length !== apps.length) return;  // the page and the data file do not match: no filters

    var textInput = document.getElementById("finn-tekst");
    var sortSelect = document.getElementById("finn-sorter");
    var resetButton = document.getElementById("finn-nullstill");
    var sum = document.getElementById("finn-sum");
    var status = document.getElementById("finn-status");
    var none = document.getElementById("finn-ingen");
    var defaultSort = sortSelect.options[0].value;
    var numberFormat = new Intl.NumberFormat(document.documentElement.lang || "nb", { maximumFractionDigits: 0 });

    // Per facet: its checkboxes and count labels in value order, and the "n valgt" label.
    var groups = facets.map(function (parameter, f) {
      var details = form.querySelector('details[data-parameter="' + parameter + '"]');
      var boxes = [];
      var counts = [];
      var position = {};
      data.values[f].forEach(function (id, v) { position[id] = v; });
      details.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
        var v = position[box.value];
        boxes[v] = box;
        counts[v] = box.parentNode.querySelector(".finn-antall");
      });
      return { parameter: parameter, details: details, boxes: boxes, counts: counts, position: position,
               chosen: details.querySelector(".finn-valgt") };
    });

    var more = document.getElementById("finn-flere");
    var moreButton = document.getElementById("finn-vis-flere");
    var allButton = document.getElementById("finn-vis-alle");
    var pageSize = Number(list.getAttribute("data-page-size")) || 50;
    var orders = {};
    var result = [];  // the matching applications in the chosen order
    var showing = 0;  // how many of them are on the page
    var lastWords = null;
    var textMatches = [];
    var announceTimer = null;

    function words() {
      return textInput.value.toLowerCase().split(/\s+/).filter(Boolean);
    }

    function matchText(terms) {
      var key = terms.join(" ");
      if (key === lastWords) return;
      lastWords = key;
      for (var i = 0; i < apps.length; i++) {
        var text = texts[i];
        var ok = true;
        for (var t = 0; t < terms.length && ok; t++) ok = text.indexOf(terms[t]) !== -1;
        textMatches[i] = ok;
      }
    }

    function wanted() {
      return groups.map(function (group) {
        var chosen = null;
        group.boxes.forEach(function (box, v) {
          if (box.checked) (chosen = chosen || {})[v] = true;
        });
        return chosen;
      });
    }

    function hits(chosen, codes) {
      for (var c = 0; c < codes.length; c++) if (chosen[codes[c]]) return true;
      return false;
    }

    function sortKey(option) {
      var by = option.getAttribute("data-by");
      var sign = option.hasAttribute("data-descending") ? -1 : 1;
      var column = by === "requested" ? REQUESTED : by === "granted" ? GRANTED : facets.indexOf(by);
      return function (a, b) {
        if (by !== "title") {
          var x = apps[a][column];
          var y = apps[b][column];
          if (column < F) { x = x[0]; y = y[0]; }
          if (x !== y) return sign * (x - y);
        }
        return a - b;
      };
    }

    function format(amount) {
      return sum.getAttribute("data-currency").replace("{amount}", numberFormat.format(amount));
    }

    function setText(element, text) {
      if (element.textContent !== text) element.textContent = text;
    }

    // Filter, count and sort; show the first page of the result. Only the entries shown are in
    // the document (the others are kept aside), so a change costs the same for 100 or 10 000
    // applications: taking 900 entries in and out of view costs a browser far more than 50 ms.
    function apply() {
      var chosen = wanted();
      matchText(words());
      var counts = groups.map(function (group) { return new Array(group.boxes.length).fill(0); });
      var requested = 0;
      var granted = 0;
      var match = new Array(apps.length);
      for (var i = 0; i < apps.length; i++) {
        match[i] = false;
        if (!textMatches[i]) continue;
        var row = apps[i];
        var missed = -1;
        var misses = 0;
        for (var f = 0; f < F && misses < 2; f++) {
          if (chosen[f] && !hits(chosen[f], row[f])) { misses++; missed = f; }
        }
        if (misses === 0) {
          match[i] = true;
          requested += row[REQUESTED];
          granted += row[GRANTED];
          for (f = 0; f < F; f++) for (var c = 0; c < row[f].length; c++) counts[f][row[f][c]]++;
        } else if (misses === 1) {
          for (c = 0; c < row[missed].length; c++) counts[missed][row[missed][c]]++;
        }
      }
      result = order(sortSelect.options[sortSelect.selectedIndex] || sortSelect.options[0])
        .filter(function (index) { return match[index]; });
      showing = Math.min(pageSize, result.length);
      list.replaceChildren.apply(list, result.slice(0, showing).map(function (index) { return items[index]; }));
      updateMore();

      groups.forEach(function (group, f) {
        var selected = 0;
        group.counts.forEach(function (label, v) {
          setText(label, numberFormat.format(counts[f][v]));
          label.classList.toggle("finn-antall--null", counts[f][v] === 0);
          if (group.boxes[v].checked) selected++;
        });
        setText(group.chosen, selected ? group.chosen.getAttribute("data-template").replace("{antall}", selected) : "");
      });

      var noun = sum.getAttribute(result.length === 1 ? "data-one" : "data-many");
      setText(sum.querySelector('[data-part="count"]'), numberFormat.format(result.length));
      setText(sum.querySelector('[data-part="noun"]'), noun);
      setText(sum.querySelector('[data-part="requested"]'), format(requested));
      setText(sum.querySelector('[data-part="granted"]'), format(granted));
      none.hidden = result.length > 0;
      return { count: result.length, noun: noun };
    }

    // Every application in a sort order, worked out once per order.
    function order(option) {
      if (!orders[option.value]) {
        orders[option.value] = apps.map(function (_, index) { return index; }).sort(sortKey(option));
      }
      return orders[option.value];
    }

    function updateMore() {
      more.hidden = showing >= result.length;
      var values = { neste: Math.min(pageSize, result.length - showing), vist: showing, antall: result.length };
      more.querySelectorAll("[data-template]").forEach(function (element) { setText(element, fill(element, values)); });
    }

    function fill(element, values) {
      return element.getAttribute("data-template").replace(/\{(\w+)\}/g, function (_, name) {
        return numberFormat.format(values[name]);
      });
    }

    // Show more of the result; the first new entry's link gets the focus.
    function showMore(upTo) {
      var first = showing;
      var fragment = document.createDocumentFragment();
      result.slice(first, upTo).forEach(function (index) { fragment.appendChild(items[index]); });
      list.appendChild(fragment);
      showing = Math.min(upTo, result.length);
      updateMore();
      var link = items[result[first]] && items[result[first]].querySelector("a");
      if (link) link.focus();
    }

    // Tell screen readers the new count once the reader pauses (not on every key press).
    function announce(result) {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () {
        setText(status, status.getAttribute("data-template")
          .replace("{antall}", numberFormat.format(result.count)).replace("{ord}", result.noun));
      }, 500);
    }

    function addressFor() {
      var params = new URLSearchParams();
      groups.forEach(function (group) {
        group.boxes.forEach(function (box) { if (box.checked) params.append(group.parameter, box.value); });
      });
      var text = textInput.value.trim();
      if (text) params.append(textInput.name, text);
      if (sortSelect.value !== defaultSort) params.append(sortSelect.name, sortSelect.value);
      var query = params.toString();
      return location.pathname + (query ? "?" + query : "") + location.hash;
    }

    // A run of typing is one step back; every other change is a step of its own.
    function remember(typing) {
      var address = addressFor();
      if (address === location.pathname + location.search + location.hash) return;
      var state = { finn: true, typing: typing };
      if (typing && history.state && history.state.typing) history.replaceState(state, "", address);
      else history.pushState(state, "", address);
    }

    function readAddress() {
      var params = new URLSearchParams(location.search);
      groups.forEach(function (group) {
        var chosen = {};
        params.getAll(group.parameter).forEach(function (id) {
          if (id in group.position) chosen[group.position[id]] = true;
        });
        group.boxes.forEach(function (box, v) { box.checked = !!chosen[v]; });
        if (group.boxes.some(function (box) { return box.checked; })) group.details.open = true;
      });
      textInput.value = params.get(textInput.name) || "";
      var sort = params.get(sortSelect.name);
      var known = Array.prototype.some.call(sortSelect.options, function (o) { return o.value === sort; });
      sortSelect.value = known ? sort : defaultSort;
    }

    form.addEventListener("change", function (event) {
      if (event.target === textInput) return;
      announce(apply());
      remember(false);
    });
    textInput.addEventListener("input", function () {
      announce(apply());
      remember(true);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    moreButton.addEventListener("click", function () { showMore(showing + pageSize); });
    allButton.addEventListener("click", function () { showMore(result.length); });
    resetButton.addEventListener("click", function () {
      groups.forEach(function (group) { group.boxes.forEach(function (box) { box.checked = false; }); });
      textInput.value = "";
      announce(apply());
      remember(false);
    });
    window.addEventListener("popstate", function () {
      readAddress();
      announce(apply());
    });

    readAddress();
    apply();
    form.hidden = false;
    form.setAttribute("data-ready", "");
  }
})();
