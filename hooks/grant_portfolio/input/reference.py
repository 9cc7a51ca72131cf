"""Faces of the schema for people and editors: the JSON Schema, the field reference and the
contributor template. All three are derived from ``schema.Application``; none lists a field
by hand."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import yaml

from .schema import Application
from .scheme import Scheme

SCHEMA_VERSION = "1"


def application_json_schema(scheme: Scheme | None = None, schema_url: str | None = None) -> dict[str, Any]:
    """The JSON Schema of the front matter, with the scheme's ids filled in as ``enum``s."""
    schema = copy.deepcopy(Application.model_json_schema(mode="validation"))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    if schema_url:
        schema["$id"] = schema_url
    schema["title"] = "Søknad om rekrutterings- og samhandlingstilskudd (forside)"
    schema["description"] = (
        f"Feltene i forsiden (YAML front matter) til en søknadsfil. Versjon {SCHEMA_VERSION}. "
        "Generert fra prosjektets skjemadefinisjon."
    )
    _fill_scheme_enums(schema, scheme)
    return schema


def _fill_scheme_enums(node: Any, scheme: Scheme | None) -> None:
    if isinstance(node, dict):
        kind = node.pop("x-scheme", None)
        if kind and scheme is not None:
            node["enum"] = scheme.ids(kind)
        if node.get("x-unit") == "kr" and node.get("type") == "integer" and scheme is not None:
            node["maximum"] = scheme.max_amount
        for value in node.values():
            _fill_scheme_enums(value, scheme)
    elif isinstance(node, list):
        for value in node:
            _fill_scheme_enums(value, scheme)


@dataclass(frozen=True)
class FieldDoc:
    path: str  # budget.lines[].amount
    title: str
    type: str  # Norwegian description of the type
    required: bool
    description: str
    scheme_kind: str | None
    is_amount: bool = False  # an amount in whole kroner


_TYPE_NAMES = {"string": "tekst", "integer": "heltall", "boolean": "sann/usann", "object": "gruppe", "null": ""}


def field_docs() -> list[FieldDoc]:
    """Every field of the front matter, in schema order, with nested fields after their parent."""
    schema = Application.model_json_schema(mode="validation")
    docs: list[FieldDoc] = []
    _walk(schema, schema, "", docs)
    return docs


def resolve_ref(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema node with its ``$ref`` followed into ``root``'s ``$defs``."""
    while "$ref" in node:
        node = root["$defs"][node["$ref"].split("/")[-1]]
    return node


def _walk(model: dict[str, Any], root: dict[str, Any], prefix: str, out: list[FieldDoc]) -> None:
    required = set(model.get("required", []))
    for name, prop in model.get("properties", {}).items():
        path = f"{prefix}{name}"
        out.append(FieldDoc(
            path=path, title=prop.get("title", name), type=_type_name(prop, root), required=name in required,
            description=prop.get("description", ""), scheme_kind=_scheme_kind(prop, root),
            is_amount=any(v.get("x-unit") == "kr" for v in variants(prop, root)),
        ))
        target = _nested_model(prop, root)
        if target is not None:
            child_prefix = f"{path}[]." if _is_list(prop, root) else f"{path}."
            _walk(target, root, child_prefix, out)


def variants(prop: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    """The types a property may have (``anyOf`` flattened, references followed)."""
    prop = resolve_ref(prop, root)
    if "anyOf" in prop:
        return [v for option in prop["anyOf"] for v in variants(option, root)]
    return [prop]


def _is_list(prop: dict[str, Any], root: dict[str, Any]) -> bool:
    return any(v.get("type") == "array" for v in variants(prop, root))


def _nested_model(prop: dict[str, Any], root: dict[str, Any]) -> dict[str, Any] | None:
    for variant in variants(prop, root):
        if variant.get("type") == "array":
            variant = resolve_ref(variant.get("items", {}), root)
        if variant.get("type") == "object" and "properties" in variant:
            return variant
    return None


def _scheme_kind(prop: dict[str, Any], root: dict[str, Any]) -> str | None:
    for variant in variants(prop, root):
        if variant.get("type") == "array":
            variant = resolve_ref(variant.get("items", {}), root)
        if "x-scheme" in variant:
            return variant["x-scheme"]
    return None


def _type_name(prop: dict[str, Any], root: dict[str, Any]) -> str:
    names = []
    for variant in variants(prop, root):
        name = _single_type_name(variant, root)
        if name and name not in names:
            names.append(name)
    return " eller ".join(names)


def _single_type_name(variant: dict[str, Any], root: dict[str, Any]) -> str:
    kind = variant.get("type")
    if kind == "array":
        return f"liste av {_type_name(variant.get('items', {}), root)}"
    if kind == "string" and variant.get("format") == "date":
        return "dato (ÅÅÅÅ-MM-DD)"
    if kind == "string" and variant.get("format") == "email":
        return "e-postadresse"
    if kind == "string" and variant.get("format") == "uri":
        return "nettadresse"
    if "enum" in variant and "x-scheme" not in variant:
        return "fast verdi"
    if kind == "integer" and variant.get("minimum") == 1900:
        return "årstall"
    if kind == "integer" and ("minimum" in variant or "exclusiveMinimum" in variant):
        return "heltall (kroner)" if variant.get("x-unit") == "kr" else "heltall"
    if kind == "object" and "properties" not in variant:
        return "fritt innhold"
    return _TYPE_NAMES.get(kind, kind or "")


# The contributor template ------------------------------------------------------------------

def _example_object(model: dict[str, Any], root: dict[str, Any], scheme: Scheme, include_optional: bool) -> dict[str, Any]:
    required = set(model.get("required", []))
    out: dict[str, Any] = {}
    for name, prop in model.get("properties", {}).items():
        value = _example_value(prop, root, scheme)
        if value is None:
            continue
        if name in required or include_optional:
            out[name] = value
    return out


def _example_value(prop: dict[str, Any], root: dict[str, Any], scheme: Scheme) -> Any:
    kind = _scheme_kind(prop, root)
    if kind is not None:
        value = _scheme_example(kind, scheme)
        return [value] if _is_list(prop, root) else value
    if "examples" in prop:
        return prop["examples"][0]
    nested = _nested_model(prop, root)
    if nested is not None:
        obj = _example_object(nested, root, scheme, include_optional=True)
        if not obj:
            return None
        return [obj] if _is_list(prop, root) else obj
    return None


def _scheme_example(kind: str, scheme: Scheme) -> str:
    if kind == "rounds":
        return scheme.rounds[-1].id
    if kind == "municipalities":
        community = scheme.health_communities[0]
        return community.municipalities[0]
    if kind == "health_trusts":
        return scheme.health_communities[0].health_trust
    if kind == "health_communities":
        return scheme.health_communities[0].id
    return scheme.ids(kind)[0]


def field_comment(name: str, prop: dict[str, Any], required: bool) -> str:
    """The comment above a field in a new file: its label, whether it is required, its help text
    (the template's, and the web form's file)."""
    label = "påkrevd" if required else "valgfritt"
    return f"# {prop.get('title', name)} ({label}): {prop.get('description', '')}".rstrip()


def template_front_matter(scheme: Scheme, values: dict[str, Any] | None = None) -> str:
    """YAML for a new application: every field with an example is filled in, the others are
    commented out; each field is preceded by its label and help text. ``values`` replace the
    examples of the fields they name (the command-line tool's answers)."""
    schema = Application.model_json_schema(mode="validation")
    required = set(schema.get("required", []))
    values = values or {}
    chunks = []
    for name, prop in schema["properties"].items():
        value = values[name] if name in values else _example_value(prop, schema, scheme)
        comment = field_comment(name, prop, name in required)
        if value is None:
            chunks.append(f"{comment}\n# {name}:")
            continue
        dumped = yaml.safe_dump({name: value}, allow_unicode=True, sort_keys=False, width=100).rstrip()
        chunks.append(f"{comment}\n{dumped}")
    return "\n".join(chunks) + "\n"
