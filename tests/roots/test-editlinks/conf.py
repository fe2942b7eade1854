extensions = ["myst_parser", "hdhkb.editlinks"]
html_theme = "furo"
html_show_sourcelink = False
