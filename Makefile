# The README's commands. Each one installs what it needs first.
#   make serve   build and serve the sample archive on http://127.0.0.1:8000
#   make test    run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Debian packages the site and the checks need (none beyond a working Python yet).
DEBIAN_PACKAGES :=
# ...and those the tests need in addition.
DEBIAN_TEST_PACKAGES :=

.PHONY: serve build check test schema clean

serve: $(VENV)/.installed
	$(BIN)/parlour check
	$(BIN)/mkdocs serve --dev-addr $(HOST)

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

check: $(VENV)/.installed
	$(BIN)/parlour check

schema: $(VENV)/.installed
	$(BIN)/parlour schema --out schemas

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(VENV)/.installed: pyproject.toml scripts/setup
	PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/setup $(DEBIAN_PACKAGES)
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	PYTHON=$(PYTHON) VENV=$(VENV) EXTRAS=test bash scripts/setup $(DEBIAN_PACKAGES) $(DEBIAN_TEST_PACKAGES)
	touch $@

clean:
	rm -rf site dist .pytest_cache
