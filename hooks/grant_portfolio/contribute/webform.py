"""The web form that writes a new application file in the browser (/bidra/ny/): what it asks and
everything its script needs, made from the one schema and the scheme.

Every field of ``schema.Application`` is asked for, in the schema's order (which is the
template's), with its Norwegian title and help text; the fields it leaves out are in
:data:`LEFT_OUT`, each with the reason. What a field is asked with follows from its type in the
JSON Schema: an id from the scheme is a list to choose from (several: check boxes), an amount a
line for whole kroner, a list of texts a text area with one per line, a list of groups (contacts,
budget lines) rows that can be added and removed. The scheme gives the choices, by their
Norwegian names.

:func:`form_config` is the data the page's script (``assets/javascripts/soknadsfil.js``) works
from: the fields, the JSON Schema the site publishes (validated in the browser with Ajv), the
form's sections, and the messages of ``tilskudd check`` as templates, so the form and the check
say the same. No MkDocs here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from ..checks import files, personal, quality, rules, safety
from ..checks.idnumbers import EMAIL, ID_NUMBER, PHONE
from ..formatting import date_nb, nok
from ..input import labels, messages, schema
from ..input.load import APPLICATIONS_DIR
from ..input.reference import application_json_schema, field_comment, resolve_ref, variants
from ..input.scheme import Scheme
from ..input.yamlsource import CHARACTER_MESSAGES
from .new import SLUG_MAX_LENGTH

# How a field is asked for.
TEXT = "text"  # a line
LONG_TEXT = "long-text"  # a text area
TEXT_LINES = "text-lines"  # a list of texts: a text area, one per line
AMOUNT = "amount"  # whole kroner
INTEGER = "integer"
YEAR_OR_DATE = "year-or-date"
DATE = "date"
DATE_OR_TEXT = "date-or-text"
AMOUNT_OR_TEXT = "amount-or-text"
EMAIL_ADDRESS = "email"
WEB_ADDRESS = "url"
CHOICE = "choice"  # one of a fixed set
CHOICES = "choices"  # any of a fixed set
GROUP = "group"  # fields of their own (budget, period)
ROWS = "rows"  # a list of groups (contacts, budget lines)
NOT_ASKED = "not-asked"  # in LEFT_OUT: only its comment is written

# Fields the form does not ask for, with the reason (shown on the page).
LEFT_OUT = {
    "extra": "Andre opplysninger (`extra`) er fritt formulerte data som nettstedet ikke bruker; skriv dem rett i "
             "fila om det trengs.",
}

# The text before the first heading, which belongs to no part of the form: its key among the
# parts' texts (no id in the scheme has an underscore).
INTRO = "_innledning"

# What only the form says: a check of the file finds these its own way (a heading in a part's
# text is a part of its own, with a notice if it is not one of the form's).
FORM_MESSAGES = {
    "heading_in_text": "linja «{line}» blir en egen del av søknadsteksten, med sin egen overskrift; bruk ### for "
                       "en underoverskrift i denne delen",
    "file_name_missing": "mangler: skriv et filnavn, eller en tittel som filnavnet kan lages av",
}

# An address longer than this is not sure to reach GitHub whole; the form then offers the file
# for download and GitHub's upload page instead.
URL_LIMIT = 8000


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    group: str = ""  # the health community of a municipality
    hint: str = ""  # what a status means


@dataclass(frozen=True)
class FormField:
    path: str  # as the field reference writes it: budget.lines[].amount
    key: str
    title: str
    help: str
    required: bool
    kind: str
    options: tuple[Option, ...] = ()
    default: str | None = None  # the value chosen from the start
    children: tuple[FormField, ...] = ()
    item: str = ""  # one row, in lower case: «kontaktperson»
    max_length: int | None = None
    comment: str = ""  # the line above a top-level field in the file

    @property
    def dom_id(self) -> str:
        """The id of the field's control (rows put their number in place of ``[]``)."""
        return "f-" + self.path.replace("[].", "-#-").replace(".", "-").replace("_", "-")


def form_fields(scheme: Scheme) -> tuple[FormField, ...]:
    """Every top-level field the form asks for, in the schema's order, with the fields inside."""
    root = schema.Application.model_json_schema(mode="validation")
    return tuple(_fields(root, root, "", scheme, top=True))


def _fields(model: dict[str, Any], root: dict[str, Any], prefix: str, scheme: Scheme, top: bool = False):
    required = set(model.get("required", []))
    for key, prop in model.get("properties", {}).items():
        path = f"{prefix}{key}"
        if top and key in LEFT_OUT:  # written in the file as the template leaves an empty field
            yield FormField(path=path, key=key, title=prop.get("title", key), help=LEFT_OUT[key], required=False,
                            kind=NOT_ASKED, comment=field_comment(key, prop, key in required))
            continue
        yield _field(key, path, prop, root, scheme, key in required, top)


def _variants(prop: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    """The types a property may have, but null: an empty field is left out of the file."""
    return [v for v in variants(prop, root) if v.get("type") != "null"]


def _field(key: str, path: str, prop: dict[str, Any], root: dict[str, Any], scheme: Scheme, required: bool,
           top: bool) -> FormField:
    info = labels.field_info(path)
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    variants = _variants(prop, root)
    common = dict(path=path, key=key, title=prop.get("title", key), help=prop.get("description", ""),
                  required=required, comment=field_comment(key, prop, required) if top else "")
    first = variants[0]
    if len(variants) == 1 and first.get("type") == "array":
        items = resolve_ref(first.get("items", {}), root)
        if "x-scheme" in items:
            common["help"] = ""
            return FormField(kind=CHOICES, options=_scheme_options(items["x-scheme"], scheme), **common)
        if items.get("type") == "object":
            return FormField(kind=ROWS, children=tuple(_fields(items, root, f"{path}[].", scheme)),
                             item=labels.label(path, "item"), **common)
        return FormField(kind=TEXT_LINES, **common)
    if len(variants) == 1 and first.get("type") == "object":
        return FormField(kind=GROUP, children=tuple(_fields(first, root, f"{path}.", scheme)), **common)
    if "x-scheme" in first:  # chosen by name: the help on the file's id is left out
        common["help"] = ""
        kind = first["x-scheme"]
        default = scheme.ids(kind)[0] if kind == "statuses" else None  # a new application is the first status
        return FormField(kind=CHOICE, options=_scheme_options(kind, scheme), default=default, **common)
    if "enum" in first:
        choices = next(c for c in schema.CHOICE_SETS if {x.value for x in c} == set(first["enum"]))
        return FormField(kind=CHOICE, options=tuple(Option(c.value, c.label, hint=c.meaning) for c in choices),
                         default=prop.get("default"), **common)
    return FormField(kind=_scalar_kind(variants, extra), max_length=first.get("maxLength"), **common)


def _scalar_kind(variants: list[dict[str, Any]], extra: dict[str, Any]) -> str:
    types = [(v.get("type"), v.get("format"), v.get("x-unit")) for v in variants]
    if types == [("integer", None, "kr")]:
        return AMOUNT
    if types == [("integer", None, None)]:
        return INTEGER
    if types == [("integer", None, None), ("string", "date", None)]:
        return YEAR_OR_DATE
    if types == [("string", "date", None)]:
        return DATE
    if types == [("string", "date", None), ("string", None, None)]:
        return DATE_OR_TEXT
    if types == [("integer", None, "kr"), ("string", None, None)]:
        return AMOUNT_OR_TEXT
    if types == [("string", "email", None)]:
        return EMAIL_ADDRESS
    if types == [("string", "uri", None)]:
        return WEB_ADDRESS
    if types == [("string", None, None)]:
        return LONG_TEXT if extra.get(schema.FORM_INPUT_KEY) == schema.LONG_TEXT else TEXT
    raise ValueError(f"the web form has no way to ask for a field of the types {types}")


def _scheme_options(kind: str, scheme: Scheme) -> tuple[Option, ...]:
    if kind == "rounds":
        return tuple(Option(r.id, f"{r.name} (frist {date_nb(r.community_deadline)})") for r in scheme.rounds)
    if kind == "health_communities":
        return tuple(Option(c.id, c.name) for c in scheme.health_communities)
    if kind == "health_trusts":
        return tuple(Option(t.id, t.name) for t in scheme.health_trusts)
    if kind == "statuses":
        return tuple(Option(s.id, s.label, hint=s.description) for s in scheme.statuses)
    if kind == "municipalities":
        return tuple(
            Option(name, " – ".join(scheme.municipality_by_name[name].names), group=community.id)
            for community in scheme.health_communities for name in community.municipalities)
    raise ValueError(f"the web form has no choices for {kind!r}")


# What the page's script works from -------------------------------------------------------------

@dataclass(frozen=True)
class SourceRepository:
    """Where contributors propose a new file: the repository's address and its main branch."""

    url: str
    branch: str

    @classmethod
    def from_config(cls, repo_url: str | None, edit_uri: str | None) -> SourceRepository | None:
        """From MkDocs' ``repo_url`` and ``edit_uri`` (``edit/main/docs/``: the branch is ``main``);
        only a GitHub repository (or one that answers GitHub's addresses) has a new-file page."""
        if not repo_url or urlsplit(repo_url).scheme != "https":
            return None
        parts = [p for p in (edit_uri or "").split("/") if p]
        branch = parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob") else "main"
        return cls(repo_url.rstrip("/"), branch)

    def new_file(self) -> str:
        return f"{self.url}/new/{self.branch}"

    def upload(self) -> str:
        return f"{self.url}/upload/{self.branch}"


def _kinds() -> dict[str, dict[str, str]]:
    """The personal-data messages, by kind and place, as ``tilskudd check`` writes them."""
    return {name: {where: personal.message(kind, where, bare) for where in ("feltet", "søknadsteksten")}
            for name, kind, bare in (("id", ID_NUMBER, False), ("email", EMAIL, False), ("phone", PHONE, False),
                                     ("phone_bare", PHONE, True))}


def form_config(scheme: Scheme, schema_url: str | None, repository: SourceRepository | None) -> dict[str, Any]:
    """Everything the form's script needs, as JSON-ready data."""
    limit = nok(scheme.max_amount)
    return {
        "fields": [_field_data(f) for f in form_fields(scheme)],
        "schema": application_json_schema(scheme, schema_url),
        "sections": [{"id": s.id, "heading": s.heading, "required": s.required}
                     for s in scheme.sections if s.in_body],
        "intro": INTRO,
        "field_sections": [{"field": s.field, "heading": s.heading} for s in scheme.sections
                           if not s.in_body and s.required],
        "statuses": {s.id: {"label": s.label, "requires_decision": s.requires_decision} for s in scheme.statuses},
        "communities": {c.id: {"name": c.name, "health_trust": c.health_trust, "municipalities": c.municipalities}
                        for c in scheme.health_communities},
        "health_trusts": {t.id: t.name for t in scheme.health_trusts},
        "round_years": {r.id: r.year for r in scheme.rounds},
        "folder": APPLICATIONS_DIR,
        "slug_max_length": SLUG_MAX_LENGTH,
        "slug_pattern": schema.SLUG_PATTERN,
        "amount": {"zero": nok(0), "limit": scheme.max_amount, "limit_text": limit},
        "repository": None if repository is None else {
            "new_file": repository.new_file(), "upload": repository.upload(), "url_limit": URL_LIMIT},
        "messages": {
            "types": messages.MESSAGES,
            "custom": {**schema.MESSAGES, "amount_too_large": schema.MESSAGES["amount_too_large"].replace(
                "{limit}", limit)},
            "rules": rules.MESSAGES,
            "notices": quality.NOTICES,
            "personal": _kinds(),
            "markup": safety.MESSAGES,
            "characters": CHARACTER_MESSAGES,
            "form": FORM_MESSAGES,
            "attachments": files.ATTACHMENT_MESSAGES,
        },
        "markup": {"tags": sorted(safety.ALLOWED_TAGS), "global_attributes": sorted(safety.GLOBAL_ATTRIBUTES),
                   "attributes": {tag: sorted(names) for tag, names in safety.ALLOWED_ATTRIBUTES.items()},
                   "markdown_attribute": safety.MARKDOWN_ATTRIBUTE},
        "attachments": {"types": sorted(files.ATTACHMENT_TYPES), "part": files.ATTACHMENT_PART.pattern},
    }


def _field_data(f: FormField) -> dict[str, Any]:
    data = asdict(f)
    data["id"] = f.dom_id
    data["options"] = [asdict(o) for o in f.options]
    data["children"] = [_field_data(c) for c in f.children]
    return {k: v for k, v in data.items() if v not in ((), [], "", None) or k in ("required",)}


def option_groups(options: tuple[Option, ...]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Options by their group (a municipality's health community), in order, each with its number
    (from 1) for the control's id."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for index, option in enumerate(options, 1):
        groups.setdefault(option.group, []).append({"index": index, **asdict(option)})
    return list(groups.items())


def config_json(config: dict[str, Any]) -> str:
    """The config as JSON that can stand in a ``<script type="application/json">`` element."""
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
