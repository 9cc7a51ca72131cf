"""Ytelsesmålingen: bygg syntetiske porteføljer på N søknader og mål dem side om side.

    python -m bench.run [--sizes 100 1000 5000] [--seed 1] [--keep] [--no-docs]

For hver N lages et prosjekt (``bench.synth``), og på samme maskin, i samme kjøring, måles:

* prosjektets fulle bygg (``mkdocs build --strict``, eller ``properdocs build --strict`` med
  ``ENGINE=properdocs``: byggemotoren velges som i testene, ``bench.engine``): tid, høyeste minnebruk (summen av
  prosessene), nettstedets størrelse;
* grunnlinjen: et rent MkDocs + Material-bygg av de samme Markdown-filene, uten hooks, med
  Materials eget søk og sidene utenfor navigasjonen (``baseline_config``);
* kjernen alene (innlesing og validering, relaterte søknader) og ``tilskudd check``;
* hva et første besøk på en søknadsside laster ned (HTML, CSS, JavaScript, skrifter,
  søkedata), og hva det første søket laster ned (``bench.firstvisit``, i chromium);
* kartenes vekt på det bygde nettstedet (``bench.mapweight``, gzip): oversiktskartets andel av
  forsiden og /kommuner/, og lokalkartene på kommune- og søknadssidene.

Tabellene og målene skrives ut og til ``bench/results/latest.md``, og tallene settes inn i
``docs/ytelse.md`` (ikke med ``--no-docs``). Med ``--keep`` blir prosjektene liggende i
``bench/results/tmp/n<N>/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal

from . import engine as engines
from . import mapweight
from .preview import PreviewError, SERVE_ARGS, measure_preview
from .synth import ROOT, write_project

LOCALE = "nb_NO"  # figures as the site writes them: 1 234,5
RESULTS = ROOT / "bench" / "results"
KEPT = RESULTS / "tmp"  # git-ignored
DOCS_PAGE = ROOT / "docs" / "ytelse.md"
DOCS_START, DOCS_END = "<!-- måling:start -->", "<!-- måling:slutt -->"
BUILD_EPOCH = "1748822400"  # 2 June 2025, as in the tests: the build date shown on printed pages
CORE_RUNS = 3  # the core timings are the best of this many fresh-interpreter runs
MEMORY_INTERVAL = 0.02  # seconds between samples of the build's resident memory
SEARCH_WORDS = "samtalebehandlingen"  # the vocabulary has «samtalebehandling»: found through the stem

# The targets (issues 8 and 26), checked against the last run's figures, not by timed tests.
BUILD_RATIO_MAX = 1.0  # full build / stock baseline at N=1000
SMALL_RATIO_MAX = 1.3  # full build / stock baseline at N=100
MEMORY_RATIO_MAX = 1.3  # peak memory / stock baseline's at N=1000
GROWTH_MAX = 5.5  # build(5000) / build(1000): linear, with room for noise
PREVIEW_N = 300  # applications in the project where the preview is measured
PREVIEW_MAX = 1.5  # seconds for `make serve` to rebuild after an application is edited
PREVIEW_EDITS = 5
CHECK_MAX = 3.0  # seconds for `tilskudd check` at N=1000
FIRST_VISIT_MAX = 600_000  # bytes for a first visit to an application page at N=1000
# The maps (issue 23), gzip bytes at every N: the overview map's share of its page, a locator map.
OVERVIEW_MAX, LOCATOR_MAX = mapweight.OVERVIEW_MAX, mapweight.LOCATOR_MAX


def build_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH}


class BenchError(Exception):
    pass


# Running a build ------------------------------------------------------------------------------

def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None
                 ) -> tuple[float, dict[str, int], subprocess.CompletedProcess]:
    """Run ``command``; its wall time and its peak resident memory, sampled every
    ``MEMORY_INTERVAL`` s: ``total`` (the process and all its children together), ``main``
    (the process alone) and ``children`` (its children together)."""
    import psutil

    peak = {"total": 0, "main": 0, "children": 0}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**build_env(), **(env or {})}, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()), daemon=True)
    reader.start()
    try:
        watched = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                main, children = _rss(watched), sum(_rss(p) for p in watched.children(recursive=True))
            except psutil.NoSuchProcess:
                main = children = 0
            peak = {"total": max(peak["total"], main + children), "main": max(peak["main"], main),
                    "children": max(peak["children"], children)}
            time.sleep(MEMORY_INTERVAL)
    except psutil.NoSuchProcess:
        pass
    process.wait()
    elapsed = time.perf_counter() - start
    reader.join()
    return elapsed, peak, subprocess.CompletedProcess(command, process.returncode, "".join(output), "")


def _rss(process) -> int:
    import psutil

    try:
        return process.memory_info().rss
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0


PHASES = ("start", "files", "markdown", "templates", "finish")  # bench/phases.py


def add_phase_hook(project: Path) -> None:
    """Add ``bench/phases.py`` as the last hook of the project's MkDocs configuration (a
    ``hooks:`` list written one item per line, or none)."""
    shutil.copy(ROOT / "bench" / "phases.py", project / "bench_phases.py")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    if "bench_phases.py" in text:
        return
    match = re.search(r"^hooks:[ \t]*\n((?:([ \t]*)- .*\n)(?:\2- .*\n)*)", text, re.M)
    if match:
        indent = match.group(2)
        text = text[:match.end()] + f"{indent}- bench_phases.py\n" + text[match.end():]
    elif re.search(r"^hooks:", text, re.M):
        raise BenchError(f"{config}: skriv hooks: som en liste med ett innrykket punkt per linje")
    else:
        text += "\nhooks:\n  - bench_phases.py\n"
    config.write_text(text, "utf-8")


def build_site(project: Path) -> dict:
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    add_phase_hook(project)
    phases_file = project / "bench-phases.json"
    phases_file.unlink(missing_ok=True)
    engine = engines.selected()
    elapsed, peak, result = run_measured(engines.command(engine, "build", "--strict", "--quiet"), project,
                                         {"BENCH_PHASES": str(phases_file)})
    if result.returncode != 0:
        raise BenchError(f"{engine.name} build feilet i {project}:\n{result.stdout[-4000:]}")
    files = [p for p in site.rglob("*") if p.is_file()]
    phases = json.loads(phases_file.read_text("utf-8")) if phases_file.is_file() else {}
    return {"s": elapsed, "peak": peak["total"], "peak_main": peak["main"], "peak_children": peak["children"],
            "bytes": sum(p.stat().st_size for p in files), "files": len(files), "phases": phases}


# The baselines ------------------------------------------------------------------------------

# What a user would pick instead (issue 26): stock MkDocs + Material on the same files, with the
# theme's defaults in Norwegian, without web fonts, and its own search. The applications stay out of
# the navigation, as in the project: listed there, every page would embed all of them and the
# build would grow with the square of their number.
STOCK_CONFIG = (
    "site_name: Grunnlinje\n"
    "theme:\n  name: material\n  language: nb\n  font: false\n"
    "plugins:\n  - search\n"
    "nav:\n  - index.md\n"
    "not_in_nav: |\n  /soknader/*.md\n"
)
BASELINES = {"baseline": "grunnlinjen", "baseline_ext": "grunnlinjen med prosjektets Markdown-utvidelser"}


def baseline_config(project: Path, extensions: bool = False) -> str:
    """The stock build (``STOCK_CONFIG``); with ``extensions``, the project's Markdown extensions
    added (Pygments highlighting and the project's heading slugs among them), which shows how
    much of the difference is the Markdown stage."""
    if not extensions:
        return STOCK_CONFIG
    text = (project / "mkdocs.yml").read_text("utf-8")
    match = re.search(r"^markdown_extensions:\n(?:[ #].*\n|\n)*", text, re.M)
    if match is None:
        raise BenchError("fant ikke markdown_extensions i mkdocs.yml")
    return STOCK_CONFIG + match.group(0)


def write_baseline(project: Path, extensions: bool = False) -> Path:
    """The baseline project, next to the project: the same application files, as they are."""
    baseline = project / ("baseline_ext" if extensions else "baseline")
    shutil.rmtree(baseline, ignore_errors=True)
    folder = baseline / "docs" / "soknader"
    folder.mkdir(parents=True)
    for path in sorted((project / "applications").rglob("*.md")):
        shutil.copy(path, folder / path.name)
    (baseline / "docs" / "index.md").write_text("# Grunnlinje\n\nSøknadene er utenfor navigasjonen.\n", "utf-8")
    (baseline / "mkdocs.yml").write_text(baseline_config(project, extensions), "utf-8")
    return baseline


# Measurements -------------------------------------------------------------------------------

def measure_builds(project: Path) -> dict:
    """The two baselines and the project's full build, one after the other."""
    figures = {}
    for key, extensions in (("baseline", False), ("baseline_ext", True)):
        measured = build_site(write_baseline(project, extensions))
        figures.update({f"{key}_s": measured["s"], f"{key}_peak": measured["peak"], f"{key}_bytes": measured["bytes"],
                        f"{key}_phases": measured["phases"]})
    build = build_site(project)
    return {**figures, "phases": build["phases"], "build_s": build["s"], "peak": build["peak"],
            "peak_main": build["peak_main"], "peak_children": build["peak_children"], "site_bytes": build["bytes"],
            "site_files": build["files"]}


def measure_core(project: Path) -> dict:
    """Load+validate and the related-applications computation, each the best of ``CORE_RUNS``
    runs in a fresh interpreter (``bench.core``)."""
    runs = []
    for _ in range(CORE_RUNS):
        result = subprocess.run([sys.executable, "-m", "bench.core", str(project)],
                                cwd=ROOT, env=build_env(), capture_output=True, text=True)
        if result.returncode != 0:
            raise BenchError(f"bench.core feilet for {project}:\n{result.stderr[-4000:]}")
        runs.append(json.loads(result.stdout))
    figures = {"load_s": min(r["load_s"] for r in runs), "notices": runs[0]["notices"]}
    related = [r["related_s"] for r in runs if r.get("related_s") is not None]
    figures["related_s"] = min(related) if related else None
    return figures


def measure_check(project: Path) -> dict:
    """Wall time of the contributors' ``tilskudd check`` on every file, as they run it: a new
    process, imports included; the best of ``CORE_RUNS``. It must find no errors."""
    command = Path(sys.executable).with_name("tilskudd")
    times = []
    for _ in range(CORE_RUNS):
        start = time.perf_counter()
        result = subprocess.run([str(command), "check"], cwd=project, env=build_env(), capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise BenchError(f"tilskudd check feilet i {project}:\n{(result.stdout + result.stderr)[-4000:]}")
    return {"check_s": min(times)}


def largest_application_page(site: Path) -> str:
    """The address of the largest application page: the worst first visit."""
    pages = sorted((site / "soknader").glob("*/index.html"), key=lambda p: (-p.stat().st_size, p.as_posix()))
    if not pages:
        raise BenchError(f"ingen søknadssider i {site}")
    return f"/soknader/{pages[0].parent.name}/"


def measure_first_visit(project: Path) -> dict:
    """Bytes a first visit to the largest application page downloads, on the project's site and
    on the baseline's; and the first search on the project's site."""
    from .firstvisit import chromium, measure

    if chromium() is None:
        log("chromium mangler: første besøk måles ikke (kjør «make browser» som root).")
        return {}
    path = largest_application_page(project / "site")
    ours = measure(project / "site", path, SEARCH_WORDS)
    baseline = measure(project / "baseline" / "site", path)
    outside = ours["page"].outside + ours["search"].outside
    if outside:
        raise BenchError(f"forespørsler ut av nettstedet: {outside}")
    return {"visit_page": path, "visit_bytes": ours["page"].total, "visit_kinds": ours["page"].by_kind,
            "search_bytes": ours["search"].total, "search_hits": ours["search"].hits,
            "baseline_visit_bytes": baseline["page"].total}


def measure_maps(project: Path) -> dict:
    """The maps' weight on the project's built site (``bench.mapweight``): sizes, not times."""
    return mapweight.measure_site(project / "site")


MEASUREMENTS: tuple[Callable[[Path], dict], ...] = (measure_builds, measure_maps, measure_core, measure_check,
                                                    measure_first_visit)


def derive(figures: dict) -> dict:
    """Figures computed from the others."""
    derived = {}
    if figures.get("baseline_s"):
        derived["build_ratio"] = figures["build_s"] / figures["baseline_s"]
    if figures.get("baseline_ext_s"):
        derived["build_ext_ratio"] = figures["build_s"] / figures["baseline_ext_s"]
    if figures.get("baseline_peak"):
        derived["memory_ratio"] = figures["peak"] / figures["baseline_peak"]
    return derived


# The tables ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    header: str
    format: Callable[[object], str]


def _fixed(digits: int) -> Callable[[object], str]:
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return lambda value: format_decimal(value, format=pattern, locale=LOCALE)


def _mb(value: object) -> str:
    return _fixed(1)(value / 1_000_000)


def _num(value: float) -> str:
    return format_decimal(value, locale=LOCALE)


def _kb(value: object) -> str:
    return _fixed(0)(value / 1000)


BUILD_COLUMNS = (
    Column("n", "N", str),
    Column("build_s", "bygg s", _fixed(1)),
    Column("baseline_s", "grunnlinje s", _fixed(1)),
    Column("build_ratio", "bygg / grunnlinje", _fixed(2)),
    Column("baseline_ext_s", "grunnlinje med utvidelser s", _fixed(1)),
    Column("build_ext_ratio", "bygg / grunnlinje med utvidelser", _fixed(2)),
    Column("peak", "minne MB", _mb),
    Column("peak_children", "derav barneprosesser MB", _mb),
    Column("baseline_peak", "grunnlinje MB", _mb),
    Column("memory_ratio", "minne / grunnlinje", _fixed(2)),
    Column("site_bytes", "nettsted MB", _mb),
    Column("baseline_bytes", "grunnlinje nettsted MB", _mb),
    Column("site_files", "filer", str),
)
PART_COLUMNS = (
    Column("n", "N", str),
    Column("load_s", "innlesing s", _fixed(2)),
    Column("related_s", "relaterte s", _fixed(2)),
    Column("check_s", "check s", _fixed(2)),
    Column("visit_bytes", "første besøk kB", _kb),
    Column("baseline_visit_bytes", "grunnlinje første besøk kB", _kb),
    Column("search_bytes", "første søk kB", _kb),
    Column("search_hits", "treff", str),
)


def _gz_kb(value: object) -> str:
    return _fixed(1)(value / 1000)


MAP_COLUMNS = (
    Column("n", "N", str),
    Column("map_forsiden_with", "forsiden kB", _gz_kb),
    Column("map_forsiden_without", "forsiden uten kart kB", _gz_kb),
    Column("map_forsiden_share", "forsiden: kartets andel kB", _gz_kb),
    Column("map_kommuner_with", "/kommuner/ kB", _gz_kb),
    Column("map_kommuner_without", "/kommuner/ uten kart kB", _gz_kb),
    Column("map_kommuner_share", "/kommuner/: kartets andel kB", _gz_kb),
    Column("locator_kommunesider_max", "lokalkart kommuneside største kB", _gz_kb),
    Column("locator_kommunesider_median", "lokalkart kommuneside median kB", _gz_kb),
    Column("locator_soknadssider_max", "lokalkart søknadsside største kB", _gz_kb),
    Column("locator_soknadssider_median", "lokalkart søknadsside median kB", _gz_kb),
)


def table(rows: list[dict], columns=BUILD_COLUMNS) -> str:
    lines = ["| " + " | ".join(c.header for c in columns) + " |",
             "|" + "|".join("--:" for _ in columns) + "|"]
    for row in rows:
        cells = [c.format(row[c.key]) if row.get(c.key) is not None else "–" for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


PHASE_NAMES = {"start": "oppstart", "files": "før sidene (med kjernen)", "markdown": "Markdown",
               "templates": "statiske filer, maler og skriving", "finish": "etter siste side"}


def phases_table(rows: list[dict]) -> str:
    """Seconds per phase of each build (``bench/phases.py``), the project's beside the baseline's."""
    lines = ["| N | bygg | " + " | ".join(PHASE_NAMES[p] for p in PHASES) + " |", "|--:|:--|" + "--:|" * len(PHASES)]
    for row in rows:
        for label, key in (("prosjektet", "phases"), *((label, f"{key}_phases") for key, label in BASELINES.items())):
            phases = row.get(key) or {}
            cells = [_fixed(1)(phases[p]) if p in phases else "–" for p in PHASES]
            lines.append(f"| {row['n']} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(rows: list[dict], preview: dict | None = None) -> list[tuple[str, str, bool | None]]:
    """Each target with the measured value and whether it is met (None: not measured)."""
    by_n = {row["n"]: row for row in rows}
    at = by_n.get(1000, {})
    preview = preview or {}
    results: list[tuple[str, str, bool | None]] = []

    def add(text: str, value: float | None, limit: float, shown: Callable[[float], str]) -> None:
        results.append((text, "ikke målt" if value is None else shown(value), None if value is None else value <= limit))

    add(f"Bygg ved N = 1000 høyst {_num(BUILD_RATIO_MAX)} × grunnlinjen", at.get("build_ratio"), BUILD_RATIO_MAX,
        lambda v: f"{_fixed(2)(v)} ×")
    add(f"Bygg ved N = 100 høyst {_num(SMALL_RATIO_MAX)} × grunnlinjen", by_n.get(100, {}).get("build_ratio"),
        SMALL_RATIO_MAX, lambda v: f"{_fixed(2)(v)} ×")
    add(f"Minne ved N = 1000 høyst {_num(MEMORY_RATIO_MAX)} × grunnlinjen", at.get("memory_ratio"), MEMORY_RATIO_MAX,
        lambda v: f"{_fixed(2)(v)} ×")
    growth = (by_n[5000]["build_s"] / by_n[1000]["build_s"]) if 5000 in by_n and 1000 in by_n else None
    add(f"Bygg ved N = 5000 høyst {_num(GROWTH_MAX)} × bygg ved N = 1000", growth, GROWTH_MAX,
        lambda v: f"{_fixed(2)(v)} ×")
    add(f"`make serve` bygger på nytt etter en endret søknad ved N = {preview.get('n', PREVIEW_N)} på høyst "
        f"{_num(PREVIEW_MAX)} s (median)", preview.get("rebuild_s"), PREVIEW_MAX, lambda v: f"{_fixed(2)(v)} s")
    add(f"`tilskudd check` ved N = 1000 under {_num(CHECK_MAX)} s", at.get("check_s"), CHECK_MAX,
        lambda v: f"{_fixed(2)(v)} s")
    add(f"Første besøk på en søknadsside ved N = 1000 høyst {FIRST_VISIT_MAX // 1000} kB", at.get("visit_bytes"),
        FIRST_VISIT_MAX, lambda v: f"{_kb(v)} kB")
    # The maps: the largest over every N measured (their weight hardly depends on N).
    shares = [share for row in rows if (share := mapweight.largest_overview_share(row)) is not None]
    add(f"Oversiktskartets andel av forsiden og /kommuner/ høyst {OVERVIEW_MAX // 1000} kB (gzip) ved alle N",
        max(shares, default=None), OVERVIEW_MAX, lambda v: f"{_gz_kb(v)} kB")
    locators = [size for row in rows if (size := mapweight.largest_locator(row)) is not None]
    add(f"Hvert lokalkart (kommune- og søknadssider) høyst {LOCATOR_MAX // 1000} kB (gzip) ved alle N",
        max(locators, default=None), LOCATOR_MAX, lambda v: f"{_gz_kb(v)} kB")
    return results


def targets_text(rows: list[dict], preview: dict | None = None) -> str:
    marks = {True: "oppfylt", False: "**ikke oppfylt**", None: "ikke målt i denne kjøringen"}
    lines = ["| Mål | Målt | Status |", "|---|--:|---|"]
    lines += [f"| {text} | {value} | {marks[met]} |" for text, value, met in targets(rows, preview)]
    return "\n".join(lines)


# Machine facts ------------------------------------------------------------------------------

def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "ukjent"


def memory_total() -> str:
    import psutil

    return f"{psutil.virtual_memory().total / 2**30:.0f} GiB"


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "ukjent"
    return head + (" (med lokale endringer)" if dirty else "")


def machine_facts() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "Prosessor": cpu_model(),
        "Kjerner": str(os.cpu_count()),
        "Minne": memory_total(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Byggemotor / Material / cmark-gfm": f"{engines.selected().label} {engines.version(engines.selected())} / "
                                             f"{version('mkdocs-material')} / {version('cmarkgfm')}",
        "Plattform": platform.platform(),
        "Versjon (commit)": git_commit(),
        "Tidspunkt": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


LOCATOR_KINDS = {"kommunesider": "kommuneside", "soknadssider": "søknadsside"}


def largest_maps(rows: list[dict]) -> list[str]:
    """For each N, the pages with the largest locator map, and how many pages were measured."""
    lines = []
    for row in rows:
        parts = [f"{label} {row[f'locator_{kind}_largest']} ({row[f'locator_{kind}_pages']} sider målt)"
                 for kind, label in LOCATOR_KINDS.items() if row.get(f"locator_{kind}_largest")]
        if parts:
            lines.append(f"- N = {row['n']}, største lokalkart: " + "; ".join(parts))
    return lines


def preview_table(preview: dict) -> str:
    """The preview's figures (``bench.preview``), one row."""
    if not preview:
        return "Ikke målt i denne kjøringen."
    return "\n".join([
        "| N | første bygging s | ombygging s (median) | ombygging s (største) | fra lagring til ferdig s (median) | endringer |",
        "|--:|--:|--:|--:|--:|--:|",
        f"| {preview['n']} | {_fixed(1)(preview['first_s'])} | {_fixed(2)(preview['rebuild_s'])} | "
        f"{_fixed(2)(preview['rebuild_max'])} | {_fixed(2)(preview['wait_s'])} | {preview['edits']} |",
    ])


def report(rows: list[dict], facts: dict[str, str], seed: int, preview: dict | None = None) -> str:
    """The results in Markdown: tables, targets, how they were measured, the machine."""
    visits = [f"- N = {row['n']}: {row['visit_page']} ({', '.join(f'{k} {_kb(v)} kB' for k, v in sorted(row['visit_kinds'].items()))})"
              for row in rows if row.get("visit_page")]
    lines = [
        "### Bygg",
        "",
        table(rows, BUILD_COLUMNS),
        "",
        "### Deler og besøk",
        "",
        table(rows, PART_COLUMNS),
        "",
        "### Kartets andel",
        "",
        table(rows, MAP_COLUMNS),
        "",
        f"Grensene: oversiktskartet skal legge høyst {OVERVIEW_MAX // 1000} kB (gzip) til forsiden og "
        f"/kommuner/, og hvert lokalkart skal være høyst {LOCATOR_MAX // 1000} kB (gzip). Se *Mål* nedenfor.",
        "",
        "### Hvor tiden går",
        "",
        phases_table(rows),
        "",
        "### Forhåndsvisningen",
        "",
        preview_table(preview or {}),
        "",
        "### Mål",
        "",
        targets_text(rows, preview),
        "",
        "### Slik er det målt",
        "",
        f"- Syntetiske porteføljer fra `bench.synth` (frø {seed}): søknader med 10–20 kB tekst under skjemaets "
        "overskrifter, spredt på helsefellesskap, runder, kommuner og tema.",
        f"- *bygg s*: veggklokketid for `{engines.selected().name} build --strict` i en egen prosess, med søkeindeksen. "
        "*grunnlinje s*: det samme for rent MkDocs + Material på de samme Markdown-filene: `theme: material` "
        "med `language: nb` og `font: false`, Materials søk, ingen hooks og ingen andre innstillinger enn at "
        "søknadene holdes utenfor navigasjonen. *grunnlinje med utvidelser s*: den samme med prosjektets "
        "Markdown-utvidelser. De tre byggene kjøres etter hverandre i samme kjøring.",
        "- *minne MB*: høyeste sum av residentminnet (RSS) til byggeprosessen og alle barneprosessene, "
        f"målt hvert {MEMORY_INTERVAL * 1000:.0f}. millisekund; *derav barneprosesser*: høyeste sum for "
        "barneprosessene alene (prosjektet starter ingen; tallet viser at det holder seg slik).",
        "- *Hvor tiden går*: sekunder i hver del av de samme byggene, notert av `bench/phases.py` (en hook "
        "som legges sist i begge byggene): oppstart; alt før sidene (tømming av `site/`, MkDocs' filliste og "
        "kjernens `on_files`: innlesing, kontroll, de genererte sidene og filene, søkeindeksen); Markdown "
        "til HTML for alle sider (søknadssidene lager kjernen selv, med cmark-gfm og rensing); temaets statiske filer, maler og skriving "
        "av sidene (i grunnlinjen også Materials søk, som leser hver side; i prosjektet også søkeindeksens "
        "filer, som kopieres inn som de andre genererte filene); og resten etter siste side (Materials "
        "søkeindeks i grunnlinjen).",
        f"- *Forhåndsvisningen*: `{engines.selected().name} {' '.join(SERVE_ARGS)}` (som `make serve`) i et eget "
        "prosjekt med N søknader. Etter den første byggingen endres én søknad om gangen, etter tur teksten, "
        "tittelen og beløpet det søkes om (med en budsjettlinje); siden skal vise endringen etterpå. "
        "*ombygging s*: byggetiden slik byggemotoren selv måler den (`Documentation built in`); *fra lagring "
        "til ferdig*: fra fila er lagret til bygget er ferdig, med tiden det tar før endringen oppdages "
        "(MkDocs ser etter endringer hvert halve sekund).",
        f"- *innlesing s*, *relaterte s*, *check s*: beste av {CORE_RUNS} kjøringer, hver i en ny prosess.",
        "- *første besøk kB*: alt en nettleser (chromium, tom hurtigbuffer) laster ned for den største "
        "søknadssiden til nettverket er stille: HTML, CSS, JavaScript, bilder, skrifter og søkedata, "
        "ukomprimert. *grunnlinje første besøk*: samme side i grunnlinjen, der Materials søk laster hele "
        f"søkeindeksen. *første søk kB*: søkesiden med «{SEARCH_WORDS}» i en ny nettleser; *treff*: antall treff.",
        *visits,
        f"- *Kartets andel*: størrelser etter gzip-komprimering på nivå {mapweight.GZIP_LEVEL} (standardnivået i "
        "Pythons `gzip`), med gzip-hodet, på de bygde sidene. *forsiden kB* og */kommuner/ kB*: hele siden; "
        "*uten kart*: den samme siden uten oversiktskartet (elementet `<figure class=\"kart kart--oversikt\">`); "
        "*kartets andel*: forskjellen, det kartet legger til siden. *lokalkart*: elementet "
        "`<figure class=\"kart kart--lokal\">` alene, komprimert, på hver kommuneside og hver søknadsside; "
        "den største og medianen. Størrelsene er de samme fra kjøring til kjøring.",
        *largest_maps(rows),
        "",
        "### Maskin",
        "",
        *(f"- {key}: {value}" for key, value in facts.items()),
        "",
    ]
    return "\n".join(lines)


def update_docs(text: str, page: Path = DOCS_PAGE) -> None:
    """Put the results between the markers on the documentation page."""
    content = page.read_text("utf-8")
    start, end = content.find(DOCS_START), content.find(DOCS_END)
    if start < 0 or end < start:
        raise BenchError(f"{page} mangler merkene {DOCS_START} og {DOCS_END}")
    page.write_text(content[:start + len(DOCS_START)] + "\n\n" + text.strip() + "\n\n" + content[end:], "utf-8")


# Running ------------------------------------------------------------------------------------

def git_snapshot(project: Path) -> None:
    """Commit the generated project to a repository of its own, as the real site is built
    from a git checkout (the site reads each file's last-change date from git)."""
    git = shutil.which("git")
    if git is None:
        return
    env = {**os.environ, "GIT_AUTHOR_DATE": "2025-06-01T12:00:00+02:00", "GIT_COMMITTER_DATE": "2025-06-01T12:00:00+02:00",
           "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-gpg-sign", "-m", "Synthetic portfolio"]):
        subprocess.run([git, "-C", str(project), *args], env=env, check=True, capture_output=True)


def bench_size(project: Path, n: int, seed: int) -> dict:
    log(f"N={n}: lager prosjektet i {project}")
    write_project(project, n, seed)
    (project / ".gitignore").write_text("site/\nbaseline/\nbaseline_ext/\n", encoding="utf-8")
    git_snapshot(project)
    row: dict = {"n": n}
    for measurement in MEASUREMENTS:
        log(f"N={n}: {measurement.__name__}")
        row.update(measurement(project))
    row.update(derive(row))
    return row


def bench_preview(n: int, seed: int) -> dict:
    """``make serve`` on a project of ``n`` applications, timed after scripted edits (``bench.preview``)."""
    with tempfile.TemporaryDirectory(prefix=f"bench-preview-n{n}-") as tmp:
        project = Path(tmp)
        log(f"Forhåndsvisning: lager prosjektet med {n} søknader")
        write_project(project, n, seed)
        git_snapshot(project)
        log("Forhåndsvisning: måler")
        try:
            return measure_preview(project, build_env(), PREVIEW_EDITS)
        except PreviewError as exc:
            raise BenchError(f"forhåndsvisningen feilet: {exc}") from None


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], metavar="N",
                        help="antall søknader (standard: 100 1000; 5000 når du ber om det)")
    parser.add_argument("--seed", type=int, default=1, help="frø for de syntetiske søknadene (standard: 1)")
    parser.add_argument("--preview-size", type=int, default=PREVIEW_N, metavar="N",
                        help=f"antall søknader der forhåndsvisningen måles (standard: {PREVIEW_N}; 0: ikke mål den)")
    parser.add_argument("--keep", action="store_true", help=f"behold prosjektene i {KEPT.relative_to(ROOT)}/")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.md", help="hvor resultatene skrives")
    parser.add_argument("--no-docs", action="store_true", help=f"ikke sett tallene inn i {DOCS_PAGE.relative_to(ROOT)}")
    args = parser.parse_args(argv)

    rows = []
    try:
        for n in args.sizes:
            if args.keep:
                project = KEPT / f"n{n}"
                shutil.rmtree(project, ignore_errors=True)
                rows.append(bench_size(project, n, args.seed))
            else:
                with tempfile.TemporaryDirectory(prefix=f"bench-n{n}-") as tmp:
                    rows.append(bench_size(Path(tmp), n, args.seed))
        preview = bench_preview(args.preview_size, args.seed) if args.preview_size else None
        text = report(rows, machine_facts(), args.seed, preview)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text("# Ytelsesmåling: siste kjøring\n\n" + text, encoding="utf-8")
        if not args.no_docs:
            update_docs(text)
    except BenchError as exc:
        log(str(exc))
        return 1
    print(table(rows, BUILD_COLUMNS) + "\n\n" + table(rows, PART_COLUMNS) + "\n\n" + table(rows, MAP_COLUMNS)
          + "\n\n" + preview_table(preview or {}) + "\n\n" + targets_text(rows, preview))
    log(f"Skrevet til {args.output}" + ("" if args.no_docs else f" og {DOCS_PAGE.relative_to(ROOT)}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
