extensions = ["hdhkb.ext.languages"]
hdhkb_base_url = "https://kb.example.org/site"
hdhkb_languages = {
    "en": {"name": "English", "locale": "en_GB", "title": "Knowledge base"},
    "fr": {"name": "Français", "locale": "fr_FR", "title": "Base de connaissances"},
}
