"""Time the portfolio core in a fresh interpreter: ``python -m bench.core PROJECT``.

Prints one JSON object: ``load_s`` (read and validate every application,
``grant_portfolio.model.portfolio.load_portfolio``) and ``related_s`` (the related-applications
computation alone, on the loaded portfolio), or ``related_error`` when that module cannot be
imported. ``bench.run`` starts this once per repetition, so every repetition starts with cold
caches (stems, parsed templates) as a site build does, rather than timing warm caches after
the first round.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def measure(project: Path) -> dict:
    from grant_portfolio.model.portfolio import load_portfolio

    result: dict = {}
    start = time.perf_counter()
    portfolio = load_portfolio(project / "applications", project)
    result["load_s"] = time.perf_counter() - start
    result["applications"] = len(portfolio.applications)
    result["notices"] = len(portfolio.notices)
    try:
        from grant_portfolio.model.related import related_applications
    except Exception as exc:  # the module is new; a benchmark without it still reports the rest
        result["related_s"] = None
        result["related_error"] = f"{type(exc).__name__}: {exc}"
        return result
    start = time.perf_counter()
    try:
        related_applications(portfolio)
    except Exception as exc:  # reported in the results rather than hiding the other figures
        result["related_s"] = None
        result["related_error"] = f"{type(exc).__name__}: {exc}"
        return result
    result["related_s"] = time.perf_counter() - start
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m bench.core PROJECT_DIR", file=sys.stderr)
        return 2
    print(json.dumps(measure(Path(args[0]).resolve())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
