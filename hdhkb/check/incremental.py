"""The gates on the publish path: the gate modules of ``make check``, on changed files only.

``make html``, ``make html-<lang>``, ``make serve`` and ``make dist`` (so Read
the Docs) refuse to publish what a gate refuses. They run the same modules as
``make check`` (their ``check_file``), file by file, and remember each
verdict in ``<builddir>/state/gates.json`` keyed by the file's bytes and the
gates' own code and inputs: a one-page edit re-checks one page. A file that
failed keeps failing until it is fixed (its verdict is remembered too).

- Before any build (:func:`inputs`): every page (``pagetext``, then
  ``fences`` on pages that read as UTF-8 text), every catalog
  (``validity`` first; the others only on catalogs that read exactly:
  ``markup``, ``numbers``, ``rawhtml``); for a release (``make dist``) also
  ``complete`` (no fuzzy or untranslated message, unless partial translations
  are allowed).
- After each language's build (:func:`built`): ``thirdparty`` on its tree.

``make check`` stays the full report (drift, wrap, terminology, spelling and
the site-wide gates run there, and in CI).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

from hdhkb.check import CheckError, Problem, Project

PAGE_GATES = ("pagetext", "fences")
CATALOG_GATES = ("markup", "numbers", "rawhtml")
RELEASE_GATES = ("complete",)
BUILT_GATES = ("thirdparty",)
CHECK_CODE = Path(__file__).parent


class Verdicts:
    """Remembered gate verdicts, by gate and file, keyed by what they depend on."""

    def __init__(self, path: Path, project: Project) -> None:
        self.path = path
        self.project = project
        try:
            self.data: dict[str, dict] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}
        self._code = hashlib.sha256(b"".join(
            p.read_bytes() for p in sorted(CHECK_CODE.glob("*.py")))).hexdigest()
        self._settings = repr(sorted(
            (key, repr(value)) for key, value in project.config.items()
            if key.startswith(("hdhkb_", "myst_")))).encode()
        self.changed = False

    def _digest(self, gate: ModuleType, path: Path) -> str:
        digest = hashlib.sha256(self._code.encode() + self._settings + path.read_bytes())
        for extra in getattr(gate, "inputs", lambda _project: [])(self.project):
            digest.update(extra.read_bytes() if extra.is_file() else b"-")
        return digest.hexdigest()

    def check(self, name: str, path: Path,
              run: Callable[[], list[Problem]] | None = None) -> list[Problem]:
        """The gate's problems with *path*, from memory when nothing they depend on changed."""
        gate = importlib.import_module(f"hdhkb.check.{name}")  # only the gates it runs
        key, digest = f"{name}:{self.project.rel(path)}", self._digest(gate, path)
        known = self.data.get(key)
        if known and known["digest"] == digest:
            return [Problem(*fields) for fields in known["problems"]]
        try:
            problems = run() if run else gate.check_file(self.project, path)
        except CheckError as error:  # not remembered: the next run tries again
            return [Problem(error.path or self.project.rel(path), error.line, name,
                            f"the gate could not run: {error}",
                            "fix the file this names, or install what it says is missing")]
        self.data[key] = {"digest": digest,
                          "problems": [[p.path, p.line, p.gate, p.message, p.fix]
                                       for p in problems]}
        self.changed = True
        return problems

    def save(self) -> None:
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent,
                                         prefix=".gates.", delete=False) as tmp:
            json.dump(self.data, tmp, ensure_ascii=False, indent=0, sort_keys=True)
        os.replace(tmp.name, self.path)


def inputs(verdicts: Verdicts, *, release: bool) -> list[Problem]:
    """Problems with the pages and catalogs, before anything is built."""
    project = verdicts.project
    problems: list[Problem] = []
    for path in project.pages():
        for name in PAGE_GATES:
            found = verdicts.check(name, path)
            problems += found
            if found:
                break  # a page that is not text is not parsed
    readable = []
    for path in project.all_po_files():
        found = verdicts.check("validity", path)
        problems += found
        if not found:
            readable.append(path)
    page_catalogs = set(project.po_files())
    for path in readable:
        names = [*(CATALOG_GATES if path in page_catalogs else ()),
                 *(RELEASE_GATES if release else ())]
        for name in names:
            problems += verdicts.check(name, path)
    return sorted(set(problems))


def built(verdicts: Verdicts, tree: Path, files: Iterable[Path] | None = None) -> list[Problem]:
    """Problems with one language's built tree."""
    from hdhkb.check import thirdparty

    project = verdicts.project
    problems: list[Problem] = []
    for path in files if files is not None else thirdparty.built_files(tree):
        for name in BUILT_GATES:
            problems += verdicts.check(name, path, functools.partial(
                thirdparty.check_built, project, tree, path))
    return sorted(set(problems))
