# The two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
OIDC_PORT ?= 9400
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# Python 3.12+: python3.13, python3.12, or one of pyenv's versions.
PYTHON_FOR_VENV ?= $(shell for candidate in python3.13 python3.12; do \
	  if $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v $$candidate; exit 0; fi; \
	done; \
	root=$$(pyenv root 2>/dev/null); \
	for found in $$(ls -d $$root/versions/3.13* $$root/versions/3.12* 2>/dev/null | sort -rV); do \
	  if [ -x $$found/bin/python3 ]; then echo $$found/bin/python3; exit 0; fi; \
	done)

.PHONY: help install run serve-production test test-fast check format bench bench-smoke clean

help:
	@echo "make run    install, migrate, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   install and run the whole test suite (browser tests included)"
	@echo "make serve-production  the production shape here: PostgreSQL, gunicorn, a worker, an SMTP sink"
	@echo "make check  lint, format check, templates lint, migrations check, types"
	@echo "make bench  load the pages under gunicorn at the issue's volume, and time the matching (see bench/README.md)"

$(PY):
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
	  echo "Python 3.12 or newer is needed (python3.13, python3.12 or a pyenv version): none was found." >&2; \
	  echo "Install one (for example 'pyenv install 3.13') and run make again." >&2; exit 1; fi
	$(PYTHON_FOR_VENV) -m venv $(VENV)

$(UV): $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==0.13.9"

install: $(UV)
	$(UV) sync --frozen --python $(PY) --quiet

# System packages (Debian): installed when missing as root, or the exact command is printed.
system-packages-%:
	@scripts/system-packages $*

run: install system-packages-run
	EIG_DEVELOPMENT=1 $(PY) manage.py migrate --no-input
	EIG_DEVELOPMENT=1 $(PY) manage.py import_eig_site data/eig-site --verbosity 0
	EIG_DEVELOPMENT=1 $(PY) manage.py seed_demo
	@echo "Site: http://127.0.0.1:$(PORT) — demo accounts: http://127.0.0.1:$(PORT)/demo/comptes/"
	@trap 'kill 0' EXIT; \
	EIG_DEVELOPMENT=1 $(PY) manage.py run_local_oidc_provider --port $(OIDC_PORT) & \
	EIG_DEVELOPMENT=1 EIG_OIDC_LOCAL_PROVIDER_URL=http://127.0.0.1:$(OIDC_PORT) \
	  EIG_SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production shape on this machine (scripts/serve-production): PostgreSQL, gunicorn,
# one job worker, a local SMTP server printing the e-mails. PORT=, SMTP_PORT=, DATABASE_URL=.
serve-production: install system-packages-run
	scripts/serve-production

# Browser journeys run in their own session: Playwright keeps an event loop running in
# the test thread, which the job-queue tests (asyncio.run) cannot share. The other tests
# run in parallel (pytest-xdist, one test database per worker): TEST_WORKERS=auto is one
# worker per CPU; TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto
test: install system-packages-test
	@start=$$(date +%s); \
	$(PY) -m pytest --ignore=tests/e2e -n $(TEST_WORKERS); status=$$?; \
	middle=$$(date +%s); \
	if [ $$status -eq 0 ]; then $(PY) -m pytest tests/e2e; status=$$?; fi; \
	end=$$(date +%s); \
	echo "make test: $$((end - start)) s ($$((middle - start)) s without the browser, $$((end - middle)) s of browser journeys)"; \
	exit $$status

test-fast: install system-packages-test
	$(PY) -m pytest -m "not e2e" -x -n $(TEST_WORKERS)

check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint eig templates
	EIG_DEVELOPMENT=1 $(PY) manage.py makemigrations --check --dry-run
	EIG_DEVELOPMENT=1 $(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# A measure, not a test: builds its own throwaway database (<name>_bench on DATABASE_URL's
# PostgreSQL server, else a temporary SQLite file), serves it with gunicorn, loads each page
# with wrk (locust where wrk is missing). BENCH_ARGS: --scale N (100: the volume of issue 14;
# 1: the programme's real size), --users N (20), --duration S (10 s per page, as many on its
# reference), --load wrk|locust, --no-exports.
# MATCHING_BENCH_ARGS: --runs N (runs per size, 3), --largest N (largest instance, 20000).
bench: install system-packages-bench
	$(PY) bench/pages.py $(BENCH_ARGS)
	$(PY) bench/stable_matching.py $(MATCHING_BENCH_ARGS)

# The small form that `make test` runs too (tests/bench): scale 1, one user, half a second
# per page; fails on any page or export that does not answer 200.
bench-smoke: install system-packages-bench
	$(PY) bench/pages.py --smoke

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache .mypy_cache .ruff_cache
