"""When each application file was last changed, according to git.

One ``git log`` over the folders that hold the files gives every file's latest commit: the log
runs newest first, so the first commit that names a file is its last change. The date is the
committer date, when the change reached the history (the author date of a rebased or
cherry-picked commit can be far older).

A shallow clone (a CI checkout with ``fetch-depth: 1``) has one commit, so every file gets
that commit's date: a workflow that publishes the site should fetch the full history
(``fetch-depth: 0``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

# Paths in git's output are relative and never begin with "/", so a header that does cannot be
# mistaken for a file name (with -z, names may hold any character but NUL).
_HEADER = "/"


def last_changed(root: Path, paths: Iterable[Path]) -> dict[Path, dt.datetime]:
    """The committer date (timezone-aware) of the last commit that touched each file, keyed by
    the file's resolved path. Files that git does not know (untracked, outside the repository),
    a ``root`` outside any repository, or no git installed: those files are left out. In a
    shallow clone every file has the date of the clone's one commit (see above)."""
    git = shutil.which("git")
    wanted = {Path(p).resolve() for p in paths}
    if git is None or not wanted:
        return {}
    top_output = _git(git, root, "rev-parse", "--show-toplevel")
    if top_output is None:
        return {}
    top = Path(top_output.strip()).resolve()
    by_name = {p.relative_to(top).as_posix(): p for p in wanted if p.is_relative_to(top)}
    folders = sorted({_parent(name) for name in by_name})
    if not folders:
        return {}
    log = _git(git, top, "-c", "core.quotePath=false", "-c", "log.showSignature=false", "--literal-pathspecs", "log",
               f"--format={_HEADER}%cI", "--name-only", "-z", "--", *folders)
    if log is None:
        return {}
    return {by_name[name]: date for name, date in _first_dates(log).items() if name in by_name}


def _parent(name: str) -> str:
    """``applications/2025/a.md`` -> ``applications/2025``; a top-level file -> ``.``."""
    return name.rpartition("/")[0] or "."


def _first_dates(log: str) -> dict[str, dt.datetime]:
    """File name -> date of the first (newest) commit naming it, from ``git log -z`` output:
    ``/<date>\\0\\n<name>\\0<name>\\0/<date>\\0...``."""
    found: dict[str, dt.datetime] = {}
    date: dt.datetime | None = None
    after_header = False
    for token in log.split("\0"):
        if token.startswith(_HEADER):
            date = dt.datetime.fromisoformat(token[len(_HEADER):].strip())
            after_header = True
            continue
        if after_header:  # git puts a newline between a commit's header and its first name
            token = token.removeprefix("\n")
            after_header = False
        if token and date is not None:
            found.setdefault(token, date)
    return found


def _git(git: str, cwd: Path, *args: str) -> str | None:
    """Standard output of a git command, or None if it could not run or failed."""
    try:
        result = subprocess.run([git, "-C", str(cwd), *args], capture_output=True, check=False)
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", errors="surrogateescape")
