"""``python -m hdhkb review``: each page's English beside its translation, for reviewers.

One HTML page per catalog, into ``_build/review/<lang>/<page>.html``, with an
index: every message in reading order (the catalog's order, which is the
page's), the English beside the translation, and a status in words on each
row — translated, untranslated, or stale (fuzzy: the English changed since it
was translated), with, for a stale one, what changed in the English word by
word (the ``#|`` previous English against the current one, as ``make stats``
shows it) and the catalog line to edit.

Not published with the site (docs/translators.md, "Reviewing a translation"):
the pages are a working tool, they show catalog markup, and a public copy
would have to stay out of search engines, sitemaps and navigation for no
reader's benefit. They are self-contained (styles inline, no script, nothing
from another host), so they open offline from the file system, and they are
held to the site's accessibility bar (axe, WCAG 2.1 AA, light and dark).
"""

from __future__ import annotations

import argparse
import html
import sys
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale

from hdhkb import settings
from hdhkb.catalogs import Chunk, PageStats, Stale, page_catalogs, page_stats, totals

HELP = "side-by-side review pages (English | translation, stale diffs) into _build/review/"

STYLE = """
:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #ffffff; --muted: #4d4d4d;
  --line: #8c8c8c; --stale: #7a4a00; --stale-bg: #fff4dc; --missing: #9b1c1c;
  --missing-bg: #fde8e8; --ok: #1b5e20; --del: #9b1c1c; --ins: #1b5e20; --link: #0b57a4; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #ececec; --bg: #131416; --muted: #c4c4c4; --line: #6b6b6b; --stale: #ffd27a;
    --stale-bg: #3a2c0b; --missing: #ffb4b4; --missing-bg: #3d1414; --ok: #9be39f;
    --del: #ffb4b4; --ins: #9be39f; --link: #8ab8ff; }
}
body { font: 1rem/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg);
  margin: 0 auto; max-width: 90rem; padding: 1rem 1.5rem 3rem; }
a { color: var(--link); }
a:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .25rem .5rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
caption { text-align: left; font-weight: 600; padding: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .5rem .6rem; vertical-align: top;
  text-align: left; overflow-wrap: anywhere; }
th[scope=col].num { width: 3.5rem; } th[scope=col].status { width: 11rem; }
.text { white-space: pre-wrap; margin: 0; font: inherit; }
.where { color: var(--muted); font-size: .875rem; margin: .4rem 0 0; }
.status-stale { background: var(--stale-bg); } .status-stale .badge { color: var(--stale); }
.status-untranslated { background: var(--missing-bg); }
.status-untranslated .badge { color: var(--missing); }
.status-translated .badge { color: var(--ok); }
.badge { font-weight: 700; }
.change { margin: .6rem 0 0; padding: .4rem .5rem; border-left: 4px solid var(--stale); }
.change p { margin: 0; }
del { color: var(--del); text-decoration: line-through; }
ins { color: var(--ins); text-decoration: underline; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }
"""

STATUS = {
    "translated": "Translated",
    "untranslated": "Untranslated",
    "stale": "Stale: the English changed",
}


@dataclass
class Row:
    number: int
    entry: polib.POEntry
    status: str
    stale: Stale | None


def rows(path: Path, stats: PageStats) -> list[Row]:
    """Every current message of a catalog, in its order (the page's reading order)."""
    stale = {s.msgid: s for s in stats.stale}
    found: list[Row] = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.msgid:
            continue
        status = ("stale" if entry.fuzzy else
                  "translated" if entry.translated() else "untranslated")
        found.append(Row(len(found) + 1, entry, status, stale.get(entry.msgid)))
    return found


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def diff_html(chunks: list[Chunk]) -> str:
    """``<del>``/``<ins>`` words; the hidden words tell screen readers which is which."""
    out = []
    for op, words in chunks:
        core = words.rstrip()
        tail = esc(words[len(core):])
        if op == "equal":
            out.append(esc(words))
        elif op == "delete":
            out.append(f'<del><span class="visually-hidden">[removed: </span>{esc(core)}'
                       f'<span class="visually-hidden">]</span></del>{tail}')
        else:
            out.append(f'<ins><span class="visually-hidden">[added: </span>{esc(core)}'
                       f'<span class="visually-hidden">]</span></ins>{tail}')
    return "".join(out)


def document(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="robots" content="noindex">\n<title>{esc(title)}</title>\n'
            f"<style>{STYLE}</style>\n</head>\n<body>\n"
            f'<a class="skip" href="#main">Skip to the messages</a>\n{body}\n</body>\n</html>\n')


def counts(stats: PageStats) -> str:
    return (f"{stats.total} messages: {stats.translated} translated, {stats.fuzzy} stale, "
            f"{stats.untranslated} untranslated")


def page_html(page: str, path: Path, catalog: str, language: str, name: str) -> str:
    """The review page of one catalog."""
    stats = page_stats(path, page)
    found = rows(path, stats)
    todo = [row for row in found if row.status != "translated"]
    up = "../" * page.count("/")
    parts = [f'<header>\n<p><a href="{up}index.html">All pages</a></p>\n'
             f"<h1>Review of the page {esc(page)}: English and {esc(name)}</h1>\n"
             f"<p>{counts(stats)}. Catalog: <code>{esc(catalog)}</code>.</p>\n"]
    if todo:
        links = ", ".join(f'<a href="#m{row.number}">{row.number} ({STATUS[row.status]})</a>'
                          for row in todo)
        parts.append(f"<p>To review: {links}.</p>\n")
    else:
        parts.append("<p>Every message is translated and up to date.</p>\n")
    parts.append(
        '</header>\n<main id="main">\n<table>\n'
        f"<caption>Every message of the page {esc(page)}, in reading order</caption>\n"
        '<thead><tr><th scope="col" class="num">#</th><th scope="col">English (source)</th>'
        f'<th scope="col">{esc(name)} (translation)</th>'
        '<th scope="col" class="status">Status</th></tr></thead>\n<tbody>\n')
    for row in found:
        entry = row.entry
        where = ", ".join(f"{file}:{line}" if line else file for file, line in entry.occurrences)
        english = f'<pre class="text">{esc(entry.msgid)}</pre>'
        if where:
            english += f'<p class="where">{esc(where)}</p>'
        if row.status == "stale":
            english += '<div class="change"><p><strong>What changed in the English:</strong> '
            if row.stale and row.stale.diff:
                english += diff_html(row.stale.diff)
            else:
                english += "(the previous English is not recorded)"
            english += "</p></div>"
        if entry.msgstr:
            target = f'<pre class="text" lang="{esc(language)}">{esc(entry.msgstr)}</pre>'
            if row.status == "stale":
                target = ('<p class="where">Translated from the previous English:</p>'
                          + target)
        else:
            target = '<p class="where">(no translation yet)</p>'
        target += f'<p class="where">Edit: {esc(catalog)}:{entry.linenum}</p>'
        parts.append(
            f'<tr id="m{row.number}" class="status-{row.status}">'
            f'<th scope="row">{row.number}</th><td>{english}</td><td>{target}</td>'
            f'<td><span class="badge">{STATUS[row.status]}</span></td></tr>\n')
    parts.append("</tbody>\n</table>\n</main>")
    return document(f"Review: {page} ({language})", "".join(parts))


def index_html(language: str, name: str, pages: list[PageStats]) -> str:
    items = "".join(f'<li><a href="{esc(p.page)}.html">{esc(p.page)}</a>: {counts(p)}</li>\n'
                    for p in pages)
    body = (f"<header><h1>Review of the {esc(name)} translation</h1>\n"
            f"<p>All pages: {counts(totals(pages))}. Each page shows its English beside "
            f"the {esc(name)}, in reading order; stale messages show what changed in the "
            f'English (removed words struck through, added words underlined).</p></header>\n'
            f'<main id="main">\n<ul>\n{items}</ul>\n</main>')
    return document(f"Review of the translation ({language})", body)


def build(locale_dir: Path, language: str, out: Path, root: Path) -> list[Path]:
    """Write the review pages of one language; return the files written."""
    messages = locale_dir / language / "LC_MESSAGES"
    name = Locale.parse(language).english_name or language
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    written, pages = [], []
    for page, path in page_catalogs(messages).items():
        catalog = path.resolve()
        shown = catalog.relative_to(root) if catalog.is_relative_to(root) else catalog
        target = folder / f"{page}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_html(page, path, shown.as_posix(), language, name),
                          encoding="utf-8")
        written.append(target)
        pages.append(page_stats(path, page))
    index = folder / "index.html"
    index.write_text(index_html(language, name, pages), encoding="utf-8")
    return [index, *written]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hdhkb review", description=__doc__)
    parser.add_argument("languages", nargs="*", help="target languages (default: all of them)")
    parser.add_argument("--root", type=Path, default=Path("."), help="project root")
    parser.add_argument("--locale-dir", type=Path, default=Path("locale"))
    parser.add_argument("--out", type=Path, default=Path("_build/review"))
    args = parser.parse_args(argv)
    root = args.root.resolve()
    for language in args.languages or settings.load(root).targets:
        if not (args.locale_dir / language / "LC_MESSAGES").is_dir():
            sys.stderr.write(f"{args.locale_dir / language}: no LC_MESSAGES folder\n")
            return 1
        files = build(args.locale_dir, language, args.out, root)
        sys.stdout.write(f"Wrote {files[0]} and {len(files) - 1} review pages\n")
    return 0
