# Two commands do all set-up (see README.md):
#   make demo   the product on http://127.0.0.1:8000 with the 2019/20 report loaded
#   make test   lint and the whole test suite (PostgreSQL when DATABASE_URL is set)
# and, while working: make test-fast   the suite less its PDF and browser tests
# Both install the exact versions in requirements.lock / requirements-dev.lock (made from
# pyproject.toml's ranges by `make lock`; `make lock-check` says when they disagree).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for make test: one a CPU core (make test TEST_WORKERS=0 runs serially).
TEST_WORKERS ?= auto
SHIPPED_REPORTS := $(wildcard data/reports/*.yaml)
# The translations: each language's catalogue (locale/cy/LC_MESSAGES/django.po, kept in
# git) compiled to the .mo Django reads (not kept: made by the build). Needs gettext's
# msgfmt (scripts/system-packages.sh installs the Debian package gettext).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: demo test test-fast lint serve install install-dev system-packages benchmark benchmark-pdf benchmark-load benchmark-import lock lock-check messages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel

# Every package at its locked version, checked against the lock's hashes; then the
# project itself, whose dependencies are then all there.
$(VENV)/.runtime: pyproject.toml requirements.lock | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: pyproject.toml requirements-dev.lock | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	$(PIP) install --quiet --no-deps -e .
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

# msgfmt --check first, so a catalogue with a broken placeholder or plural fails the
# build with msgfmt's message, then Django's compilemessages writes the .mo.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/bin/python
	msgfmt --check -o /dev/null $<
	SECRET_KEY=insecure-messages-key $(PY) manage.py compilemessages --locale $* --ignore=.venv --verbosity 0

messages: $(MO_FILES)

demo: system-packages install var/secret-key messages
	SECRET_KEY="$$(cat var/secret-key)" $(PY) manage.py migrate --noinput
	SECRET_KEY="$$(cat var/secret-key)" $(PY) manage.py collectstatic --noinput --verbosity 0
	SECRET_KEY="$$(cat var/secret-key)" $(PY) manage.py loaddata organisations
	for report in $(SHIPPED_REPORTS); do \
	  SECRET_KEY="$$(cat var/secret-key)" $(PY) manage.py import_report "$$report" || exit 1; \
	done
	SECRET_KEY="$$(cat var/secret-key)" $(PY) manage.py ensure_admin
	@echo "Serving on http://$(HOST):$(PORT)/ with a PDF worker (Ctrl-C stops both)"
	SECRET_KEY="$$(cat var/secret-key)" HOST=$(HOST) PORT=$(PORT) bash scripts/serve.sh

# The locks: pip-compile (pip-tools, in a virtualenv of its own so .venv holds only what
# the lock says) resolves pyproject.toml's ranges, keeping every version already locked
# that still fits. Upgrade with e.g. make lock LOCK_ARGS="--upgrade-package django".
LOCK_VENV := .venv-lock
PIP_TOOLS := pip-tools==7.6.2
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet \
  --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
  $(LOCK_ARGS)

$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet "$(PIP_TOOLS)"

lock: $(LOCK_VENV)/bin/pip-compile
	$(PIP_COMPILE) -o requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev -o requirements-dev.lock pyproject.toml
	$(MAKE) lock-check

# Fails when pyproject.toml and the locks disagree (a dependency added, removed or given
# a range its locked version is outside of, without make lock), before anything installs.
lock-check: | $(VENV)/bin/python
	$(PY) -m scripts.lock_check

lint: install-dev
	$(PY) -m ruff check .

test: lock-check install-dev lint messages
	$(PY) -m scripts.lock_check --installed
	SECRET_KEY=insecure-test-key $(PY) manage.py makemigrations --check --dry-run
	@started=$$(date +%s); status=0; \
	SECRET_KEY=insecure-test-key $(PY) -m pytest -n $(TEST_WORKERS) --durations=15 \
	  || status=$$?; \
	echo "pytest took $$(( $$(date +%s) - started )) s with -n $(TEST_WORKERS)"; \
	exit $$status

# Everything but the tests marked pdf or browser (tests/conftest.py marks them), shared
# between the workers as make test shares the whole suite.
test-fast: install-dev lint messages
	@started=$$(date +%s); status=0; \
	SECRET_KEY=insecure-test-key $(PY) -m pytest -n $(TEST_WORKERS) -m "not pdf and not browser" \
	  || status=$$?; \
	echo "pytest took $$(( $$(date +%s) - started )) s with -n $(TEST_WORKERS)"; \
	exit $$status

benchmark: install-dev
	SECRET_KEY=insecure-benchmark-key $(PY) -m scripts.benchmark_pages

# The PDF board paper cold, warm (charts cached), warm with a changed chart and cached,
# split into its phases (docs/benchmark-pdf.md). BENCHMARK_REPEAT sets the warm runs.
benchmark-pdf: install-dev
	SECRET_KEY=insecure-benchmark-key $(PY) -m scripts.benchmark_pdf --repeat $(or $(BENCHMARK_REPEAT),5)

# 32 signed-in clients for 60 s against gunicorn and a Celery worker as docs/deploy.md
# runs them, pages only then pages and the PDF (docs/benchmark-load.md); PostgreSQL and
# Redis on 127.0.0.1 when they answer. BENCHMARK_SECONDS shortens each run.
benchmark-load: install-dev
	SECRET_KEY=insecure-benchmark-key $(PY) -m scripts.benchmark_load

# A 10,000-row spreadsheet import against 1,000 rows: time, SQL queries, peak memory
# (docs/benchmark-import.md). Takes many minutes.
benchmark-import: install-dev
	SECRET_KEY=insecure-benchmark-key $(PY) -m scripts.benchmark_import
