"""hdhkb.ext.lastupdated: each page's date is its last commit, per language.

The mini project tests/roots/test-lastupdated is copied, made a git repository
and committed at chosen dates: the English page is dated by its .md, the French
page by the later of its .md and .po, never by the facts file; outside git no
page has a date. Then the real site (session ``site``) against its own history.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest

from hdhkb.ext.lastupdated import not_ending_in
from helpers import LANGUAGES, ROOT, soup

NB = "\u00a0"


def commit(repo: Path, when: str, *paths: str) -> None:
    """Commit *paths* (all files when none) with author and committer date *when* (UTC)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "add", *(paths or ["-A"])], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", when], cwd=repo, check=True, env=env)


def build(src: Path, language: str) -> Path:
    """Build *src* strictly (any warning fails), incrementally into src/_build/<language>."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=src, builddir=src / "_build" / language,
                        confoverrides={"language": language},
                        status=StringIO(), warning=StringIO(), warningiserror=True)
    try:
        app.build()
        assert not app.warning.getvalue(), app.warning.getvalue()
        return Path(app.outdir)
    finally:
        app.cleanup()


def footer(page: Path) -> str | None:
    """The footer's "last updated" sentence, or None."""
    match = re.search(r"(Last updated on|Mis à jour le) ([^<.]+)", page.read_text("utf-8"))
    return f"{match[1]} {match[2].strip()}" if match else None


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    src = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-lastupdated", src)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=src, check=True)
    (src / ".gitignore").write_text("_build/\n*.mo\n")
    commit(src, "2026-01-01T10:00:00Z")
    return src


def test_english_from_the_md_french_from_the_later_of_md_and_po(repo: Path):
    po = repo / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text().replace("L’équipe compte", "L’équipe réunit"))
    commit(repo, "2026-03-01T09:00:00Z")  # the French catalog only
    facts = repo / "_data" / "facts.toml"
    facts.write_text(facts.read_text().replace("value = 50", "value = 51"))
    commit(repo, "2026-04-01T09:00:00Z")  # a fact the home page shows: not its content
    (repo / "other.md").write_text("# Other\n\nAnother page, edited.\n")
    commit(repo, "2026-05-01T23:30:00Z")  # 1 May in UTC, 2 May in Paris
    en, fr = build(repo, "en"), build(repo, "fr")
    assert footer(en / "index.html") == f"Last updated on 1{NB}January 2026"
    assert footer(fr / "index.html") == f"Mis à jour le 1er{NB}mars 2026"  # the .po is later
    assert footer(en / "other.html") == f"Last updated on 2{NB}May 2026"  # in Paris
    assert footer(fr / "other.html") == f"Mis à jour le 2{NB}mai 2026"  # the .md is later
    meta = soup(fr / "index.html").find("meta", property="article:modified_time")
    assert meta["content"] == "2026-03-01T10:00:00+01:00"
    assert footer(en / "genindex.html") is None  # no source, no date (not the build date)


def test_a_commit_alone_redates_only_the_pages_it_touched(repo: Path):
    """Committing changes no file: the incremental build re-dates from git all the same,
    and rewrites only the page whose date moved (Sphinx adds the pages whose table of
    contents includes it: none here, the home page is the root)."""
    build(repo, "en")
    home = repo / "index.md"
    home.write_text(home.read_text().replace("The team", "Our team"))
    out = build(repo, "en")  # uncommitted: the last commit's date
    assert footer(out / "index.html") == f"Last updated on 1{NB}January 2026"
    other = (out / "other.html").stat().st_mtime_ns
    commit(repo, "2026-06-15T12:00:00Z")
    out = build(repo, "en")
    assert footer(out / "index.html") == f"Last updated on 15{NB}June 2026"
    assert (out / "other.html").stat().st_mtime_ns == other  # not rewritten


def test_outside_git_no_date_and_no_warning(tmp_path: Path):
    src = tmp_path / "copy"
    shutil.copytree(ROOT / "tests" / "roots" / "test-lastupdated", src)
    for language in LANGUAGES:
        out = build(src, language)  # strict: a git error would fail it
        assert footer(out / "index.html") is None
        assert "modified_time" not in (out / "index.html").read_text("utf-8")


def test_only_pages_and_catalogs_count():
    from sphinx.util.matching import Matcher

    excluded = Matcher(not_ending_in([".md", ".po"]))
    for path in ("index.md", "guide/page.md", "/abs/locale/fr/LC_MESSAGES/index.po"):
        assert not excluded(path), path
    for path in ("_data/facts.toml", "../locale/fr/LC_MESSAGES/index.mo", "img/a.png",
                 "x.rst", "notes.txt", "/abs/x.pot", "a.mdx", "b.pd", "c.xmd", "d.xpo"):
        assert excluded(path), path


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_site_footer_is_the_git_date(site: Path, language: str):
    """Every page of the real site: its .md's last commit (French: or its .po's, if later)."""
    def last_commit(path: str) -> str:
        out = subprocess.run(["git", "log", "-1", "-m", "--format=%at", "--", path], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
        return out

    import datetime as dt
    from zoneinfo import ZoneInfo

    checked = 0
    for source in sorted((ROOT / "source").glob("*.md")):
        page = source.stem
        stamps = [last_commit(f"source/{page}.md")]
        if language != "en" or page == "translation-status":  # the status page lists catalogs
            catalogs = ["locale/fr/LC_MESSAGES/*.po"] if page == "translation-status" else \
                [f"locale/fr/LC_MESSAGES/{page}.po"]
            stamps += [last_commit(path) for path in catalogs]
        stamps = [int(s) for s in stamps if s]
        if not stamps:
            continue  # not committed yet: no date
        day = dt.datetime.fromtimestamp(max(stamps), ZoneInfo("Europe/Paris")).date()
        time = soup(site / language / f"{page}.html").select_one(".last-updated time")
        assert time is not None and time["datetime"] == day.isoformat(), (language, page)
        text = time.get_text()
        assert not text.startswith("0") and NB in text, text
        if language == "fr" and day.day == 1:
            assert text.startswith(f"1er{NB}"), text
        checked += 1
    assert checked >= 6
