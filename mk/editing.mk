# Editing helpers (docs/editors.md).
NAME  ?=
TITLE ?=

.PHONY: new-page

# Passed through the environment, so that any title (quotes included) is safe.
new-page: export HDHKB_NEW_NAME = $(NAME)
new-page: export HDHKB_NEW_TITLE = $(TITLE)
new-page: $(STAMP) ## new page: make new-page NAME=data-access TITLE="Access to data"
	@test -n "$$HDHKB_NEW_NAME" -a -n "$$HDHKB_NEW_TITLE" \
	  || { echo 'usage: make new-page NAME=data-access TITLE="Access to data"' >&2; exit 2; }
	@$(HDHKB) new-page "$$HDHKB_NEW_NAME" "$$HDHKB_NEW_TITLE"
