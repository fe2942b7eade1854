"""``make new-posting NAME=slug TITLE="…"``: a job posting, its facts skeleton, in the postings.

A posting is a page whose ``posting-status`` directive names its facts
(``hdhkb.ext.posting``). By hand an editor would have to copy a posting, invent
fact names and wire them up; this command writes, in one go:

- ``source/postings/<slug>.md`` from ``hdhkb/new-posting.md``: its label
  ``(<slug>-page)=``, the banner's three sentences, the sections, and the
  directive naming the posting's facts ``<key>_…`` (``key`` = the slug with
  ``_`` for ``-``);
- those facts at the end of the facts file, from ``hdhkb/new-posting.toml``:
  date posted (today), deadline (in 30 days), start, duration, location and
  contact, each with a note saying what to check;
- its entry in the toctree of ``source/postings.md`` (the list of postings
  itself is generated from the postings).

Names and labels are checked as ``make new-page`` checks them
(:mod:`hdhkb.tools.new_page`). Nothing is written unless everything can be.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tomllib
from pathlib import Path
from string import Template

import hdhkb
from hdhkb.settings import SettingsError, load
from hdhkb.tools.new_page import NewPageError, check_free, check_name, toctree_insert

HELP = "create source/postings/<name>.md with its facts skeleton, listed (make new-posting)"

PAGE_TEMPLATE = hdhkb.PACKAGE / "new-posting.md"
FACTS_TEMPLATE = hdhkb.PACKAGE / "new-posting.toml"
#: The page that lists the postings and holds their toctree.
LIST_PAGE = "postings.md"
#: Days between the skeleton's date posted and its deadline.
DEADLINE_DAYS = 30


def facts_file(root: Path, source: Path) -> Path:
    """The facts file the build reads (``hdhkb_facts_file`` of conf.py, under source/)."""
    try:
        name = load(root).get("hdhkb_facts_file", "_data/facts.toml")
    except (OSError, SettingsError):  # no conf.py there: the default place
        name = "_data/facts.toml"
    return source / name


def new_posting(source: Path, slug: str, title: str, today: dt.date,
                facts: Path | None = None) -> tuple[Path, Path, Path]:
    """Write the posting page, its facts and its toctree entry; return the three paths."""
    title = check_name(slug, title)
    page = source / "postings" / f"{slug}.md"
    check_free(source, page, f"{slug}-page")
    key = slug.replace("-", "_")
    facts = facts or source / "_data" / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    taken = sorted(name for name in tomllib.loads(text) if name.startswith(f"{key}_"))
    if taken:
        raise NewPageError(f"{facts}: facts named {key}_… exist already ({', '.join(taken)}): "
                           "choose another NAME")
    listing = source / LIST_PAGE
    if not listing.is_file():
        raise NewPageError(f"{listing} does not exist: it lists the postings (docs/editors.md)")
    lines = listing.read_text(encoding="utf-8").splitlines()
    updated = toctree_insert(lines, f"postings/{slug}", listing, hidden=True)
    deadline = today + dt.timedelta(days=DEADLINE_DAYS)
    start = dt.date(deadline.year + deadline.month // 12, deadline.month % 12 + 1, 1)
    values = {
        "slug": slug, "key": key, "title": title.replace('"', "'"),
        "today": today.isoformat(), "deadline": deadline.isoformat(),
        "start": start.strftime("%Y-%m"), "employment_type": "FULL_TIME",
    }
    page_text = Template(PAGE_TEMPLATE.read_text(encoding="utf-8")).substitute(
        values, title=title)
    facts_text = Template(FACTS_TEMPLATE.read_text(encoding="utf-8")).substitute(values)
    tomllib.loads(text + facts_text)  # the skeleton must keep the file valid
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(page_text, encoding="utf-8")
    facts.write_text(re.sub(r"\n*\Z", "\n", text) + facts_text, encoding="utf-8")
    listing.write_text("\n".join(updated) + "\n", encoding="utf-8")
    return page, facts, listing


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hdhkb new-posting", description=__doc__)
    parser.add_argument("slug", help="file name without .md, e.g. data-engineer-2026")
    parser.add_argument("title", help='the posting\'s title, e.g. "Data engineer"')
    parser.add_argument("--source", type=Path, default=Path("source"))
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the skeleton's date posted (default: today)")
    args = parser.parse_args(argv)
    try:
        page, facts, listing = new_posting(args.source, args.slug, args.title, args.today,
                                           facts_file(args.source.parent, args.source))
    except NewPageError as error:
        sys.stderr.write(f"new-posting: {error}\n")
        return 1
    key = args.slug.replace("-", "_")
    sys.stdout.write(
        f"created {page} (label ({args.slug}-page)=), its facts {key}_… at the end of "
        f"{facts}, and listed it in {listing}.\n"
        "Next (docs/editors.md, \"Publish a job posting\"):\n"
        f"  1. check every {key}_… fact (deadline, start, duration, location, contact) and\n"
        "     the :employment-type: of the page; add :salary: and :address: facts if known\n"
        "     (Google shows the posting only with an address);\n"
        "  2. write the page, then run `make update-po` so that translators get its text in\n"
        f"     locale/fr/LC_MESSAGES/postings/{args.slug}.po (docs/translators.md);\n"
        "  3. `make html` once the translation is done: both languages are published.\n")
    return 0
