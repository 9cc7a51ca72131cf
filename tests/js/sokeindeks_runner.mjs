// Runs the search index reader's stemmer and tokeniser (overrides/assets/javascripts/sokeindeks.js,
// as shipped) on many words and texts in one process, for tests/test_js_parity.py.
//
//   node --experimental-vm-modules sokeindeks_runner.mjs SOKEINDEKS_JS < input.json > output.json
//
// Input: {"stem": [word, …], "words": [text, …]}. Output: {"stem": [stem(word), …],
// "words": [words(text), …]}, in the same order.
//
// The file is an ES module with no imports; it is evaluated as it stands, as a vm.SourceTextModule
// in a context of its own. Defining stem() and words() needs no browser globals (fetch and URL
// are used only by SearchIndex, which is not run here), so the context is left empty: a global
// the functions began to need would show up as a ReferenceError.

import { readFileSync } from "node:fs";
import vm from "node:vm";

const [scriptPath] = process.argv.slice(2);
const source = readFileSync(scriptPath, "utf8");
const context = vm.createContext({});
const module = new vm.SourceTextModule(source, { context, identifier: scriptPath });
await module.link(() => {
  throw new Error("sokeindeks.js is expected to import nothing");
});
await module.evaluate();
const { stem, words } = module.namespace;
if (typeof stem !== "function" || typeof words !== "function") {
  throw new Error("sokeindeks.js no longer exports stem() and words()");
}

const input = JSON.parse(readFileSync(0, "utf8"));
const output = {
  stem: (input.stem || []).map((word) => stem(word)),
  words: (input.words || []).map((text) => Array.from(words(text))),
};
process.stdout.write(JSON.stringify(output));
