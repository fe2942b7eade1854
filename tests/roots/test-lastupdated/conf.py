# Mini project for hdhkb.ext.lastupdated (tests/test_lastupdated.py): the tests copy it,
# make it a git repository and commit its files at chosen dates.
extensions = ["myst_parser", "hdhkb.ext.facts", "hdhkb.ext.lastupdated"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
hdhkb_base_url = "https://kb.example.org/"
hdhkb_languages = {
    "en": {"name": "English", "locale": "en_GB", "title": "Knowledge base"},
    "fr": {"name": "Français", "locale": "fr_FR", "title": "Base de connaissances"},
}
locale_dirs = ["locale"]
gettext_compact = False
hdhkb_facts_file = "_data/facts.toml"
git_last_updated_timezone = "Europe/Paris"
html_theme = "basic"  # explicit: the default changes the config between builds
