"""Shared fixtures: the project, its scheme, and small portfolios written to a temp folder."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from bench import engine as engines  # the build engine (ENGINE=mkdocs|properdocs), as the benchmark uses it
from bench.firstvisit import CHROMIUM_ARGS  # one list of chromium's flags for the tests and the benchmark
from grant_portfolio.input.scheme import load_scheme, scheme_data_files
from grant_portfolio.pages.paths import page_url

ROOT = Path(__file__).resolve().parent.parent
SCHEME_PATH = ROOT / "applications" / "scheme.yml"
NBSP = "\u00a0"


def page_dest(page: str, directory_urls: bool = True) -> str:
    """The file a page is written to in the built site: ``kommuner/alta.md`` →
    ``kommuner/alta/index.html``."""
    url = page_url(page, directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url


def front(**fields) -> dict:
    """A valid front matter, with any field replaced (or removed with ``None``)."""
    data = {
        "title": "Felles legevakt i Nord-Troms",
        "round": "2025-1",
        "health_community": "troms-og-ofoten",
        "municipalities": ["Skjervøy"],
        "health_trusts": ["unn"],
        "status": "submitted",
        "summary": "Et forsøk med felles legevakt.",
        "contacts": [{"name": "Kari Nordmann", "organisation": "Skjervøy kommune"}],
        "agreement_signed": "2025-02-20",
        "owners": ["Skjervøy kommune"],
        "budget": {"requested": 100000},
    }
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


FULL_BODY = "\n\n".join(
    f"## {heading}\n\nTekst."
    for heading in [
        "Kort beskrivelse av prosjektet/piloten",
        "Hvilken nytte forventes av prosjektet/piloten?",
        "Hvordan støtter tiltaket opp om formålet med tilskuddsordningen?",
        "Budsjett for gjennomføring av prosjekt/pilot",
        "Prosjektplan, inkludert evalueringspunkter",
        "Involvering av brukere, tillitsvalgte og vernetjenesten",
    ]
)


class Workspace:
    """A project folder with its own ``applications/`` and the real scheme."""

    def __init__(self, root: Path):
        self.root = root
        self.applications = root / "applications"
        self.applications.mkdir(parents=True, exist_ok=True)
        for path in scheme_data_files(SCHEME_PATH.parent):  # the scheme and the map's boundaries
            shutil.copy(path, self.applications / path.name)

    def write(self, name: str, data: dict | None = None, body: str = FULL_BODY, raw: str | None = None) -> Path:
        """An application file; a bare name goes in the folder of the year 2025, as applications do."""
        path = self.applications / (name if "/" in name else f"2025/{name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        if raw is None:
            dumped = yaml.safe_dump(data if data is not None else front(), allow_unicode=True, sort_keys=False)
            raw = f"---\n{dumped}---\n\n{body}\n"
        path.write_text(textwrap.dedent(raw) if raw.startswith("\n") else raw, encoding="utf-8")
        return path


@pytest.fixture(scope="session")
def scheme():
    return load_scheme(SCHEME_PATH)


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    return Workspace(tmp_path)


# Building the site with the engine the Makefile chose (MkDocs unless ENGINE=properdocs) ----

BUILD_EPOCH = "1748822400"  # 2. juni 2025, as the build date of test sites
ENGINE = engines.selected()


def site_build(project: Path, site: Path, engine: engines.Engine = ENGINE,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``build --strict`` of ``project`` into ``site`` by ``engine`` (which must load no other
    engine's code: ``bench.engine``), dated BUILD_EPOCH; ``env`` is added to the environment."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH, **(env or {})}
    return subprocess.run(
        engines.command(engine, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)),
        capture_output=True, text=True, env=env, cwd=project,
    )


def copy_project(target: Path) -> Workspace:
    """The site's configuration, docs and hooks, with an empty portfolio of its own."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return Workspace(target)


def text_of(path: Path) -> str:
    return text_of_html(path.read_text(encoding="utf-8"))


def text_of_html(html: str) -> str:
    """The text of a page or a piece of HTML, with every run of white space one space."""
    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return re.sub(r"[ \t\r\n]+", " ", "".join(parser.parts))


# A varied portfolio ------------------------------------------------------------------------
# Several communities, both rounds, every status, joint applications with shared
# municipalities (one across two communities), funding frames that run out and that do not,
# budget lines with and without category. Expected figures are written out by hand here, so
# the tests check the code against arithmetic done independently of it.

FUNDING = {"2025-1": {"troms-og-ofoten": 1_000_000, "helgeland": 500_000}}

VARIED = [
    # slug, community, round, municipalities, status, priority, requested, own, granted, lines
    ("a-tromso-balsfjord", "troms-og-ofoten", "2025-1", ["Tromsø", "Balsfjord"], "prioritised", 1, 400_000, 50_000, None, []),
    ("b-tromso-legevakt", "troms-og-ofoten", "2025-1", ["Tromsø"], "granted", 2, 500_000, 0, 450_000,
     [("Lønn og frikjøp", 300_000), ("Møter og reiser", 200_000)]),
    ("c-malselv-kafjord", "troms-og-ofoten", "2025-1", ["Målselv", "Kåfjord"], "rejected", 3, 300_000, 0, None, []),
    ("d-kafjord-uprioritert", "troms-og-ofoten", "2025-1", ["Kåfjord"], "submitted", None, 250_000, 10_000, None, []),
    ("e-rana-vefsn", "helgeland", "2025-1", ["Rana", "Vefsn"], "prioritised", 1, 450_000, 0, None, []),
    ("f-rana-trukket", "helgeland", "2025-2", ["Rana"], "withdrawn", 1, 200_000, 0, None, []),
    ("g-alta-hammerfest", "finnmark", "2025-1", ["Alta", "Hammerfest"], "completed", 1, 600_000, 100_000, 600_000,
     [("Lønn og frikjøp", 600_000)]),
    ("h-hammerfest", "finnmark", "2025-2", ["Hammerfest"], "submitted", None, 150_000, 0, None, []),
    ("i-bodo-tromso", "lofoten-vesteralen-salten", "2025-2", ["Bodø", "Tromsø"], "granted", 1, 350_000, 0, 300_000,
     [(None, 350_000)]),
    ("k-tromso-malselv-balsfjord", "troms-og-ofoten", "2025-2", ["Tromsø", "Målselv", "Balsfjord"], "prioritised", 1,
     700_000, 25_000, None, []),
]


def varied_front(slug, community, round_, municipalities, status, priority, requested, own, granted, lines) -> dict:
    budget: dict = {"requested": requested}
    if lines:
        budget["lines"] = [{"item": f"Post {n}", "amount": amount, **({"category": cat} if cat else {})}
                           for n, (cat, amount) in enumerate(lines, 1)]
    if own:
        budget["own_contributions"] = [{"party": municipalities[0] + " kommune", "amount": own}]
    fields = dict(
        title=f"Søknad {slug.upper()}", round=round_, health_community=community, municipalities=municipalities,
        status=status, budget=budget, priority=priority,
        owners=[f"{m} kommune" for m in municipalities],
    )
    if granted is not None:
        fields["decision"] = {"granted": granted, "date": "2025-05-02"}
    return front(**fields)


def write_varied_portfolio(workspace: Workspace) -> None:
    scheme_file = workspace.applications / "scheme.yml"
    data = yaml.safe_load(scheme_file.read_text("utf-8"))
    for round_ in data["rounds"]:
        if round_["id"] in FUNDING:
            round_["funding"] = FUNDING[round_["id"]]
    scheme_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    for row in VARIED:
        workspace.write(f"{row[2][:4]}/{row[0]}.md", varied_front(*row))


@pytest.fixture
def varied(tmp_path) -> Workspace:
    workspace = Workspace(tmp_path)
    write_varied_portfolio(workspace)
    return workspace


def nav_links(html: str) -> list[str]:
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>\n", nav.index('<ul class="md-nav__list"'))] if "</nav>" in nav else nav
    return re.findall(r'class="md-nav__link[^"]*" href="([^"]+)"', nav) + re.findall(r'href="([^"]+)"\s+class="md-nav__link', nav)


class _PageParser(HTMLParser):
    """Links (resolved to site paths) and tables (rows of cell texts) of a built page."""

    def __init__(self, page: str):
        super().__init__()
        self.base = "/" + page.removesuffix("index.html")
        self.links: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_article = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._in_article = True
        if tag == "a" and attrs.get("href") and self._in_article:
            target = posixpath.normpath(posixpath.join(self.base, attrs["href"].split("#")[0]))
            self.links.append(target.rstrip("/") + "/")
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(re.sub(r"[ \t\r\n]+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse_page(site: Path, page: str) -> _PageParser:
    """``page`` is the built file's path in the site, e.g. ``runder/2025-1/index.html``."""
    parser = _PageParser(page)
    parser.feed((site / page).read_text("utf-8"))
    return parser


def amount(text: str) -> int | None:
    """``3 697 515 kr`` (with non-breaking spaces) -> 3697515; «–» (none) -> 0; else None."""
    cleaned = text.replace(NBSP, "").replace(" ", "").removesuffix("kr")
    if cleaned == "–":
        return 0
    return int(cleaned) if re.fullmatch(r"-?\d+", cleaned) else None


def require(what: str, install: str) -> None:
    """A tool the browser tests need is missing: skipped with a message, but a failure in CI."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} mangler: `make test` skal installere den ({install})")
    pytest.skip(f"{what} er ikke installert ({install}); nettlesertestene hoppes over")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium. Skipped where it is missing, except in CI where that is a failure."""
    path = shutil.which("chromium")
    if path is None:
        require("chromium", "apt-get install chromium")
    return path




@pytest.fixture(scope="session")
def browser(chromium):
    """One headless chromium for the whole run, driven by Playwright (which adds --headless)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium,
                                              args=[a for a in CHROMIUM_ARGS if a != "--headless"])
        yield launched
        launched.close()


def build_test_site(tmp_path_factory, write_portfolio) -> Path:
    """A copy of the project with the portfolio ``write_portfolio(workspace)`` writes, built by
    the engine; returns the site folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    write_portfolio(project)
    site = tmp_path_factory.mktemp("site")
    result = site_build(project.root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The project itself (its real applications) built by the engine, once per test run."""
    site = tmp_path_factory.mktemp("site")
    result = site_build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return site


@pytest.fixture(scope="session")
def varied_site(tmp_path_factory) -> Path:
    """The varied portfolio built by the engine, once per test run."""
    return build_test_site(tmp_path_factory, write_varied_portfolio)


# A large generated portfolio for the browser tests of scale (the find page's speed, the
# first-visit budget, the search): 1000 synthetic applications with short bodies
# (bench/synth.py), built once per run. The first application has a full body of 10–20 kB, with
# a word found in no other application: LONG_WORD, in its last section.
GENERATED_SIZE = 1000
LONG_WORD = "reinflyttingsveiledning"


def long_application(project: Path) -> Path:
    """The generated project's application with the full body."""
    from bench.synth import generate
    from grant_portfolio.input.scheme import load_scheme, scheme_data_files

    first = generate(load_scheme(project / "applications" / "scheme.yml"), 1)[0]
    return project / "applications" / first.year / f"{first.slug}.md"


@pytest.fixture(scope="session")
def generated_project(tmp_path_factory, chromium) -> Path:
    """A project with GENERATED_SIZE synthetic applications and its built site in ``site/``.
    Asks for chromium first: without a browser there is nothing to build it for."""
    from bench.synth import generate, write_project
    from grant_portfolio.input.scheme import load_scheme, scheme_data_files

    project = tmp_path_factory.mktemp("generated")
    write_project(project, GENERATED_SIZE, short_bodies=True)
    # Application 0 is drawn from its own random generator: the same front matter either way.
    path = long_application(project)
    front_matter = path.read_text("utf-8").split("\n---\n", 1)[0]
    body = generate(load_scheme(project / "applications" / "scheme.yml"), 1)[0].body
    body += f"\n\nDeltakerne får {LONG_WORD} fra fagpersoner i begge tjenestene.\n"
    path.write_text(f"{front_matter}\n---\n\n{body}", encoding="utf-8")
    result = site_build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project
