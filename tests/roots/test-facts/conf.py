# Mini project for hdhkb.ext.facts (tests/test_facts.py); its posting page cites facts
# in a banner (the postings themselves are tested on tests/roots/test-postings).
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
