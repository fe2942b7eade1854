extensions = ["myst_parser", "hdhkb.ext.editlinks"]
html_theme = "furo"
html_show_sourcelink = False
