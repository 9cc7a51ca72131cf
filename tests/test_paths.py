"""Page addresses (grant_portfolio/paths.py), as MkDocs gives them: the parts of pages written
as HTML link with these, without MkDocs to rewrite them."""

from __future__ import annotations

import posixpath

import pytest
from conftest import page_dest
from grant_portfolio.pages.paths import page_url, relative_path, relative_url


@pytest.mark.parametrize(("page", "directory", "flat"), [
    ("index.md", "", "index.html"),
    ("bidra/index.md", "bidra/", "bidra/index.html"),
    ("soknader/a.md", "soknader/a/", "soknader/a.html"),
])
def test_page_addresses_and_files(page, directory, flat):
    assert page_url(page) == directory and page_url(page, directory_urls=False) == flat
    assert page_dest(page) == (directory + "index.html") and page_dest(page, directory_urls=False) == flat


@pytest.mark.parametrize(("source", "target", "directory", "flat"), [
    ("soknader/a.md", "runder/2025-2.md", "../../runder/2025-2/", "../runder/2025-2.html"),
    ("soknader/a.md", "soknader/b.md", "../b/", "b.html"),
    ("soknader/a.md", "index.md", "../../", "../index.html"),
    ("index.md", "soknader/a.md", "soknader/a/", "soknader/a.html"),
    ("bidra/index.md", "bidra/mal.md", "mal/", "mal.html"),
    ("kommuner/alta.md", "kommuner/index.md", "../", "index.html"),
    ("soknader/a.md", "bidra/felt.md#status", "../../bidra/felt/#status", "../bidra/felt.html#status"),
    ("soknader/a.md", "soknader/a/avtale ø.pdf", "avtale%20%C3%B8.pdf", "a/avtale%20%C3%B8.pdf"),
])
def test_relative_addresses_keep_anchors_and_files(source, target, directory, flat):
    assert relative_url(source, target) == directory
    assert relative_url(source, target, directory_urls=False) == flat


@pytest.mark.parametrize(("target", "start"), [
    ("runder/2025-1.md", "soknader"), ("index.md", ""), ("tema/a.md", "tema"), ("data/x.csv", "bidra/mal"),
    ("a/b/c.md", "a/b/c"), ("x.md", "a/b"),
])
def test_relative_path_is_posixpaths(target, start):
    assert relative_path(target, start) == posixpath.relpath(target, start or ".")
