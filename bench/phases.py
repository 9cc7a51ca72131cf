"""An MkDocs hook that notes where a build's time goes, for the benchmark.

``bench.run`` adds this file last to the ``hooks`` of the projects it measures (the synthetic
project and the baseline): a few clock readings per page, nothing else. At the end of the
build it writes the phases, in seconds, as JSON to the file named by ``BENCH_PHASES``:

* ``start``: from the start of the process to the first event (imports, reading the config);
* ``files``: everything before the pages: cleaning ``site/``, MkDocs' list of files, and the
  ``on_files`` event of the hooks before this one (the portfolio core: loading, validating,
  rendering the generated pages and files, writing the search index);
* ``markdown``: Markdown to HTML for every page, with the project's application pages, which the
  core renders itself (``on_page_markdown`` and ``on_page_content`` hooks before this one);
* ``templates``: the theme's static files and templates, and every page through the theme's
  templates to disk (with Material's search plugin in the baseline: it reads every page here);
* ``finish``: after the last page (Material's search index in the baseline, moving the search
  index into the site in the project).
"""

from __future__ import annotations

import json
import os
import time

_clock = time.perf_counter
_started = time.time()  # this module is loaded while MkDocs reads its config
_marks: dict[str, float] = {}
_sums = {"markdown": 0.0}


def _process_start() -> float:
    """Seconds between the process's start and now (Linux: /proc)."""
    try:
        ticks = int(open("/proc/self/stat").read().rsplit(")", 1)[1].split()[19])
        boot = next(float(line.split()[1]) for line in open("/proc/stat") if line.startswith("btime"))
        return max(0.0, time.time() - (boot + ticks / os.sysconf("SC_CLK_TCK")))
    except (OSError, ValueError, StopIteration, IndexError):
        return time.time() - _started


def on_pre_build(config, **kwargs) -> None:
    _marks["pre_build"] = _clock()
    _marks["since_start"] = _process_start()


def on_files(files, config, **kwargs):
    _marks["files"] = _clock()
    return files


def on_page_markdown(markdown, page, **kwargs):
    _marks["page"] = _clock()
    return markdown


def on_page_content(html, page, **kwargs):
    _sums["markdown"] += _clock() - _marks["page"]
    return html


def on_env(env, config, files, **kwargs):
    _marks["env"] = _clock()
    return env


def on_post_page(output, page, **kwargs):
    _marks["last_page"] = _clock()
    return output


def on_post_build(config, **kwargs) -> None:
    end = _clock()
    target = os.environ.get("BENCH_PHASES")
    if not target:
        return
    pages_done = _marks.get("last_page", _marks["env"])
    phases = {
        "start": _marks["since_start"],
        "files": _marks["files"] - _marks["pre_build"],
        "markdown": _sums["markdown"],
        "templates": pages_done - _marks["env"],
        "finish": end - pages_done,
    }
    with open(target, "w", encoding="utf-8") as out:
        json.dump(phases, out)
