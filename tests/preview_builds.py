"""Builds as ``make serve`` makes them, one after the other in one process, for
``tests/test_preview.py``: ``python tests/preview_builds.py ENGINE PROJECT OUT STEPS.json``.

The engine's ``serve --dirty`` builds with ``dirty=True`` into one output folder that it keeps,
after starting its plugins with ``command="serve"``; this does the same without the web
server. The first build is of the project as it is; then each step of the JSON list (files to
``write``, as text, and to ``remove``, relative to the project) is made and the site built again.
After every build the output folder is copied to ``OUT/step-K`` (K from 0).
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path

SERVE_URL = "http://127.0.0.1:8000/"  # the address serve gives the site


def main(engine: str, project: Path, out: Path, steps: list[dict]) -> None:
    if engine == "properdocs":
        importlib.import_module("properdocs.replacement")  # the hooks' `import mkdocs…` answered by ProperDocs
    load_config = importlib.import_module(f"{engine}.config").load_config
    build = importlib.import_module(f"{engine}.commands.build").build
    site = out / "serve"

    def config():
        loaded = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        loaded.site_url = SERVE_URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    for number, step in enumerate([{}, *steps]):
        for path, text in step.get("write", {}).items():
            (project / path).parent.mkdir(parents=True, exist_ok=True)
            (project / path).write_text(text, encoding="utf-8")
        for path in step.get("remove", []):
            (project / path).unlink()
        build(config() if number else first, serve_url=SERVE_URL, dirty=True)
        shutil.copytree(site, out / f"step-{number}")
    first.plugins.on_shutdown()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), json.loads(Path(sys.argv[4]).read_text("utf-8")))
