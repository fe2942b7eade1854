"""A two-page project for the parity gate: built in English and in French by the test."""

from pathlib import Path

extensions = ["myst_parser"]
locale_dirs = [str(Path(__file__).parent / "locale")]
gettext_compact = False
hdhkb_base_url = "https://kb.example/"
hdhkb_languages = {
    "en": {"name": "English", "locale": "en_GB", "title": "Knowledge base"},
    "fr": {"name": "Français", "locale": "fr_FR", "title": "Base de connaissances"},
}
