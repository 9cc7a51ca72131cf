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
import re
import subprocess
from functools import lru_cache

import pytest
import yaml
from conftest import ROOT
from grant_portfolio.checks.personal import personal_data
from grant_portfolio.contribute.new import slug_for
from grant_portfolio.contribute.webform import SourceRepository, form_config
from grant_portfolio.input.load import SCHEME_FILE
from grant_portfolio.input.reference import application_json_schema, template_front_matter
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
        assert {(n["path"], n["message"]) for n in result["notices"] if not n.get("form")} == notices, case.name


def test_the_written_file_has_the_templates_order_and_comments():
    scheme = _scheme()
    case = real_cases(scheme)[0]
    text = run(cases=[_case_input(case)])["cases"][0]["text"]
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
    assert {m.page_example for m in MISTAKES} <= ids
    assert len(MISTAKES) >= 12


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


FORBIDDEN = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]")


def test_every_value_the_form_writes_is_read_back_the_same():
    texts = [t for t in TRICKY_TEXTS if t.strip() and not FORBIDDEN.search(t)]
    written = run(yaml=[*texts, *(t.strip() for t in texts), [*texts], [{"a": t, "b": t} for t in texts]])["yaml"]
    for value, text in zip([*texts, *(t.strip() for t in texts), [*texts], [{"a": t, "b": t} for t in texts]], written):
        assert text.startswith("# verdi\n")
        assert yaml.safe_load(text) == {"value": value}


def test_characters_no_file_may_hold_are_errors_in_the_form_and_in_the_check():
    """Control characters (often pasted from other programs) are shown at their field, and kept in
    the file as they are, so that the check finds them too (not hidden in an escape)."""
    scheme = _scheme()
    case = example_base(scheme)
    case.inputs["title"] = "Felles\u0001legevakt"
    case.inputs["target_group"] = "Innbyggere\u2028i Nord-Troms"
    case.texts["description"] += "\nMed\u000bkontrolltegn."
    result = run(cases=[_case_input(case)])["cases"][0]
    errors = {(e["path"] or e["section"]): e["message"] for e in result["errors"]}
    assert errors["title"].startswith("feltet inneholder et usynlig kontrolltegn (U+0001) som tegn nr. 7;")
    assert errors["target_group"].startswith("feltet inneholder et usynlig linjeskift (U+2028) som tegn nr. 11;")
    assert errors["description"].startswith("teksten inneholder et usynlig kontrolltegn (U+000B) som tegn nr. 4 på linje 2;")
    checked = " ".join(p.message for p in check_file(scheme, case.path, result["text"]).errors)
    for code in ("U+0001", "U+000B"):
        assert f"({code})" in checked
    # The check reads the front matter only when it has no control characters; then it finds this.
    del case.inputs["title"]
    case.inputs["title"] = "Felles legevakt"
    case.texts["description"] = "Tekst."
    result = run(cases=[_case_input(case)])["cases"][0]
    assert [e["path"] for e in result["errors"]] == ["target_group"]
    assert "(U+2028)" in " ".join(p.message for p in check_file(scheme, case.path, result["text"]).errors)


def test_amounts_are_read_as_norwegians_write_them():
    cases = {"3 697 515": 3697515, "3\u00a0697\u00a0515": 3697515, "3.697.515": 3697515, "900 000 kr": 900000,
             "1 000 000,-": 1000000, "450000 NOK": 450000, "-500": -500}
    out = run(cases=[{"inputs": {"budget": {"requested": text}}, "texts": {}} for text in cases])["cases"]
    for (text, value), result in zip(cases.items(), out):
        assert yaml.safe_load(result["text"].split("---\n")[1])["budget"] == {"requested": value}, text
    for text in ("900 000,50", "1.5", "3 69 515", "ni hundre tusen", "3.697 515"):
        result = run(cases=[{"inputs": {"budget": {"requested": text}}, "texts": {}}])["cases"][0]
        assert yaml.safe_load(result["text"].split("---\n")[1])["budget"] == {"requested": text}, text
        assert ("budget.requested", "må være et heltall (uten mellomrom, punktum eller komma)") in {
            (e["path"], e["message"]) for e in result["errors"]}


def test_an_impossible_date_is_written_as_text_and_named_as_the_check_names_it():
    scheme = _scheme()
    case = example_base(scheme)
    case.inputs["period"]["start"] = "2025-02-30"
    case.inputs["agreement_signed"] = "2025-13-01"
    result = run(cases=[_case_input(case)])["cases"][0]
    data = yaml.safe_load(result["text"].split("---\n")[1])
    assert data["period"]["start"] == "2025-02-30" and data["agreement_signed"] == "2025-13-01"
    checked = {(p.field, p.message) for p in check_file(scheme, case.path, result["text"]).errors}
    assert {(e["path"], e["message"]) for e in result["errors"]} == checked
    assert {field for field, _ in checked} == {"period.start"}


def test_a_heading_in_a_parts_text_is_pointed_out():
    result = run(cases=[{"inputs": {"title": "Overskrift"}, "texts": {
        "description": "Tekst.\n\n## Hvilken nytte forventes av prosjektet/piloten?\n\nMer.\n\n### Under\n\n```\n## kode\n```"}}])
    notices = [n for n in result["cases"][0]["notices"] if n.get("section") == "description"]
    assert [n["message"] for n in notices] == [
        "linja «## Hvilken nytte forventes av prosjektet/piloten?» blir en egen del av søknadsteksten, med sin egen "
        "overskrift; bruk ### for en underoverskrift i denne delen"]


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
