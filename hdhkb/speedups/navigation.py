"""Furo's site-wide navigation, rendered once per build instead of once per page.

Why: furo's ``html-page-context`` handler asks Sphinx for the whole toctree of
every page (``context["toctree"](collapse=False, titles_only=True,
maxdepth=-1, includehidden=True)``) and rewrites it with BeautifulSoup. The
tree has one entry per page, so a site of *N* pages costs O(N²): at 300 pages
that was most of the build. Yet the trees of two pages differ only in

- the relative links (which depend only on the page's folder, plus ``#`` for
  the page itself), and
- the ``current`` classes on the page's branch, the ``checked`` toggles of
  that branch and the ``current-page`` class on its last ``<li>``.

So, once per build and per process, this module resolves the tree for a page
that is in no toctree, marks every node that *could* become ``current`` with
a sentinel class and every internal link with a placeholder, lets Sphinx and
furo render that once, and cuts the result into static text and slots. Each
page is then a join of strings. The output is byte-for-byte furo's
(``tests/test_navigation.py`` compares whole pages with the cache off).

How it hooks in, without touching furo: a handler that runs just before furo's
replaces ``context["toctree"]`` by a wrapper that answers furo's exact call
with an empty tree (furo then skips its work), and a handler that runs just
after furo's restores the original function and fills in
``furo_navigation_tree``. Anything else asking for a toctree gets Sphinx's
answer. Sites the shortcut cannot reproduce exactly (``tocdepth`` metadata,
``only`` directives in a table of contents, links it cannot map back to a
document) are left to furo.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util import logging, url_re

import hdhkb
from hdhkb.speedups import add_switch, enabled

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)

#: What this works around upstream, and when to delete it.
UPSTREAM = (
    "furo computes the whole site navigation for every page "
    "(pradyunsg/furo#674 and Qiskit/qiskit_sphinx_theme#328 describe the cost)"
)
DELETE_WHEN = "furo renders its navigation once per build (or offers a hook to do so)"

#: The keyword arguments furo passes to ``context["toctree"]``.
FURO_CALL = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
#: A docname that is in no toctree: its tree has no ``current`` branch.
NEUTRAL = "_hdhkb-navigation-neutral"
#: Virtual documents a toctree may list (Sphinx's StandardDomain).
VIRTUAL_DOCS = ("genindex", "py-modindex", "search")

_MARK = "hdhkb-nav-mark-"
_HREF = "hdhkb-nav-href-"
# Slots in the rendered tree. ``class="M"`` alone, `` M`` after another class,
# ``M `` before one; then links, furo's checkboxes and the ``<li>`` class ends.
_SLOT = re.compile(
    rf'(?P<only> class="{_MARK}(?P<o>\d+)")|(?P<pre> {_MARK}(?P<p>\d+))'
    rf'|(?P<post>{_MARK}(?P<q>\d+) )|{_HREF}(?P<h>\d+)|\x00(?P<k>[CL])(?P<n>\d+)\x00'
)
_LI = re.compile(rf'<li class="([^"]*?{_MARK}(\d+)[^"]*)">')
_CHECKBOX = re.compile(
    rf'(<li class="[^"]*?{_MARK}(\d+)[^"]*"><a [^>]*>(?:(?!</a>).)*</a><input aria-label="[^"]*")',
    re.DOTALL,
)
ONLY, PRE, POST, HREF, CHECKED, LAST = range(6)


class Unsupported(Exception):
    """The site uses something the cached navigation cannot reproduce exactly."""


def _escape(text: str) -> str:
    """Escape an attribute value as BeautifulSoup's "minimal" formatter does."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SiteNavigation:
    """The navigation of one build, cut into static text and per-page slots."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        env = builder.env
        for docname, meta in env.metadata.items():
            if "tocdepth" in meta:
                raise Unsupported(f"{docname} sets tocdepth")
        for docname, toc in env.tocs.items():
            if any(toc.findall(addnodes.only)):
                raise Unsupported(f"{docname} has an 'only' directive in its table of contents")
        if NEUTRAL in env.all_docs:
            raise Unsupported(f"a document is named {NEUTRAL}")
        tree = global_toctree_for_doc(env, NEUTRAL, builder, tags=builder.tags,
                                      collapse=False, titles_only=True, maxdepth=-1,
                                      includehidden=True)  # furo's call (FURO_CALL)
        #: target docname and anchor of each internal link, by slot number
        self.targets: list[tuple[str, str]] = []
        #: slot numbers of the links to each docname
        self.links_to: dict[str, list[int]] = {}
        #: sentinel numbers of the nodes that become ``current`` on each page
        self.marks_for: dict[str, frozenset[int]] = {}
        self._hrefs: dict[str, list[str]] = {}
        self._rep: dict[str, str] = {}
        if tree is None:
            self.parts: list[str | tuple[int, int]] = []
            self.li_rank: dict[int, int] = {}
            return
        self._mark(tree)
        self.parts, self.li_rank = self._cut(self._render(tree))

    def _mark(self, tree: nodes.Element) -> None:
        """Put sentinels on every branch node and placeholders on every link."""
        uri_to_doc: dict[str, str] = {}
        for docname in [*self.builder.env.all_docs, *VIRTUAL_DOCS]:
            uri_to_doc.setdefault(self.builder.get_relative_uri(NEUTRAL, docname), docname)
        numbers: dict[int, int] = {}
        marks: dict[str, set[int]] = {}
        for ref in list(tree.findall(nodes.reference)):
            refuri, anchor = ref["refuri"], ref.get("anchorname", "")
            if url_re.match(refuri):
                continue
            base = refuri[: len(refuri) - len(anchor)] if anchor else refuri
            if not refuri.endswith(anchor) or base not in uri_to_doc:
                raise Unsupported(f"cannot map the navigation link {refuri!r} to a document")
            docname = uri_to_doc[base]
            self.links_to.setdefault(docname, []).append(len(self.targets))
            ref["refuri"] = f"{_HREF}{len(self.targets)}"
            ref["anchorname"] = ""
            self.targets.append((docname, anchor))
            if anchor:
                continue  # only anchorless links make their branch current (Sphinx)
            node: nodes.Element | None = ref
            while node is not None:
                if id(node) not in numbers:
                    numbers[id(node)] = len(numbers)
                    node["classes"].append(f"{_MARK}{numbers[id(node)]}")
                marks.setdefault(docname, set()).add(numbers[id(node)])
                node = node.parent
        self.marks_for = {doc: frozenset(m) for doc, m in marks.items()}

    def _render(self, tree: nodes.Element) -> str:
        from furo.navigation import get_navigation_tree

        render_partial = self.builder.render_partial  # type: ignore[attr-defined]  # HTML builders
        return str(get_navigation_tree(render_partial(tree)["fragment"]))

    @staticmethod
    def _cut(html: str) -> tuple[list[str | tuple[int, int]], dict[int, int]]:
        """Split furo's HTML into static strings and (slot kind, number) pairs."""
        html = _CHECKBOX.sub(lambda m: f"{m[1]}\x00C{m[2]}\x00", html)
        li_rank: dict[int, int] = {}

        def li(match: re.Match[str]) -> str:
            li_rank[int(match[2])] = len(li_rank)
            return f'<li class="{match[1]}\x00L{match[2]}\x00">'

        html = _LI.sub(li, html)
        parts: list[str | tuple[int, int]] = []
        position = 0
        for match in _SLOT.finditer(html):
            parts.append(html[position : match.start()])
            position = match.end()
            if match["only"]:
                parts.append((ONLY, int(match["o"])))
            elif match["pre"]:
                parts.append((PRE, int(match["p"])))
            elif match["post"]:
                parts.append((POST, int(match["q"])))
            elif match["h"]:
                parts.append((HREF, int(match["h"])))
            else:
                parts.append((CHECKED if match["k"] == "C" else LAST, int(match["n"])))
        parts.append(html[position:])
        leftover = [p for p in parts if isinstance(p, str) and (_MARK in p or _HREF in p)]
        if leftover or "\x00" in "".join(p for p in parts if isinstance(p, str)):
            raise Unsupported("the rendered navigation has markers in unexpected places")
        return [p for p in parts if p != ""], li_rank

    def hrefs(self, pagename: str) -> tuple[list[str], dict[int, str]]:
        """Every link relative to *pagename*: shared per folder, plus the exceptions."""
        get_relative_uri = self.builder.get_relative_uri
        folder = posixpath.dirname(self.builder.get_target_uri(pagename))
        if folder not in self._hrefs:
            self._rep[folder] = pagename
            self._hrefs[folder] = [
                _escape((get_relative_uri(pagename, doc) + anchor) or "#")
                for doc, anchor in self.targets
            ]
        # Links to the page itself (and to the page the folder's list was made
        # for) are the only ones that differ within a folder.
        exceptions = {}
        for doc in {pagename, self._rep[folder]}:
            for slot in self.links_to.get(doc, ()):
                target, anchor = self.targets[slot]
                exceptions[slot] = _escape((get_relative_uri(pagename, target) + anchor) or "#")
        return self._hrefs[folder], exceptions

    def render(self, pagename: str) -> str:
        """furo's ``furo_navigation_tree`` for *pagename*."""
        if not self.parts:
            return ""
        marks = self.marks_for.get(pagename, frozenset())
        ranked = [(self.li_rank[m], m) for m in marks if m in self.li_rank]
        last = max(ranked)[1] if ranked else -1
        hrefs, exceptions = self.hrefs(pagename)
        out: list[str] = []
        append = out.append
        for part in self.parts:
            if isinstance(part, str):
                append(part)
                continue
            kind, number = part
            if kind == HREF:
                append(exceptions.get(number) or hrefs[number])
            elif number not in marks:
                continue
            elif kind == ONLY:
                append(' class="current"')
            elif kind == PRE:
                append(" current")
            elif kind == POST:
                append("current ")
            elif kind == CHECKED:
                append(' checked=""')
            elif number == last:
                append(" current-page")
        return "".join(out)


class NavigationCache:
    """Per-app state: the navigation of the current build, made on first use."""

    def __init__(self) -> None:
        self.navigation: SiteNavigation | None = None
        self.unsupported = False
        #: pages whose navigation came from the cache in this process (for tests)
        self.served = 0

    def reset(self, app: Sphinx, builder: Builder) -> None:
        self.navigation, self.unsupported = None, False

    def get(self, builder: Builder) -> SiteNavigation | None:
        if self.navigation is None and not self.unsupported:
            try:
                self.navigation = SiteNavigation(builder)
            except Unsupported as reason:
                logger.info("hdhkb.speedups.navigation: leaving the navigation to furo (%s)",
                            reason)
                self.unsupported = True
        return self.navigation

    def before_furo(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """Answer furo's toctree call with an empty tree, so furo skips its O(N) work."""
        toctree = context.get("toctree")
        theme = getattr(app.builder, "theme", None)
        if not enabled(app.config) or theme is None or toctree is None:
            return
        if theme.name != "furo" or not _is_sphinx_toctree(toctree):
            return
        if self.get(app.builder) is None:
            return
        context["toctree"] = _Wrapped(toctree)

    def after_furo(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """Put Sphinx's toctree back and give furo's template the cached navigation."""
        wrapped = context.get("toctree")
        if not isinstance(wrapped, _Wrapped):
            return
        context["toctree"] = wrapped.original
        if wrapped.furo_called and self.navigation is not None:
            context["furo_navigation_tree"] = self.navigation.render(pagename)
            self.served += 1


class _Wrapped:
    """Sphinx's ``toctree`` page function, except for furo's exact call."""

    def __init__(self, original: Callable[..., str]) -> None:
        self.original = original
        self.furo_called = False

    def __call__(self, **kwargs: Any) -> str:
        if kwargs == FURO_CALL and not self.furo_called:
            self.furo_called = True
            return ""
        return self.original(**kwargs)


def _is_sphinx_toctree(function: Any) -> bool:
    """Only replace the function Sphinx's HTML builder puts in the context.

    Extensions such as sphinx-notfound-page install their own (absolute
    links); their pages keep furo's rendering.
    """
    return getattr(function, "__qualname__", "").endswith("handle_page.<locals>.<lambda>")


def setup(app: Sphinx) -> dict[str, Any]:
    add_switch(app)
    cache = NavigationCache()
    app.connect("write-started", cache.reset)
    # furo's handler has the default priority (500) and is connected last.
    app.connect("html-page-context", cache.before_furo, priority=499)
    app.connect("html-page-context", cache.after_furo, priority=501)
    return hdhkb.PARALLEL_SAFE
