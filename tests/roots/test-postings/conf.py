# Mini project for the postings collection (tests/test_posting.py): three postings,
# open, closing soon and closed on hdhkb_today, their list and their Atom feeds.
extensions = ["myst_parser", "hdhkb.ext.languages", "hdhkb.ext.facts", "hdhkb.ext.posting",
              "hdhkb.ext.postings_feed"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
hdhkb_base_url = "https://kb.example.org/site"
hdhkb_languages = {
    "en": {"name": "English", "locale": "en_GB", "title": "Knowledge base"},
    "fr": {"name": "Français", "locale": "fr_FR", "title": "Base de connaissances"},
}
locale_dirs = ["locale"]
gettext_compact = False
hdhkb_facts_file = "_data/facts.toml"
# The deadlines in _data/facts.toml are set around this day.
hdhkb_today = "2030-06-01"
hdhkb_posting_closing_soon_days = 14
# Quotes, <, >, & and a closing script tag must not break out of the JSON-LD.
hdhkb_posting_organisation = 'ACME "R&D" </script><script>alert(1)</script>'
