# Link checks (docs/maintainers.md, "Link checks").
#   check-links: every internal link, #anchor, alternate and sitemap entry of
#                both languages resolves in the published tree (hard gate).
#   linkcheck:   external links of both languages (Sphinx's linkcheck builder),
#                merged into $(LINKCHECKDIR)/report.{json,txt}; needs network.
LINKCHECKDIR ?= $(BUILDDIR)/linkcheck
# The project to check (the tests point these at tests/roots/test-linkcheck).
LINKCHECK_SOURCE ?= source
LINKCHECK_CONF ?= .
# --require-network: an unreachable network fails too (the weekly GitHub workflow).
LINKCHECK_FLAGS ?=

.PHONY: check-links linkcheck check

check-links: html ## check every internal link and #anchor of both languages (after html)
	$(HDHKB) check-links $(HTMLDIR)

linkcheck: $(STAMP) ## check external links of both languages; report in _build/linkcheck/
	$(HDHKB) linkcheck --srcdir $(LINKCHECK_SOURCE) --confdir $(LINKCHECK_CONF) \
	  --outdir $(LINKCHECKDIR) --doctrees $(BUILDDIR)/doctrees --languages "$(LANGUAGES)" \
	  $(LINKCHECK_FLAGS) -- $(SPHINXOPTS)

# `make check` (defined with the other quality gates) also runs check-links.
check: check-links ## run every quality check, internal links included
