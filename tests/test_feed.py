"""The Atom feed: valid Atom 1.0 by a real feed parser and by the RFC's RELAX NG schema, newest
first by git's dates (the round's deadline without one), contributor text kept as text, and the
same bytes on every build. Also the git dates themselves."""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from conftest import ROOT, VARIED, Workspace, front
from grant_portfolio.input import gitdates
from grant_portfolio.pages.paths import FEED_PATH
from grant_portfolio.exports.feed import atom_feed
from grant_portfolio.input.gitdates import last_changed
from grant_portfolio.exports.opendata import Links
from grant_portfolio.model.portfolio import load_portfolio
from grant_portfolio.model.site import build_model
from lxml import etree

SITE_URL = "https://tilskudd.example.org/"
LINKS = Links(SITE_URL)
ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 4287, Appendix B, in RELAX NG's XML syntax (see NOTICE.md there).
SCHEMA = ROOT / "tests" / "fixtures" / "atom" / "atom.rng"
UTC = dt.timezone.utc
DEADLINES = {"2025-1": dt.datetime(2025, 3, 1, tzinfo=UTC), "2025-2": dt.datetime(2025, 9, 1, tzinfo=UTC)}


# Git in a temporary folder ---------------------------------------------------------------------

@pytest.fixture(autouse=True)
def no_enclosing_repository(tmp_path, monkeypatch):
    """Git must not find a repository above the temporary folder, whatever the machine has."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=root, env=env, check=True, capture_output=True)


def commit(root: Path, paths: list[Path], date: str) -> None:
    git(root, "add", "--", *map(str, paths))
    git(root, "commit", "-q", "-m", f"Endring {date}", date=date)


def init(root: Path) -> None:
    git(root, "init", "-q")


# The feed --------------------------------------------------------------------------------------

def feed_of(workspace: Workspace) -> bytes:
    portfolio = load_portfolio(workspace.applications, workspace.root)
    return atom_feed(build_model(portfolio, dt.date(2025, 6, 1), workspace.root), LINKS)


def parse(data: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def varied_path(workspace: Workspace, slug: str) -> Path:
    row = next(r for r in VARIED if r[0] == slug)
    return workspace.applications / row[2][:4] / f"{slug}.md"


@pytest.fixture
def varied_in_git(varied) -> Workspace:
    """The varied portfolio in git: everything committed on 2. april, two files changed on
    3. mai and one on 4. juni (the same instant written in another time zone on the second)."""
    init(varied.root)
    commit(varied.root, [varied.applications], "2025-04-02T08:00:00+00:00")
    for slug in ("g-alta-hammerfest", "c-malselv-kafjord"):
        varied_path(varied, slug).write_text(varied_path(varied, slug).read_text("utf-8") + "\nMer.\n", "utf-8")
    commit(varied.root, [varied.applications], "2025-05-03T12:00:00+02:00")
    path = varied_path(varied, "a-tromso-balsfjord")
    path.write_text(path.read_text("utf-8") + "\nEnda mer.\n", "utf-8")
    commit(varied.root, [path], "2025-06-04T09:30:00+02:00")
    return varied


def test_the_feed_is_atom_with_every_application_newest_first(varied_in_git):
    parsed = parse(feed_of(varied_in_git))
    rest = sorted({row[0] for row in VARIED} - {"a-tromso-balsfjord", "c-malselv-kafjord", "g-alta-hammerfest"})
    order = ["a-tromso-balsfjord", "c-malselv-kafjord", "g-alta-hammerfest", *rest]
    assert len(parsed.entries) == len(VARIED)
    assert [e.id for e in parsed.entries] == [f"{SITE_URL}soknader/{slug}/" for slug in order]
    assert [e.link for e in parsed.entries] == [f"{SITE_URL}soknader/{slug}/" for slug in order]
    assert [e.title for e in parsed.entries] == [f"Søknad {slug.upper()}" for slug in order]
    assert [e.updated for e in parsed.entries[:4]] == [
        "2025-06-04T07:30:00Z", "2025-05-03T10:00:00Z", "2025-05-03T10:00:00Z", "2025-04-02T08:00:00Z"]
    dates = [e.updated_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)

    feed = parsed.feed
    assert feed.id == f"{SITE_URL}{FEED_PATH}"
    assert feed.updated == "2025-06-04T07:30:00Z"  # the newest entry, not the build time
    assert feed.language == "nb"
    assert "Rekrutterings- og samhandlingstilskudd i Helse Nord" in feed.title
    assert feed.author_detail == {"name": "Helse Nord RHF", "href": "https://www.helse-nord.no"}
    assert "NLOD" in feed.rights
    links = {link.rel: (link.href, link.type) for link in feed.links}
    assert links == {"self": (f"{SITE_URL}{FEED_PATH}", "application/atom+xml"),
                     "alternate": (f"{SITE_URL}soknader/", "text/html")}


def test_entries_carry_owners_summary_and_facts(varied_in_git):
    entry = next(e for e in parse(feed_of(varied_in_git)).entries if e.id.endswith("/b-tromso-legevakt/"))
    assert [a.name for a in entry.authors] == ["Tromsø kommune"]
    assert entry.summary == "Et forsøk med felles legevakt."
    facts = html_text(entry.content[0].value)
    for fact in ("Innvilget", "Helsefellesskapet Troms og Ofoten", "Første runde 2025", "Tromsø",
                 "500\u00a0000\u00a0kr", "450\u00a0000\u00a0kr"):
        assert fact in facts


def test_categories_are_the_themes(workspace):
    """One category per theme, named as the theme is (the spelling most files use)."""
    workspace.write("2025/med-tema.md", front(themes=["Psykisk helse", "Rekruttering"]))
    workspace.write("2025/samme-tema.md", front(title="Et annet prosjekt", themes=["Psykisk helse"]))
    workspace.write("2025/annen-skrivemate.md", front(title="Et tredje prosjekt", themes=["psykisk  helse"]))
    workspace.write("2025/uten-tema.md", front(title="Uten tema"))
    entries = {e.id.split("/")[-2]: e for e in parse(feed_of(workspace)).entries}
    scheme = f"{SITE_URL}tema/"
    assert [(t.term, t.label, t.scheme) for t in entries["med-tema"].tags] == [
        ("psykisk-helse", "Psykisk helse", scheme), ("rekruttering", "Rekruttering", scheme)]
    assert [(t.term, t.label) for t in entries["annen-skrivemate"].tags] == [("psykisk-helse", "Psykisk helse")]
    assert "tags" not in entries["uten-tema"]


# Validity by the RFC's schema -------------------------------------------------------------------

@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def test_the_feed_validates_against_the_rfc_schema(varied_in_git, atom_schema):
    varied_in_git.write("2025/med-tema.md", front(themes=["Psykisk helse"]))
    document = etree.fromstring(feed_of(varied_in_git))
    assert atom_schema.validate(document), atom_schema.error_log
    # The schema's two Schematron rules, which RELAX NG validators do not check.
    assert document.find(f"{ATOM}author") is not None
    for entry in document.iter(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None


@pytest.mark.parametrize("breakage", ["entry without id", "feed without title", "date in words",
                                      "unknown element", "category without term"])
def test_the_schema_rejects_a_broken_feed(varied, atom_schema, breakage):
    """The schema check is not vacuous: a broken copy of the feed fails it."""
    document = etree.fromstring(feed_of(varied))
    assert atom_schema.validate(document)
    broken = copy.deepcopy(document)
    entry = broken.find(f"{ATOM}entry")
    if breakage == "entry without id":
        entry.remove(entry.find(f"{ATOM}id"))
    elif breakage == "feed without title":
        broken.remove(broken.find(f"{ATOM}title"))
    elif breakage == "date in words":
        entry.find(f"{ATOM}updated").text = "1. mars 2025"
    elif breakage == "unknown element":
        etree.SubElement(entry, f"{ATOM}tittel").text = "Feil navn"
    else:
        etree.SubElement(entry, f"{ATOM}category", label="Uten term")
    assert not atom_schema.validate(broken)


def test_an_empty_portfolio_gives_a_valid_feed_dated_by_the_newest_round(workspace, atom_schema):
    data = feed_of(workspace)
    assert atom_schema.validate(etree.fromstring(data))
    parsed = parse(data)
    assert parsed.entries == []
    assert parsed.feed.updated == "2025-09-01T00:00:00Z"


# Dates ---------------------------------------------------------------------------------------------

def test_files_without_a_git_date_fall_back_to_the_round_deadline(varied):
    init(varied.root)
    commit(varied.root, [varied_path(varied, "h-hammerfest")], "2025-10-01T12:00:00+00:00")
    entries = parse(feed_of(varied)).entries
    assert entries[0].id.endswith("/h-hammerfest/") and entries[0].updated == "2025-10-01T12:00:00Z"
    rounds = {row[0]: row[2] for row in VARIED}
    for entry in entries[1:]:
        deadline = DEADLINES[rounds[entry.id.split("/")[-2]]]
        assert entry.updated == deadline.strftime("%Y-%m-%dT%H:%M:%SZ")
    # Equal dates are in file-name order, so the order never depends on how files were read.
    later_round = [e.id.split("/")[-2] for e in entries[1:] if rounds[e.id.split("/")[-2]] == "2025-2"]
    assert later_round == sorted(later_round)


def test_git_gives_each_files_last_commit_date(tmp_path):
    repo = tmp_path / "repo"
    (repo / "applications" / "2025").mkdir(parents=True)
    init(repo)
    first, second = repo / "applications" / "2025" / "første.md", repo / "applications" / "2025" / "blåbær øy.md"
    first.write_text("1", "utf-8")
    second.write_text("2", "utf-8")
    commit(repo, [first, second], "2025-01-10T10:00:00+01:00")
    second.write_text("2b", "utf-8")
    commit(repo, [second], "2025-02-20T15:30:00+01:00")
    untracked = repo / "applications" / "2025" / "ny.md"
    untracked.write_text("3", "utf-8")
    (repo / "other.md").write_text("4", "utf-8")
    commit(repo, [repo / "other.md"], "2025-03-01T00:00:00+00:00")  # outside the folders asked about

    # Root is a subfolder of the repository: git names files relative to the top level.
    dates = last_changed(repo / "applications", [first, second, untracked])
    assert dates == {
        first.resolve(): dt.datetime(2025, 1, 10, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        second.resolve(): dt.datetime(2025, 2, 20, 15, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    }
    assert all(d.tzinfo is not None for d in dates.values())


def test_no_repository_or_no_git_gives_no_dates(tmp_path, monkeypatch, capfd):
    path = tmp_path / "a.md"
    path.write_text("a", "utf-8")
    assert last_changed(tmp_path, [path]) == {}
    assert last_changed(tmp_path / "finnes-ikke", [path]) == {}
    monkeypatch.setattr(gitdates.shutil, "which", lambda _name: None)
    assert last_changed(tmp_path, [path]) == {}
    assert capfd.readouterr() == ("", "")


# Contributor text --------------------------------------------------------------------------------

AWKWARD = "<script>alert(\"x\")</script> & 'sitat' <b>fet</b>"


def test_markup_in_titles_summaries_and_owners_stays_text(workspace):
    workspace.write("2025/rar.md", front(title=AWKWARD, summary=AWKWARD + " sammendrag", owners=[AWKWARD]))
    data = feed_of(workspace)
    entry = parse(data).entries[0]
    assert entry.title == AWKWARD
    assert entry.title_detail.type == "text/plain"
    assert entry.summary == AWKWARD + " sammendrag"
    assert entry.authors[0].name == AWKWARD
    # Nothing the contributor wrote became an element of the feed.
    assert {e.tag for e in etree.fromstring(data).iter()} <= {
        f"{ATOM}{n}" for n in ("feed", "id", "title", "subtitle", "updated", "author", "name", "uri", "rights",
                               "link", "entry", "summary", "content", "category")}


def test_the_html_content_escapes_what_it_shows(workspace):
    """The facts come from the scheme file, which is edited by hand too."""
    scheme_file = workspace.applications / "scheme.yml"
    name = "Helsefellesskapet Troms og Ofoten"
    scheme_file.write_text(scheme_file.read_text("utf-8").replace(name, AWKWARD), "utf-8")
    workspace.write("2025/a.md", front())
    content = parse(feed_of(workspace)).entries[0].content[0]
    assert content.type == "text/html"
    assert _Html(content.value).tags == {"dl", "dt", "dd"}
    assert AWKWARD in html_text(content.value)


# Reproducible ----------------------------------------------------------------------------------------

def test_the_feed_is_the_same_bytes_when_built_twice(varied_in_git):
    first = feed_of(varied_in_git)
    assert first.startswith(b"<?xml") and first.decode("utf-8")
    assert feed_of(varied_in_git) == first


# Helpers -----------------------------------------------------------------------------------------

class _Html(HTMLParser):
    def __init__(self, markup: str):
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def html_text(markup: str) -> str:
    return " ".join(_Html(markup).text)
