import datetime as dt

from grant_portfolio.formatting import (
    date_nb,
    heading_slug,
    md_escape,
    nok,
    period_text,
)

NBSP = "\u00a0"


def test_amounts_in_norwegian_format():
    assert nok(3697515) == f"3{NBSP}697{NBSP}515{NBSP}kr"
    assert nok(0) == f"0{NBSP}kr"
    assert nok(1_000_000) == f"1{NBSP}000{NBSP}000{NBSP}kr"


def test_dates_in_norwegian():
    assert date_nb(dt.date(2025, 3, 1)) == "1. mars 2025"
    assert date_nb(dt.date(2025, 9, 15)) == "15. september 2025"
    assert date_nb("Se vedlegg") == "Se vedlegg"


def test_periods_by_year_or_date():
    assert period_text(2025, None) == "fra 2025"
    assert period_text(2025, 2027) == "2025–2027"
    assert period_text(dt.date(2025, 3, 1), dt.date(2025, 9, 15)) == "1. mars 2025 til 15. september 2025"


def test_contributor_text_cannot_inject_markup():
    assert md_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md_escape("a | b *c* [d](e)") == r"a \| b \*c\* \[d\](e)"
    # A date at the start of a line must not become an ordered list.
    assert md_escape("1. mars 2025") == r"1\. mars 2025"


def test_heading_anchors_are_ascii():
    assert heading_slug("Hvordan støtter tiltaket opp om formålet?") == "hvordan-stotter-tiltaket-opp-om-formalet"
