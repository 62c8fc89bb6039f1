# Baikonur, explained. `make book` builds the HTML book, `make test` runs every check.
# Needs python3 (3.10+) and npm; everything else is installed into .venv and node_modules.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HTML   := _build/html
PORT   ?= 8000

# Notebooks re-execute when a file they read changes (data, helpers, bibliography, catalogs):
# baikonur_sphinx.execution records what each notebook's kernel reads and drops the cached
# executions whose inputs changed, in each edition's own cache. Nothing to list here.

# The French edition: same notebooks, French text from locales/fr/LC_MESSAGES/*.po,
# built on its own into $(FR_BUILD), then put into $(HTML)/fr/ (baikonur_sphinx/translation.py).
# Its execution cache, and the downloads its kernel writes, are its own (the kernel runs in French).
FR_BUILD := _build/fr
GETTEXT  := _build/gettext

.PHONY: book book-en book-fr translations lock test fast-test lint format myst linkcheck serve clean bench lab

# Each build starts from an empty HTML folder (no page, report or sitemap of an earlier build
# survives; a failed build leaves no old edition beside a new one); the execution caches stay.
# The editions build one after the other, then the French one is put under fr/ and the sitemaps
# merged.
.NOTPARALLEL: book
book: book-en book-fr
	$(BIN)/python -m baikonur_sphinx.translation assemble fr $(FR_BUILD)/_build/html $(HTML)

# English, the source, at the site's root.
book-en: $(VENV)/.installed node_modules/.installed
	rm -rf $(HTML)
	$(BIN)/jupyter-book build . --all -W -n --keep-going

# French, built into $(FR_BUILD)/_build/html.
book-fr: $(VENV)/.installed node_modules/.installed
	rm -rf $(FR_BUILD)/_build/html
	$(BIN)/python -m baikonur_sphinx.translation config fr $(FR_BUILD)
	$(BIN)/jupyter-book build . --config $(FR_BUILD)/_config.yml --path-output $(FR_BUILD) \
		--all -W -n --keep-going

# After an English edit: collect the English messages (gettext) and the strings of tr() and of
# the data, and bring the French catalogs up to date (baikonur_sphinx/catalogs.py): new and
# changed messages arrive empty, never guessed; a sentence the book already translates is reused;
# an unchanged catalog is not rewritten. Then translate what is empty; the tests name what is left.
translations: $(VENV)/.installed
	$(BIN)/python -m baikonur_sphinx.translation config gettext $(GETTEXT)
	$(BIN)/jupyter-book build . --config $(GETTEXT)/_config.yml --path-output $(GETTEXT) \
		--builder custom --custom-builder gettext --all
	$(BIN)/python -m baikonur_sphinx.catalogs $(GETTEXT)/_build/gettext

test: book $(VENV)/.tests-installed
	$(BIN)/pytest

# The fast tier: helpers and data, no build and no browser (tests/conftest.py sets the markers
# from what each test declares). Installs what it needs, npm packages included (the tests compare
# the packaged Leaflet and the site's bundles with npm's).
fast-test: $(VENV)/.tests-installed node_modules/.installed
	$(BIN)/pytest -m "not build and not browser"

# ruff over every Python file and notebook (pyproject.toml, [tool.ruff]); each problem is named by
# file and line. MyST notebooks' code cells through tools/notebooks.py. `make format` fixes.
lint: $(VENV)/.tests-installed
	$(BIN)/ruff check --output-format=concise .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/notebooks.py lint

# Each step runs even when one before it failed (a problem ruff cannot fix stops nothing else);
# the target fails at the end if any did.
format: $(VENV)/.tests-installed
	@failed=0; \
	$(BIN)/ruff format . || failed=1; \
	$(BIN)/ruff check --fix . || failed=1; \
	$(BIN)/python tools/notebooks.py format || failed=1; \
	exit $$failed

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

# Python packages come from the locks, each file with its hash: requirements.lock (the book,
# from requirements.txt, which Binder reads) and tests/requirements.lock (the tests' tools too, at
# the same versions). The book's own package (-e .) cannot be hashed: it is installed on its own,
# with no dependencies of its own to fetch.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.tests-installed: tests/requirements.lock $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r tests/requirements.lock
	touch $@

# After editing requirements.txt or tests/requirements.txt: resolve both again into the locks
# (every platform, Python 3.10 and later), keeping the versions that still fit.
# `make lock LOCK_ARGS=--upgrade` takes the newest versions the requirements allow.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.10 --generate-hashes \
	--no-emit-package baikonur-explained --custom-compile-command "make lock" $(LOCK_ARGS)
# The tests' lock is resolved first (it holds both files), the book's within it: one version of
# each package in both.
lock: $(VENV)/.tests-installed
	$(UV_COMPILE) requirements.txt tests/requirements.txt -o tests/requirements.lock
	$(UV_COMPILE) requirements.txt -c tests/requirements.lock -o requirements.lock

node_modules/.installed: package.json package-lock.json baikonur_sphinx/npm_prebuilt.py | $(BIN)/python
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund
	# Thebe's published bundle, without its dependencies (see package.json, "prebuiltOnly").
	$(BIN)/python -m baikonur_sphinx.npm_prebuilt
	touch $@
