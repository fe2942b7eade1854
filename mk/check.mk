# Quality gates (docs/translators.md, "Quality gates"): `python -m hdhkb check`
# prints `path:line: [gate] message — how to fix` and fails on any problem.
# The source gates run first; the gates that read the site run after `make html`.
.PHONY: check check-po check-site

# `check` also runs check-links (mk/links.mk, which carries its help line).
check: check-po check-site

check-po: $(STAMP) ## gates on sources + catalogs: drift msgfmt complete wrap terminology spelling consistency grammar
	$(HDHKB) check --sources

check-site: html ## gates on the built site (builds first): French links = English links
	$(HDHKB) check --html-gates --html $(HTMLDIR)
