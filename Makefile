# PMO Portal. `make run` serves the portal with demo data; `make test` runs the whole suite; `make test-fast` runs
# the unit and service tests in parallel (no lint, no browser, no real Celery worker).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test test-fast install install-test assets messages makemessages system-deps system-deps-test lint format lock bench clean backup restore

$(VENV)/.installed-run: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	@touch $@

$(VENV)/.installed-test: requirements-test.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-test.lock
	@touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

system-deps:
	@bash scripts/system_deps.sh run
system-deps-test:
	@bash scripts/system_deps.sh test

# Bootstrap, its icons and htmx come from npm (package-lock.json pins them) and are served by the portal.
static/vendor/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons/font static/vendor/htmx
	cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js static/vendor/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts static/vendor/bootstrap-icons/font/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	mkdir -p static/vendor/plotly && cp node_modules/plotly.js-dist-min/plotly.min.js static/vendor/plotly/
	@touch $@
assets: static/vendor/.copied

# Japanese translations: locale/ja/LC_MESSAGES/django.po is the source; the .mo is built here.
messages: $(VENV)/.installed-run
	cd . && DEBUG=1 $(PY) manage.py compilemessages -l ja -v 0 --ignore=.venv --ignore=node_modules
makemessages: $(VENV)/.installed-run
	DEBUG=1 $(PY) manage.py makemessages -l ja --no-obsolete --ignore=node_modules --ignore=.venv --ignore=var --ignore=static

run: system-deps install assets messages
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo --if-empty
	DEBUG=$${DEBUG:-1} $(PY) scripts/run_all.py

# The deploy check runs with production settings (DEBUG off), which refuse to start without DATABASE_URL,
# REDIS_URL and EMAIL_HOST: the servers found by scripts/services.sh, else the explicit embedded defaults.
test: system-deps-test install-test assets messages
	@eval "$$(bash scripts/services.sh)" && \
	  $(PY) -m ruff check . && $(PY) -m ruff format --check . && \
	  $(VENV)/bin/lint-imports --no-cache && \
	  $(PY) manage.py makemigrations --check --dry-run --settings=pmo_portal.settings_test && \
	  DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-a-long-and-random-enough-secret-key-for-the-check \
	    ALLOWED_HOSTS=pmo.example.com DATABASE_URL=$${DATABASE_URL:-embedded} REDIS_URL=$${REDIS_URL:-embedded} \
	    EMAIL_HOST=$${EMAIL_HOST:-embedded} $(PY) manage.py check --deploy --fail-level WARNING && \
	  $(PY) -m pytest $(PYTEST_ARGS)

# The quick loop while coding: unit and service tests (PostgreSQL and Redis when they answer) on every CPU with
# pytest-xdist; no lint, no browser tests, no real Celery worker. `make test` stays the full check.
test-fast: system-deps-test install-test assets messages
	@eval "$$(bash scripts/services.sh)" && \
	  $(PY) -m pytest -n auto -m "not browser and not worker and not slow" $(PYTEST_ARGS)

lint: install-test
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && $(VENV)/bin/lint-imports --no-cache
format:
	$(PY) -m ruff check --fix . && $(PY) -m ruff format .

lock:
	$(PY) scripts/lock.py

# The benchmark of issue 11 (benchmarks/run.py): PostgreSQL only, in a database of its own that it creates and drops;
# BENCH_PROJECTS (1000) × BENCH_WEEKS (156); about 8 minutes at 1,000 projects on 2 cores. Results: bench/results/.
bench: install-test assets
	@eval "$$(bash scripts/services.sh)" && $(PY) benchmarks/run.py

# Backup and restore (README, "Backup and restore"): the database and the uploaded files, from the same environment
# as the portal (DEBUG defaults to 1 as for `make run`; production sets its DATABASE_URL etc.).
backup:
	DEBUG=$${DEBUG:-1} PY=$(PY) bash scripts/backup.sh $(BACKUP)
restore:
	DEBUG=$${DEBUG:-1} PY=$(PY) bash scripts/restore.sh $(BACKUP)

clean:
	rm -rf static/vendor node_modules var/staticfiles
