# Publishing (docs/maintainers.md, "Publishing"): `make dist` (and Read the
# Docs, which runs it) builds every language from scratch into $(DISTBUILD)
# through the same gates as `make html`, in release mode (no fuzzy or
# untranslated message unless partial translations are allowed), checks every
# internal link and the French/English link parity of the built site (with
# each language's PDFs: hdhkb_pdf=1), then
# copies the tree to $(DISTDIR).new and swaps it into place in one rename. Any
# failure stops before the swap: the published tree stays as it was.
DISTDIR   ?= $(BUILDDIR)/dist
DISTBUILD := $(BUILDDIR)/dist-build

.PHONY: dist

dist: $(STAMP) ## release: build + check every language afresh, then swap into DISTDIR (_build/dist)
	$(HDHKB) dist --builddir $(DISTBUILD) --dist $(DISTDIR) --source source $(HTMLARGS) -D hdhkb_pdf=1
