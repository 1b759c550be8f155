# Two commands on a fresh machine: `make serve` and `make test`. Everything else is optional.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast check export package bench lint browser install install-test clean

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
install-test: browser $(VENV)/.installed-test  # browser first: npm ci needs npm

## serve: the course on http://127.0.0.1:8000 with live reload (banks, hooks and pages);
## `make serve PORT=8001` serves it on another port. A busy port is said in one line, not
## MkDocs' traceback (the check runs when the recipe starts, after the install).
PORT ?= 8000
port_free = $(shell python3 -c 'import socket; socket.socket().bind(("127.0.0.1", $(PORT)))' 2>/dev/null && echo yes)
serve: install
	$(if $(port_free),,$(error Port $(PORT) is busy (another program is using it): choose another with `make serve PORT=8001`))
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

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

## package: SCORM 1.2 and cmi5 zips of the whole course in dist/lms/ (README: "Running the course
## in your LMS"); `make package KIND=cmi5` writes one; RELEASE=1 as for build. The cmi5 zip
## carries the cmi5 client from node_modules (@xapi/cmi5, pinned in package.json).
package: install node_modules/.package-lock.json
	COURSE_RELEASE=$(RELEASE) $(VENV)/bin/course package --out dist/lms $(if $(KIND),--only $(KIND))

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

## browser: the system tools the tests run, as command:Debian-package, installed when missing
## (Debian's Chromium: Playwright's own download does not work here). npm installs axe-core.
## tests/browser/test_system_tools.py fails when a test runs a command that is not listed here.
BROWSER_TOOLS := chromium:chromium pdfinfo:poppler-utils pdftotext:poppler-utils node:nodejs npm:npm make:make
browser:
	@missing="$$(for tool in $(BROWSER_TOOLS); do command -v $${tool%%:*} >/dev/null || echo $${tool#*:}; done | sort -u)"; \
	if [ -n "$$missing" ]; then apt-get update -q && apt-get install -y -q $$missing; fi

## test: everything, browser tests included
test: install-test
	$(VENV)/bin/ruff check hooks tests
	$(PY) -m pytest -q

## test-fast: unit and build tests only
test-fast: install-test
	$(PY) -m pytest -q -m "not browser"

## bench: page weight, build times, click latency and Lighthouse beside stock Material (see
## BENCHMARKS.md); `make bench BENCH_ARGS="--only lighthouse --runs 1"` reruns Lighthouse alone
bench: install-test
	$(PY) tests/bench/run.py $(BENCH_ARGS)

lint: install-test
	$(VENV)/bin/ruff check hooks tests

clean:
	rm -rf site site.tmp dist .pytest_cache
