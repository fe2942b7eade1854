extensions = ["hdhkb.languages", "hdhkb.translation_status"]
hdhkb_base_url = "https://kb.example.org/site"
hdhkb_languages = {"en": "English", "fr": "Français"}
locale_dirs = ["locale"]
gettext_compact = False
