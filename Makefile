# Baikonur, explained. `make book` builds the HTML book, `make test` runs every check.
# Needs python3 (3.10+) and npm; everything else is installed into .venv and node_modules.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HTML   := _build/html
PORT   ?= 8000

# Files whose change must re-execute the notebooks: jupyter-cache only notices notebook edits.
EXECUTION_INPUTS := $(wildcard data/*) $(wildcard baikonur/*.py)
EXECUTION_STAMP  := _build/.jupyter_cache/.inputs-stamp

# The French edition (issue 16): same notebooks, French text from locales/fr/LC_MESSAGES/*.po,
# built on its own into $(FR_BUILD), then put into $(HTML)/fr/ (baikonur_sphinx/translation.py).
# Its execution cache is its own (the kernel runs in French); the figure and map strings'
# catalog (baikonur.po) is one more of its inputs.
FR_BUILD := _build/fr
FR_CACHE := $(FR_BUILD)/_build/.jupyter_cache
FR_STAMP := $(FR_CACHE)/.inputs-stamp
GETTEXT  := _build/gettext

.PHONY: book book-en book-fr translations test fast-test lint format myst linkcheck serve clean bench lab

# Files the notebooks write as they run (chapter downloads). A cached execution would not write
# them again, so if they are gone the notebooks run afresh.
NOTEBOOK_WRITES := book/downloads

# The two editions build one after the other (not with -j: the notebooks of both write the same
# book/downloads files), then the French one is put under fr/ and the sitemaps merged.
.NOTPARALLEL: book
book: book-en book-fr
	$(BIN)/python -m baikonur_sphinx.translation assemble fr $(FR_BUILD)/_build/html $(HTML)

# English, the source, at the site's root.
book-en: $(VENV)/.installed node_modules/.installed $(EXECUTION_STAMP)
	@test -d $(NOTEBOOK_WRITES) || rm -rf _build/.jupyter_cache
	$(BIN)/jupyter-book build . --all -W -n --keep-going

# French, built into $(FR_BUILD)/_build/html.
book-fr: $(VENV)/.installed node_modules/.installed $(FR_STAMP)
	@test -d $(NOTEBOOK_WRITES) || rm -rf $(FR_CACHE)
	$(BIN)/python -m baikonur_sphinx.translation config fr $(FR_BUILD)
	$(BIN)/jupyter-book build . --config $(FR_BUILD)/_config.yml --path-output $(FR_BUILD) \
		--all -W -n --keep-going

# After an English edit: collect the English messages (gettext) and update the French catalogs
# (sphinx-intl: new messages empty, changed ones fuzzy), and the figure and map strings of tr()
# (baikonur.po). Then translate what is empty or fuzzy; the tests name what is left.
translations: $(VENV)/.installed $(EXECUTION_STAMP)
	$(BIN)/python -m baikonur_sphinx.translation config gettext $(GETTEXT)
	$(BIN)/jupyter-book build . --config $(GETTEXT)/_config.yml --path-output $(GETTEXT) \
		--builder custom --custom-builder gettext --all
	@# The theme's own words (sphinx.pot) are translated by Sphinx and the theme, not by us.
	rm -f $(GETTEXT)/_build/gettext/sphinx.pot
	$(BIN)/sphinx-intl update --pot-dir $(GETTEXT)/_build/gettext --locale-dir locales -l fr \
		--line-width 100
	$(BIN)/python -m baikonur.i18n

test: book $(VENV)/.tests-installed
	$(BIN)/pytest

# The fast tier: helpers and data, no build and no browser (tests/conftest.py sets the markers).
fast-test: $(VENV)/.tests-installed
	$(BIN)/pytest -m "not build and not browser"

# ruff over every Python file and notebook (pyproject.toml, [tool.ruff]); each problem is named by
# file and line. MyST notebooks' code cells through tools/notebooks.py. `make format` fixes.
lint: $(VENV)/.tests-installed
	$(BIN)/ruff check --output-format=concise .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/notebooks.py lint

format: $(VENV)/.tests-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/python tools/notebooks.py format

# Every external link of the built book still answers: the bibliography's URLs above all (Sphinx
# linkcheck; needs the internet, so it is not part of `make test`; the Pages workflow runs it
# every week). Report in _build/linkcheck/output.txt.
linkcheck: book
	$(BIN)/jupyter-book build . --builder linkcheck

# Chapters and the template from .ipynb to MyST Markdown notebooks (deterministic; see
# CONTRIBUTING.md, "Chapters are MyST notebooks"). Converts every book/*.ipynb and templates/*.ipynb.
myst: $(VENV)/.installed
	$(BIN)/python tools/notebooks.py to-myst

# Measures build, notebook, test and page costs against a one-page baseline, and writes
# bench/RESULTS.md (bench/bench.py). Not part of `make test`: timings on shared machines are noisy.
# BENCH_RUNS: runs per timing and per Lighthouse preset (median reported).
BENCH_RUNS ?= 3
bench: $(VENV)/.tests-installed node_modules/.installed bench/node_modules/.installed
	$(BIN)/python bench/bench.py --runs $(BENCH_RUNS) $(BENCH_ARGS)

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund
	touch $@

# Learners: the chapters in JupyterLab, on the project's own environment (widgets included), as
# the notebooks readers download and Colab opens (exercises in Markdown that JupyterLab renders,
# hints and answers folded), written into learn/ once: a learner's edits there are kept.
# LAB_ARGS passes more options, e.g. `make lab LAB_ARGS="--port 8890 --no-browser"`.
# As root (a container, some cloud machines) JupyterLab refuses to start without --allow-root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(VENV)/.installed
	$(BIN)/python tools/notebooks.py learn learn
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/learn \
		$(LAB_ROOT) $(LAB_ARGS)

serve:
	@test -f $(HTML)/index.html || { echo "No book in $(HTML): run 'make book' first."; exit 1; }
	@echo "Serving the book at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(HTML) $(PORT)

clean:
	rm -rf _build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.tests-installed: tests/requirements.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r tests/requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json baikonur_sphinx/npm_prebuilt.py | $(BIN)/python
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund
	# Thebe's published bundle, without its dependencies (see package.json, "prebuiltOnly").
	$(BIN)/python -m baikonur_sphinx.npm_prebuilt
	touch $@

$(EXECUTION_STAMP): $(EXECUTION_INPUTS)
	rm -rf _build/.jupyter_cache
	mkdir -p $(dir $@)
	touch $@

$(FR_STAMP): $(EXECUTION_INPUTS) locales/fr/LC_MESSAGES/baikonur.po
	rm -rf $(FR_CACHE)
	mkdir -p $(dir $@)
	touch $@
