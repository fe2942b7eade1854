import os

extensions = ["myst_parser", "hdhkb.speedups.markdown"]
html_theme = "furo"
project = "Markdown test"
locale_dirs = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")]
gettext_compact = False
myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline"]
myst_substitutions = {"who": "the team"}
