"""Application pages as HTML made by the core: the Markdown dialect, heading ids, addresses."""

from __future__ import annotations

import logging

import pytest

from grant_portfolio.pagehtml import (
    Heading, add_heading_ids, headings, markdown_html, resolve_addresses, unique_id,
)


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
    (True, ['href="../index.md"', 'href="../../budsjett/"', 'href="../../erfaringer/referanser/#rad-2"',
            'src="../a/kart.png"', 'href="https://www.helse-nord.no/?a=1&amp;b=2"', 'href="#fakta"',
            'href="mailto:a@b.no"', 'href="../../utenfor.md"']),
    (False, ['href="index.md"', 'href="../budsjett/index.html"', 'href="../erfaringer/referanser.html#rad-2"',
             'src="a/kart.png"']),
])
def test_relative_addresses_are_read_from_the_page_and_written_for_the_site(directory_urls, expected):
    fragment = ('<a href="../soknader/index.md">søknadene</a> <a href="../budsjett/index.md">budsjettet</a> '
                '<a href="../erfaringer/referanser.md#rad-2">tiltak</a> <img src="a/kart.png"> '
                '<a href="https://www.helse-nord.no/?a=1&amp;b=2">x</a> <a href="#fakta">y</a> '
                '<a href="mailto:a@b.no">z</a> <a href="../../utenfor.md">ut</a>')
    html, targets = resolve_addresses(fragment, "soknader/x.md", directory_urls)
    if directory_urls:
        expected[0] = 'href="../"'
    else:
        expected[0] = 'href="index.html"'
    for part in expected:
        assert part in html, (part, html)
    assert targets == ("soknader/index.md", "budsjett/index.md", "erfaringer/referanser.md", "soknader/a/kart.png")


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
    from grant_portfolio import pagehtml

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
