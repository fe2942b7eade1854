# Editing helpers (docs/editors.md).
NAME  ?=
TITLE ?=

.PHONY: new-page new-posting

# Passed through the environment, so that any title (quotes included) is safe.
new-page: export HDHKB_NEW_NAME = $(NAME)
new-page: export HDHKB_NEW_TITLE = $(TITLE)
new-page: $(STAMP) ## new page: make new-page NAME=data-access TITLE="Access to data"
	@test -n "$$HDHKB_NEW_NAME" -a -n "$$HDHKB_NEW_TITLE" \
	  || { echo 'usage: make new-page NAME=data-access TITLE="Access to data"' >&2; exit 2; }
	@$(HDHKB) new-page "$$HDHKB_NEW_NAME" "$$HDHKB_NEW_TITLE"

# A job posting (hdhkb/tools/new_posting.py): the page under source/postings/, its
# facts skeleton in the facts file, its entry in source/postings.md.
new-posting: export HDHKB_NEW_NAME = $(NAME)
new-posting: export HDHKB_NEW_TITLE = $(TITLE)
new-posting: $(STAMP) ## new job posting: make new-posting NAME=data-engineer-2026 TITLE="Data engineer"
	@test -n "$$HDHKB_NEW_NAME" -a -n "$$HDHKB_NEW_TITLE" \
	  || { echo 'usage: make new-posting NAME=data-engineer-2026 TITLE="Data engineer"' >&2; exit 2; }
	@$(HDHKB) new-posting "$$HDHKB_NEW_NAME" "$$HDHKB_NEW_TITLE"
