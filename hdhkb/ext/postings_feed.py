"""``<lang>/postings.atom``: an Atom feed of the job postings, in each language.

Candidates follow new postings in a feed reader. The feed is written by
feedgen at ``build-finished`` of every HTML build, from the environment (like
``hdhkb.ext.sitemap``), so an incremental build writes the same bytes as a
clean one and ``hdhkb.ext.outputs`` keeps it. Nothing in it depends on the
time of the build:

- an entry's ``id`` is a tag URI (RFC 4151) made of the site's host, the day
  the posting was published (its ``:date-posted:`` fact, else the end of its
  application period) and the page's label, e.g.
  ``tag:kb.example,2026-03-02:intern-2026-page:en``: editing the posting, or
  its status changing, never makes a new entry (no duplicates in readers);
- ``updated`` and ``published`` are that same day; the feed's ``updated`` is
  the latest of its entries;
- the summary says the posting's status on ``hdhkb_today`` and its key facts,
  in the feed's language (the same words as the list of postings).

The feed is linked from the ``<head>`` and the body of the list page
(``hdhkb.ext.posting``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

import hdhkb
from hdhkb.ext.languages import language_url
from hdhkb.ext.posting import (
    Posting,
    PostingDomain,
    _,
    key_facts,
    ordered,
    status_label,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def page_label(env: BuildEnvironment, docname: str) -> str:
    """The label above the page's title (``(name-page)=``), else the page name."""
    title = env.titles.get(docname)
    text = title.astext() if title is not None else None
    labels = sorted(name for name, (doc, _anchor, section) in
                    env.domains.standard_domain.labels.items()
                    if doc == docname and section == text)
    return labels[0] if labels else docname


def day(posting: Posting) -> dt.date:
    """The posting's own date: published, else the end of its application period."""
    return posting.posted or posting.end or dt.date(1970, 1, 1)


def midnight(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def feed(app: Sphinx) -> bytes:
    """The Atom document of this build's language."""
    env, config = app.env, app.config
    language = config.language or "en"
    base = language_url(config, language)
    host = urlsplit(config.hdhkb_base_url).hostname or "localhost"
    lists = sorted(env.domains[PostingDomain.name].data["lists"]) or [config.root_doc]
    rows = sorted(ordered(env), key=lambda row: (day(row[0]), row[0].docname), reverse=True)

    generator = FeedGenerator()
    generator.id(base + config.hdhkb_postings_feed)
    feed_title = str(_("Job postings"))
    generator.title(f"{feed_title} – {config.project}")
    generator.language(language)
    generator.author({"name": config.hdhkb_posting_organisation})
    generator.link(href=base + config.hdhkb_postings_feed, rel="self",
                   type="application/atom+xml")
    generator.link(href=base + app.builder.get_target_uri(lists[0]), rel="alternate",
                   type="text/html")
    latest = max((day(posting) for posting, _status in rows), default=dt.date(1970, 1, 1))
    generator.updated(midnight(latest))
    for posting, current in rows:
        title = env.titles.get(posting.docname)
        facts = [status_label(current or "closed")]
        facts += [f"{label}: {value}" if language != "fr" else f"{label}\u00a0: {value}"
                  for label, value in key_facts(posting, language)]
        entry = generator.add_entry(order="append")
        entry.id(f"tag:{host},{day(posting).isoformat()}:"
                 f"{page_label(env, posting.docname)}:{language}")
        entry.title(title.astext() if title is not None else posting.docname)
        entry.link(href=base + app.builder.get_target_uri(posting.docname), rel="alternate",
                   type="text/html")
        entry.updated(midnight(day(posting)))
        if posting.posted is not None:
            entry.published(midnight(posting.posted))
        entry.summary(" · ".join(facts))
    return generator.atom_str(pretty=True)


def write_feed(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: write the feed on every HTML build (see the module docstring)."""
    if exception is not None or app.builder.format != "html" or not app.config.hdhkb_postings_feed:
        return
    Path(app.outdir, app.config.hdhkb_postings_feed).write_bytes(feed(app))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("hdhkb.ext.posting")
    app.connect("build-finished", write_feed)
    return hdhkb.PARALLEL_SAFE
