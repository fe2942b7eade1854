"""``python -m hdhkb theme-strings [--check]``: the interface strings of the templates.

furo (and sphinx-basic-ng, which it extends) ship no translations, and our
own templates add strings too. This tool extracts every ``_()`` and
``{% trans %}`` message from those templates (Jinja's Babel extractor, the
same msgids the templates look up at build time) and adds the missing ones,
untranslated, to ``hdhkb/locale/<lang>/LC_MESSAGES/sphinx.po``. With
``--check`` it changes nothing and fails, naming template:line, for every
message that neither our catalog nor Sphinx's own catalog translates.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib
from babel.messages.extract import extract_python
from jinja2.ext import babel_extract

import hdhkb
from hdhkb.catalogs import WIDTH, canonical, normalise_header, write_atomically
from hdhkb.check import validity
from hdhkb.ext.interface import TEMPLATES
from hdhkb.ext.interface_catalog import theme_catalog

HELP = "add the templates' new interface strings to hdhkb/locale (make theme-strings)"

#: Our package: its Python modules may mark interface strings with ``_()`` too.
PACKAGE = hdhkb.PACKAGE
#: Gettext functions of the templates and modules.
KEYWORDS = ("_", "gettext", "ngettext")


def template_dirs() -> list[Path]:
    """Where the templates we render come from: ours, furo's, basic-ng's."""
    import furo
    import sphinx_basic_ng

    return [
        TEMPLATES,
        Path(furo.__file__).parent / "theme" / "furo",
        Path(sphinx_basic_ng.__file__).parent / "theme" / "basic-ng",
    ]


@dataclass
class Message:
    msgid: str
    places: list[str] = field(default_factory=list)


def extract(dirs: list[Path] | None = None) -> dict[str, Message]:
    """Every translatable message of the templates and of our Python code
    (``_()`` of ``sphinx.locale.get_translation("sphinx")``), with where it occurs."""
    messages: dict[str, Message] = {}
    sources: list[tuple[Path, str, Any]] = [
        (base, "*.html", babel_extract) for base in dirs or template_dirs()]
    if dirs is None:
        sources.append((PACKAGE, "*.py", extract_python))
    for base, pattern, extractor in sources:
        for path in sorted(base.rglob(pattern)):
            with path.open("rb") as handle:
                found = extractor(handle, KEYWORDS, [], {})
                for lineno, _func, message, _comments in found:
                    msgids = message if isinstance(message, tuple) else (message,)
                    for msgid in msgids:
                        if not msgid:
                            continue
                        entry = messages.setdefault(msgid, Message(msgid))
                        entry.places.append(f"{path}:{lineno}")
    return messages


def sphinx_translations(language: str) -> dict[str, str]:
    """Sphinx's own catalog for *language* (it is used first, ours completes it)."""
    import sphinx

    mo = Path(sphinx.__file__).parent / "locale" / language / "LC_MESSAGES" / "sphinx.mo"
    if not mo.is_file():
        return {}
    return {entry.msgid: entry.msgstr for entry in polib.mofile(str(mo)) if entry.msgstr}


def untranslated(language: str, messages: dict[str, Message]) -> list[Message]:
    """Messages a reader of *language* would see in English."""
    po_path = theme_catalog(language)
    ours = {}
    if po_path.is_file():
        ours = {
            e.msgid: e.msgstr for e in polib.pofile(str(po_path))
            if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
        }
    theirs = sphinx_translations(language)
    return [m for m in messages.values() if m.msgid not in ours and m.msgid not in theirs]


def update(language: str, messages: dict[str, Message]) -> int:
    """Add the missing messages to our catalog; return how many were added.

    Raises :class:`UnreadableCatalog` (and changes nothing) when the catalog
    cannot be read exactly; writes it canonically and atomically.
    """
    path = theme_catalog(language)
    if path.is_file():
        problems = validity.problems(path)
        if problems:
            raise UnreadableCatalog("\n".join(map(str, problems)))
    po = polib.pofile(str(path), wrapwidth=WIDTH) if path.is_file() else polib.POFile(
        wrapwidth=WIDTH)
    if not path.is_file():
        po.metadata = {
            "Project-Id-Version": "hdhkb interface",
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
        normalise_header(po)  # Language-Team, Plural-Forms
    known = {entry.msgid for entry in po}
    added = 0
    for message in untranslated(language, messages):
        if message.msgid not in known:
            po.append(polib.POEntry(msgid=message.msgid, msgstr=""))
            added += 1
    write_atomically(path, canonical(str(po) + "\n"))
    return added


class UnreadableCatalog(Exception):
    """The catalog cannot be read exactly: nothing was written."""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hdhkb theme-strings", description=__doc__)
    parser.add_argument("--language", default="fr")
    parser.add_argument(
        "--check", action="store_true", help="change nothing, fail if any is missing"
    )
    args = parser.parse_args(argv)
    messages = extract()
    if args.check:
        missing = untranslated(args.language, messages)
        for message in missing:
            sys.stderr.write(
                f"{message.places[0]}: {message.msgid!r} has no {args.language} translation "
                f"in {theme_catalog(args.language)}\n"
            )
        sys.stdout.write(f"{len(messages)} interface strings, {len(missing)} untranslated\n")
        return 1 if missing else 0
    try:
        added = update(args.language, messages)
    except UnreadableCatalog as error:
        sys.stderr.write(f"{error}\ntheme-strings: the catalog cannot be read exactly: "
                         "nothing was written\n")
        return 1
    sys.stdout.write(f"{theme_catalog(args.language)}: {added} new strings to translate\n")
    return 0
