// Runs the web form's file writer and checks (overrides/assets/javascripts/soknadsfil.js, as
// shipped) with the Ajv bundle the site ships, on many cases in one process, for
// tests/test_webform_js.py.
//
//   node --experimental-vm-modules soknadsfil_runner.mjs SOKNADSFIL_JS AJV_JS < input.json > output.json
//
// Input: {"config": the page's data, "cases": [{"inputs": …, "texts": {section id: text},
// "title": …}], "slugs": [text, …], "themes": [text, …], "personal": [text, …],
// "yaml": [value, …]}. Output, in the same order: for each case the file's text, its path and
// the errors and notices; the file names; the theme slugs; the personal data found; and each
// value written as the front matter of a file with only a title.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import vm from "node:vm";

const [scriptPath, ajvPath] = process.argv.slice(2);
const Ajv = createRequire(import.meta.url)(ajvPath).default;
const source = readFileSync(scriptPath, "utf8");
const context = vm.createContext({ Date, JSON, Number, String, Array, Object, Set, Map, Math });
const module = new vm.SourceTextModule(source, { context, identifier: scriptPath });
await module.link(() => {
  throw new Error("soknadsfil.js is expected to import nothing");
});
await module.evaluate();
const lib = module.namespace;

const input = JSON.parse(readFileSync(0, "utf8"));
const config = input.config;
const check = lib.createChecker(config, Ajv);
const output = {
  cases: (input.cases || []).map((c) => {
    const data = lib.dataFromInputs(config.fields, c.inputs);
    const texts = c.texts || {};
    const slug = c.slug ?? lib.slugFor(config, data.title || "");
    const result = check(data, texts);
    return { text: lib.fileText(config, data, texts), path: lib.filePath(config, data.round, slug), ...result };
  }),
  slugs: (input.slugs || []).map((t) => lib.slugFor(config, t)),
  themes: (input.themes || []).map((t) => lib.slugify(t)),
  personal: (input.personal || []).map((t) => lib.personalData(t).map((f) => (f.bare ? "phone_bare" : f.kind))),
  yaml: (input.yaml || []).map((v) => lib.frontMatter({ fields: [{ key: "value", comment: "# verdi" }] }, { value: v })),
};
process.stdout.write(JSON.stringify(output));
