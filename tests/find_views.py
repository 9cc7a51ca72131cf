"""What find.py says the find page shows for a selection: the expectation that the browser
tests and the parity tests under node compare the page's script with."""

from __future__ import annotations

from grant_portfolio import formatting
from grant_portfolio.model.find import PAGE_SIZE, FindIndex, granted_text
from grant_portfolio.model.portfolio import Totals


def expected(index: FindIndex, selection: dict[str, list[str]], text: str = "", sort: str = "runde") -> dict:
    """What find.py says the page should show for a selection."""
    records = index.select(selection, text, sort)
    totals = Totals.of(records)
    counts = index.counts(selection, text)
    return {
        "shown": [index.position[r.slug] for r in records][:PAGE_SIZE],
        "counts": {p: [f"{formatting.number(n)} {'søknad' if n == 1 else 'søknader'}" for n in values]
                   for p, values in counts.items()},  # the noun is there for screen readers
        "checked": [[f.parameter, v] for f in index.facets for v in (x.id for x in f.values)
                    if v in selection.get(f.parameter, [])],
        "text": text,
        "sort": sort,
        "count": formatting.number(totals.count),
        "noun": "søknad" if totals.count == 1 else "søknader",
        "requested": formatting.nok(totals.requested),
        "granted": granted_text(totals),  # over the decided only, with those waiting
        "none": totals.count == 0,
        "more": totals.count > PAGE_SIZE,
    }
