"""The web form (/bidra/ny/) in chromium, on the real site as built.

- The two real applications typed into the form give, by its download button, files that pass
  ``tilskudd check`` and load to the same data as the files in applications/ (key by key), and
  the same text under each heading.
- Each common mistake shows its message at the field, and the file the form writes fails
  ``tilskudd check`` with the same errors, in the same words.
- Accessibility: axe finds nothing with the form's rows open and its messages shown, at 1280 px
  and at 390 px, where nothing is wider than the screen; every control has a label; the form
  works by keyboard.
- Privacy: nothing is requested while the form is filled in, nothing is stored, and the page
  warns before it is left with text not yet saved.
- Without JavaScript, the page shows the template and the way to the guide.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import SiteServer, axe_source, axe_violations, screenshot, watched_page
from conftest import ROOT
from grant_portfolio.contribute.webform import form_fields
from grant_portfolio.input.load import SCHEME_FILE
from grant_portfolio.input.scheme import load_scheme
from test_browser import MARK_CONTROLS, NARROW, WIDE, tab_through
from webform_cases import APPLICATIONS, MISTAKES, check_file, example_base, loaded, mistake_case, real_cases

pytestmark = pytest.mark.browser

PAGE = "/bidra/ny/"


@pytest.fixture(scope="module")
def served(real_site):
    with SiteServer(real_site) as base:
        yield base


@pytest.fixture(scope="module")
def scheme():
    return load_scheme(APPLICATIONS / SCHEME_FILE)


@pytest.fixture(scope="module")
def fields(scheme):
    return form_fields(scheme)


def open_form(browser, served, viewport=WIDE, **options):
    page, watch = watched_page(browser, viewport=viewport, accept_downloads=True, **options)
    page.goto(served + PAGE)
    page.wait_for_selector("#ny-skjema:not([hidden])")
    return page, watch


def _check_all(page, field_id: str, values: list[str]) -> None:
    boxes = page.locator(f"#{field_id} input[type=checkbox]")
    show = page.locator(f"#{field_id} [data-vis-andre]")
    for index in range(boxes.count()):
        box = boxes.nth(index)
        wanted = box.get_attribute("value") in values
        if wanted != box.is_checked():
            if not box.is_visible() and show.count() and show.is_visible():
                show.click()
            box.set_checked(wanted)


def fill(page, fields, inputs: dict, row: str | None = None) -> None:
    """Types and chooses ``inputs`` (as in ``webform_cases``) into the form, as a person would:
    rows are added with their button."""
    for field in fields:
        if field.key not in inputs:
            continue
        value = inputs[field.key]
        field_id = field.dom_id.replace("#", row) if row else field.dom_id
        if field.kind == "group":
            fill(page, field.children, value, row)
        elif field.kind == "rows":
            for index, row_inputs in enumerate(value, 1):
                page.click(f"#{field_id} [data-legg-til]")
                fill(page, field.children, row_inputs, str(index))
        elif field.kind == "choices":
            _check_all(page, field_id, value)
        elif field.kind == "choice":
            page.select_option(f"#{field_id}", value)
        else:
            page.fill(f"#{field_id}", value)


def fill_case(page, fields, case) -> None:
    fill(page, fields, case.inputs)
    for section, text in case.texts.items():
        page.fill(f"#s-{section}", text)
    page.fill("#ny-filnavn", case.slug)


def download(page) -> tuple[str, str]:
    with page.expect_download() as info:
        page.click("#ny-last-ned")
    file = info.value
    return file.suggested_filename, file.path().read_text(encoding="utf-8")


def shown_errors(page) -> set[tuple[str | None, str]]:
    return {(link["sti"] or None, link["melding"]) for link in page.eval_on_selector_all(
        "#ny-oppsummering-liste a", "links => links.map(a => ({sti: a.dataset.sti, melding: a.dataset.melding}))")}


def test_the_real_applications_typed_in_give_their_files(browser, served, scheme, fields):
    for case in real_cases(scheme):
        page, watch = open_form(browser, served)
        fill_case(page, fields, case)
        name, text = download(page)
        assert name == f"{case.slug}.md"
        assert page.inner_text("#ny-sti") == case.path
        assert shown_errors(page) == set(), case.name
        assert page.is_hidden("#ny-oppsummering")
        checked = check_file(scheme, case.path, text)
        assert [p.format() for p in checked.errors] == [], case.name
        written, original = loaded(scheme, text), loaded(scheme, (ROOT / case.path).read_text(encoding="utf-8"))
        for key in written[0].keys() | original[0].keys():
            assert written[0].get(key) == original[0].get(key), (case.name, key)
        assert written[1] == original[1], case.name
        assert not watch.problems()
        page.context.close()


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.id for m in MISTAKES])
def test_a_common_mistake_is_shown_at_its_field_and_fails_the_check_alike(browser, served, scheme, fields, mistake):
    case = mistake_case(example_base(scheme), mistake)
    page, watch = open_form(browser, served)
    fill_case(page, fields, case)
    _, text = download(page)
    expected = {(p.field, p.message) for p in check_file(scheme, case.path, text).errors}
    assert expected and shown_errors(page) == expected
    place = f"s-{mistake.section}" if mistake.field is None else page.evaluate(
        "path => document.querySelector(`#ny-oppsummering-liste a[data-sti='${path}']`).getAttribute('href').slice(1)",
        mistake.field)
    at_field = page.inner_text(f"#{place}-meldinger")
    messages = [m for f, m in expected if f == mistake.field]
    assert messages and all(m.replace("`", "")[1:] in at_field for m in messages), at_field
    if page.eval_on_selector(f"#{place}", "e => e.matches('input, select, textarea')"):
        assert page.get_attribute(f"#{place}", "aria-invalid") == "true"
        described = page.get_attribute(f"#{place}", "aria-describedby").split()
        assert f"{place}-meldinger" in described
    assert not watch.problems()
    page.context.close()


def test_the_form_is_accessible_wide_and_on_a_phone(browser, served, scheme, fields):
    axe = axe_source()
    case = mistake_case(example_base(scheme), MISTAKES[0])
    for viewport, name in ((WIDE, "bred"), (NARROW, "smal")):
        page, watch = open_form(browser, served, viewport=viewport)
        fill_case(page, fields, case)
        for rows in page.query_selector_all('[data-type="rows"] [data-legg-til]'):
            if rows.is_visible():
                rows.click()
        page.click("#ny-github")  # with an error: the summary is shown
        page.wait_for_selector("#ny-oppsummering:not([hidden])")
        problems = axe_violations(page, axe)
        assert not problems, (name, problems)
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('#ny-skjema input, #ny-skjema select, #ny-skjema textarea')]
            .filter(e => !e.labels.length).map(e => e.id)""")
        assert not unlabelled
        too_wide = page.evaluate("""w => [...document.querySelectorAll('#ny-skjema *')]
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 0.5)
            .map(e => e.tagName + '#' + e.id)""", viewport["width"])
        assert not too_wide, (name, too_wide[:10])
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"ny-soknad-{name}", jpeg=True)
        assert not watch.problems()
        page.context.close()


def test_the_form_works_by_keyboard(browser, served):
    page, watch = open_form(browser, served)
    controls = page.evaluate(MARK_CONTROLS)
    focused = tab_through(page, limit=600)
    reached = {int(f["id"]) for f in focused if f["id"] is not None}
    missed = [what for index, what in enumerate(controls) if index not in reached]
    assert not missed, f"nås ikke med Tab: {missed[:10]}"
    assert not [f["what"] for f in focused if not f["ring"]], "fokus uten synlig markering"
    # A row is added and removed from the keyboard; the focus goes where the work goes on.
    page.focus("#f-contacts [data-legg-til]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "f-contacts-1-name"
    page.keyboard.type("Kari Nordmann")
    page.focus("#f-contacts-1 [data-fjern]")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.closest('[data-legg-til]') !== null")
    page.wait_for_function("document.getElementById('ny-status').textContent === 'Kontaktperson 1 er fjernet.'")
    # With errors, a button moves the focus to the summary, whose links lead to the fields.
    page.focus("#ny-last-ned")
    with page.expect_download():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "ny-oppsummering"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    first = page.evaluate("document.querySelector('#ny-oppsummering-liste a').dataset.sti")
    assert first == "title" and page.evaluate("document.activeElement.id") == "f-title"
    assert not watch.problems()
    page.context.close()


def test_a_rows_message_stays_at_its_row_when_an_earlier_row_is_left_empty(browser, served):
    page, watch = open_form(browser, served)
    page.click("#f-contacts [data-legg-til]")
    page.click("#f-contacts [data-legg-til]")
    page.fill("#f-contacts-2-name", "Per Olsen")
    page.fill("#f-contacts-2-email", "per@tromso")
    page.click("#ny-github")  # with errors: the summary, and every message shown
    assert "Er ikke en gyldig e-postadresse" in page.inner_text("#f-contacts-2-email-meldinger")
    assert page.inner_text("#f-contacts-1-email-meldinger") == ""
    link = "#ny-oppsummering-liste a[data-sti='contacts[1].email']"  # the file's first contact
    assert page.get_attribute(link, "href") == "#f-contacts-2-email"
    page.click(link)
    assert page.evaluate("document.activeElement.id") == "f-contacts-2-email"
    assert not watch.problems()
    page.context.close()


def test_the_summary_leads_to_the_municipalities_shown_for_the_chosen_community(browser, served):
    page, watch = open_form(browser, served)
    page.select_option("#f-health-community", "finnmark")
    page.click("#ny-github")
    page.click("#ny-oppsummering-liste a[data-sti='municipalities']")
    focused = page.evaluate("""() => { const e = document.activeElement;
        return [e.type, e.closest('[data-gruppe]').dataset.gruppe, e.getClientRects().length > 0]; }""")
    assert focused == ["checkbox", "finnmark", True]
    assert not watch.problems()
    page.context.close()


def test_nothing_is_sent_or_stored_and_leaving_unsaved_work_asks_first(browser, served, scheme, fields):
    page, watch = open_form(browser, served)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    fill_case(page, fields, example_base(scheme))
    page.wait_for_timeout(300)
    assert requests == [], "skjemaet sendte noe mens det ble fylt ut"
    assert page.evaluate("Object.keys(localStorage).concat(Object.keys(sessionStorage))") == []
    assert page.evaluate("document.cookie") == ""
    page.close(run_before_unload=True)  # the question is answered «stay» (browser_support.watched_page)
    page.wait_for_timeout(300)
    assert len(watch.dialogs) == 1 and not page.is_closed()
    page.context.close()
    # Once the file is downloaded, the page is left without a question.
    page, watch = open_form(browser, served)
    fill_case(page, fields, example_base(scheme))
    download(page)
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert watch.dialogs == []
    page.context.close()


def test_propose_on_github_opens_the_new_file_page_or_explains_the_upload(browser, served, scheme, fields):
    page, watch = open_form(browser, served)
    base = example_base(scheme)
    fill_case(page, fields, base)
    with page.context.expect_page():
        page.click("#ny-github")
    page.wait_for_timeout(300)
    url = next(u for u in watch.blocked if "/new/" in u)  # github.com is another host: blocked here
    config = json.loads(page.inner_text("#ny-skjema-data"))
    assert url.startswith(config["repository"]["new_file"] + "/applications/2025?")
    query = parse_qs(urlsplit(url).query)
    assert query["filename"] == [f"{base.slug}.md"] and base.path == f"applications/2025/{base.slug}.md"
    assert check_file(scheme, base.path, query["value"][0]).errors == []
    assert watch.blocked == [url] and not watch.errors
    page.context.close()
    # A real application is too long for an address: the file is downloaded, with the steps.
    case = real_cases(scheme)[1]
    page, watch = open_form(browser, served)
    fill_case(page, fields, case)
    with page.expect_download():
        page.click("#ny-github")
    assert page.is_visible("#ny-github-hjelp")
    assert page.get_attribute("#ny-opplasting", "href") == config["repository"]["upload"] + "/applications/2025"
    assert not watch.problems()
    page.context.close()


def test_without_javascript_the_page_shows_the_template_and_the_guide(browser, served):
    page, watch = watched_page(browser, viewport=NARROW, java_script_enabled=False)
    page.goto(served + PAGE)
    assert page.is_visible("#ny-uten-skript")
    assert page.is_hidden("#ny-skjema")
    template = page.inner_text("#ny-uten-skript pre")
    assert template.startswith("---\n# Tittel (påkrevd)") and "## Kort beskrivelse av prosjektet/piloten" in template
    assert page.get_attribute("#ny-uten-skript a[href$='#steg-for-steg']", "href") == "../#steg-for-steg"
    assert not watch.problems()
    page.context.close()


def test_the_contributor_guide_leads_with_the_form(served, browser):
    page, watch = watched_page(browser, viewport=WIDE)
    page.goto(served + "/bidra/")
    links = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.getAttribute('href'))")
    form = next(i for i, href in enumerate(links) if href.split("#")[0] == "ny/")
    template = next(i for i, href in enumerate(links) if href.split("#")[0] == "mal/")
    assert form < template
    assert not watch.problems()
    page.context.close()
