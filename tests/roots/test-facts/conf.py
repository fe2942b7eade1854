# Mini project for hdhkb.ext.facts and hdhkb.ext.posting
# (tests/test_facts.py, tests/test_posting.py).
extensions = ["myst_parser", "hdhkb.ext.languages", "hdhkb.ext.facts", "hdhkb.ext.posting"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
hdhkb_base_url = "https://kb.example.org/site"
hdhkb_languages = {
    "en": {"name": "English", "locale": "en_GB", "title": "Knowledge base"},
    "fr": {"name": "Français", "locale": "fr_FR", "title": "Base de connaissances"},
}
locale_dirs = ["locale"]
gettext_compact = False
hdhkb_facts_file = "_data/facts.toml"
hdhkb_posting_page = "posting"
hdhkb_posting_start_fact = "start"
hdhkb_posting_closing_soon_days = 14
# Quotes, <, >, & and a closing script tag must not break out of the JSON-LD.
hdhkb_posting_organisation = 'ACME "R&D" </script><script>alert(1)</script>'
hdhkb_posting_facts = {
    "allowance": "allowance",
    "address": "address",
    "start": "start",
    "website": "website",
    "date_posted": "posted",
}
hdhkb_posting_description_labels = ["posting-about"]
