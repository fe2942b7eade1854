"""``make new-page``: a page with its label and navigation entry, that builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import LANGUAGES, make, soup


@pytest.mark.slow
def test_new_page_is_labelled_listed_and_builds_in_both_languages(mini_copy: Path):
    project_copy = mini_copy  # the four-page copy: the pipeline is the real one
    title = "Editors' \"access\" to  data"  # quotes pass through make and the shell
    result = make(project_copy, "new-page", NAME="data-access", TITLE=title)
    assert "make update-po" in result.stdout
    page = project_copy / "source" / "data-access.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["(data-access-page)=", "# Editors' \"access\" to data"]
    index = project_copy / "source" / "index.md"
    index.write_text(index.read_text(encoding="utf-8")
                     + "\nSee [the new page](#data-access-page) or [it](data-access.md).\n",
                     encoding="utf-8")
    make(project_copy, "html")
    for language in LANGUAGES:
        home = soup(project_copy / "_build" / "html" / language / "index.html")
        links = [a["href"] for a in home.select(".sidebar-tree a.reference.internal")]
        assert "data-access.html" in links, links
        built = soup(project_copy / "_build" / "html" / language / "data-access.html")
        heading = built.select_one("h1").get_text(strip=True)  # smart quotes per language
        assert heading.startswith("Editors") and "access" in heading and "to data" in heading
        assert built.select_one("#data-access-page")


def test_entry_goes_at_the_end_of_the_first_visible_toctree(tmp_path: Path):
    from hdhkb.tools.new_page import new_page

    source = tmp_path / "source"
    source.mkdir()
    (source / "index.md").write_text(
        "# Home\n\n```{toctree}\n:hidden:\n\nsecret\n```\n\n"
        "```{toctree}\n:maxdepth: 2\n\nfirst\nsecond\n\n```\n", encoding="utf-8")
    new_page(source, "third", "Third")
    assert (source / "index.md").read_text(encoding="utf-8") == (
        "# Home\n\n```{toctree}\n:hidden:\n\nsecret\n```\n\n"
        "```{toctree}\n:maxdepth: 2\n\nfirst\nsecond\nthird\n\n```\n")


@pytest.mark.parametrize(("name", "title", "message"), [
    ("posting", "Again", "already exists"),
    ("Data_Access", "Access", "lower-case letters"),
    ("../escape", "Access", "lower-case letters"),
    ("data-access", "", "usage: make new-page"),
])
def test_bad_or_taken_names_are_refused_and_nothing_changes(
        project_copy: Path, name: str, title: str, message: str):
    index = project_copy / "source" / "index.md"
    before = index.read_bytes()
    files = sorted((project_copy / "source").rglob("*"))
    result = make(project_copy, "new-page", check=False, NAME=name, TITLE=title)
    assert result.returncode != 0
    assert message in result.stderr
    assert index.read_bytes() == before
    assert sorted((project_copy / "source").rglob("*")) == files


def test_a_taken_label_is_refused(tmp_path: Path):
    from hdhkb.tools.new_page import NewPageError, new_page

    source = tmp_path / "source"
    source.mkdir()
    (source / "index.md").write_text("# Home\n\n```{toctree}\nother\n```\n", encoding="utf-8")
    (source / "other.md").write_text("# Other\n\n(budget-page)=\n## Budget\n", encoding="utf-8")
    with pytest.raises(NewPageError, match=r"other\.md:3: the label \(budget-page\)= is taken"):
        new_page(source, "budget", "Budget")
