"""`make serve` (`mkdocs serve --dirty`, or `properdocs serve --dirty`: the engine the Makefile chose) picks up added,
edited and removed application files: the hook reads `applications/` on every build, the folder is in `watch:`, and
the pages that are gone are removed."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENGINE, ROOT, copy_project, engines, front

from bench.preview import SERVE_ARGS

pytestmark = pytest.mark.build
TIMEOUT = 90  # seconds for one rebuild to show, on a loaded machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page, or None while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition: Callable[[], bool], what: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        if server.poll() is not None:
            break
        time.sleep(0.3)
    pytest.fail(f"ventet forgjeves på at {what}. Logg fra {ENGINE.name} serve:\n{log.read_text('utf-8')}")


def test_serve_rebuilds_every_page_an_application_touches(tmp_path):
    project = copy_project(tmp_path / "project")
    project.write("2025/forste.md", front(title="Første søknad"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    out = log.open("w", encoding="utf-8")
    server = subprocess.Popen(
        engines.command(ENGINE, *SERVE_ARGS, "--dev-addr", f"127.0.0.1:{port}", "-f", str(project.root / "mkdocs.yml")),
        cwd=project.root, stdout=out, stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    pages = ["/runder/2025-1/", "/helsefellesskap/troms-og-ofoten/", "/kommuner/skjervoy/", "/budsjett/", "/soknader/"]

    def everywhere(text: str, present: bool = True) -> Callable[[], bool]:
        def check() -> bool:
            bodies = [fetch(base + page) for page in pages]
            return all(body is not None and (text in body) == present for body in bodies)
        return check

    try:
        wait_for(everywhere("Første søknad"), "nettstedet ble bygget", server, log)

        added = project.write("2025/andre.md", front(title="Andre søknad"))
        wait_for(everywhere("Andre søknad"), "en ny søknad kom med på sidene", server, log)
        assert "Andre søknad" in (fetch(base + "/soknader/andre/") or "")

        project.write("2025/andre.md", front(title="Andre søknad, rettet"))
        wait_for(everywhere("Andre søknad, rettet"), "en rettet søknad ble vist", server, log)

        added.unlink()
        wait_for(everywhere("Andre søknad", present=False), "en slettet søknad forsvant", server, log)
        assert "Første søknad" in (fetch(base + "/budsjett/") or "")
        assert "Andre søknad" not in (fetch(base + "/soknader/andre/") or "")  # its page is gone too
        assert "dirty" not in log.read_text("utf-8")  # no warning that the preview may be inaccurate: it is not
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        out.close()


def test_make_serve_runs_the_serve_the_benchmark_measures():
    """The benchmark's preview figure (bench/preview.py) is for what `make serve` runs."""
    recipe = (ROOT / "Makefile").read_text("utf-8").split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert f"$(BIN)/$(ENGINE) {' '.join(SERVE_ARGS)} -f mkdocs.yml" in recipe
