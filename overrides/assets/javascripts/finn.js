/* The find page (/finn/): filters, counts, totals and sorting for the list on the page.

   Without this script the page is the full list with links to the pre-built pages. With it,
   the hidden form is shown and the list is filtered, a page of entries at a time (with buttons
   for more), from the data file the build writes next to the page (finn/soknader.json: the
   facets' value ids, and for each application its values and amounts, the granted amount null
   while there is no decision; see
   grant_portfolio/model/find.py, which implements the same rules in Python for the tests). Titles
   and summaries are searched where they are shown, in the list, together with every official
   name of the application's municipalities (Kautokeino also as Guovdageaidnu), which the data
   file gives once per municipality (its "text").

   Every text a reader sees comes from the page (data-* attributes), not from this file.
   The selection lives in the address (?helsefellesskap=finnmark&tekst=rus), so a view can be
   shared and bookmarked, and the back button steps back through the choices made. */
(function () {
  "use strict";

  var form = document.getElementById("finn-skjema");
  if (!form || !window.fetch || !window.URLSearchParams || !Element.prototype.replaceChildren) return;

  var list = document.getElementById("finn-liste");
  var failure = document.getElementById("finn-feil");
  var pageSize = Number(list.getAttribute("data-page-size")) || 50;
  var allItems = Array.prototype.slice.call(list.children);

  // Only the first page stays in the document while the data file loads: the page does not
  // jump from the whole list to one page when the filters start.
  allItems.slice(pageSize).forEach(function (li) { li.remove(); });

  function restore() {
    list.replaceChildren.apply(list, allItems);
    failure.hidden = false;
  }

  fetch(new URL(form.getAttribute("data-data"), document.baseURI).href)
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      if (data.version !== form.getAttribute("data-version")) throw new Error("data file from another build");
      return data;
    })
    .then(function (data) {
      try {
        start(data);
      } catch (error) {
        restore();
        setTimeout(function () { throw error; });  // a fault in this script: let it be seen
      }
    }, restore);

  function start(data) {
    var facets = data.facets;
    var apps = data.apps;
    var F = facets.length;
    var REQUESTED = F;
    var GRANTED = F + 1;
    if (allItems.length !== apps.length) throw new Error("the page and the data file do not match");

    // Per facet, the names each value is found by (the municipalities'), or null.
    var names = facets.map(function (parameter) { return (data.text && data.text[parameter]) || null; });
    var items = [];
    var texts = [];
    allItems.forEach(function (li) {
      var i = Number(li.getAttribute("data-i"));
      var title = li.querySelector(".finn-tittel");
      var summary = li.querySelector(".finn-sammendrag");
      var text = (title ? title.textContent : "") + " " + (summary ? summary.textContent : "");
      for (var f = 0; f < F; f++) {
        if (!names[f]) continue;
        for (var c = 0; c < apps[i][f].length; c++) text += " " + names[f][apps[i][f][c]];
      }
      items[i] = li;
      texts[i] = normalized(text);
    });

    var textInput = document.getElementById("finn-tekst");
    var sortSelect = document.getElementById("finn-sorter");
    var resetButton = document.getElementById("finn-nullstill");
    var sum = document.getElementById("finn-sum");
    var status = document.getElementById("finn-status");
    var none = document.getElementById("finn-ingen");
    var more = document.getElementById("finn-flere");
    var moreButton = document.getElementById("finn-vis-flere");
    var allButton = document.getElementById("finn-vis-alle");
    var prebuilt = document.getElementById("finn-utvalg");
    var defaultSort = sortSelect.options[0].value;
    var numberFormat = new Intl.NumberFormat(document.documentElement.lang || "nb", { maximumFractionDigits: 0 });

    // Per facet: its checkboxes and count labels in value order, and the "(n valgt)" label.
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

    var orders = {};
    var result = [];  // the matching applications in the chosen order
    var showing = 0;  // how many of them are in the list
    var lastWords = null;
    var textMatches = [];
    var announceTimer = null;
    var typingTimer = null;
    var lastTyping = 0;
    var appliedSearch = null;  // the address's query the page shows

    function normalized(text) {
      return text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
    }

    function words() {
      return normalized(textInput.value).split(/\s+/).filter(Boolean);
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
        if (by !== "title" && column >= 0) {
          var x = apps[a][column];
          var y = apps[b][column];
          if (column < F) { x = x[0]; y = y[0]; }
          if (x !== y) {
            // An amount not known (no decision yet) comes last, whichever way the list sorts.
            if (x === null) return 1;
            if (y === null) return -1;
            return sign * (x - y);
          }
        }
        return a - b;
      };
    }

    // Every application in a sort order, worked out once per order.
    function order(option) {
      if (!orders[option.value]) {
        orders[option.value] = apps.map(function (_, index) { return index; }).sort(sortKey(option));
      }
      return orders[option.value];
    }

    function noun(count) {
      return sum.getAttribute(count === 1 ? "data-one" : "data-many");
    }

    function format(amount) {
      return sum.getAttribute("data-currency").replace("{amount}", numberFormat.format(amount));
    }

    // The granted part of the totals line: summed over the decided applications only, with the
    // page's wording for all, some or none of them decided (find.py's granted_text).
    function grantedText(element, count, decided, granted) {
      var which = decided === count ? "data-all" : decided === 0 ? "data-none" : "data-some";
      return fillText(element.getAttribute(which), { belop: format(granted), venter: count - decided });
    }

    function fill(element, values) {
      return fillText(element.getAttribute("data-template"), values);
    }

    function fillText(template, values) {
      return template.replace(/\{(\w+)\}/g, function (_, name) {
        return typeof values[name] === "number" ? numberFormat.format(values[name]) : values[name];
      });
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
      var decided = 0;
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
          if (row[GRANTED] !== null) {
            granted += row[GRANTED];
            decided++;
          }
          for (f = 0; f < F; f++) for (var c = 0; c < row[f].length; c++) counts[f][row[f][c]]++;
        } else if (misses === 1) {
          for (c = 0; c < row[missed].length; c++) counts[missed][row[missed][c]]++;
        }
      }
      result = order(sortSelect.options[sortSelect.selectedIndex] || sortSelect.options[0])
        .filter(function (index) { return match[index]; });
      showing = Math.min(pageSize, result.length);
      list.replaceChildren.apply(list, result.slice(0, showing).map(function (index) { return items[index]; }));
      list.hidden = result.length === 0;
      none.hidden = result.length > 0;
      updateMore();

      groups.forEach(function (group, f) {
        var selected = 0;
        group.counts.forEach(function (label, v) {
          var count = counts[f][v];
          setText(label.querySelector("[data-count]"), numberFormat.format(count));
          setText(label.querySelector("[data-noun]"), " " + noun(count));
          label.classList.toggle("finn-antall--null", count === 0);
          if (group.boxes[v].checked) selected++;
        });
        setText(group.chosen, selected ? fill(group.chosen, { antall: selected }) : "");
      });

      setText(sum.querySelector('[data-part="count"]'), numberFormat.format(result.length));
      setText(sum.querySelector('[data-part="noun"]'), noun(result.length));
      setText(sum.querySelector('[data-part="requested"]'), format(requested));
      var grantedPart = sum.querySelector('[data-part="granted"]');
      setText(grantedPart, grantedText(grantedPart, result.length, decided, granted));
      appliedSearch = location.search;
    }

    function updateMore() {
      more.hidden = showing >= result.length;
      var values = { neste: Math.min(pageSize, result.length - showing), vist: showing, antall: result.length };
      more.querySelectorAll("[data-template]").forEach(function (element) { setText(element, fill(element, values)); });
    }

    // Show more of the result (the number shown is kept with the history entry, so coming back
    // to the page shows as many again); with ``focus``, the first new entry's link gets the focus.
    function showMore(upTo, focus) {
      var first = showing;
      var fragment = document.createDocumentFragment();
      result.slice(first, upTo).forEach(function (index) { fragment.appendChild(items[index]); });
      list.appendChild(fragment);
      showing = Math.min(upTo, result.length);
      updateMore();
      history.replaceState(Object.assign({}, history.state, { showing: showing }), "");
      var link = focus && items[result[first]] && items[result[first]].querySelector("a");
      if (link) link.focus();
    }

    // Tell screen readers the count once the reader pauses (not on every key press). The
    // region is emptied first, so the same text is read again after a change that kept it.
    function announce() {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () {
        status.textContent = "";
        announceTimer = setTimeout(function () {
          status.textContent = fill(status, { antall: result.length, ord: noun(result.length) });
        }, 100);
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

    // Every choice is a step back; a run of typing (no pause over 1.5 s) is one step, and the
    // address follows the typing when it pauses, not on every key press.
    function remember(typing) {
      clearTimeout(typingTimer);
      typingTimer = null;
      var address = addressFor();
      if (address !== location.pathname + location.search + location.hash) {
        var state = { finn: true, typing: typing };
        var sameRun = typing && history.state && history.state.typing && Date.now() - lastTyping < 1500;
        if (sameRun) history.replaceState(state, "", address);
        else history.pushState(state, "", address);
      }
      if (typing) lastTyping = Date.now();
      appliedSearch = location.search;
    }

    function flushTyping() {
      if (typingTimer) remember(true);
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

    // The page as the address and the history entry say: the choices, and how many are shown.
    function show() {
      readAddress();
      apply();
      var wantedShowing = history.state && history.state.showing;
      if (wantedShowing > showing) showMore(wantedShowing, false);
    }

    form.addEventListener("change", function (event) {
      if (event.target === textInput) return;
      flushTyping();
      apply();
      announce();
      remember(false);
    });
    textInput.addEventListener("input", function () {
      apply();
      announce();
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { remember(true); }, 400);
    });
    textInput.addEventListener("blur", flushTyping);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      flushTyping();
    });
    moreButton.addEventListener("click", function () { showMore(showing + pageSize, true); });
    allButton.addEventListener("click", function () { showMore(result.length, true); });
    resetButton.addEventListener("click", function () {
      flushTyping();
      groups.forEach(function (group) { group.boxes.forEach(function (box) { box.checked = false; }); });
      textInput.value = "";
      apply();
      announce();
      remember(false);
    });
    window.addEventListener("popstate", function () {
      if (location.search === appliedSearch) return;  // a jump within the page (#…)
      clearTimeout(typingTimer);
      typingTimer = null;
      show();
      announce();
    });

    show();
    // Values the page does not know (an old or mistyped address) are left out of the address.
    var tidy = addressFor();
    if (tidy !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, "", tidy);
      appliedSearch = location.search;
    }
    prebuilt.open = false;
    form.hidden = false;
    form.setAttribute("data-ready", "");
  }
})();
