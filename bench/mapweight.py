"""What the maps weigh: their share of a page, compressed as a web server sends it.

* The overview map (``<figure class="kart kart--oversikt">…</figure>``, on the home page and
  /kommuner/): the gzip size of the page with the map and without it; the difference is the
  map's share. At most ``OVERVIEW_MAX`` bytes.
* The locator maps (``<figure class="kart kart--lokal">…</figure>``, on each municipality's page
  and each application's page): the gzip size of the figure itself. At most ``LOCATOR_MAX``
  bytes each.

Sizes are gzip at level ``GZIP_LEVEL`` (Python's ``gzip`` default; the benchmark compresses
nothing else), header included, and deterministic: unlike times, they do not vary between runs.
The same functions serve the benchmark (``bench.run``, on the built site) and the tests
(``tests/test_map_weight.py``, on pages rendered by the core without MkDocs).

    python -m bench.mapweight SITE
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

GZIP_LEVEL = 9  # Python's gzip default (and the highest); the benchmark compresses nothing else
OVERVIEW_MAX = 40_000  # bytes (gzip) the overview map may add to its page (issue 23)
LOCATOR_MAX = 8_000  # bytes (gzip) of a locator map (issue 23)

OVERVIEW_START = '<figure class="kart kart--oversikt">'
LOCATOR_START = '<figure class="kart kart--lokal">'
FIGURE_END = "</figure>"

# The pages with the overview map (site-relative file, as the report names it).
OVERVIEW_PAGES = {"forsiden": "index.html", "kommuner": "kommuner/index.html"}
# The pages with a locator map: municipality pages and application pages.
LOCATOR_PAGES = {"kommunesider": "kommuner/*/index.html", "soknadssider": "soknader/*/index.html"}


def gzip_size(text: str) -> int:
    """Bytes of ``text`` (UTF-8) compressed with gzip at ``GZIP_LEVEL``."""
    return len(gzip.compress(text.encode("utf-8"), compresslevel=GZIP_LEVEL, mtime=0))


def figures(html: str, start: str) -> list[tuple[int, int]]:
    """Where each figure that opens with ``start`` begins and ends in ``html`` (the maps hold
    no figure inside them)."""
    found = []
    at = html.find(start)
    while at >= 0:
        end = html.find(FIGURE_END, at)
        if end < 0:
            raise ValueError(f"{start} uten {FIGURE_END}")
        found.append((at, end + len(FIGURE_END)))
        at = html.find(start, end)
    return found


def without(html: str, spans: list[tuple[int, int]]) -> str:
    pieces, last = [], 0
    for begin, end in spans:
        pieces.append(html[last:begin])
        last = end
    return "".join(pieces) + html[last:]


@dataclass(frozen=True)
class Share:
    """A page's gzip size with its overview map and without it."""

    with_map: int
    without_map: int

    @property
    def share(self) -> int:
        return self.with_map - self.without_map


def overview_share(html: str) -> Share | None:
    """The overview map's share of the page ``html`` (None: the page has no overview map)."""
    spans = figures(html, OVERVIEW_START)
    if not spans:
        return None
    return Share(gzip_size(html), gzip_size(without(html, spans)))


def locator_size(html: str) -> int | None:
    """The gzip size of the page's locator map (the largest, should it have several; None:
    it has none)."""
    spans = figures(html, LOCATOR_START)
    return max((gzip_size(html[begin:end]) for begin, end in spans), default=None)


def measure_site(site: Path) -> dict:
    """The maps' weight on a built site, as flat figures for the benchmark's table: for each
    overview page ``map_<name>_with``, ``map_<name>_without`` and ``map_<name>_share``; for each
    kind of locator page ``locator_<kind>_max``, ``locator_<kind>_median``, ``locator_<kind>_pages``
    and ``locator_<kind>_largest`` (the address of the page with the largest). Pages without a
    map are left out (no figures)."""
    result: dict = {}
    for name, path in OVERVIEW_PAGES.items():
        page = site / path
        share = overview_share(page.read_text("utf-8")) if page.is_file() else None
        if share is not None:
            result.update({f"map_{name}_with": share.with_map, f"map_{name}_without": share.without_map,
                           f"map_{name}_share": share.share})
    for kind, pattern in LOCATOR_PAGES.items():
        sizes = []
        for page in sorted(site.glob(pattern)):
            size = locator_size(page.read_text("utf-8"))
            if size is not None:
                sizes.append((size, "/" + page.parent.relative_to(site).as_posix() + "/"))
        if sizes:
            largest = max(sizes, key=lambda item: (item[0], item[1]))
            result.update({f"locator_{kind}_max": largest[0], f"locator_{kind}_largest": largest[1],
                           f"locator_{kind}_median": statistics.median(size for size, _ in sizes),
                           f"locator_{kind}_pages": len(sizes)})
    return result


def largest_overview_share(row: dict) -> int | None:
    shares = [row[f"map_{name}_share"] for name in OVERVIEW_PAGES if row.get(f"map_{name}_share") is not None]
    return max(shares, default=None)


def largest_locator(row: dict) -> int | None:
    sizes = [row[f"locator_{kind}_max"] for kind in LOCATOR_PAGES if row.get(f"locator_{kind}_max") is not None]
    return max(sizes, default=None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mapweight", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="et bygd nettsted")
    args = parser.parse_args(argv)
    print(json.dumps(measure_site(args.site), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
