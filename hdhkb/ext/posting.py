"""The internship posting's life cycle and its schema.org ``JobPosting`` data.

A posting is kept as a reference after it closes, so the page must say
plainly whether it is open, closing soon or closed. The status is derived at
build time from the facts file and ``hdhkb_today`` (the real date unless a
test or a preview overrides it with ``-D hdhkb_today=YYYY-MM-DD``).

The deadline is the ``hdhkb_posting_deadline_fact`` fact when one is sourced.
The 2021 posting gives none, so the deadline falls back to the start of the
internship (``hdhkb_posting_start_fact``, first day of its month): a posting
for an internship that has started is no longer open. See
docs/maintainers.md ("The posting's life cycle").

The banner's sentences are written in the page itself, inside a
``posting-status`` directive (one paragraph per status, in the order open,
closing soon, closed), so translators translate them with the rest of the
page. An HTML post-transform keeps the paragraph for the current status; the
gettext builder still sees all three.

While the posting is open, ``html-page-context`` adds ``JobPosting`` JSON-LD
built from the facts and the page's own (translated) text, in schema.org's
vocabulary only (checked against it by the tests). Once it is closed
there is no markup at all (Google's rule for expired postings: a past
``validThrough`` or no markup; we choose no markup, see the guide).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import hdhkb
from hdhkb.ext.facts import Fact, facts_path, get_facts

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

STATUSES = ("open", "closing-soon", "closed")
STATIC = hdhkb.PACKAGE / "static"
BANNER_CLASS = "hdhkb-posting-status"


def today(config: Config) -> dt.date:
    """``hdhkb_today`` as a date (a string, so that ``-D`` can override it)."""
    value = config.hdhkb_today
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        msg = f"hdhkb_today must be a date written YYYY-MM-DD, not {value!r}"
        raise ConfigError(msg) from None


def set_today(app: Sphinx, config: Config) -> None:
    """Fill in the real date when ``hdhkb_today`` is empty, and check the value.

    The date matters only when pages are written (the banner is chosen by a
    post-transform, the JSON-LD when the page is rendered), so it is no
    environment setting: a build on a new day re-reads nothing. A posting page
    whose status changed since the last build is rewritten
    (:func:`rewrite_on_new_status`).
    """
    if not config.hdhkb_today:
        config.hdhkb_today = dt.date.today().isoformat()
    today(config)  # fail early, before reading any page
    if str(STATIC) not in map(str, config.html_static_path):
        config.html_static_path = [*config.html_static_path, str(STATIC)]


def deadline(env: BuildEnvironment) -> dt.date | None:
    """Day the posting stops accepting applications, or None if the facts lack it."""
    facts = get_facts(env)
    config = env.config
    for name in (config.hdhkb_posting_deadline_fact, config.hdhkb_posting_start_fact):
        fact = facts.get(name) if name else None
        if fact is not None:
            try:
                return fact.date()
            except TypeError as error:
                logger.warning("%s", error, type="hdhkb", subtype="posting",
                               location=f"{facts_path(env)}:{fact.line}")
    return None


def status_on(now: dt.date, end: dt.date | None, closing_soon_days: int) -> str | None:
    """``open``, ``closing-soon`` or ``closed`` on day *now* (None without a deadline).

    Closed from the deadline itself; closing soon within *closing_soon_days*
    before it.
    """
    if end is None:
        return None
    if now >= end:
        return "closed"
    if (end - now).days <= closing_soon_days:
        return "closing-soon"
    return "open"


def status(env: BuildEnvironment) -> str | None:
    """The posting's status on ``hdhkb_today`` (see :func:`status_on`)."""
    return status_on(today(env.config), deadline(env), env.config.hdhkb_posting_closing_soon_days)


class PostingDomain(Domain):
    """Per-page state kept with the environment: the pages that show a posting's status,
    and the status each was last written with."""

    name = "hdhkb-posting"
    label = "hdhkb posting"
    initial_data: dict[str, Any] = {"pages": {}}  # noqa: RUF012 (Sphinx's API)

    def clear_doc(self, docname: str) -> None:
        self.data["pages"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["pages"]:
                self.data["pages"][docname] = otherdata["pages"][docname]

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.Element]]:
        return []  # no cross-reference targets: MyST asks every domain


def rewrite_on_new_status(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the posting pages whose status changed since they were written."""
    pages = env.domains[PostingDomain.name].data["pages"]
    current = status(env)
    changed = [docname for docname, shown in pages.items() if shown != current]
    for docname in pages:
        pages[docname] = current
    return changed


class PostingStatus(SphinxDirective):
    """The banner's three sentences; the HTML build keeps the one that applies."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(facts_path(self.env)))
        # Written with today's status (set again in env-updated, once all is read).
        self.env.domains[PostingDomain.name].data["pages"][self.env.current_document.docname] = None
        container = nodes.container(classes=[BANNER_CLASS])
        self.set_source_info(container)
        self.state.nested_parse(self.content, self.content_offset, container)
        paragraphs = [child for child in container.children if isinstance(child, nodes.paragraph)]
        if len(paragraphs) != len(STATUSES) or len(container.children) != len(STATUSES):
            logger.warning(
                "posting-status needs exactly %d paragraphs (%s), found %d blocks",
                len(STATUSES), ", ".join(STATUSES), len(container.children),
                type="hdhkb", subtype="posting", location=self.get_location(),
            )
            return []
        for paragraph, name in zip(paragraphs, STATUSES, strict=True):
            paragraph["classes"].append(f"{BANNER_CLASS}-{name}")
        return [container]


class SelectStatus(SphinxPostTransform):
    """Keep the banner paragraph of the current status (HTML builders only)."""

    default_priority = 200
    builders = ("html", "dirhtml", "singlehtml")

    def run(self, **kwargs: Any) -> None:
        current = status(self.env)
        for container in list(self.document.findall(nodes.container)):
            if BANNER_CLASS not in container["classes"]:
                continue
            if current is None:
                logger.warning("the posting has no start or deadline fact: status unknown",
                               type="hdhkb", subtype="posting", location=container)
                container.parent.remove(container)
                continue
            keep = f"{BANNER_CLASS}-{current}"
            for paragraph in list(container.children):
                if keep not in paragraph["classes"]:
                    container.remove(paragraph)
            container["classes"].append(keep)


def json_for_html(data: Any) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>``, ``&`` become ``\\u003c`` etc."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _plain(node: nodes.Node) -> str:
    """Text with line breaks joined; non-breaking spaces (French typography) kept."""
    return escape(re.sub(r"[ \t\r\n]+", " ", node.astext()).strip())


def _html(node: nodes.Node) -> str:
    """Paragraphs and lists as the simple HTML Google accepts in a description."""
    if isinstance(node, nodes.paragraph):
        return f"<p>{_plain(node)}</p>"
    if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
        tag = "ul" if isinstance(node, nodes.bullet_list) else "ol"
        items = []
        for item in node.children:
            inner = "".join(
                _plain(child) if isinstance(child, nodes.paragraph) else _html(child)
                for child in item.children
            )
            items.append(f"<li>{inner}</li>")
        return f"<{tag}>{''.join(items)}</{tag}>"
    if isinstance(node, nodes.section):
        return "".join(_html(child) for child in node.children)
    return ""


def _section_text(doctree: nodes.document, labels: list[str]) -> str:
    """The labelled sections of the page (in the build's language), as HTML."""
    return "".join(
        _html(section) for section in doctree.findall(nodes.section)
        if set(section["ids"]) & set(labels)
    )


def _iso(fact: Fact) -> str:
    """ISO 8601 at the fact's own precision: a month stays ``2021-02``."""
    if fact.type == "month":
        return fact.value.strftime("%Y-%m")
    return fact.date().isoformat()


def job_posting(app: Sphinx, doctree: nodes.document, url: str) -> dict[str, Any] | None:
    """The ``JobPosting`` for the page, from the facts; None if a fact is missing."""
    config = app.config
    facts = get_facts(app.env)
    names = config.hdhkb_posting_facts
    missing = [key for key in ("allowance", "address", "start") if names.get(key) not in facts]
    if missing:
        logger.warning("JobPosting: no fact for %s (see hdhkb_posting_facts)", ", ".join(missing),
                       type="hdhkb", subtype="posting", location=config.hdhkb_posting_page)
        return None
    allowance: Fact = facts[names["allowance"]]
    address = facts[names["address"]].value
    title = next(iter(doctree.findall(nodes.title)), None)
    end = deadline(app.env)
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": title.astext() if title else config.project,
        "description": _section_text(doctree, config.hdhkb_posting_description_labels),
        "employmentType": "INTERN",
        "hiringOrganization": {
            "@type": "Organization",
            "name": config.hdhkb_posting_organisation,
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": address["street"],
                "postalCode": address["postal_code"],
                "addressLocality": address["locality"],
                "addressCountry": address["country"],
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": allowance.extra["currency"],
            "value": {
                "@type": "QuantitativeValue",
                "value": allowance.value,
                "unitText": "MONTH",
            },
        },
        "jobStartDate": _iso(facts[names["start"]]),
        # No inLanguage: not a JobPosting property in schema.org (the page's
        # <html lang> says the language; tests/test_posting.py checks the vocabulary).
        "directApply": False,  # applications go by e-mail, not through this page
        "url": url,
    }
    website = facts.get(names.get("website", ""))
    if website is not None:
        data["hiringOrganization"]["sameAs"] = website.value
    posted = facts.get(names.get("date_posted", ""))
    if posted is not None:  # not sourced for the 2021 posting: never invented
        data["datePosted"] = _iso(posted)
    if end is not None:
        data["validThrough"] = end.isoformat()
    return data


def add_json_ld(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> None:
    if pagename != app.config.hdhkb_posting_page or doctree is None:
        return
    if status(app.env) in {None, "closed"}:
        return  # expired: no JobPosting markup (docs/maintainers.md)
    url = app.builder.get_target_uri(pagename)
    base = app.config.html_baseurl or ""
    data = job_posting(app, doctree, f"{base}{url}" if base else url)
    if data is None:
        return
    script = f'<script type="application/ld+json">\n{json_for_html(data)}\n</script>\n'
    context["metatags"] = context.get("metatags", "") + script


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("hdhkb.ext.facts")
    # Not "env": the date is used when pages are written (see set_today).
    app.add_config_value("hdhkb_today", "", "", types=(str, dt.date))
    app.add_config_value("hdhkb_posting_page", "posting", "env", types=(str,))
    app.add_config_value("hdhkb_posting_start_fact", "posting_start", "env", types=(str,))
    app.add_config_value("hdhkb_posting_deadline_fact", "", "env", types=(str,))
    app.add_config_value("hdhkb_posting_closing_soon_days", 14, "env", types=(int,))
    app.add_config_value("hdhkb_posting_organisation", "Health Data Hub", "env", types=(str,))
    app.add_config_value("hdhkb_posting_facts", {}, "env", types=(dict,))
    app.add_config_value("hdhkb_posting_description_labels", [], "env", types=(list,))
    app.connect("config-inited", set_today)
    app.add_domain(PostingDomain)
    app.connect("env-updated", rewrite_on_new_status)
    app.add_directive("posting-status", PostingStatus)
    app.add_css_file("hdhkb-posting.css")
    app.add_post_transform(SelectStatus)
    app.connect("html-page-context", add_json_ld)
    return hdhkb.PARALLEL_SAFE
