// The site's search index, read in the browser (written by grant_portfolio/model/search.py). Loaded by
// the search page only when someone searches, and only the files a query needs: the manifest,
// the files for the words' prefixes, and one file per hit shown.
//
// Words are stemmed with Snowball's Norwegian stemmer, ported from the Python package the index
// is made with (snowballstemmer 3.1.1) and checked against it by the tests, so that
// "samtalebehandlingen" finds "samtalebehandling". The last word also matches words that
// begin with it, from the length the manifest gives.

const VOWELS = new Set("aeiouyåæêòóôø");
const S_ENDING = new Set("bcdfghjlmnoptvyz");
// Snowball's Norwegian suffixes, longest first: 1 delete, 2 "ers", 3 "s", 4 replace with "er".
const MAIN_SUFFIXES = [
  ["hetenes", 1], ["hetene", 1], ["hetens", 1], ["heten", 1], ["heter", 1], ["endes", 1],
  ["ande", 1], ["ende", 1], ["edes", 1], ["enes", 1], ["erte", 4], ["ede", 1], ["ane", 1],
  ["ene", 1], ["ens", 1], ["ers", 2], ["ets", 1], ["het", 1], ["ert", 4], ["ast", 1], ["as", 1],
  ["es", 1], ["en", 1], ["ar", 1], ["er", 1], ["et", 1], ["a", 1], ["e", 1], ["s", 3],
];
const OTHER_SUFFIXES = ["hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig"];
// Before "ers": these endings keep it (the longest ending found decides).
const ERS_DELETE = ["skap", "hav", "giv"];
const ERS_KEEP = ["ind", "kk", "nk", "amm", "omm", "kap", "pp", "lt", "ast", "øst", "v"];

function ersDeletes(base) {
  if (ERS_DELETE.some((ending) => base.endsWith(ending))) return true;
  return !ERS_KEEP.some((ending) => base.endsWith(ending));
}

function sDeletes(base) {
  const last = base[base.length - 1];
  const before = base[base.length - 2];
  if (last === undefined) return false;
  if (S_ENDING.has(last)) return true;
  if (last === "r") return before !== "e";
  if (last === "k") return before !== undefined && !VOWELS.has(before);
  return false;
}

export function stem(word) {
  const n = word.length;
  if (n < 3) return word;
  let p1 = n; // R1: after the first consonant that follows a vowel, and at least 3 letters in
  let i = 0;
  while (i < n && !VOWELS.has(word[i])) i++;
  if (i < n) {
    i++;
    while (i < n && VOWELS.has(word[i])) i++;
    if (i < n) p1 = i + 1;
  }
  if (p1 < 3) p1 = 3;
  let w = word;
  for (const [suffix, action] of MAIN_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= p1) {
      const base = w.slice(0, w.length - suffix.length);
      if (action === 1 || (action === 2 && ersDeletes(base)) || (action === 3 && sDeletes(base))) w = base;
      else if (action === 4) w = base + "er";
      break;
    }
  }
  if ((w.endsWith("dt") || w.endsWith("vt")) && w.length - 2 >= p1) w = w.slice(0, -1);
  for (const suffix of OTHER_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= p1) {
      w = w.slice(0, w.length - suffix.length);
      break;
    }
  }
  return w;
}

const TOKEN = /[\p{L}\p{N}]+/gu;

// The words of a text as the index reads them: letters and digits, lower case, two or more.
export function words(text) {
  return (text.normalize("NFC").toLowerCase().match(TOKEN) || []).filter((word) => word.length >= 2);
}

// What a query asks for: every word by its stem, the last one also as the start of a word
// (unless the query ends with a space).
export function parse(query, minPrefix) {
  const list = words(query);
  const open = list.length > 0 && !/\s$/.test(query);
  return list.map((word, index) => ({
    word,
    stem: stem(word),
    prefix: open && index === list.length - 1 && word.length >= minPrefix ? word : null,
  }));
}

// Does a word of a text answer one of the query's terms?
function matches(word, terms) {
  const stemmed = stem(word);
  return terms.some((term) => stemmed === term.stem || (term.prefix && word.startsWith(term.prefix)));
}

export class SearchIndex {
  constructor(base) {
    this.base = base; // the index folder's address, ending in "/"
    this.root = new URL("../", base);
    this.manifest = null;
    this.shards = new Map();
  }

  async json(path) {
    const response = await fetch(new URL(path, this.base));
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  }

  async load() {
    if (!this.manifest) {
      this.manifest = this.json("manifest.json").catch((error) => { this.manifest = null; throw error; });
    }
    return this.manifest;
  }

  shard(number) {
    if (!this.shards.has(number)) {
      const loading = this.json(`ord/${number}.json`);
      loading.catch(() => this.shards.delete(number));
      this.shards.set(number, loading);
    }
    return this.shards.get(number);
  }

  // The files that can hold stems equal to `stem`, or (for a prefix) beginning with it.
  files(manifest, key, prefix) {
    const keys = Object.keys(manifest.biter);
    const holding = keys.filter((k) => key.startsWith(k)).sort((a, b) => b.length - a.length)[0];
    const wanted = new Set(holding !== undefined ? [manifest.biter[holding]] : []);
    if (prefix) keys.filter((k) => k.startsWith(key)).forEach((k) => wanted.add(manifest.biter[k]));
    return [...wanted];
  }

  // Scores by document for one term: the stem's postings, and every stem that begins with the
  // prefix (the best score of a document counts).
  async scores(manifest, term) {
    const keys = term.prefix ? [term.stem, term.prefix] : [term.stem];
    const found = new Map();
    for (const key of keys) {
      const numbers = this.files(manifest, key, key === term.prefix);
      const shards = await Promise.all(numbers.map((number) => this.shard(number)));
      for (const shard of shards) {
        for (const [stemmed, postings] of Object.entries(shard)) {
          if (!(stemmed === term.stem || (key === term.prefix && stemmed.startsWith(term.prefix)))) continue;
          let document = 0;
          for (let i = 0; i < postings.length; i += 2) {
            document += postings[i];
            const score = postings[i + 1];
            if (!(found.get(document) >= score)) found.set(document, score);
          }
        }
      }
    }
    return found;
  }

  // The group a document is in (the manifest's groups: [heading, first document], in order).
  group(manifest, document) {
    const groups = manifest.grupper || [];
    let found = 0;
    groups.forEach(([, first], index) => { if (first <= document) found = index; });
    return found;
  }

  // The documents that answer every word: the groups in order, the best first in each, each
  // with its group's heading and `data()` giving what to show. As query_index in search.py.
  async search(query) {
    const manifest = await this.load();
    const terms = parse(query, manifest.prefiks);
    if (!terms.length) return [];
    const perTerm = await Promise.all(terms.map((term) => this.scores(manifest, term)));
    perTerm.sort((a, b) => a.size - b.size);
    const total = new Map();
    for (const [document, score] of perTerm[0]) {
      let sum = score;
      let all = true;
      for (const other of perTerm.slice(1)) {
        const more = other.get(document);
        if (more === undefined) { all = false; break; }
        sum += more;
      }
      if (all) total.set(document, sum);
    }
    const groups = manifest.grupper || [];
    return [...total.entries()]
      .map(([document, score]) => ({ document, score, group: this.group(manifest, document) }))
      .sort((a, b) => a.group - b.group || b.score - a.score || a.document - b.document)
      .map((hit) => ({
        ...hit,
        heading: groups[hit.group] ? groups[hit.group][0] : "",
        data: () => this.data(hit.document, terms),
      }));
  }

  // A hit as the search page shows it: title, address, kind, details, and an excerpt from the
  // section with the most words found, the words marked.
  async data(document, terms) {
    const record = await this.json(`dok/${document}.json`);
    const url = new URL(record.u, this.root).pathname; // the page's address in this site
    let best = null;
    for (const [heading, anchor, text] of record.s) {
      const found = text.split(/\s+/).filter((word) => words(word).some((w) => matches(w, terms))).length;
      if (!best || found > best.found) best = { heading, anchor, text, found };
    }
    return {
      url,
      meta: { title: record.t, kind: record.k, details: record.d },
      excerpt: best ? excerpt(best.text, terms) : [],
      section: best && best.anchor && best.found ? { title: best.heading, url: `${url}#${best.anchor}` } : null,
    };
  }
}

const EXCERPT_WORDS = 30;

// About thirty words around the first place a searched word is found, as
// [[text, marked], …]: the page makes text nodes and <mark> elements of them.
export function excerpt(text, terms) {
  const parts = text.split(/\s+/).filter(Boolean);
  const first = parts.findIndex((part) => words(part).some((w) => matches(w, terms)));
  const start = Math.max(0, Math.min(first - 8, parts.length - EXCERPT_WORDS));
  const chosen = parts.slice(first < 0 ? 0 : start, (first < 0 ? 0 : start) + EXCERPT_WORDS);
  const out = [];
  if (start > 0 && first >= 0) out.push(["… ", false]);
  chosen.forEach((part, index) => {
    const marked = words(part).some((w) => matches(w, terms));
    out.push([part, marked]);
    if (index < chosen.length - 1) out.push([" ", false]);
  });
  if ((first < 0 ? 0 : start) + EXCERPT_WORDS < parts.length) out.push([" …", false]);
  return out;
}
