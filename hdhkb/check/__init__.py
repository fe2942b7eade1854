"""The quality gates: one module per gate, run by ``make check`` and by the publishing commands.

Every gate is a module with ``NAME``, ``NEEDS_HTML`` (it reads the built
site), a one-line ``HELP`` and ``run(project) -> Iterable[Problem]``. A gate
never edits anything: it reports each problem with the file and line a person
must open and what to do there, so that a failing CI log is self-explanatory.
This module holds what gates share: the project's paths, its configuration,
its catalogs and the English messages extracted from the current sources.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import polib

from hdhkb import settings

if TYPE_CHECKING:
    import lxml.html

#: Gate modules, in the order they run. Source gates first, then the ones that
#: read the built site (``NEEDS_HTML``). Adding a gate is one line here.
GATES: tuple[str, ...] = (
    "hdhkb.check.validity",
    "hdhkb.check.markup",
    "hdhkb.check.numbers",
    "hdhkb.check.rawhtml",
    "hdhkb.check.fences",
    "hdhkb.check.pagetext",
    "hdhkb.check.drift",
    "hdhkb.check.complete",
    "hdhkb.check.wrap",
    "hdhkb.check.terminology",
    "hdhkb.check.spelling",
    "hdhkb.check.consistency",
    "hdhkb.check.grammar",
    "hdhkb.check.parity",
    "hdhkb.check.thirdparty",
)


def gates() -> dict[str, ModuleType]:
    """Every gate module, by name, in running order."""
    modules = (importlib.import_module(name) for name in GATES)
    return {module.NAME: module for module in modules}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix: where, what, and how."""

    path: str
    line: int
    gate: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.gate}] {self.message} — {self.fix}"


@dataclass
class Project:
    """The project under check, and lazily computed inputs the gates share."""

    root: Path
    html: Path | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    #: Catalogs the ``validity`` gate refused: every other gate skips them (what
    #: a lenient parser reads of them would only add noise to the report).
    unreadable: set[Path] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        if self.html is None:
            self.html = self.root / "_build" / "html"

    # -- paths ---------------------------------------------------------------
    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @functools.cached_property
    def settings(self) -> settings.Settings:
        """conf.py, as every tool reads it."""
        return settings.load(self.root)

    @property
    def source_language(self) -> str:
        return self.settings.source_language

    @property
    def target(self) -> str:
        """The language the catalogs translate into."""
        targets = self.settings.targets
        if len(targets) != 1:
            raise CheckError(f"the gates check one translated language; conf.py declares "
                             f"{targets or 'none'} (hdhkb_languages)")
        return targets[0]

    @property
    def catalog_dir(self) -> Path:
        return self.locale / self.target / "LC_MESSAGES"

    def rel(self, path: str | os.PathLike[str]) -> str:
        """*path* relative to the project root when it is inside it (for messages)."""
        p = Path(path).resolve()
        try:
            return str(p.relative_to(self.root))
        except ValueError:
            return str(p)

    # -- configuration -------------------------------------------------------
    @property
    def config(self) -> dict[str, Any]:
        """conf.py's namespace (``hdhkb.settings``)."""
        return dict(self.settings.values)

    # -- catalogs ------------------------------------------------------------
    def po_files(self) -> list[Path]:
        """The page catalogs (one per page) that read exactly."""
        return sorted(p for p in self.catalog_dir.rglob("*.po") if p not in self.unreadable)

    def interface_catalogs(self) -> list[Path]:
        """The interface catalog (theme, templates, our code): not a page's, but
        readers see it, so the format gates check it too."""
        return sorted((self.root / "hdhkb" / "locale" / self.target / "LC_MESSAGES").glob("*.po"))

    def all_po_files(self) -> list[Path]:
        return self.po_files() + [p for p in self.interface_catalogs()
                                  if p not in self.unreadable]

    def docname(self, po_or_pot: Path, base: Path) -> str:
        return po_or_pot.relative_to(base).with_suffix("").as_posix()

    @property
    def myst_extensions(self) -> frozenset[str]:
        """The MyST syntax extensions the pages (and so the messages) use."""
        return frozenset(self.config.get("myst_enable_extensions") or ())

    def pages(self) -> list[Path]:
        """The source pages (what Sphinx reads: ``source/**/*.md``, no ``_*``)."""
        return sorted(p for p in self.source.rglob("*.md")
                      if not any(part.startswith("_") for part in p.relative_to(self.source).parts))

    def catalog(self, path: Path) -> polib.POFile:
        """A parsed catalog, cached (gates run in one process)."""
        key = f"po:{path}"
        if key not in self._cache:
            self._cache[key] = polib.pofile(str(path), wrapwidth=0)
        return self._cache[key]

    def catalogs(self) -> Iterator[tuple[Path, polib.POFile]]:
        for path in self.po_files():
            yield path, self.catalog(path)

    # -- the English messages of the current sources -------------------------
    def templates(self) -> dict[str, tuple[Path, polib.POFile]]:
        """docname -> (pot path, parsed .pot), extracted by Sphinx's gettext builder.

        Never a reused ``_build/gettext``: it may be older than the sources, which
        is exactly what the drift gate must not trust. The extraction (Sphinx in a
        subprocess, with the project's conf.py) is kept in a temporary folder
        named by a hash of everything it reads, so unchanged sources are
        extracted once.
        """
        if "pot" not in self._cache:
            base = self._extract()
            self._cache["pot"] = {
                self.docname(p, base): (p, polib.pofile(str(p), wrapwidth=0))
                for p in sorted(base.rglob("*.pot"))
            }
        return self._cache["pot"]

    def _inputs_key(self) -> str:
        import hashlib

        import sphinx

        digest = hashlib.sha256(f"{sys.version}|{sphinx.__version__}|{self.root}".encode())
        files = [self.root / "conf.py"]
        for folder in (self.source, self.root / "hdhkb"):
            files += sorted(p for p in folder.rglob("*") if p.is_file()
                            and "__pycache__" not in p.parts and p.suffix != ".mo")
        for path in files:
            digest.update(str(path.relative_to(self.root)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
        return digest.hexdigest()[:24]

    def _extract(self) -> Path:
        cache = Path(tempfile.gettempdir()) / "hdhkb-check" / self._inputs_key()
        if (cache / "gettext").is_dir():
            return cache / "gettext"
        cache.parent.mkdir(parents=True, exist_ok=True)
        out = Path(tempfile.mkdtemp(prefix="extract-", dir=cache.parent))
        cmd = [
            sys.executable, "-m", "sphinx", "-c", str(self.root), "-b", "gettext", "-q",
            "-E", "-d", str(out / "doctrees"), str(self.source), str(out / "gettext"),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root)
        if result.returncode != 0:
            raise CheckError(
                "extracting the English messages failed "
                f"({' '.join(cmd)}):\n{result.stdout}{result.stderr}"
            )
        shutil.rmtree(out / "doctrees", ignore_errors=True)
        with contextlib.suppress(OSError):  # a concurrent run may have won: as good
            out.rename(cache)  # atomic
        _prune(cache.parent)
        return cache / "gettext" if (cache / "gettext").is_dir() else out / "gettext"

    def source_location(self, pot: Path, entry: polib.POEntry) -> tuple[str, int]:
        """The source file and line of a message, from its ``#:`` comment."""
        for where, line in entry.occurrences:
            path = (pot.parent / where).resolve()
            return self.rel(path), int(line or 0)
        return self.rel(pot), entry.linenum or 0


#: Extractions kept (each a few hundred kB): tests make one per project copy.
KEEP_EXTRACTIONS = 32


def _prune(folder: Path) -> None:
    """Delete all but the newest finished extractions."""
    done = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("extract-")]
    for old in sorted(done, key=lambda p: p.stat().st_mtime, reverse=True)[KEEP_EXTRACTIONS:]:
        shutil.rmtree(old, ignore_errors=True)


class CheckError(Exception):
    """A gate could not run at all (missing tool, build failed): not a finding.

    *path* and *line*, when given, name the file a person must fix (a gate's
    own malformed input file, say).
    """

    def __init__(self, message: str, path: str | None = None, line: int = 1) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


def read_html(path: Path) -> lxml.html.HtmlElement:
    """A built page as libxml2's HTML parser reads it (UTF-8, as Sphinx writes every page).

    The gates that read every page after every build share it: Python's own parser
    (BeautifulSoup's ``html.parser``) took three to four times as long.
    """
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        return lxml.html.document_fromstring(path.read_bytes(), parser=parser)
    except lxml.etree.ParserError:  # nothing but blanks, a comment or a doctype
        return lxml.html.document_fromstring(b"<html></html>", parser=parser)


def msgid_line(path: Path, entry: polib.POEntry) -> int:
    """The line of ``msgid`` of *entry* (polib's ``linenum`` is its first comment line)."""
    lines = _lines(path)
    start = (entry.linenum or 1) - 1
    for number in range(start, min(start + 200, len(lines))):
        if lines[number].startswith(("msgid ", "#~ msgid ")):
            return number + 1
    return entry.linenum or 1


def msgstr_line(path: Path, entry: polib.POEntry) -> int:
    """The line of the ``msgstr`` of *entry*: where a translator fixes a translation."""
    lines = _lines(path)
    start = msgid_line(path, entry) - 1
    for number in range(start, min(start + 400, len(lines))):
        if lines[number].startswith(("msgstr", "#~ msgstr")):
            return number + 1
    return start + 1


@functools.lru_cache(maxsize=256)
def _lines_cached(path: str, mtime: float) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8").splitlines())


def _lines(path: Path) -> tuple[str, ...]:
    return _lines_cached(str(path), path.stat().st_mtime)


def shorten(text: str, width: int = 60) -> str:
    """A message quoted in a report: one line, ellipsised."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


def translated(po: polib.POFile) -> Iterable[polib.POEntry]:
    """Entries that carry a live, finished French text."""
    return (e for e in po if not e.obsolete and e.msgstr and "fuzzy" not in e.flags)
