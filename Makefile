# Metodika — one command to run the region with demo data, one to run the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
REGION_DOMAIN ?= lenobl.localhost
export REGION_DOMAIN
export SITE_PORT ?= $(PORT)
export DJANGO_SETTINGS_MODULE ?= metodika.settings.dev
export PYTHONPATH := $(CURDIR):$(CURDIR)/platform
SERVICES := set -a && eval "$$($(PY) deploy/local/services.py)" && set +a

.DEFAULT_GOAL := help
.PHONY: help install services migrate demo run worker test test-fast lint format lock bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

services: install ## Make sure PostgreSQL and Redis answer (starts them, or an embedded PostgreSQL)
	@$(PY) deploy/local/services.py

migrate: install ## Migrate public, the template schema and every municipality
	@$(SERVICES) && $(PY) manage.py region_migrate

demo: migrate ## Provision the demo region (three municipalities, people in every role)
	@$(SERVICES) && $(PY) manage.py demo_region

run: migrate ## Start everything with demo data: web on :8000 (PORT=...), Celery worker and beat
	@mkdir -p var && $(SERVICES) && $(PY) manage.py demo_region && \
	  trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	  $(VENV)/bin/celery -A metodika worker --beat --loglevel=INFO --concurrency=2 --schedule var/celerybeat-schedule & \
	  $(PY) manage.py runserver 0.0.0.0:$(PORT)

worker: install ## Run only a Celery worker (with beat)
	@mkdir -p var && $(SERVICES) && $(VENV)/bin/celery -A metodika worker --beat --loglevel=INFO --schedule var/celerybeat-schedule

# The test settings, whatever DJANGO_SETTINGS_MODULE says: pytest-django lets the environment
# (exported above for the dev server) win over pyproject's choice.
TEST_SETTINGS := --ds=metodika.settings.test
# The whole suite runs in two processes (pytest-xdist, a test file per process at a time, each
# process with its own test database, Redis database and Celery queue); a part chosen with
# PYTEST_ARGS in one. TEST_PROCESSES=N says otherwise.
TEST_PROCESSES ?= $(if $(PYTEST_ARGS),1,2)
TEST_PARALLEL := $(if $(filter-out 0 1,$(TEST_PROCESSES)),-n $(TEST_PROCESSES) --dist loadfile --no-loadscope-reorder)

test: install ## Run the whole test suite in two processes (fresh test databases, real PostgreSQL, Redis, Celery, Chromium)
	@$(SERVICES) && $(PY) -m pytest $(TEST_SETTINGS) --create-db $(TEST_PARALLEL) --durations=20 $(PYTEST_ARGS)

test-fast: install ## Run the tests reusing the test databases
	@$(SERVICES) && $(PY) -m pytest $(TEST_SETTINGS) $(TEST_PARALLEL) $(PYTEST_ARGS)

lint: install ## ruff (lint and format check), the layers (import-linter) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy platform tenants cms

format: install ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# uv resolves both locks (`pip install uv` if it is missing); the existing pins are kept where the
# ranges in pyproject.toml allow them, and the production lock is constrained to the development
# one, so it is a subset in versions.
UV ?= $(shell command -v uv || echo $(VENV)/bin/uv)
LOCK := $(UV) pip compile pyproject.toml --python-version 3.11 --custom-compile-command "make lock"

lock: ## Regenerate requirements.lock (development) and requirements-production.lock (hashes, no dev tools)
	$(LOCK) --group dev -o requirements.lock
	$(LOCK) -c requirements.lock --generate-hashes -o requirements-production.lock

BENCHES := $(sort $(wildcard bench/*.py))
# Runs with other arguments than a bench's defaults: the spare pool with 2,500 municipalities present.
BENCH_RUNS := $(BENCHES) "bench/provision.py --schemas 2500 --runs 3"

bench: install ## Run the benchmarks (every bench/*.py) and print figures and ratios
	@$(SERVICES) && status=0 && for bench in $(BENCH_RUNS); do \
	  echo "== $$bench"; $(PY) $$bench || status=1; done; exit $$status

clean: ## Remove the virtualenv and local state under var/
	rm -rf $(VENV) var
