# Translators' workflow (docs/translators.md): update-po and stats.
# The target languages are LANGUAGES minus the source language (the first).
TRANSLATIONS = $(filter-out $(SOURCE_LANGUAGE),$(LANGUAGES))
STATS_ARGS   ?=

.PHONY: update-po stats

# The .pot files are extracted afresh: a page removed from source/ must not
# leave a stale .pot behind, or its catalog would never be reported as orphan.
update-po: $(STAMP) ## update locale/<lang>/*.po from the English (fuzzy + #| old English, canonical)
	$(HDHKB) update-po --check --locale-dir locale $(TRANSLATIONS)
	rm -rf $(BUILDDIR)/gettext
	$(MAKE) gettext
	$(HDHKB) update-po --pot-dir $(BUILDDIR)/gettext --locale-dir locale $(TRANSLATIONS)

stats: $(STAMP) ## translation progress per page and stale messages with word diffs (STATS_ARGS=--json)
	$(HDHKB) stats --locale-dir locale $(STATS_ARGS) $(TRANSLATIONS)

# Translators' tools (docs/translators.md, "Using Poedit / OmegaT / Weblate"):
# the glossary and the translation memory as CAT tools load them, and the
# side-by-side review pages. All three only read the sources and catalogs.
.PHONY: glossary tmx review

glossary: $(STAMP) ## glossary as TBX + CSV (Weblate, OmegaT) into _build/glossary/
	$(HDHKB) glossary --out $(BUILDDIR)/glossary

tmx: $(STAMP) ## translation memory (TMX 1.4b, every translated message) into _build/tmx/
	$(HDHKB) tmx --locale-dir locale --out $(BUILDDIR)/tmx $(TRANSLATIONS)

review: $(STAMP) ## side-by-side review pages (English | French, stale diffs) into _build/review/ (offline)
	$(HDHKB) review --locale-dir locale --out $(BUILDDIR)/review $(TRANSLATIONS)
