""""Edit this page" / "View this page": furo's source links, set from hdhkb_source_*."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.errors import ConfigError

from helpers import LANGUAGES, ROOT, make, pages, soup

REPO = "https://github.com/health-data-hub/kb"


@pytest.fixture(scope="module")
def rootdir():
    return ROOT / "tests" / "roots"


@pytest.mark.sphinx("html", testroot="editlinks", confoverrides={"hdhkb_source_repository": REPO})
def test_every_page_links_to_its_source_file(app):
    app.build()
    for page, source in (("index.html", "index.md"), ("guide/page.html", "guide/page.md")):
        html = soup(Path(app.outdir, page))
        edit = html.select_one(".edit-this-page a[rel~=edit]")
        view = html.select_one(".view-this-page a")
        assert edit is not None and view is not None, page
        assert edit["href"] == f"{REPO}/edit/main/source/{source}"
        assert view["href"] == f"{REPO}/blob/main/source/{source}?plain=true"


@pytest.mark.sphinx("html", testroot="editlinks", confoverrides={
    "hdhkb_source_repository": "https://gitlab.com/hdh/kb/", "hdhkb_source_branch": "draft",
    "hdhkb_source_directory": "docs/src/"})
def test_branch_directory_and_host_are_configurable(app):
    app.build()
    edit = soup(Path(app.outdir, "index.html")).select_one(".edit-this-page a")
    assert edit["href"] == "https://gitlab.com/hdh/kb/-/edit/draft/docs/src/index.md"


@pytest.mark.sphinx("html", testroot="editlinks")
def test_no_repository_means_no_link_at_all(app):
    app.build()
    html = soup(Path(app.outdir, "index.html"))
    assert not html.select(".edit-this-page, .view-this-page, a[rel~=edit]")
    assert "source_repository" not in app.config.html_theme_options


@pytest.mark.parametrize("address", ["https://git.example.org/hdh/kb", "https://github.com/hdh",
                                     "http://github.com/hdh/kb"])
def test_an_address_furo_cannot_use_is_refused(make_app, rootdir, tmp_path, address):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-editlinks", src)
    with pytest.raises(ConfigError, match="hdhkb_source_repository"):
        make_app("html", srcdir=src, confoverrides={"hdhkb_source_repository": address})


def test_the_site_as_configured_has_no_dangling_edit_link(site: Path):
    """conf.py leaves hdhkb_source_repository empty until the repository is public."""
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("conf_under_test", ROOT / "conf.py")
    conf = module_from_spec(spec)
    spec.loader.exec_module(conf)
    repository = getattr(conf, "hdhkb_source_repository", "")
    for language in LANGUAGES:
        for page in pages(site, language):
            links = soup(site / language / page).select(".edit-this-page a")
            if repository:
                assert links and links[0]["href"].startswith(repository), page
            else:
                assert not links, page


@pytest.mark.slow
def test_the_pipeline_links_in_both_languages_with_french_labels(mini_copy: Path):
    """Through make html (the four-page copy: the project's templates and catalogs)."""
    make(mini_copy, "html", SPHINXOPTS=f"-D hdhkb_source_repository={REPO}")
    html = mini_copy / "_build" / "html"
    for language in LANGUAGES:
        page = soup(html / language / "page.html")
        edit = page.select_one(".edit-this-page a[rel~=edit]")
        view = page.select_one(".view-this-page a")
        assert edit["href"] == f"{REPO}/edit/main/source/page.md"
        assert view["href"] == f"{REPO}/blob/main/source/page.md?plain=true"
        if language == "fr":
            assert edit["title"] == "Modifier cette page"
            assert view["title"] == "Voir cette page"
            assert edit.get_text(strip=True) == "Modifier cette page"
