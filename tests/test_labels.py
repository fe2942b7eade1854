"""hdhkb.ext.labels: a label named like a page is refused where it is defined."""

from __future__ import annotations

import pytest

from helpers import ROOT


@pytest.fixture(scope="module")
def rootdir():
    return ROOT / "tests" / "roots"


@pytest.mark.sphinx("html", testroot="labels")
def test_label_named_like_a_page_is_reported_at_its_line(app, warning):
    app.build()
    text = warning.getvalue()
    assert "europe.md:5: WARNING: label 'europe' has the name of the page 'europe'" in text
    assert "[hdhkb.label_clash]" in text
    assert "home-page" not in text


def test_the_real_site_follows_the_convention():
    for page in sorted((ROOT / "source").glob("*.md")):
        first = page.read_text(encoding="utf-8").splitlines()[0]
        assert first in {f"({page.stem}-page)=", "(home)="}, f"{page.name}: {first}"
