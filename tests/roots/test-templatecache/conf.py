extensions = ["myst_parser", "hdhkb.speedups.templatecache"]
project = "Template cache test"
html_theme = "basic"
templates_path = ["_templates"]
