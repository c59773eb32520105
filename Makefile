# The README's commands. Each one installs what it needs first.
#   make serve   build and serve the sample archive on http://127.0.0.1:8000
#   make test    run the whole test suite
#   make kiosk   build the parlour's kiosk site (mkdocs.community.yml) and serve it
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Debian packages the site and the checks need: Pango and the CJK fonts for the panels
# (libharfbuzz-subset0: without it WeasyPrint subsets the CJK fonts in Python, 7.2 s
# instead of 0.2 s per panel). `parlour align` reads the text aloud with espeak-ng and
# decodes any recording (M4A and video too) with ffmpeg.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
	espeak-ng ffmpeg
# ...and those the tests need in addition.
# chromium for the browser tests (Playwright drives Debian's build); sox and encoders make
# the audio fixtures the transcript tests read (and the align benchmark's noisy recordings).
# (npm, when the machine has none, comes from scripts/setup: Node.js from elsewhere brings its own)
DEBIAN_TEST_PACKAGES := chromium sox libsox-fmt-all vorbis-tools opus-tools

.PHONY: serve build kiosk check test lint schema clean panels catalogs

# --dirty: a change renders again only the pages whose content changed (see the README)
serve: $(VENV)/.installed
	$(BIN)/parlour check
	$(BIN)/mkdocs serve --dirty --dev-addr $(HOST)

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

# The kiosk is served as built, like its touch screen will see it: a static folder, no
# live reload, nothing fetched from another host, recordings that can be sought (Range).
kiosk: $(VENV)/.installed
	$(BIN)/parlour check
	$(BIN)/mkdocs build --strict -f mkdocs.community.yml
	$(BIN)/parlour serve site-community --host $(word 1,$(subst :, ,$(HOST))) --port $(word 2,$(subst :, ,$(HOST)))

check: $(VENV)/.installed
	$(BIN)/parlour check

schema: $(VENV)/.installed
	$(BIN)/parlour schema --out schemas

# make panels EXHIBIT=wutong-then-and-now PANELS_ARGS="--size A2 --lang zh+en"
EXHIBIT ?= wutong-then-and-now
panels: $(VENV)/.installed
	$(BIN)/parlour panels $(EXHIBIT) --out dist/panels $(PANELS_ARGS)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The interface words' catalogs (plugins/parlour/locale/*/LC_MESSAGES/parlour.po): collect
# every marked word from the source (parlour.pot), add the new ones to each language's .po
# (translators fill them in; CONTRIBUTING.md says how), and compile them to check that
# every .po reads. Sorted and located by file only, so a diff shows words, not line numbers.
LOCALE := plugins/parlour/locale
BABEL_KEYWORDS := -k N_:1c,2 -k M_ -k p_:1c,2 -k n_:1,2
catalogs: $(VENV)/.installed
	$(BIN)/pybabel extract -F $(LOCALE)/babel.cfg $(BABEL_KEYWORDS) --sort-output \
		--add-location=file --no-wrap --project=Parlour -o $(LOCALE)/parlour.pot plugins/parlour
	$(BIN)/pybabel update -i $(LOCALE)/parlour.pot -d $(LOCALE) -D parlour --no-wrap \
		--ignore-obsolete --no-fuzzy-matching
	# no creation dates: running this twice changes nothing
	sed -i '/^"POT-Creation-Date:/d' $(LOCALE)/parlour.pot $(LOCALE)/*/LC_MESSAGES/parlour.po
	for po in $(LOCALE)/*/LC_MESSAGES/parlour.po; do \
		$(BIN)/pybabel compile --statistics -i $$po -o /dev/null 2>&1 | grep -v "^compiling"; \
	done

# ruff (line length 100, see pyproject.toml) over the package and the tests
lint: $(VENV)/.installed-test
	$(BIN)/ruff check plugins tests

$(VENV)/.installed: pyproject.toml scripts/setup
	PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/setup $(DEBIAN_PACKAGES)
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	PYTHON=$(PYTHON) VENV=$(VENV) EXTRAS=test bash scripts/setup $(DEBIAN_PACKAGES) $(DEBIAN_TEST_PACKAGES)
	touch $@

clean:
	rm -rf site site-community dist .pytest_cache
