// A minimal DOM for running the site's scripts under node (tests/test_js_parity.py): elements
// built from a tree that Python parsed out of a generated page, with just what the scripts use.
// Anything it does not know fails loudly (an unsupported selector throws), so that a script
// that starts to use more of the DOM breaks the test rather than passing it by accident.
//
// Tree format: an element is {"t": tag, "a": {attribute: value}, "c": [children]}, a text node
// is a string.

export class Node {
  constructor() {
    this.parentNode = null;
    this.childNodes = [];
  }

  get textContent() {
    return this.childNodes.map((child) => child.textContent).join("");
  }

  set textContent(text) {
    this.replaceChildren(new Text(String(text)));
  }

  appendChild(node) {
    if (node instanceof DocumentFragment) {
      for (const child of [...node.childNodes]) this.appendChild(child);
      return node;
    }
    if (node.parentNode) node.remove();
    node.parentNode = this;
    this.childNodes.push(node);
    return node;
  }

  replaceChildren(...nodes) {
    for (const child of this.childNodes) child.parentNode = null;
    this.childNodes = [];
    for (const node of nodes) this.appendChild(node);
  }

  remove() {
    if (!this.parentNode) return;
    const siblings = this.parentNode.childNodes;
    siblings.splice(siblings.indexOf(this), 1);
    this.parentNode = null;
  }

  get children() {
    return this.childNodes.filter((child) => child instanceof Element);
  }

  // The elements under this node in document order, until ``visit`` returns true (a loop,
  // not recursion or a generator: the scripts query the page on every change).
  walk(visit) {
    const stack = [this.childNodes];
    const positions = [0];
    while (stack.length) {
      const nodes = stack[stack.length - 1];
      const position = positions[positions.length - 1]++;
      if (position >= nodes.length) {
        stack.pop();
        positions.pop();
        continue;
      }
      const node = nodes[position];
      if (node instanceof Element) {
        if (visit(node)) return node;
        if (node.childNodes.length) {
          stack.push(node.childNodes);
          positions.push(0);
        }
      }
    }
    return null;
  }

  querySelectorAll(selector) {
    const test = compile(selector);
    const found = [];
    this.walk((element) => {
      if (test(element)) found.push(element);
    });
    return found;
  }

  querySelector(selector) {
    return this.walk(compile(selector));
  }
}

export class Text extends Node {
  constructor(data) {
    super();
    this.data = data;
  }

  get textContent() {
    return this.data;
  }

  set textContent(text) {
    this.data = String(text);
  }
}

export class DocumentFragment extends Node {}

class ClassList {
  constructor(element) {
    this.element = element;
  }

  names() {
    return (this.element.getAttribute("class") || "").split(/\s+/).filter(Boolean);
  }

  contains(name) {
    return this.names().includes(name);
  }

  toggle(name, force) {
    const names = this.names().filter((n) => n !== name);
    const on = force === undefined ? !this.contains(name) : Boolean(force);
    if (on) names.push(name);
    this.element.setAttribute("class", names.join(" "));
    return on;
  }
}

export class Element extends Node {
  constructor(tag, attributes = {}) {
    super();
    this.tagName = tag.toUpperCase();
    this.attributes = new Map(Object.entries(attributes));
    this.listeners = {};
    this.classList = new ClassList(this);
    if (this.tagName === "INPUT") {
      this.checked = this.attributes.has("checked");
      this._value = this.attributes.get("value") ?? (this.getAttribute("type") === "checkbox" ? "on" : "");
    }
  }

  getAttribute(name) {
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }

  setAttribute(name, value) {
    this.attributes.set(name, String(value));
  }

  hasAttribute(name) {
    return this.attributes.has(name);
  }

  removeAttribute(name) {
    this.attributes.delete(name);
  }

  get id() {
    return this.getAttribute("id") || "";
  }

  get name() {
    return this.getAttribute("name") || "";
  }

  // Boolean attributes reflected as properties.
  get hidden() {
    return this.hasAttribute("hidden");
  }

  set hidden(on) {
    if (on) this.setAttribute("hidden", "");
    else this.removeAttribute("hidden");
  }

  get open() {
    return this.hasAttribute("open");
  }

  set open(on) {
    if (on) this.setAttribute("open", "");
    else this.removeAttribute("open");
  }

  // <input>, <option> and <select> values.
  get value() {
    if (this.tagName === "INPUT") return this._value;
    if (this.tagName === "OPTION") return this.getAttribute("value") ?? this.textContent;
    if (this.tagName === "SELECT") {
      const option = this.options[this.selectedIndex];
      return option ? option.value : "";
    }
    throw new Error(`value of <${this.tagName.toLowerCase()}> is not in the fake DOM`);
  }

  set value(value) {
    if (this.tagName === "INPUT") this._value = String(value);
    else if (this.tagName === "SELECT") this.selectedIndex = this.options.findIndex((o) => o.value === String(value));
    else throw new Error(`value of <${this.tagName.toLowerCase()}> is not in the fake DOM`);
  }

  get options() {
    if (this.tagName !== "SELECT") return undefined;
    return this.querySelectorAll("option");
  }

  get selectedIndex() {
    if (this._selectedIndex === undefined) {
      const chosen = this.options.findIndex((o) => o.hasAttribute("selected"));
      this._selectedIndex = chosen >= 0 ? chosen : this.options.length ? 0 : -1;
    }
    return this._selectedIndex;
  }

  set selectedIndex(index) {
    this._selectedIndex = index;
  }

  focus() {
    this.ownerDocument.activeElement = this;
  }

  addEventListener(type, listener) {
    (this.listeners[type] = this.listeners[type] || []).push(listener);
  }

  // Calls the listeners on the element and (for a bubbling event) on its ancestors.
  dispatchEvent(event) {
    event.target = event.target || this;
    for (let node = this; node; node = event.bubbles ? node.parentNode : null) {
      for (const listener of (node.listeners && node.listeners[event.type]) || []) listener.call(node, event);
    }
    return !event.defaultPrevented;
  }

  click() {
    if (this.tagName === "INPUT" && this.getAttribute("type") === "checkbox") {
      this.checked = !this.checked;
      this.dispatchEvent(event("click"));
      this.dispatchEvent(event("change"));
      return;
    }
    this.dispatchEvent(event("click"));
  }
}

export function event(type, bubbles = true) {
  return {
    type,
    bubbles,
    target: null,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

// Compound selectors only: tag, #id, .class, [attribute] and [attribute="value"], together.
const SIMPLE = /^([a-zA-Z][\w-]*)?((?:#[\w-]+|\.[\w-]+|\[[\w-]+(?:="[^"]*")?\])*)$/;
const PART = /#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:="([^"]*)")?\]/g;
const compiled = new Map();

function compile(selector) {
  if (compiled.has(selector)) return compiled.get(selector);
  const match = SIMPLE.exec(selector.trim());
  if (!match) throw new Error(`selector not supported by the fake DOM: ${selector}`);
  const tag = match[1] ? match[1].toUpperCase() : null;
  const tests = [];
  for (const [, id, cls, attribute, value] of match[2].matchAll(PART)) {
    if (id) tests.push((e) => e.getAttribute("id") === id);
    else if (cls) tests.push((e) => e.classList.contains(cls));
    else if (value === undefined) tests.push((e) => e.hasAttribute(attribute));
    else tests.push((e) => e.getAttribute(attribute) === value);
  }
  const test = (element) => (!tag || element.tagName === tag) && tests.every((t) => t(element));
  compiled.set(selector, test);
  return test;
}

export class Document extends Node {
  constructor(tree, { baseURI, lang }) {
    super();
    this.baseURI = baseURI;
    this.activeElement = null;
    this.documentElement = new Element("html", { lang });
    this.documentElement.ownerDocument = this;
    this.appendChild(this.documentElement);
    for (const node of tree) this.documentElement.appendChild(this.build(node));
  }

  build(node) {
    if (typeof node === "string") return new Text(node);
    const element = this.createElement(node.t, node.a);
    for (const child of node.c) element.appendChild(this.build(child));
    return element;
  }

  createElement(tag, attributes) {
    const element = new Element(tag, attributes);
    element.ownerDocument = this;
    return element;
  }

  createDocumentFragment() {
    return new DocumentFragment();
  }

  // Looked up once per id: the scripts give no element an id, nor take one away.
  getElementById(id) {
    this.ids = this.ids || new Map();
    if (!this.ids.has(id)) this.ids.set(id, this.walk((element) => element.getAttribute("id") === id));
    return this.ids.get(id);
  }
}
