"""The build engine: MkDocs (the default) or ProperDocs, the maintained continuation of MkDocs 1.6.

``make … ENGINE=properdocs`` chooses it (the Makefile passes ``ENGINE`` on in the environment);
the tests and the benchmark build with the same engine through ``command``. Both read the same
``mkdocs.yml`` and run the same hooks, theme and extensions: ProperDocs answers every
``import mkdocs…`` with its own modules.

Run as ``python bench/engine.py ENGINE ARGUMENTS…`` (from any folder) the engine builds or serves as its own
command would, and afterwards fails (exit 3) if any module was loaded from another engine's
package: a ProperDocs build that quietly ran MkDocs' code would prove nothing.
"""

from __future__ import annotations

import os
import runpy
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

DEFAULT = "mkdocs"


@dataclass(frozen=True)
class Engine:
    name: str  # as in ENGINE=…, the command, the Python package and the distribution
    label: str  # as people write it
    generator: str  # how the engine names itself in the pages' <meta name="generator">


ENGINES = {
    "mkdocs": Engine("mkdocs", "MkDocs", "mkdocs-"),
    "properdocs": Engine("properdocs", "ProperDocs", "mkdocs-ProperDocs "),
}


class EngineError(Exception):
    pass


def selected() -> Engine:
    """The engine named in the environment's ``ENGINE`` (set by the Makefile), or MkDocs."""
    name = os.environ.get("ENGINE", "").strip() or DEFAULT
    if name not in ENGINES:
        raise EngineError(f"ENGINE={name} er ukjent: velg {' eller '.join(ENGINES)}.")
    return ENGINES[name]


def other(engine: Engine) -> Engine:
    """The engine the site is compared with."""
    return next(e for e in ENGINES.values() if e != engine)


def command(engine: Engine, *args: str) -> list[str]:
    """``engine``'s command line with ``args`` (e.g. ``build --strict -f mkdocs.yml``), run by
    this Python under the check that no other engine's code is loaded, from any folder."""
    return [sys.executable, str(Path(__file__).resolve()), engine.name, *args]


def version(engine: Engine) -> str:
    return metadata.version(engine.name)


def _package_folder(name: str) -> Path | None:
    try:
        files = metadata.distribution(name).files or []
    except metadata.PackageNotFoundError:
        return None
    init = next((f for f in files if str(f) == f"{name}/__init__.py"), None)
    return Path(init.locate()).resolve().parent if init is not None else None


def foreign_modules(engine: Engine) -> list[str]:
    """Modules loaded in this process from the package of an engine other than ``engine``."""
    folders = [folder for e in ENGINES.values() if e != engine and (folder := _package_folder(e.name))]
    found = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and any(Path(path).resolve().is_relative_to(folder) for folder in folders):
            found.add(module.__name__)
    return sorted(found)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ENGINES:
        print(f"Bruk: python bench/engine.py {{{','.join(ENGINES)}}} ARGUMENTER…", file=sys.stderr)
        return 2
    engine, args = ENGINES[argv[0]], argv[1:]
    sys.argv = [engine.name, *args]
    code: int | str | None = 0
    try:
        runpy.run_module(engine.name, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code
    if foreign := foreign_modules(engine):
        # Both engines may be installed side by side; a build must use only its own.
        print(f"{engine.label} lastet moduler fra en annen byggemotor: {', '.join(foreign)}", file=sys.stderr)
        return 3
    if isinstance(code, str):
        print(code, file=sys.stderr)
    return code if isinstance(code, int) else (0 if code is None else 1)


if __name__ == "__main__":
    sys.path[0] = os.getcwd()  # as under ``python -m ENGINE``, not this file's folder
    sys.exit(main(sys.argv[1:]))
