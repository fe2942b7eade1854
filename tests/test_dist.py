"""``make dist``: a complete static tree, swapped in only when everything passed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import polib
import pytest
import yaml

from hdhkb import publish
from hdhkb.tools import dist as hdist
from helpers import LANGUAGES, ROOT, VENV, make, soup


def _tree(root: Path, languages: tuple[str, ...] = LANGUAGES, text: str = "new") -> Path:
    for code in languages:
        (root / code).mkdir(parents=True)
        (root / code / "index.html").write_text(f"<p>{code} {text}</p>")
    (root / "index.html").write_text(f"<p>chooser {text}</p>")
    return root


@pytest.mark.slow
def test_a_release_swaps_in_whole_and_leaves_nothing_beside_it(mini_copy: Path):
    """(What a refused release leaves, byte for byte, is tests/test_publish_gates.py's.)"""
    project_copy = mini_copy
    public = project_copy / "public"
    make(project_copy, "dist", DISTDIR=str(public))
    html = project_copy / "_build" / "dist-build" / "html"
    # Everything `make html` writes at the root is published: chooser, robots.txt, sitemap…
    assert sorted(p.name for p in public.iterdir()) == sorted(p.name for p in html.iterdir())
    for code in LANGUAGES:
        assert (public / code / "index.html").is_file()
    assert not (project_copy / "public.new").exists()
    marker = public / "published-before.txt"
    marker.write_text("the tree the host serves")

    page = project_copy / "source" / "page.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\nDist-edit-swapped-in.\n", encoding="utf-8")
    # A release refuses what shows in English (tests/test_publish_gates.py): the new
    # paragraph is translated first.
    make(project_copy, "update-po")
    po_path = project_copy / "locale" / "fr" / "LC_MESSAGES" / "page.po"
    catalog = polib.pofile(str(po_path))
    catalog.find("Dist-edit-swapped-in.").msgstr = "Dist-edit-swapped-in."
    catalog.save(str(po_path))
    result = make(project_copy, "dist", DISTDIR=str(public))
    assert "swapped" in result.stdout
    assert not marker.exists(), "the new tree was not swapped in"
    for code in LANGUAGES:
        assert "Dist-edit-swapped-in" in (public / code / "page.html").read_text()
    assert not (project_copy / "public.new").exists()
    assert not (project_copy / "public.old").exists()


def test_incomplete_build_is_refused_and_the_tree_kept(tmp_path: Path):
    live = _tree(tmp_path / "dist", text="old")
    build = _tree(tmp_path / "build", languages=("en",))
    with pytest.raises(hdist.DistError, match="fr/index.html: missing"):
        hdist.dist(build, live, list(LANGUAGES))
    assert (live / "fr" / "index.html").read_text() == "<p>fr old</p>"
    assert not (tmp_path / "dist.new").exists()


@pytest.mark.parametrize("atomic", [True, False])
def test_swap_replaces_the_whole_tree(tmp_path: Path, monkeypatch, atomic: bool):
    if not atomic:  # a system without renameat2(RENAME_EXCHANGE)
        monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    live = _tree(tmp_path / "dist", text="old")
    (live / "en" / "removed-page.html").write_text("gone in the new build")
    build = _tree(tmp_path / "build")
    (build / "en" / ".buildinfo").write_text("sphinx bookkeeping")
    how = hdist.dist(build, live, list(LANGUAGES))
    assert how == ("swapped atomically" if atomic else "swapped with two renames")
    assert (live / "fr" / "index.html").read_text() == "<p>fr new</p>"
    assert not (live / "en" / "removed-page.html").exists()
    assert not (live / "en" / ".buildinfo").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "dist"]


def test_first_dist_is_renamed_into_place(tmp_path: Path):
    build = _tree(tmp_path / "build")
    assert hdist.dist(build, tmp_path / "out" / "dist", list(LANGUAGES)) == "renamed into place"
    assert (tmp_path / "out" / "dist" / "en" / "index.html").is_file()


@pytest.mark.slow
def test_read_the_docs_build_commands_publish_the_dist_tree(mini_copy: Path, tmp_path: Path):
    """Run .readthedocs.yaml's build commands as Read the Docs would, with its variables."""
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    output = tmp_path / "readthedocs-output"
    env = {**os.environ, "MAKEFLAGS": "", "READTHEDOCS": "True",
           "READTHEDOCS_CANONICAL_URL": "https://hdhkb.readthedocs.io/",
           "READTHEDOCS_VIRTUALENV_PATH": str(VENV), "READTHEDOCS_OUTPUT": str(output)}
    for command in config["build"]["jobs"]["build"]["html"]:
        done = subprocess.run(["bash", "-c", command], cwd=mini_copy, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    html = output / "html"
    for path in ("index.html", "404.html", "en/index.html", "fr/index.html", "fr/404.html"):
        assert (html / path).is_file(), path
    canonical = soup(html / "fr" / "index.html").select_one('link[rel="canonical"]')
    assert canonical["href"].startswith("https://hdhkb.readthedocs.io/fr/")
