"""Open data: every file agrees with the front matter and with the pages to the krone, survives
awkward text, cannot run as a formula, and validates against its schema (360Giving's own)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from conftest import ROOT, VARIED, front, text_of
from grant_portfolio.formatting import nok
from grant_portfolio.pages.paths import FILES
from grant_portfolio.exports.opendata import APPLICATION_COLUMNS, BUDGET_LINE_COLUMNS, neutralise_formula
from grant_portfolio.problems import InputError
from grant_portfolio.input.schema import Application
from grant_portfolio.input.scheme import load_scheme
from grant_portfolio.site import build_site
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SITE_URL = "https://tilskudd.example.org/"
BUILT = dt.date(2025, 6, 2)
SLUG, COMMUNITY, ROUND, MUNICIPALITIES, STATUS, PRIORITY, REQUESTED, OWN, GRANTED, LINES = range(10)
# The official 360Giving 1.4.3 schemas (CC BY 4.0, see NOTICE.md there), kept with the tests so
# that they run from any clone without the network.
GIVING360 = ROOT / "tests" / "fixtures" / "360giving"
SHARED_GIVING360 = ROOT.parent / "shared" / "reference" / "360giving"


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV-fila skal ha byte order mark"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def sheet_rows(data: bytes, sheet: str) -> list[dict]:
    workbook = load_workbook(io.BytesIO(data))
    rows = list(workbook[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def header(key: str, columns=APPLICATION_COLUMNS) -> str:
    return next(c.header for c in columns if c.key == key)


def as_int(text: str) -> int:
    return int(text) if text else 0


@pytest.fixture
def content(varied):
    return build_site(varied.root, SITE_URL, built=BUILT)


# Round trip -------------------------------------------------------------------------------

def test_csv_rows_and_totals_equal_the_front_matter(content):
    rows = read_csv(content.files[FILES["applications_csv"]])
    assert [c.header for c in APPLICATION_COLUMNS] == list(rows[0])
    assert sorted(r[header("slug")] for r in rows) == sorted(v[SLUG] for v in VARIED)
    by_slug = {r[header("slug")]: r for r in rows}
    for v in VARIED:
        row = by_slug[v[SLUG]]
        assert int(row[header("budget.requested")]) == v[REQUESTED]
        # No contribution with an amount: empty, not 0.
        assert row[header("own_contributions_total")] == (str(v[OWN]) if v[OWN] else "")
        assert row[header("own_contributions_without_amount")] == "0"
        assert row[header("decision.granted")] == ("" if v[GRANTED] is None else str(v[GRANTED]))
        assert row[header("municipalities")] == "; ".join(v[MUNICIPALITIES])
        assert row[header("url")] == f"{SITE_URL}soknader/{v[SLUG]}/"
    assert sum(int(r[header("budget.requested")]) for r in rows) == sum(v[REQUESTED] for v in VARIED) == 3_900_000
    assert sum(as_int(r[header("decision.granted")]) for r in rows) == 1_350_000
    assert sum(as_int(r[header("own_contributions_total")]) for r in rows) == 185_000


def test_budget_line_csv_has_one_row_per_line_summing_to_requested(content):
    rows = read_csv(content.files[FILES["budget_lines_csv"]])
    assert list(rows[0]) == [c.header for c in BUDGET_LINE_COLUMNS]
    assert len(rows) == sum(len(v[LINES]) for v in VARIED)
    amount = header("budget.lines[].amount", BUDGET_LINE_COLUMNS)
    for v in VARIED:
        mine = [r for r in rows if r["Id"] == v[SLUG]]
        assert [int(r["Linje"]) for r in mine] == list(range(1, len(v[LINES]) + 1))
        if v[LINES]:
            assert sum(int(r[amount]) for r in mine) == v[REQUESTED]


def test_xlsx_is_dated_by_the_build_date_alone_so_the_same_data_gives_the_same_bytes(varied):
    """openpyxl stamps a workbook and each zip entry with the time it is saved: two builds of the
    same data minutes apart would differ (two whole builds are compared in test_engines.py)."""
    import zipfile

    first = build_site(varied.root, SITE_URL, built=BUILT).files[FILES["xlsx"]]
    with zipfile.ZipFile(io.BytesIO(first)) as book:
        assert {entry.date_time for entry in book.infolist()} == {(2025, 6, 2, 0, 0, 0)}
        assert len(book.infolist()) >= 8  # the sheets written from files on disk too
        core = book.read("docProps/core.xml").decode()
    assert core.count(">2025-06-02T00:00:00Z<") == 2  # created and modified
    assert load_workbook(io.BytesIO(first)).properties.modified == dt.datetime(2025, 6, 2)


def test_xlsx_matches_the_csv_and_has_number_formats_and_frozen_headers(content):
    data = content.files[FILES["xlsx"]]
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Søknader", "Budsjettlinjer", "Om dataene"]
    for sheet, csv_key in (("Søknader", "applications_csv"), ("Budsjettlinjer", "budget_lines_csv")):
        assert workbook[sheet].freeze_panes == "A2"
        csv_rows = read_csv(content.files[FILES[csv_key]])
        xlsx_rows = sheet_rows(data, sheet)
        assert len(xlsx_rows) == len(csv_rows)
        for from_csv, from_xlsx in zip(csv_rows, xlsx_rows, strict=True):
            assert list(from_csv) == list(from_xlsx)
            for key, value in from_xlsx.items():
                if isinstance(value, dt.datetime):
                    value = value.date().isoformat()
                assert ("" if value is None else neutralise_formula(str(value))) == from_csv[key], key
    for sheet, columns in ((workbook["Søknader"], APPLICATION_COLUMNS), (workbook["Budsjettlinjer"], BUDGET_LINE_COLUMNS)):
        amounts = [n for n, c in enumerate(columns, 1) if c.is_amount]
        assert amounts, sheet.title
        for n in amounts:
            assert sheet.cell(row=2, column=n).number_format == "#,##0", (sheet.title, columns[n - 1].key)
    requested_column = [c.header for c in APPLICATION_COLUMNS].index(header("budget.requested")) + 1
    assert isinstance(workbook["Søknader"].cell(row=2, column=requested_column).value, int)


def test_json_round_trips_to_the_same_values(content, varied, scheme):
    data = json.loads(content.files[FILES["json"]])
    assert (data["format"], data["version"], data["generated"]) == ("soknader", "2.0", "2025-06-02")
    records = {r.slug: r for r in content.portfolio.applications}
    assert sorted(a["id"] for a in data["applications"]) == sorted(records)
    for item in data["applications"]:
        record = records[item["id"]]
        assert Application.model_validate(item["front_matter"], context={"scheme": scheme}) == record.meta
        v = next(v for v in VARIED if v[SLUG] == record.slug)
        granted = v[GRANTED] if v[GRANTED] is not None else (0 if v[STATUS] in ("rejected", "withdrawn") else None)
        assert item["totals"] == {"requested": v[REQUESTED], "own_contributions": v[OWN] or None,
                                  "own_contributions_without_amount": 0, "granted": granted}
        assert [s["heading"] for s in item["sections"]] == [s.heading for s in record.sections]
        assert item["sections"][0]["id"] == "description"
        assert item["url"] == f"{SITE_URL}soknader/{record.slug}/"
    schema = json.loads(content.files[FILES["json_schema"]])
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(data))
    assert errors == []


# 360Giving --------------------------------------------------------------------------------

def giving360_validator() -> Draft202012Validator:
    """The official package schema, its reference to the grant schema mapped to the local file."""
    package = json.loads((GIVING360 / "360-giving-package-schema.json").read_text("utf-8"))
    # The schemas name their dialect with http://, which the library does not recognise: say it.
    grant = DRAFT202012.create_resource(json.loads((GIVING360 / "360-giving-schema.json").read_text("utf-8")))
    ref = package["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resources([(ref, grant), (grant.id(), grant)])
    return Draft202012Validator(package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_360giving_package_validates_and_holds_the_awarded_grants(content, scheme):
    package = json.loads(content.files[FILES["giving360"]])
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in giving360_validator().iter_errors(package)]
    assert errors == []
    awarded = [v for v in VARIED if v[STATUS] in ("granted", "completed")]
    grants = {g["id"]: g for g in package["grants"]}
    assert sorted(grants) == sorted(f"360G-helsenord-{v[SLUG]}" for v in awarded)
    assert sum(g["amountAwarded"] for g in grants.values()) == sum(v[GRANTED] for v in awarded) == 1_350_000
    tromso = grants["360G-helsenord-b-tromso-legevakt"]
    assert tromso["currency"] == "NOK" and tromso["amountAppliedFor"] == 500_000
    assert tromso["awardDate"] == "2025-05-02"
    assert tromso["url"] == f"{SITE_URL}soknader/b-tromso-legevakt/"
    assert {o["id"] for o in tromso["recipientOrganization"]} == {"NO-BRC-940101808", "NO-BRC-983974899"}
    assert tromso["fundingOrganization"] == [{"id": "NO-BRC-883658752", "name": "Helse Nord RHF",
                                              "url": "https://www.helse-nord.no"}]
    assert [loc["name"] for loc in grants["360G-helsenord-g-alta-hammerfest"]["beneficiaryLocation"]] == ["Alta", "Hammerfest"]
    alta = grants["360G-helsenord-g-alta-hammerfest"]["recipientOrganization"]
    assert alta[0] == {"id": "360G-helsenord-kommune-alta", "name": "Alta kommune", "organisationType": "Kommune",
                       "addressCountry": "Norge"}
    assert tromso["grantProgramme"][0]["code"] == "2025-1"
    assert tromso["grantProgramme"][0]["url"] == f"{SITE_URL}runder/2025-1/"


@pytest.mark.skipif(not SHARED_GIVING360.is_dir(), reason="the shared reference folder is not beside this clone")
def test_360giving_schemas_are_the_reference_copies():
    for name in ("360-giving-package-schema.json", "360-giving-schema.json"):
        assert (GIVING360 / name).read_bytes() == (SHARED_GIVING360 / name).read_bytes()


def test_360giving_validator_is_offline_and_catches_a_broken_grant(content):
    package = json.loads(content.files[FILES["giving360"]])
    del package["grants"][0]["awardDate"]
    package["grants"][1]["amountAwarded"] = "450 000"
    assert len(list(giving360_validator().iter_errors(package))) >= 2


def test_no_360giving_file_without_awarded_grants(workspace):
    workspace.write("2025/soknad.md", front())
    content = build_site(workspace.root, SITE_URL, built=BUILT)
    assert FILES["giving360"] not in content.files
    assert "lages når den første søknaden er innvilget" in content.pages["data/index.md"].text


# Awkward text -----------------------------------------------------------------------------

AWKWARD_TITLE = 'Samarbeid; «sitat» og "anførsel"\nover to linjer – Værøy, Røst, ÆØÅ æøå'
FORMULAS = ["=HYPERLINK(\"https://example.org\";\"klikk\")", "+4 kommuner", "-2+3", "@SUM(A1:A2)"]


@pytest.fixture
def awkward(workspace):
    workspace.write("2025/vanskelig.md", front(title=AWKWARD_TITLE, summary="Tekst; med semikolon\nog linjeskift"))
    for index, text in enumerate(FORMULAS):
        workspace.write(f"2025/formel-{index}.md", front(title=text, themes=[text]))
    return build_site(workspace.root, SITE_URL, built=BUILT)


def test_semicolons_quotes_newlines_and_norwegian_letters_survive_csv_and_xlsx(awkward):
    rows = {r["Id"]: r for r in read_csv(awkward.files[FILES["applications_csv"]])}
    assert rows["vanskelig"]["Tittel"] == AWKWARD_TITLE
    assert rows["vanskelig"]["Sammendrag"] == "Tekst; med semikolon\nog linjeskift"
    sheet = {r["Id"]: r for r in sheet_rows(awkward.files[FILES["xlsx"]], "Søknader")}
    assert sheet["vanskelig"]["Tittel"] == AWKWARD_TITLE
    data = json.loads(awkward.files[FILES["json"]])
    assert {a["id"]: a["front_matter"]["title"] for a in data["applications"]}["vanskelig"] == AWKWARD_TITLE


def test_text_that_looks_like_a_formula_stays_text(awkward):
    rows = {r["Id"]: r for r in read_csv(awkward.files[FILES["applications_csv"]])}
    workbook = load_workbook(io.BytesIO(awkward.files[FILES["xlsx"]]))
    sheet = workbook["Søknader"]
    title_column = [c.header for c in APPLICATION_COLUMNS].index("Tittel") + 1
    cells = {sheet.cell(row=n, column=1).value: sheet.cell(row=n, column=title_column) for n in range(2, sheet.max_row + 1)}
    for index, text in enumerate(FORMULAS):
        slug = f"formel-{index}"
        assert rows[slug]["Tittel"] == "'" + text
        assert rows[slug]["Tema"] == "'" + text
        assert cells[slug].data_type == "s" and cells[slug].value == text
    raw = awkward.files[FILES["applications_csv"]].decode("utf-8-sig")
    assert not any(line.startswith(("=", "+", "-", "@")) or ";=" in line or ";+" in line or ";@" in line
                   for line in raw.splitlines())


# Scheme data ------------------------------------------------------------------------------

def scheme_problems(workspace, old: str, new: str) -> tuple[dict, list[str]]:
    path = workspace.applications / "scheme.yml"
    text = path.read_text("utf-8")
    assert old in text
    text = text.replace(old, new)
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as raised:
        load_scheme(path, "applications/scheme.yml")
    return {p.field: p for p in raised.value.problems}, text.splitlines()


def test_organisation_numbers_in_the_scheme_are_checked(workspace):
    problems, lines = scheme_problems(workspace, 'org_number: "983974899"', 'org_number: "983974898"')
    bad = problems["health_trusts[1].org_number"]
    assert bad.message == "er ikke et gyldig organisasjonsnummer (ni sifre med riktig kontrollsiffer)"
    assert lines[bad.line - 1].strip() == 'org_number: "983974898"'


def test_organisation_numbers_only_for_the_schemes_municipalities(workspace):
    tromso = '  Tromsø: {number: "5501", org_number: "940101808"}'
    problems, lines = scheme_problems(workspace, tromso, tromso + '\n  Oslo: {number: "0301", org_number: "974778238"}')
    oslo = problems["municipalities.Oslo"]
    assert oslo.message == "kommunen Oslo hører ikke til noe helsefellesskap"
    assert lines[oslo.line - 1].strip().startswith('Oslo: {number: "0301"')


# The built site ---------------------------------------------------------------------------

@pytest.mark.build
def test_built_site_serves_every_file_linked_from_the_data_page_with_page_totals(varied_site):
    page = (varied_site / "data" / "index.html").read_text("utf-8")
    for key, path in FILES.items():
        assert (varied_site / path).is_file(), path
        name = path.removeprefix("data/")
        assert f'href="{name}"' in page, key
    rows = read_csv((varied_site / FILES["applications_csv"]).read_bytes())
    text = text_of(varied_site / "data" / "index.html")
    for column in APPLICATION_COLUMNS + BUDGET_LINE_COLUMNS:
        assert column.header in text
    budget = text_of(varied_site / "budsjett" / "index.html")
    requested = sum(int(r[header("budget.requested")]) for r in rows)
    granted = sum(as_int(r[header("decision.granted")]) for r in rows)
    assert nok(requested) in budget and nok(granted) in budget
    package = json.loads((varied_site / FILES["giving360"]).read_text("utf-8"))
    assert list(giving360_validator().iter_errors(package)) == []


def test_formula_prefix_only_for_formula_starts():
    assert neutralise_formula("Tromsø") == "Tromsø"
    assert neutralise_formula("50 % stilling") == "50 % stilling"
    assert [neutralise_formula(t)[0] for t in FORMULAS] == ["'"] * 4


def test_every_file_is_named_once():
    assert len(set(FILES.values())) == len(FILES)
    assert all(Path(p).parts[0] == "data" for p in FILES.values())


def test_the_json_written_in_pieces_is_the_whole_export(varied):
    """soknader.json is written one application at a time, byte for byte as the whole model."""
    from grant_portfolio.exports.opendata import Links, applications_export, applications_json, json_bytes
    from grant_portfolio.model.portfolio import load_portfolio

    portfolio = load_portfolio(varied.applications, varied.root)
    links = Links(SITE_URL)
    whole = json_bytes(applications_export(portfolio, links, BUILT))
    assert b"".join(applications_json(portfolio, links, BUILT)) == whole
    assert len(json.loads(whole)["applications"]) == len(portfolio.applications) > 1


def test_unknown_amounts_are_empty_or_null_and_counted_never_zero(workspace):
    """A contribution without an amount, and a granted amount before the decision, are not 0."""
    workspace.write("a.md", front(budget={"requested": 100000, "own_contributions": [
        {"party": "Skjervøy kommune", "description": "Lokaler"},
        {"party": "UNN", "description": "Personell", "amount": 20000},
        {"party": "UNN", "description": "Veiledning"}]}))
    workspace.write("b.md", front(title="Uten beløp", budget={"requested": 50000, "own_contributions": [
        {"party": "Skjervøy kommune", "description": "Lokaler"}]}))
    workspace.write("c.md", front(title="Avslått", status="rejected", budget={"requested": 70000}))
    content = build_site(workspace.root, SITE_URL, built=BUILT)
    rows = {r[header("slug")]: r for r in read_csv(content.files[FILES["applications_csv"]])}
    own, without = header("own_contributions_total"), header("own_contributions_without_amount")
    assert (rows["a"][own], rows["a"][without]) == ("20000", "2")
    assert (rows["b"][own], rows["b"][without]) == ("", "1")
    assert (rows["c"][own], rows["c"][without]) == ("", "0")
    assert rows["a"][header("decision.granted")] == ""
    totals = {item["id"]: item["totals"] for item in json.loads(content.files[FILES["json"]])["applications"]}
    assert totals["a"] == {"requested": 100000, "own_contributions": 20000, "own_contributions_without_amount": 2,
                           "granted": None}
    assert totals["b"]["own_contributions"] is None and totals["b"]["own_contributions_without_amount"] == 1
    assert totals["c"]["granted"] == 0  # refused: nothing granted, and that is known
    schema = json.loads(content.files[FILES["json_schema"]])
    assert list(Draft202012Validator(schema).iter_errors(json.loads(content.files[FILES["json"]]))) == []
