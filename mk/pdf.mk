# PDFs (docs/maintainers.md, "PDFs"): each language's build renders its own
# (hdhkb/ext/pdf.py) when PDF=1. `make html` leaves them out, since rendering
# takes longer than the whole HTML build (docs/performance.md); `make pdf` is
# `make html` with them, and `make dist` always has them.
.PHONY: pdf

pdf: PDF = 1
pdf: $(STAMP) ## build every language with its PDFs into _build/html/<lang>/pdf/ (HTML too)
	$(HTMLBUILD) $(CHOSEN_LANGUAGES) $(HTMLARGS)
	@ls -1 $(HTMLDIR)/*/pdf/*.pdf
