// The application file the web form writes (/bidra/ny/), and the checks it runs as you type:
// plain functions with no page and no imports, so that tests/js/soknadsfil_runner.mjs runs them
// under node against the Python checks (tests/test_webform_js.py).
//
// Everything here works from the page's data (grant_portfolio/contribute/webform.py): the fields
// of the one schema, the JSON Schema the site publishes, the scheme's choices and the messages of
// `tilskudd check`, so the form says what the check says. The checks:
//
// - the JSON Schema, with Ajv (shipped as a file of the site: vendor/ajv2020.min.js);
// - the rules across fields that the check applies (budget lines that sum to the amount applied
//   for, a decision where the status needs one, an end not before the start, a list item or a
//   theme written twice);
// - identity numbers, and e-mail addresses and phone numbers outside the contacts, as the check
//   finds them in plain text (the check also reads them through markup and disguises);
// - as notices, what the data-quality page would list (a municipality of another community, an
//   empty part of the form, no summary or contact).
//
// Nothing is stored and nothing is sent: these functions only compute.

// Values ---------------------------------------------------------------------------------------

/** A date, written in the file as a bare YAML date (2025-03-01), which YAML reads as a date. */
export class IsoDate {
  constructor(text) {
    this.text = text;
  }
  toJSON() {
    return this.text;
  }
}

const GROUPED = /^\d{1,3}(?:([ \u00a0\u202f\u2009.])\d{3})?(?:\1\d{3})*$/;
const CURRENCY = /\s*(?:kr\.?|kroner|nok|,-)$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(text) {
  if (!ISO_DATE.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A whole number as typed: digits, with spaces (or full stops) between groups of three as
 * Norwegians write them, and for an amount «kr» or «,-» after it; a minus sign before it. */
function wholeNumber(text, amount) {
  const sign = text.startsWith("-") ? -1 : 1;
  let digits = text.replace(/^-\s*/, "");
  if (amount) digits = digits.replace(CURRENCY, "");
  if (/^\d+$/.test(digits) || GROUPED.test(digits)) {
    const value = sign * Number(digits.replace(/\D/g, ""));
    if (Number.isSafeInteger(value)) return value;
  }
  return null;
}

/** The value of one control as the file will hold it, or undefined when it is empty. What cannot
 * be read as the field's type is kept as the text typed, so the check says what is wrong. */
export function readValue(kind, raw) {
  if (kind === "choices") return raw.length ? raw.slice() : undefined;
  const text = String(raw ?? "").trim();
  if (kind === "text-lines") {
    const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    return lines.length ? lines : undefined;
  }
  if (!text) return undefined;
  switch (kind) {
    case "amount":
    case "integer":
    case "amount-or-text": {
      const value = wholeNumber(text, kind !== "integer");
      return value === null ? text : value;
    }
    case "year-or-date":
      if (/^\d{4}$/.test(text)) return Number(text);
      return isRealDate(text) ? new IsoDate(text) : text;
    case "date":
    case "date-or-text":
      return isRealDate(text) ? new IsoDate(text) : text;
    default:
      return text;
  }
}

/** The form's data from what is typed and chosen (``inputs``: by key, a text, the values
 * chosen, a group's inputs, or a list of rows' inputs), as the file will hold it: each value
 * read as its field's kind (``readValue``), empty fields, groups and rows left out. ``origins``
 * (a Map), if given, gets for each list of rows the number (from 0) of the row each kept row was. */
export function dataFromInputs(fields, inputs, origins = null) {
  const out = {};
  for (const field of fields) {
    const raw = inputs[field.key];
    let value;
    if (field.kind === "not-asked") continue;
    if (field.kind === "group") {
      value = dataFromInputs(field.children, raw || {}, origins);
      if (!Object.keys(value).length) value = undefined;
    } else if (field.kind === "rows") {
      const rows = (raw || []).map((row, index) => [index, dataFromInputs(field.children, row, origins)])
        .filter(([, row]) => Object.keys(row).length);
      if (origins) origins.set(field.path, rows.map(([index]) => index));
      value = rows.length ? rows.map(([, row]) => row) : undefined;
    } else if (field.kind === "choice") {
      value = raw ? String(raw) : undefined;
      if (value !== undefined && field.default !== undefined && value === field.default && !field.required) value = undefined;
    } else {
      value = readValue(field.kind, raw ?? (field.kind === "choices" ? [] : ""));
    }
    if (value !== undefined) out[field.key] = value;
  }
  return out;
}

// The file -----------------------------------------------------------------------------------

// Words YAML 1.1 (the version PyYAML reads) takes for true, false or nothing.
const YAML_WORDS = new Set(["y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"]);
// Characters the file must not hold as they are: controls, line and paragraph separators, the
// byte order mark, and what YAML cannot read (lone surrogates, U+FFFE, U+FFFF).
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

// What PyYAML reads as something other than text, by its implicit resolvers (YAML 1.1).
const YAML_RESOLVED = [
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
];

/** Whether a text can stand in the file without quotes and be read back as the same text. */
function plainSafe(text, inFlow) {
  if (!/^[\p{L}\p{N}]/u.test(text) || text !== text.trim() || /[\n\r\t]/.test(text)) return false;
  if (YAML_WORDS.has(text.toLowerCase()) || YAML_RESOLVED.some((pattern) => pattern.test(text))) return false;
  if (/: |:$| #/.test(text) || UNPRINTABLE.test(text)) return false;
  if (inFlow && /[,[\]{}:#]/.test(text)) return false;
  return true;
}

function quoted(text) {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code === 0xfeff) out += "\\ufeff";
    else out += ch; // a control character stays as it is, so that the check of the file finds it too
  }
  return out + '"';
}

function scalar(value, inFlow = false) {
  if (value instanceof IsoDate) return value.text;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = String(value);
  return plainSafe(text, inFlow) ? text : quoted(text);
}

function isScalar(value) {
  return value === null || typeof value !== "object" || value instanceof IsoDate;
}

function yamlLines(key, value, indent) {
  const pad = " ".repeat(indent);
  if (isScalar(value)) return [`${pad}${key}: ${scalar(value)}`];
  if (Array.isArray(value)) {
    if (value.every(isScalar) && value.every((v) => scalar(v, true) === scalar(v) && !/^"/.test(scalar(v)))) {
      const flow = `${pad}${key}: [${value.map((v) => scalar(v, true)).join(", ")}]`;
      if (flow.length <= 100) return [flow];
    }
    const lines = [`${pad}${key}:`];
    for (const item of value) {
      if (isScalar(item)) {
        lines.push(`${pad}  - ${scalar(item)}`);
      } else {
        const inner = Object.entries(item).flatMap(([k, v]) => yamlLines(k, v, indent + 4));
        inner[0] = `${pad}  - ${inner[0].slice(indent + 4)}`;
        lines.push(...inner);
      }
    }
    return lines;
  }
  return [`${pad}${key}:`, ...Object.entries(value).flatMap(([k, v]) => yamlLines(k, v, indent + 2))];
}

/** The front matter: every top-level field in the template's order, each under the template's
 * comment; an empty field is left as the template leaves it, commented out. */
export function frontMatter(config, data) {
  const lines = [];
  for (const field of config.fields) {
    lines.push(field.comment);
    if (data[field.key] === undefined) lines.push(`# ${field.key}:`);
    else lines.push(...yamlLines(field.key, data[field.key], 0));
  }
  return lines.join("\n") + "\n";
}

/** The whole file: the front matter between two lines of ---, then each part of the form that
 * has text, under its heading. */
export function fileText(config, data, texts) {
  let out = `---\n${frontMatter(config, data)}---\n`;
  const intro = (texts[config.intro] || "").replace(/\r\n?/g, "\n").replace(/^\n+|\s+$/g, "");
  if (intro) out += `\n${intro}\n`;
  for (const section of config.sections) {
    const text = (texts[section.id] || "").replace(/\r\n?/g, "\n").replace(/^\n+|\s+$/g, "");
    if (text) out += `\n## ${section.heading}\n\n${text}\n`;
  }
  return out;
}

// File names -----------------------------------------------------------------------------------

// What python-slugify (through Unidecode) makes of the letters of the region's languages that
// Unicode does not decompose.
const LETTERS = {
  æ: "ae", Æ: "AE", ø: "o", Ø: "O", ß: "ss", đ: "d", Đ: "D", ŋ: "ng", Ŋ: "NG", ŧ: "t", Ŧ: "T", ł: "l", Ł: "L",
  þ: "th", Þ: "Th", ð: "d", Ð: "D", œ: "oe", Œ: "OE", ı: "i", ʒ: "z", Ʒ: "Z",
  "\u2013": "-", "\u2014": "--", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": "<<", "\u00bb": ">>",
};

/** A text as python-slugify writes it: ASCII, lower case, words joined by hyphens, at most
 * ``maxLength`` characters cut at a word (0: no limit). */
export function slugify(text, maxLength = 0, replacements = []) {
  let out = String(text);
  for (const [from, to] of replacements) out = out.split(from).join(to);
  out = out.replace(/'+/g, "-").normalize("NFKD");
  out = Array.from(out, (ch) => (ch.charCodeAt(0) < 128 ? ch : LETTERS[ch] ?? (/\p{M}/u.test(ch) ? "" : "-"))).join("");
  out = out.normalize("NFKD").toLowerCase().replace(/'+/g, "").replace(/(?<=\d),(?=\d)/g, "");
  out = out.replace(/[^-a-z0-9]+/g, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
  if (!maxLength || out.length < maxLength) return out;
  if (!out.includes("-")) return out.slice(0, maxLength);
  let cut = "";
  for (const word of out.split("-")) {
    if (!word) continue;
    const next = cut.length + word.length;
    if (next < maxLength) cut += word + "-";
    else if (next === maxLength) {
      cut += word;
      break;
    }
  }
  return (cut || out.slice(0, maxLength)).replace(/^-+|-+$/g, "");
}

/** The file name ``tilskudd new`` gives a title (without .md). */
export function slugFor(config, title) {
  return slugify(title, config.slug_max_length, [["&", "og"]]);
}

/** Where the file goes: applications/<the round's year>/<name>.md. */
export function filePath(config, roundId, slug) {
  const year = config.round_years[roundId];
  return `${config.folder}/${year ?? "ÅÅÅÅ"}/${slug || "filnavn"}.md`;
}

/** The address of GitHub's new-file page with the file filled in, or null when it would be too
 * long to be sure to arrive whole. */
export function proposeUrl(config, path, text) {
  const repo = config.repository;
  if (!repo) return null;
  // The folder in the address and the file's own name in «filename»: a name with a folder in it
  // is not always taken whole (github.com/isaacs/github#1527).
  const parts = path.split("/");
  const folder = parts.slice(0, -1).map(encodeURIComponent).join("/");
  const url = `${repo.new_file}/${folder}?filename=${encodeURIComponent(parts[parts.length - 1])}&value=${encodeURIComponent(text)}`;
  return url.length <= repo.url_limit ? url : null;
}

/** The folder's upload page on GitHub, for a file too long for an address. */
export function uploadUrl(config, path) {
  const repo = config.repository;
  if (!repo) return null;
  return `${repo.upload}/${path.split("/").slice(0, -1).map(encodeURIComponent).join("/")}`;
}

// Amounts --------------------------------------------------------------------------------------

/** An amount as the site writes it (3 697 515 kr): the pattern and spaces are the site's. */
export function nok(config, amount) {
  const digits = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  return (amount < 0 ? "-" : "") + config.amount.zero.replace("0", digits);
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// Field paths ------------------------------------------------------------------------------------

/** ["budget", "lines", 2, "amount"] -> "budget.lines[3].amount", as the check names fields. */
export function fieldPath(parts) {
  let out = "";
  for (const part of parts) {
    if (typeof part === "number") out += `[${part + 1}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

function fieldAt(config, parts) {
  let fields = config.fields;
  let found = null;
  for (const part of parts) {
    if (typeof part === "number") continue;
    found = (fields || []).find((f) => f.key === part) || null;
    if (!found) return null;
    fields = found.children;
  }
  return found;
}

// Personal data --------------------------------------------------------------------------------

const ID_PATTERNS = new Set(["11", "6,5", "6,3,2", "6,2,3", "2,2,2,5", "2,2,2,3,2", "2,2,7", "1,1,1,1,1,1,1,1,1,1,1"]);
const PHONE_PATTERNS = new Set(["2,2,2,2", "3,2,3"]);
const SPACE_CHARS = /[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
const SEPARATOR_CHARS = /[.\\\-/\u00b7\u2010-\u2013\u2212\u2215\u2044\uff0d\uff0e\uff0f]/;
const JOIN_CHARS = /[*_`~\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/;
const BLOCK_START = /^[ \t]*(?:\r?\n|$|[-*+>|#:]|\d{1,9}[.)](?:[ \t]|$)|```|~~~)/;
const PHONE_WORD = /\b(?:tlf|tel|telefon\w*|mobil\w*|mob|sms|ring|faks|fax|phone)\.?\s*(?:nr\.?|nummer)?\s*[:.]?\s*$/i;
const AMOUNT_BEFORE = /\b(?:kr|nok)\.?\s*$/i;
const AMOUNT_AFTER = /^\s*(?:kr\b|kroner\b|nok\b|,-|,00\b|%|prosent\b|mill)/i;
const EMAIL_ADDRESS = /[\p{L}\p{N}_.+'-]{1,64}@[\p{L}\p{N}](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}])?)*\.\p{L}{2,63}(?![\p{L}\p{N}_-])/gu;

/** Whether 11 digits are a Norwegian national identity number or D-number (the check digits and
 * the date, as python-stdnum checks them). */
export function isIdNumber(digits) {
  if (!/^\d{11}$/.test(digits)) return false;
  const n = Array.from(digits, Number);
  const check = (weights) => (11 - weights.reduce((sum, w, i) => sum + w * n[i], 0) % 11) % 11;
  if (check([3, 7, 6, 1, 8, 9, 4, 5, 2]) !== n[9] || check([5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) !== n[10]) return false;
  let day = Number(digits.slice(0, 2));
  let month = Number(digits.slice(2, 4));
  let year = Number(digits.slice(4, 6));
  const individual = Number(digits.slice(6, 9));
  if (day >= 80) return false;
  if (day > 40) day -= 40;
  if (month > 40) month -= 40;
  if (individual < 500) year += 1900;
  else if (individual < 750 && year >= 54) year += 1800;
  else if (individual < 1000 && year < 40) year += 2000;
  else if (individual >= 900 && individual < 1000 && year >= 40) year += 1900;
  else return false;
  const born = new Date(Date.UTC(year, month - 1, day));
  if (born.getUTCFullYear() !== year || born.getUTCMonth() !== month - 1 || born.getUTCDate() !== day) return false;
  return born.getTime() <= Date.now();
}

function segments(text) {
  const found = [];
  let current = null;
  let gap = null;
  let plus = null;
  const close = () => {
    if (current) found.push(current);
    current = null;
    gap = null;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch >= "0" && ch <= "9") {
      if (current && gap === null) {
        const last = current.groups[current.groups.length - 1];
        last.digits += ch;
        last.end = i + 1;
      } else {
        if (current) current.gaps.push(gap);
        else current = { groups: [], gaps: [], plus };
        current.groups.push({ digits: ch, start: i, end: i + 1 });
      }
      gap = null;
    } else if (SPACE_CHARS.test(ch) || SEPARATOR_CHARS.test(ch) || (ch === "\n" && !BLOCK_START.test(text.slice(i + 1, i + 20)))) {
      if (current) gap = SEPARATOR_CHARS.test(ch) || gap === "p" ? "p" : "s";
    } else if (ch === "\r" || JOIN_CHARS.test(ch)) {
      // joins: nothing a reader sees between the digits
    } else {
      close();
      plus = ch === "+" || ch === "\uff0b" ? i : null;
    }
  }
  close();
  return found;
}

function inUrl(text, pos) {
  const word = /[^\s"'<>()[\]]*$/.exec(text.slice(Math.max(0, pos - 300), pos));
  return word !== null && (word[0].includes("://") || word[0].startsWith("www."));
}

/** The identity numbers, e-mail addresses and phone numbers in a text, as {kind, bare}: the
 * plain ways of writing them that the check finds. */
export function personalData(text) {
  const found = [];
  for (const segment of segments(text)) {
    const { groups, gaps } = segment;
    const lengths = groups.map((g) => g.digits.length);
    if (lengths.reduce((a, b) => a + b, 0) < 8) continue;
    for (let i = 0; i < groups.length; i++) {
      let total = 0;
      let j = i;
      for (; j < groups.length; j++) {
        total += lengths[j];
        if (total >= 11) break;
      }
      if (total === 11 && ID_PATTERNS.has(lengths.slice(i, j + 1).join(","))) {
        if (isIdNumber(groups.slice(i, j + 1).map((g) => g.digits).join(""))) found.push({ kind: "id", start: groups[i].start });
      }
    }
    let digits = "";
    let first = 0;
    for (let k = 0; k < groups.length; k++) {
      digits += groups[k].digits;
      if ((segment.plus !== null && digits.length === 10 && digits.startsWith("47")) ||
          (digits.length === 12 && digits.startsWith("0047"))) {
        found.push({ kind: "phone", start: groups[0].start });
        first = k + 1;
        break;
      }
      if (digits.length >= 12) break;
    }
    for (let i = first; i < groups.length; i++) {
      let total = 0;
      let j = i;
      for (; j < groups.length; j++) {
        total += lengths[j];
        if (total >= 8) break;
      }
      const lead = groups[i].digits[0];
      if (total !== 8 || lead === "0" || lead === "1") continue;
      const spaced = gaps.slice(i, j).every((g) => g === "s");
      if ((i > 0 && gaps[i - 1] === "s") || (j < gaps.length && gaps[j] === "s")) continue;
      const pattern = lengths.slice(i, j + 1).join(",");
      const start = groups[i].start;
      const end = groups[j].end;
      const before = text.slice(Math.max(0, start - 40), start);
      if (PHONE_PATTERNS.has(pattern) && spaced) found.push({ kind: "phone", start });
      else if ((pattern === "8" || spaced) && PHONE_WORD.test(before)) found.push({ kind: "phone", start });
      else if (pattern === "8" && (lead === "4" || lead === "9")) {
        if (inUrl(text, start)) continue;
        if (AMOUNT_AFTER.test(text.slice(end, end + 24)) || AMOUNT_BEFORE.test(before)) continue;
        found.push({ kind: "phone", start, bare: true });
      }
    }
  }
  for (const match of text.matchAll(EMAIL_ADDRESS)) {
    const local = match[0].split("@")[0].replace(/^\.+/, "");
    if (local) found.push({ kind: "email", start: match.index });
  }
  return found.sort((a, b) => a.start - b.start);
}

// Markup in the text ----------------------------------------------------------------------------

const TAG_OPEN = /<(\/?)([A-Za-z][^\s/>]*)/g;
const AUTOLINK = /<(?:https?|ftp):\/\/[^<>\s]*>/gi;
const TAG_REST = /^(?:[^>"']+|"[^"]*(?:"|$)|'[^']*(?:'|$))*>?/;
const ATTRIBUTE = /([^\s"'>\/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?/g;

/** The tags and attributes in a text that the check refuses (``checks.safety.markup_problems``):
 * elements outside the allowed list, attributes outside each element's list. Addresses in links
 * and images are left to the check. */
export function markupProblems(config, text) {
  const { tags, global_attributes: global, attributes, markdown_attribute: markdownAttribute } = config.markup;
  const messages = config.messages.markup;
  const allowed = new Set(tags);
  const autolinks = new Set(Array.from(text.matchAll(AUTOLINK), (m) => m.index));
  const found = [];
  for (const match of text.matchAll(TAG_OPEN)) {
    if (autolinks.has(match.index) || match[1] || match[2].includes("@")) continue;
    const name = match[2].toLowerCase();
    if (!allowed.has(name)) {
      found.push(fill(messages.tag, { name: name.replace(/`/g, "") }));
      continue;
    }
    const rest = TAG_REST.exec(text.slice(match.index + match[0].length))[0].replace(/\/?>$/, "");
    for (const attribute of rest.matchAll(ATTRIBUTE)) {
      const attr = attribute[1].toLowerCase();
      if (attr === markdownAttribute || global.includes(attr) || (attributes[name] || []).includes(attr)) continue;
      const kind = attr.startsWith("on") ? "event" : attr === "style" ? "style" : "attribute";
      found.push(fill(messages[kind], { name: attr.replace(/`/g, ""), where: `på \`<${name}>\`` }));
    }
  }
  return found;
}

/** What is wrong with an attachment's file name, as the check says it before it looks for the file. */
export function attachmentProblem(config, name) {
  const messages = config.messages.attachments;
  const parts = name.split("/").filter((part) => part && part !== ".");
  if (name.includes("\\") || name.startsWith("/") || parts.includes("..") || !parts.length) return messages.outside;
  const part = new RegExp(`^(?:${config.attachments.part})$`);
  if (!parts.every((p) => part.test(p))) return messages.characters;
  const last = parts[parts.length - 1];
  const dot = last.lastIndexOf(".");
  const suffix = dot > 0 ? last.slice(dot).toLowerCase() : "";
  if (!config.attachments.types.includes(suffix)) return fill(messages.type, { suffix: suffix || "uten filendelse" });
  return null;
}

// Characters no file may hold ------------------------------------------------------------------

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/** The first character in a text that no file may hold, as the check words it
 * (``yamlsource.character_problems``), or null. */
export function characterProblem(config, text, subject) {
  const match = FORBIDDEN.exec(text);
  if (!match) return null;
  const char = match[0];
  const code = `U+${char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  const before = text.slice(0, match.index);
  const line = before.split("\n").length;
  const column = Array.from(before.slice(before.lastIndexOf("\n") + 1)).length + 1;
  const kind = char === "\u2028" || char === "\u2029" ? "line_break" : /[\ufffe\uffff\ud800-\udfff]/.test(char) ? "invalid" : "control";
  const place = text.includes("\n") ? ` på linje ${line}` : "";
  return fill(config.messages.characters[kind], { subject, code, column, place });
}

/** Lines of a part's text that are level-2 headings (outside fenced code): each starts a part
 * of its own in the file. */
export function headingsIn(text) {
  const found = [];
  let fence = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    else if (!fence && /^ {0,3}##(?!#)(?:[ \t]|$)/.test(line)) found.push(line.trim());
  }
  return found;
}

// The checks ------------------------------------------------------------------------------------

function textValues(value, parts, out) {
  if (value instanceof IsoDate) return out;
  if (Array.isArray(value)) value.forEach((v, i) => textValues(v, [...parts, i], out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) textValues(v, [...parts, k], out);
  } else if (typeof value === "string") out.push([parts, value]);
  return out;
}

const ALLOWED_IN_CONTACTS = { email: "email", phone: "phone" };

function personalProblems(config, data, texts) {
  const problems = [];
  const messages = config.messages.personal;
  const kindKey = (item) => (item.kind === "phone" && item.bare ? "phone_bare" : item.kind);
  for (const [parts, text] of textValues(data, [], [])) {
    for (const item of personalData(text)) {
      const inContacts = parts[0] === "contacts" && parts.length === 3 && ALLOWED_IN_CONTACTS[item.kind] === parts[2];
      if (!inContacts) problems.push({ path: fieldPath(parts), message: messages[kindKey(item)]["feltet"] });
    }
  }
  for (const section of [{ id: config.intro }, ...config.sections]) {
    for (const item of personalData(texts[section.id] || "")) {
      problems.push({ path: null, section: section.id, message: messages[kindKey(item)]["søknadsteksten"] });
    }
  }
  return problems;
}

/** A checker for the form's data: ``check(data, texts)`` gives the errors and notices, each with
 * the field it belongs to (as the check names it, items counted from 1) or the part of the text. */
export function createChecker(config, Ajv) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat("date", { type: "string", validate: isRealDate });
  ajv.addFormat("email", { type: "string", validate: (s) => /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)*\.[^\s@.\d]{2,63}$/u.test(s) });
  ajv.addFormat("uri", { type: "string", validate: (s) => /^https?:\/\/[^\s/?#]+[^\s]*$/.test(s) });
  const validate = ajv.compile(config.schema);
  return (data, texts = {}) => {
    const plain = JSON.parse(JSON.stringify(data));
    validate(plain);
    const errors = schemaProblems(config, validate.errors || [], plain);
    const invalid = new Set(errors.map((e) => e.path));
    errors.push(...ruleProblems(config, data, invalid));
    errors.push(...personalProblems(config, data, texts));
    for (const [parts, text] of textValues(data, [], [])) {
      const message = characterProblem(config, text, "feltet");
      if (message) errors.push({ path: fieldPath(parts), message });
    }
    for (const section of [{ id: config.intro }, ...config.sections]) {
      const message = characterProblem(config, texts[section.id] || "", "teksten");
      if (message) errors.push({ path: null, section: section.id, message });
    }
    for (const section of [{ id: config.intro }, ...config.sections]) {
      for (const message of markupProblems(config, texts[section.id] || "")) errors.push({ path: null, section: section.id, message });
    }
    (Array.isArray(data.attachments) ? data.attachments : []).forEach((attachment, index) => {
      const message = typeof attachment.file === "string" ? attachmentProblem(config, attachment.file) : null;
      if (message && !invalid.has(fieldPath(["attachments", index, "file"]))) {
        errors.push({ path: fieldPath(["attachments", index, "file"]), message });
      }
    });
    return { errors: unique(errors), notices: unique(notices(config, data, texts)) };
  };
}

function unique(problems) {
  const seen = new Set();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.section}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pointerParts(pointer) {
  return pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~")).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const CUSTOM_FOR_KIND = { "year-or-date": "year_or_date", "date-or-text": "date_or_text", "amount-or-text": "amount_or_text" };

function schemaProblems(config, errors, data) {
  const { types, custom } = config.messages;
  const byPath = new Map();
  for (const error of errors) {
    let parts = pointerParts(error.instancePath);
    if (error.keyword === "required") parts = [...parts, error.params.missingProperty];
    const key = JSON.stringify(parts);
    if (!byPath.has(key)) byPath.set(key, { parts, errors: [] });
    byPath.get(key).errors.push(error);
  }
  const problems = [];
  for (const { parts, errors: here } of byPath.values()) {
    const field = fieldAt(config, parts);
    const path = fieldPath(parts);
    const value = parts.reduce((v, p) => (v == null ? v : v[p]), data);
    if (here.some((e) => e.keyword === "anyOf") && field && CUSTOM_FOR_KIND[field.kind]) {
      problems.push({ path, message: custom[CUSTOM_FOR_KIND[field.kind]] });
      continue;
    }
    for (const error of here) {
      if (error.keyword === "anyOf" || (error.keyword === "type" && error.params.type === "null")) continue;
      const message = schemaMessage(error, field, value, types, custom);
      if (message) problems.push({ path, message });
    }
  }
  return problems;
}

function schemaMessage(error, field, value, types, custom) {
  const p = error.params;
  const kind = field ? field.kind : "";
  switch (error.keyword) {
    case "required":
      return types.missing;
    case "type":
      return { integer: types.int_type, string: types.string_type, array: fill(types.list_type, { example: "…" }),
        object: types.model_type }[p.type] || types.string_type;
    case "minLength":
      return types.string_too_short;
    case "maxLength":
      return fill(types.string_too_long, { length: Array.from(String(value)).length, max_length: p.limit });
    case "minimum":
      return fill(types.greater_than_equal, { ge: p.limit });
    case "exclusiveMinimum":
      return fill(types.greater_than, { gt: p.limit });
    case "maximum":
      return kind === "amount" || kind === "amount-or-text" ? custom.amount_too_large : fill(types.less_than_equal, { le: p.limit });
    case "minItems":
      return fill(types.too_short, { min_length: p.limit });
    case "pattern":
      return kind === "url" ? custom.url : types.string_pattern_mismatch;
    case "format":
      return { email: custom.email, uri: custom.url, date: types.date_parsing }[p.format] || custom.email;
    case "enum":
      return fill(types.literal_error, { expected: p.allowedValues.map((v) => `\`${v}\``).join(", ") });
    default:
      return error.message;
  }
}

function yearStart(value) {
  return value instanceof IsoDate ? value.text : typeof value === "number" ? `${value}-01-01` : null;
}

function yearEnd(value) {
  return value instanceof IsoDate ? value.text : typeof value === "number" ? `${value}-12-31` : null;
}

/** The rules across fields, as ``checks.rules.check_application`` applies them, each where the
 * values it needs are valid. */
function ruleProblems(config, data, invalid) {
  const rules = config.messages.rules;
  const problems = [];
  const budget = data.budget || {};
  const lines = Array.isArray(budget.lines) ? budget.lines : [];
  const amountsValid = !invalid.has("budget.requested") && lines.every((l, i) => !invalid.has(fieldPath(["budget", "lines", i, "amount"])));
  if (lines.length && amountsValid && Number.isInteger(budget.requested) && lines.every((l) => Number.isInteger(l.amount))) {
    const total = lines.reduce((sum, l) => sum + l.amount, 0);
    const difference = total - budget.requested;
    if (difference !== 0) {
      problems.push({ path: "budget.lines", message: fill(rules[difference > 0 ? "lines_too_much" : "lines_too_little"], {
        total: nok(config, total), requested: nok(config, budget.requested), difference: nok(config, Math.abs(difference)) }) });
    }
  }
  const status = config.statuses[data.status];
  if (status && status.requires_decision) {
    const values = { status: data.status, label: status.label };
    if (data.decision === undefined) problems.push({ path: "status", message: fill(rules.decision_missing, values) });
    else {
      for (const key of ["granted", "date"]) {
        if (data.decision[key] === undefined) problems.push({ path: `decision.${key}`, message: fill(rules[`decision_${key}_missing`], values) });
      }
    }
  }
  const period = data.period || {};
  if (!invalid.has("period.start") && !invalid.has("period.end")) {
    const start = yearStart(period.start);
    const end = yearEnd(period.end);
    if (start && end && end < start) problems.push({ path: "period.end", message: rules.end_before_start });
  }
  for (const key of ["municipalities", "health_trusts", "related"]) {
    const seen = new Set();
    (Array.isArray(data[key]) ? data[key] : []).forEach((value, index) => {
      if (seen.has(value)) problems.push({ path: fieldPath([key, index]), message: fill(rules.repeated, { value }) });
      seen.add(value);
    });
  }
  const themes = new Map();
  (Array.isArray(data.themes) ? data.themes : []).forEach((value, index) => {
    const slug = slugify(value);
    const path = fieldPath(["themes", index]);
    if (!slug) problems.push({ path, message: fill(rules.theme_without_letters, { value }) });
    else if (themes.has(slug)) {
      const other = themes.get(slug);
      problems.push({ path, message: fill(rules[other === value ? "repeated" : "same_theme"], { value, other }) });
    } else themes.set(slug, value);
  });
  return problems;
}

/** What the data-quality page would list about the file (``checks.quality.find_notices``). */
function notices(config, data, texts) {
  const messages = config.messages.notices;
  const found = [];
  const community = config.communities[data.health_community];
  if (community) {
    (data.municipalities || []).forEach((name, index) => {
      const other = Object.values(config.communities).find((c) => c.municipalities.includes(name));
      if (other && !community.municipalities.includes(name)) {
        found.push({ path: fieldPath(["municipalities", index]), message: fill(messages.other_community, { name, other: other.name, community: community.name }) });
      }
    });
    if (!(data.health_trusts || []).includes(community.health_trust)) {
      found.push({ path: "health_trusts", message: fill(messages.trust_left_out, { trust: config.health_trusts[community.health_trust], community: community.name }) });
    }
  }
  for (const section of config.sections) {
    if (section.required && !(texts[section.id] || "").trim()) {
      found.push({ path: null, section: section.id, message: fill(messages.section_missing, { heading: section.heading }) });
    }
  }
  const count = (data.municipalities || []).length;
  (Array.isArray((data.budget || {}).lines) ? data.budget.lines : []).forEach((line, index) => {
    const text = [line.item, line.scope, line.rate].filter((part) => typeof part === "string").join(" ");
    const mentions = new Set();
    for (const match of text.matchAll(/(?<![\p{L}\p{N}_])(\d+)\s+kommuner(?![\p{L}\p{N}_])/giu)) {
      if (Number(match[1]) !== count) mentions.add(match[0]);
    }
    if (mentions.size) {
      found.push({ path: fieldPath(["budget", "lines", index]), message: fill(messages.municipality_count, {
        mentions: Array.from(mentions).sort().join(", "), count }) });
    }
  });
  const decision = data.decision || {};
  if (Number.isInteger(decision.granted) && Number.isInteger((data.budget || {}).requested) && decision.granted > data.budget.requested) {
    found.push({ path: "decision.granted", message: messages.granted_more });
  }
  for (const section of config.field_sections) {
    const value = data[section.field];
    if (value === undefined || value === "" || (Array.isArray(value) && !value.length)) {
      found.push({ path: section.field, message: fill(messages.field_missing, { heading: section.heading }) });
    }
  }
  for (const section of [{ id: config.intro }, ...config.sections]) {
    for (const line of headingsIn(texts[section.id] || "")) {
      found.push({ path: null, section: section.id, form: true, message: fill(config.messages.form.heading_in_text, { line }) });
    }
  }
  if (!data.summary) found.push({ path: "summary", message: messages.no_summary });
  if (!data.contacts) found.push({ path: "contacts", message: messages.no_contacts });
  return found;
}
