"""MkDocs hooks: a thin adapter from MkDocs' events to the portfolio core.

The core (``grant_portfolio``, installed with the project) knows nothing of MkDocs. Here its
input errors become a ``PluginError`` (a clean, non-zero exit with every problem listed), and its
generated pages and files become MkDocs ``File`` objects.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from grant_portfolio.problems import InputError
from grant_portfolio.safety import clean_html
from grant_portfolio.site import build_site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.portfolio")
# Pages whose text comes from contributors' Markdown: their HTML is sanitized after rendering.
_application_pages: set[str] = set()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).resolve().parent
    if not config.site_url:
        raise PluginError("site_url mangler i mkdocs.yml: de åpne dataene trenger nettstedets fullstendige adresse.")
    try:
        content = build_site(root, site_url=config.site_url)
    except InputError as exc:
        raise PluginError("Søknadsdataene har feil:\n" + str(exc)) from None
    _application_pages.clear()
    _application_pages.update(content.sources)
    for src_uri, markdown in content.pages.items():
        file = File.generated(config, src_uri, content=markdown)
        _replace(files, file)
        source = content.sources.get(src_uri)
        if source is not None:  # an application page: edit its file, which lives outside docs/
            file.edit_uri = Path(os.path.relpath(source, config.docs_dir)).as_posix()
    for dest, data in content.files.items():
        _replace(files, File.generated(config, dest, content=data))
    for dest, path in content.copies.items():
        _replace(files, File.generated(config, dest, abs_src_path=str(path)))
    for notice in content.portfolio.notices:
        log.info("Datakvalitet: %s", notice)
    return files


def on_page_content(html: str, page: Page, **kwargs) -> str:
    if page.file.src_uri in _application_pages:
        return clean_html(html)
    return html


def _replace(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    file.generated_by = "grant_portfolio"
    files.append(file)
