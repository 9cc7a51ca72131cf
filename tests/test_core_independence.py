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
