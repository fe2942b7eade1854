"""``python -m hdhkb check-links HTML_ROOT``: every internal link and anchor of the site resolves.

Sphinx's own checks (``-n``, ``myst.xref_missing``) see one language at a time
and only cross-references; they miss raw links, the language switcher, the
``hreflang`` alternates, the sitemaps and the other language's tree. This
checker reads the *published* tree (the root chooser, ``en/``, ``fr/``…) with
a real HTML parser and requires that every ``href``/``src``/``srcset``/
``action`` names a file that exists, and every ``#fragment`` an ``id`` on the
target page. Absolute URLs under the site's base URL (canonical, alternates,
``og:url``, sitemap entries) are mapped back onto the tree. Pages are read
with libxml2's HTML parser (lxml), as the thirdparty gate reads them: three
to four times faster than BeautifulSoup's pure-Python parser on the real site,
with the same findings, except that a start tag written over several lines is
named at its last line. Why not LinkChecker: see docs/maintainers.md, "Link
checks".
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from hdhkb import settings
from hdhkb.check import read_html

if TYPE_CHECKING:
    import lxml.html

HELP = "check every internal link and #anchor of the published tree (make check-links)"

#: Attributes that hold one URL, per element.
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "base": (),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "source": ("src",),
    "track": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "input": ("src",),
    "object": ("data",),
    "form": ("action",),
}
#: Elements whose ``srcset`` lists several URLs.
SRCSET_ELEMENTS = ("img", "source")
#: OpenGraph properties whose value is a URL of the page itself.
META_URLS = ("og:url", "og:image")
#: Schemes that name no file of ours.
FOREIGN_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "about", "ftp", "sms", "news"}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Problem:
    """One dead link: where it is, what it says, and why it is dead."""

    page: str
    line: int | None
    link: str
    why: str

    def __str__(self) -> str:
        where = f"{self.page}:{self.line}" if self.line else self.page
        return f"{where}: {self.link}: {self.why}"


class Site:
    """A published tree and the public URL it will be served at."""

    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root.resolve()
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._base = urlsplit(self.base_url)
        self._ids: dict[Path, set[str]] = {}

    def url_of(self, path: Path) -> str:
        """Public URL of a file of the tree (relative links resolve against it)."""
        return self.base_url + path.relative_to(self.root).as_posix()

    def is_ours(self, url: str) -> bool:
        """True for URLs that point into the site (same host as the base URL)."""
        parts = urlsplit(url)
        return parts.scheme in {"http", "https"} and (
            parts.netloc.lower() == self._base.netloc.lower()
        )

    def ids(self, path: Path, page: lxml.html.HtmlElement | None = None) -> set[str]:
        """Fragment targets of an HTML file: every ``id``, and ``<a name>``."""
        if path not in self._ids:
            page = page if page is not None else read_html(path)
            self._ids[path] = set(cast("list[str]", page.xpath("//@id | //a/@name")))
        return self._ids[path]

    def check_url(self, url: str, *, must_be_ours: bool = False) -> str | None:
        """Why an absolute URL of the site is dead, or None when it resolves."""
        parts = urlsplit(url)
        if not self.is_ours(url):
            if must_be_ours:
                return f"not under the site's base URL {self.base_url}"
            return None
        if not parts.path.startswith(self._base.path):
            return f"outside the published site (base URL {self.base_url})"
        rel = unquote(parts.path[len(self._base.path) :])
        target = (self.root / rel).resolve() if rel else self.root
        if target != self.root and self.root not in target.parents:
            return f"outside the published tree {self.root}"
        if not rel or rel.endswith("/") or target.is_dir():
            target = target / "index.html"  # what a web server answers for a folder
        shown = target.relative_to(self.root).as_posix()
        if not target.is_file():
            return f"target {shown} does not exist"
        fragment = parts.fragment
        if fragment and target.suffix in {".html", ".htm", ".xhtml"}:
            ids = self.ids(target)
            if fragment not in ids and unquote(fragment) not in ids and fragment.lower() != "top":
                return f'no id="{unquote(fragment)}" in {shown}'
        return None


def _links(tag: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """(attribute, URL) pairs of one element."""
    name = str(tag.tag)
    found = [(attr, str(tag.get(attr))) for attr in URL_ATTRIBUTES.get(name, ())
             if tag.get(attr) is not None]
    srcset = tag.get("srcset")
    if name in SRCSET_ELEMENTS and srcset is not None:
        for candidate in srcset.split(","):
            if candidate.strip():
                found.append(("srcset", candidate.split()[0]))
    if name == "meta" and tag.get("property") in META_URLS and tag.get("content") is not None:
        found.append(("content", str(tag.get("content"))))
    if name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh":
        _, _, target = str(tag.get("content", "")).partition("=")
        if target.strip():
            found.append(("content", target.strip().strip("'\"")))
    return found


def check_page(site: Site, path: Path) -> list[Problem]:
    """Problems of one HTML page (it also records the page's ids for later)."""
    root = read_html(path)
    site.ids(path, root)
    page = path.relative_to(site.root).as_posix()
    base = site.url_of(path)
    base_href = next((tag.get("href") for tag in root.iter("base")
                      if tag.get("href") is not None), None)
    if base_href:
        base = urljoin(base, base_href)
    problems = []
    for tag in root.iter(etree.Element):  # elements only: no comments
        rel = str(tag.get("rel") or "").split()
        # Alternates and canonical must point into the site, not merely somewhere.
        must_be_ours = tag.tag == "link" and (
            "canonical" in rel or ("alternate" in rel and tag.get("hreflang") is not None)
        )
        for attr, value in _links(tag):
            value = value.strip()
            scheme = urlsplit(value).scheme.lower()
            if scheme in FOREIGN_SCHEMES:
                continue
            why = site.check_url(urljoin(base, value), must_be_ours=must_be_ours)
            if why:
                problems.append(
                    Problem(page, cast("int | None", tag.sourceline),
                            f'<{tag.tag} {attr}="{value}">', why)
                )
    return problems


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def check_sitemap(site: Site, path: Path) -> list[Problem]:
    """Every ``<loc>`` and ``xhtml:link`` alternate of a sitemap (or sitemap index)."""
    page = path.relative_to(site.root).as_posix()
    text = path.read_text(encoding="utf-8")
    try:
        tree = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as err:
        return [Problem(page, err.position[0], "sitemap", f"not well-formed XML: {err}")]
    problems = []
    entries = [
        (f"<loc>{(el.text or '').strip()}</loc>", (el.text or "").strip())
        for el in tree.iter(f"{SITEMAP_NS}loc")
    ]
    entries += [
        (f'<xhtml:link href="{el.get("href", "")}">', el.get("href", ""))
        for el in tree.iter(f"{XHTML_NS}link")
    ]
    for shown, url in entries:
        why = site.check_url(url, must_be_ours=True)
        if why:
            problems.append(Problem(page, _line_of(text, url), shown, why))
    return problems


def check_robots(site: Site, path: Path) -> list[Problem]:
    """The ``Sitemap:`` lines of robots.txt."""
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            why = site.check_url(value.strip(), must_be_ours=True)
            if why:
                problems.append(Problem("robots.txt", number, line.strip(), why))
    return problems


def check(root: Path, base_url: str) -> tuple[list[Problem], int]:
    """All problems of a published tree, and how many files were read."""
    site = Site(root, base_url)
    problems: list[Problem] = []
    files = sorted(p for p in site.root.rglob("*") if p.is_file())
    checked = 0
    for path in files:
        if path.suffix in {".html", ".htm"}:
            problems += check_page(site, path)
        elif path.name.startswith("sitemap") and path.suffix == ".xml":
            problems += check_sitemap(site, path)
        elif path.name == "robots.txt" and path.parent == site.root:
            problems += check_robots(site, path)
        else:
            continue
        checked += 1
    return problems, checked


def configured_base_url(confdir: Path) -> str:
    """``hdhkb_base_url`` as conf.py sets it (``hdhkb.settings``)."""
    return settings.load(confdir).base_url


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hdhkb check-links", description=__doc__.split("\n")[0]
    )
    parser.add_argument("root", type=Path, help="root of the published HTML tree (holds en/, fr/…)")
    parser.add_argument(
        "--base-url", help="public URL of ROOT (default: hdhkb_base_url of conf.py)"
    )
    parser.add_argument("--confdir", type=Path, default=Path("."), help="folder of conf.py")
    args = parser.parse_args(argv)
    if not (args.root / "index.html").is_file():
        parser.error(f"{args.root} holds no index.html: build the site first (make html)")
    base_url = args.base_url or configured_base_url(args.confdir)
    problems, checked = check(args.root, base_url)
    for problem in problems:
        sys.stderr.write(f"{args.root / problem.page}{str(problem)[len(problem.page) :]}\n")
    verdict = (
        f"{len(problems)} dead internal link(s)" if problems else "every internal link resolves"
    )
    out = sys.stderr if problems else sys.stdout
    out.write(f"links: {verdict} ({checked} files of {args.root}, base URL {base_url})\n")
    return 1 if problems else 0
