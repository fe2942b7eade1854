# Quality gates (docs/translators.md, "Quality gates"): `python -m hdhkb check`
# prints `path:line: [gate] message — how to fix` and fails on any problem.
# The source gates run first; the gates that read the site run after `make html`.
.PHONY: check check-po check-site lint

# `check` also runs check-links (mk/links.mk, which carries its help line).
check: lint check-po check-site

lint: $(STAMP) ## the package's code: ruff (style, imports, bugs) and mypy (type hints)
	$(BIN)/ruff check hdhkb tests bench
	$(BIN)/mypy

check-po: $(STAMP) ## gates on pages and catalogs (validity markup numbers … grammar): file:line each
	$(HDHKB) check --sources

check-site: html ## gates on the built site (builds first): link parity, no third-party resource
	$(HDHKB) check --html-gates --html $(HTMLDIR)
