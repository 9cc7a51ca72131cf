"""Content from contributors cannot run scripts in readers' browsers, and personal data is not
published by mistake.

- Every vector in tests/fixtures/xss_vectors.yml, in an application body, is an error naming
  the file and line.
- The same vectors in front-matter fields are shown as text: the built site has no script,
  event handler or script address of theirs, and chromium opening its pages (and searching
  for them) sees no alert.
- With the body check switched off, the rendered pages are still clean: the sanitizer removes
  what validation would have stopped.
- National identity numbers and D-numbers (valid check digits) are errors anywhere in a file,
  and no message ever shows one; e-mail addresses and phone numbers only in ``contacts``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import BUILD_EPOCH, FULL_BODY, ROOT, copy_project, front, site_build, text_of
from grant_portfolio.checks import validate as validate_module
from grant_portfolio.checks.idnumbers import REDACTED, redact
from grant_portfolio.checks.safety import clean_html, markup_problems
from grant_portfolio.checks.validate import validate_applications
from grant_portfolio.pages.tables import label_table_cells

VECTORS: list[str] = yaml.safe_load((ROOT / "tests" / "fixtures" / "xss_vectors.yml").read_text("utf-8"))
SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")
EXECUTABLE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "base", "form", "svg", "math",
                   "style", "link", "meta", "template", "input", "button", "video", "audio", "source"}
FORM_PAGE = "bidra/ny/index.html"
# Numbers with valid check digits for people born in 1854, before any number was issued: a
# national identity number and a D-number (day + 40).
ID_NUMBER = "01015450068"
D_NUMBER = "41015450051"


def test_the_corpus_is_large_and_varied():
    assert len(VECTORS) >= 20
    text = "\n".join(VECTORS)
    for form in ("<ScRiPt>", "&#106;", "&#x6A;", "&#x09;", "&colon;", "JAVASCRIPT:", "{ onclick", "data:", "onerror"):
        assert form in text, form


# The body ---------------------------------------------------------------------------------

@pytest.mark.parametrize("vector", VECTORS, ids=[f"v{n:02d}" for n in range(len(VECTORS))])
def test_every_vector_in_a_body_is_an_error_on_its_line(workspace, scheme, vector):
    body = FULL_BODY.replace("Tekst.", f"Tekst.\n\n{vector}\n", 1)
    path = workspace.write("2025/innbrudd.md", front(), body=body)
    first = path.read_text("utf-8").split("\n").index(vector.split("\n")[0]) + 1
    last = first + vector.count("\n")
    errors = validate_applications(workspace.applications, scheme, workspace.root).errors
    assert errors, f"ingen feil for {vector!r}"
    for error in errors:
        assert error.path == "applications/2025/innbrudd.md"
        assert first <= error.line <= last, (error.format(), first)
        assert "Traceback" not in error.message


def test_plain_markdown_links_and_safe_html_are_allowed():
    body = ("Se [rapporten](https://www.helse-nord.no/rapport), [søknadene](../soknader/index.md),\n"
            "<abbr title=\"Universitetssykehuset Nord-Norge\">UNN</abbr>, H<sub>2</sub>O, "
            "<a href=\"mailto:\">skriv</a> og <details><summary>Mer</summary>Tekst.</details>\n\n"
            "| A | B |\n|---|--:|\n| 1 | 2 |\n{: .tabell }\n\n<div markdown>**fet**</div>\n\n"
            "<https://www.uutilsynet.no/> og ![kart](kart.png)\n")
    assert markup_problems(body, 1) == []


def test_the_check_command_names_file_and_line_and_exits_1(tmp_path):
    project = copy_project(tmp_path / "project")
    project.write("2025/innbrudd.md", front(),
                  body=FULL_BODY + '\n\n<img src=x onerror=alert(1)>\n\n[klikk](javascript:alert(1))\n')
    command = Path(sys.executable).with_name("tilskudd")
    result = subprocess.run([str(command), "check"], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("applications/2025/innbrudd.md:") and "onerror" in line for line in lines), lines
    assert any("`javascript:`" in line for line in lines), lines
    assert "Traceback" not in result.stderr


# What reaches the built site --------------------------------------------------------------

# The theme's own inline scripts, by how they begin; every other script must be a file of the site.
THEME_INLINE_SCRIPTS = ("__md_scope=", "var target=document.getElementById(location.hash")


class _Executable(HTMLParser):
    """Anything in a page that a browser would run, other than the theme's and the site's own
    scripts."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_body = False
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self._in_body = True
        for name, value in attrs:
            value = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "data", "srcdoc") and value.startswith(SCRIPT_SCHEMES):
                self.found.append(f"<{tag} {name}={value[:30]}>")
        attrs = dict(attrs)
        if tag == "script":
            src = attrs.get("src") or ""
            if src:
                if "://" in src or "assets/javascripts/" not in src:
                    self.found.append(f"<script src={src}>")
            elif attrs.get("type") != "application/json":
                self._inline_script = True
        elif self._in_body and tag in EXECUTABLE_TAGS - {"svg", "input", "form", "button"}:
            self.found.append(f"<{tag}>")

    def handle_data(self, data):
        if self._inline_script and not data.startswith(THEME_INLINE_SCRIPTS):
            self.found.append(f"<script>{data[:40]}")
        self._inline_script = False

    def handle_endtag(self, tag):
        if tag == "script" and self._inline_script:  # an empty inline script
            self.found.append("<script></script>")
        self._inline_script = False


def executable_parts(html: str) -> list[str]:
    parser = _Executable()
    parser.feed(html)
    return parser.found


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def front_with_vectors() -> list[dict]:
    """One application per vector, with the vector in its title; every other free-text field
    gets another vector."""
    applications = []
    for number in range(len(VECTORS)):
        def pick(n: int, number: int = number) -> str:
            return VECTORS[(number + n) % len(VECTORS)]
        applications.append(front(
            title=f"Søknad {number} {pick(0)}",
            summary=pick(1),
            target_group=pick(2),
            owners=[pick(3)],
            contacts=[{"name": pick(4), "role": pick(5), "organisation": pick(6)}],
            themes=[f"Tema {number} {pick(7)}"],
            lessons=[pick(8), pick(9)],
            references=[{"title": pick(10), "note": pick(11), "url": "https://example.org/"}],
            budget={"requested": 100000, "lines": [{"item": pick(12), "amount": 100000, "category": pick(13)}],
                    "own_contributions": [{"party": pick(14), "description": pick(15)}]},
            decision={"note": pick(16)},
        ))
    return applications


@pytest.fixture(scope="module")
def vector_project(tmp_path_factory) -> Path:
    """A project with one application per vector, built into its ``site/`` folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    for number, data in enumerate(front_with_vectors()):
        project.write(f"2025/vektor-{number}.md", data)
    result = site_build(project.root, project.root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project.root


@pytest.fixture(scope="module")
def vector_site(vector_project) -> Path:
    return vector_project / "site"


@pytest.mark.build
def test_vectors_in_front_matter_are_text_on_every_page(vector_site):
    found = {page.relative_to(vector_site).as_posix(): executable_parts(page.read_text("utf-8"))
             for page in html_pages(vector_site)}
    # The web form's own row prototypes (one per list of groups), on a page with no application's content.
    assert found.pop(FORM_PAGE) == ["<template>"] * 5
    assert not {page: parts for page, parts in found.items() if parts}
    page = vector_site / "soknader" / "vektor-0" / "index.html"
    assert f"Søknad 0 {VECTORS[0]}" in text_of(page)  # shown as the contributor wrote it
    title = re.search(r"<title>(.*?)</title>", page.read_text("utf-8"), re.S).group(1)
    assert title.startswith("Søknad 0 &lt;script&gt;"), title


@pytest.mark.build
@pytest.mark.browser
def test_no_vector_runs_in_the_browser(vector_site, vector_project, browser):
    from browser_support import SiteServer, watched_page

    failures = {}
    with SiteServer(vector_site) as base:
        pages = ["/", "/soknader/", "/helsefellesskap/troms-og-ofoten/", "/runder/2025-1/", "/kommuner/skjervoy/",
                 "/tema/", "/erfaringer/", "/erfaringer/referanser/", "/budsjett/", "/datakvalitet/"]
        pages += [f"/soknader/vektor-{n}/" for n in range(len(VECTORS))]
        page, watch = watched_page(browser)
        for path in pages:
            page.goto(base + path, wait_until="load")
            page.mouse.move(300, 300)
            page.mouse.move(320, 420)
            page.wait_for_timeout(30)
            if watch.problems():
                failures[path] = watch.problems()
                watch.__init__()
        failures.update(find_page_problems(page, watch, base, vector_project))
        page.goto(base + "/sok/?q=s%C3%B8knad")  # every title, and excerpts of the text around it
        page.wait_for_selector(".sok-treff__treff", timeout=10_000)
        assert page.locator(".sok-treff__treff").count() > 0
        page.wait_for_timeout(300)
        if watch.problems():
            failures["søk"] = watch.problems()
        page.context.close()
    assert not failures, failures


def find_page_problems(page, watch, base: str, project: Path) -> dict[str, list[str]]:
    """The find page's script reads every title and summary from the page and searches them:
    no vector runs, and it reads the text the contributor wrote (what find.py searches)."""
    from grant_portfolio.model.find import FindIndex, searchable_text
    from grant_portfolio.model.portfolio import load_portfolio
    from grant_portfolio.model.themes import ThemeIndex

    portfolio = load_portfolio(project / "applications", project)
    index = FindIndex(portfolio, ThemeIndex(portfolio))
    page.goto(base + "/finn/")
    page.wait_for_selector("#finn-skjema[data-ready]", state="visible")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    for box in page.locator('input[name="tema"]').all()[:12]:
        box.check()
        page.mouse.move(300, 300)
    page.click("#finn-nullstill")
    texts = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#finn-liste > li')].map(li => [
        li.querySelector('.finn-tittel a').getAttribute('href').split('/').slice(-2)[0],
        (li.querySelector('.finn-tittel').textContent + ' ' +
         (li.querySelector('.finn-sammendrag') || {textContent: ''}).textContent).normalize('NFC').toLowerCase().replace(/\\s+/g, ' ').trim()]))""")
    problems = {}
    wrong = [slug for slug, text in texts.items() if text != searchable_text(portfolio.by_slug[slug])]
    if wrong or len(texts) != len(portfolio.applications):
        problems["finn: tekst"] = wrong or [f"{len(texts)} av {len(portfolio.applications)} i listen"]
    queries = ("<script>", "&amp;", "javascript:", "[x](", "*_|", "onerror=")
    for query in queries:
        page.fill("#finn-tekst", query)
        shown = page.eval_on_selector_all("#finn-liste > li", "items => items.map(li => Number(li.dataset.i))")
        if shown != [index.position[r.slug] for r in index.select({}, query)]:
            problems[f"finn: søk {query}"] = shown
    if sum(bool(index.select({}, query)) for query in queries) < 3:
        problems["finn: søkene"] = ["for få av søkene gir treff til å prøve noe"]
    if watch.problems():
        problems["finn"] = watch.problems()
        watch.__init__()
    return problems


@pytest.mark.build
def test_sanitizer_removes_what_the_body_check_would_have_stopped(tmp_path, monkeypatch):
    """Defence in depth: the body check is switched off, and the pages are still clean."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = copy_project(tmp_path / "project")
    body = FULL_BODY.replace("Tekst.", "Tekst.\n\n" + "\n\n".join(VECTORS) + "\n", 1)
    project.write("2025/innbrudd.md", front(), body=body)
    monkeypatch.setattr(validate_module, "markup_problems", lambda body, line: [])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site = tmp_path / "site"
    # Not strict: the vectors' images (`src=x`) are missing files, which the build warns about.
    build(load_config(str(project.root / "mkdocs.yml"), site_dir=str(site), strict=False))
    page = site / "soknader" / "innbrudd" / "index.html"
    assert "Tekst." in text_of(page)
    assert executable_parts(page.read_text("utf-8")) == []


@pytest.mark.build
def test_sanitizer_keeps_everything_an_application_page_legitimately_has(real_site):
    """The application pages as built equal the sanitizer's output on them: it removes nothing
    the template or ordinary Markdown writes. (The table cells' labels and roles are added to
    every page after the sanitizer, by ``pages.tables``. The locator map is a drawing the template
    makes from the scheme's boundaries; SVG stays forbidden in what contributors write.)"""
    for page in sorted((real_site / "soknader").glob("*/index.html")):
        html = page.read_text("utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        inner = re.sub(r'<a [^>]*class="md-content__button.*?</a>', "", article[article.index(">") + 1:], flags=re.S)
        assert inner.count('<figure class="kart kart--lokal">') == 1, page
        inner = re.sub(r'<figure class="kart kart--lokal">.*?</figure>', "", inner, flags=re.S)
        assert _events(label_table_cells(clean_html(inner))) == _events(inner), page


def _events(html: str) -> list[tuple]:
    class Events(HTMLParser):
        def __init__(self):
            super().__init__()
            self.items: list[tuple] = []

        def handle_starttag(self, tag, attrs):
            self.items.append((tag, sorted((k, "".join((v or "").split()).rstrip(";")) for k, v in attrs)))

        def handle_data(self, data):
            if data.strip():
                self.items.append(("text", " ".join(data.split())))

    parser = Events()
    parser.feed(html)
    return parser.items


# Personal data ----------------------------------------------------------------------------

def errors_for(workspace, scheme, data=None, body=FULL_BODY, raw=None):
    workspace.write("2025/personvern.md", data if data is not None else front(), body=body, raw=raw)
    return validate_applications(workspace.applications, scheme, workspace.root).errors


@pytest.mark.parametrize("written", [ID_NUMBER, D_NUMBER, "010154 50068", "410154-50051"])
def test_identity_numbers_in_the_body_are_errors_that_never_show_the_number(workspace, scheme, written):
    errors = errors_for(workspace, scheme, body=FULL_BODY + f"\n\nPasienten har nummer {written}.\n")
    assert len(errors) == 1, errors
    error = errors[0].format()
    lines = workspace.applications.joinpath("2025/personvern.md").read_text("utf-8").split("\n")
    assert errors[0].line == next(n for n, line in enumerate(lines, 1) if line.startswith("Pasienten"))
    assert "fødselsnummer eller D-nummer" in error
    assert written not in error and written.replace(" ", "").replace("-", "") not in error


def test_identity_numbers_in_front_matter_name_the_field(workspace, scheme):
    raw = ("---\n" + yaml.safe_dump(front(), allow_unicode=True, sort_keys=False)
           + f"target_group: Pasient {ID_NUMBER}\nextra:\n  saksnummer: {D_NUMBER}\n---\n\n{FULL_BODY}\n")
    errors = errors_for(workspace, scheme, raw=raw)
    fields = {e.field for e in errors if "fødselsnummer" in e.message}
    assert fields == {"target_group", "extra.saksnummer"}, errors
    assert not any(ID_NUMBER in e.format() or D_NUMBER in e.format() for e in errors)


def test_a_number_in_any_other_message_is_hidden_too(workspace, scheme):
    errors = errors_for(workspace, scheme, front(municipalities=[ID_NUMBER]))
    assert errors and all(ID_NUMBER not in e.format() for e in errors)
    assert any(REDACTED in e.message for e in errors), errors
    assert redact(f"a {ID_NUMBER} b") == f"a {REDACTED} b"


@pytest.mark.parametrize("harmless", ["01015450069", "12345678901", "983 974 899", "3 697 515 kr", "2025-03-01",
                                      "konto 1503.12.34567"])
def test_numbers_that_are_not_identity_numbers_pass(workspace, scheme, harmless):
    assert errors_for(workspace, scheme, body=FULL_BODY + f"\n\nTallet er {harmless}.\n") == []


def test_email_and_phone_only_in_contacts(workspace, scheme):
    contacts = [{"name": "Kari Nordmann", "email": "kari.nordmann@skjervoy.kommune.no", "phone": "+47 77 77 55 00"}]
    assert errors_for(workspace, scheme, front(contacts=contacts)) == []
    errors = errors_for(workspace, scheme, front(contacts=contacts, summary="Ring 91 23 45 67 for mer."),
                        body=FULL_BODY + "\n\nSkriv til post@skjervoy.kommune.no eller tlf. 77775500.\n")
    messages = sorted((e.field or "", e.message.split(";")[0]) for e in errors)
    assert messages == [  # the messages never show the address or the number (CI logs are public)
        ("", "søknadsteksten inneholder en e-postadresse"),
        ("", "søknadsteksten inneholder et telefonnummer"),
        ("summary", "feltet inneholder et telefonnummer"),
    ], messages
    assert not [e for e in errors if "skjervoy.kommune.no" in e.format() or "7777" in e.format()]


def test_the_real_applications_have_no_personal_data_or_unsafe_markup(scheme):
    result = validate_applications(ROOT / "applications", scheme, ROOT)
    assert result.errors == []
    assert result.records


@pytest.mark.build
def test_the_build_refuses_an_identity_number_without_printing_it(tmp_path):
    project = copy_project(tmp_path / "project")
    project.write("2025/personvern.md", front(), body=FULL_BODY + f"\n\nNummer {ID_NUMBER}.\n")
    result = site_build(project.root, tmp_path / "site")
    assert result.returncode != 0
    assert "applications/2025/personvern.md:" in result.stderr and "fødselsnummer" in result.stderr
    assert ID_NUMBER not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
