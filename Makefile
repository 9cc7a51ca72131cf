# Two commands do all the set-up on a fresh machine:
#   make serve   builds the site and serves it on http://127.0.0.1:8000/; after an edit it writes again
#                only the pages and files that changed (serve --dirty; grant_portfolio/preview.py)
#   make test    runs every test, including full builds with both engines and the browser tests
#                (accessibility with axe-core, keyboard, script injection, third-party requests)
# While working:
#   make unit    the fast tests: neither a browser nor a full site build (JavaScript under node)
#   make golden  rewrites tests/golden/ after an intended change of what the site publishes
#   make screenshots  retakes the README screenshots (docs/assets/skjermbilder/) in chromium
# Both create the virtual environment .venv and install the project into it first.
#
# The build engine: ENGINE=mkdocs (the default) or ENGINE=properdocs, the maintained continuation
# of MkDocs 1.6 (same mkdocs.yml, hooks and theme), for every target: `make serve ENGINE=properdocs`.
# The tests and the benchmark build with the same engine; `make test` also builds the site with
# the other one and compares the two (tests/test_engines.py). Both are installed.

ENGINE ?= mkdocs
ENGINES := mkdocs properdocs
ifeq ($(filter $(ENGINE),$(ENGINES)),)
$(error ENGINE=$(ENGINE) er ukjent: velg mkdocs eller properdocs)
endif
export ENGINE

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: install browser serve build check test unit golden screenshots bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,properdocs]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/$(ENGINE) serve --dirty -f mkdocs.yml

build: $(STAMP)
	$(BIN)/$(ENGINE) build --strict -f mkdocs.yml

# Check the application files without building the site (the same rules as the build).
check: $(STAMP)
	$(BIN)/tilskudd check

# The browser tests use Debian's chromium (Playwright's own browser download is not used) and
# the accessibility engine axe-core from npm, pinned in tests/browser/package-lock.json. As root
# (in CI) what is missing is installed; otherwise the tests that need it are skipped with a
# message, and under CI=true they fail.
AXE := tests/browser/node_modules/axe-core/axe.min.js

browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="chromium fonts-liberation fonts-dejavu-core"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && apt-get install -y -q --no-install-recommends $$missing; \
	  else \
	    echo "Nettlesertestene trenger $$missing: kjør «sudo apt-get install $$missing»." >&2; \
	  fi; \
	fi
	@$(MAKE) --no-print-directory $(AXE)

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && touch $@; \
	fi

test: $(STAMP) browser
	$(BIN)/python -m pytest

# Everything that needs neither a browser nor a built site (markers in pyproject.toml).
unit: $(STAMP)
	$(BIN)/python -m pytest -m "not build and not browser" -n 2

golden: $(STAMP)
	GOLDEN_UPDATE=1 $(BIN)/python -m pytest -q tests/test_golden.py
	@git status --short tests/golden 2>/dev/null || true

# The README's screenshots (an application page and a community page, laptop and phone), taken by
# the layout tests in chromium and copied to docs/assets/skjermbilder/.
screenshots: $(STAMP) browser
	UPDATE_README_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/test_layout.py -k readme

# Synthetic portfolios of 100 and 1000 applications; `make bench BENCH_ARGS="--sizes 5000"` for others.
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site .pytest_cache test-artifacts tests/browser/node_modules
