# Health Data Hub knowledge base: the human interface.  `make` (or `make help`)
# lists every target.  Feature targets live in mk/*.mk, included at the end.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
MAKEFLAGS += --no-print-directory
.DELETE_ON_ERROR:

# ---- Variables you may set: make html SPHINXOPTS=-v LANGUAGES=fr PORT=8001 ----
PYTHON     ?= python3
VENV       ?= .venv
BUILDDIR   ?= _build
# The languages come from conf.py (hdhkb_languages, the source language first),
# read by hdhkb/settings.py with any Python 3.11: declared once, asked here, and
# only by the targets that need the list (asked once, when first used): make html
# builds every language of conf.py unless LANGUAGES is given.
CHOSEN_LANGUAGES := $(if $(filter command line environment override,$(origin LANGUAGES)),$(LANGUAGES))
LANGUAGES  ?= $(eval LANGUAGES := $$(shell $(PYTHON) -m hdhkb.settings languages))$(LANGUAGES)
SOURCE_LANGUAGE = $(firstword $(LANGUAGES))
SPHINXOPTS ?=
# Sphinx processes per language. Both languages already build in parallel, so on
# 2 cores -j 1 is fastest (docs/performance.md; measure with make bench).
SPHINXJOBS ?= 1
PORT       ?= 8000
HOST       ?= 127.0.0.1
# pytest-xdist: the tests run in two processes (both cores; docs/maintainers.md, Tests).
PYTEST_ARGS ?= --numprocesses 2 --dist loadfile
# PDF=1: each language's build also renders its PDFs (make pdf, make dist do).
PDF        ?= 0

BIN      := $(VENV)/bin
PY       := $(BIN)/python
STAMP    := $(VENV)/.installed
STRICT   := -n -W --keep-going
SPHINX   := $(PY) -m hdhkb.sphinxbuild -c . $(STRICT) $(SPHINXOPTS)
HTMLDIR  := $(BUILDDIR)/html
HDHKB    := $(PY) -m hdhkb

.PHONY: help venv html gettext update-po serve test clean

help: ## list the targets and variables
	@echo "Health Data Hub knowledge base. Targets:"
	@grep -hE '^[a-zA-Z0-9_.%-]+:.*## ' $(MAKEFILE_LIST) | sort -u \
	  | awk -F':.*## ' '{ sub("%", "LANG", $$1); printf "  %-16s %s\n", $$1, $$2 }'
	@echo "Variables: SPHINXOPTS='$(SPHINXOPTS)' LANGUAGES='$(LANGUAGES)' PDF=$(PDF) PORT=$(PORT)" \
	  "HOST=$(HOST) BUILDDIR=$(BUILDDIR) VENV=$(VENV) PYTHON=$(PYTHON)"

# The virtual environment is made on first use and refreshed only when
# requirements.txt changes: every target that runs Python depends on $(STAMP).
$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# Our package is not pip-installed, so pip does not compile it: do it here,
	@# or every build recompiles it where PYTHONDONTWRITEBYTECODE is set (containers).
	$(PY) -m compileall -q hdhkb
	@touch $@

venv: $(STAMP) ## create or refresh .venv from requirements.txt

# Each language is built into _build/work/<lang> (BUILDDIR; kept between builds, so
# that rebuilds are incremental) and published to $(HTMLDIR)/<lang> only once
# every language has passed: a failed build never replaces a good tree
# (hdhkb/tools/html.py; one build at a time per BUILDDIR).
HTMLBUILD = $(HDHKB) html --source source --builddir $(BUILDDIR)
HTMLARGS  = -- -c . $(STRICT) -j $(SPHINXJOBS) -b html -q -D hdhkb_pdf=$(PDF) $(SPHINXOPTS)

html: $(STAMP) ## build every language in parallel (-n -W) into _build/html/<lang>/ + root chooser
	$(HTMLBUILD) $(CHOSEN_LANGUAGES) $(HTMLARGS)

html-%: $(STAMP) ## build one language only, e.g. make html-fr, into _build/html/<lang>/
	$(HTMLBUILD) $* $(HTMLARGS)

gettext: $(STAMP) ## extract the English messages into _build/gettext/*.pot
	$(SPHINX) -b gettext -q -d $(BUILDDIR)/doctrees/gettext source $(BUILDDIR)/gettext

# hdhkb.tools.serve builds first (and keeps serving if that fails), then rebuilds only
# what a change needs with the targets above (html, html-<lang>).
serve: $(STAMP) ## build, then serve _build/html on http://HOST:PORT/, rebuild + reload on change
	$(HDHKB) serve --host $(HOST) --port $(PORT) --builddir $(BUILDDIR) \
	  --languages '$(LANGUAGES)' --sphinxopts '$(SPHINXOPTS)' VENV=$(VENV)

# The external link check runs last: offline (as in CI) it says loudly that the
# links were NOT checked, and fails on anything else (docs/maintainers.md).
# make check runs two at a time here: mypy and the source gates run while the site
# builds (about a third less time for that step; docs/maintainers.md, Tests).
test: $(STAMP) ## make check, the whole test suite, then the external link check
	$(MAKE) --jobs=2 --output-sync=target check
	$(PY) -m pytest $(PYTEST_ARGS)
	$(MAKE) linkcheck

clean: ## remove every build output (_build/)
	rm -rf $(BUILDDIR)

-include mk/*.mk
