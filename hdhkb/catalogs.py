"""Catalog statistics and hygiene, shared by ``make stats``, the status page, the gates,
``update-po`` and the translators' exports.

Counts come from the catalogs (polib), like potodo: a message is translated,
fuzzy (stale: its English changed since it was translated) or untranslated.
For each stale message the previous English (the ``#|`` line written by
``make update-po``) is compared word by word with the current English, so the
translator sees what the editor changed.

Hygiene: every catalog leaves ``update-po`` with a real header (no template
placeholders, which ``msgfmt -c`` warns about and Poedit or Weblate show) and
without the format flags tools guess from the text, so that GNU ``msgmerge``,
translate-toolkit and ``update-po`` agree on every byte.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import tempfile
import textwrap
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib
from babel import Locale
from babel.messages.plurals import get_plural

#: Catalogs in LC_MESSAGES that are not pages: Sphinx's own interface domain.
NOT_PAGES = frozenset({"sphinx"})

#: One diff chunk: ("equal" | "delete" | "insert", text).
Chunk = tuple[str, str]


@dataclass
class Stale:
    """A fuzzy message: current English, the English its translation was made from."""

    msgid: str
    previous: str | None
    line: int
    diff: list[Chunk] = field(default_factory=list)


@dataclass
class PageStats:
    page: str
    path: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    stale: list[Stale] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    def percent(self, count: int) -> float:
        """Share of the page's messages, 100 % for an empty catalog."""
        return round(100 * count / self.total, 1) if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.fuzzy == 0 and self.untranslated == 0


def word_diff(old: str, new: str) -> list[Chunk]:
    """Word-level difference, whitespace kept so that the chunks rejoin into the text."""
    before, after = re.findall(r"\S+\s*", old), re.findall(r"\S+\s*", new)
    chunks: list[Chunk] = []
    matcher = difflib.SequenceMatcher(a=[w.strip() for w in before],
                                      b=[w.strip() for w in after], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            chunks.append(("equal", "".join(after[j1:j2])))
            continue
        if op in {"delete", "replace"}:
            chunks.append(("delete", "".join(before[i1:i2])))
        if op in {"insert", "replace"}:
            chunks.append(("insert", "".join(after[j1:j2])))
    return chunks


def terminal_diff(chunks: list[Chunk]) -> str:
    """``[-old-]{+new+}`` markup (as ``git diff --word-diff=plain``)."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    out = []
    for op, text in chunks:
        word = text.rstrip()
        out.append(marks[op].format(word) + text[len(word):])
    return "".join(out).rstrip()


def page_stats(path: Path, page: str) -> PageStats:
    """Counts and stale messages of one catalog."""
    po = polib.pofile(str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    stats = PageStats(page=page, path=str(path))
    for entry in po:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            stats.fuzzy += 1
            previous = entry.previous_msgid or None
            stats.stale.append(Stale(
                msgid=entry.msgid, previous=previous, line=_msgid_line(lines, entry.linenum or 1),
                diff=word_diff(previous, entry.msgid) if previous else [],
            ))
        elif entry.translated():
            stats.translated += 1
        else:
            stats.untranslated += 1
    return stats


def _msgid_line(lines: list[str], start: int) -> int:
    """Line of ``msgid`` (polib's ``linenum`` is the entry's first comment line)."""
    for number in range(max(start - 1, 0), len(lines)):
        if lines[number].startswith("msgid "):
            return number + 1
    return start


def language_stats(locale_dir: Path, language: str) -> list[PageStats]:
    """One ``PageStats`` per catalog of a language, sorted by page."""
    messages = locale_dir / language / "LC_MESSAGES"
    return [page_stats(path, page) for page, path in page_catalogs(messages).items()]


def to_json(page: PageStats) -> dict:
    """A page's statistics as JSON data (:func:`from_json` reads them back)."""
    data = asdict(page)
    data["stale"] = [{**asdict(s), "diff": [list(chunk) for chunk in s.diff]} for s in page.stale]
    return data


def from_json(data: dict) -> PageStats:
    stale = [Stale(s["msgid"], s["previous"], s["line"], [(op, text) for op, text in s["diff"]])
             for s in data["stale"]]
    return PageStats(data["page"], data["path"], data["translated"], data["fuzzy"],
                     data["untranslated"], stale)


def page_catalogs(messages: Path) -> dict[str, Path]:
    """page name -> its catalog, for every page catalog in an LC_MESSAGES folder."""
    found = {path.relative_to(messages).with_suffix("").as_posix(): path
             for path in sorted(messages.rglob("*.po"))}
    return {page: path for page, path in found.items() if page not in NOT_PAGES}


def totals(pages: list[PageStats]) -> PageStats:
    total = PageStats(page="TOTAL", path="")
    for page in pages:
        total.translated += page.translated
        total.fuzzy += page.fuzzy
        total.untranslated += page.untranslated
    return total


#: Width used by GNU msgcat (and so by powrap) by default: our canonical layout.
WIDTH = 79


def canonical(text: str) -> bytes:
    """*text* (a catalog) in the canonical layout: GNU msgcat's, through powrap.

    Every tool of ours that writes a catalog writes these bytes, so that two
    tools never rewrap each other's output (the ``wrap`` gate checks it).
    """
    from powrap.powrap import fix_style

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.po"
        path.write_text(text, encoding="utf-8")
        if fix_style([str(path)], quiet=True):
            raise RuntimeError("msgcat could not wrap the catalog")
        return path.read_bytes()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace *path* in one step: an interrupted run leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.",
                                     delete=False) as tmp:
        tmp.write(data)
    try:
        shutil.copymode(path, tmp.name)
    except FileNotFoundError:
        os.chmod(tmp.name, 0o644)
    os.replace(tmp.name, path)
#: Flags that Babel (and xgettext) guess from a message's text: ``%27`` in a URL
#: looks like a printf directive, ``{term}`` like a brace format. Our messages
#: are MyST, never format strings; GNU msgmerge drops the guess (the .pot has no
#: such flag), Babel would put it back, and Weblate would run its format checks.
GUESSED_FLAGS = frozenset({"python-format", "python-brace-format"})

#: What the templates of Sphinx, Babel and xgettext leave in a header.
TEMPLATE_TITLE = "SOME DESCRIPTIVE TITLE."
TEMPLATE_AUTHOR = re.compile(r"^FIRST AUTHOR <EMAIL@ADDRESS>, (YEAR|\d{4})\.$")
PLACEHOLDERS = ("FULL NAME", "EMAIL@ADDRESS", "LL@li.org", "YEAR-MO-DA", "LANGUAGE <")
COPYRIGHT = re.compile(r"^Copyright \(C\) (?:\d{4}(?:-\d{4})?,? )?(?P<holder>.+)$")


def drop_guessed_flags(po: polib.POFile) -> None:
    """Remove the format flags guessed from the text (see :data:`GUESSED_FLAGS`)."""
    for entry in po:
        entry.flags = [flag for flag in entry.flags if flag not in GUESSED_FLAGS]


def normalise_header(po: polib.POFile) -> None:
    """Replace a template header's placeholders with the real values.

    The values come from the catalog itself: its language, the copyright
    holder Sphinx writes from ``conf.py``, its page (from its ``#:`` lines).
    Real values already there are kept as they are.
    """
    meta = po.metadata
    language = meta.get("Language", "")
    name = Locale.parse(language).english_name if language else ""
    lines = po.header.splitlines()
    holder = next((m["holder"] for m in map(COPYRIGHT.match, lines) if m), "")
    if lines and lines[0] == TEMPLATE_TITLE:
        page = _page_of(po)
        project = meta.get("Project-Id-Version", "").strip() or "this project"
        title = f"{name} translation of the {project}" + (f", page {page}." if page else ".")
        lines[:1] = textwrap.wrap(title, width=77)
    lines = [line for line in lines if not TEMPLATE_AUTHOR.match(line)]
    while lines and not lines[-1].strip():
        lines.pop()
    po.header = "\n".join(lines)

    def placeholder(key: str) -> bool:
        return not meta.get(key, "").strip() or any(p in meta[key] for p in PLACEHOLDERS)

    if placeholder("PO-Revision-Date") and not placeholder("POT-Creation-Date"):
        meta["PO-Revision-Date"] = meta["POT-Creation-Date"]
    if placeholder("Last-Translator") and holder:
        meta["Last-Translator"] = holder
    if placeholder("Language-Team") and name:
        meta["Language-Team"] = name
    if language and not meta.get("Plural-Forms"):
        meta["Plural-Forms"] = get_plural(language).plural_forms
    meta["Content-Type"] = "text/plain; charset=UTF-8"


def _page_of(po: polib.POFile) -> str:
    """The page a catalog translates: its messages' ``#: source/<page>.md`` lines."""
    found = Counter(
        "/".join(Path(path).with_suffix("").parts[1:])
        for entry in po for path, _line in entry.occurrences if path.endswith(".md")
    )
    return found.most_common(1)[0][0] if found else ""


_POT_DATE = re.compile(rb'^"POT-Creation-Date: (?P<date>[^"\\]*)\\n"$', re.MULTILINE)


def share_template_date(pot: Path, catalog: bytes) -> None:
    """Give *pot* the ``POT-Creation-Date`` that ``update-po`` kept in *catalog*.

    Sphinx stamps each .pot with the time of extraction, but ``update-po``
    keeps a catalog's date while its English is unchanged; GNU ``msgmerge``
    copies the .pot's date. With the same date in both, ``msgmerge --previous``
    against the .pot files ``update-po`` leaves behind changes no byte.
    """
    found = _POT_DATE.search(catalog)
    text = pot.read_bytes()
    if found and _POT_DATE.search(text):
        updated = _POT_DATE.sub(lambda _m: found.group(0), text, count=1)
        if updated != text:
            pot.write_bytes(updated)
