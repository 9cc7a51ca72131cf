"""The whole site as a plain docs tree, for a build engine that runs no hooks.

``write_docs_tree`` writes what ``site.build_site`` makes into one folder, laid out as MkDocs
lays out ``docs/``: the hand-written pages and assets as they are; every generated overview page
as Markdown with its HTML blocks in place (``MarkdownPage.inline``); every application page as
a Markdown file holding its finished HTML (title in the front matter), which a Markdown
converter passes on as it is; and every data file (open data, feed, find data, search index,
attachments) at its path in the site, which the engine copies. With the project's ``mkdocs.yml``
less its ``hooks:`` and ``docs_dir:`` pointed at the folder, any engine that reads MkDocs'
configuration builds the same pages. What it cannot do without the hooks is listed on the page
about performance and longevity (``docs/ytelse.md``).

The configuration is read here as data (``site_url``, ``use_directory_urls``, ``docs_dir``),
without MkDocs.
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .pages.pagehtml import HtmlPage
from .problems import InputError, Problem
from .site import DOCS_DIR, build_site

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class EngineConfig:
    """What the core needs from the engine's configuration."""
    site_url: str
    directory_urls: bool = True
    docs_dir: str = DOCS_DIR
    repo_url: str | None = None  # where the web form proposes new files
    edit_uri: str | None = None


class _ConfigLoader(yaml.SafeLoader):
    """MkDocs' YAML: ``!ENV [NAME, default]`` is read from the environment; other tags
    (``!!python/name:…``) are not needed here and read as nothing."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[v] for v in variables if os.environ.get(v)), default)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_engine_config(project_root: Path) -> EngineConfig:
    """``site_url``, ``use_directory_urls``, ``docs_dir``, ``repo_url`` and ``edit_uri`` from the
    project's ``mkdocs.yml``."""
    path = project_root / CONFIG_FILE
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_ConfigLoader) or {}
    except OSError:
        raise InputError([Problem(CONFIG_FILE, None, None, f"fant ikke fila i {project_root}.")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError([Problem(CONFIG_FILE, mark.line + 1 if mark else None, None, f"kunne ikke leses: {exc}")]) from None
    if not isinstance(data, dict) or not data.get("site_url"):
        raise InputError([Problem(CONFIG_FILE, None, "site_url",
                                  "mangler: de åpne dataene trenger nettstedets fullstendige adresse.")])
    return EngineConfig(str(data["site_url"]), bool(data.get("use_directory_urls", True)),
                        str(data.get("docs_dir") or DOCS_DIR), data.get("repo_url"), data.get("edit_uri"))


@dataclass
class DocsTree:
    """What was written: paths in the tree."""
    markdown_pages: list[str] = field(default_factory=list)  # generated overview pages
    application_pages: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # data files, search index, attachments
    hand_written: list[str] = field(default_factory=list)  # copied from docs/
    link_warnings: list[str] = field(default_factory=list)  # application texts' links to nothing


def write_docs_tree(project_root: Path, target: Path, config: EngineConfig | None = None) -> DocsTree:
    """The site's docs tree in ``target``, which must not exist or be an empty folder. Raises
    ``InputError`` as the build does; then nothing is left in ``target``: the tree is written
    beside it and moved into place when it is complete."""
    config = config or read_engine_config(project_root)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError([Problem(str(target), None, None, "finnes fra før og er ikke en tom mappe: velg en ny mappe.")])
    docs_dir = project_root / config.docs_dir
    if target.resolve().is_relative_to(docs_dir.resolve()):
        raise InputError([Problem(str(target), None, None,
                                  f"ligger i {config.docs_dir}/, som kopieres inn i den: velg en mappe utenfor.")])
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        tree = _write_tree(project_root, docs_dir, staging, config)
        if target.exists():
            target.rmdir()  # empty, as checked
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return tree


def _write_tree(project_root: Path, docs_dir: Path, out: Path, config: EngineConfig) -> DocsTree:
    tree = DocsTree()
    if docs_dir.is_dir():
        shutil.copytree(docs_dir, out, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        tree.hand_written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    with tempfile.TemporaryDirectory(prefix="tilskudd-filer-") as folder:
        content = build_site(project_root, config.site_url, directory_urls=config.directory_urls,
                             files_dir=Path(folder), docs_dir=docs_dir,
                             repo_url=config.repo_url, edit_uri=config.edit_uri)
        for path in content.pages:
            _write(out / path, content.finished_markdown(path))
            tree.markdown_pages.append(path)
        for path, source in [*content.copies.items(), *content.files.items()]:
            destination = out / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(source, Path):
                shutil.copyfile(source, destination)
            else:
                destination.write_bytes(source)
            tree.files.append(path)
    links: list[HtmlPage] = []
    for path, render in content.html_pages.items():
        made = render()  # checked as it is made, as in the build
        title = yaml.safe_dump({"title": html.escape(made.title, quote=False)}, allow_unicode=True, width=10_000)
        # Block-level HTML, which Markdown passes on untouched (the build test compares the pages);
        # finished as the hooks finish it (tables labelled).
        body = content.finished_html(path, made.html) + "\n"
        _write(out / path, f"---\n{title}---\n\n{body}")
        tree.application_pages.append(path)
        links.append(replace(made, html=""))  # its links, not its text
    for made in links:  # once every page is written
        tree.link_warnings += made.link_warnings(lambda link: (out / link).is_file())
    return tree


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
