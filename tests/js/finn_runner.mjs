// Runs the find page's script (overrides/assets/javascripts/finn.js, as shipped) under node on a
// generated find page and its data file, and reports what the page shows for each selection,
// for tests/test_js_parity.py to compare with grant_portfolio/model/find.py.
//
//   node finn_runner.mjs FINN_JS < input.json > output.json
//
// Input: {"tree": the page's elements (see fakedom.mjs), "data": finn/soknader.json,
// "base": the page's address, "scenarios": [{"selection": {parameter: [value id, …]},
// "text": "…", "sort": "sort id"} or {"address": "?query"}, …]}.
//
// finn.js is a classic script that wraps everything in one function and starts by itself: it
// finds the form, fetches the data file and wires the form's events. Nothing it defines is
// reachable from outside, so it is driven as a reader drives it: through the page. It runs in a
// vm context whose globals are a fake window (this object), document, location, history and
// fetch; timers are recorded and never fire (they only announce the count to screen readers
// and tidy the history while typing). For a selection given as choices the script is driven
// through the form (the reset button, a click on each checkbox, typing, the sort list, "show
// all"); then the address it wrote is opened again as a step in the history, which must give
// the same view. A selection given as an address is only opened.

import { readFileSync } from "node:fs";
import vm from "node:vm";
import { Document, Element, event } from "./fakedom.mjs";

const [scriptPath] = process.argv.slice(2);
const input = JSON.parse(readFileSync(0, "utf8"));
const base = new URL(input.base);

const document = new Document(input.tree, { baseURI: base.href, lang: "nb" });
const location = { pathname: base.pathname, search: "", hash: "" };
const timers = new Map();
let timerId = 0;

function go(address) {
  const url = new URL(address, new URL(location.pathname + location.search + location.hash, base));
  location.pathname = url.pathname;
  location.search = url.search;
  location.hash = url.hash;
}

const history = {
  state: null,
  pushState(state, _title, url) {
    this.state = state;
    if (url !== undefined && url !== null) go(url);
  },
  replaceState(state, _title, url) {
    this.state = state;
    if (url !== undefined && url !== null) go(url);
  },
};

const windowListeners = {};
const fetched = [];
const sandbox = {
  document,
  location,
  history,
  Element,
  URL,
  URLSearchParams,
  console,
  setTimeout(callback) {
    timers.set(++timerId, callback);
    return timerId;
  },
  clearTimeout(id) {
    timers.delete(id);
  },
  addEventListener(type, listener) {
    (windowListeners[type] = windowListeners[type] || []).push(listener);
  },
  fetch(url) {
    fetched.push(url);
    const path = new URL(url).pathname;
    const ok = path === new URL("soknader.json", base).pathname;
    return Promise.resolve({ ok, status: ok ? 200 : 404, json: () => Promise.resolve(input.data) });
  },
};
sandbox.window = sandbox;
vm.createContext(sandbox);
vm.runInContext(readFileSync(scriptPath, "utf8"), sandbox, { filename: scriptPath });
for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));

const form = document.getElementById("finn-skjema");
const byId = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is not in the page`);
  return element;
};

function fail(message) {
  process.stdout.write(JSON.stringify({ error: message, fetched }));
  process.exit(0);
}

if (!form || !form.hasAttribute("data-ready")) {
  // The script hands a fault of its own to a timer (so that the browser reports it): run them.
  const faults = [];
  for (const callback of timers.values()) {
    try {
      callback();
    } catch (error) {
      faults.push(String(error && error.stack ? error.stack : error));
    }
  }
  fail(`finn.js did not start: ${faults.join("\n") || "no error (is the data file's version the page's?)"}`);
}

const list = byId("finn-liste");
const textInput = byId("finn-tekst");
const sortSelect = byId("finn-sorter");
const boxes = form.querySelectorAll('input[type="checkbox"]');

// What the page shows (the same as state() in tests/test_find_browser.py).
function state() {
  const sum = byId("finn-sum");
  const part = (name) => sum.querySelector(`[data-part="${name}"]`).textContent;
  const counts = {};
  document.querySelectorAll("details.finn-faset").forEach((details) => {
    counts[details.getAttribute("data-parameter")] = details.querySelectorAll(".finn-antall").map((s) => s.textContent);
  });
  return {
    shown: list.children.map((li) => Number(li.getAttribute("data-i"))),
    counts,
    checked: boxes.filter((b) => b.checked).map((b) => [b.name, b.value]),
    text: textInput.value,
    sort: sortSelect.value,
    count: part("count"),
    noun: part("noun"),
    requested: part("requested"),
    granted: part("granted"),
    none: !byId("finn-ingen").hidden,
    more: !byId("finn-flere").hidden,
    hidden: list.hidden,
  };
}

// An address no view has, gone to first: the page ignores a step to the address it shows.
const ELSEWHERE = "?fakedom=elsewhere";

function popstate(address) {
  history.state = null;
  go(address);
  for (const listener of windowListeners.popstate || []) listener(event("popstate", false));
}

// Every matching entry, in order: what the list holds after "Vis alle".
function showAll() {
  byId("finn-vis-alle").click();
  return { all: list.children.map((li) => Number(li.getAttribute("data-i"))), moreAfterAll: !byId("finn-flere").hidden };
}

function throughForm(scenario) {
  byId("finn-nullstill").click();
  for (const [parameter, values] of Object.entries(scenario.selection || {})) {
    for (const value of values) {
      const box = boxes.find((b) => b.name === parameter && b.value === value);
      if (!box) throw new Error(`no checkbox ${parameter}=${value}`);
      box.click();
    }
  }
  if (scenario.text) {
    textInput.value = scenario.text;
    textInput.dispatchEvent(event("input"));
    textInput.dispatchEvent(event("blur", false));
  }
  const sort = scenario.sort || sortSelect.options[0].value;
  if (sortSelect.value !== sort) {
    sortSelect.value = sort;
    if (sortSelect.value !== sort) throw new Error(`no sort order ${sort}`);
    sortSelect.dispatchEvent(event("change"));
  }
  const shown = state();
  const address = location.search;
  const all = showAll();
  popstate(location.pathname + ELSEWHERE);
  popstate(location.pathname + address);
  return { state: shown, ...all, address, reopened: state() };
}

function throughAddress(scenario) {
  popstate(location.pathname + ELSEWHERE);
  popstate(location.pathname + scenario.address);
  return { state: state(), ...showAll(), address: location.search };
}

const results = { first: state(), fetched, scenarios: [] };
for (const scenario of input.scenarios) {
  try {
    results.scenarios.push(scenario.address !== undefined ? throughAddress(scenario) : throughForm(scenario));
  } catch (error) {
    results.scenarios.push({ error: String(error && error.stack ? error.stack : error) });
  }
}
process.stdout.write(JSON.stringify(results));
