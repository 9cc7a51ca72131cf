"""How fast `make serve` shows an edited application: the serving process, a scripted edit.

``measure_preview(project)`` starts the engine's ``serve`` with the arguments of ``make serve``
(``SERVE_ARGS``) in a built-for-the-purpose project, waits for the first build, then edits one
application at a time in the ways contributors do (the text, the title, the amount applied for
with its budget line), and times each rebuild: from the moment the file is saved until the
engine reports the build done (*fra lagring*), and the build alone as the engine times it
(*ombygging*). After each edit the served page must show the change. ``python -m bench.preview
PROJECT`` measures a project on its own.
"""

from __future__ import annotations

import json
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import engine as engines

SERVE_ARGS = ("serve", "--dirty")  # as in the Makefile's serve target (tests/test_bench.py holds them equal)
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
FAILED = re.compile(r"Aborted|Traceback|ERROR")
TIMEOUT = 300.0  # seconds for the first build; each rebuild gets a third


class PreviewError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The engine's serve command, its output read line by line with the time each arrived."""

    def __init__(self, project: Path, env: dict[str, str]):
        self.port = free_port()
        command = engines.command(engines.selected(), *SERVE_ARGS, "--dev-addr", f"127.0.0.1:{self.port}")
        self.process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def log(self) -> str:
        return "\n".join(line for _, line in self.lines[-60:])

    def wait_built(self, after: int, timeout: float) -> tuple[float, float]:
        """The time the next ``Documentation built`` line arrived after line ``after``, and the
        seconds it names."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for arrived, line in self.lines[after:]:
                if FAILED.search(line):
                    raise PreviewError(f"bygget feilet:\n{self.log()}")
                if match := BUILT.search(line):
                    return arrived, float(match.group(1))
            if self.process.poll() is not None:
                break
            time.sleep(0.01)
        raise PreviewError(f"ingen ny bygging innen {timeout:.0f} s:\n{self.log()}")

    def page(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._reader.join(timeout=5)


def edits(text: str, number: int) -> tuple[str, str]:
    """The file after edit ``number`` (text, title, or amount with its budget line, in turn), and
    what the served page must then show."""
    mark = f"endring {number}"
    kind = number % 3
    if kind == 0:  # a sentence added to the text
        return text.rstrip("\n") + f"\n\nTillegg skrevet under forhåndsvisning, {mark}.\n", f"{mark}."
    if kind == 1:  # the title
        changed, count = re.subn(r"^title: (.*)$", lambda m: f"title: {m.group(1).strip(chr(34))} ({mark})", text,
                                 count=1, flags=re.M)
        if count:
            return changed, f"({mark})"
    # The amount applied for and the first budget line, up by the same sum.
    requested = re.search(r"^(  requested: )(\d+)$", text, re.M)
    line = re.search(r"^(\s+amount: )(\d+)$", text, re.M)
    if requested is None or line is None or line.start() < requested.end():
        raise PreviewError("fant ikke budget.requested og en budsjettlinje etter den å endre")
    added = 1000 + number
    total = int(requested.group(2)) + added
    text = (text[:requested.start()] + f"{requested.group(1)}{total}" + text[requested.end():line.start()]
            + f"{line.group(1)}{int(line.group(2)) + added}" + text[line.end():])
    return text, f"{total:,}".replace(",", "\u00a0") + "\u00a0kr"


def measure_preview(project: Path, env: dict[str, str], count: int) -> dict:
    """Start serving ``project``, edit ``count`` applications one after the other, and time the
    rebuilds. The files are put back afterwards."""
    files = sorted((project / "applications").rglob("*.md"))
    if not files:
        raise PreviewError(f"ingen søknader i {project}")
    originals: dict[Path, str] = {}
    server = Server(project, env)
    rebuilds, waits = [], []
    try:
        _, first = server.wait_built(0, TIMEOUT)
        for number in range(count):
            path = files[(number * 7919) % len(files)]  # spread over the portfolio
            text = originals.setdefault(path, path.read_text("utf-8"))
            changed, shown = edits(text, number)
            seen = len(server.lines)
            time.sleep(0.6)  # the watcher polls every half second: let it see the file as it was
            start = time.perf_counter()
            path.write_text(changed, "utf-8")
            arrived, built = server.wait_built(seen, TIMEOUT / 3)
            waits.append(arrived - start)
            rebuilds.append(built)
            slug = path.stem
            if shown not in server.page(f"/soknader/{slug}/"):
                raise PreviewError(f"/soknader/{slug}/ viser ikke endringen «{shown}» etter ny bygging")
    finally:
        server.stop()
        for path, text in originals.items():
            path.write_text(text, "utf-8")
    return {"n": len(files), "first_s": first, "rebuild_s": statistics.median(rebuilds), "rebuild_max": max(rebuilds),
            "wait_s": statistics.median(waits), "edits": count}


def main(argv: list[str] | None = None) -> int:
    import os

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("Bruk: python -m bench.preview PROSJEKTMAPPE [ANTALL-ENDRINGER]", file=sys.stderr)
        return 2
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        print(json.dumps(measure_preview(Path(args[0]).resolve(), env, int(args[1]) if len(args) > 1 else 5)))
    except PreviewError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
