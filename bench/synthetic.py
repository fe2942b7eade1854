"""Synthetic knowledge-base sites for the scaling benchmark.

Why: the real site has a handful of pages, but it must grow to a thousand per
language without the build time exploding. This module writes *N* pages shaped
like ours (a root page, section pages with nested toctrees, leaf pages with
headings, lists, tables and ``{ref}`` cross-links to explicit labels) under
``source/syn/``, together with a **complete** French catalog per page, written
with polib. Every translatable unit is generated once and used for both the
Markdown and the catalog, so the msgids match what ``sphinx-build -b gettext``
extracts (``tests/test_bench.py`` checks this).

Usage: ``python bench/synthetic.py DEST N [--standalone]`` writes into
``DEST/source`` and ``DEST/locale/fr/LC_MESSAGES``; ``bench/run.py`` runs it
on a copy of the project, so the pages are built by our real pipeline.
"""

from __future__ import annotations

import argparse
import math
import posixpath
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import polib

#: Plain words for filler text (no punctuation that French typography cares about).
WORDS_EN = [
    "health", "data", "platform", "research", "access", "security", "patient", "hospital",
    "study", "register", "analysis", "quality", "project", "network", "partner", "europe",
    "service", "team", "policy", "catalogue", "request", "review", "committee", "dataset",
    "standard", "national", "public", "secure", "storage", "process", "model", "report",
    "cohort", "evaluation",
]
WORDS_FR = [
    "santé", "données", "plateforme", "recherche", "accès", "sécurité", "patient",
    "hôpital", "étude", "registre", "analyse", "qualité", "projet", "réseau", "partenaire",
    "europe", "service", "équipe", "politique", "catalogue", "demande", "revue", "comité",
    "jeu", "norme", "national", "public", "sécurisé", "stockage", "processus", "modèle",
    "rapport", "cohorte", "évaluation",
]
assert len(WORDS_EN) == len(WORDS_FR)
#: Folder of the synthetic pages inside ``source/``.
PREFIX = "syn"


@dataclass
class Page:
    """One synthetic page: its docname, Markdown lines and (msgid, msgstr) pairs."""

    docname: str
    lines: list[str] = field(default_factory=list)
    messages: dict[str, str] = field(default_factory=dict)

    def unit(self, english: str, french: str) -> None:
        """Record one translatable unit (paragraph, item, cell, heading…)."""
        self.messages.setdefault(english, french)


def _sentence(rng: random.Random, n: int) -> tuple[str, str]:
    picks = [rng.randrange(len(WORDS_EN)) for _ in range(n)]
    en = " ".join(WORDS_EN[i] for i in picks)
    fr = " ".join(WORDS_FR[i] for i in picks)
    return en.capitalize(), fr.capitalize()


def layout(n: int) -> tuple[list[str], dict[str, list[str]]]:
    """Docnames of an *n*-page synthetic tree and the toctree of each page.

    ``syn/index`` lists sections ``syn/sNNN/index``, which list leaves
    ``syn/sNNN/pNNNN``: three levels, like a real knowledge base.
    """
    if n < 2:
        raise ValueError("a synthetic site needs at least 2 pages")
    sections = max(1, round(math.sqrt(n - 1) / 1.5))
    leaves = n - 1 - sections
    tree: dict[str, list[str]] = {f"{PREFIX}/index": []}
    names = [f"{PREFIX}/index"]
    for s in range(sections):
        share = leaves // sections + (1 if s < leaves % sections else 0)
        section = f"{PREFIX}/s{s:03d}/index"
        tree[f"{PREFIX}/index"].append(section)
        tree[section] = [f"{PREFIX}/s{s:03d}/p{p:04d}" for p in range(share)]
        names += [section, *tree[section]]
    return names, tree


def _label(docname: str) -> str:
    return docname.replace("/", "-")


def build_page(docname: str, number: int, all_docs: list[str], children: list[str]) -> Page:
    """Markdown and catalog of one page (deterministic in *number*)."""
    rng = random.Random(number)
    page = Page(docname)
    label = _label(docname)
    title_en, title_fr = f"Topic {number}", f"Sujet {number}"
    page.lines += [f"({label})=", f"# {title_en}", ""]
    page.unit(title_en, title_fr)

    def paragraph(words: int = 40, links: int = 1) -> None:
        en, fr = _sentence(rng, words)
        for _ in range(links):
            target = _label(rng.choice(all_docs))
            ref = f"{{ref}}`{target}`"
            en, fr = f"{en} see {ref} and", f"{fr} voir {ref} et"
        tail_en, tail_fr = _sentence(rng, 8)
        page.lines += [f"{en} {tail_en.lower()}.", ""]
        page.unit(f"{en} {tail_en.lower()}.", f"{fr} {tail_fr.lower()}.")

    paragraph(50, 2)
    for s, (head_en, head_fr) in enumerate(
        [("Overview", "Vue d’ensemble"), ("Details", "Détails"), ("Access", "Accès")], start=1
    ):
        heading_en, heading_fr = f"{head_en} of topic {number}", f"{head_fr} du sujet {number}"
        page.lines += [f"({label}-{s})=", f"## {heading_en}", ""]
        page.unit(heading_en, heading_fr)
        paragraph(40, 1)
        if s == 1:
            for _ in range(4):
                en, fr = _sentence(rng, 7)
                page.lines.append(f"- {en}")
                page.unit(en, fr)
            page.lines.append("")
        elif s == 2:
            header = [("Item", "Élément"), ("Owner", "Responsable"), ("Status", "Statut")]
            page.lines += ["| " + " | ".join(h for h, _ in header) + " |", "| --- | --- | --- |"]
            for h_en, h_fr in header:
                page.unit(h_en, h_fr)
            for _ in range(4):
                cells = [_sentence(rng, 3) for _ in header]
                page.lines.append("| " + " | ".join(en for en, _ in cells) + " |")
                for en, fr in cells:
                    page.unit(en, fr)
            page.lines.append("")
        else:
            sub_en, sub_fr = f"Notes on topic {number}", f"Notes sur le sujet {number}"
            page.lines += [f"### {sub_en}", ""]
            page.unit(sub_en, sub_fr)
            paragraph(30, 1)
    if children:
        caption_en, caption_fr = f"Pages of topic {number}", f"Pages du sujet {number}"
        page.lines += ["```{toctree}", f":caption: {caption_en}", ":maxdepth: 2", ""]
        page.lines += children
        page.lines += ["```", ""]
        page.unit(caption_en, caption_fr)
    return page


def catalog(page: Page) -> polib.POFile:
    """A complete French catalog for *page* (every msgid translated)."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "Health Data Hub knowledge base",
        "Language": "fr",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    for msgid, msgstr in page.messages.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    return po


def _relative(docname: str, target: str) -> str:
    """A toctree entry for *target* as written in *docname* (relative to its folder)."""
    return posixpath.relpath(target, posixpath.dirname(docname) or ".")


def write_page(source: Path, locale: Path, page: Page) -> None:
    md = source / f"{page.docname}.md"
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text("\n".join(page.lines), encoding="utf-8")
    po = locale / f"{page.docname}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    catalog(page).save(str(po))


def generate(dest: Path, n: int, *, standalone: bool = False) -> list[str]:
    """Write *n* pages under ``dest/source/syn`` with their French catalogs.

    Into a copy of the project (``standalone=False``), the home page
    ``source/index.md`` gets a hidden toctree to ``syn/index`` (a hidden toctree
    adds no message, so its catalog stays complete). ``standalone=True`` writes
    a home page of its own instead. Returns the synthetic docnames.
    """
    docs, tree = layout(n)
    source, locale = dest / "source", dest / "locale" / "fr" / "LC_MESSAGES"
    for number, docname in enumerate(docs, start=1):
        children = [_relative(docname, child) for child in tree.get(docname, [])]
        write_page(source, locale, build_page(docname, number, docs, children))
    entry = f"\n```{{toctree}}\n:hidden:\n\n{PREFIX}/index\n```\n"
    if standalone:
        home = Page("index")
        home.lines += ["(syn-home)=", "# Synthetic site", ""]
        home.unit("Synthetic site", "Site synthétique")
        home.lines.append(entry)
        write_page(source, locale, home)
    else:
        with (source / "index.md").open("a", encoding="utf-8") as index:
            index.write(entry)
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("pages", type=int)
    parser.add_argument("--standalone", action="store_true", help="write a home page too")
    args = parser.parse_args(argv)
    docs = generate(args.dest, args.pages, standalone=args.standalone)
    sys.stdout.write(f"wrote {len(docs)} pages and catalogs into {args.dest}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
