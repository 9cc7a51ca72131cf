"""The web form's page and data (``contribute.webform``), in Python: every field of the one schema
is asked for (or left out with a reason), with the scheme's choices by name, and the page is
sound HTML whose every control has a label. The script is tested under node
(``test_webform_js.py``) and in chromium (``test_webform_browser.py``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest
from conftest import ROOT, SCHEME_PATH
from grant_portfolio.contribute.webform import (
    CHOICE, CHOICES, LEFT_OUT, NOT_ASKED, ROWS, SourceRepository, config_json, form_config, form_fields)
from grant_portfolio.input import schema
from grant_portfolio.input.labels import schema_fields
from grant_portfolio.input.reference import application_json_schema, template_front_matter
from grant_portfolio.input.scheme import load_scheme
from grant_portfolio.model.portfolio import load_portfolio
from grant_portfolio.model.site import build_model
from grant_portfolio.pages.render import PageRenderer


@pytest.fixture(scope="module")
def scheme():
    return load_scheme(SCHEME_PATH)


def _walk(fields):
    for field in fields:
        yield field
        yield from _walk(field.children)


def test_every_field_of_the_schema_is_asked_for_or_left_out_with_a_reason(scheme):
    asked = {f.path: f for f in _walk(form_fields(scheme))}
    paths = [path for path, _info, _leaf in schema_fields()]
    top_left_out = {path for path in paths if path.split(".")[0].split("[")[0] in LEFT_OUT}
    assert set(asked) == {p for p in paths if p not in top_left_out} | set(LEFT_OUT)
    for key in LEFT_OUT:
        assert asked[key].kind == NOT_ASKED and asked[key].help
    for path, info, _leaf in schema_fields():
        if path in asked and asked[path].kind != NOT_ASKED:
            assert asked[path].title == info.title


def test_choices_are_the_schemes_by_name_and_the_schemas_labelled_sets(scheme):
    fields = {f.path: f for f in _walk(form_fields(scheme))}
    rounds = fields["round"]
    assert rounds.kind == CHOICE and [o.value for o in rounds.options] == [r.id for r in scheme.rounds]
    assert rounds.options[0].label == "Første runde 2025 (frist 1. mars 2025)"
    municipalities = fields["municipalities"]
    assert municipalities.kind == CHOICES
    assert [(o.value, o.group) for o in municipalities.options] == [
        (name, c.id) for c in scheme.health_communities for name in c.municipalities]
    assert "Kautokeino – Guovdageaidnu" in [o.label for o in municipalities.options]
    assert fields["status"].default == scheme.statuses[0].id
    assert [o.label for o in fields["status"].options] == [s.label for s in scheme.statuses]
    # Every field with a fixed set of values of its own has its labels in schema.CHOICE_SETS.
    kinds = fields["references[].kind"]
    assert [(o.value, o.label) for o in kinds.options] == [(c.value, c.label) for c in schema.REFERENCE_KINDS]
    assert kinds.default == schema.SIMILAR
    assert fields["budget.categories_by"].default == schema.BY_EDITORS
    # Lists of groups are rows, with a name for one of them.
    for path in ("contacts", "budget.lines", "budget.own_contributions", "references", "attachments"):
        assert fields[path].kind == ROWS and fields[path].item, path


def test_the_files_comments_are_the_templates(scheme):
    template = [line for line in template_front_matter(scheme).splitlines() if re.match(r"# \S.* \((påkrevd|valgfritt)\)", line)]
    assert [f.comment for f in form_fields(scheme)] == template


def test_the_config_has_the_published_schema_and_cannot_end_its_script_element(scheme):
    config = form_config(scheme, "https://example.org/data/skjema/soknad.schema.json", None)
    assert config["schema"] == application_json_schema(scheme, "https://example.org/data/skjema/soknad.schema.json")
    assert config["repository"] is None
    text = config_json({"a": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script> & <!--"}


@pytest.mark.parametrize("repo_url, edit_uri, expected", [
    ("https://github.com/helse-nord/samhandlingstilskudd", "edit/main/docs/",
     ("https://github.com/helse-nord/samhandlingstilskudd/new/main", "https://github.com/helse-nord/samhandlingstilskudd/upload/main")),
    ("https://github.com/o/r/", "blob/trunk/docs/", ("https://github.com/o/r/new/trunk", "https://github.com/o/r/upload/trunk")),
    ("https://github.com/o/r", None, ("https://github.com/o/r/new/main", "https://github.com/o/r/upload/main")),
    (None, "edit/main/docs/", None),
    ("http://intranett/repo", "edit/main/docs/", None),
])
def test_where_new_files_are_proposed(repo_url, edit_uri, expected):
    repository = SourceRepository.from_config(repo_url, edit_uri)
    assert (repository and (repository.new_file(), repository.upload())) == expected


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.controls: list[str] = []
        self.in_template = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self.in_template += 1
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea"):
            self.controls.append(attrs.get("id", ""))

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1


def _page(repository=None):
    portfolio = load_portfolio(ROOT / "applications", ROOT)
    renderer = PageRenderer(build_model(portfolio, dt.date(2025, 6, 2)), schema_url="https://example.org/s.json",
                            repository=repository)
    return renderer.new_form_page()


def test_every_control_has_a_label_and_every_id_is_unique():
    page = _page(repository=SourceRepository("https://github.com/o/r", "main"))
    parser = _Controls()
    parser.feed(page.blocks[0])
    assert len(parser.ids) == len(set(parser.ids))
    assert parser.controls and all(control in parser.labels for control in parser.controls)
    assert "Foreslå på GitHub" in page.blocks[0]
    assert 'href="https://github.com/o/r/upload/main"' in page.blocks[0]


def test_without_a_repository_there_is_no_github_button():
    assert "Foreslå på GitHub" not in _page().blocks[0]


def test_the_page_shows_the_template_and_the_guide_without_javascript():
    page = _page()
    fallback = page.blocks[0].split('<form class="ny-skjema"')[0]
    assert 'id="ny-uten-skript"' in fallback and "<pre" in fallback
    assert "# Tittel (påkrevd): Prosjektets navn, som i søknadsskjemaet." in fallback
    assert 'href="../#steg-for-steg"' in fallback and 'href="../mal/"' in fallback
    assert page.text.startswith("---\ntemplate: ny-soknad.html\n---\n# Ny søknad i nettleseren")


def test_the_scripts_and_the_style_sheet_are_files_of_the_site():
    overrides = ROOT / "overrides"
    template = (overrides / "ny-soknad.html").read_text(encoding="utf-8")
    for path in re.findall(r"'(assets/[^']+)' \| url", template):
        assert (overrides / path).is_file(), path
    assert "//" not in "".join(re.findall(r'src="([^"]+)"', template))
