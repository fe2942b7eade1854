"""hdhkb.ext.languages: settings derived once -D language=… is known."""

from __future__ import annotations

import pytest
from sphinx.errors import ConfigError

from helpers import ROOT


@pytest.fixture(scope="module")
def rootdir():
    return ROOT / "tests" / "roots"


@pytest.mark.sphinx("html", testroot="languages", confoverrides={"language": "fr"})
def test_french_settings_come_from_the_language(app):
    app.build()
    assert app.config.html_baseurl == "https://kb.example.org/site/fr/"
    assert app.config.html_title == "Base de connaissances"
    assert app.config.html_context["hdhkb_other_languages"] == ["en"]
    html = (app.outdir / "index.html").read_text()
    assert 'lang="fr"' in html
    assert "Base de connaissances" in html


@pytest.mark.sphinx("html", testroot="languages")
def test_english_is_the_default(app):
    assert app.config.html_baseurl == "https://kb.example.org/site/en/"
    assert app.config.html_context["hdhkb_other_languages"] == ["fr"]


def test_unknown_language_is_refused(make_app, rootdir, tmp_path):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-languages", src)
    with pytest.raises(ConfigError, match="'de' is not one of hdhkb_languages"):
        make_app("html", srcdir=src, confoverrides={"language": "de"})
