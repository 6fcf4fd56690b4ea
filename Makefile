# Convener — run `make` to list the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# Extra pytest arguments for every test run, e.g. `make test PYTEST_ARGS="-x"`.
PYTEST_ARGS ?=
# How the non-browser tests spread over processes (pytest-xdist): two workers, each test file
# kept in one worker (its module fixtures start once). `make test XDIST=` runs them in one.
XDIST ?= -n 2 --dist loadfile


.PHONY: help demo test test-sqlite test-postgres services lint format venv browser check-deploy messages serve clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 (or set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes, so second runs are fast.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,dev]'
	@touch $(STAMP)

venv: $(STAMP) ## Create or update .venv with every dependency

demo: $(STAMP) ## Set up and serve the demo initiative on http://127.0.0.1:$(PORT)
	@mkdir -p var
	DEBUG=true $(BIN)/convener migrate --no-input -v 0
	DEBUG=true PORT=$(PORT) $(BIN)/convener load_demo
	@echo "Serving Convener on http://127.0.0.1:$(PORT)  (Ctrl+C to stop)"
	DEBUG=true SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/convener runserver 127.0.0.1:$(PORT)

browser: ## Make sure Debian's Chromium and LibreOffice Calc are installed for the browser and spreadsheet tests
	@if [ -x "$(CHROMIUM)" ]; then \
	  echo "Chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium with apt-get..."; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "Browser tests need Chromium at $(CHROMIUM). Install it with: sudo apt-get install chromium"; \
	  if [ "$$CI" = "true" ]; then exit 1; fi; \
	fi
	@if command -v soffice >/dev/null; then \
	  echo "LibreOffice: $$(command -v soffice)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's libreoffice-calc-nogui with apt-get (spreadsheet interop tests)..."; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null; \
	else \
	  echo "Spreadsheet tests need LibreOffice. Install it with: sudo apt-get install libreoffice-calc-nogui"; \
	  if [ "$$CI" = "true" ]; then exit 1; fi; \
	fi

lint: $(STAMP) ## ruff, mypy, djLint, import-linter, makemigrations --check
	$(BIN)/ruff format --check convener tests bench conftest.py
	$(BIN)/ruff check convener tests bench conftest.py
	DEBUG=true $(BIN)/mypy convener tests bench conftest.py
	$(BIN)/djlint --check convener
	$(BIN)/djlint --lint convener
	$(BIN)/lint-imports
	DEBUG=true $(BIN)/convener makemigrations --check --dry-run

format: $(STAMP) ## Reformat code and templates
	$(BIN)/ruff format convener tests bench conftest.py
	$(BIN)/ruff check --fix convener tests bench conftest.py
	$(BIN)/djlint --reformat convener

messages: $(STAMP) ## Refresh and compile the translation catalogues
	cd convener && DEBUG=true ../$(BIN)/convener makemessages -l es --no-obsolete
	cd convener && DEBUG=true ../$(BIN)/convener compilemessages

services: ## Make sure Debian's PostgreSQL and Redis servers are installed (for the tests)
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -z "$$missing" ]; then \
	  echo "PostgreSQL and Redis servers: installed"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's$$missing with apt-get..."; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "The tests need$$missing. Install with: sudo apt-get install$$missing"; exit 1; \
	fi

# Every test runs in CI; the markers (pyproject.toml) say in which pass:
# - SQLite pass: everything but `subprocess`, in two xdist workers, then `browser` (tests/browser)
#   in one process, last (Playwright's event loop; tests/browser/conftest.py);
# - PostgreSQL pass: everything that touches the database, `subprocess` suites included, in two
#   xdist workers; `once` tests (no database access, marked by conftest.py; the PDF layout and
#   the page crawlers, marked by hand) are not repeated.
# See docs/architecture.md, "Tests".
test: $(STAMP) browser services lint ## Lint, then the suite on SQLite and the database tests again on PostgreSQL
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP) ## The suite on the embedded SQLite database, browser tests last (the subprocess suites run in the PostgreSQL pass)
	@echo "== pytest on SQLite"
	$(BIN)/pytest -m "not subprocess and not browser" $(XDIST) $(PYTEST_ARGS)
	@echo "== browser tests on SQLite"
	$(BIN)/pytest tests/browser $(PYTEST_ARGS)

test-postgres: $(STAMP) services ## The database tests, subprocess suites included, on a throw-away PostgreSQL server
	@echo "== pytest on PostgreSQL"
	scripts/pg-test-server $(BIN)/pytest -m "not browser and not once" $(XDIST) $(PYTEST_ARGS)

check-deploy: $(STAMP) ## Run Django's deployment checks with production settings
	DEBUG=false SECRET_KEY=$$(openssl rand -hex 32) ALLOWED_HOSTS=convener.example.org \
	  SITE_URL=https://convener.example.org \
	  $(BIN)/convener check --deploy --fail-level WARNING

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var
