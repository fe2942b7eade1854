extensions = ["hdhkb.navigation"]
html_theme = "furo"
project = "Navigation test"
