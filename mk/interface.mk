# The reader's interface in every language (hdhkb.ext.interface; docs/maintainers.md).
.PHONY: theme-strings test-browser

theme-strings: $(STAMP) ## add the templates' new interface strings to hdhkb/locale/fr/LC_MESSAGES/sphinx.po
	$(HDHKB) theme-strings --language fr
	$(BIN)/powrap --quiet hdhkb/locale/fr/LC_MESSAGES/sphinx.po

test-browser: $(STAMP) ## run only the real-browser tests (Playwright + /usr/bin/chromium)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)
