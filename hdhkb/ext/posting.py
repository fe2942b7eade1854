"""Job postings as a collection: each one's life cycle, banner and ``JobPosting`` data.

Any page is a posting when it holds a ``posting-status`` directive. Its options
name the posting's facts, which live in the facts file like every other figure
(typed, sourced, with file:line errors), and the few values that are no facts
(the schema.org employment type, the pay period, the sections that describe the
job)::

    :::{posting-status}
    :date-posted: intern_2026_date_posted
    :deadline: intern_2026_deadline
    :start: intern_2026_start
    :employment-type: INTERN
    :salary: intern_2026_allowance
    :address: intern_2026_address
    :description: intern-2026-description

    This posting is open: apply by {fact}`intern_2026_deadline`.

    This posting closes soon: apply by {fact}`intern_2026_deadline`.

    This posting is closed. The page is kept as a reference.
    :::

A wrong option (an unknown fact, a fact of the wrong type, an unknown
employment type) is a warning at the option's own line. The three paragraphs
are the banner, written in the page so that translators translate it with the
rest; an HTML post-transform keeps the paragraph for the current status.

The status comes from ``hdhkb_today`` (the real date unless a test or a
preview overrides it with ``-D hdhkb_today=YYYY-MM-DD``) and the posting's
deadline, or the start of the job when no deadline is sourced (the 2021
posting gives none): :func:`status_on`. While a posting is open, its page
carries ``JobPosting`` JSON-LD (:func:`job_posting`), provided its date posted
is sourced (Google requires ``datePosted``; none is invented). Once closed,
there is no markup at all (Google's rule for expired postings: a past
``validThrough`` or no markup; we choose no markup, see docs/maintainers.md).

A ``posting-list`` directive (``source/postings.md``) lists every posting, open
ones first, with its status and key facts, and links the Atom feed of the
postings that :mod:`hdhkb.ext.postings_feed` writes. The list is filled in when
the page is written, from what the postings recorded here when they were read
(their translated titles included), so it is never kept by hand.

The date matters only when pages are written, so it is no environment
setting: a build on a new day re-reads nothing, and at ``env-updated`` the
posting pages whose status changed, and the list pages whose rows changed,
are rewritten (:func:`rewrite_on_new_status`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.errors import ConfigError
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import hdhkb
from hdhkb.ext import alternatives
from hdhkb.ext.facts import Fact, facts_path, format_fact, get_facts

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
#: Interface strings (French in hdhkb/locale/fr/LC_MESSAGES/sphinx.po; make theme-strings).
_ = get_translation("sphinx")

STATUSES = ("open", "closing-soon", "closed")
STATIC = hdhkb.PACKAGE / "static"
BANNER_CLASS = "hdhkb-posting-status"
LIST_CLASS = "hdhkb-postings"

#: Directive option -> fact types it accepts.
FACT_OPTIONS: dict[str, tuple[str, ...]] = {
    "date-posted": ("date",),
    "deadline": ("date",),
    "start": ("date", "month", "year"),
    "duration": ("duration",),
    "salary": ("money",),
    "location": ("text",),
    "address": ("address",),
    "contact": ("email",),
    "team": ("text",),
    "organisation-url": ("url",),
}
#: schema.org ``employmentType`` values that Google reads.
EMPLOYMENT_TYPES = ("FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER",
                    "PER_DIEM", "OTHER")
#: ``baseSalary`` periods (schema.org ``unitText`` as Google reads it).
SALARY_PERIODS = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")


def employment_label(value: str) -> str:
    """The employment type as the list says it, in the build's language.

    (Called when pages are written: ``_()`` at import time would freeze English.)
    """
    return str({
        "FULL_TIME": _("Full time"),
        "PART_TIME": _("Part time"),
        "CONTRACTOR": _("Contractor"),
        "TEMPORARY": _("Fixed-term contract"),
        "INTERN": _("Internship"),
        "VOLUNTEER": _("Volunteer"),
        "PER_DIEM": _("Per diem"),
        "OTHER": _("Other"),
    }[value])


def pay_text(amount: str, period: str) -> str:
    """"€800 a month", in the build's language."""
    return str({
        "HOUR": _("{amount} an hour"),
        "DAY": _("{amount} a day"),
        "WEEK": _("{amount} a week"),
        "MONTH": _("{amount} a month"),
        "YEAR": _("{amount} a year"),
    }[period]).format(amount=amount)


def status_label(current: str) -> str:
    """"Open", "Closing soon" or "Closed", in the build's language."""
    return str({"open": _("Open"), "closing-soon": _("Closing soon"),
                "closed": _("Closed")}[current])

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
    environment setting: a build on a new day re-reads nothing. A page whose
    status (or list of statuses) changed since the last build is rewritten
    (:func:`rewrite_on_new_status`).
    """
    if not config.hdhkb_today:
        config.hdhkb_today = dt.date.today().isoformat()
    today(config)  # fail early, before reading any page
    if str(STATIC) not in map(str, config.html_static_path):
        config.html_static_path = [*config.html_static_path, str(STATIC)]


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


@dataclass(frozen=True)
class Posting:
    """What a posting page declares in its ``posting-status`` directive, and its facts."""

    docname: str
    options: dict[str, str]
    facts: dict[str, Fact]

    def fact(self, option: str) -> Fact | None:
        return self.facts.get(option)

    @property
    def end(self) -> dt.date | None:
        """Day the posting stops accepting applications: the deadline, else the start."""
        for option in ("deadline", "start"):
            fact = self.fact(option)
            if fact is not None:
                return fact.date()
        return None

    @property
    def posted(self) -> dt.date | None:
        fact = self.fact("date-posted")
        return fact.date() if fact is not None else None

    @property
    def employment_type(self) -> str:
        return self.options.get("employment-type", "")

    @property
    def salary_period(self) -> str:
        return self.options.get("salary-period", "MONTH")


def postings(env: BuildEnvironment) -> dict[str, Posting]:
    """Every posting of the site by page, with its facts as they are now."""
    facts = get_facts(env)
    found = {}
    for docname, options in sorted(env.domains[PostingDomain.name].data["postings"].items()):
        if docname not in env.found_docs:
            continue
        named = {option: facts[name] for option, name in options.items()
                 if option in FACT_OPTIONS and name in facts}
        found[docname] = Posting(docname, options, named)
    return found


def status(env: BuildEnvironment, docname: str) -> str | None:
    """The posting's status on ``hdhkb_today`` (see :func:`status_on`)."""
    posting = postings(env).get(docname)
    if posting is None:
        return None
    return status_on(today(env.config), posting.end, env.config.hdhkb_posting_closing_soon_days)


def ordered(env: BuildEnvironment) -> list[tuple[Posting, str | None]]:
    """Postings as the list shows them: open, closing soon, then closed.

    Open ones by deadline (soonest first), closed ones by deadline, latest
    first; the page name breaks ties, so the order never depends on the build.
    """
    now, days = today(env.config), env.config.hdhkb_posting_closing_soon_days
    rows = [(posting, status_on(now, posting.end, days)) for posting in postings(env).values()]
    rank = {name: number for number, name in enumerate(STATUSES)}

    def key(row: tuple[Posting, str | None]) -> tuple[int, int, str]:
        posting, current = row
        day = (posting.end or dt.date.min).toordinal()
        return (rank.get(current or "closed", 2), -day if current == "closed" else day,
                posting.docname)

    return sorted(rows, key=key)


class PostingDomain(Domain):
    """Per-page state kept with the environment: each posting's options, the pages that
    show a status or a list, and what each was last written with."""

    name = "hdhkb-posting"
    label = "hdhkb posting"
    #: postings: docname -> directive options; pages: docname -> status last written;
    #: lists: docname -> rows last written (see :func:`rewrite_on_new_status`).
    initial_data: ClassVar[dict[str, Any]] = {"postings": {}, "pages": {}, "lists": {}}

    def clear_doc(self, docname: str) -> None:
        for key in ("postings", "pages", "lists"):
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("postings", "pages", "lists"):
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: addnodes.pending_xref, contnode: nodes.Element,
                         ) -> list[tuple[str, nodes.reference]]:
        return []  # no cross-reference targets: MyST asks every domain


def list_state(env: BuildEnvironment) -> str:
    """What a posting list shows: changes when a posting, its title or its status does."""
    return repr([(posting.docname, str(env.titles.get(posting.docname, "")), current,
                  sorted(posting.options.items()), sorted((k, f.value) for k, f in
                                                          posting.facts.items()))
                 for posting, current in ordered(env)])


def rewrite_on_new_status(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the posting and list pages whose status changed since they were written."""
    data = env.domains[PostingDomain.name].data
    changed = []
    for docname, shown in data["pages"].items():
        current = status(env, docname)
        if shown != current:
            changed.append(docname)
        data["pages"][docname] = current
    rows = list_state(env) if data["lists"] else ""
    for docname, shown in data["lists"].items():
        if shown != rows:
            changed.append(docname)
        data["lists"][docname] = rows
    return sorted(set(changed))


class PostingStatus(SphinxDirective):
    """The banner's three sentences, and the posting's facts as options."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        **dict.fromkeys(FACT_OPTIONS, directives.unchanged_required),
        "employment-type": directives.unchanged_required,
        "salary-period": directives.unchanged_required,
        "description": directives.unchanged_required,
    }

    def option_location(self, option: str) -> str:
        """``file:line`` of *option* in the directive (where the editor fixes it)."""
        for offset, line in enumerate(self.block_text.splitlines()):
            if line.strip().startswith(f":{option}:"):
                source, number = self.get_source_info()
                return f"{source}:{number + offset}"
        return self.get_location()

    def warn(self, message: str, *args: Any, option: str | None = None) -> None:
        location = self.option_location(option) if option else self.get_location()
        logger.warning(message, *args, type="hdhkb", subtype="posting", location=location)

    def check_options(self) -> dict[str, str]:
        """The options that name existing facts of the right type, and valid choices."""
        facts = get_facts(self.env)
        kept: dict[str, str] = {}
        for option, value in self.options.items():
            value = value.strip()
            if option in FACT_OPTIONS:
                fact = facts.get(value)
                if fact is None:
                    self.warn("posting-status :%s: names no fact %r (facts live in %s)", option,
                              value, self.config.hdhkb_facts_file, option=option)
                    continue
                if fact.type not in FACT_OPTIONS[option]:
                    self.warn("posting-status :%s: fact %r is a %s, not a %s", option, value,
                              fact.type, " or ".join(FACT_OPTIONS[option]), option=option)
                    continue
            elif option == "employment-type" and value not in EMPLOYMENT_TYPES:
                self.warn("posting-status :employment-type: must be one of %s, not %r",
                          ", ".join(EMPLOYMENT_TYPES), value, option=option)
                continue
            elif option == "salary-period" and value not in SALARY_PERIODS:
                self.warn("posting-status :salary-period: must be one of %s, not %r",
                          ", ".join(SALARY_PERIODS), value, option=option)
                continue
            kept[option] = value
        if "deadline" not in kept and "start" not in kept:
            self.warn("posting-status needs a :deadline: or a :start: fact: without one the "
                      "posting has no status")
        return kept

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(facts_path(self.env)))
        data = self.env.domains[PostingDomain.name].data
        docname = self.env.current_document.docname
        if docname in data["postings"]:
            self.warn("a page holds one posting: a second posting-status is not allowed")
            return []
        data["postings"][docname] = self.check_options()
        # Written with today's status (set again in env-updated, once all is read).
        data["pages"][docname] = None
        container, ok = alternatives.parse(self, BANNER_CLASS, STATUSES)
        if not ok:
            self.warn("posting-status needs exactly %d paragraphs (%s), found %d blocks",
                      len(STATUSES), ", ".join(STATUSES), len(container.children))
            return []
        return [container]


class SelectStatus(SphinxPostTransform):
    """Keep the banner paragraph of the current status (HTML builders only)."""

    default_priority = 200
    builders = ("html", "dirhtml", "singlehtml")

    def run(self, **kwargs: Any) -> None:
        # No status: no banner (the directive already said why: no deadline or start).
        alternatives.keep(self.document, BANNER_CLASS,
                          status(self.env, self.env.current_document.docname))


class postings_list(nodes.General, nodes.Element):  # noqa: N801 (docutils' node naming)
    """Where a ``posting-list`` directive stands; filled in when the page is written."""


class PostingList(SphinxDirective):
    """Every posting of the site, with its status and key facts (filled in at write time)."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(facts_path(self.env)))
        data = self.env.domains[PostingDomain.name].data
        data["lists"][self.env.current_document.docname] = None
        node = postings_list()
        self.set_source_info(node)
        return [node]


def _skip(translator: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def feed_uri(config: Config, docname: str) -> str:
    """The feed's address relative to page *docname* (the feed is at the language's root)."""
    return "../" * docname.count("/") + config.hdhkb_postings_feed


def _fact_text(fact: Fact, language: str) -> str:
    return format_fact(fact, language)


def key_facts(posting: Posting, language: str) -> list[tuple[str, str]]:
    """(label, value) pairs the list shows for a posting, in the reader's language."""
    rows: list[tuple[str, str]] = []
    if posting.employment_type:
        rows.append((_("Contract"), employment_label(posting.employment_type)))
    labels = (("team", _("Team")), ("location", _("Location")), ("start", _("Start")),
              ("duration", _("Duration")))
    rows += [(str(label), _fact_text(posting.facts[option], language))
             for option, label in labels if option in posting.facts]
    salary = posting.fact("salary")
    if salary is not None:
        amount = _fact_text(salary, language)
        rows.append((str(_("Pay")), pay_text(amount, posting.salary_period)))
    if posting.fact("deadline") is not None:
        rows.append((str(_("Apply before")), _fact_text(posting.facts["deadline"], language)))
    if posting.fact("date-posted") is not None:
        rows.append((str(_("Posted on")), _fact_text(posting.facts["date-posted"], language)))
    return [(str(label), value) for label, value in rows]


class FillPostingList(SphinxPostTransform):
    """Replace each ``posting-list`` with the postings as they are on ``hdhkb_today``.

    Before Sphinx resolves references (priority 10), so that the links to the
    postings are ordinary ``doc`` references, made relative by Sphinx itself.
    """

    default_priority = 5
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        here = self.env.current_document.docname
        language = self.config.language or "en"
        for placeholder in list(self.document.findall(postings_list)):
            placeholder.replace_self([self.rows(here, language), self.feed_link(here)])

    def rows(self, here: str, language: str) -> nodes.Element:
        found = ordered(self.env)
        if not found:
            return nodes.paragraph("", str(_("There are no postings yet.")))
        items = nodes.bullet_list(classes=[LIST_CLASS])
        for posting, current in found:
            title = self.env.titles.get(posting.docname)
            link = addnodes.pending_xref(
                "", nodes.inline("", title.astext() if title else posting.docname),
                refdomain="std", reftype="doc", reftarget=f"/{posting.docname}",
                refexplicit=True, refwarn=True, refdoc=here)
            state = current or "closed"
            badge = nodes.inline("", status_label(state),
                                 classes=[f"{LIST_CLASS}-status", f"{LIST_CLASS}-{state}"])
            heading = nodes.paragraph("", "", nodes.strong("", "", link), nodes.Text(" "), badge,
                                      classes=[f"{LIST_CLASS}-title"])
            facts = nodes.definition_list(classes=[f"{LIST_CLASS}-facts"])
            for label, value in key_facts(posting, language):
                facts += nodes.definition_list_item(
                    "", nodes.term("", label), nodes.definition("", nodes.paragraph("", value)))
            item = nodes.list_item("", heading, classes=[f"{LIST_CLASS}-item"])
            if facts.children:
                item += facts
            items += item
        return items

    def feed_link(self, here: str) -> nodes.Element:
        link = nodes.reference("", str(_("Atom feed of the postings")),
                               refuri=feed_uri(self.config, here), internal=True,
                               classes=[f"{LIST_CLASS}-feed"])
        return nodes.paragraph("", str(_("Follow new postings in a feed reader:")) + " ", link)


def feed_head_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: nodes.document | None) -> None:
    """``<link rel="alternate" type="application/atom+xml">`` in the head of list pages."""
    if pagename not in app.env.domains[PostingDomain.name].data["lists"]:
        return
    href = escape(feed_uri(app.config, pagename), quote=True)
    title = escape(str(_("Atom feed of the postings")), quote=True)
    link = f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">\n'
    context["metatags"] = context.get("metatags", "") + link


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
    if fact.type == "year":
        return str(fact.value)
    return fact.date().isoformat()


def job_posting(config: Config, posting: Posting, title: str, doctree: nodes.document,
                url: str) -> dict[str, Any] | None:
    """The posting's schema.org ``JobPosting``, or None when a property Google requires
    (``datePosted``, ``jobLocation``) has no sourced fact: none is ever invented.

    Only schema.org vocabulary: title, description, datePosted, validThrough,
    employmentType, hiringOrganization (Organization: name, sameAs), jobLocation
    (Place > PostalAddress), baseSalary (MonetaryAmount > QuantitativeValue),
    jobStartDate, directApply, url.
    """
    posted, address_fact, end = posting.fact("date-posted"), posting.fact("address"), posting.end
    if posted is None or address_fact is None or end is None:
        return None
    address = address_fact.value
    labels = posting.options.get("description", "").split()
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": title,
        "description": _section_text(doctree, labels),
        "datePosted": _iso(posted),
        "validThrough": end.isoformat(),
        "hiringOrganization": {"@type": "Organization",
                               "name": config.hdhkb_posting_organisation},
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
        "directApply": False,  # applications go by e-mail, not through this page
        "url": url,
    }
    if posting.employment_type:
        data["employmentType"] = posting.employment_type
    website = posting.fact("organisation-url")
    if website is not None:
        data["hiringOrganization"]["sameAs"] = website.value
    salary = posting.fact("salary")
    if salary is not None:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": salary.extra["currency"],
            "value": {"@type": "QuantitativeValue", "value": salary.value,
                      "unitText": posting.salary_period},
        }
    start = posting.fact("start")
    if start is not None:
        data["jobStartDate"] = _iso(start)
    return data


def add_json_ld(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> None:
    posting = postings(app.env).get(pagename)
    if posting is None or doctree is None:
        return
    if status(app.env, pagename) in {None, "closed"}:
        return  # expired: no JobPosting markup (docs/maintainers.md)
    url = app.builder.get_target_uri(pagename)
    base = app.config.html_baseurl or ""
    title_node = next(iter(doctree.findall(nodes.title)), None)
    title = title_node.astext() if title_node else app.config.project
    data = job_posting(app.config, posting, title, doctree, f"{base}{url}" if base else url)
    if data is None:
        return
    script = f'<script type="application/ld+json">\n{json_for_html(data)}\n</script>\n'
    context["metatags"] = context.get("metatags", "") + script


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("hdhkb.ext.facts")
    app.setup_extension("hdhkb.ext.interface_catalog")  # French of the list's words
    # Not "env": the date is used when pages are written (see set_today).
    app.add_config_value("hdhkb_today", "", "", types=(str, dt.date))
    app.add_config_value("hdhkb_posting_closing_soon_days", 14, "env", types=(int,))
    app.add_config_value("hdhkb_posting_organisation", "Health Data Hub", "env", types=(str,))
    app.add_config_value("hdhkb_postings_feed", "postings.atom", "html", types=(str,))
    app.connect("config-inited", set_today)
    app.add_domain(PostingDomain)
    app.connect("env-updated", rewrite_on_new_status)
    app.add_directive("posting-status", PostingStatus)
    app.add_directive("posting-list", PostingList)
    # Replaced in HTML builds (FillPostingList); other builders have nothing to show.
    skip = (_skip, None)
    app.add_node(postings_list, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_css_file("hdhkb-posting.css")
    app.add_post_transform(SelectStatus)
    app.add_post_transform(FillPostingList)
    app.connect("html-page-context", add_json_ld)
    app.connect("html-page-context", feed_head_link)
    return hdhkb.PARALLEL_SAFE
