extensions = ["myst_parser", "hdhkb.ext.labels"]
