// The web form on /bidra/ny/: reads what is typed, shows the checks' messages at their fields
// and writes the application file (soknadsfil.js does the writing and checking; this file only
// connects it to the page). Nothing is stored in the browser and nothing is sent anywhere: the
// file leaves the page only when a button is pressed (download, copy, or GitHub's new-file page).
// Without this script (or without the validator), the page shows the template and the guide.

import * as lib from "./soknadsfil.js";

const $ = (id) => document.getElementById(id);

function start() {
  const form = $("ny-skjema");
  const dataElement = $("ny-skjema-data");
  if (!form || !dataElement || !window.ajv2020) return;
  const config = JSON.parse(dataElement.textContent);
  const Ajv = window.ajv2020.default || window.ajv2020;
  const check = lib.createChecker(config, Ajv);
  new FormPage(form, config, check);
  $("ny-uten-skript").hidden = true;
  form.hidden = false;
}

/** The message's text with `code` as code, built from text nodes (messages may hold what was typed). */
function messageNodes(text) {
  const fragment = document.createDocumentFragment();
  const parts = String(text).split("`");
  parts.forEach((part, index) => {
    if (index % 2 && index < parts.length - 1) {
      const code = document.createElement("code");
      code.textContent = part;
      fragment.append(code);
    } else if (part) fragment.append(document.createTextNode(part));
  });
  return fragment;
}

function capitalised(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

class FormPage {
  constructor(form, config, check) {
    this.form = form;
    this.config = config;
    this.check = check;
    this.shown = new Set(); // the controls whose messages are shown: changed and left, or all after a button
    this.showAll = false;
    this.dirty = false;
    this.nameEdited = false;
    this.result = { errors: [], notices: [] };
    this.fileName = $("ny-filnavn");
    this.timer = null;

    for (const rows of form.querySelectorAll('[data-type="rows"]')) this.setUpRows(rows);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("input", (event) => this.changed(event));
    form.addEventListener("change", (event) => this.changed(event));
    // A message shown when a field is left moves what is below it. When the field is left by
    // pressing a button below it, the page waits until the button is released, so the press
    // lands where it began.
    this.pointerDown = false;
    document.addEventListener("pointerdown", () => {
      this.pointerDown = true;
    }, true);
    const released = () => {
      this.pointerDown = false;
      if (this.pending) {
        this.pending = false;
        setTimeout(() => this.update(), 0);
      }
    };
    document.addEventListener("pointerup", released, true);
    document.addEventListener("pointercancel", released, true);
    form.addEventListener("focusout", (event) => {
      if (event.target.id && event.target.matches("input, select, textarea")) {
        this.shown.add(this.controlKey(event.target));
        if (this.pointerDown) this.pending = true;
        else this.update();
      }
    });
    this.fileName.addEventListener("input", () => {
      this.nameEdited = this.fileName.value.trim() !== "";
    });
    const community = $("f-health-community");
    if (community) community.addEventListener("change", () => this.communityChosen(community.value, true));
    const others = form.querySelector("[data-vis-andre]");
    if (others) {
      others.addEventListener("click", () => {
        const open = others.getAttribute("aria-expanded") !== "true";
        others.setAttribute("aria-expanded", String(open));
        others.textContent = open ? "Skjul kommuner i andre helsefellesskap" : "Vis kommuner i andre helsefellesskap";
        this.communityChosen(community ? community.value : "", false);
      });
    }
    $("ny-last-ned").addEventListener("click", () => this.download());
    $("ny-kopier").addEventListener("click", () => this.copy());
    if ($("ny-github")) $("ny-github").addEventListener("click", () => this.propose());
    window.addEventListener("beforeunload", (event) => {
      if (this.dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    this.update();
  }

  // Rows -------------------------------------------------------------------------------------

  setUpRows(rows) {
    const list = rows.querySelector("[data-rader]");
    const template = rows.querySelector("template[data-mal]");
    const add = rows.querySelector("[data-legg-til]");
    const item = rows.dataset.ting;
    add.addEventListener("click", () => {
      const row = template.content.firstElementChild.cloneNode(true);
      for (const element of row.querySelectorAll("[id], [for], [aria-describedby]")) {
        for (const name of ["id", "for", "aria-describedby"]) {
          if (element.hasAttribute(name)) element.dataset[`mal${name.replace(/-/g, "")}`] = element.getAttribute(name);
        }
      }
      for (const element of row.querySelectorAll("legend, [data-fjern]")) element.dataset.tekst = element.textContent;
      row.querySelector("[data-fjern]").addEventListener("click", () => this.removeRow(rows, row, item));
      list.append(row);
      this.numberRows(list);
      const first = row.querySelector("input, select, textarea");
      if (first) first.focus();
      this.changed();
    });
  }

  numberRows(list) {
    Array.from(list.children).forEach((row, index) => {
      const number = String(index + 1);
      for (const element of row.querySelectorAll("[data-malid], [data-malfor], [data-malariadescribedby]")) {
        if (element.dataset.malid) element.id = element.dataset.malid.replace(/#/g, number);
        if (element.dataset.malfor) element.setAttribute("for", element.dataset.malfor.replace(/#/g, number));
        if (element.dataset.malariadescribedby) {
          element.setAttribute("aria-describedby", element.dataset.malariadescribedby.replace(/#/g, number));
        }
      }
      for (const element of row.querySelectorAll("[data-tekst]")) element.textContent = element.dataset.tekst.replace(/#/g, number);
    });
  }

  removeRow(rows, row, item) {
    const list = rows.querySelector("[data-rader]");
    const index = Array.from(list.children).indexOf(row);
    row.remove();
    this.numberRows(list);
    const next = list.children[index] || list.children[index - 1];
    const focus = next ? next.querySelector("input, select, textarea") : rows.querySelector("[data-legg-til]");
    focus.focus();
    this.say(`${capitalised(item)} ${index + 1} er fjernet.`);
    this.changed();
  }

  // Reading the form ---------------------------------------------------------------------------

  controlKey(element) {
    return element.closest("fieldset[data-type=choices]")?.id || element.id;
  }

  readInputs(fields, row) {
    const inputs = {};
    for (const field of fields) {
      const id = row ? field.id.replace(/#/g, row) : field.id;
      if (field.kind === "not-asked") continue;
      if (field.kind === "group") inputs[field.key] = this.readInputs(field.children, row);
      else if (field.kind === "rows") {
        const list = $(id).querySelector("[data-rader]");
        inputs[field.key] = Array.from(list.children, (_, index) => this.readInputs(field.children, String(index + 1)));
      } else if (field.kind === "choices") {
        inputs[field.key] = Array.from($(id).querySelectorAll("input[type=checkbox]:checked"), (box) => box.value);
      } else inputs[field.key] = $(id).value;
    }
    return inputs;
  }

  readTexts() {
    const texts = {};
    for (const section of [{ id: this.config.intro }, ...this.config.sections]) texts[section.id] = $(`s-${section.id}`).value;
    return texts;
  }

  // Changes -------------------------------------------------------------------------------------

  changed(event) {
    this.dirty = true;
    if (event && event.type === "change" && event.target.id && !event.target.matches("input[type=text], input:not([type]), textarea")) {
      this.shown.add(this.controlKey(event.target));
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 200);
  }

  communityChosen(communityId, chosenNow) {
    const community = this.config.communities[communityId];
    const groups = this.form.querySelectorAll("#f-municipalities [data-gruppe]");
    const others = this.form.querySelector("[data-vis-andre]");
    const showOthers = !community || (others && others.getAttribute("aria-expanded") === "true");
    for (const group of groups) {
      const checked = group.querySelector("input:checked");
      group.hidden = !(showOthers || group.dataset.gruppe === communityId || checked);
    }
    if (others) others.parentElement.hidden = !community;
    if (community && chosenNow) {
      const trusts = Array.from(this.form.querySelectorAll("#f-health-trusts input[type=checkbox]"));
      if (!trusts.some((box) => box.checked)) {
        const own = trusts.find((box) => box.value === community.health_trust);
        if (own) own.checked = true;
      }
    }
  }

  update() {
    clearTimeout(this.timer);
    const inputs = this.readInputs(this.config.fields, null);
    const texts = this.readTexts();
    this.origins = new Map();
    this.data = lib.dataFromInputs(this.config.fields, inputs, this.origins);
    this.texts = texts;
    if (!this.nameEdited) this.fileName.value = this.data.title ? lib.slugFor(this.config, this.data.title) : "";
    this.slug = this.fileName.value.trim();
    this.path = lib.filePath(this.config, this.data.round, this.slug);
    this.text = lib.fileText(this.config, this.data, texts);
    this.result = this.check(this.data, texts);
    const nameProblem = this.nameProblem();
    if (nameProblem) this.result.errors.push({ path: null, control: "ny-filnavn", label: "Filnavn", message: nameProblem });
    $("ny-sti").textContent = this.path;
    $("ny-fil").textContent = this.text;
    this.showSums();
    this.showCounters();
    this.showMessages();
    if (!$("ny-oppsummering").hidden) this.showSummary(false);
  }

  nameProblem() {
    if (!this.slug) return this.config.messages.form.file_name_missing;
    if (!new RegExp(this.config.slug_pattern).test(this.slug)) {
      return `filnavnet «${this.slug}.md» kan ikke brukes i en nettadresse; bruk små bokstaver a–z, sifre og bindestrek, f.eks. «${lib.slugify(this.slug) || "prosjektnavn"}.md»`;
    }
    return null;
  }

  showSums() {
    for (const rows of this.form.querySelectorAll('[data-type="rows"]')) {
      const field = this.config.fields.flatMap((f) => [f, ...(f.children || [])]).find((f) => f.id === rows.id);
      const amount = field && (field.children || []).find((c) => c.kind === "amount");
      const sum = rows.querySelector("[data-sum]");
      if (!amount || !sum) continue;
      const values = this.valueAt(field.path.split(".")) || [];
      const amounts = values.map((row) => row[amount.key]).filter((v) => Number.isInteger(v));
      sum.hidden = !amounts.length;
      let text = `Sum: ${lib.nok(this.config, amounts.reduce((a, b) => a + b, 0))}`;
      const requested = (this.data.budget || {}).requested;
      if (field.path === "budget.lines" && Number.isInteger(requested)) text += ` av søkt beløp ${lib.nok(this.config, requested)}`;
      sum.textContent = text;
    }
  }

  valueAt(parts) {
    return parts.reduce((value, part) => (value == null ? value : value[part]), this.data);
  }

  showCounters() {
    for (const area of this.form.querySelectorAll("textarea[data-lengde]")) {
      const counter = $(`${area.id}-teller`);
      counter.textContent = counter.dataset.mal.replace("{tegn}", String(Array.from(area.value.trim()).length));
    }
  }

  /** The id of the control (or group) a message belongs to. */
  domId(problem) {
    if (problem.control) return problem.control;
    if (problem.path === null) return `s-${problem.section}`;
    let fields = this.config.fields;
    let field = null;
    let id = "f";
    for (const part of problem.path.match(/[^.[\]]+/g)) {
      if (/^\d+$/.test(part)) {
        if (field && field.kind === "rows") {
          // The row on the page: rows left empty are not in the data, so the numbers can differ.
          const kept = this.origins.get(field.path);
          id += `-${kept && kept[Number(part) - 1] !== undefined ? kept[Number(part) - 1] + 1 : part}`;
          continue;
        }
        break;
      }
      field = (fields || []).find((f) => f.key === part);
      if (!field) break;
      id += `-${part.replace(/_/g, "-")}`;
      fields = field.children;
    }
    return id;
  }

  label(problem) {
    if (problem.label) return problem.label;
    const id = this.domId(problem);
    const element = $(id);
    if (!element) return problem.path || "";
    const label = element.matches("fieldset") ? element.querySelector("legend") : this.form.querySelector(`label[for="${id}"]`);
    const text = label ? label.textContent.replace(/\s*\((påkrevd|del av søknadsskjemaet|ved relevans)\)\s*$/, "").trim() : id;
    return text;
  }

  showMessages() {
    for (const box of this.form.querySelectorAll(".ny-meldinger")) box.replaceChildren();
    for (const control of this.form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
    const place = (problem, kind) => {
      const id = this.domId(problem);
      const visible = this.showAll || this.shown.has(id) || this.shownWithin(id);
      if (!visible) return;
      const box = $(`${id}-meldinger`);
      if (!box) return;
      const line = document.createElement("p");
      line.className = kind === "feil" ? "ny-feil" : "ny-merknad";
      line.append(document.createTextNode(kind === "feil" ? "Feil: " : "Merknad: "), messageNodes(capitalised(problem.message)));
      box.append(line);
      const control = $(id);
      if (kind === "feil" && control && control.matches("input, select, textarea")) control.setAttribute("aria-invalid", "true");
    };
    for (const problem of this.result.errors) place(problem, "feil");
    for (const problem of this.result.notices) place(problem, "merknad");
  }

  /** Whether a control inside the group with this id has been shown (a sum under budget lines). */
  shownWithin(id) {
    for (const key of this.shown) if (key.startsWith(`${id}-`)) return true;
    return false;
  }

  // The summary and the buttons -------------------------------------------------------------------

  showSummary(focus) {
    const summary = $("ny-oppsummering");
    const list = $("ny-oppsummering-liste");
    const errors = this.result.errors;
    list.replaceChildren();
    if (!errors.length) {
      summary.hidden = true;
      return;
    }
    $("ny-oppsummering-tittel").textContent = errors.length === 1 ? "Skjemaet har 1 feil" : `Skjemaet har ${errors.length} feil`;
    for (const problem of errors) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `#${this.domId(problem)}`;
      link.dataset.sti = problem.path || "";
      link.dataset.melding = problem.message;
      link.append(document.createTextNode(`${this.label(problem)}: `), messageNodes(problem.message));
      if (problem.path) {
        const path = document.createElement("span");
        path.className = "ny-sti";
        path.textContent = ` (i fila: ${problem.path})`;
        link.append(path);
      }
      link.addEventListener("click", (event) => {
        const target = $(this.domId(problem));
        if (!target) return;
        event.preventDefault();
        const control = target.matches("fieldset")
          ? Array.from(target.querySelectorAll("input, select, textarea, button")).find((e) => e.getClientRects().length)
          : target;
        target.scrollIntoView({ block: "center" });
        (control || target).focus();
      });
      item.append(link);
      list.append(item);
    }
    summary.hidden = false;
    if (focus) summary.focus();
  }

  beforeAction() {
    this.showAll = true;
    this.update();
    this.showSummary(false);
  }

  say(text) {
    // Emptied first, so that the same words said twice are read twice.
    const status = $("ny-status");
    status.textContent = "";
    setTimeout(() => {
      status.textContent = text;
    }, 50);
  }

  errorsNote() {
    const n = this.result.errors.length;
    if (!n) return "";
    return ` Den har ${n === 1 ? "1 feil" : `${n} feil`}, som er listet over: kontrollen stopper fila til de er rettet.`;
  }

  download() {
    this.beforeAction();
    const blob = new Blob([this.text], { type: "text/markdown;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${this.slug || "soknad"}.md`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    this.dirty = false;
    this.say(`Fila ${link.download} er lastet ned. Den skal ligge i ${this.path}.${this.errorsNote()}`);
    if (this.result.errors.length) $("ny-oppsummering").focus();
    return link.download;
  }

  async copy() {
    this.beforeAction();
    try {
      await navigator.clipboard.writeText(this.text);
      this.dirty = false;
      this.say(`Teksten er kopiert. Lim den inn i en ny fil ${this.path}.${this.errorsNote()}`);
    } catch (error) {
      const details = this.form.querySelector(".ny-forhandsvisning");
      details.open = true;
      const range = document.createRange();
      range.selectNodeContents($("ny-fil"));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      this.say("Nettleseren lot ikke skjemaet kopiere. Teksten er merket under «Se fila slik den blir»: kopier den med Ctrl+C (eller Cmd+C).");
    }
  }

  propose() {
    this.beforeAction();
    if (this.result.errors.length) {
      this.say("Rett feilene over før du foreslår fila på GitHub. Du kan laste ned fila og fortsette senere.");
      $("ny-oppsummering").focus();
      return;
    }
    const url = lib.proposeUrl(this.config, this.path, this.text);
    const help = $("ny-github-hjelp");
    if (url) {
      help.hidden = true;
      this.dirty = false;
      window.open(url, "_blank", "noopener");
      this.say("GitHub åpnes i en ny fane med fila fylt ut. Skriv en kort beskrivelse og trykk «Propose new file».");
      return;
    }
    this.download();
    $("ny-opplasting").href = lib.uploadUrl(this.config, this.path);
    help.hidden = false;
    this.say(`Fila er for lang til å sendes til GitHub i adressen, så den er lastet ned (${this.slug}.md). Følg stegene under.`);
  }
}

start();
