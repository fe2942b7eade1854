extensions = ["hdhkb.speedups.navigation"]
html_theme = "furo"
project = "Navigation test"
