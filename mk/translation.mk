# Translators' workflow (docs/translators.md): update-po and stats.
# The target languages are LANGUAGES minus the source language (the first).
TRANSLATIONS := $(filter-out $(SOURCE_LANGUAGE),$(LANGUAGES))
STATS_ARGS   ?=

.PHONY: update-po stats

# The .pot files are extracted afresh: a page removed from source/ must not
# leave a stale .pot behind, or its catalog would never be reported as orphan.
update-po: $(STAMP) ## update locale/<lang>/*.po from the English (fuzzy + #| old English, canonical)
	rm -rf $(BUILDDIR)/gettext
	$(MAKE) gettext
	$(HDHKB) update-po --pot-dir $(BUILDDIR)/gettext --locale-dir locale $(TRANSLATIONS)

stats: $(STAMP) ## translation progress per page and stale messages with word diffs (STATS_ARGS=--json)
	$(HDHKB) stats --locale-dir locale $(STATS_ARGS) $(TRANSLATIONS)
