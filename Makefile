# Two commands on a fresh machine: `make serve` and `make test`. Everything else is optional.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast check export bench lint browser install install-test clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml package-lock.json
	$(PIP) -e '.[test]'
	npm ci --no-audit --no-fund   # axe-core for the accessibility tests
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test browser

## serve: the course on http://127.0.0.1:8000 with live reload (banks, hooks and pages)
serve: install
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

## build: the static site in site/, swapped in only when the whole build succeeds.
## A preview while settings hold [EDUCATOR: …] placeholders; `make build RELEASE=1` refuses them.
build: install
	rm -rf site.tmp
	COURSE_RELEASE=$(RELEASE) $(VENV)/bin/mkdocs build --strict --site-dir site.tmp
	rm -rf site && mv site.tmp site

## check: validate every bank and module page without building (same messages as the build);
## `make check REPORT=1` adds cue-only scores, blueprint and study time; RELEASE=1 as for build
check: install
	$(VENV)/bin/course check $(if $(REPORT),--report) $(if $(RELEASE),--release)

## export: QTI 2.1 package, Moodle GIFT and the educators' answer key, in dist/
export: install
	$(VENV)/bin/course export --out dist

## browser: Debian's Chromium for the browser tests (Playwright's own download does not work here)
browser:
	@command -v chromium >/dev/null && command -v pdfinfo >/dev/null || { apt-get update -q && apt-get install -y -q chromium poppler-utils; }

## test: everything, browser tests included
test: install-test
	$(VENV)/bin/ruff check hooks tests
	$(PY) -m pytest -q

## test-fast: unit and build tests only
test-fast: install-test
	$(PY) -m pytest -q -m "not browser"

## bench: page weight and build-time figures (see BENCHMARKS.md)
bench: install-test
	$(PY) tests/bench/run.py

lint: install-test
	$(VENV)/bin/ruff check hooks tests

clean:
	rm -rf site site.tmp dist .pytest_cache
