"""A thin adapter from MkDocs' events to the core (``grant_portfolio``): its errors become ``PluginError``s, its pages
and files MkDocs files; converted pages wait compressed until written (70 MB less at N=1000); the theme's templates
are compiled once. Under ``serve --dirty`` (``make serve``) the core's ``Preview`` says what changed since the last
build: only that is written again, and what is gone is removed."""

import html, logging, os, shutil, tempfile, zlib  # noqa: E401 - kept short: the adapter stays under 125 lines

from grant_portfolio.pages.templating import COMPILED
from grant_portfolio.preview import Preview
from grant_portfolio.problems import InputError
from grant_portfolio.site import build_site
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.commands.build import log as build_log
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.portfolio")
_build: dict = {}  # this build's content, its folder of generated files, and the pages in between
_serve: dict = {}  # under serve --dirty: the Preview, kept between builds (this module is loaded once)


def on_startup(command, dirty, **kwargs):
    _serve["preview"] = Preview() if command == "serve" and dirty else None
    if _serve["preview"]:  # MkDocs warns that a dirty build may be inaccurate; this one is not (and strict stops on a warning)
        build_log.addFilter(lambda record: not record.getMessage().startswith("A 'dirty' build is being performed"))


def on_files(files, config):
    if not config.site_url:
        raise PluginError("site_url mangler i mkdocs.yml: de åpne dataene trenger nettstedets fullstendige adresse.")
    _end()
    _build.update(folder=Path(tempfile.mkdtemp(prefix="tilskudd-filer-")), rendered={}, held={})
    content = _build["content"] = _core(
        build_site, Path(config.config_file_path).resolve().parent, site_url=config.site_url, repo_url=config.repo_url,
        edit_uri=config.edit_uri, directory_urls=config.use_directory_urls, files_dir=_build["folder"],
        docs_dir=Path(config.docs_dir), preview=_serve.get("preview"))
    for uri, text in [(uri, page.text) for uri, page in content.pages.items()] + [(u, "") for u in content.html_pages]:
        file = _add(files, File.generated(config, uri, content=text))
        if uri in content.sources:  # an application page: edit its file, which lives outside docs/
            file.edit_uri = Path(os.path.relpath(content.sources[uri], config.docs_dir)).as_posix()
    for dest, source in [*content.copies.items(), *content.files.items()]:  # a file on disk, or bytes
        _add(files, File.generated(config, dest, **({"abs_src_path": str(source)} if isinstance(source, Path)
                                                    else {"content": source})))
    if preview := _serve.get("preview"):  # MkDocs converts and writes again only the files that say they are modified
        _build["rendered"], changes = _core(preview.compare, content, [
            config.config_file_path, config.docs_dir, config.theme.custom_dir], {f.src_uri: f.dest_uri for f in files})
        _build["changes"] = changes
        for file in files:
            if changes.everything or (file.generated_by and file.src_uri not in changes.changed):
                file.is_modified = (lambda: True) if changes.everything else (lambda: False)
    for notice in content.portfolio.notices:
        log.info("Datakvalitet: %s", notice)
    config.extra["scheme"] = content.portfolio.scheme.scheme  # header, footer and print name its owner
    return files


def on_env(env, **kwargs):
    env.bytecode_cache = COMPILED  # as the core's own templates (kept in memory and in Jinja's private cache folder)
    return env


def on_page_markdown(markdown, page, **kwargs):
    if (render := _build["content"].html_pages.get(page.file.src_uri)) is None:
        return markdown
    if (rendered := _build["rendered"].get(page.file.src_uri)) is None:
        rendered = _build["rendered"][page.file.src_uri] = _core(render)  # checked as it is made
    page.meta["title"] = html.escape(rendered.title, quote=False)  # the theme shows titles as HTML
    return ""


def on_page_content(html_text, page, files, **kwargs):
    if (rendered := _build["rendered"].pop(uri := page.file.src_uri, None)) is not None:
        for warning in rendered.link_warnings(lambda target: files.get_file_from_path(target) is not None):
            log.warning(warning)
        page.toc = get_toc(nest_toc_tokens([{"level": h.level, "id": h.id, "name": h.text} for h in rendered.headings]))
        page.present_anchor_ids = {h.id for h in rendered.headings}
        html_text = rendered.html
    html_text = _build["content"].finished_html(uri, html_text)
    _build["held"][uri] = zlib.compress(html_text.encode("utf-8"), 1)  # until on_page_context
    return ""


def on_page_context(context, page, **kwargs):
    if page.file.src_uri in _build["held"]:
        page.content = zlib.decompress(_build["held"].pop(page.file.src_uri)).decode("utf-8")
    return context


def on_post_page(output, page, **kwargs):
    page.content = None  # written: not needed again
    return output


def on_post_build(config, **kwargs):
    _build["changes"].remove_gone(Path(config.site_dir)) if "changes" in _build else None  # pages and files no longer made
    _end(well=True)


def _end(*args, well=False, **kwargs) -> None:  # after the build, after a failed one, and when serving stops
    if "folder" in _build:
        shutil.rmtree(_build["folder"], ignore_errors=True)
    if (preview := _serve.get("preview")) and "changes" in _build:
        preview.ended(well)
    _build.clear()


on_build_error = on_shutdown = _end


def _core(function, *args, **kwargs):  # the core's input errors, as MkDocs reports errors
    try:
        return function(*args, **kwargs)
    except InputError as exc:
        raise PluginError("Søknadsdataene har feil:\n" + str(exc)) from None


def _add(files, file: File) -> File:
    if (existing := files.get_file_from_path(file.src_uri)) is not None:
        files.remove(existing)
    file.generated_by = "grant_portfolio"
    files.append(file)
    return file
