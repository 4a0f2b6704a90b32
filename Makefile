# Every task is one command. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: help install serve build test test-fast lint notebook clean

help:  ## List the tasks.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

install: $(STAMP)  ## Create .venv and node_modules: the project with its pinned docs and test tools.

$(STAMP): requirements.txt pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	# Every file checked against its hash in requirements.txt, pip and setuptools included;
	# wheels only, so no build fetches a backend of its own.
	$(BIN)/python -m pip install --quiet --require-hashes --only-binary=:all: -r requirements.txt
	# The project itself, built by that pinned setuptools: nothing else is fetched.
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: install  ## Serve the tutorial on http://127.0.0.1:8000 with live reload.
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

build: install  ## Build the site strictly into site/.
	$(BIN)/mkdocs build --strict

lint: install  ## Lint and type-check: ruff, ruff format, mypy --strict, eslint, prettier, zizmor.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict nanoneuron docs/hooks scripts benchmarks conftest.py tests
	$(BIN)/zizmor --offline .github/workflows
	node_modules/.bin/eslint && node_modules/.bin/prettier --check docs/javascripts docs/stylesheets/explorer.css docs/stylesheets/runner.css tests/explorer_harness.mjs eslint.config.js

# Tests keep Python's bytecode (in the ignored __pycache__/) even where the environment turns it
# off: otherwise every run compiles each test module again and rewrites its asserts.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

test: lint  ## Run every check: lint, every test tier (unit, site, browser, slow), the doctests.
	$(PYTEST) -n 2 --dist loadfile

test-fast: install  ## The inner loop: the unit tier (package, hooks, examples), in parallel.
	$(PYTEST) -m unit -n auto --dist loadfile -q --hypothesis-profile=fast

notebook: install  ## Regenerate docs/tutorial.ipynb from the chapters (after editing one).
	$(BIN)/python scripts/make_notebook.py

clean:  ## Remove what builds and tests make (keeps .venv; HYPOTHESIS=1 also drops its examples).
	rm -rf site .cache/exec .pytest_cache .mypy_cache .ruff_cache
	if [ -n "$(HYPOTHESIS)" ]; then rm -rf .hypothesis; fi
