# The reader's interface in every language (hdhkb.ext.interface; docs/maintainers.md).
.PHONY: theme-strings test-browser

theme-strings: $(STAMP) ## add the templates' new interface strings to hdhkb/locale/<lang>/LC_MESSAGES/sphinx.po
	@for language in $(filter-out $(SOURCE_LANGUAGE),$(LANGUAGES)); do \
	  $(HDHKB) theme-strings --language $$language || exit 1; done

test-browser: $(STAMP) ## run only the real-browser tests (Playwright + /usr/bin/chromium)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)
