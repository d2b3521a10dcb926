# Two commands matter: `make build` and `make test`. Everything else is what they call.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TESTSTAMP := $(VENV)/.test-installed
SYSSTAMP := $(VENV)/.system-checked
# Exact versions with hashes: build and test install these and nothing else (`make lock` renews them).
LOCK := requirements.lock
TESTLOCK := requirements-test.lock
UVLOCK := requirements-uv.lock
UV := $(BIN)/uv
LOCKVENV := .venv-lock
PIP_TOOLS := pip-tools==7.6.2
LOCK_FLAGS := --generate-hashes --allow-unsafe --all-build-deps --strip-extras \
	--no-emit-index-url --no-emit-find-links
APT_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
APT_TEST := hunspell hunspell-no chromium poppler-utils faketime libreoffice-writer-nogui libreoffice-calc-nogui fonts-crosextra-carlito

# Bytecode for the project, written even where PYTHONDONTWRITEBYTECODE is set: without it every
# process (a build, each of its workers, each test's build) compiles the package again, about
# 1.5 s each with the libraries (which uv compiles at install, as pip does).
COMPILE := $(BIN)/python -m compileall -q -j 0 grunnlag build.py scripts tests

.PHONY: build test bench check lint clean setup setup-test lock mutate

build: setup
	@$(COMPILE)
	$(BIN)/python build.py $(ARGS)

check: setup
	$(BIN)/python build.py --check

test: setup-test
	@$(COMPILE)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	@# mypy runs beside the tests (one core for a few seconds, while the workers start up);
	@# its report follows theirs, and either failing fails the target.
	@types=$$(mktemp); $(BIN)/mypy > $$types 2>&1 & pid=$$!; \
	echo "$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)"; \
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS); tests=$$?; \
	wait $$pid; typed=$$?; echo "$(BIN)/mypy"; cat $$types; rm -f $$types; \
	test $$tests -eq 0 -a $$typed -eq 0

# Mutation testing (not part of `make test`): mutmut mutates the modules that hold the figures
# (pyproject.toml [tool.mutmut]) and runs the fast tests that check figures against each mutant,
# in mutants/; then the mutations named in issue 25 are applied one by one to a copy of the
# project, and the fast tests must fail on each. Prints the score and every surviving mutant
# (`.venv/bin/mutmut show NAME` shows one). All 2 503 mutants take hours on two cores;
# `make mutate MUTANTS='grunnlag.model.economics.x_budget_lines__*'` runs those named (globs).
mutate: setup-test
	@$(COMPILE)
	rm -rf mutants mutants-run.log
	$(BIN)/mutmut run --max-children 2 $(MUTANTS) > mutants-run.log 2>&1 || (tail -c 3000 mutants-run.log; false)
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/python scripts/mutation_report.py
	$(BIN)/python scripts/check_named_mutations.py

bench: setup-test
	$(BIN)/python scripts/bench.py

lint: setup-test
	$(BIN)/ruff check .

setup: $(STAMP)
setup-test: $(TESTSTAMP)

# System libraries WeasyPrint needs; installed with apt-get when we are root, else named.
$(SYSSTAMP):
	@$(PY) -m venv --without-pip $(VENV)
	@bash scripts/ensure-system-packages.sh $(APT_RUNTIME)
	@touch $@

# The locked packages (with setuptools), then the project itself without resolving anything
# more; `uv pip check` fails if pyproject.toml names a dependency the lock lacks. uv (itself
# locked, installed by pip) installs them: the same hashed files as pip would, in seconds instead
# of half a minute, and compiled to bytecode as pip would. The venv has no pip of its own (making
# one takes longer than all the rest): the system Python's pip installs uv into it, or, where that
# Python has no pip, one made for the venv (ensurepip).
$(STAMP): $(LOCK) $(UVLOCK) pyproject.toml $(SYSSTAMP)
	@if $(PY) -m pip --version >/dev/null 2>&1; then \
		echo "$(PY) -m pip --python $(BIN)/python install -q --require-hashes -r $(UVLOCK)"; \
		$(PY) -m pip --python $(BIN)/python install -q --require-hashes -r $(UVLOCK); \
	else \
		echo "$(BIN)/python -m ensurepip; $(BIN)/python -m pip install -q --require-hashes -r $(UVLOCK)"; \
		$(BIN)/python -m ensurepip >/dev/null && $(BIN)/python -m pip install -q --require-hashes -r $(UVLOCK); \
	fi
	$(UV) pip install -q --compile-bytecode --python $(BIN)/python --require-hashes -r $(LOCK)
	$(UV) pip install -q --python $(BIN)/python --no-deps --no-build-isolation -e .
	$(UV) pip check --python $(BIN)/python
	@touch $@

$(TESTSTAMP): $(TESTLOCK) $(STAMP)
	@bash scripts/ensure-system-packages.sh $(APT_TEST)
	$(UV) pip install -q --compile-bytecode --python $(BIN)/python --require-hashes -r $(TESTLOCK)
	@touch $@

# Renews both lock files from pyproject.toml for Python 3.11 on Linux x86_64, keeping the pins
# that still fit; `make lock LOCK_ARGS=--upgrade` takes the newest versions instead, and
# `LOCK_ARGS='-P weasyprint'` upgrades one package. The test lock is constrained by the runtime
# lock, so the packages they share have the same pins. Never run by build or test.
lock:
	$(PY) -m venv $(LOCKVENV)
	$(LOCKVENV)/bin/python -m pip install -q $(PIP_TOOLS)
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCKVENV)/bin/pip-compile -q $(LOCK_FLAGS) $(LOCK_ARGS) \
		--output-file $(LOCK) pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCKVENV)/bin/pip-compile -q $(LOCK_FLAGS) $(LOCK_ARGS) \
		--extra test --constraint $(LOCK) --output-file $(TESTLOCK) pyproject.toml
	echo "uv" | CUSTOM_COMPILE_COMMAND="make lock" $(LOCKVENV)/bin/pip-compile -q --generate-hashes \
		--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) --output-file $(UVLOCK) -

clean:
	rm -rf output $(VENV) $(LOCKVENV)
