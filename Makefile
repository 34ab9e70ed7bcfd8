# giamngheo — two commands: `make demo` (install + run the demo) and `make test` (install + run every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOUSEHOLDS ?= 40000

.PHONY: demo test check install install-dev browser lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml package-lock.json
	$(BIN)/uv pip install --python $(BIN)/python -q -r requirements.lock
	$(BIN)/uv pip install --python $(BIN)/python -q --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/giamngheo demo --port $(PORT) --households $(HOUSEHOLDS)

# Browser tests need Debian's Chromium; install it when we may (root), otherwise they are reported as skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium fonts-liberation2 >/dev/null) || echo "Chromium not installed: browser tests will be skipped."; }

test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: install
	$(BIN)/ruff check giamngheo config tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy giamngheo/domain
	$(BIN)/python -m django check --settings=config.settings_test
	$(MAKE) test

clean:
	rm -rf $(VENV) node_modules var
