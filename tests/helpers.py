"""What tests share that is not a fixture: running make as a person would, reading pages.

(Test modules import this module, never each other or conftest.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
LANGUAGES = ("en", "fr")
#: Debian's Chromium, for the browser tests (Playwright drives it), and its flags:
#: no sandbox (CI runs as root), nothing that reaches for the network by itself.
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def make(cwd: Path, *targets: str, check: bool = True, timeout: float = 600, **variables: str):
    """Run ``make`` as a person would, with this test run's venv."""
    env = {**os.environ, "MAKEFLAGS": ""}
    args = ["make", "-C", str(cwd), *targets, f"VENV={VENV}"]
    args += [f"{key}={value}" for key, value in variables.items()]
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed ({result.returncode}):\n"
                    f"{result.stdout}\n{result.stderr}")
    return result


def pages(site: Path, language: str) -> list[str]:
    """Every HTML page of one language, as paths relative to its root."""
    tree = site / language
    return sorted(
        str(p.relative_to(tree)) for p in tree.rglob("*.html") if not p.name.startswith("_")
        and "_static" not in p.parts
    )


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def mini_project(dest: Path) -> Path:
    """A copy of the project (Makefile, package, settings) whose site is four tiny pages.

    For the tests that run the real pipeline many times over (bad inputs,
    incremental builds, interruptions): ``tests/roots/site-mini`` replaces
    ``source/`` and the page catalogs, and its ``conf-overrides.py`` is added to
    the project's own ``conf.py``.
    """
    from hdhkb.workspace import copy_project

    mini = ROOT / "tests" / "roots" / "site-mini"
    copy_project(dest)
    shutil.rmtree(dest / "source")
    shutil.copytree(mini / "source", dest / "source")
    catalogs = dest / "locale" / "fr" / "LC_MESSAGES"
    shutil.rmtree(catalogs)
    if (mini / "locale").is_dir():
        shutil.copytree(mini / "locale" / "fr" / "LC_MESSAGES", catalogs)
    conf = dest / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8")
                    + (mini / "conf-overrides.py").read_text(encoding="utf-8"), encoding="utf-8")
    return dest


def tree_bytes(root: Path, *folders: str, suffix: str = "") -> dict[str, bytes]:
    """Every file under *root* (or its *folders*) by relative path, with its bytes."""
    bases = [root / folder for folder in folders] if folders else [root]
    return {str(p.relative_to(root)): p.read_bytes() for base in bases if base.exists()
            for p in sorted(base.rglob(f"*{suffix}")) if p.is_file()}


def build(src: Path, language: str, strict: bool = True, **overrides):
    """Build *src* (a copy of a test root); return (outdir, warnings).

    With *strict* (``-W``), any warning fails the build: this raises.
    """
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=src, confoverrides={"language": language, **overrides},
                        status=StringIO(), warning=StringIO(), warningiserror=strict)
    try:
        app.build()
        warnings = app.warning.getvalue()
        if strict and (app.statuscode or warnings):
            raise BuildFailed(warnings)
        return Path(app.outdir), warnings
    finally:
        app.cleanup()


class BuildFailed(Exception):
    """A strict build ended with warnings (``sphinx-build -W`` exits non-zero)."""


def copy_root(tmp_path: Path, name: str = "test-facts") -> Path:
    src = tmp_path / name
    shutil.copytree(ROOT / "tests" / "roots" / name, src)
    return src


HARDCODED_FURO = [
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
    "Skip to content",
    "Back to top",
    "On this page",
    "Made with",
    "Copyright",
]


def english_interface_strings() -> set[str]:
    """Every interface string of the templates that French changes, plus furo's hard-coded ones."""
    import polib

    from hdhkb.tools import theme_strings

    french = theme_strings.sphinx_translations("fr")

    catalog = polib.pofile(str(ROOT / "hdhkb/locale/fr/LC_MESSAGES/sphinx.po"))
    ours = {e.msgid: e.msgstr for e in catalog}
    strings = set(HARDCODED_FURO)
    for msgid in theme_strings.extract():
        translated = ours.get(msgid) or french.get(msgid)
        if translated and translated != msgid and "%(" not in msgid and "<" not in msgid:
            strings.add(msgid.strip())
    return strings
