# A tiny site with the interface extensions only (not the whole hdhkb package).
extensions = [
    "hdhkb.ext.languages",
    "hdhkb.ext.interface",
    "hdhkb.ext.contact",
    "hdhkb.ext.switcher",
    "hdhkb.ext.seo",
    "hdhkb.ext.privacy",
]
hdhkb_base_url = "https://kb.example.org/site/"
hdhkb_languages = {
    "en": {"name": "English", "locale": "en_GB", "title": "Knowledge base"},
    "fr": {"name": "Français", "locale": "fr_FR", "title": "Base de connaissances"},
}
html_theme = "furo"
html_sidebars = {"**": ["sidebar/brand.html", "hdhkb/switcher.html", "sidebar/navigation.html"]}
templates_path = ["_templates"]
# A page no source holds (and so no other language may have), with inline code.
html_additional_pages = {"extra": "extra.html"}
hdhkb_accessibility_page = "accessibility"
hdhkb_accessibility_contact = "accessibilite@kb.example.org"
ogp_social_cards = {"enable": False}
notfound_template = "hdhkb/404.html"
notfound_context = {"title": "404", "body": ""}
hdhkb_csp_hashes = [
    "sha256-ySvT2PEZeueHGC1y2crNuNTfphBynFPP7i+U21fEgX0=",
    "sha256-XWNpikcIxBYLwa+33Jaxv/CNbA81IPMijMNljM4Yapo=",
    "sha256-IOWYPccv4+GIAWz50PQ4hgBzwty+G8ckj9XrN5jdx6g=",
    "sha256-itW0NoK3C8M1jOge/Tr1fA0maziBatbkX3Yy257GoaQ=",
]
# Edit and view links to a repository: external links in furo's own components.
html_theme_options = {
    "source_repository": "https://github.com/example/kb/",
    "source_branch": "main",
    "source_directory": "",
}
