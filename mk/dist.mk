# Publishing (docs/maintainers.md, "Publishing"): `make dist` builds both
# languages from scratch, with their PDFs (PDF=1), into $(DISTBUILD), checks
# every internal link, then `python -m hdhkb dist` copies the tree to
# $(DISTDIR).new and swaps it into place in one rename. Any failure stops
# before the swap: the published tree stays as it was.
DISTDIR   ?= $(BUILDDIR)/dist
DISTBUILD := $(BUILDDIR)/dist-build

.PHONY: dist

dist: $(STAMP) ## build + check both languages afresh, then swap them into DISTDIR (_build/dist)
	rm -rf $(DISTBUILD)
	$(MAKE) check-links BUILDDIR=$(DISTBUILD) PDF=1
	$(HDHKB) dist $(DISTBUILD)/html $(DISTDIR) $(LANGUAGES)
