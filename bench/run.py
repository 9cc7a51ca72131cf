"""The benchmark: build synthetic portfolios of N applications and time the pieces.

    python -m bench.run [--sizes 100 1000] [--seed 1] [--keep]

For each N, a project is generated (``bench.synth``) and measured on this machine in the same
run. Each measurement is a function from the project folder to a dict of figures; the table's
columns name the figures they show. A new measurement (a plain MkDocs build as baseline,
peak memory, first-visit download size) is one more function in ``MEASUREMENTS`` and its
columns in ``COLUMNS``.

The table is printed and written, with the machine's facts, to ``bench/results/latest.md``.
With ``--keep`` the projects (and their built sites) are left in ``bench/results/tmp/n<N>/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .synth import ROOT, write_project

RESULTS = ROOT / "bench" / "results"
KEPT = RESULTS / "tmp"  # git-ignored
BUILD_EPOCH = "1748822400"  # 2 June 2025, as in the tests: the build date shown on printed pages
CORE_RUNS = 3  # the core timings are the best of this many fresh-interpreter runs
SHARE_TARGET = 10.0  # per cent of the full build the relatedness computation may take at N=1000
CHECK_TARGET = 5.0  # seconds `tilskudd check` may take at N=1000 ("well under" this)


def build_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH}


# Measurements -------------------------------------------------------------------------------

def measure_build(project: Path) -> dict:
    """Wall time of ``mkdocs build --strict --quiet`` in the project, and the built site's size."""
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
                            cwd=project, env=build_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise BenchError(f"mkdocs build failed in {project}:\n{(result.stdout + result.stderr)[-4000:]}")
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"build_s": elapsed, "site_bytes": sum(p.stat().st_size for p in files), "site_files": len(files)}


def measure_core(project: Path) -> dict:
    """Load+validate and the related-applications computation, each the best of ``CORE_RUNS``
    runs in a fresh interpreter (``bench.core``)."""
    runs = []
    for _ in range(CORE_RUNS):
        result = subprocess.run([sys.executable, "-m", "bench.core", str(project)],
                                cwd=ROOT, env=build_env(), capture_output=True, text=True)
        if result.returncode != 0:
            raise BenchError(f"bench.core failed for {project}:\n{result.stderr[-4000:]}")
        runs.append(json.loads(result.stdout))
    figures = {"load_s": min(r["load_s"] for r in runs), "notices": runs[0]["notices"]}
    related = [r["related_s"] for r in runs if r.get("related_s") is not None]
    figures["related_s"] = min(related) if related else None
    errors = [r["related_error"] for r in runs if r.get("related_error")]
    if errors:
        figures["related_error"] = errors[0]
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
            raise BenchError(f"tilskudd check failed in {project}:\n{(result.stdout + result.stderr)[-4000:]}")
    return {"check_s": min(times)}


def derive(figures: dict) -> dict:
    """Figures computed from the others."""
    related, build = figures.get("related_s"), figures.get("build_s")
    share = related / build * 100 if related is not None and build else None
    return {"related_share": share}


MEASUREMENTS: tuple[Callable[[Path], dict], ...] = (measure_build, measure_core, measure_check)


# The table ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    header: str
    format: Callable[[object], str]


def _fixed(digits: int) -> Callable[[object], str]:
    return lambda value: f"{value:.{digits}f}"


COLUMNS = (
    Column("n", "N", str),
    Column("build_s", "build s", _fixed(1)),
    Column("site_bytes", "site MB", lambda v: f"{v / 1_000_000:.1f}"),
    Column("site_files", "files", str),
    Column("load_s", "load+validate s", _fixed(2)),
    Column("related_s", "related s", _fixed(3)),
    Column("related_share", "related share %", _fixed(1)),
    Column("check_s", "check s", _fixed(2)),
)


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(c.header for c in COLUMNS) + " |",
             "|" + "|".join("--:" for _ in COLUMNS) + "|"]
    for row in rows:
        cells = [c.format(row[c.key]) if row.get(c.key) is not None else "n/a" for c in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# Machine facts ------------------------------------------------------------------------------

def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with local changes)" if dirty else "")


def machine_facts() -> dict[str, str]:
    return {
        "CPU": cpu_model(),
        "CPU count": str(os.cpu_count()),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Platform": platform.platform(),
        "Commit": git_commit(),
        "Date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def report(rows: list[dict], facts: dict[str, str], seed: int) -> str:
    notes = []
    for row in rows:
        if row.get("related_error"):
            notes.append(f"- N={row['n']}: related n/a ({row['related_error']})")
        if row.get("notices"):
            notes.append(f"- N={row['n']}: {row['notices']} data-quality notices in the synthetic portfolio")
    lines = [
        "# Benchmark: latest run",
        "",
        table(rows),
        "",
        f"Synthetic portfolios from `bench.synth` (seed {seed}). *build s*: wall time of "
        "`mkdocs build --strict --quiet` in a subprocess; *load+validate s* and *related s*: best of "
        f"{CORE_RUNS} runs, each in a fresh interpreter; *related share %*: related s as a share of "
        f"build s (target: under {SHARE_TARGET:g} % at N=1000); *check s*: wall time of `tilskudd check` "
        f"on every file in a new process, best of {CORE_RUNS} (target: well under {CHECK_TARGET:g} s at N=1000).",
        "",
        *(notes + [""] if notes else []),
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in facts.items()),
        "",
    ]
    return "\n".join(lines)


# Running ------------------------------------------------------------------------------------

class BenchError(Exception):
    pass


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
    log(f"N={n}: generating project in {project}")
    write_project(project, n, seed)
    (project / ".gitignore").write_text("site/\n", encoding="utf-8")
    git_snapshot(project)
    row: dict = {"n": n}
    for measurement in MEASUREMENTS:
        log(f"N={n}: {measurement.__name__}")
        row.update(measurement(project))
    row.update(derive(row))
    return row


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], metavar="N",
                        help="numbers of applications (default: 100 1000; 5000 when asked)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help=f"keep the projects in {KEPT.relative_to(ROOT)}/")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.md")
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
    except BenchError as exc:
        log(str(exc))
        return 1
    text = report(rows, machine_facts(), args.seed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(table(rows))
    log(f"Written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
