# giamngheo — two commands: `make demo` (install + run the demo) and `make test` (install + run every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOUSEHOLDS ?= 40000

.PHONY: demo test check install runtime-packages system-packages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml package-lock.json
	$(BIN)/uv pip install --python $(BIN)/python -q -r requirements.lock
	$(BIN)/uv pip install --python $(BIN)/python -q --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

demo: install runtime-packages
	$(BIN)/giamngheo demo --port $(PORT) --households $(HOUSEHOLDS)

# Debian packages: fonts with Vietnamese letters and Pango for PDFs (the app); Chromium for browser tests and
# poppler-utils for reading PDFs back (the tests). Installed when we may (root); otherwise we say what is missing.
RUNTIME_PACKAGES := fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0
TEST_PACKAGES := chromium poppler-utils

define apt_ensure
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else echo "Missing Debian packages (install them as root): $$missing"; fi; \
	fi
endef

runtime-packages:
	$(call apt_ensure,$(RUNTIME_PACKAGES))

system-packages:
	$(call apt_ensure,$(RUNTIME_PACKAGES) $(TEST_PACKAGES))

test: install system-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: install
	$(BIN)/ruff check giamngheo config tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy giamngheo/domain
	$(BIN)/python -m django check --settings=config.settings_test
	$(MAKE) test

clean:
	rm -rf $(VENV) node_modules var
