"""Committee pages printed to PDF in headless chromium: A4, no site chrome, no cut rows,
the round and the build date on every page, the totals in the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import NBSP, VARIED
from pypdf import PdfReader

pytestmark = [pytest.mark.build, pytest.mark.browser]
A4_POINTS = (595.3, 841.9)
A4_PRINTABLE_PX = round((210 - 2 * 14) / 25.4 * 96)  # the width between the @page margins


def print_to_pdf(browser, page_file: Path, pdf: Path) -> float:
    """Print the page as a reader would (the site's print CSS), and return the widest content
    in CSS pixels when laid out for print at A4's printable width."""
    page = browser.new_page(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    try:
        page.goto(page_file.as_uri())
        page.emulate_media(media="print")
        widest = page.evaluate(
            "Math.max(document.documentElement.scrollWidth,"
            " ...[...document.querySelectorAll('table, svg, figure')].map(e => e.getBoundingClientRect().right))"
        )
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    return widest


def pdf_pages(pdf: Path) -> list[str]:
    reader = PdfReader(pdf)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1, (width, height)
    return [re.sub(r"\s+", " ", page.extract_text().replace(NBSP, " ")) for page in reader.pages]


def kr(value: int) -> str:
    return f"{value:,}".replace(",", " ") + " kr"


def test_round_page_prints_on_a4_with_whole_rows_running_head_and_totals(varied_site, browser, tmp_path):
    pdf = tmp_path / "runde.pdf"
    widest = print_to_pdf(browser, varied_site / "runder/2025-1/index.html", pdf)
    assert widest <= A4_PRINTABLE_PX + 1, f"innholdet er {widest}px bredt, A4 gir {A4_PRINTABLE_PX}px"
    pages = pdf_pages(pdf)
    assert 1 <= len(pages) <= 4, f"{len(pages)} sider"
    text = " ".join(pages)
    for number, page in enumerate(pages, 1):
        assert "Første runde 2025" in page and "Oppdatert 2. juni 2025" in page, f"side {number}"
        assert f"Side {number} av {len(pages)}" in page
    # No header, search, navigation, table of contents or footer on paper
    for chrome in ("Hopp til innhold", "Forside", "Innholdsliste", "Made with", "Datakvalitet"):
        assert chrome not in text, chrome
    round_rows = [r for r in VARIED if r[2] == "2025-1"]
    assert kr(sum(r[6] for r in round_rows)) in text  # the round's total requested
    assert kr(1_500_000) in text  # the sum of the funding frames
    # A row cut between two pages would leave its title and its amount on different pages.
    # Cells may wrap inside a row, so compare without white space.
    squashed = [re.sub(r"\s+", "", page) for page in pages]
    for row in round_rows:
        title = re.sub(r"\s+", "", f"Søknad {row[0].upper()}")
        holding = [n for n, page in enumerate(squashed) if title in page]
        assert len(holding) == 1, (title, holding)
        assert re.sub(r"\s+", "", kr(row[6])) in squashed[holding[0]], f"raden for {title} er delt mellom sider"


@pytest.mark.parametrize(("page", "total"), [
    ("budsjett/index.html", 3_900_000),
    ("helsefellesskap/troms-og-ofoten/index.html", 2_150_000),
    ("kommuner/tromso/index.html", 1_950_000),
])
def test_other_committee_pages_print_on_a4_with_rounds_and_date_on_every_page(varied_site, browser, tmp_path,
                                                                              page, total):
    pdf = tmp_path / "side.pdf"
    widest = print_to_pdf(browser, varied_site / page, pdf)
    assert widest <= A4_PRINTABLE_PX + 1
    pages = pdf_pages(pdf)
    assert 1 <= len(pages) <= 6
    for text in pages:
        assert "Oppdatert 2. juni 2025" in text and "Første runde 2025 og Andre runde 2025" in text
    assert kr(total) in " ".join(pages)
