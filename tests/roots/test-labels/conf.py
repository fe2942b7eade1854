extensions = ["myst_parser", "hdhkb.labels"]
