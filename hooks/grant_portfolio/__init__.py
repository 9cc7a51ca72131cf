"""The portfolio core: load, validate and aggregate grant applications and render the
site's generated pages.

Plain Python with no dependency on MkDocs: the hook in ``hooks/mkdocs_hooks.py`` is a thin
adapter over :func:`grant_portfolio.site.build_site`, and any other builder can call the same
function.
"""
