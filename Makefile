# Diálogo — the two commands a new user runs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_SIZE ?= 3000
DEV := DEBUG=1

.PHONY: run test bench install install-test vendor migrate demo worker lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Front-end libraries come from the npm registry and are served by WhiteNoise.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/vendor/.installed: node_modules/.installed
	mkdir -p build/vendor/htmx.org build/vendor/chart.js build/vendor/open-props build/vendor/modern-normalize
	cp node_modules/htmx.org/dist/htmx.min.js build/vendor/htmx.org/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map build/vendor/chart.js/
	cp node_modules/open-props/open-props.min.css build/vendor/open-props/
	cp node_modules/modern-normalize/modern-normalize.css build/vendor/modern-normalize/
	$(PYTHON) scripts/build_icons.py node_modules build/vendor
	touch $@

vendor: build/vendor/.installed

migrate: install vendor
	$(DEV) $(BIN)/python manage.py migrate --noinput -v 0
	$(DEV) $(BIN)/python manage.py createcachetable

demo: migrate
	$(DEV) $(BIN)/python manage.py demo --size $(DEMO_SIZE)

# The web server, plus the background worker and the scheduler (polling networks, sending
# replies, imports, retraining), all stopped together with Ctrl+C.
run: demo
	@echo "Diálogo: http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	@$(DEV) $(BIN)/python manage.py db_worker --interval 1 > var/worker.log 2>&1 & worker=$$!; \
	$(DEV) $(BIN)/python manage.py scheduler > var/scheduler.log 2>&1 & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Background worker (polling networks, sending replies).
worker: migrate
	$(DEV) $(BIN)/python manage.py db_worker

test: install-test vendor
	bash scripts/test.sh

bench: install-test vendor
	$(BIN)/python bench/run.py

lint: install-test
	$(BIN)/pip install -q ruff==0.17.5
	$(BIN)/ruff check dialogo bench && $(BIN)/ruff format --check dialogo bench
	$(BIN)/lint-imports
	$(BIN)/mypy dialogo

# Regenerate the translation catalogue after changing strings (needs GNU gettext).
messages: install
	$(DEV) $(BIN)/python manage.py makemessages -l es --no-obsolete -i ".venv/*" -i "node_modules/*"
	$(DEV) $(BIN)/python manage.py compilemessages -l es

clean:
	rm -rf $(VENV) node_modules build staticfiles
