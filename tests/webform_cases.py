"""What the web form's tests type into it: the real applications and the common mistakes.

The same cases are run through the form's script under node (``test_webform_js.py``) and
through the page in chromium (``test_webform_browser.py``); in both, the file the form writes
is checked with ``tilskudd check``'s own validation.

A case is the form's *inputs*: by field key, the text typed (a list of lines as one text with a
line per item), the values chosen, a group's inputs or a list of rows' inputs; and the *texts*:
by part of the form, the text under its heading.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from conftest import ROOT
from grant_portfolio.checks.quality import section_for_heading
from grant_portfolio.checks.validate import validate_applications
from grant_portfolio.contribute.webform import INTRO, form_fields
from grant_portfolio.input.load import APPLICATIONS_DIR, split_sections
from grant_portfolio.input.schema import Application
from grant_portfolio.input.scheme import Scheme
from grant_portfolio.pages.guide import EXAMPLES_FILE

APPLICATIONS = ROOT / APPLICATIONS_DIR


def _typed(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def inputs_from_data(fields, data: dict[str, Any]) -> dict[str, Any]:
    """What a contributor types and chooses in the form to get ``data`` (a front matter as YAML
    reads it)."""
    inputs: dict[str, Any] = {}
    for field in fields:
        if field.key not in data:
            continue
        value = data[field.key]
        if field.kind == "group":
            inputs[field.key] = inputs_from_data(field.children, value)
        elif field.kind == "rows":
            inputs[field.key] = [inputs_from_data(field.children, row) for row in value]
        elif field.kind == "choices":
            inputs[field.key] = list(value)
        elif field.kind == "text-lines":
            inputs[field.key] = "\n".join(_typed(v) for v in value)
        else:
            inputs[field.key] = _typed(value)
    return inputs


def split_file(text: str) -> tuple[dict[str, Any], str]:
    """A file's front matter as YAML reads it, and its body."""
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


@dataclass
class FormCase:
    name: str
    inputs: dict[str, Any]
    texts: dict[str, str]
    path: str  # where the file goes, as the check names it
    slug: str


def texts_from_body(scheme: Scheme, body: str) -> dict[str, str]:
    intro, sections = split_sections(body, 1)
    texts = {INTRO: intro} if intro else {}
    for section in sections:
        known = section_for_heading(scheme, section.heading)
        assert known is not None and known.in_body, section.heading
        texts[known.id] = section.text
    return texts


def real_cases(scheme: Scheme) -> list[FormCase]:
    """The two real applications, as the form would be filled in to write them."""
    fields = form_fields(scheme)
    cases = []
    for path in sorted(APPLICATIONS.rglob("*.md")):
        data, body = split_file(path.read_text(encoding="utf-8"))
        cases.append(FormCase(path.stem, inputs_from_data(fields, data), texts_from_body(scheme, body),
                              path.relative_to(ROOT).as_posix(), path.stem))
    return cases


def example_base(scheme: Scheme) -> FormCase:
    """The common-mistakes page's example file (valid), as the form would be filled in to write it."""
    guide = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
    data, body = split_file(guide["base"])
    slug = Path(guide["file"]).stem
    return FormCase("eksempel", inputs_from_data(form_fields(scheme), data), texts_from_body(scheme, body),
                    guide["file"], slug)


@dataclass(frozen=True)
class Mistake:
    """A common mistake made in the form: ``make`` changes the inputs and texts; ``field`` is
    where the check and the form report it (``None``: in the text, under the heading of
    ``section``); ``example`` is its example on the common-mistakes page (by default ``id``)."""

    id: str
    make: Callable[[dict[str, Any], dict[str, str]], None]
    field: str | None
    section: str | None = None
    example: str | None = None

    @property
    def page_example(self) -> str:
        return self.example or self.id


def _set(path: str, value: Any) -> Callable[[dict[str, Any], dict[str, str]], None]:
    def make(inputs: dict[str, Any], texts: dict[str, str]) -> None:
        node: Any = inputs
        parts = [int(p) if p.isdigit() else p for p in path.split(".")]
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value
    return make


def _text(section: str, extra: str) -> Callable[[dict[str, Any], dict[str, str]], None]:
    def make(inputs: dict[str, Any], texts: dict[str, str]) -> None:
        texts[section] = texts[section] + " " + extra
    return make


def _add_attachment(inputs: dict[str, Any], texts: dict[str, str]) -> None:
    inputs["attachments"] = [{"title": "Signert avtale om felles søknad", "file": "signert-avtale.docx"}]


MISTAKES = (
    # The form reads «900 000 kr» as 900 000 (the page's example «belop»), but not øre.
    Mistake("belop-med-ore", _set("budget.requested", "900 000,50"), "budget.requested", example="for-stort-belop"),
    Mistake("for-stort-belop", _set("budget.requested", "90000000000"), "budget.requested"),
    Mistake("budsjettsum", _set("budget.lines.1.amount", "450000"), "budget.lines"),
    Mistake("dato", _set("period.start", "01.03.2025"), "period.start"),
    Mistake("mangler-felt", _set("title", ""), "title"),
    Mistake("vedtak", _set("status", "granted"), "status"),
    Mistake("tema-to-ganger", _set("themes", "Legevakt\nlegevakt"), "themes[2]"),
    Mistake("html", _text("description", '<iframe src="https://video.example.org/embed/legevakt"></iframe>'),
            None, "description"),
    Mistake("fodselsnummer", _text("description", "Pasienten (fnr. 01015450068) har samtykket."), None, "description"),
    Mistake("epost-i-teksten", _text("description", "Spørsmål kan sendes til kari.nordmann@nordreisa.kommune.no."),
            None, "description"),
    Mistake("vedlegg", _add_attachment, "attachments[1].file"),
    Mistake("periode", _set("period.end", "2024-12-31"), "period.end"),
    Mistake("sammendrag", _set("summary", "Kommunene og UNN prøver ut en felles legevakt. " * 12), "summary"),
    Mistake("telefon-i-feltet", _set("summary", "Kommunene og UNN prøver ut en felles legevakt. Spørsmål på tlf. "
                                                "77 77 10 00."), "summary"),
)


def mistake_case(base: FormCase, mistake: Mistake) -> FormCase:
    case = copy.deepcopy(base)
    mistake.make(case.inputs, case.texts)
    case.name = mistake.id
    return case


def check_file(scheme: Scheme, path: str, text: str):
    """``tilskudd check``'s validation of ``text`` as the file ``path`` among the real applications
    (in place of a real one at the same path)."""
    return validate_applications(APPLICATIONS, scheme, ROOT, texts={ROOT / path: text})


def loaded(scheme: Scheme, text: str) -> tuple[dict[str, Any], dict[str, str]]:
    """A file's data as the site reads it: the front matter validated, and the text by heading."""
    data, body = split_file(text)
    meta = Application.model_validate(data, context={"scheme": scheme}).model_dump(mode="json")
    return meta, texts_from_body(scheme, body)
