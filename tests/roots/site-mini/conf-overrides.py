
# -- A tiny site for the pipeline tests (tests/helpers.py, mini_project) -----
# The project's own settings above, with its sources replaced by the four pages
# of tests/roots/site-mini/: what the posting-only settings name is not there.
hdhkb_pdf_pages = ["page"]
hdhkb_postings_feed = ""
