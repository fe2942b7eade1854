"""Page weight: the bytes a first visit to a page loads.

Why two measures: summing files is exact about *which* files a page names
(and works without a browser), while Chromium shows what is really fetched
(a stylesheet may name fonts or images that no element uses). ``bench/run.py``
reports both; ``tests/test_bench.py`` checks the file sum on a tiny tree.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

#: ``<link rel=…>`` values a browser fetches on a first visit.
FETCHED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(['"])(.*?)\1""")
_FONT_FACE = re.compile(r"@font-face\s*{(.*?)}", re.DOTALL)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


class External(ValueError):
    """A page loads something from another host (our privacy rule forbids it)."""


def _local(base: str, ref: str, site: Path) -> Path | None:
    """The file *ref* (relative to the URL path *base*) names, or None for data: URIs."""
    if ref.startswith("data:") or ref.startswith("#") or not ref.strip():
        return None
    url = urljoin(base, ref)
    parts = urlsplit(url)
    if parts.scheme not in {"", "file"} or parts.netloc:
        raise External(f"{base} loads {ref}")
    path = site / unquote(parts.path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path


def css_references(css: str) -> list[str]:
    """URLs a stylesheet loads: imports, the first source of each font, other url()s."""
    css = _COMMENT.sub("", css)
    refs = [m[2] for m in _CSS_IMPORT.finditer(css)]
    for face in _FONT_FACE.finditer(css):
        urls = [m[2] for m in _CSS_URL.finditer(face[1])]
        refs += urls[:1]  # the browser stops at the first source it supports
    rest = _FONT_FACE.sub("", css)
    refs += [m[2] for m in _CSS_URL.finditer(rest)]
    return refs


def page_weight(html: Path, site: Path) -> dict[Path, int]:
    """Every file a first visit to *html* loads, with its size in bytes.

    *site* is the web root that absolute paths resolve against. Missing files
    raise FileNotFoundError: a page naming a file that is not there is a bug.
    """
    files: dict[Path, int] = {}

    def add(path: Path | None, base: str) -> None:
        if path is None or path in files:
            return
        files[path] = path.stat().st_size
        if path.suffix == ".css":
            url = "/" + str(path.relative_to(site))
            for ref in css_references(path.read_text(encoding="utf-8", errors="replace")):
                add(_local(url, ref, site), url)

    page_url = "/" + str(html.relative_to(site))
    add(html, page_url)
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    for link in soup.find_all("link", href=True):
        if FETCHED_RELS & {r.lower() for r in link.get("rel", [])}:
            add(_local(page_url, link["href"], site), page_url)
    for tag, attr in (("script", "src"), ("img", "src"), ("video", "poster"), ("input", "src")):
        for element in soup.find_all(tag, **{attr: True}):
            add(_local(page_url, element[attr], site), page_url)
    inline = [s.get_text() for s in soup.find_all("style")]
    inline += [e["style"] for e in soup.find_all(style=True)]
    for css in inline:
        for ref in css_references(css):
            add(_local(page_url, ref, site), page_url)
    return files


def browser_weight(site: Path, pages: list[str]) -> dict[str, int]:
    """Bytes Chromium receives (status 200) on a first visit to each page, over local HTTP."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    weights = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for page_path in pages:
                context = browser.new_context()  # empty cache: a first visit
                page = context.new_page()
                responses: list = []
                # a lambda: Playwright cannot wrap a built-in method; used within this loop
                page.on("response", lambda r: responses.append(r))  # noqa: B023
                url = f"http://127.0.0.1:{server.server_port}/{page_path}"
                page.goto(url, wait_until="networkidle")
                weights[page_path] = sum(len(r.body()) for r in responses if r.status == 200)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return weights


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
