"""The schema's other faces: JSON Schema, field reference and template, all derived from it."""

from __future__ import annotations

import json

import jsonschema
import yaml
from conftest import ROOT
from grant_portfolio.input.load import read_application
from grant_portfolio.input.messages import _model_in
from grant_portfolio.input.reference import (
    application_json_schema,
    field_docs,
    template_front_matter,
)
from grant_portfolio.pages.templating import new_application_text
from grant_portfolio.input.schema import Application
from grant_portfolio.checks.validate import validate_applications
from pydantic import BaseModel


def _model_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    paths = set()
    for name, info in model.model_fields.items():
        path = prefix + name
        paths.add(path)
        nested = _model_in(info.annotation)
        if nested is not None:
            is_list = "list[" in str(info.annotation)
            paths |= _model_paths(nested, f"{path}[]." if is_list else f"{path}.")
    return paths


def test_field_reference_covers_every_field_with_a_description():
    docs = {d.path: d for d in field_docs()}
    assert set(docs) == _model_paths(Application)
    undocumented = [path for path, d in docs.items() if not d.description or not d.title]
    assert undocumented == []
    assert docs["budget.requested"].required and docs["budget.requested"].type == "heltall (kroner)"
    assert docs["budget.lines[].amount"].required
    assert docs["municipalities"].type == "liste av tekst"
    assert docs["municipalities"].scheme_kind == "municipalities"
    assert docs["period.start"].type == "årstall eller dato (ÅÅÅÅ-MM-DD)"


def test_json_schema_lists_the_scheme_values(scheme):
    schema = application_json_schema(scheme)
    jsonschema.Draft202012Validator.check_schema(schema)
    props = schema["properties"]
    assert props["health_community"]["enum"] == [c.id for c in scheme.health_communities]
    assert "Tromsø" in props["municipalities"]["items"]["enum"]
    assert props["status"]["enum"] == [s.id for s in scheme.statuses]
    assert "x-scheme" not in json.dumps(schema)


def test_json_schema_accepts_the_real_applications_and_rejects_a_typo(scheme):
    validator = jsonschema.Draft202012Validator(application_json_schema(scheme), format_checker=None)
    for path in sorted((ROOT / "applications").rglob("*.md")):
        source, problems = read_application(path, path.name)
        assert problems == []
        data = json.loads(json.dumps(source.doc.data, default=str))
        assert list(validator.iter_errors(data)) == [], path.name
        data["municipality"] = data.pop("municipalities")
        assert list(validator.iter_errors(data)), "an unknown key must be rejected"


def test_template_is_a_valid_application(workspace, scheme):
    text = new_application_text(scheme)
    workspace.write("ny-soknad.md", raw=text)
    result = validate_applications(workspace.applications, scheme, workspace.root)
    # Valid but for its example values and placeholder texts, each an error until it is replaced
    # (tests/test_placeholders.py); without the marks the template is a valid application.
    assert result.errors and all("eksempelverdien fra malen" in e.message or "malens plassholdertekst" in e.message
                                 for e in result.errors)
    unmarked = text.replace("  # eksempel", "").replace("Skriv her", "Tekst her")
    workspace.write("ny-soknad.md", raw=unmarked)
    assert validate_applications(workspace.applications, scheme, workspace.root).errors == []
    # Every form section that belongs in the body is offered as a heading.
    for section in scheme.sections:
        if section.in_body:
            assert f"## {section.heading}" in text


def test_template_mentions_every_top_level_field(scheme):
    text = template_front_matter(scheme)
    for name in Application.model_fields:
        assert f"\n{name}:" in "\n" + text or f"# {name}:" in text, name
    # Required fields are filled in, so the template parses to a mapping that has them.
    data = yaml.safe_load(text)
    for name, info in Application.model_fields.items():
        if info.is_required():
            assert name in data
