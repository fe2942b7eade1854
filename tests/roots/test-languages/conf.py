extensions = ["hdhkb.languages"]
hdhkb_base_url = "https://kb.example.org/site"
hdhkb_languages = {"en": "English", "fr": "Français"}
hdhkb_titles = {"en": "Knowledge base", "fr": "Base de connaissances"}
