# Two commands matter: `make build` and `make test`. Everything else is what they call.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TESTSTAMP := $(VENV)/.test-installed
SYSSTAMP := $(VENV)/.system-checked
APT_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
APT_TEST := hunspell hunspell-no chromium poppler-utils faketime libreoffice-writer-nogui fonts-crosextra-carlito

.PHONY: build test bench check lint clean setup setup-test

build: setup
	$(BIN)/python build.py $(ARGS)

check: setup
	$(BIN)/python build.py --check

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

bench: setup-test
	$(BIN)/python scripts/bench.py

lint: setup-test
	$(BIN)/ruff check .

setup: $(STAMP)
setup-test: $(TESTSTAMP)

# System libraries WeasyPrint needs; installed with apt-get when we are root, else named.
$(SYSSTAMP):
	@$(PY) -m venv $(VENV)
	@bash scripts/ensure-system-packages.sh $(APT_RUNTIME)
	@touch $@

$(STAMP): pyproject.toml $(SYSSTAMP)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(TESTSTAMP): $(STAMP)
	@bash scripts/ensure-system-packages.sh $(APT_TEST)
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

clean:
	rm -rf output $(VENV)
