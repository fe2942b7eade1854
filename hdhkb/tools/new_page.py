"""``make new-page NAME=slug TITLE="…"``: a new page with its label, in the navigation.

Editors otherwise forget one of the three steps (the file, its ``(label)=``,
its toctree entry) and the strict build fails on the page "not included in any
toctree". The page is made from ``hdhkb/new-page.md``; its entry goes at the
end of the first visible toctree of ``source/index.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from string import Template

import hdhkb

HELP = "create source/<name>.md with its label, in the navigation (make new-page)"

TEMPLATE = hdhkb.PACKAGE / "new-page.md"
#: Lower-case words joined by hyphens: the file name, the URL and the label.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FENCE = re.compile(r"^(`{3,}|:{3,})\{toctree\}")


class NewPageError(Exception):
    """The page cannot be made; the message says why and what to do."""


def toctree_insert(lines: list[str], entry: str, index: Path, hidden: bool = False) -> list[str]:
    """*lines* with *entry* added at the end of the first toctree that is not hidden
    (or the first toctree at all, with *hidden*)."""
    at = 0
    while at < len(lines):
        start = FENCE.match(lines[at])
        if not start:
            at += 1
            continue
        fence = start.group(1)
        end = next((i for i in range(at + 1, len(lines)) if lines[i].strip() == fence), None)
        if end is None:
            raise NewPageError(f"{index}:{at + 1}: this toctree is never closed with {fence}")
        options = [line.strip() for line in lines[at + 1:end] if line.strip().startswith(":")]
        if hidden or ":hidden:" not in options:
            last = end
            while last > at + 1 and not lines[last - 1].strip():
                last -= 1  # keep blank lines before the closing fence where they are
            return [*lines[:last], entry, *lines[last:]]
        at = end + 1
    raise NewPageError(f"{index}: no {'' if hidden else 'visible '}toctree to add the page to")


def check_name(slug: str, title: str) -> str:
    """The title with its spaces normalised; raises if NAME or TITLE is unusable."""
    if not SLUG.fullmatch(slug):
        raise NewPageError(
            f"NAME={slug!r}: use lower-case letters, digits and hyphens, e.g. NAME=data-access "
            "(it becomes the file name, the address of the page and its label)")
    title = " ".join(title.split())
    if not title:
        raise NewPageError('TITLE is empty: give the page title, e.g. TITLE="Access to data"')
    return title


def check_free(source: Path, page: Path, label: str) -> None:
    """Raise if *page* exists or *label* is already used by a page of *source*."""
    if page.exists():
        raise NewPageError(f"{page} already exists: choose another NAME")
    for other in sorted(source.rglob("*.md")):
        for number, line in enumerate(other.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() == f"({label})=":
                raise NewPageError(f"{other}:{number}: the label ({label})= is taken: "
                                   "choose another NAME")


def new_page(source: Path, slug: str, title: str) -> tuple[Path, Path]:
    """Write ``source/<slug>.md`` and list it in ``source/index.md``; return both paths."""
    title = check_name(slug, title)
    page = source / f"{slug}.md"
    check_free(source, page, f"{slug}-page")
    index = source / "index.md"
    lines = index.read_text(encoding="utf-8").splitlines()
    updated = toctree_insert(lines, slug, index)
    text = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(slug=slug, title=title)
    page.write_text(text, encoding="utf-8")
    index.write_text("\n".join(updated) + "\n", encoding="utf-8")
    return page, index


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hdhkb new-page", description=__doc__)
    parser.add_argument("slug", help="file name without .md, e.g. data-access")
    parser.add_argument("title", help='page title, e.g. "Access to data"')
    parser.add_argument("--source", type=Path, default=Path("source"))
    args = parser.parse_args(argv)
    try:
        page, index = new_page(args.source, args.slug, args.title)
    except NewPageError as error:
        sys.stderr.write(f"new-page: {error}\n")
        return 1
    sys.stdout.write(
        f"created {page} (label ({args.slug}-page)=) and listed it in {index}.\n"
        "Next: write the page, then run `make update-po` so that translators get its\n"
        "text in locale/fr/LC_MESSAGES/" + f"{args.slug}.po (docs/translators.md).\n")
    return 0
