# Two commands do all set-up (see README.md):
#   make demo   the product on http://127.0.0.1:8000 with the 2019/20 report loaded
#   make test   lint and the whole test suite (PostgreSQL when DATABASE_URL is set)

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
SHIPPED_REPORTS := $(wildcard data/reports/*.yaml)

.PHONY: demo test lint serve install install-dev system-packages benchmark

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel

$(VENV)/.runtime: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e ".[dev]"
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# WeasyPrint needs Pango; charts in the PDF and the browser tests need Chromium.
# Installed with apt when run as root on Debian; otherwise say what is missing.
system-packages:
	@bash scripts/system-packages.sh

var/secret-key:
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

demo: system-packages install var/secret-key
	SECRET_KEY="$$(cat var/secret-key)" $(PY) manage.py migrate --noinput
	SECRET_KEY="$$(cat var/secret-key)" $(PY) manage.py collectstatic --noinput --verbosity 0
	SECRET_KEY="$$(cat var/secret-key)" $(PY) manage.py loaddata organisations
	for report in $(SHIPPED_REPORTS); do \
	  SECRET_KEY="$$(cat var/secret-key)" $(PY) manage.py import_report "$$report" || exit 1; \
	done
	SECRET_KEY="$$(cat var/secret-key)" $(PY) manage.py ensure_admin
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	SECRET_KEY="$$(cat var/secret-key)" $(VENV)/bin/gunicorn ictreport.wsgi \
	  --bind $(HOST):$(PORT) --workers 2 --timeout 120 --access-logfile -

lint: install-dev
	$(PY) -m ruff check .

test: install-dev lint
	SECRET_KEY=insecure-test-key $(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY=insecure-test-key $(PY) -m pytest

benchmark: install-dev
	SECRET_KEY=insecure-benchmark-key $(PY) -m scripts.benchmark_pages
