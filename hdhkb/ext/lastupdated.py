"""Each page's "last updated" date: when its content last changed, per language, from git.

Sphinx's own ``last_updated`` is the build date: every page claims to be new
after any build. The well-kept ``sphinx-last-updated-by-git`` gives each page
the date of the last commit that touched its source file *or any of its
dependencies*. That is too much for us: every page with a fact depends on
``_data/facts.toml``, French pages on their compiled ``.mo``. What counts here:

- the English page: its ``.md``;
- the French page: the later of its ``.md`` and its own ``.po`` (noted as a
  dependency here, as ``hdhkb.ext.translation_status`` also does).

So we load the extension and configure it: ``git_exclude_patterns`` gets
patterns matching every path that does not end in a page suffix
(``source_suffix``) or ``.po`` (:func:`not_ending_in`); an uncommitted page
shows no date (``git_untracked_check_dependencies = False``). The date is then
written as each language writes dates (``hdhkb.ext.facts.format_day``: « 1er
décembre 2026 », "1 December 2026"), in ``git_last_updated_timezone``
(conf.py), and the extension's ``<meta property="article:modified_time">``
stays.

Outside a git checkout (a copy of the project, a tarball, the tests' copies)
no page shows a date: the build says so once (``-v``), runs no git command and
stays deterministic. A build-date fallback would say "updated" of pages that
did not change, the issue this module fixes.

Incremental builds: the extension dates only the pages it re-reads. A commit
changes no file, so after one (``HEAD`` moved) every page is dated again (one
``git log`` per folder) and only the pages whose date changed are rewritten.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

import hdhkb
from hdhkb.ext.facts import format_day
from hdhkb.ext.languages import source_language
from hdhkb.ext.translation_status import catalog_path

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: The catalog suffix: a French page's translation is part of its content.
CATALOG_SUFFIX = ".po"


def not_ending_in(suffixes: Iterable[str]) -> list[str]:
    """Sphinx glob patterns that match every path NOT ending in one of *suffixes*.

    Globs have no "not", but ``[!x]`` (any one character but x): walk the
    suffixes backwards, one pattern per way a path's end can leave them. For
    ``.md`` and ``.po``: ``**[!do]`` (ends in neither d nor o), ``**[!m]d``,
    ``**[!.]md``, ``**[!p]o``, ``**[!.]po``.
    """
    ends = sorted({suffix[::-1] for suffix in suffixes if suffix})
    patterns = []
    seen: set[str] = set()
    for end in ends:
        for size in range(len(end)):
            known = end[:size]  # the last characters, already matched (reversed)
            if known in seen or known in ends:
                continue
            seen.add(known)
            following = sorted({e[size] for e in ends if e.startswith(known) and len(e) > size})
            patterns.append(f"**[!{''.join(following)}]{known[::-1]}")
    return patterns


def configure(app: Sphinx, config: Config) -> None:
    """Count only the pages and their catalogs (see the module docstring)."""
    suffixes = [*config.source_suffix, CATALOG_SUFFIX]
    config.git_exclude_patterns = [*config.git_exclude_patterns, *not_ending_in(suffixes)]
    config.git_untracked_check_dependencies = False
    config.git_untracked_show_sourcelink = True  # leave the page's context alone


def git(srcdir: str | Path, *args: str) -> str | None:
    """``git ARGS`` in *srcdir*: its output, or None outside a git checkout (or without git)."""
    try:
        result = subprocess.run(["git", *args], cwd=srcdir, capture_output=True, text=True,
                                check=False)
    except FileNotFoundError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


class Dates:
    """Per build: the commit the dates come from, and the dates before re-dating."""

    def __init__(self) -> None:
        self.head: str | None = None
        self.before: dict[str, Any] = {}

    def start(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs``: after a commit, date every page again."""
        self.head = git(app.srcdir, "rev-parse", "HEAD")
        self.before = {}
        if self.head is None:
            logger.verbose("%s is not in a git checkout: pages show no 'last updated' date",
                           app.srcdir)
        dates = getattr(env, "git_last_updated", {})
        if self.head is not None and getattr(env, "hdhkb_git_head", None) != self.head:
            self.before = {doc: data for doc, data in dates.items() if data is not None}
            for doc in self.before:
                dates[doc] = None  # the extension dates every page marked None
        env.hdhkb_git_head = self.head  # type: ignore[attr-defined]

    def note_catalog(self, app: Sphinx, doctree: nodes.document) -> None:
        """``doctree-read``: a translated page depends on its own ``.po`` (dated with it)."""
        if app.config.language == source_language(app.config):
            return
        env = app.env
        path = catalog_path(app, env.current_document.docname, app.config.language)
        if path is not None:
            env.note_dependency(str(path))

    def without_git(self, app: Sphinx, env: BuildEnvironment) -> None:
        """``env-updated``, before the extension: outside git, no date and no git command."""
        if self.head is not None:
            return
        dates = getattr(env, "git_last_updated", {})
        for doc, data in dates.items():
            if data is None:
                dates[doc] = (None, True)  # (no timestamp, keep the context as it is)

    def changed(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-updated``, after the extension: pages whose date moved are rewritten."""
        dates = getattr(env, "git_last_updated", {})
        moved = [doc for doc, data in self.before.items() if dates.get(doc) != data]
        self.before = {}
        return sorted(doc for doc in moved if doc in env.found_docs)


def page_date(app: Sphinx, pagename: str) -> dt.date | None:
    """The day *pagename*'s content last changed, in ``git_last_updated_timezone``."""
    data = getattr(app.env, "git_last_updated", {}).get(pagename)
    if not data or data[0] is None:
        return None
    moment = dt.datetime.fromtimestamp(int(data[0]), dt.UTC)
    return moment.astimezone(app.config.git_last_updated_timezone).date()


def footer_date(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: Any) -> None:
    """``html-page-context``, after the extension: the date as the language writes it."""
    day = page_date(app, pagename) if context.get("last_updated") else None
    if day is None:
        context["last_updated"] = None  # never Sphinx's build date
        return
    context["last_updated"] = format_day(day, app.config.language or "en")
    context["hdhkb_last_updated_iso"] = day.isoformat()


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("hdhkb.ext.languages")  # sets html_last_updated_fmt
    app.setup_extension("sphinx_last_updated_by_git")
    dates = Dates()
    app.connect("config-inited", configure, priority=800)
    app.connect("env-before-read-docs", dates.start)
    app.connect("doctree-read", dates.note_catalog)
    app.connect("env-updated", dates.without_git, priority=400)  # the extension's: 500
    app.connect("env-updated", dates.changed, priority=600)
    app.connect("html-page-context", footer_date, priority=600)
    return hdhkb.PARALLEL_SAFE
