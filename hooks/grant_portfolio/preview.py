"""Builds one after the other in one process, as a preview server makes them after every save.

A preview server keeps its output folder between builds. ``Preview`` remembers what the
previous build published, so that a builder writes again only the pages and files whose content
changed, and removes those that are gone; and it keeps the checked application files
(``checks.validate.CheckedFiles``), so that a file is read and checked again only when its bytes,
its attachments or the scheme change. Nothing is skipped that could change the result: every
page and file is made and checked on every build (a page whose text is unchanged is not checked
again for what it publishes: it was, with the same text), and a change to anything but the
applications (the configuration, the hand-written pages, the theme, the scheme) or a page added
or removed makes every page count as changed. The result equals a full build
(``tests/test_preview.py``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .checks.validate import CheckedFiles

if TYPE_CHECKING:
    from .pages.pagehtml import HtmlPage
    from .site import SiteContent


def digest(*parts: str | bytes) -> bytes:
    """A digest of texts and bytes, one after the other (each part's length counts)."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.digest()


def file_state(paths: Iterable[Path], skip: Iterable[Path] = ()) -> bytes:
    """A digest of the names, sizes and modification times of the files at ``paths`` (files, or
    folders read through), leaving out the files in ``skip``."""
    left_out = {str(Path(p).resolve()) for p in skip}
    entries = []
    for start in paths:
        start = Path(start)
        found = [start] if start.is_file() else sorted(p for p in start.rglob("*") if p.is_file()) if start.is_dir() else []
        for path in found:
            if str(path.resolve()) in left_out:
                continue
            try:
                stat = os.stat(path)
            except OSError:
                continue
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return digest(*entries)


@dataclass
class Changes:
    everything: bool  # every page and file counts as changed
    changed: set[str] = field(default_factory=set)  # outputs (by source path) whose content changed
    gone: set[str] = field(default_factory=set)  # outputs (by published path) the previous build had

    def remove_gone(self, folder: Path) -> None:
        """Remove from the output ``folder`` what the previous build published and this one does
        not, and the folders that leaves empty."""
        for path in sorted(self.gone):
            target = Path(folder, path)
            target.unlink(missing_ok=True)
            for parent in target.parents:
                if parent == Path(folder) or not parent.is_relative_to(folder) or any(parent.iterdir()):
                    break
                parent.rmdir()


class Preview:
    """What one process keeps from one build to the next (see the module's text)."""

    def __init__(self) -> None:
        self.checked = CheckedFiles()
        self.published: dict[tuple, list] = {}  # what the check of published text found, by text
        self._kept: tuple[bytes, dict[str, tuple[str, bytes]]] | None = None  # of the last build that ended
        self._pending: tuple[bytes, dict[str, tuple[str, bytes]]] | None = None

    def compare(self, content: SiteContent, inputs: Iterable[str | Path | None],
                files: Mapping[str, str]) -> tuple[dict[str, HtmlPage], Changes]:
        """What changed since the last build that ended well, among ``files`` (every file of
        the site, source path → published path): the generated pages and files are compared by
        their content (the application pages are made now for it, and checked as they are
        made); a change to the files at ``inputs`` (the configuration, hand-written pages, theme)
        or in the applications' folder, the application files apart, changes everything. Returns
        the application pages to write, made, and the changes."""
        rendered = {page: render() for page, render in content.html_pages.items()}
        state = file_state([*(p for p in inputs if p), content.applications_dir], skip=content.sources.values())
        changes = self.changes(state, {source: (dest, content.digest(source, rendered.get(source)))
                                       for source, dest in files.items() if content.is_generated(source)})
        return {page: made for page, made in rendered.items() if changes.everything or page in changes.changed}, changes

    def changes(self, inputs: bytes, outputs: Mapping[str, tuple[str, bytes]]) -> Changes:
        """Compare this build's ``outputs`` (source path → published path and content digest) and
        ``inputs`` (``file_state`` of everything but the applications) with the last build that
        ended well."""
        self._pending = (inputs, dict(outputs))
        if self._kept is None:
            return Changes(True, set(outputs))
        kept_inputs, kept = self._kept
        gone = {dest for source, (dest, _) in kept.items() if source not in outputs}
        if inputs != kept_inputs or kept.keys() != outputs.keys():
            return Changes(True, set(outputs), gone)
        return Changes(False, {source for source, value in outputs.items() if kept[source] != value}, gone)

    def ended(self, well: bool) -> None:
        """After the build: keep its outputs for the next comparison, or forget everything if it
        failed (the output folder may then hold a part of it)."""
        self._kept = self._pending if well else None
        self._pending = None
