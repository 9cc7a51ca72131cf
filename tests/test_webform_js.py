"""The web form's script (``soknadsfil.js``, as shipped, with the Ajv bundle the site ships) against
the Python it stands in for, under node (fast tier: no browser, no site build).

- The file it writes for the two real applications passes ``tilskudd check`` and loads to the
  same data, key by key, and the same text under each heading, as the files in applications/.
- Each common mistake gives, in the form, the errors ``tilskudd check`` gives for the file the
  form writes: the same fields, the same words.
- The notices it shows are those the data-quality page would list.
- Its values in YAML read back as the same values with PyYAML (the reader the site uses),
  whatever the text; its file names and theme names are python-slugify's; it finds the
  personal data the check finds in plain text.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from functools import lru_cache

import pytest
import yaml
from conftest import ROOT
from grant_portfolio.checks.personal import personal_data
from grant_portfolio.contribute.new import slug_for
from grant_portfolio.contribute.webform import SourceRepository, form_config
from grant_portfolio.input.load import SCHEME_FILE
from grant_portfolio.input.scheme import load_scheme
from grant_portfolio.pages.guide import error_guide
from grant_portfolio.problems import Severity
from grant_portfolio.text import theme_slug
from test_js_parity import RUNNERS, SCRIPTS, node
from webform_cases import APPLICATIONS, MISTAKES, check_file, example_base, loaded, mistake_case, real_cases

AJV = SCRIPTS / "vendor" / "ajv2020.min.js"


@lru_cache(maxsize=1)
def _scheme():
    return load_scheme(APPLICATIONS / SCHEME_FILE)


@lru_cache(maxsize=1)
def _config() -> dict:
    repository = SourceRepository.from_config("https://github.com/helse-nord/samhandlingstilskudd", "edit/main/docs/")
    return form_config(_scheme(), "https://example.org/data/skjema/soknad.schema.json", repository)


def run(**input_data) -> dict:
    result = subprocess.run(
        [node(), "--experimental-vm-modules", "--no-warnings", str(RUNNERS / "soknadsfil_runner.mjs"),
         str(SCRIPTS / "soknadsfil.js"), str(AJV)],
        input=json.dumps({"config": _config(), **input_data}), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _case_input(case) -> dict:
    return {"inputs": case.inputs, "texts": case.texts, "slug": case.slug}


def test_the_real_applications_written_in_the_form_pass_the_check_and_load_to_the_same_data():
    scheme = _scheme()
    cases = real_cases(scheme)
    assert len(cases) == 2
    out = run(cases=[_case_input(c) for c in cases])["cases"]
    for case, result in zip(cases, out):
        assert result["errors"] == [], case.name
        assert result["path"] == case.path
        checked = check_file(scheme, result["path"], result["text"])
        assert [p.format() for p in checked.errors] == [], case.name
        original = (ROOT / case.path).read_text(encoding="utf-8")
        written_data, written_texts = loaded(scheme, result["text"])
        original_data, original_texts = loaded(scheme, original)
        for key in original_data.keys() | written_data.keys():
            assert written_data.get(key) == original_data.get(key), (case.name, key)
        assert written_texts == original_texts, case.name
        # What the check notes for the data-quality page, the form notes too.
        notices = {(p.field, p.message) for p in checked.notices if p.path.endswith(case.slug + ".md")}
        assert {(n["path"], n["message"]) for n in result["notices"]} == notices, case.name


def test_the_written_file_has_the_templates_order_and_comments():
    scheme = _scheme()
    case = real_cases(scheme)[0]
    text = run(cases=[_case_input(case)])["cases"][0]["text"]
    from grant_portfolio.input.reference import template_front_matter
    template_comments = [line for line in template_front_matter(scheme).splitlines() if line.startswith("# ") and "(" in line]
    written_comments = [line for line in text.split("---\n")[1].splitlines() if line.startswith("# ") and "(" in line]
    assert written_comments == template_comments
    assert "# eksempel" not in text
    assert "# extra:" in text  # left out of the form, as the template leaves an empty field
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    order = [s.heading for s in scheme.sections if s.in_body]
    assert headings == [h for h in order if h in headings]


def test_the_example_file_written_in_the_form_is_valid():
    scheme = _scheme()
    base = example_base(scheme)
    result = run(cases=[_case_input(base)])["cases"][0]
    assert result["errors"] == []
    assert check_file(scheme, base.path, result["text"]).errors == []


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.id for m in MISTAKES])
def test_a_common_mistake_gives_the_checks_own_message_at_the_field(mistake):
    scheme = _scheme()
    case = mistake_case(example_base(scheme), mistake)
    result = run(cases=[_case_input(case)])["cases"][0]
    checked = check_file(scheme, case.path, result["text"])
    expected = {(p.field, p.message) for p in checked.errors}
    assert expected, f"{mistake.id}: tilskudd check finds nothing wrong with the file"
    found = {(e["path"], e["message"]) for e in result["errors"]}
    assert found == expected
    fields = {e["path"] for e in result["errors"]}
    sections = {e.get("section") for e in result["errors"]}
    assert (mistake.field in fields) if mistake.field else (mistake.section in sections)


def test_every_mistake_is_an_example_on_the_common_mistakes_page():
    ids = {example.id for example in error_guide(_scheme()).examples}
    assert {m.id for m in MISTAKES} <= ids


TRICKY_TEXTS = [
    "no", "No", "NO", "yes", "Ja", "nei", "on", "Off", "y", "n", "true", "False", "null", "Null", "~", "", " ",
    "2025", "2025-03-01", "01.03.2025", "1:20", "12:30:00", "0x1F", "0o17", "1e3", "1_000", ".inf", "-.5", "+47 123",
    "a: b", "a:b", "a #b", "a#b", "# kommentar", "- punkt", "? spørsmål", "[x]", "{x}", "*alias", "&anker", "!tag",
    "|blokk", ">brett", "%dir", "@x", "`kode`", "'sitat'", '"sitat"', "tekst med 'sitat'", 'tekst med "sitat"',
    "slutt:", "Forprosjekt: Utredning", "æøå ÆØÅ", "Guovdageaidnu – Kautokeino", "emoji 🙂", "tab\ttegn",
    "linje 1\nlinje 2", "  innrykk", "slutt ", "\\bak", "a\u2028b", "a\u0085b", "a\ufeffb", "a\u0007b", "a\u007fb",
    "kontroll \u009f", "=", "<<", "C#", "100 %", "Tromsø, Balsfjord", "x,y", "ÅÅÅÅ-MM-DD", "2025-1", "2025-1-1",
    "2025-01-01 10:00:00", "1:20:30", "0b101", "0777", "1.5", "3.", "12e3", "1_000.5", "99 kommuner", "2025–2026",
    "6 mnd.", "20 % pr. AP", "٣", "²", "Ⅻ",
]


def test_every_value_the_form_writes_is_read_back_the_same():
    texts = [t for t in TRICKY_TEXTS if t.strip()]
    written = run(yaml=[*texts, *(t.strip() for t in texts), [*texts], [{"a": t, "b": t} for t in texts]])["yaml"]
    for value, text in zip([*texts, *(t.strip() for t in texts), [*texts], [{"a": t, "b": t} for t in texts]], written):
        assert text.startswith("# verdi\n")
        assert yaml.safe_load(text) == {"value": value}


def test_numbers_and_dates_are_written_as_numbers_and_dates():
    result = run(cases=[{"inputs": {"title": "Tall", "budget": {"requested": "3 697 515"},
                                    "period": {"start": "2025", "end": "2026-02-28"},
                                    "agreement_signed": "2025-02-20"}, "texts": {}}])["cases"][0]
    data, _ = yaml.safe_load(result["text"].split("---\n")[1]), None
    assert data["budget"] == {"requested": 3697515}
    assert data["period"] == {"start": 2025, "end": dt.date(2026, 2, 28)}
    assert data["agreement_signed"] == dt.date(2025, 2, 20)


TITLES = [
    "Drop in samtalebehandling – psykisk helsehjelp for voksne",
    "Forprosjekt: Utredning av piloter for samordning av psykisk helsevern og rusbehandling mellom kommune- og "
    "spesialisthelsetjenesten",
    "Felles legevakt i Nord-Troms", "Bærekraftig omsorg & rekruttering i Sør-Varanger", "Guovdageaidnu ja Kárášjohka",
    "Ođđa bálvalus: Ŋ og Ŧ", "Kari's «prosjekt» 2025", "100 % stilling, 2,5 årsverk", "ÆØÅ æøå", "Å",
    "Prosjekt/pilot (fase 2)", "Helse—Nord", "   mellomrom   ", "a" * 80, "ord " * 30,
]


def test_file_names_are_those_tilskudd_new_gives():
    assert run(slugs=TITLES)["slugs"] == [slug_for(t) for t in TITLES]


THEMES = ["Psykisk helse", "psykisk  helse", "Psykisk-helse", "Rus", "Lavterskeltilbud", "Digitale løsninger",
          "Samisk språk og kultur", "Ođđa", "E-helse", "Bærekraft", "Øvelse", "Årsverk", "100 %", "!!!"]


def test_theme_names_are_compared_as_the_check_compares_them():
    assert run(themes=THEMES)["themes"] == [theme_slug(t) for t in THEMES]


PERSONAL = [
    "Pasienten (fnr. 01015450068) har samtykket.", "fødselsnummer 010154 50068", "010154 500 68",
    "Ring 77 77 10 00", "tlf. 77771000", "mobil: 412 34 567", "Send SMS til 41234567", "+47 41 23 45 67",
    "0047 41234567", "Budsjett 41234567 kr", "kr 91234567", "https://example.org/41234567/", "3 697 515 kr",
    "Prosjektet varer 2025–2026", "kari.nordmann@nordreisa.kommune.no", "Skriv til post@unn.no.",
    "12345678901", "Vi har 20 000 innbyggere", "Org.nr. 983 974 899", "Telefon 123 45 678", "Tall 99 88 77 66 55",
]


def test_personal_data_is_found_as_the_check_finds_it_in_plain_text():
    found = run(personal=PERSONAL)["personal"]
    for text, kinds in zip(PERSONAL, found):
        expected = ["phone_bare" if f.bare else f.kind for f in personal_data(text)]
        assert kinds == expected, text


def test_the_form_checks_against_the_json_schema_the_site_publishes():
    from grant_portfolio.input.reference import application_json_schema
    assert _config()["schema"] == application_json_schema(_scheme(), "https://example.org/data/skjema/soknad.schema.json")


def test_the_ajv_bundle_is_the_one_named_in_the_lock_file():
    """The site ships ajv-dist's browser bundle unchanged; its version is pinned with the browser
    tests' packages, and the file is the one npm installs there."""
    lock = json.loads((ROOT / "tests" / "browser" / "package-lock.json").read_text(encoding="utf-8"))
    version = lock["packages"]["node_modules/ajv-dist"]["version"]
    assert AJV.read_text(encoding="utf-8").startswith(f"/* ajv {version} (ajv2020)")
    installed = ROOT / "tests" / "browser" / "node_modules" / "ajv-dist" / "dist" / "ajv2020.min.js"
    if installed.exists():
        assert installed.read_bytes() == AJV.read_bytes()


def test_notices_are_those_of_the_data_quality_page():
    scheme = _scheme()
    base = example_base(scheme)
    base.inputs["municipalities"] = ["Nordreisa", "Bodø"]
    base.inputs["health_trusts"] = ["finnmarkssykehuset"]
    base.texts = {}
    del base.inputs["summary"]
    result = run(cases=[_case_input(base)])["cases"][0]
    checked = check_file(scheme, base.path, result["text"])
    assert checked.errors == []
    expected = {(p.field, p.message) for p in checked.notices if p.severity is Severity.NOTICE
                and p.path == base.path}
    assert {(n["path"], n["message"]) for n in result["notices"]} == expected
    assert len(expected) >= 5
