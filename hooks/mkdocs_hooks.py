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
from grant_portfolio.search import SearchIndexError, SearchIndexJob, search_documents
from grant_portfolio.site import build_site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.portfolio")
# Pages whose text comes from contributors' Markdown: their HTML is sanitized after rendering.
_application_pages: set[str] = set()
# The search index, made by Pagefind in its own process while MkDocs renders the pages.
_search: SearchIndexJob | None = None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).resolve().parent
    if not config.site_url:
        raise PluginError("site_url mangler i mkdocs.yml: de åpne dataene trenger nettstedets fullstendige adresse.")
    try:
        content = build_site(root, site_url=config.site_url, directory_urls=config.use_directory_urls)
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
    _start_search_index(files, content, config)
    return files


def _start_search_index(files: Files, content, config: MkDocsConfig) -> None:
    global _search
    _cancel_search_index()
    pages = {file.src_uri: file.content_string for file in files.documentation_pages()
             if file.src_uri not in content.sources}
    documents = search_documents(content.portfolio, content.themes, pages)
    try:
        _search = SearchIndexJob(documents, directory_urls=config.use_directory_urls)
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None


def on_post_build(config: MkDocsConfig) -> None:
    global _search
    job = _search
    if job is None:
        return
    try:
        job.finish(Path(config.site_dir))
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    finally:  # finished, failed or interrupted: Pagefind is not left running (finish cancels)
        _search = None


def on_build_error(error: Exception) -> None:
    _cancel_search_index()


def on_shutdown() -> None:
    _cancel_search_index()


def _cancel_search_index() -> None:
    global _search
    if _search is not None:
        _search.cancel()
        _search = None


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
