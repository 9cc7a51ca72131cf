"""The core must outlive MkDocs: no module of grant_portfolio may import it."""

import ast
import subprocess
import sys
from pathlib import Path

import grant_portfolio

CORE = Path(grant_portfolio.__file__).parent


def test_no_core_module_mentions_mkdocs_in_an_import():
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in {"mkdocs", "material"}]
    assert offenders == []


def test_importing_every_core_module_loads_no_mkdocs():
    modules = sorted(".".join(p.relative_to(CORE).with_suffix("").parts).removesuffix(".__init__")
                     for p in CORE.rglob("*.py") if p.name != "__init__.py" or p.parent != CORE)
    assert "site" in modules and "checks.validate" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('grant_portfolio.' + m)\n"
        "loaded = sorted(n for n in sys.modules if n.split('.')[0] in ('mkdocs', 'material'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _imports(path: Path) -> set[str]:
    """The core modules a module imports, as dotted names below the package (``pages.render``)."""
    package = path.relative_to(CORE).parent.parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            module = (node.module or "").removeprefix("grant_portfolio.").removeprefix("grant_portfolio")
            names = [".".join([*base, module] if module else base)]
            names += [".".join(filter(None, [*base, module, alias.name])) for alias in node.names]
            found |= set(names)
    return found


def test_data_flows_one_way_and_only_the_site_reads_the_renderer():
    """Pages and exports read the model; no stage reaches into the page renderer for its data,
    and the stages before the model import nothing after it."""
    later = {"input": ("model", "pages", "exports", "site"), "checks": ("model", "pages", "exports", "site"),
             "model": ("exports", "site"), "exports": ("site",)}
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        name = ".".join(path.relative_to(CORE).with_suffix("").parts)
        imported = _imports(path)
        if "pages.render" in imported and name not in ("site", "pages.render"):
            offenders.append(f"{name} imports pages.render")
        stage = name.split(".")[0]
        offenders += [f"{name} imports {m}" for m in sorted(imported)
                      if any(m == s or m.startswith(s + ".") for s in later.get(stage, ()))]
    assert offenders == []


def test_the_mkdocs_adapter_is_thin():
    adapter = CORE.parent / "mkdocs_hooks.py"
    # MkDocs' events, the core's pages as MkDocs files, and under `make serve` which files changed (the
    # core's Preview decides): no decision of its own.
    assert len(adapter.read_text(encoding="utf-8").splitlines()) < 125
    assert max(len(p.read_text(encoding="utf-8").splitlines()) for p in CORE.rglob("*.py")) <= 600
