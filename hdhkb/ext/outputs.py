"""An incremental build leaves exactly the files a clean build would write.

Sphinx keeps its output folder between builds and only writes what changed,
which leaves three kinds of stale output behind (``make html`` publishes that
folder, so readers would get them):

- files of what no longer exists: the page of a deleted or renamed document,
  an image no page uses any more. At ``build-finished`` every file of the
  output folder that the current sources do not produce is deleted: kept are
  the pages of the current documents and every page rendered by this build
  (generated ones: search, index, 404…), the images and downloads the
  documents use, ``_static`` (emptied when the build starts, so it holds only
  what this build copied) and whatever this build wrote (the search index…).
- pages whose own source did not change but whose content depends on other
  pages: the navigation in every sidebar (titles, the table of contents) and
  the text of cross-references (a section title shown where it is linked).
  Sphinx re-resolves those only for the pages it rewrites, so at
  ``env-updated`` a fingerprint of what every page shows of the others
  (document list, titles, tables of contents, labels, glossary terms) is
  compared with the last build's: when it changed, every page is rewritten.
  Rewriting (not re-reading) costs a fraction of a build and only happens when
  a title, a label or the page list changed, not for an edited paragraph.
- the sitemap, which ``hdhkb.ext.sitemap`` writes from the environment (the
  sphinx-sitemap extension lists only the pages written by this build);
- the search index's index entries (the glossary's terms): Sphinx reloads the
  last ``searchindex.js`` but not its ``indexentries``, so they vanish for
  every page that is not rewritten (sphinx-doc/sphinx#12599, open). Pages
  that hold index entries are fed to the search index again when they were
  not rewritten, through the builder's own ``index_page``; and a word that
  no page uses any more stays in the reloaded index with no page (``[]``),
  which a clean build never writes: those are dropped from the written index
  (read and written back with the builder's own ``indexer_format``).

Other features that write files of their own into the output folder, and do
not rewrite them in every build (``hdhkb.ext.pdf``), name them through the
``hdhkb-expected-outputs`` event (``(app, builder)`` → paths): they are kept
as long as a handler names them.

``make html`` also starts a language afresh after an interrupted build
(``hdhkb.tools.html``); together this is what "incremental == clean" rests
on, and ``tests/test_incremental.py`` compares random edit sequences with
clean builds.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.util import logging

import hdhkb

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Files in the output folder that are Sphinx's bookkeeping (never published).
BOOKKEEPING = frozenset({".buildinfo", ".buildinfo.bak"})
#: The event through which other features name the files they keep in the output folder.
EXPECTED_EVENT = "hdhkb-expected-outputs"
#: Written by this build if its modification time is this recent: file systems
#: stamp times with a coarse clock (a few milliseconds) that may lag ours.
CLOCK_SLACK_NS = 50_000_000


class OutputsDomain(Domain):
    """State kept with the environment: the last navigation fingerprint (build-wide) and
    the pages that hold index entries (per page)."""

    name = "hdhkb-outputs"
    label = "hdhkb outputs"
    initial_data: ClassVar[dict[str, Any]] = {"fingerprint": "", "indexed": {}}

    def clear_doc(self, docname: str) -> None:
        self.data["indexed"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["indexed"]:
                self.data["indexed"][docname] = True

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: addnodes.pending_xref, contnode: nodes.Element,
                         ) -> list[tuple[str, nodes.reference]]:
        return []  # no cross-reference targets: MyST asks every domain


def fingerprint(env: BuildEnvironment) -> str:
    """A digest of what pages show of each other (see the module docstring)."""
    std = env.domains.standard_domain
    parts: list[Any] = [
        sorted(env.found_docs),
        sorted((doc, title.astext()) for doc, title in env.titles.items()),
        sorted((doc, sorted(children)) for doc, children in env.toctree_includes.items()),
        sorted(std.labels.items()),
        sorted(std.anonlabels.items()),
        sorted(std.objects.items()),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def rewrite_all_if_shared_data_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: every page, if what pages show of each other changed."""
    if app.builder.format != "html":
        return []
    data = env.domains[OutputsDomain.name].data
    current = fingerprint(env)
    previous, data["fingerprint"] = data["fingerprint"], current
    if previous and previous != current:
        return sorted(env.found_docs)
    return []


def note_index_entries(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: remember the pages whose search index entries Sphinx may lose."""
    if any(doctree.findall(addnodes.index)):
        docname = app.env.current_document.docname
        app.env.domains[OutputsDomain.name].data["indexed"][docname] = True


class Outputs:
    """What this build wrote, to tell it from what earlier builds left behind."""

    def __init__(self) -> None:
        self.started_ns = 0
        self.pages: set[str] = set()

    def start(self, app: Sphinx) -> None:
        """``builder-inited``: note the time; empty ``_static`` (it is copied whole each build)."""
        self.started_ns = time.time_ns() - CLOCK_SLACK_NS
        self.pages = set()
        if app.builder.format == "html":
            shutil.rmtree(Path(app.outdir, "_static"), ignore_errors=True)

    def rendered(self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
        self.pages.add(pagename)

    def reindex(self, app: Sphinx) -> list[Any]:
        """``html-collect-pages``: feed the search index what Sphinx forgot (sphinx#12599)."""
        builder, env = app.builder, app.env
        indexed = env.domains[OutputsDomain.name].data["indexed"]
        for docname in sorted(set(indexed) - self.pages):
            if docname not in env.found_docs:
                continue
            title_node = env.longtitles.get(docname)
            title = builder.render_partial(title_node)["title"] if title_node else ""  # type: ignore[attr-defined]
            doctree = env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
            builder.index_page(docname, doctree, title)  # type: ignore[attr-defined]
        return []

    def drop_orphan_words(self, app: Sphinx, exception: BaseException | None) -> None:
        """``build-finished``: remove words no page uses from the search index (see above)."""
        builder = app.builder
        index_format = getattr(builder, "indexer_format", None)
        path = Path(builder.outdir, getattr(builder, "searchindex_filename", "searchindex.js"))
        if exception is not None or index_format is None or not path.is_file():
            return
        text = path.read_text(encoding="utf-8")
        data = index_format.loads(text)
        for key in ("terms", "titleterms"):
            data[key] = {word: docs for word, docs in data.get(key, {}).items()
                         if docs != []}
        cleaned = index_format.dumps(data)
        if cleaned != text:
            path.write_text(cleaned, encoding="utf-8")

    def expected(self, app: Sphinx) -> set[Path]:
        """Files the current sources produce that this build may not have rewritten."""
        builder = app.builder
        env, outdir = builder.env, Path(builder.outdir)
        pages = {*env.found_docs, *self.pages}
        files = {Path(builder.get_outfilename(page)) for page in pages}  # type: ignore[attr-defined]
        files |= {outdir / "_images" / name for _docs, name in env.images.values()}
        files |= {outdir / "_downloads" / dest for _docs, dest in env.dlfiles.values()}
        for named in app.emit(EXPECTED_EVENT, builder):
            files |= {Path(path) for path in named or ()}
        return files

    def prune(self, app: Sphinx, exception: BaseException | None) -> None:
        """``build-finished``: delete what a clean build of these sources would not write."""
        if exception is not None or app.builder.format != "html":
            return
        outdir = Path(app.outdir)
        keep = self.expected(app)
        for dirpath, _dirnames, filenames in os.walk(outdir, topdown=False):
            folder = Path(dirpath)
            if folder.relative_to(outdir).parts[:1] == ("_static",):
                continue  # emptied at the start: all of it is this build's
            for name in filenames:
                path = folder / name
                if name in BOOKKEEPING or path in keep:
                    continue
                if path.stat().st_mtime_ns >= self.started_ns:
                    continue  # written by this build (search index, inventory…)
                path.unlink()
                logger.verbose("removed %s: no source produces it any more", path)
            if folder != outdir and not any(folder.iterdir()):
                folder.rmdir()


def setup(app: Sphinx) -> dict[str, Any]:
    outputs = Outputs()
    app.add_domain(OutputsDomain)
    app.add_event(EXPECTED_EVENT)
    app.connect("builder-inited", outputs.start)
    app.connect("html-page-context", outputs.rendered)
    app.connect("doctree-read", note_index_entries)
    app.connect("html-collect-pages", outputs.reindex)
    app.connect("env-updated", rewrite_all_if_shared_data_changed)
    app.connect("build-finished", outputs.drop_orphan_words)
    app.connect("build-finished", outputs.prune, priority=900)  # after the other writers
    return hdhkb.PARALLEL_SAFE
