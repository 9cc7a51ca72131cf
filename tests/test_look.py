"""The site's own look (overrides/assets/stylesheets/look.css, the header, the footer, the mark):
every text colour has WCAG AA contrast, computed here from the stylesheets; the header, the
footer and printed pages name the site and the scheme's owner, taken from the scheme data; the
link to the source repository is in the footer, not the header; the mark is drawn for the site
and nothing is fetched for it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SCHEME_PATH, copy_project, front, site_build

OVERRIDES = ROOT / "overrides"
LOOK_CSS = OVERRIDES / "assets" / "stylesheets" / "look.css"
PORTFOLIO_CSS = OVERRIDES / "assets" / "stylesheets" / "portfolio.css"
FAVICON = OVERRIDES / "assets" / "images" / "favicon.svg"
MARK = OVERRIDES / "partials" / "look-mark.html"
WHITE = "#ffffff"
AA_TEXT = 4.5  # WCAG 2.1 1.4.3, normal text
AA_NON_TEXT = 3.0  # WCAG 2.1 1.4.11, the focus ring


# Colours ----------------------------------------------------------------------------------

def look_variables() -> dict[str, str]:
    """The custom properties of look.css's first rule (the palette), with var() resolved."""
    block = re.search(r"\{(.*?)\}", LOOK_CSS.read_text("utf-8"), re.S).group(1)
    block = re.sub(r"/\*.*?\*/", "", block, flags=re.S)
    raw = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block))

    def resolve(value: str) -> str:
        found = re.fullmatch(r"var\((--[\w-]+)\)", value.strip())
        return resolve(raw[found.group(1)]) if found else value.strip()

    return {name: resolve(value) for name, value in raw.items()}


def rgba(colour: str) -> tuple[float, float, float, float]:
    digits = colour.strip().lstrip("#")
    if len(digits) in (3, 4):
        digits = "".join(d * 2 for d in digits)
    assert re.fullmatch(r"[0-9a-fA-F]{6}([0-9a-fA-F]{2})?", digits), colour
    channels = [int(digits[i:i + 2], 16) for i in range(0, len(digits), 2)]
    return (*channels[:3], channels[3] / 255 if len(channels) == 4 else 1.0)


def over(colour: str, background: str) -> tuple[float, float, float]:
    """The colour as seen on the background (alpha blended)."""
    r, g, b, a = rgba(colour)
    br, bg, bb, _ = rgba(background)
    return (r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a))


def luminance(rgb: tuple[float, float, float]) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour: str, background: str) -> float:
    fg, bg = luminance(over(colour, background)), luminance(over(background, WHITE))
    return (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast(WHITE, WHITE) == pytest.approx(1)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the lightest AA grey
    assert contrast("#ffffff80", "#000000") == pytest.approx(contrast("#808080", "#000000"), abs=0.05)


def test_every_text_colour_of_the_palette_has_aa_contrast():
    v = look_variables()
    pairs = {
        "lenker på hvit bakgrunn": (v["--md-typeset-a-color"], WHITE, AA_TEXT),
        "lenker under pekeren": (v["--md-accent-fg-color"], WHITE, AA_TEXT),
        "overskrifter": (v["--look-petrol"], WHITE, AA_TEXT),
        "lenker på lys bakgrunn": (v["--md-typeset-a-color"], v["--look-mist"], AA_TEXT),
        "tittelen i toppfeltet": (v["--md-primary-bg-color"], v["--md-primary-fg-color"], AA_TEXT),
        "eieren i toppfeltet": (v["--md-primary-bg-color--light"], v["--md-primary-fg-color"], AA_TEXT),
        "bunnfeltets lenker": (v["--md-footer-fg-color"], v["--md-footer-bg-color--dark"], AA_TEXT),
        "bunnfeltets tekst": (v["--md-footer-fg-color--light"], v["--md-footer-bg-color--dark"], AA_TEXT),
        "bunnfeltets småskrift": (v["--md-footer-fg-color--lighter"], v["--md-footer-bg-color--dark"], AA_TEXT),
        "fokusrammen": (v["--look-focus"], WHITE, AA_NON_TEXT),
        "fokusrammen i toppfeltet": (WHITE, v["--md-primary-fg-color"], AA_NON_TEXT),
        "fokusrammen i bunnfeltet": (WHITE, v["--md-footer-bg-color--dark"], AA_NON_TEXT),
    }
    low = {what: round(contrast(fg, bg), 2) for what, (fg, bg, least) in pairs.items() if contrast(fg, bg) < least}
    assert not low, f"for lav kontrast: {low}"


def test_status_badges_and_search_highlights_have_aa_contrast_with_the_palette():
    """The badges (portfolio.css) are coloured text on white; a search hit's highlighted word
    sits in a link, so it is the link colour on the highlight."""
    css = re.sub(r"/\*.*?\*/", "", PORTFOLIO_CSS.read_text("utf-8"), flags=re.S)
    badges = dict(re.findall(r"\.status-badge--([\w-]+)\s*\{[^}]*?color:\s*(#[0-9a-fA-F]+)", css))
    assert badges, "fant ingen statusmerker i portfolio.css"
    low = {name: round(contrast(colour, WHITE), 2) for name, colour in badges.items() if contrast(colour, WHITE) < AA_TEXT}
    assert not low, f"statusmerker med for lav kontrast: {low}"
    highlight = re.search(r"\.sok-treff mark\s*\{[^}]*?background:\s*(#[0-9a-fA-F]+)", css)
    if highlight:
        link = look_variables()["--md-typeset-a-color"]
        assert contrast(link, highlight.group(1)) >= AA_TEXT, round(contrast(link, highlight.group(1)), 2)


def test_browser_colour_and_favicon_use_the_palette():
    petrol = look_variables()["--look-petrol"].lower()
    assert f'<meta name="theme-color" content="{petrol}">' in (OVERRIDES / "main.html").read_text("utf-8")
    assert f'fill="{petrol}"' in FAVICON.read_text("utf-8")


# Configuration and templates ------------------------------------------------------------------

def mkdocs_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV, !!python/name
    return yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=Loader)


def test_the_theme_uses_the_sites_own_colours_mark_and_system_fonts():
    config = mkdocs_config()
    theme = config["theme"]
    assert theme["palette"] == {"scheme": "default", "primary": "custom", "accent": "custom"}
    assert theme["font"] is False, "skriftene skal være systemets, ikke hentet fra nettet"
    assert (OVERRIDES / theme["favicon"]).is_file()
    assert "logo" not in theme and "icon" not in theme, "logoen er merket i partials/logo.html"
    css = config["extra_css"]
    assert css.index("assets/stylesheets/look.css") > css.index("assets/stylesheets/portfolio.css")
    assert "repo_url" in config, "redigeringslenkene trenger repo_url"


@pytest.mark.parametrize("drawing", [FAVICON, MARK], ids=["favicon", "merket"])
def test_the_mark_is_plain_geometry_with_nothing_fetched(drawing):
    text = drawing.read_text("utf-8")
    svg = re.search(r"<svg.*</svg>", text, re.S).group(0)
    if "xmlns" not in svg:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    root = ET.fromstring(svg)
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert tags <= {"svg", "path", "rect"}, tags
    assert not re.search(r"href|url\(|@import|<image|<text|font", svg), "merket skal ikke hente eller skrive noe"


def test_templates_take_the_owner_from_the_data_and_keep_the_source_link_out_of_the_header():
    templates = [OVERRIDES / "main.html", *(OVERRIDES / "partials").glob("*.html")]
    for template in templates:
        text = template.read_text("utf-8")
        assert "Helse Nord" not in text and "883658752" not in text, f"{template.name}: eieren er skrevet inn for hånd"
    header = (OVERRIDES / "partials" / "header.html").read_text("utf-8")
    assert "partials/source.html" not in header and "md-header__source" not in header
    assert "partials/source.html" in (OVERRIDES / "partials" / "footer.html").read_text("utf-8")


# The built site ---------------------------------------------------------------------------------

class Regions(HTMLParser):
    """The text and links of a page's header and footer."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.region: str | None = None
        self.depth = 0
        self.text = {"header": [], "footer": []}
        self.links = {"header": [], "footer": []}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.region is None and tag in ("header", "footer"):
            self.region, self.depth = tag, 0
        if self.region:
            self.depth += tag == self.region
            if tag == "a":
                self.links[self.region].append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if self.region and tag == self.region:
            self.depth -= 1
            if self.depth == 0:
                self.region = None

    def handle_data(self, data):
        if self.region:
            self.text[self.region].append(data)


def regions(html: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    parser = Regions()
    parser.feed(html)
    return {k: re.sub(r"\s+", " ", " ".join(v)) for k, v in parser.text.items()}, parser.links


def owner_of(scheme_file: Path) -> dict:
    return yaml.safe_load(scheme_file.read_text("utf-8"))["scheme"]["owner"]


@pytest.mark.build
def test_header_footer_and_print_name_the_site_and_its_owner(real_site):
    owner = owner_of(SCHEME_PATH)
    config = mkdocs_config()
    for page in ("index.html", "soknader/drop-in-samtalebehandling/index.html", "budsjett/index.html", "404.html"):
        html = (real_site / page).read_text("utf-8")
        text, links = regions(html)
        assert owner["name"] in text["header"] and config["site_name"] in text["header"], page
        assert not [link for link in links["header"] if link.startswith("http")], f"{page}: lenke ut av nettstedet i toppfeltet"
        assert "Kildekode" not in text["header"], page
        for part in (owner["name"], owner["address"], owner["email"], config["site_name"], config["repo_name"]):
            assert part in text["footer"], f"{page}: «{part}» mangler i bunnfeltet"
        number = owner["org_number"]
        assert f"Org.nr. {number[:3]} {number[3:6]} {number[6:]}" in text["footer"], page
        assert "https://github.com/helse-nord/samhandlingstilskudd" in links["footer"], page
        assert f'mailto:{owner["email"]}' in links["footer"] and owner["url"] in links["footer"], page
        # Printed: the masthead above the content, and the foot of every page (look.css, @page)
        assert f'--print-portfolio: "{config["site_name"]} · {owner["name"]}";' in html, page
        assert re.search(r'<div class="look-print-mast">.*?' + re.escape(owner["name"]), html, re.S), page
    # The theme's source component would ask GitHub's API for stars and forks
    assert 'data-md-component="source"' not in html


@pytest.mark.build
def test_another_region_changes_the_owner_by_editing_the_scheme(tmp_path):
    project = copy_project(tmp_path / "project")
    scheme_file = project.applications / "scheme.yml"
    original = owner_of(scheme_file)
    text = scheme_file.read_text("utf-8")
    for old, new in ((f"name: {original['name']}\n", "name: Helse Vest-Test RHF\n"),
                     (f'\n    org_number: "{original["org_number"]}"\n', "\n"),
                     (f"address: {original['address']}\n", "address: Postboks 1, 4001 Stavanger\n")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    scheme_file.write_text(text, "utf-8")
    project.write("2025/lokal-sak.md", front())
    site = tmp_path / "site"
    result = site_build(project.root, site)
    assert result.returncode == 0, result.stderr
    header_and_footer, _ = regions((site / "index.html").read_text("utf-8"))
    assert "Helse Vest-Test RHF" in header_and_footer["header"]
    assert "Helse Vest-Test RHF" in header_and_footer["footer"]
    assert "Postboks 1, 4001 Stavanger" in header_and_footer["footer"]
    assert original["name"] not in header_and_footer["header"] + header_and_footer["footer"]
    assert "Org.nr." not in header_and_footer["footer"], "organisasjonsnummeret er valgfritt"


# In the browser -----------------------------------------------------------------------------------

WIDTHS = {"smal": 390, "middels": 768, "bred": 1280}

HEADER_AND_FOOTER = """() => {
  const visible = e => e && e.checkVisibility() && e.getBoundingClientRect().width > 0;
  const names = [...document.querySelectorAll('.look-header__topic .md-ellipsis')].filter(visible);
  const footer = document.querySelector('.md-footer');
  const wide = [...document.querySelectorAll('.md-header, .md-header *, .md-footer, .md-footer *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 && visible(e) && !e.closest('.md-header__topic + .md-header__topic'))
    .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
  const source = footer.querySelector('a.look-source');
  return {
    names: names.map(e => ({text: e.textContent.trim(), cut: e.scrollWidth > e.clientWidth + 0.5,
                            size: parseFloat(getComputedStyle(e).fontSize)})),
    wide,
    source: visible(source) ? source.textContent.trim() : null,
    headerSource: !!document.querySelector('.md-header a[href^="http"]'),
    logoImage: !!document.querySelector('.md-logo img'),
  };
}"""


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_header_and_footer_fit_and_name_the_site_at_every_width(real_site, browser, width):
    from browser_support import SiteServer, screenshot, watched_page

    owner = owner_of(SCHEME_PATH)["name"]
    with SiteServer(real_site) as base:
        page, watch = watched_page(browser, viewport={"width": width, "height": 800})
        for path in ("/", "/soknader/drop-in-samtalebehandling/"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            seen = page.evaluate(HEADER_AND_FOOTER)
            texts = [name["text"] for name in seen["names"]]
            assert owner in texts and len(texts) == 2, texts
            assert not [n["text"] for n in seen["names"] if n["cut"]], f"{width}px: navnet i toppfeltet er kuttet: {seen['names']}"
            assert min(n["size"] for n in seen["names"]) >= 12, seen["names"]
            assert not seen["wide"], f"{width}px: bredere enn skjermen: {seen['wide']}"
            assert seen["source"] == "Kildekode og søknadsfiler"
            assert not seen["headerSource"] and not seen["logoImage"]
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        screenshot(page, f"utseende-bunnfelt-{width}")
        assert not watch.problems()
        page.context.close()


@pytest.mark.build
@pytest.mark.browser
def test_every_printed_page_names_the_site_and_its_owner(real_site, browser, tmp_path):
    from test_print import pdf_pages, print_to_pdf

    owner = owner_of(SCHEME_PATH)["name"]
    site_name = mkdocs_config()["site_name"]
    pdf = tmp_path / "soknad.pdf"
    print_to_pdf(browser, real_site / "soknader" / "drop-in-samtalebehandling" / "index.html", pdf)
    pages = pdf_pages(pdf)
    assert len(pages) > 1
    for number, text in enumerate(pages, 1):
        assert f"{site_name} · {owner}" in text, f"side {number}: {text[:200]}"
    for chrome in ("Kildekode og søknadsfiler", "Ordningens eier", "Laget med"):
        assert chrome not in " ".join(pages), chrome
