// Runs the search index reader's search (SearchIndex.search in overrides/assets/javascripts/sokeindeks.js,
// as shipped) on an index folder written by grant_portfolio/model/search.py, for tests/test_js_parity.py.
//
//   node --experimental-vm-modules sokeindeks_search_runner.mjs SOKEINDEKS_JS < input.json > output.json
//
// Input: {"index": folder, "queries": [query, …]}. Output: {"hits": [[[group, heading, document,
// score], …], …]}, one list per query in the same order, the hits in the order the search page
// shows them; and {"data": [[url, title, kind, excerpt text], …]} for each query's first hit.
//
// The module is evaluated in a vm context of its own with only what SearchIndex needs from a
// browser: URL, and a fetch that reads the index's files from the folder.

import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const [scriptPath] = process.argv.slice(2);
const input = JSON.parse(readFileSync(0, "utf8"));
const BASE = "https://example.org/sokeindeks/";

async function fetchFile(url) {
  const relative = new URL(url).pathname.slice(new URL(BASE).pathname.length);
  let text = null;
  try {
    text = readFileSync(path.join(input.index, relative), "utf8");
  } catch {
    // missing: a 404, as from a web server
  }
  return {
    ok: text !== null,
    status: text !== null ? 200 : 404,
    json: async () => JSON.parse(text),
  };
}

const context = vm.createContext({ URL, fetch: fetchFile });
const module = new vm.SourceTextModule(readFileSync(scriptPath, "utf8"), { context, identifier: scriptPath });
await module.link(() => {
  throw new Error("sokeindeks.js is expected to import nothing");
});
await module.evaluate();
const { SearchIndex } = module.namespace;

const index = new SearchIndex(new URL(BASE));
const hits = [];
const data = [];
for (const query of input.queries) {
  const found = await index.search(query);
  hits.push(found.map((hit) => [hit.group, hit.heading, hit.document, hit.score]));
  if (found.length) {
    const first = await found[0].data();
    data.push([first.url, first.meta.title, first.meta.kind, first.excerpt.map(([text]) => text).join("")]);
  } else {
    data.push(null);
  }
}
process.stdout.write(JSON.stringify({ hits, data }));
