# Mini project for hdhkb.facts and hdhkb.posting (tests/test_facts.py, tests/test_posting.py).
extensions = ["myst_parser", "hdhkb.languages", "hdhkb.facts", "hdhkb.posting"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
hdhkb_base_url = "https://kb.example.org/site"
hdhkb_languages = {"en": "English", "fr": "Français"}
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
