"""Gate ``parity``: the French page links to the same pages and anchors as the English one."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hdhkb.check.parity import target
from hdhkb.tools import check as runner
from helpers import ROOT


def check(capsys: pytest.CaptureFixture[str], root: Path, html: Path) -> tuple[int, str]:
    code = runner.main(["--only", "parity", "--root", str(root), "--html", str(html)])
    return code, capsys.readouterr().out


def test_parity_passes_on_the_built_site(site: Path, capsys):
    code, out = check(capsys, ROOT, site)
    assert (code, out) == (0, "")


def test_anchor_only_difference_fails_naming_page_and_link(site: Path, tmp_path: Path, capsys):
    html = tmp_path / "html"
    shutil.copytree(site, html)
    page = html / "fr" / "index.html"
    document = BeautifulSoup(page.read_text(), "html.parser")
    link = next(a for a in document.select("article[role=main] a.reference.internal[href]")
                if "#" in a["href"])
    original = link["href"]
    link["href"] = original.split("#")[0] + "#somewhere-else"
    page.write_text(str(document))
    line = next(n for n, text in enumerate(page.read_text().splitlines(), 1)
                if "#somewhere-else" in text)
    code, out = check(capsys, ROOT, html)
    assert code == 1
    assert re.search(rf"^{re.escape(str(page))}:{line}: \[parity\] page "
                     rf"index\.html: link to '{re.escape(original)}' appears 1× in English but "
                     r"0× in French — make the French message link to the same page and label",
                     out, re.M), out
    assert f"link to '{original.split('#')[0]}#somewhere-else' appears 0× in English but 1×" in out


def test_missing_french_page_fails(site: Path, tmp_path: Path, capsys):
    html = tmp_path / "html"
    shutil.copytree(site, html)
    (html / "fr" / "index.html").unlink()
    code, out = check(capsys, ROOT, html)
    assert code == 1
    assert f"{html / 'en' / 'index.html'}:1: [parity] page index.html has no fr version" in out


def test_unbuilt_site_cannot_run(tmp_path: Path, capsys):
    assert runner.main(["--only", "parity", "--root", str(ROOT), "--html", str(tmp_path)]) == 2
    assert "run `make html` first" in capsys.readouterr().err


def test_targets_are_language_neutral():
    base = "https://kb.example/"
    both = ("en", "fr")
    assert target("a/b.html", "../c.html#x", "fr", base, both) == "c.html#x"
    assert target("b.html", "#x", "en", base, both) == "b.html#x"
    assert target("b.html", "../fr/b.html", "en", base, both) == "../<other language>/b.html"
    assert target("b.html", "../en/b.html", "fr", base, both) == "../<other language>/b.html"
    assert target("b.html", "https://kb.example/fr/c.html", "fr", base, both) == "c.html"
    assert target("b.html", "https://kb.example/en/c.html", "en", base, both) == "c.html"
    assert target("b.html", "https://example.org/", "en", base, both) is None
    assert target("b.html", "mailto:a@b.fr", "en", base, both) is None


def build_both(root: Path, html: Path) -> str:
    """Build *root* (a copy of tests/roots/test-check-parity) in English and French; stderr."""
    errors = ""
    for language in ("en", "fr"):
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", f"language={language}",
             "-c", str(root), "-d", str(html.parent / "doctrees" / language),
             str(root / "source"), str(html / language)],
            capture_output=True, text=True, check=True)
        errors += result.stderr
    return errors


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "tests" / "roots" / "test-check-parity", tmp_path / "mini"))


def test_sphinx_copies_an_anchor_onto_the_other_link_and_the_gate_sees_it(mini: Path, capsys):
    # The French message is a faithful translation, links included; yet Sphinx's French
    # build gives "l'autre page" the anchor of "sa section", with no warning at all.
    html = mini.parent / "html"
    assert "WARNING" not in build_both(mini, html)
    code, out = check(capsys, mini, html)
    assert code == 1
    line = (mini / "locale/fr/LC_MESSAGES/index.po").read_text().splitlines().index(
        'msgid "See [the other page](other.md) and [its section](other.md#other-section)."') + 1
    assert (f"locale/fr/LC_MESSAGES/index.po:{line}: [parity] page index.html: link to "
            "'other.html' appears 2× in English but 1× in French") in out



def test_furniture_is_not_compared(tmp_path: Path, capsys):
    """¶ marks, reader banners, links to the other language and Sphinx's index differ freely."""
    html = tmp_path / "html"
    article = ('<article role="main">{}<p><a class="reference internal" href="b.html#x">x</a>'
               "</p></article>")
    pages = {
        "en": article.format('<a class="headerlink" href="#title">¶</a>'),
        "fr": article.format(
            '<div class="hdhkb-translation-banner"><a href="c.html">incomplet</a></div>'
            '<a class="headerlink" href="#titre">¶</a><a href="../en/a.html" hreflang="en">EN</a>'),
    }
    for language, body in pages.items():
        (html / language).mkdir(parents=True)
        (html / language / "a.html").write_text(f"<html><body>{body}</body></html>")
        (html / language / "genindex.html").write_text(
            f'<article role="main"><a href="#{language}">{language}</a></article>')
    assert check(capsys, ROOT, html) == (0, "")
    (html / "fr" / "a.html").write_text(pages["fr"].replace("b.html#x", "b.html#y"))
    code, out = check(capsys, ROOT, html)
    assert code == 1 and "link to 'b.html#x' appears 1× in English but 0× in French" in out
