"""MkDocs hooks: a thin adapter from MkDocs' events to the portfolio core.

The core (``grant_portfolio``, installed with the project) knows nothing of MkDocs. Here its
input errors become a ``PluginError`` (a clean, non-zero exit with every problem listed), and its
generated pages and files become MkDocs ``File`` objects. The application pages come from the
core as finished HTML: MkDocs gets an empty page to convert, and the core's HTML, title and
headings in its place.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import tempfile
import zlib
from pathlib import Path

from grant_portfolio.pages.pagehtml import HtmlPage
from grant_portfolio.problems import InputError
from grant_portfolio.pages.render import fill_blocks
from grant_portfolio.pages.paths import SEARCH_DIR
from grant_portfolio.model.search import iter_search_documents, write_search_index
from grant_portfolio.site import build_site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from markdown.extensions.toc import nest_toc_tokens

log = logging.getLogger("mkdocs.hooks.portfolio")
# Pages the core makes as HTML (src_uri -> render), the one being built, and their source files.
_html_pages: dict = {}
_rendered: dict[str, HtmlPage] = {}
_sources: dict[str, Path] = {}
# The HTML blocks of the generated Markdown pages (render.MarkdownPage), put in after conversion.
_blocks: dict[str, tuple[str, ...]] = {}
# Converted pages waiting to be written, compressed (_hold).
_held: dict[str, bytes] = {}
# The search index, written before the pages and moved into the site after them; the generated
# files (open data, feed, find data), written as they are made and copied by MkDocs.
_search_dir: Path | None = None
_files_dir: Path | None = None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).resolve().parent
    if not config.site_url:
        raise PluginError("site_url mangler i mkdocs.yml: de åpne dataene trenger nettstedets fullstendige adresse.")
    _remove_temporary()
    global _files_dir
    _files_dir = Path(tempfile.mkdtemp(prefix="tilskudd-filer-"))
    try:
        content = build_site(root, site_url=config.site_url, directory_urls=config.use_directory_urls,
                             files_dir=_files_dir)
    except InputError as exc:
        raise PluginError("Søknadsdataene har feil:\n" + str(exc)) from None
    _html_pages.clear()
    _html_pages.update(content.html_pages)
    _rendered.clear()
    _held.clear()
    _sources.clear()
    _sources.update(content.sources)
    _blocks.clear()
    _blocks.update({uri: page.blocks for uri, page in content.pages.items() if getattr(page, "blocks", ())})
    for src_uri, markdown in [*content.pages.items(), *((uri, "") for uri in content.html_pages)]:
        file = File.generated(config, src_uri, content=str(markdown))
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
    _write_search_index(files, content, config)
    return files


def _write_search_index(files: Files, content, config: MkDocsConfig) -> None:
    """The search index, written to a temporary folder now (before the pages are rendered, when
    the build holds least) and moved into the site when the pages are written."""
    global _search_dir
    pages = {file.src_uri: file.content_string for file in files.documentation_pages()
             if file.src_uri not in content.sources and file.src_uri not in content.html_pages}
    documents = iter_search_documents(content.portfolio, content.themes, pages)
    _search_dir = Path(tempfile.mkdtemp(prefix="sokeindeks-"))
    write_search_index(documents, _search_dir, directory_urls=config.use_directory_urls)


def on_post_build(config: MkDocsConfig) -> None:
    global _search_dir
    if _search_dir is not None:
        target = Path(config.site_dir) / SEARCH_DIR
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(_search_dir), str(target))
        target.chmod(0o755)  # made by mkdtemp, for its owner only: the site is read by others
        _search_dir = None
    _remove_temporary()


def on_build_error(error: Exception) -> None:
    _remove_temporary()


def on_shutdown() -> None:
    _remove_temporary()


def _remove_temporary() -> None:
    global _search_dir, _files_dir
    for folder in (_search_dir, _files_dir):
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    _search_dir = _files_dir = None


def on_page_markdown(markdown: str, page: Page, **kwargs) -> str:
    render = _html_pages.get(page.file.src_uri)
    if render is None:
        return markdown
    rendered = _rendered[page.file.src_uri] = render()
    page.meta["title"] = html.escape(rendered.title, quote=False)  # the theme shows titles as HTML
    return ""  # nothing for MkDocs to convert: on_page_content gives the page's HTML


def on_page_content(content: str, page: Page, files: Files, **kwargs) -> str:
    rendered = _rendered.pop(page.file.src_uri, None)
    if rendered is None:
        return _hold(page, fill_blocks(content, _blocks.get(page.file.src_uri, ())))
    source = _sources.get(page.file.src_uri, page.file.src_uri)
    for target in rendered.links:
        if files.get_file_from_path(target) is None:
            log.warning("%s: søknadsteksten lenker til «%s», som ikke finnes på nettstedet.",
                        _display(source), target)
    page.toc = get_toc(nest_toc_tokens([{"level": h.level, "id": h.id, "name": h.text}
                                        for h in rendered.headings]))
    page.present_anchor_ids = {h.id for h in rendered.headings}
    return _hold(page, rendered.html)


def _hold(page: Page, content: str) -> str:
    """MkDocs converts every page before it writes the first, and holds all their HTML until
    the end (about 70 MB at a thousand applications): each page's HTML is kept compressed
    until its turn to be written (``on_page_context``)."""
    _held[page.file.src_uri] = zlib.compress(content.encode("utf-8"), 1)
    return ""


def on_page_context(context, page: Page, **kwargs):
    held = _held.pop(page.file.src_uri, None)
    if held is not None:
        page.content = zlib.decompress(held).decode("utf-8")
    return context


def on_post_page(output: str, page: Page, **kwargs) -> str:
    # The page is written: its HTML is not needed again, and MkDocs would hold every page's to
    # the end of the build.
    page.content = None
    return output


def _display(path: Path | str) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _replace(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    file.generated_by = "grant_portfolio"
    files.append(file)
