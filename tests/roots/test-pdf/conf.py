# Mini project for hdhkb.ext.pdf (tests/test_pdf.py): a home page, the posting
# (a status banner, facts) and a glossary, in English and in French.
extensions = [
    "myst_parser",
    "hdhkb.ext.languages",
    "hdhkb.ext.interface",
    "hdhkb.ext.facts",
    "hdhkb.ext.posting",
    "hdhkb.ext.pdf",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "furo"
hdhkb_base_url = "https://kb.example.org/site/"
hdhkb_languages = {
    "en": {"name": "English", "locale": "en_GB", "title": "Knowledge base"},
    "fr": {"name": "Français", "locale": "fr_FR", "title": "Base de connaissances"},
}
author = "The contributors"
hdhkb_authors = {"fr": "Les contributeurs"}
locale_dirs = ["locale"]
gettext_compact = False
hdhkb_facts_file = "_data/facts.toml"
hdhkb_today = "2026-12-01"  # after the start: the posting is closed
hdhkb_pdf = True
hdhkb_pdf_pages = ["posting"]
hdhkb_accessibility_page = ""
