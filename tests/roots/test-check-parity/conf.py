"""A two-page project for the parity gate: built in English and in French by the test."""

from pathlib import Path

extensions = ["myst_parser"]
locale_dirs = [str(Path(__file__).parent / "locale")]
gettext_compact = False
hdhkb_base_url = "https://kb.example/"
