# The commands CI and the README use. uv is pinned and installed into .tools/ so a
# fresh machine needs nothing but python3.
UV_VERSION := 0.13.9
UV := .tools/bin/uv
MANAGE := $(UV) run --frozen python manage.py
# Where `make run` serves. Web, worker and beat all get it as GUNICORN_BIND, and the
# links in emails and texts follow it unless PUBLIC_URL is set (config/settings.py).
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast bench lint fmt setup env

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

setup: $(UV)
	$(UV) sync --frozen

run: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	@echo ""
	@echo "  Stepwise is starting at http://$(HOST):$(PORT)/  (Ctrl-C stops web, worker and beat)"
	@echo ""
	GUNICORN_BIND=$(HOST):$(PORT) $(UV) run --frozen honcho start

test: lint
	$(UV) run --frozen pytest

# Lint and every test that needs no browser, no worker process and no Redis: a few
# minutes on a laptop, for the edit-test loop (CI runs it too, on the embedded defaults).
test-fast: lint
	$(UV) run --frozen pytest -m "not browser and not redis and not worker"

# Both halves run even when the pages miss a goal; the target then fails at the end.
bench: setup
	$(UV) run --frozen python -m bench; pages=$$?; \
	$(UV) run --frozen python -m bench.fanout && exit $$pages

# ruff, then import-linter: the apps import one way (contracts in pyproject.toml).
lint: setup
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports

fmt: setup
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

# A .env with fresh keys for docker compose (config/keys.py, any python3, no setup needed).
# It never replaces an existing one, whose keys may be all that can read the database,
# unless FORCE=1. ENV_FILE writes elsewhere.
ENV_FILE ?= .env
env:
	@if [ -e "$(ENV_FILE)" ] && [ "$(FORCE)" != 1 ]; then \
		echo "$(ENV_FILE) exists: its keys may be the only ones that read your data. Keeping it (FORCE=1 replaces it)." >&2; \
		exit 1; \
	fi
	@umask 077 && python3 config/keys.py > "$(ENV_FILE).new" && mv -f "$(ENV_FILE).new" "$(ENV_FILE)"
	@echo "Wrote $(ENV_FILE) with fresh SECRET_KEY, FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEYS. Back it up; never commit it."
