// The search page (/sok/): searches the site's index (grant_portfolio/model/search.py, read by
// sokeindeks.js) as the reader types, keeps the words in the address (?q=…) and shows the hits
// ten at a time, in the index's groups (applications first), each under its own heading. The
// index's script and the parts of the index a query needs are loaded only when someone
// searches. Every text shown comes from data-* attributes on the page.

const PAGE_SIZE = 10;
const DELAY = 250; // milliseconds after the last key press before searching

const form = document.querySelector("form[data-sok]");
if (form) start(form);

function start(form) {
  const field = form.querySelector("#sok-felt");
  const status = document.getElementById("sok-status");
  const list = document.getElementById("sok-treff"); // the groups of hits
  let groups = new Map(); // group number -> its list of hits, once shown
  const more = document.getElementById("sok-flere");
  const root = new URL("../../", import.meta.url); // the site's root: this script is in assets/javascripts/
  const number = new Intl.NumberFormat("nb-NO");
  let index = null;
  let results = [];
  let shown = 0;
  let run = 0; // the newest search; answers to older ones are dropped
  let timer = null;
  let spoken = null;
  let loading = false; // more hits on their way: a second press waits
  let searched = ""; // the words of the hits shown

  const fill = (template, values) => template.replace(/\{(\w)\}/g, (_, key) => values[key] ?? "");

  // The live region is never hidden, and only its text changes: emptied first, so that the
  // same message is read again for a new search. When a search is done, data-ferdig holds its words.
  function say(text, query) {
    window.clearTimeout(spoken);
    status.textContent = "";
    delete status.dataset.ferdig;
    spoken = window.setTimeout(() => {
      status.textContent = text;
      if (query !== undefined) status.dataset.ferdig = query;
    }, 50);
  }

  function counted(query) {
    const count = results.length;
    const values = { q: query, n: number.format(count), m: number.format(shown) };
    let message = fill(count === 0 ? status.dataset.ingen : count === 1 ? status.dataset.ett : status.dataset.flere, values);
    if (count > shown) message += " " + fill(status.dataset.viser, values);
    return message;
  }

  function load() {
    if (!index) {
      index = import(new URL("assets/javascripts/sokeindeks.js", root).href)
        .then((module) => new module.SearchIndex(new URL("sokeindeks/", root)));
      index.catch(() => { index = null; });
    }
    return index;
  }

  // The excerpt comes as [text, marked] pairs: text nodes, and <mark> around the words found.
  function excerpt(parts) {
    const paragraph = document.createElement("p");
    paragraph.className = "sok-treff__utdrag";
    for (const [text, marked] of parts) {
      const words = document.createTextNode(text);
      if (marked) {
        const mark = document.createElement("mark");
        mark.append(words);
        paragraph.append(mark);
      } else {
        paragraph.append(words);
      }
    }
    return paragraph;
  }

  function item(data) {
    const li = document.createElement("li");
    li.className = "sok-treff__treff";
    const heading = document.createElement("h3");
    heading.className = "sok-treff__tittel";
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    li.append(heading);
    const facts = [data.meta.kind, data.meta.details].filter(Boolean).join(" · ");
    if (facts) {
      const line = document.createElement("p");
      line.className = "sok-treff__fakta";
      line.textContent = facts;
      li.append(line);
    }
    li.append(excerpt(data.excerpt));
    // The section with the most of the words found, if the hit is under one of the headings.
    const section = data.section;
    if (section && section.title && section.title !== data.meta.title) {
      const line = document.createElement("p");
      line.className = "sok-treff__avsnitt";
      const to = document.createElement("a");
      to.href = section.url;
      to.textContent = fill(list.dataset.under, { h: section.title });
      line.append(to);
      li.append(line);
    }
    return li;
  }

  async function showMore(current, focus) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    loading = true;
    let data;
    try {
      data = await Promise.all(batch.map((result) => result.data()));
    } finally {
      loading = false;
    }
    if (current !== run) return;
    const items = data.map(item);
    items.forEach((li, index) => groupList(batch[index]).append(li));
    shown += batch.length;
    const left = results.length - shown;
    more.hidden = left <= 0;
    more.textContent = fill(more.dataset.tekst, { k: number.format(Math.min(left, PAGE_SIZE)) });
    if (focus && items.length) items[0].querySelector("a").focus();
  }

  // A group's list, made with its heading when its first hit is shown: "Søknader (2 treff)".
  function groupList(result) {
    if (!groups.has(result.group)) {
      const section = document.createElement("section");
      section.className = "sok-gruppe";
      const heading = document.createElement("h2");
      heading.className = "sok-gruppe__tittel";
      heading.id = `sok-gruppe-${result.group}`;
      const count = results.filter((other) => other.group === result.group).length;
      heading.textContent = fill(list.dataset.gruppe, { g: result.heading, n: number.format(count) });
      section.setAttribute("aria-labelledby", heading.id);
      const hits = document.createElement("ol");
      hits.className = "sok-treff";
      section.append(heading, hits);
      list.append(section);
      groups.set(result.group, hits);
    }
    return groups.get(result.group);
  }

  function remember(query) {
    const url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    if (url.href !== window.location.href) window.history.replaceState(null, "", url);
  }

  async function search(text) {
    const current = ++run;
    const query = text.trim();
    searched = query;
    remember(query);
    results = [];
    shown = 0;
    if (!query) {
      list.replaceChildren();
      groups = new Map();
      more.hidden = true;
      say(status.dataset.tom);
      return;
    }
    try {
      const searcher = await load();
      const found = await searcher.search(text);
      if (current !== run) return;
      results = found;
      list.replaceChildren();
      groups = new Map();
      await showMore(current, false);
      if (current !== run) return;
      say(counted(query), query);
    } catch (error) {
      if (current !== run) return;
      list.replaceChildren();
      groups = new Map();
      more.hidden = true;
      say(status.dataset.feil, query);
    }
  }

  field.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => search(field.value), DELAY);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    search(field.value);
  });
  more.addEventListener("click", async () => {
    if (loading) return;
    const current = run;
    await showMore(current, true);
    if (current === run) say(counted(searched), searched);
  });

  form.hidden = false;
  const initial = new URL(window.location.href).searchParams.get("q") || "";
  field.value = initial;
  // Sent here by the header's search: the field keeps the focus, so that the words can be
  // changed at once, and the hits come next in the tab order.
  if (new URL(window.location.href).searchParams.has("q")) field.focus();
  if (initial.trim()) search(initial);
}
