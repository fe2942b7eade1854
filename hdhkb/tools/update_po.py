"""``python -m hdhkb update-po``: merge the .pot files into the catalogs, canonically.

``sphinx-intl update`` alone is not enough (measured with sphinx-intl 2.4 and
Babel 2.19, see docs/maintainers.md): it writes no ``#| msgid`` (previous
English) on fuzzy entries, Babel reads an existing ``#|`` line as a translator
comment and writes it back as ``# |``, a still-fuzzy entry loses its previous
text on the next run, a paragraph that comes back does not get its obsolete
translation back, and the output is neither wrapped like ``msgcat`` nor stable
(``POT-Creation-Date`` changes on every run). So this command does the same
merge with sphinx-intl's own catalog functions (Babel's ``Catalog.update``) and
then repairs those points, writes with ``include_previous=True`` and wraps the
result with powrap (GNU ``msgcat``, width 79): the canonical form that
``powrap --check`` accepts. A file is only rewritten when something other than
the creation date changed, so a re-run on unchanged sources changes no byte.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from pathlib import Path

import polib
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po
from sphinx_intl import catalog as intl

from hdhkb.catalogs import (
    WIDTH,
    canonical,
    drop_guessed_flags,
    normalise_header,
    page_catalogs,
    share_template_date,
    write_atomically,
)
from hdhkb.check import validity

HELP = "merge the English into the catalogs safely and canonically (make update-po)"

Key = str | tuple[str, str]


def _key(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return (msgid, message.context) if message.context is not None else msgid


def _previous_ids(path: Path) -> dict[Key, list[str]]:
    """``#|`` lines of a catalog, read with polib: Babel's reader does not know them.

    ``sphinx-intl update`` writes them back as translator comments, ``# | msgid
    "…"``: those are read as the previous English too, so a catalog that went
    through it gets its ``#|`` lines back.
    """
    found: dict[Key, list[str]] = {}
    for entry in polib.pofile(str(path), wrapwidth=WIDTH):
        if entry.obsolete:
            continue
        previous = ([entry.previous_msgid] if entry.previous_msgid else
                    _commented_previous(entry.tcomment))
        if previous:
            key: Key = (entry.msgid, entry.msgctxt) if entry.msgctxt is not None else entry.msgid
            found[key] = previous + (
                [entry.previous_msgid_plural] if entry.previous_msgid_plural else []
            )
    return found


#: A ``# | msgid "…"`` comment line of sphinx-intl, and its ``# | "…"`` continuations.
_COMMENTED = re.compile(r'^\|\s*(?:(?P<keyword>msgid|msgctxt|msgid_plural)\s+)?"(?P<text>.*)"$')


def _unwrap(comments: list[str]) -> tuple[list[str], list[str]]:
    """(``| …`` previous-English lines, the translator's own comments).

    Babel wraps comments like prose: a long ``| "… in the "`` line comes out
    as ``| "… in the`` and ``"``, the space at the break dropped. A line that
    does not start with ``|`` and follows an unclosed ``| "…`` line is put
    back after a single space (Babel's wrapper splits only at whitespace;
    a run of several spaces at the break would come back as one).
    """
    previous: list[str] = []
    own: list[str] = []
    unclosed = False  # the last line was a "| …" line whose string is not closed yet
    for raw in comments:
        line = raw.strip()
        if line.startswith("|"):
            previous.append(line)
        elif unclosed:
            previous[-1] += " " + line
        else:
            own.append(raw)
            continue
        unclosed = not _COMMENTED.match(previous[-1])
    return previous, own


def _commented_previous(comment: str) -> list[str]:
    """The previous msgid held in ``| msgid "…"`` translator comments (sphinx-intl's form)."""
    keyword: str | None = None
    parts: dict[str, list[str]] = {}
    for line in _unwrap(comment.splitlines())[0]:
        match = _COMMENTED.match(line)
        if not match:
            continue
        keyword = match["keyword"] or keyword
        if keyword:
            parts.setdefault(keyword, []).append(polib.unescape(match["text"]))
    return ["".join(parts["msgid"])] if parts.get("msgid") else []


def _drop_misread_previous(messages: list[Message]) -> None:
    """Babel turns ``#| msgid "…"`` into a translator comment ``| msgid "…"``."""
    for message in messages:
        message.user_comments = _unwrap(message.user_comments)[1]


def _relocate(template: Catalog, pot_dir: Path, root: Path) -> None:
    """Make ``#:`` locations relative to the project root, whatever BUILDDIR was."""
    for message in template:
        message.locations = [  # Babel writes line 0 as no line, and reads it back as None
            (os.path.relpath((pot_dir / path).resolve(), root).replace(os.sep, "/"),
             line or None)  # type: ignore[misc]  # Babel's stubs say int; it writes None as ""
            for path, line in message.locations
        ]


def _signature(catalog: Catalog) -> list[tuple]:
    """What the template contributes to a catalog (to tell whether it changed).

    Not the ``#:`` locations: GNU msgmerge copies the .pot's (relative to the
    .pot), and a message that only moved is still the same English.
    """
    return [(m.id, m.context, m.auto_comments) for m in catalog if m.id]


def _not_python_format(catalog: Catalog) -> None:
    """Our messages are MyST: drop Babel's ``python-brace-format`` guesses.

    Babel flags any msgid with ``{…}`` (a MyST role such as ``{fact}``) as a
    Python format string; msgfmt then rejects a msgstr that adds MyST
    attributes (``[Gateway]{.language-en}``).
    """
    for message in catalog:
        message.flags.discard("python-brace-format")


def merge(po_path: Path, template: Catalog, language: str) -> Catalog:
    """The updated catalog for ``po_path`` (which may not exist yet)."""
    if not po_path.exists():
        template.locale = language
        template.fuzzy = False
        _not_python_format(template)
        return template
    catalog = intl.load_po(str(po_path))
    before = {_key(m): m for m in catalog if m.id}
    previous = _previous_ids(po_path)
    _drop_misread_previous([*catalog, *catalog.obsolete.values()])
    same_template = _signature(catalog) == _signature(template)
    old_date = catalog.creation_date
    intl.update_with_fuzzy(catalog, template)
    for message in catalog:
        if not message.id:
            continue
        if "fuzzy" not in message.flags:
            message.previous_id = []
            continue
        if message.previous_id:  # fuzzy-matched just now, against an older entry
            old = before.get(message.previous_id[0])
            origin = _key(old) if old is not None else None
            # Already stale: its translation still matches the English it was made from.
            if origin in previous and old is not None and "fuzzy" in old.flags:
                message.previous_id = previous[origin]
        else:  # was already fuzzy: keep the English its translation was made from
            message.previous_id = previous.get(_key(message), [])
    _revive_obsolete(catalog)
    _not_python_format(catalog)
    catalog.fuzzy = False  # the header: catalogs made from a .pot inherit its "#, fuzzy"
    if same_template:
        catalog.creation_date = old_date
    return catalog


def _revive_obsolete(catalog: Catalog) -> None:
    """A paragraph that comes back gets its old translation back (msgmerge does too)."""
    for key in list(catalog.obsolete):
        msgid, context = key if isinstance(key, tuple) else (key, None)
        current = catalog.get(msgid, context)
        if current is None:
            continue
        old = catalog.obsolete.pop(key)
        if not current.string and old.string:
            current.string = old.string
            current.flags |= old.flags


def render(catalog: Catalog) -> bytes:
    """Canonical bytes: Babel's writer, ``#|`` lines by polib, then msgcat (powrap).

    Babel wraps a previous msgid like a comment, which breaks its quoting, so
    it writes without them and polib adds them.
    """
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH)
    po = polib.pofile(buffer.getvalue().decode(catalog.charset or "utf-8"), wrapwidth=WIDTH)
    for entry in po:
        if entry.obsolete or "fuzzy" not in entry.flags:
            continue
        message = catalog.get(entry.msgid, entry.msgctxt)
        if message is not None and message.previous_id:
            entry.previous_msgid = message.previous_id[0]
            if len(message.previous_id) > 1:
                entry.previous_msgid_plural = message.previous_id[1]
    drop_guessed_flags(po)
    normalise_header(po)
    return canonical(str(po) + "\n")


REFUSED = ("update-po: these catalogs cannot be read exactly, so none was changed: fix "
           "them first (nothing was written)\n")


def unreadable(locale_dir: Path, languages: list[str], root: Path) -> list[str]:
    """Every problem that stops a catalog from being read exactly (``hdhkb.check.validity``).

    A catalog Babel half-reads (an unterminated string, a bad escape, a
    duplicate, a wrong charset) would be written back without what it missed:
    the damage made permanent, and the evidence gone.
    """
    found = []
    for language in languages:
        for path in sorted((locale_dir / language / "LC_MESSAGES").rglob("*.po")):
            shown = os.path.relpath(path.resolve(), root)
            found += [str(problem) for problem in validity.problems(path, shown, for_merge=True)]
    return found


def update(pot_dir: Path, locale_dir: Path, languages: list[str], root: Path) -> int:
    """Update every catalog; report orphans. Returns the exit status."""
    problems = unreadable(locale_dir, languages, root)
    if problems:
        sys.stderr.write("\n".join(problems) + "\n" + REFUSED)
        return 1
    pots = {
        p.relative_to(pot_dir).with_suffix("").as_posix(): p for p in sorted(pot_dir.rglob("*.pot"))
    }
    if not pots:
        sys.stderr.write(f"{pot_dir}: no .pot files; run `make gettext` first\n")
        return 1
    status = 0
    for language in languages:
        messages_dir = locale_dir / language / "LC_MESSAGES"
        for domain, pot in pots.items():
            po_path = messages_dir / f"{domain}.po"
            template = intl.load_po(str(pot))
            _relocate(template, pot_dir, root)
            data = render(merge(po_path, template, language))
            share_template_date(pot, data)
            old = po_path.read_bytes() if po_path.exists() else None
            if data == old:
                continue
            write_atomically(po_path, data)
            sys.stdout.write(f"{'Updated' if old else 'Created'}: {po_path}\n")
        for domain, po_path in page_catalogs(messages_dir).items():
            if domain not in pots:
                status = 1
                count = len(polib.pofile(str(po_path)).translated_entries())
                sys.stderr.write(
                    f"{po_path}:1: error: orphan catalog: no page {domain!r} in the sources any "
                    f"more ({count} translated messages). If the page was renamed to NEW, "
                    f"git mv -f {po_path} {messages_dir}/NEW.po (it replaces the new, "
                    f"empty catalog) and run make update-po again; if it was deleted, "
                    f"git rm {po_path}.\n"
                )
    return status


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hdhkb update-po",
        description="Merge the .pot files into the catalogs (fuzzy with #| previous "
        "English, obsolete #~ kept) and wrap them canonically.",
    )
    parser.add_argument("languages", nargs="+", help="target languages, e.g. fr")
    parser.add_argument("--pot-dir", type=Path, default=Path("_build/gettext"))
    parser.add_argument("--locale-dir", type=Path, default=Path("locale"))
    parser.add_argument("--root", type=Path, default=Path("."), help="project root")
    parser.add_argument("--check", action="store_true",
                        help="only check that every catalog can be read exactly (make update-po "
                        "does, before extracting the English)")
    args = parser.parse_args(argv)
    if args.check:
        problems = unreadable(args.locale_dir, args.languages, args.root.resolve())
        if problems:
            sys.stderr.write("\n".join(problems) + "\n" + REFUSED)
        return 1 if problems else 0
    return update(args.pot_dir.resolve(), args.locale_dir, args.languages, args.root.resolve())
