"""Application pages as HTML made by the core: the Markdown dialect, heading ids, addresses."""

from __future__ import annotations

import logging

import pytest

from grant_portfolio.pages.pagehtml import (
    Heading, add_heading_ids, headings, text_html, unique_id,
)


def markdown_html(text: str) -> str:
    """A contributor's Markdown as the sanitized HTML of an application page."""
    return text_html(text, "soknader/x.md")[0]


def test_the_text_is_commonmark_with_githubs_tables_and_bare_links():
    html = markdown_html(
        "Et avsnitt med **fet** og ~~strøket~~ tekst.\n"
        "- en liste rett etter avsnittet\n"
        "  - og et nivå under, med to mellomrom\n\n"
        "| Post | Beløp |\n|:--|--:|\n| Reiser | 40 000 |\n\n"
        "Se https://www.helse-nord.no/ og <abbr title=\"Universitetssykehuset Nord-Norge\">UNN</abbr>.\n")
    assert "<p>Et avsnitt med <strong>fet</strong> og <del>strøket</del> tekst.</p>" in html
    assert "<li>en liste rett etter avsnittet\n<ul>\n<li>og et nivå under, med to mellomrom</li>" in html
    assert '<th style="text-align:left">Post</th>' in html and '<td style="text-align:right">40 000</td>' in html
    assert '<a href="https://www.helse-nord.no/">https://www.helse-nord.no/</a>' in html
    assert '<abbr title="Universitetssykehuset Nord-Norge">UNN</abbr>' in html


def test_html_outside_the_safe_list_is_removed():
    html = markdown_html('<script>alert(1)</script>\n\nTekst <img src="x" onerror="alert(1)"> '
                         '[lenke](javascript:alert(1)) <span style="color: red">rød</span>\n')
    assert "script" not in html and "onerror" not in html and "javascript" not in html
    assert "style" not in html and "rød" in html


def test_headings_get_unique_ids_from_their_text():
    page = add_heading_ids('<h1>Tittel</h1>\n<h2 id="fakta">Fakta</h2>\n<h2>Fakta</h2>\n<h2>Mål &amp; <em>midler</em></h2>\n'
                           '<h3>Mål &amp; midler</h3>\n<h2>Æøå?</h2>')
    assert '<h1 id="tittel">Tittel</h1>' in page
    assert '<h2 id="fakta_1">Fakta</h2>' in page  # the template's id comes first
    assert '<h2 id="mal-midler">Mål &amp; <em>midler</em></h2>' in page
    assert '<h3 id="mal-midler_1">Mål &amp; midler</h3>' in page
    assert '<h2 id="aeoa">Æøå?</h2>' in page
    assert headings(page)[:4] == (Heading(1, "tittel", "Tittel"), Heading(2, "fakta", "Fakta"),
                                  Heading(2, "fakta_1", "Fakta"), Heading(2, "mal-midler", "Mål &amp; midler"))


def test_unique_ids_follow_python_markdowns_rule():
    used = {"a", "a_1", "b_3"}
    assert unique_id("a", used) == "a_2"
    assert unique_id("b_3", used) == "b_4"
    assert unique_id("", used) == "_1"


@pytest.mark.parametrize("directory_urls, expected", [
    (True, ['href="../"', 'href="../../budsjett/"', 'href="../../erfaringer/referanser/#rad-2"',
            'src="../a/kart.png"', 'href="https://www.helse-nord.no/?a=1&amp;b=2"', 'href="#fakta"',
            'href="mailto:a@b.no"', 'href="../../utenfor.md"', 'href="../../kommuner/tromso/?vis=alle#s%C3%B8knader"']),
    (False, ['href="index.html"', 'href="../budsjett/index.html"', 'href="../erfaringer/referanser.html#rad-2"',
             'src="a/kart.png"', 'href="../kommuner/tromso.html?vis=alle#s%C3%B8knader"']),
])
def test_relative_addresses_are_read_from_the_page_and_written_for_the_site(directory_urls, expected):
    text = ("[søknadene](../soknader/index.md) [budsjettet](../budsjett/index.md) "
            "[tiltak](../erfaringer/referanser.md#rad-2) ![kart](a/kart.png) "
            "[x](https://www.helse-nord.no/?a=1&b=2) [y](#fakta) [z](mailto:a@b.no) [ut](../../utenfor.md) "
            "[Tromsø](../kommuner/tromso.md?vis=alle#s%C3%B8knader)\n")
    html, targets = text_html(text, "soknader/x.md", directory_urls)
    for part in expected:
        assert part in html, (part, html)
    assert targets == ("soknader/index.md", "budsjett/index.md", "erfaringer/referanser.md", "soknader/a/kart.png",
                       "../utenfor.md", "kommuner/tromso.md")


def test_text_that_only_looks_like_an_address_is_left_alone():
    html, targets = text_html('Skriv `<img src="bilde.png">` eller href="x.md" i teksten.\n', "soknader/x.md")
    assert '<code>&lt;img src="bilde.png"&gt;</code>' in html and 'href="x.md"' in html
    assert targets == ()


@pytest.mark.build
def test_a_link_to_a_missing_page_is_a_warning_naming_the_application(tmp_path, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from conftest import FULL_BODY, copy_project, front

    project = copy_project(tmp_path / "project")
    project.write("2025/lenke.md", front(), body=FULL_BODY + "\n\nSe [budsjettet](../budsjett/index.md) og "
                                                            "[den andre søknaden](finnes-ikke.md).\n")
    site = tmp_path / "site"
    with caplog.at_level(logging.WARNING):
        build(load_config(str(project.root / "mkdocs.yml"), site_dir=str(site), strict=False))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("applications/2025/lenke.md" in w and "«soknader/finnes-ikke.md»" in w for w in warnings), warnings
    assert not any("budsjett" in w for w in warnings), warnings
    page = (site / "soknader" / "lenke" / "index.html").read_text("utf-8")
    assert '<a href="../../budsjett/">budsjettet</a>' in page


def test_rendering_frees_what_cmark_allocates():
    """cmarkgfm's own function leaves the parsed document and the HTML behind (about 100 kB for
    an application); a build of a thousand applications held them all."""
    import cmarkgfm
    import psutil

    from conftest import FULL_BODY
    from grant_portfolio.pages import pagehtml

    body = (FULL_BODY + "\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n") * 20
    expected = cmarkgfm.markdown_to_html_with_extensions(body, options=pagehtml._OPTIONS,
                                                         extensions=pagehtml.EXTENSIONS)
    assert pagehtml._release() is not None
    assert pagehtml._cmark_html(body) == expected
    process = psutil.Process()
    before = process.memory_info().rss
    for _ in range(400):
        pagehtml._cmark_html(body)
    assert process.memory_info().rss - before < 10_000_000
