"""The language chooser at the root of the published tree.

``/`` belongs to no language: a tiny page sends the reader to the first of the
browser's languages (``navigator.languages``) that we publish, and shows two
plain links when JavaScript is off. No inline script, so a strict
Content-Security-Policy needs no exception for it.

The root also holds what crawlers look for there: ``robots.txt`` and
``sitemap.xml``, a sitemap index pointing to each language's sitemap (written
by sphinx-sitemap). Their absolute URLs come from the languages' own sitemaps,
so the base URL is set in one place only (``hdhkb_base_url`` in conf.py).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).parent / "root"

#: Language code -> name of the language in that language.
NAMES = {"en": "English", "fr": "Français"}


def render(languages: list[str]) -> dict[str, str]:
    """Files of the chooser, by name."""
    links = "\n".join(
        f'<li><a href="{code}/" hreflang="{code}" lang="{code}">'
        f"{escape(NAMES.get(code, code))}</a></li>"
        for code in languages
    )
    return {
        "index.html": Template((TEMPLATES / "index.html").read_text()).substitute(
            links=links, favicon=f"{languages[0]}/_static/favicon.svg"
        ),
        "chooser.js": Template((TEMPLATES / "chooser.js").read_text()).substitute(
            languages=json.dumps(languages)
        ),
        "chooser.css": (TEMPLATES / "chooser.css").read_text(),
    }


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


class RootError(Exception):
    """A language build lacks what the root files point to."""


def sitemap_url(outdir: Path, language: str) -> str:
    """Absolute URL of *language*'s sitemap, from the first URL it lists."""
    path = outdir / language / "sitemap.xml"
    if not path.is_file():
        raise RootError(f"{path}: missing (is sphinx-sitemap enabled?)")
    loc = ET.parse(path).getroot().find(f"{{{SITEMAP_NS}}}url/{{{SITEMAP_NS}}}loc")
    marker = f"/{language}/"
    if loc is None or not loc.text or marker not in loc.text:
        raise RootError(f"{path}:1: no <loc> under {marker}")
    return loc.text[: loc.text.index(marker) + len(marker)] + "sitemap.xml"


def crawler_files(outdir: Path, languages: list[str]) -> dict[str, str]:
    """``sitemap.xml`` (a sitemap index) and ``robots.txt`` for the root."""
    urls = [sitemap_url(outdir, code) for code in languages]
    index = "".join(f"  <sitemap><loc>{escape(url)}</loc></sitemap>\n" for url in urls)
    root_url = urls[0].rsplit(f"/{languages[0]}/", 1)[0] + "/"
    return {
        "sitemap.xml": (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<sitemapindex xmlns="{SITEMAP_NS}">\n{index}</sitemapindex>\n'
        ),
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {root_url}sitemap.xml\n",
    }


def write(outdir: Path, languages: list[str]) -> None:
    """Write the chooser and the crawler files into *outdir* (raises RootError)."""
    missing = [code for code in languages if not (outdir / code / "index.html").is_file()]
    if missing:
        raise RootError(f"no build for {', '.join(missing)} in {outdir}")
    files = {**render(languages), **crawler_files(outdir, languages)}
    for name, text in files.items():
        tmp = outdir / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(outdir / name)

