extensions = ["hdhkb.ext.languages", "hdhkb.ext.translation_status"]
hdhkb_base_url = "https://kb.example.org/site"
hdhkb_languages = {
    "en": {"name": "English", "locale": "en_GB", "title": "Knowledge base"},
    "fr": {"name": "Français", "locale": "fr_FR", "title": "Base de connaissances"},
}
locale_dirs = ["locale"]
gettext_compact = False
