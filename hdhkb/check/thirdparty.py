"""Gate ``thirdparty``: no built page or stylesheet loads anything from another host.

Readers of a public health-data site must not be tracked by a third party,
and the Content-Security-Policy (``hdhkb.ext.privacy``) would block such a
resource anyway, breaking the page. A third-party resource can come from a
page's raw HTML, a translation, a template, or a Sphinx extension that adds a
CDN script to the pages that use it (MathJax for a math role, for example).
So the built tree itself is read: every ``src``, ``srcset``, ``data``,
``poster`` and resource ``<link>`` (stylesheet, icon, preload, manifest…) of
every HTML page, every ``url()`` and ``@import`` of its styles and of the
CSS files, must stay on the site (relative, or under the site's base URL).
Links (``<a href>``) to other sites are fine: they load nothing.

Reported at the built file's line, with the page source to edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from hdhkb.check import CheckError, Problem, Project, read_html

NAME = "thirdparty"
NEEDS_HTML = True
HELP = "no script, style, font, image or frame of a built page comes from another host"
FILES = "built"

#: Attributes that load what they name, per element (``None``: any element).
LOADING = {
    "src": None, "srcset": {"img", "source"}, "data": {"object"}, "poster": {"video"},
    "href": {"link", "image", "use", "feimage"}, "xlink:href": {"image", "use", "feimage"},
}
#: ``<link rel>`` values that name a document to visit, not a resource to load.
NAVIGATION_RELS = {"alternate", "canonical", "next", "prev", "previous", "search", "index",
                   "author", "help", "license", "bookmark", "external", "nofollow",
                   "noopener", "noreferrer", "me", "tag", "first", "last", "up"}
#: The elements that may load something (selected by libxml2, not in Python: a
#: page's navigation alone has hundreds of links, which load nothing).
LOADERS = ("//*[@src or @srcset or @data or @poster or @style] | //link[@href] | //image | "
           "//use | //feimage | //style")
CSS_URL = re.compile(
    r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)|@import\s+(['"])(?P<imp>[^'"]+)\3""", re.I)


def foreign(url: str, base_url: str) -> bool:
    """Whether *url* is on another host than the site."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return False
    if not parts.netloc:  # relative, or root-relative: the site itself
        return False
    base = urlsplit(base_url)
    return (parts.hostname or "").lower() != (base.hostname or "").lower()


def _css(text: str, line: int, where: str) -> list[tuple[int, str, str]]:
    return [(line + text.count("\n", 0, match.start()), where, match["url"] or match["imp"])
            for match in CSS_URL.finditer(text)]


def _loads(tag: str, values: dict[str, str], line: int) -> list[tuple[int, str, str]]:
    """What one element loads: its loading attributes and its ``style``."""
    found = []
    rels = set(values.get("rel", "").lower().split())
    for name, value in values.items():
        if name == "style":
            found += _css(value, line, f"<{tag} style>")
            continue
        if name not in LOADING:
            continue
        elements = LOADING[name]
        if elements is not None and tag not in elements:
            continue
        if tag == "link" and name == "href" and (not rels or rels <= NAVIGATION_RELS):
            continue  # a document to visit (alternate, canonical…), not a resource
        urls = [c.split()[0] for c in value.split(",") if c.strip()] if name == "srcset" \
            else [value]
        found += [(line, f"<{tag} {name}>", url) for url in urls]
    return found


def resources(path: Path) -> list[tuple[int, str, str]]:
    """(line, what, url) of everything *path* (HTML or CSS) loads.

    HTML is read with libxml2's HTML parser (lxml): every page of the site
    is read after every build, and Python's own parser took seconds on a
    site of a few hundred pages (each carries the whole navigation).
    """
    if path.suffix == ".css":
        return _css(path.read_text(encoding="utf-8", errors="replace"), 1, "stylesheet")
    root = read_html(path)
    found = []
    for element in cast("list[Any]", root.xpath(LOADERS)):  # elements only, by the query
        tag = str(element.tag).lower()
        line = int(element.sourceline or 1)
        found += _loads(tag, {str(k).lower(): str(v) for k, v in element.attrib.items()}, line)
        if tag == "style" and element.text:
            found += _css(element.text, line, "<style>")
    return found


def candidates(project: Project, tree: Path, path: Path) -> list[Path]:
    """Where what a built file loads was written: its page and translation, then site-wide."""
    found = []
    if path.suffix == ".html":
        rel = path.relative_to(tree).with_suffix("")
        found += [project.source / rel.with_suffix(".md"),
                  project.locale / tree.name / "LC_MESSAGES" / rel.with_suffix(".po")]
    found.append(project.root / "conf.py")
    found += sorted((project.root / "hdhkb" / "templates").rglob("*.html"))
    found += sorted((project.root / "hdhkb" / "static").rglob("*.css"))
    return [candidate for candidate in found if candidate.is_file()]


def written_at(project: Project, tree: Path, path: Path, url: str) -> tuple[str, int] | None:
    """The file and line that hold *url* (what a person edits), if a source of ours does."""
    for candidate in candidates(project, tree, path):
        for number, line in enumerate(candidate.read_text(encoding="utf-8",
                                                          errors="replace").splitlines(), 1):
            if url in line:
                return project.rel(candidate), number
    return None


def page_source(project: Project, tree: Path, path: Path) -> str | None:
    """The page source behind a built page, if there is one."""
    if path.suffix != ".html":
        return None
    source = project.source / path.relative_to(tree).with_suffix(".md")
    return project.rel(source) if source.is_file() else None


def built_files(tree: Path) -> list[Path]:
    return sorted(p for p in tree.rglob("*") if p.suffix in {".html", ".css"} and p.is_file())


def check_built(project: Project, tree: Path, path: Path) -> list[Problem]:
    base_url = project.settings.base_url
    problems = []
    for line, what, url in resources(path):
        if not foreign(url, base_url):
            continue
        built = f"{project.rel(path)}:{line}"
        where = written_at(project, tree, path, url)
        source = page_source(project, tree, path)
        if where is None and source is not None:
            # Added by an extension for something the page uses (a CDN script
            # for a math role, say): the page is what a person edits.
            where = (source, 1)
            cause = ("a Sphinx extension adds it for something this page uses (e.g. a math "
                     "role loads MathJax from a CDN): remove that from the page, or configure "
                     "the extension to serve a local copy")
        else:
            cause = ("remove it there, or serve the file from the site itself (vendor it "
                     "under _static)")
        path_shown, line_shown = where or (project.rel(path), line)
        problems.append(Problem(path_shown, line_shown, NAME,
                                f"{what} loads {url} from another host (built page {built})",
                                cause))
    return problems


def run(project: Project) -> Iterator[Problem]:
    assert project.html is not None
    trees = [project.html / code for code in project.settings.codes]
    if not all(tree.is_dir() for tree in trees):
        raise CheckError(f"no built site at {project.html}: run `make html` first")
    for path in built_files(project.html):
        tree = next((t for t in trees if t in path.parents), project.html)
        yield from check_built(project, tree, path)
