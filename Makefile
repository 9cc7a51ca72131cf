# Two commands do all the set-up on a fresh machine:
#   make serve   builds the site and serves it on http://127.0.0.1:8000/
#   make test    runs every test, including `mkdocs build --strict` and the browser tests
# Both create the virtual environment .venv and install the project into it first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: install browser serve build check test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# Check the application files without building the site (the same rules as the build).
check: $(STAMP)
	$(BIN)/tilskudd check

# The browser tests use Debian's chromium; Playwright's own browser download is not used.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && apt-get install -y -q --no-install-recommends chromium fonts-liberation fonts-dejavu-core; \
	  else \
	    echo "Nettlesertestene trenger chromium: kjør «sudo apt-get install chromium»." >&2; \
	  fi; }

test: $(STAMP) browser
	$(BIN)/python -m pytest

# Synthetic portfolios of 100 and 1000 applications; `make bench BENCH_ARGS="--sizes 5000"` for others.
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site .pytest_cache
