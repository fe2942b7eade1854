"""Gate ``parity``: each French page links to exactly the targets its English page links to.

A translator who retypes a link can point it at another page or label, and
Sphinx's ``i18n.inconsistent_references`` warning only counts references: it
says nothing when just the anchor differs, and in a French build a paragraph
that links to one page twice (once with an anchor) silently gets the same
anchor on both. So we compare what readers get: the multiset of internal
link targets (page + anchor, language prefix removed) in the main content of
``_build/html/en/X.html`` and ``_build/html/fr/X.html``, read with lxml
(:func:`hdhkb.check.read_html`): 0.95 s → 0.03 s on the real site, the same 182
links found, against BeautifulSoup's ``html.parser`` and CSS selectors.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from hdhkb.check import CheckError, Problem, Project, msgid_line, read_html

if TYPE_CHECKING:
    import lxml.html

NAME = "parity"
NEEDS_HTML = True
HELP = "French pages link to the same pages and anchors as the English ones"

#: Links that are page furniture rather than content: ¶ marks on headings
#: (their ids come from the translated title text) and whatever sits in the
#: reader banners of partly translated pages (hdhkb.ext.translation_status).
IGNORED_CLASSES = {"headerlink"}
IGNORED_CONTAINERS = {"hdhkb-translation-banner"}
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads"}
#: Pages Sphinx generates from the other pages: the index's letters follow
#: the translated terms, and search has no content links.
SKIP_PAGES = {"genindex.html", "search.html", "py-modindex.html"}
#: (before, after) a label or page name in MyST link syntax.
LINK_FORMS = (("#", ")"), ("<", ">"), ("`", "`"), ("#", ">"))


def pages(tree: Path) -> list[str]:
    return sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.html")
                  if not SKIP_DIRS.intersection(p.relative_to(tree).parts)
                  and p.relative_to(tree).as_posix() not in SKIP_PAGES)


def main_content(path: Path) -> lxml.html.HtmlElement | None:
    document = read_html(path)
    for query in ("//article[@role='main']", "//*[@role='main']"):
        found = document.xpath(query)
        if isinstance(found, list) and found:
            return cast("lxml.html.HtmlElement", found[0])
    return None


def classes(element: lxml.html.HtmlElement) -> set[str]:
    return set(str(element.get("class") or "").split())


def target(page: str, href: str, language: str, base_url: str,
           languages: tuple[str, ...]) -> str | None:
    """A language-neutral key for an internal link of *page*, or None if external."""
    if base_url and href.startswith(base_url):
        href = "/" + href[len(base_url):]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if parts.path.startswith("/"):  # from the site root: /<lang>/page.html
        path = posixpath.normpath("../" + parts.path.lstrip("/"))
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path or
                                                 posixpath.basename(page)))
    if path.startswith("../"):
        head, _, rest = path[3:].partition("/")
        if head == language:
            path = rest
        elif head in languages:
            path = f"../<other language>/{rest}"
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def links(path: Path, page: str, language: str, base_url: str,
          languages: tuple[str, ...]) -> dict[str, list[int]]:
    """Link key -> the HTML lines where it occurs, in the main content of one page."""
    found: dict[str, list[int]] = {}
    content = main_content(path)
    if content is None:
        return found
    for a in content.iter("a"):
        href = a.get("href")
        if href is None:
            continue
        if IGNORED_CLASSES & classes(a) or a.get("hreflang") is not None:
            continue  # furniture, or a link to the page in the other language
        if any(IGNORED_CONTAINERS & classes(p) for p in a.iterancestors()):
            continue
        key = target(page, str(href), language, base_url, languages)
        if key is not None:
            found.setdefault(key, []).append(a.sourceline or 1)
    return found


def locate(project: Project, page: str, key: str) -> tuple[str, int] | None:
    """The French catalog entry that most likely carries the link (by label or page name)."""
    po_path = project.catalog_dir / (page.removesuffix(".html") + ".po")
    if not po_path.exists():
        return None
    path, _, fragment = key.partition("#")
    stem = posixpath.splitext(posixpath.basename(path))[0]
    # How MyST writes a link to it: (page.md#label), {ref}`text <label>`, {doc}`page`.
    needles = [f"{pre}{fragment}{post}" for pre, post in LINK_FORMS] if fragment else []
    needles += [f"{pre}{stem}{post}" for pre, post in (*LINK_FORMS, ("", ".md"))]
    for needle in needles:
        for entry in project.catalog(po_path):
            if not entry.obsolete and entry.msgid and (needle in entry.msgid
                                                       or needle in entry.msgstr):
                return project.rel(po_path), msgid_line(po_path, entry)
    return None


def run(project: Project) -> Iterator[Problem]:
    assert project.html is not None
    SOURCE, TARGET = project.source_language, project.target  # noqa: N806
    languages = (SOURCE, TARGET)
    trees = {lang: project.html / lang for lang in languages}
    for tree in trees.values():
        if not tree.is_dir():
            raise CheckError(f"no built site at {tree}: run `make html` first")
    base_url = str(project.config.get("hdhkb_base_url", "") or "")
    english, french = (set(pages(tree)) for tree in trees.values())
    for page in sorted(english ^ french):
        missing = TARGET if page in english else SOURCE
        yield Problem(project.rel(trees[SOURCE if missing == TARGET else TARGET] / page), 1,
                      NAME, f"page {page} has no {missing} version",
                      "rebuild both languages with `make html`")
    for page in sorted(english & french):
        en_path, fr_path = trees[SOURCE] / page, trees[TARGET] / page
        en = links(en_path, page, SOURCE, base_url, languages)
        fr = links(fr_path, page, TARGET, base_url, languages)
        counts_en = Counter({k: len(v) for k, v in en.items()})
        counts_fr = Counter({k: len(v) for k, v in fr.items()})
        # Where to look in the French page when a link is missing there: its
        # surplus links (most likely the same link, retargeted), else the top.
        surplus = sorted(line for k, lines in fr.items() if counts_fr[k] > counts_en[k]
                         for line in lines)
        for key in sorted(set(counts_en) | set(counts_fr)):
            if counts_en[key] == counts_fr[key]:
                continue
            where = locate(project, page, key) or (
                project.rel(fr_path), fr[key][0] if key in fr else (surplus or [1])[0])
            yield Problem(*where, NAME,
                          f"page {page}: link to {key!r} appears {counts_en[key]}× in English "
                          f"but {counts_fr[key]}× in French",
                          "make the French message link to the same page and label as the "
                          "English one (links by label: {ref}`text <label>`), then `make html`")
